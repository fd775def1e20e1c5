"""The rows of a Letterboxd export's files: when two are one, their dates, the film a row
names and the viewing it says (the columns of a large diary read by position)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from filmlog.imports.engine.session import Cited, ImportSession, Viewing
from filmlog.imports.reading import cells
from filmlog.imports.reading.archive import ImportRefused, Member
from filmlog.imports.reading.cells import DateOrder, FileDates
from filmlog.imports.reading.markup import markdown_from_html
from filmlog.imports.reading.tables import Columns, Identity, Row, dates_of, table
from filmlog.imports.sources.letterboxd_twins import Twins
from filmlog.values.checks import split_names
from filmlog.values.errors import BadValue
from filmlog.values.film_ids import FilmIds

DATE_COLUMNS = {"watcheddate": "Watched Date", "date": "Date"}  # by key, as the files name them

# Two rows are one when they have the same Letterboxd URI, or every cell alike.
SAME_ROW = "letterboxduri"


def rows_of(
    session: ImportSession,
    member: Member,
    required: tuple[str, ...],
    kind: str,
    identity: Identity = SAME_ROW,
) -> list[Row]:
    rows = table(member, required, identity=identity, repeated=session.repeated(kind))
    session.expect(len(rows))
    return rows


def dates(member: Member, rows: list[Row], columns: Iterable[str], order: DateOrder) -> Any:
    """The file's dates, read in the one order that fits every date in it."""
    return dates_of(member, rows, {c: DATE_COLUMNS[c] for c in columns}, order)


def cited(member: Member, row: Row, *, film_uri: str | None = None) -> Cited:
    """The film a row names by its title and year (and its page's address, if it has one:
    a per-film file's own, or the twin a diary row's rating points to)."""
    name = row.get("name") or row.get("title")
    return named(member, row.line, name, row.values.get("year"), film_uri)


def named(
    member: Member, line: int, name: str, year: str | None, film_uri: str | None = None
) -> Cited:
    """The film of a row's name (stripped) and year cell, and its page's address if known."""
    if not name:
        raise ImportRefused(member.label, "the film has no name", line)
    read = cells.year(year)
    return Cited(name, read, FilmIds(letterboxd=film_uri)) if film_uri else Cited(name, read)


def film_of(member: Member, row: Row) -> Cited:
    """The film of a per-film file's row (ratings, watched, likes, lists): its address is
    the film's page."""
    return cited(member, row, film_uri=row.get("letterboxduri") or row.get("url") or None)


def entry_film(member: Member, row: Row, twins: Twins) -> Cited:
    """The film of a diary or review row (its address is the entry's, not the film's)."""
    if not twins:  # the usual export: title and year say which film
        return cited(member, row)
    name = row.get("name") or row.get("title")
    year = cells.year(row.values.get("year"))
    return cited(member, row, film_uri=twins.film(name, year, row.get("rating")))


def refusing(member: Member, row: Row, reading: Callable[[], Any]) -> Any:
    try:
        return reading()
    except BadValue as exc:
        raise ImportRefused(member.label, exc.message, row.line) from None


# What a diary or review row says of its viewing, by column key
VIEWING = ("watcheddate", "rating", "rewatch", "tags", "letterboxduri", "date", "review")


def viewings(
    rows: list[Row], day: FileDates, *, review: bool = False
) -> tuple[Callable[[list[str]], Viewing], int]:
    """How a file's rows say their viewings (from a row's cells, padded to the count given
    with it: the columns are read by position, a large diary's hot loop)."""
    columns = rows[0].columns if rows else Columns([])
    rewatch_said = "rewatch" in columns.at  # 2017 exports: order says
    # (a diary has no review column: its rows need no blank cell for one)
    places, need = columns.places(VIEWING if review else VIEWING[:-1])
    w, r, rw, t, u, lg = places[:6]
    rv = places[6] if review else 0
    stars, yes, days = cells.stars, cells.yes, day.days
    names_of: dict[str, tuple[str, ...]] = {}  # a Tags cell's names (a diary repeats a few)

    def viewing(said: list[str]) -> Viewing:
        tags, uri, watched, logged = said[t], said[u], said[w], said[lg]
        names = names_of.get(tags) if tags else ()
        if names is None:
            names = names_of[tags] = tuple(split_names(tags))
        # (by position, in the order of Viewing's fields: a third of the cost of keywords)
        return Viewing(
            days.get(watched) or day(watched),
            stars(said[r]),
            yes(said[rw]) if rewatch_said else None,  # rewatch
            False,  # liked
            (markdown_from_html(said[rv].strip()) or None) if review else None,
            False,  # spoilers
            names,
            (),  # companions
            None,  # place
            None,  # platform
            uri.strip() or None if uri else None,
            days.get(logged) or day(logged),
        )

    return viewing, need
