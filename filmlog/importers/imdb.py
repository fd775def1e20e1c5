"""IMDb's ratings.csv (and watchlist.csv), in each of the header formats IMDb has used.

The legacy quoted format ("position","const","created",…,"You rated"), the
13-column one (Const, Your Rating, Date Rated, …, Directors) and the 14-column
one that adds Original Title. Title types come in English and in the
language of the account: films, TV films, shorts and videos are imported;
series, episodes and games are counted and left out.
"""

from __future__ import annotations

from typing import Any

from filmlog import film_ids
from filmlog.errors import BadValue
from filmlog.film_ids import FilmIds
from filmlog.importers import cells, kinds
from filmlog.importers.archive import ForeignFile, ImportRefused, Member, members
from filmlog.importers.session import Cited, ImportSession
from filmlog.importers.source import DATE_ORDER, Given, Source
from filmlog.importers.sources import Row, dates_of, table
from filmlog.models import split_names

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


def run(session: ImportSession, given: Given) -> None:
    found = [m for m in members(given.path) if m.name.lower().endswith(".csv")]
    if not found:
        raise ImportRefused(str(given.path), "no IMDb ratings.csv or watchlist.csv here")
    order = cells.DateOrder(given.option("date_order"))
    for member in found:
        read_file(session, member, order)


def _const(row: Row) -> object:
    return row.get("const") or tuple(sorted(row.values.items()))


def read_file(session: ImportSession, member: Member, order: cells.DateOrder) -> None:
    watchlist = "watchlist" in member.name.lower()
    counted = "watchlist" if watchlist else "ratings"
    rows = table(
        member,
        ("Const", "Title"),
        identity=_const,  # a title is in a ratings file once
        repeated=session.repeated(counted),
    )
    session.expect(len(rows))
    if rows and not watchlist and not {"yourrating", "yourated"} & set(rows[0].values):
        raise ForeignFile(member, "no 'Your Rating' column; is it IMDb's ratings.csv?")
    day = dates_of(member, rows, {"daterated": "Date Rated", "created": "created"}, order)
    for row in rows:
        session.at(member.label, row.line)
        _row(session, member, row, day, watchlist)
        session.tick()


def _row(session: ImportSession, member: Member, row: Row, day: Any, watchlist: bool) -> None:
    mapped = {COLUMNS[k]: v.strip() for k, v in row.values.items() if k in COLUMNS}
    try:
        imdb_id = film_ids.imdb_id(mapped.get("const", ""))
        title_type = mapped.get("type", "")
        if not kinds.is_film(title_type):
            session.skip(kinds.left_out(title_type))
            return
        rating = cells.tenths(mapped.get("rating"))
        if rating is None and not watchlist:
            # A list export's unrated rows: nothing of yours to keep about the film.
            session.skip("without your rating")
            return
        runtime = mapped.get("runtime", "")
        cited = Cited(
            mapped.get("title") or imdb_id,
            cells.year(mapped.get("year")),
            FilmIds(imdb=imdb_id),
            original_title=mapped.get("original") or None,
            runtime=int(runtime) if runtime.isdigit() and int(runtime) > 0 else None,
            directors=tuple(split_names(mapped.get("directors", ""))),
            genres=tuple(split_names(mapped.get("genres", ""))),
        )
        when = day(mapped.get("rated") or mapped.get("created"))
    except BadValue as exc:
        raise ImportRefused(member.label, exc.message, row.line) from None
    fid = session.film(cited)
    if rating is not None:
        session.rate(fid, rating, when)
    elif watchlist:
        session.want(fid, when)


def recognizes(columns: set[str], head: bytes) -> bool:
    return "const" in columns and bool(columns & {"yourrating", "yourated", "titletype"})


SOURCE = Source(
    name="imdb",
    read=run,
    help="""Import IMDb ratings: films with your rating (1-10 become half stars), directors, genres.

    Series and episodes are counted and left out.

    Example: filmlog import imdb ratings.csv --dry-run
    """,
    argument_help="IMDb's ratings.csv (or watchlist.csv).",
    options=(DATE_ORDER,),
    recognizes=recognizes,
    describes="an IMDb export",
)
