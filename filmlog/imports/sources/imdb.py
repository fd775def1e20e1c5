"""IMDb's exports: ratings.csv, the watchlist and any other list, in each header format
IMDb has used.

The legacy quoted format ("position","const","created",…,"You rated"), the
13-column one (Const, Your Rating, Date Rated, …, Directors) and the 14-column
one that adds Original Title. Title types come in English and in the
language of the account: films, TV films, shorts and videos are imported;
series, episodes and games are counted and left out. A file with a Position
column is a list: the watchlist (by its name, or --watchlist) fills the
watchlist, another becomes a named list in its order, its descriptions the
items' notes; a rated row of a list gives the rating too.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from filmlog.imports.engine.session import Cited, ImportSession, NamedList
from filmlog.imports.engine.source import DATE_ORDER, Given, Option, Source
from filmlog.imports.reading import cells, kinds
from filmlog.imports.reading.archive import ForeignFile, ImportRefused, Member
from filmlog.imports.reading.tables import Row, dates_of, table
from filmlog.values import film_ids
from filmlog.values.checks import split_names
from filmlog.values.film_ids import FilmIds

# Column keys of each format, mapped to one name.
COLUMNS = {
    "const": "const",
    "yourrating": "rating",
    "yourated": "rating",
    "daterated": "rated",
    "created": "created",
    "title": "title",
    "position": "position",
    "description": "note",
    "originaltitle": "original",
    "titletype": "type",
    "runtimemins": "runtime",
    "runtime": "runtime",
    "year": "year",
    "genres": "genres",
    "directors": "directors",
}


def run(session: ImportSession, given: Given) -> None:
    found = [m for m in session.files(given.path) if m.name.lower().endswith(".csv")]
    if not found:
        raise ImportRefused(str(given.path), "no IMDb ratings.csv, watchlist or list export here")
    order = cells.DateOrder(given.option("date_order"))
    for member in found:
        read_file(session, member, order, given)


def _const(row: Row) -> object:
    return row.get("const") or tuple(sorted(row.values.items()))


def read_file(session: ImportSession, member: Member, order: cells.DateOrder, given: Given) -> None:
    name = given.option("list")
    watchlist = given.option("watchlist") or (name is None and "watchlist" in member.name.lower())
    rows = table(
        member,
        ("Const", "Title"),
        identity=_const,  # a title is in a ratings file or a list once
        repeated=session.repeated("watchlist" if watchlist else "ratings"),
    )
    session.expect(len(rows))
    columns = set(rows[0].values) if rows else set()
    if watchlist:
        kind = "watchlist"
    elif name is not None or ("position" in columns and "rating" not in member.name.lower()):
        # (the legacy ratings.csv has a position column too)
        kind = "list"
    elif rows and not {"yourrating", "yourated"} & columns:
        raise ForeignFile(member, "no 'Your Rating' column; is it IMDb's ratings.csv?")
    else:
        kind = "ratings"
    day = dates_of(member, rows, {"daterated": "Date Rated", "created": "created"}, order)
    items: list[tuple[int, int, str | None]] = []
    for row in session.each(member.label, rows):
        found = _row(session, row, day, kind)
        if found is not None:
            items.append((len(items) + 1, *found))
    if kind == "list":
        title = name or PurePosixPath(member.name).stem
        session.listed(NamedList(title, films=items))


def _row(session: ImportSession, row: Row, day: Any, kind: str) -> tuple[int, str | None] | None:
    """A title of the file: its film and note, or None for a title left out."""
    mapped = {COLUMNS[k]: v.strip() for k, v in row.values.items() if k in COLUMNS}
    imdb_id = film_ids.imdb_id(mapped.get("const", ""))
    title_type = mapped.get("type", "")
    if not kinds.is_film(title_type):
        session.skip(kinds.left_out(title_type))
        return None
    rating = cells.tenths(mapped.get("rating"))
    if rating is None and kind == "ratings":
        session.skip("without your rating")
        return None
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
    rated = day(mapped.get("rated")) if rating is not None else None
    added = day(mapped.get("created"))
    fid = session.film(cited)
    if rating is not None:
        session.rate(fid, rating, rated or (added if kind == "ratings" else None))
    if kind == "watchlist":
        session.want(fid, added, unless_seen=rating is not None)
    return fid, (mapped.get("note") or None)


def recognizes(columns: set[str], head: bytes) -> bool:
    return "const" in columns and bool(columns & {"yourrating", "yourated", "titletype"})


SOURCE = Source(
    name="imdb",
    read=run,
    help="""Import IMDb ratings, your watchlist or a list: films, ratings, directors, genres.

    Your ratings of 1-10 become half stars.

    A watchlist export (by its name, or --watchlist) fills the watchlist; another list
    export becomes a named list in its order (--list NAME, else the file's name). Series
    and episodes are counted and left out.

    Example: filmlog import imdb ratings.csv --dry-run
    """,
    argument_help="IMDb's ratings.csv, its watchlist or a list export (.csv).",
    options=(
        DATE_ORDER,
        Option(
            "watchlist",
            ("--watchlist",),
            "The file is your watchlist, whatever its name.",
            type=bool,
            default=False,
        ),
        Option("list", ("--list",), "The name of the list the file becomes (its name else)."),
    ),
    recognizes=recognizes,
    describes="an IMDb export",
)
