"""`filmlog duplicates` and `filmlog merge`: seeing and mending what came in twice."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from filmlog.cli.common import (
    DbOption,
    TableFormat,
    TableFormatOption,
    ask,
    confirm,
    emit_listing,
    open_for,
    say,
    show,
    stdin_is_terminal,
)

if TYPE_CHECKING:
    from filmlog.imports.engine.merge import Merged
    from filmlog.journal.db import Journal


def duplicates(
    ctx: typer.Context,
    films: Annotated[bool, typer.Option("--films", help="Only films that are one film.")] = False,
    viewings: Annotated[
        bool, typer.Option("--viewings", help="Only viewings that are one viewing.")
    ] = False,
    merge: Annotated[
        bool, typer.Option("--merge", help="Walk the groups in a terminal: merge, skip or quit.")
    ] = False,
    format: TableFormatOption = TableFormat.table,
    db: DbOption = None,
) -> None:
    """Films that are probably one film, and viewings probably one viewing, with why.

    Most certain first: the same id, the same title and year, a film without a year beside
    the one dated film of its title, years one apart, an original title; the same film
    watched on the same or the next day from two sources, a review without a date beside a
    dated viewing. It only reads: `filmlog merge` mends a group, and --merge walks them.

    Example: filmlog duplicates --films --format json
    """
    from filmlog.journal import duplicates as found
    from filmlog.present import housekeeping

    both = films == viewings
    if merge:
        if not stdin_is_terminal():
            raise typer.BadParameter("--merge asks about each group: run it in a terminal")
        _walk(ctx, db, films=both or films, viewings=both or viewings)
        return
    with open_for(ctx, db, write=False) as journal:
        groups = found.find(journal.conn, films=both or films, viewings=both or viewings)
        emit_listing(
            groups,
            format,
            csv_columns=("kind", "why", "ids", "labels", "film"),
            plain=lambda g: (g.kind, g.why, *(f"{m.id}: {m.label}" for m in g.members)),
            table=lambda: housekeeping.duplicates_table,
            empty="No duplicates found.",
        )


def _walk(ctx: typer.Context, db: Path | None, *, films: bool, viewings: bool) -> None:
    """Each group in turn, like `git add -p`: merge, skip, or quit."""
    from filmlog.imports.engine import merge as merging
    from filmlog.journal import duplicates as found
    from filmlog.present import housekeeping

    with open_for(ctx, db, write=True) as journal:
        groups = found.find(journal.conn, films=films, viewings=viewings)
        if not groups:
            say("No duplicates found.")
            return
        done = 0
        for n, group in enumerate(groups, start=1):
            show(housekeeping.duplicates_table([group]))
            answer = ask(f"({n}/{len(groups)}) Merge these? [m]erge, [s]kip, [q]uit", default="s")
            choice = str(answer).strip().lower()[:1]
            if choice == "q":
                break
            if choice != "m":
                continue
            ids = [m.id for m in group.members]
            if group.kind == "films":
                into = max(group.members, key=lambda m: (m.detail.get("viewings", 0), -m.id)).id
                merged = merging.merge_films(journal, ids, into)
            else:
                merged = merging.merge_viewings(journal, ids)
            _said(merged)
            done += 1
        say(f"Merged {done} group{'s' if done != 1 else ''}.")


def merge(
    ctx: typer.Context,
    things: Annotated[
        list[str],
        typer.Argument(
            metavar="FILM…",
            help="Films as `show` takes them (or id:N, an id from --format json); with"
            " --viewings, entry ids.",
        ),
    ],
    into: Annotated[
        str | None,
        typer.Option(
            "--into", help="The film that stays, and whose values win (default: the first)."
        ),
    ] = None,
    viewings: Annotated[
        bool, typer.Option("--viewings", help="Merge viewings of one film, by their entry ids.")
    ] = False,
    watched: Annotated[
        str | None,
        typer.Option("--watched", "-w", help="With --viewings: the merged viewing's date."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would move; write nothing.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Merge without being asked.")] = False,
    db: DbOption = None,
) -> None:
    """Make one film of several (or one viewing of several), keeping everything of each.

    The film that stays gets every viewing, id, list place, watchlist date and sync record
    of the others, and the facts it lacked (its own are never overwritten; --into says
    which film wins). Viewings merge into the earliest: the rating and review that exist
    (two reviews are both kept), tags joined. Recorded like an import: `filmlog import
    undo` takes it back. Asks first in a terminal; elsewhere --yes is required.

    Example: filmlog merge "Solaris (1972)" "Solaris" --into "Solaris (1972)"
    """
    from filmlog.imports.engine import merge as merging
    from filmlog.values.errors import BadValue

    with open_for(ctx, db, write=True, dry_run=dry_run) as journal:
        if viewings:
            if into is not None:
                raise typer.BadParameter("--into is for films; viewings merge into the earliest")
            ids = [_entry_id(t) for t in things]
            day = _day(watched)
            run = lambda dry: merging.merge_viewings(journal, ids, watched=day, dry_run=dry)  # noqa: E731
        else:
            if watched is not None:
                raise typer.BadParameter("--watched is for --viewings")
            films = list(dict.fromkeys(_film(journal, t) for t in things))
            target = _film(journal, into) if into is not None else films[0]
            if target not in films:
                films.insert(0, target)
            run = lambda dry: merging.merge_films(journal, films, target, dry_run=dry)  # noqa: E731
        planned = merging.dry(lambda: run(True))
        _plan(planned)
        if dry_run:
            say("Dry run: nothing was written.")
            return
        if not yes and not stdin_is_terminal():
            raise BadValue("merging asks first: add --yes to merge without being asked")
        if not confirm(f"Merge {len(planned.gone) + 1} into {planned.kept}?", yes):
            say("Nothing merged.")
            return
        merged = run(False)
    _said(merged)


def _plan(merged: Merged) -> None:
    say(f"Into {merged.kept}:")
    for line in merged.moved:
        say(f"  {line}")


def _said(merged: Merged) -> None:
    say(
        f"Merged {', '.join(merged.gone)} into {merged.kept} (import {merged.merge_id};"
        f" undo it with `filmlog import undo {merged.merge_id}`)."
    )


def _film(journal: Journal, text: str) -> int:
    """A film as `show` takes it, or id:N (an id from --format json; a bare number is
    that id when no film is titled so)."""
    from filmlog.journal import titles
    from filmlog.values.errors import NotFound

    given = text.strip()
    number = given.removeprefix("id:").strip()
    if number.isdigit() and (
        given.startswith("id:") or not titles.exact_matches(journal.conn, given, None)
    ):
        found = journal.conn.execute("SELECT id FROM films WHERE id = ?", [int(number)])
        if found.fetchone() is None:
            raise NotFound(f"no film with id {number} in the journal")
        return int(number)
    return titles.resolve(journal.conn, given).id  # as `show` finds it


def _entry_id(text: str) -> int:
    number = text.strip().removeprefix("entry").strip()
    if not number.isdigit():
        raise typer.BadParameter(f"give entry ids (as `filmlog show` lists them), not {text!r}")
    return int(number)


def _day(text: str | None) -> str | None:
    if text is None:
        return None
    from filmlog.values.dates import parse_optional_date

    value = parse_optional_date(text)
    return value.isoformat() if value else None
