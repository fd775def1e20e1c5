"""Watchlist, lists and stats: what the journal holds beyond the diary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from filmlog.cli.common import (
    WELCOME,
    CardFormat,
    CardFormatOption,
    DbOption,
    FilmYearOption,
    TableFormat,
    TableFormatOption,
    bulk_stdout,
    confirm,
    console,
    open_for,
    out,
    say,
    show,
    stdout_is_terminal,
    terminal_links,
)
from filmlog.cli.completion import complete_title
from filmlog.journal import store
from filmlog.journal.files import check_target, writing_text
from filmlog.present import render
from filmlog.values.checks import check_names, check_title, check_year, parse_decade
from filmlog.values.display import counted

watchlist_app = typer.Typer(
    add_completion=False,
    invoke_without_command=True,
    no_args_is_help=False,
)
lists_app = typer.Typer(
    add_completion=False,
    invoke_without_command=True,
    no_args_is_help=False,
)

TitleArg = Annotated[
    str, typer.Argument(metavar="TITLE", help="The film's title.", autocompletion=complete_title)
]


@watchlist_app.command("add")
def watchlist_add(
    ctx: typer.Context,
    title: TitleArg,
    year: FilmYearOption = None,
    director: Annotated[
        list[str] | None,
        typer.Option("--director", "-d", help="Director; repeat or separate with commas."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Put a film on your watchlist.

    Example: filmlog watchlist add "In the Mood for Love" -y 2000 -d "Wong Kar-Wai"
    """
    from filmlog.journal import watchlist

    title = check_title(title)
    names = check_names(director)
    with open_for(ctx, db, write=True) as journal:
        item, added = watchlist.want(journal, title, year, names)
    if added:
        say(f"Added {item.film.label} to your watchlist.")
    else:
        say(f"{item.film.label} is already on your watchlist.")


@watchlist_app.callback()
def watchlist_overview(
    ctx: typer.Context,
    format: TableFormatOption = TableFormat.table,
    db: DbOption = None,
) -> None:
    """Films you want to see; `filmlog watchlist` alone lists them.

    Example: filmlog watchlist
    """
    if ctx.invoked_subcommand is None:
        _watchlist(ctx, format, db)


@watchlist_app.command("list")
def watchlist_list(
    ctx: typer.Context,
    format: TableFormatOption = TableFormat.table,
    db: DbOption = None,
) -> None:
    """The films on your watchlist, oldest wish first.

    Example: filmlog watchlist list --format json
    """
    _watchlist(ctx, format, db)


def _watchlist(ctx: typer.Context, format: TableFormat, db: Path | None) -> None:
    from filmlog.cli.common import emit_listing
    from filmlog.journal import watchlist
    from filmlog.present import formats

    with open_for(ctx, db, write=False) as journal:
        emit_listing(
            watchlist.items(journal.conn),
            format,
            csv_columns=("title", "year", "directors", "runtime", "added_at"),
            plain=formats.watchlist_fields,
            table=lambda: render.watchlist_table,
            empty="Your watchlist is empty.",
        )


@watchlist_app.command("rm")
def watchlist_rm(
    ctx: typer.Context,
    title: TitleArg,
    year: FilmYearOption = None,
    db: DbOption = None,
) -> None:
    """Take a film off your watchlist.

    Example: filmlog watchlist rm "In the Mood for Love"
    """
    from filmlog.journal import watchlist

    with open_for(ctx, db, write=True) as journal:
        film = watchlist.remove(journal, title, year)
    say(f"Took {film.label} off your watchlist.")


@watchlist_app.command("pick")
def watchlist_pick(
    ctx: typer.Context,
    director: Annotated[str | None, typer.Option("--director", "-d", help="By them.")] = None,
    decade: Annotated[str | None, typer.Option("--decade", help="From a decade: 1990s.")] = None,
    max_runtime: Annotated[
        int | None, typer.Option("--max-runtime", help="At most this many minutes.", min=1)
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help="The same seed, the same pick.")
    ] = None,
    format: CardFormatOption = CardFormat.table,
    db: DbOption = None,
) -> None:
    """Pick a film from your watchlist at random for tonight.

    Example: filmlog watchlist pick --decade 1990s --max-runtime 120
    """
    from filmlog.journal import watchlist
    from filmlog.present import json_csv

    with open_for(ctx, db, write=False) as journal:
        item = watchlist.pick(
            journal.conn,
            director=director,
            decade=parse_decade(decade) if decade else None,
            max_runtime=max_runtime,
            seed=seed,
        )
    if format is CardFormat.json:
        out(json_csv.to_json(item.as_json()))
        return
    film = item.film
    extra = [", ".join(film.directors)] if film.directors else []
    if film.runtime:
        extra.append(f"{film.runtime} min")
    out(film.label + (f" — {', '.join(extra)}" if extra else ""))


@lists_app.callback()
def lists_overview(
    ctx: typer.Context,
    format: TableFormatOption = TableFormat.table,
    db: DbOption = None,
) -> None:
    """Named, ranked lists of films; `filmlog lists` alone lists them.

    Example: filmlog lists
    """
    if ctx.invoked_subcommand is not None:
        return
    from filmlog.cli.common import emit_listing
    from filmlog.journal import lists
    from filmlog.present import formats

    with open_for(ctx, db, write=False) as journal:
        emit_listing(
            lists.overview(journal.conn),
            format,
            csv_columns=("name", "films", "description"),
            plain=formats.named_list_fields,
            table=lambda: render.lists_table,
            empty="No lists yet: make one with `filmlog lists add NAME TITLE…`.",
        )


@lists_app.command("show")
def lists_show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The list's name.")],
    format: CardFormatOption = CardFormat.table,
    db: DbOption = None,
) -> None:
    """The films of a list, in their order.

    Example: filmlog lists show "Best of the 90s"
    """
    from filmlog.journal import lists
    from filmlog.present import formats

    with open_for(ctx, db, write=False) as journal:
        named = lists.find(journal.conn, name)
        items = lists.items(journal.conn, named)
        if format is CardFormat.json or not stdout_is_terminal():
            with bulk_stdout() as stream:
                formats.write_list(stream, named, items, json=format is CardFormat.json)
        else:
            from filmlog.cli.pager import show_rows

            show(render.list_heading(named, links=terminal_links()))
            if not show_rows(console(), items, render.list_items_table):
                say("The list is empty: add films with `filmlog lists add NAME TITLE…`.")


@lists_app.command("add")
def lists_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The list's name (made if new).")],
    titles: Annotated[
        list[str],
        typer.Argument(metavar="TITLE…", help="Films to append, in order (new ones are made)."),
    ],
    note: Annotated[
        str | None, typer.Option("--note", help="A note on the film (one TITLE; '' removes it).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Append films to a list, making the list if it is new.

    A film the journal does not have yet is made (unseen, as on the
    watchlist). --note gives a film its note, on the list or already there.

    Example: filmlog lists add "Hong Kong nights" "Chungking Express" "Fallen Angels"
    """
    from filmlog.journal import lists

    with open_for(ctx, db, write=True) as journal:
        done = lists.add(journal, name, titles, note=note)
    named = done.named
    for film in done.already:
        if film not in done.noted:
            say(f"{film.label} is already on {named.name!r}.")
    for film in done.noted:
        say(f"Noted {film.label} on {named.name!r}.")
    if done.made:
        say("New in the journal (not seen yet): " + ", ".join(f.label for f in done.made) + ".")
    if done.added:
        added, total = counted(len(done.added), "film"), counted(named.count, "film")
        say(f"Added {added} to {named.name!r} ({total} in all).")


@lists_app.command("move")
def lists_move(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The list's name.")],
    title: Annotated[str, typer.Argument(metavar="TITLE", help="A film on the list.")],
    position: Annotated[
        int, typer.Argument(metavar="POSITION", help="Its new place: 1 is first.", min=1)
    ],
    db: DbOption = None,
) -> None:
    """Move a film to another place on a list; the films between shift by one.

    Example: filmlog lists move "Hong Kong nights" "Fallen Angels" 1
    """
    from filmlog.journal import lists

    with open_for(ctx, db, write=True) as journal:
        named, film, placed = lists.move(journal, name, title, position)
    say(f"Moved {film.label} to place {placed} of {named.name!r}.")


@lists_app.command("rm")
def lists_rm(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The list's exact name.")],
    title: Annotated[
        str | None,
        typer.Argument(metavar="TITLE", help="A film to take off the list (its exact title)."),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Remove a whole list without asking.")] = False,
    db: DbOption = None,
) -> None:
    """Take a film off a list, or remove the whole list.

    The list and the film are named exactly (case and accents aside): a name
    close to one is only suggested.

    Example: filmlog lists rm "Hong Kong nights" "Fallen Angels"
    """
    from filmlog.journal import lists

    with open_for(ctx, db, write=True) as journal:
        if title is None:
            named = lists.find(journal.conn, name, exact=True)
            question = f"Remove the list {named.name!r} ({counted(named.count, 'film')})?"
            if not confirm(question, yes):
                say("Nothing removed.")
                return
        named, film = lists.remove(journal, name, title)
    if film is None:
        say(f"Removed the list {named.name!r}.")
    else:
        say(f"Took {film.label} off {named.name!r}.")


def stats(
    ctx: typer.Context,
    year: Annotated[int | None, typer.Option("--year", "-y", help="Only this year.")] = None,
    format: CardFormatOption = CardFormat.table,
    svg: Annotated[
        Path | None, typer.Option("--svg", help="Also draw the report into this SVG file.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the SVG file.")] = False,
    db: DbOption = None,
) -> None:
    """Your numbers: films, hours, ratings, months, decades, directors, tags, favourites.

    Example: filmlog stats --year 2025 --svg 2025.svg
    """
    from filmlog.journal import stats as numbers
    from filmlog.present import json_csv

    if year is not None:
        check_year(year)
    if svg is not None:
        check_target(svg, force=force)
    with open_for(ctx, db, write=False) as journal:
        data = numbers.report(journal.conn, year)
        empty = store.is_empty(journal.conn)
    if format is CardFormat.table and empty and svg is None:
        if stdout_is_terminal():
            say(WELCOME)
        return  # piped, an empty journal has no numbers to print, as list and diary
    if data["entries"] == 0 and year is not None:
        say(f"No entries in {year}.")
    if format is CardFormat.json:
        out(json_csv.to_json(data))
    elif stdout_is_terminal():
        from filmlog.present.render import stats_report

        show(stats_report(data))
    else:
        from filmlog.present.render import plain_text, stats_report

        out(plain_text(stats_report(data)))
    if svg is not None:
        from filmlog.present.render import stats_report
        from filmlog.present.render import svg as picture

        with writing_text(svg, force=force) as f:
            f.write(picture(stats_report(data), "filmlog stats"))
        say(f"Drew the report into {svg}.")
