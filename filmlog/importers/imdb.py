"""IMDb's ratings.csv (and watchlist.csv), in each of the header formats IMDb has used.

The legacy quoted format ("position","const","created",…,"You rated"), the
13-column one (Const, Your Rating, Date Rated, …, Directors) and the 14-column
one that adds Original Title. Title types come in English and in the
language of the account: films, TV films, shorts and videos are imported;
series, episodes and games are counted and left out.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from filmlog.errors import BadValue
from filmlog.importers import values
from filmlog.importers.session import ImportSession
from filmlog.importers.sources import ImportRefused, Member, Row, members, read_rows
from filmlog.keys import fold
from filmlog.models import split_names
from filmlog.ratings import parse_rating

# Column keys of each format, mapped to one name.
COLUMNS = {
    "const": "const",
    "yourrating": "rating",
    "yourated": "rating",
    "daterated": "rated",
    "created": "created",
    "title": "title",
    "originaltitle": "original",
    "titletype": "type",
    "runtimemins": "runtime",
    "runtime": "runtime",
    "year": "year",
    "genres": "genres",
    "directors": "directors",
}

# Words in a title type, in the languages IMDb exports, that mark a series,
# an episode or a game rather than a film.
NOT_FILMS = ("series", "serie", "episode", "episodio", "folge", "game", "gioco", "jeu",
             "spiel", "podcast", "miniseries", "seriado")  # fmt: skip


def run(session: ImportSession, path: Path) -> None:
    found = [m for m in members(path) if m.name.lower().endswith(".csv")]
    if not found:
        raise ImportRefused(str(path), "no IMDb ratings.csv or watchlist.csv here")
    for member in found:
        read_file(session, member)


def _const(row: Row) -> object:
    return row.get("const") or tuple(sorted(row.values.items()))


def read_file(session: ImportSession, member: Member) -> None:
    watchlist = "watchlist" in member.name.lower()
    counted = "watchlist" if watchlist else "ratings"
    rows = read_rows(
        member,
        ("Const", "Title"),
        identity=_const,  # a title is in a ratings file once
        repeated=session.repeated(counted),
    )
    first = True
    for row in rows:
        mapped = {COLUMNS[k]: v.strip() for k, v in row.values.items() if k in COLUMNS}
        if first:
            if "rating" not in mapped and not watchlist:
                raise ImportRefused(
                    member.label, "no 'Your Rating' column; is it IMDb's ratings.csv?"
                )
            first = False
        imdb_id = mapped.get("const", "")
        if not (imdb_id.startswith("tt") and imdb_id[2:].isdigit()):
            raise ImportRefused(
                member.label, f"{imdb_id!r} is not an IMDb id like tt0109424", row.line
            )
        title_type = mapped.get("type", "")
        if not _is_film(title_type):
            session.summary.skipped_rows[f"{title_type or 'untyped'} (not a film)"] += 1
            session.tick()
            continue
        rating = mapped.get("rating", "")
        try:
            # IMDb's 1-10 are half stars: 9 is ★★★★½.
            half_stars = parse_rating(f"{rating}/10") if rating else None
        except BadValue:
            raise ImportRefused(
                member.label, f"the rating {rating!r} is not 1 to 10", row.line
            ) from None
        if not rating and not watchlist:
            # A list export's unrated rows: nothing of yours to keep about the film.
            session.summary.skipped_rows["without your rating"] += 1
            session.tick()
            continue
        runtime = mapped.get("runtime", "")
        fid = session.film(
            mapped.get("title") or imdb_id,
            values.year(member, row),
            imdb_id=imdb_id,
            original_title=mapped.get("original") or None,
            runtime=int(runtime) if runtime.isdigit() and int(runtime) > 0 else None,
            directors=split_names(mapped.get("directors", "")),
            genres=split_names(mapped.get("genres", "")),
        )
        if half_stars is not None:
            session.rate(fid, half_stars, _date(member, row, mapped))
        elif watchlist:
            session.want(fid, _date(member, row, mapped))
        session.tick()


def _is_film(kind: str) -> bool:
    # Accents folded, so "Série télévisée" and "Episódio de TV" are caught too.
    k = fold(kind.strip()).replace("-", "")
    return not any(word in k for word in NOT_FILMS)


_LEGACY_FORMATS = ("%a %b %d %H:%M:%S %Y", "%m/%d/%Y", "%d/%m/%Y")


def _date(member: Member, row: Row, mapped: dict[str, str]) -> str | None:
    """Date Rated (ISO), or the legacy 'created' column in its own forms."""
    value = mapped.get("rated") or mapped.get("created") or ""
    if not value:
        return None
    if len(value) == 10 and value[4] == "-":
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    for fmt in _LEGACY_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    raise ImportRefused(member.label, f"the date {value!r} is not a date", row.line)
