"""Any spreadsheet of films: a CSV or TSV with a header row, kept by hand or exported by an
app, its columns recognised by their usual names (or named with --map).

The rating scale is read off the values (halves within ½-5: stars; whole numbers up to
10: tenths; up to 100: percent), the column's name (`Rating10`) or --rating-scale, and
whole numbers from 1 to 5, which fit stars and tenths alike, are asked about rather
than guessed. Rows with a watched date are viewings; rows without one mark films seen,
or with --watchlist (or a file named like one) fill the watchlist. The summary says
which column became what and which scale was used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from filmlog.imports.engine.session import Cited, ImportSession, Viewing
from filmlog.imports.engine.source import DATE_ORDER, Given, Option, Source
from filmlog.imports.reading import cells
from filmlog.imports.reading.archive import ImportRefused, Member
from filmlog.imports.reading.tables import CsvFile, Row, dates_of
from filmlog.values.checks import split_names
from filmlog.values.errors import BadValue
from filmlog.values.film_ids import FilmIds
from filmlog.values.keys import key
from filmlog.values.ratings import parse_rating

# Each field, and the column names (as keys) that mean it, the likeliest first; English,
# then the names people give them in other languages (German, French, Spanish, Portuguese,
# Italian, Dutch, Polish, Swedish).
FIELDS: dict[str, tuple[str, ...]] = {
    field: tuple(names.split())
    for field, names in {
        "title": "title name film movie filmtitle movietitle filmname"
        " titel titre titulo titolo tytuł nazwa",
        "year": "year releaseyear yearreleased jahr annee ano anno jaar rok ar erscheinungsjahr",
        "watched": "watcheddate datewatched watched watchedon viewed seenon date gesehenam"
        " datumgesehen vule datedevisionnage fechavisto fecha assistidoem datavisto gezienop"
        " datum data obejrzano",
        "rating": "rating myrating yourrating score stars rating10 rating5 bewertung wertung"
        " sterne puntuacion calificacion nota valutazione voto beoordeling cijfer ocena betyg",
        "review": "review myreview comment comments notes note mynotes kritik rezension"
        " kommentar critique commentaire resena comentario critica commento recensione"
        " recensie opmerking recenzja komentarz recension",
        "tags": "tags tag schlagworter etiquettes etiquetas etichette",
        "directors": "directors director directedby regie regisseur realisateur directores"
        " direcao regista rezyser",
        "imdb": "imdbid imdb const imdburl imdblink",
        "tmdb": "tmdbid tmdb",
        "rewatch": "rewatch rewatched",
        "liked": "liked like loved favorit favori favorito",
        "seen": "seen haveseen watchedit gesehen vu visto gezien",
        "companions": "companions with watchedwith company mit avec con",
        "place": "place where location venue cinema ort lieu lugar luogo",
        "platform": "platform service streaming plattform plateforme plataforma piattaforma",
    }.items()
}
_YES_NO = {"yes", "no", "y", "n", "true", "false", "1", "0", "x", "✓", "✗", "-"}
SCALES = {"5": "out of 5 stars", "10": "out of 10", "100": "out of 100"}
_IMDB = re.compile(r"tt\d{5,10}")
_WATCHLIST = re.compile(r"watchlist|\bwant|to[-_ ]?(watch|see)", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


@dataclass(frozen=True)
class Mapping:
    """Which column of the file holds each field (by the column's key), and its name."""

    columns: dict[str, str]  # field -> column key
    names: dict[str, str]  # column key -> the column's name as the file writes it

    def get(self, row: Row, field: str) -> str:
        column = self.columns.get(field)
        return row.get(column) if column else ""


def run(session: ImportSession, given: Given) -> None:
    found = [
        m for m in session.files(given.path) if m.name.lower().endswith((".csv", ".tsv", ".txt"))
    ]
    if not found:
        raise ImportRefused(str(given.path), "no .csv or .tsv file here")
    order = cells.DateOrder(given.option("date_order"))
    for member in found:
        read_file(session, member, given, order)


def read_file(session: ImportSession, member: Member, given: Given, order: cells.DateOrder) -> None:
    with CsvFile(member) as f:
        header = next(iter(f), None)
        if header is None:
            raise ImportRefused(member.label, "the file is empty")
        keys = [key(c) for c in header[1]]
        mapping = map_columns(member, header[1], given.option("map") or [])
        rows = list(f.rows(keys, repeated=session.repeated("entries")))
    mapping = _flags(mapping, rows)
    session.expect(len(rows))
    scale, why = rating_scale(member, rows, mapping, given.option("rating_scale"))
    watched = mapping.columns.get("watched")
    day = dates_of(member, rows, {watched: mapping.names[watched]} if watched else {}, order)
    wanted = bool(given.option("watchlist")) or bool(
        _WATCHLIST.search(PurePosixPath(member.name).stem)
    )
    _notes(session, member, mapping, scale, why, wanted)
    for n, row in enumerate(session.each(member.label, rows)):
        logged = _row(session, row, mapping, day, scale, wanted)
        if given.dry_run and n < 3 and logged:  # the first rows, for the person to check
            session.note(f"  line {row.line}: {logged}")


def map_columns(member: Member, header: list[str], given: list[str]) -> Mapping:
    """Each field's column: those --map names, else the first usual name the file has."""
    names: dict[str, str] = {}
    for c in header:
        if c.strip():
            names.setdefault(key(c), c.strip())
    columns: dict[str, str] = {}
    for pair in given:
        column, sep, field = pair.rpartition("=")
        field = field.strip().lower()
        if not sep or field not in FIELDS:
            raise BadValue(f"--map {pair!r}: write COLUMN=FIELD, FIELD one of {', '.join(FIELDS)}")
        if key(column) not in names:
            raise ImportRefused(
                member.label,
                f"--map names the column {column.strip()!r}, which the file does not have"
                f" (its columns: {', '.join(names.values())})",
            )
        columns[field] = key(column)
    for field, aliases in FIELDS.items():
        taken = set(columns.values())
        if field not in columns:
            found = next((a for a in aliases if a in names and a not in taken), None)
            if found is not None:
                columns[field] = found
    if "title" not in columns:
        raise ImportRefused(
            member.label,
            f"no column of film titles (its columns: {', '.join(names.values())}):"
            " name it with --map 'COLUMN=title'",
        )
    return Mapping(columns, names)


def _flags(mapping: Mapping, rows: list[Row]) -> Mapping:
    """A "watched" column of yes and no says whether the film was seen, not when; a "seen"
    column of dates says when."""
    columns = dict(mapping.columns)

    def yes_no(column: str) -> bool:
        said = [r.get(column).lower() for r in rows if r.get(column)]
        return bool(said) and all(v in _YES_NO for v in said)  # an empty column says neither

    if "watched" in columns and "seen" not in columns and yes_no(columns["watched"]):
        columns["seen"] = columns.pop("watched")
        taken = set(columns.values())
        dated = [a for a in FIELDS["watched"] if a in mapping.names and a not in taken]
        if dated and not yes_no(dated[0]):  # "Watched: yes" beside "Date: 2024-03-01"
            columns["watched"] = dated[0]
    elif "seen" in columns and "watched" not in columns and not yes_no(columns["seen"]):
        columns["watched"] = columns.pop("seen")
    return Mapping(columns, mapping.names)


def rating_scale(
    member: Member, rows: list[Row], mapping: Mapping, given: str | None
) -> tuple[str | None, str]:
    """The scale of the rating column, and how it was chosen."""
    column = mapping.columns.get("rating")
    if column is None:
        return None, ""
    values = [(r.line, v) for r in rows if (v := r.get(column)) and not _self_scaled(v)]
    if given:
        return given, "as given"
    hinted = next((s for s in ("100", "10", "5") if column.endswith(s)), None)
    if hinted or "star" in column:
        return hinted or "5", "from the column's name"
    numbers = []
    for line, value in values:
        if not _NUMBER.fullmatch(value):
            raise ImportRefused(member.label, f"the rating {value!r} is not a number", line)
        numbers.append(float(value.replace(",", ".")))
    if not numbers:
        return "5", "no ratings to tell from"
    whole = all(n == int(n) for n in numbers)
    top, bottom = max(numbers), min(numbers)
    if whole and bottom >= 1 and top <= 5:
        raise ImportRefused(
            member.label,
            "the ratings are whole numbers from 1 to 5, which could be out of 5 or out of 10:"
            " say which with --rating-scale 5 or --rating-scale 10",
        )
    if all((n * 2) == int(n * 2) for n in numbers) and bottom >= 0.5 and top <= 5:
        return "5", "from the values"
    if whole and bottom >= 1 and top <= 10:
        return "10", "from the values"
    if bottom >= 0 and top <= 10:  # 7.5 of 10: the nearest half star
        return "10", "from the values, rounded to half stars"
    if bottom >= 0 and top <= 100:
        return "100", "from the values"
    line, value = next(
        (lv for lv, n in zip(values, numbers, strict=True) if n > 100 or n < 0), values[0]
    )
    raise ImportRefused(
        member.label, f"the rating {value!r} fits no scale (out of 5, 10 or 100)", line
    )


def _self_scaled(value: str) -> bool:
    """A rating that says its own scale: ★★★★½, 8/10, 4.5/5."""
    return "/" in value or "★" in value or "½" in value


def half_stars(value: str, scale: str | None) -> int | None:
    if not value:
        return None
    if _self_scaled(value) or scale is None:
        return parse_rating(value)
    number = float(value.replace(",", "."))
    if scale == "5":
        if number * 2 != int(number * 2) or not 0.5 <= number <= 5:
            raise BadValue(f"the rating {value!r} is not 0.5 to 5 stars")
        return int(number * 2)
    if scale == "10":
        if not 0 <= number <= 10:
            raise BadValue(f"the rating {value!r} is not 1 to 10")
        return max(1, int(number + 0.5))
    if not 0 <= number <= 100:
        raise BadValue(f"the rating {value!r} is not 0 to 100")
    return max(1, int(number / 10 + 0.5))


def _row(
    session: ImportSession, row: Row, mapping: Mapping, day: Any, scale: str | None, wanted: bool
) -> str | None:
    """A row into the journal; how it was logged, said briefly."""
    get = mapping.get
    title = " ".join(get(row, "title").split())
    if not title:
        raise BadValue("the row has no title")
    imdb = _IMDB.search(get(row, "imdb"))
    tmdb = get(row, "tmdb")
    cited = Cited(
        title,
        cells.year(get(row, "year")),
        FilmIds(imdb=imdb[0] if imdb else None, tmdb=int(tmdb) if tmdb.isdigit() else None),
        directors=tuple(split_names(get(row, "directors"))),
    )
    rating = half_stars(get(row, "rating"), scale)
    watched = day(get(row, "watched"))
    liked = cells.yes(get(row, "liked"))
    shown = f"{title}{f' ({cited.year})' if cited.year else ''}"
    if "seen" in mapping.columns and not wanted and not cells.yes(get(row, "seen")):
        session.skip("rows marked not seen")
        return f"{shown}, not seen: left out"
    fid = session.film_on(cited, watched)
    if fid is None:
        return f"{shown}: left out (the journal has several films of that title)"
    if wanted:
        session.want(fid, watched)
        return f"{shown}, on the watchlist"
    review = get(row, "review") or None
    tags = split_names(get(row, "tags"))
    rewatch = cells.yes(get(row, "rewatch")) if mapping.columns.get("rewatch") else None
    if watched is None and not (review or tags or rewatch):  # a film seen (and rated)
        session.seen(fid)
        if rating is not None:
            session.rate(fid, rating, None)
        if liked:
            session.like(fid)
        return f"{shown}, seen{_stars(rating)}"
    viewing = Viewing(
        watched=watched,
        rating=rating,
        rewatch=rewatch,
        liked=liked,
        review=review,
        tags=tags,
        companions=split_names(get(row, "companions")),
        place=" ".join(get(row, "place").split()) or None,
        platform=" ".join(get(row, "platform").split()) or None,
    )
    session.row(fid, "csv", (key(title), cited.year, watched), viewing)
    when = f"watched {watched}" if watched else "a viewing without a date"
    return f"{shown}, {when}{_stars(rating)}{', with a review' if review else ''}"


def _stars(rating: int | None) -> str:
    return "" if rating is None else f", {'★' * (rating // 2)}{'½' if rating % 2 else ''}"


def _notes(
    session: ImportSession,
    member: Member,
    mapping: Mapping,
    scale: str | None,
    why: str,
    wanted: bool,
) -> None:
    names = mapping.names
    used = {c: f for f, c in mapping.columns.items()}
    said = ", ".join(f"{names[c]} → {f}" for c, f in used.items())
    session.note(f"{member.name}: {said}.")
    if scale is not None:
        session.note(f"Ratings: {SCALES[scale]} ({why}).")
    if wanted:
        session.note("Rows are films to see: they go on the watchlist.")
    unused = [n for c, n in names.items() if c not in used]
    if unused:
        session.ignored([f"column {n!r}" for n in unused])


SOURCE = Source(
    name="csv",
    read=run,
    help="""Import any spreadsheet of films: a CSV or TSV file with a header row.

    Columns are found by their usual names (title, year, watched date, rating, review,
    tags, director, IMDb id, …) in any case and spacing; --map names others. Rows with a
    watched date become diary entries; rows without one mark films seen. The summary says
    which column became what and the rating scale used.

    Example: filmlog import csv films.csv --map "Film Name=title" --dry-run
    """,
    argument_help="A .csv or .tsv file (or a folder of them).",
    title="spreadsheet {path}",
    options=(
        DATE_ORDER,
        Option(
            "map",
            ("--map",),
            "COLUMN=FIELD: the column holding a field (title, year, watched, rating, review,"
            " tags, directors, imdb, tmdb, rewatch, liked); may be repeated.",
            multiple=True,
        ),
        Option(
            "rating_scale",
            ("--rating-scale",),
            "What the ratings are out of, when the values leave it open: 5, 10 or 100.",
            choices=("5", "10", "100"),
        ),
        Option(
            "watchlist",
            ("--watchlist",),
            "The rows are films to see: they go on the watchlist.",
            type=bool,
            default=False,
        ),
    ),
)
