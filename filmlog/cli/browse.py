"""Commands that read: show, list, diary."""

import datetime as dt
import sqlite3
from typing import Annotated, Any

import typer

from filmlog.cli.common import (
    WELCOME,
    CardFormat,
    CardFormatOption,
    DbOption,
    FilmYearOption,
    TableFormat,
    TableFormatOption,
    console,
    emit_listing,
    open_for,
    out,
    say,
    stdout_is_terminal,
    terminal_links,
)
from filmlog.cli.completion import complete_title
from filmlog.journal import listing, queries
from filmlog.present import formats

LimitOption = Annotated[int | None, typer.Option("--limit", "-n", help="At most N rows.", min=0)]


def show_film(
    ctx: typer.Context,
    title: Annotated[
        str,
        typer.Argument(
            metavar="TITLE",
            help='The film: "Chungking Express", chungking, or "Solaris (1972)".',
            autocompletion=complete_title,
        ),
    ],
    year: FilmYearOption = None,
    format: CardFormatOption = CardFormat.table,
    db: DbOption = None,
) -> None:
    """Show a film: its facts, every entry, and your reviews.

    Example: filmlog show chungking
    """
    from filmlog.journal import store, titles

    with open_for(ctx, db, write=False) as journal:
        ref = titles.resolve(journal.conn, title, year)
        card = store.film_card(journal.conn, ref.id)
    if format is CardFormat.json:
        from filmlog.present import json_csv

        out(json_csv.to_json(card.as_json()))
    elif stdout_is_terminal():
        from filmlog.cli.pager import show_one
        from filmlog.present.render import film_card

        show_one(console(), film_card(card, links=terminal_links()))
    else:
        out(formats.card_text(card))


WithFilter = Annotated[str | None, typer.Option("--with", help="Watched with this person.")]
AtFilter = Annotated[str | None, typer.Option("--at", help="Watched at this place.")]
OnFilter = Annotated[str | None, typer.Option("--on", help="Watched on this platform.")]


def list_films(
    ctx: typer.Context,
    director: Annotated[str | None, typer.Option("--director", "-d", help="Directed by.")] = None,
    year: Annotated[int | None, typer.Option("--year", "-y", help="Released in.")] = None,
    decade: Annotated[
        str | None, typer.Option("--decade", help="Released in a decade: 1990s.")
    ] = None,
    rating: Annotated[str | None, typer.Option("--rating", "-r", help="Rated exactly.")] = None,
    min_rating: Annotated[str | None, typer.Option("--min-rating", help="Rated at least.")] = None,
    max_rating: Annotated[str | None, typer.Option("--max-rating", help="Rated at most.")] = None,
    tag: Annotated[str | None, typer.Option("--tag", "-t", help="An entry has this tag.")] = None,
    genre: Annotated[str | None, typer.Option("--genre", "-g", help="Of this genre.")] = None,
    watched_since: Annotated[
        str | None, typer.Option("--watched-since", help="Watched on or after DATE.")
    ] = None,
    watched_until: Annotated[
        str | None, typer.Option("--watched-until", help="Watched on or before DATE.")
    ] = None,
    liked: Annotated[bool, typer.Option("--liked", help="Only liked films.")] = False,
    with_: WithFilter = None,
    at: AtFilter = None,
    on: OnFilter = None,
    unrated: Annotated[
        bool, typer.Option("--unrated", help="Only films without a rating.")
    ] = False,
    sort: Annotated[
        listing.FilmSort,
        typer.Option("--sort", "-s", help="Order: rating and watched show best/newest first."),
    ] = listing.FilmSort.title,
    reverse: Annotated[bool, typer.Option("--reverse", help="Reverse the order.")] = False,
    limit: LimitOption = None,
    format: TableFormatOption = TableFormat.table,
    db: DbOption = None,
) -> None:
    """List the films you have seen, one row per film. Filters combine with AND.

    Example: filmlog list --director "Wong Kar-Wai" --sort rating
    """
    query = queries.films(
        director=director,
        year=year,
        decade=decade,
        rating=rating,
        min_rating=min_rating,
        max_rating=max_rating,
        tag=tag,
        genre=genre,
        watched_since=watched_since,
        watched_until=watched_until,
        liked=liked,
        unrated=unrated,
        companion=with_,
        place=at,
        platform=on,
        sort=sort.value,
        reverse=reverse,
        limit=limit,
    )
    with open_for(ctx, db, write=False) as journal:
        conn = journal.conn
        shown = emit_listing(
            listing.list_films(conn, query),
            format,
            csv_columns=formats.LIST_CSV_COLUMNS,
            plain=formats.film_fields,
            table=_films_table,
            empty=lambda: _welcome_or(conn, "No films match."),
        )
        if not shown:
            _hint_unknown_names(conn, director=director, tag=tag, genre=genre)


def diary(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option("--since", help="Watched on or after DATE.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Watched on or before DATE.")] = None,
    year: Annotated[int | None, typer.Option("--year", "-y", help="Watched in this year.")] = None,
    director: Annotated[str | None, typer.Option("--director", "-d", help="Directed by.")] = None,
    tag: Annotated[str | None, typer.Option("--tag", "-t", help="Entries with this tag.")] = None,
    rating: Annotated[
        str | None, typer.Option("--rating", "-r", help="Rated exactly, that viewing.")
    ] = None,
    min_rating: Annotated[str | None, typer.Option("--min-rating", help="Rated at least.")] = None,
    max_rating: Annotated[str | None, typer.Option("--max-rating", help="Rated at most.")] = None,
    liked: Annotated[bool, typer.Option("--liked", help="Only liked viewings.")] = False,
    with_: WithFilter = None,
    at: AtFilter = None,
    on: OnFilter = None,
    on_this_day: Annotated[
        bool,
        typer.Option("--on-this-day", help="What you watched on today's date in earlier years."),
    ] = False,
    limit: LimitOption = None,
    format: TableFormatOption = TableFormat.table,
    db: DbOption = None,
) -> None:
    """Your viewings, newest first, grouped by month. Filters combine with AND.

    Example: filmlog diary --since "last month" --director "Wong Kar-Wai"
    """
    query = queries.diary(
        since=since,
        until=until,
        year=year,
        director=director,
        tag=tag,
        rating=rating,
        min_rating=min_rating,
        max_rating=max_rating,
        liked=liked,
        companion=with_,
        place=at,
        platform=on,
        limit=limit,
        on_this_day=dt.date.today() if on_this_day else None,
        brief=format is TableFormat.table,
    )
    nothing = "Nothing in the diary on this day." if on_this_day else "No entries match."
    with open_for(ctx, db, write=False) as journal:
        conn = journal.conn
        shown = emit_listing(
            listing.diary(conn, query),
            format,
            csv_columns=formats.DIARY_CSV_COLUMNS,
            plain=formats.diary_fields,
            table=_diary_table,
            empty=lambda: _welcome_or(conn, nothing),
        )
        if not shown:
            _hint_unknown_names(conn, director=director, tag=tag)


# A listing's renderers, loaded only to draw it in a terminal (piped rows need no Rich).
def _films_table() -> Any:
    from filmlog.present.render import films_table

    return films_table


def _diary_table() -> Any:
    from filmlog.present.render import DiaryTable

    return DiaryTable()


# What is said when nothing is listed, read only then: a listing with rows loads neither.
def _welcome_or(conn: sqlite3.Connection, nothing: str) -> str:
    from filmlog.journal import store

    return WELCOME if store.is_empty(conn) else nothing


def _hint_unknown_names(conn: sqlite3.Connection, **given: str | None) -> None:
    """Names given that the journal does not know (a typo, most likely), said as hints."""
    from filmlog.journal import names, store

    if not store.is_empty(conn):
        for hint in names.unknown_names(conn, **given):
            say(hint)
