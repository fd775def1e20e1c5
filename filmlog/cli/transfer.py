"""Bringing history in and taking it out: import and export."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from filmlog.cli.common import (
    CardFormat,
    CardFormatOption,
    DbOption,
    bulk_stdout,
    confirm,
    console,
    open_for,
    out,
    say,
    stdout_is_terminal,
)
from filmlog.display import counted

app = typer.Typer(
    add_completion=False,
    help="Bring in your history from Letterboxd, IMDb or a filmlog export.",
    no_args_is_help=True,
)

DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Show what would be imported; write nothing.")
]


def _import(ctx: typer.Context, source: str, path: str, dry_run: bool, db: Path | None,
            format: CardFormat) -> None:  # fmt: skip
    from filmlog import formats
    from filmlog.errors import BadValue
    from filmlog.importers import run_import

    if "\x00" in path:
        raise BadValue("the SOURCE contains a NUL character: type it again without it")
    with open_for(ctx, db, write=True, dry_run=dry_run) as journal, _progress() as tick:
        summary = run_import(journal, source, path, dry_run=dry_run, progress=tick)
    for file, reason in summary.skipped_files:
        say(f"Skipped {file}: {reason}")
    if format is CardFormat.json:
        out(formats.to_json(summary.as_json()))
    elif stdout_is_terminal():
        from filmlog.cli.common import show
        from filmlog.render import import_summary

        show(import_summary(summary))
    else:
        out(formats.import_summary_text(summary))


@contextmanager
def _progress() -> Iterator[Callable[[int], None] | None]:
    """A spinner with a row count on a terminal; nothing when stderr is not one."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("Importing… {task.completed:,} rows"),
        TimeElapsedColumn(),
        transient=True,
        console=console(stderr=True),
    ) as bar:
        task = bar.add_task("import", total=None)
        seen = 0

        def tick(n: int) -> None:
            nonlocal seen
            seen += n
            if seen % 250 == 0:
                bar.update(task, completed=seen)

        yield tick


# Each import: the help of its PATH, and of the command (with an example).
IMPORTS = {
    "letterboxd": (
        "The export: a .zip, a folder or a .csv file.",
        """Import a Letterboxd export: diary, reviews, ratings, watched, likes, watchlist, lists.

        Importing the same export again adds nothing; a newer one adds what is new.

        Example: filmlog import letterboxd ~/Downloads/letterboxd-me-2026-11-26.zip
        """,
    ),
    "imdb": (
        "IMDb's ratings.csv (or watchlist.csv).",
        """Import IMDb ratings: films with your rating (1-10 become half stars), directors, genres.

        Series and episodes are counted and left out.

        Example: filmlog import imdb ratings.csv --dry-run
        """,
    ),
    "json": (
        "A file written by `filmlog export json`.",
        """Import filmlog's own JSON export (into an empty journal: the same journal back).

        Example: filmlog import json journal.json
        """,
    ),
    "letterboxd-rss": (
        "A member's name, a feed's address, or a saved feed file.",
        """Import a Letterboxd member's newest diary entries and reviews from their RSS feed.

        About the last 50 items; reading it again adds only what is new, and an
        entry the journal has from an export is not doubled. Lists in the feed
        are skipped (it shows only part of them). Uses the network for a name
        or an address. `filmlog sync` does it for the member set in your settings.

        Example: filmlog import letterboxd-rss sdiamond --dry-run
        """,
    ),
}


def _import_command(source: str, path_help: str, doc: str) -> None:
    """One `filmlog import SOURCE PATH` command; they differ only in their source."""

    def command(
        ctx: typer.Context,
        path: str = typer.Argument(
            ...,
            metavar="SOURCE" if source == "letterboxd-rss" else "PATH",
            help=path_help,
            show_default=False,
        ),
        dry_run: DryRunOption = False,
        format: CardFormatOption = CardFormat.table,
        db: DbOption = None,
    ) -> None:
        _import(ctx, source, path, dry_run, db, format)

    command.__doc__ = doc
    command.__name__ = f"import_{source}"
    app.command(source)(command)


for _source, (_path_help, _doc) in IMPORTS.items():
    _import_command(_source, _path_help, _doc)


def sync(
    ctx: typer.Context,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Say what came in, or that nothing did.")
    ] = False,
    dry_run: DryRunOption = False,
    db: DbOption = None,
) -> None:
    """Bring in your newest Letterboxd diary entries and reviews, from your feed.

    Reads the feed of the member set with `filmlog config set letterboxd-user
    NAME` (or FILMLOG_LETTERBOXD_USER). Quiet when nothing is new, so it can
    run from cron: */30 * * * * filmlog sync

    Example: filmlog sync --verbose
    """
    from filmlog import config, formats
    from filmlog.errors import FilmlogError
    from filmlog.importers import run_import

    member = config.get("letterboxd-user")
    if not member:
        raise FilmlogError(
            "no Letterboxd member to follow: run `filmlog config set letterboxd-user NAME`"
        )
    with open_for(ctx, db, write=True, dry_run=dry_run) as journal:
        summary = run_import(journal, "letterboxd-rss", member, dry_run=dry_run)
    if verbose:
        out(formats.import_summary_text(summary))
    elif summary.changed():
        say(formats.sync_line(member, summary))


@app.command("list")
def import_list(
    ctx: typer.Context,
    format: CardFormatOption = CardFormat.table,
    db: DbOption = None,
) -> None:
    """The imports made into this journal, with what each added.

    Example: filmlog import list
    """
    from filmlog import formats
    from filmlog.importers import history

    with open_for(ctx, db, write=False) as journal:
        records = history(journal.conn)
    if format is CardFormat.json:
        formats.write_json_rows(sys.stdout, records)
        return
    if stdout_is_terminal():
        from filmlog.cli.common import show
        from filmlog.render import imports_table

        if records:
            show(imports_table(records))
        else:
            say("No imports yet: `filmlog import letterboxd PATH` brings in an export.")
        return
    for r in records:
        added = ", ".join(f"{c['added']} {kind}" for kind, c in r.counts.items() if c.get("added"))
        state = f" (undone {r.undone_at})" if r.undone_at else ""
        out(f"{r.id}\t{r.imported_at}\t{r.source}\t{r.path}\t{added or 'nothing added'}{state}")


@app.command("undo")
def import_undo(
    ctx: typer.Context,
    import_id: Annotated[
        int | None, typer.Argument(metavar="ID", help="The import's id (default: the latest).")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Undo without being asked.")] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Undo even when some records were changed since (kept)."),
    ] = False,
    db: DbOption = None,
) -> None:
    """Take back an import: remove what it added and restore what it changed.

    What you changed after the import (an entry edited, a review written, a
    film logged or put on a list) is never taken back: the undo is refused,
    naming those records, unless --force says to undo the rest and keep them.
    Asks first in a terminal; elsewhere, --yes is required.

    Example: filmlog import undo 3
    """
    from filmlog.importers.undo import ChangedSince, plan, undo

    with open_for(ctx, db, write=True) as journal:
        planned = plan(journal.conn, import_id)
        record = planned.record
        what = f"import {record.id} ({record.source}, {record.path})"
        if planned.nothing:
            done = undo(journal, record.id)
            say(f"The last import, {what}, changed nothing: there is nothing to undo.")
            return
        if planned.changed_since and not force:
            raise ChangedSince(
                f"{what} has {counted(len(planned.changed_since), 'record')} changed since:"
                " undoing it keeps those and takes back the rest; add --force to do that",
                [f"  {line}" for line in planned.changed_since[:20]],
            )
        question = (
            f"Undo {what}? It removes {counted(planned.entries, 'entry', 'entries')}"
            f" and {counted(planned.films, 'film')}."
        )
        if not confirm(question, yes):
            say("Nothing undone.")
            return
        done = undo(journal, record.id, force=force)
    message = (
        f"Undid {what}: removed {counted(done.entries, 'entry', 'entries')}"
        f" and {counted(done.films, 'film')}"
    )
    if done.restored:
        message += f", restored {counted(done.restored, 'value')}"
    if done.kept:
        message += f"; kept {counted(len(done.kept), 'record')} changed since"
    say(message + ".")


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"
    letterboxd = "letterboxd"
    markdown = "markdown"


def export(
    ctx: typer.Context,
    format: Annotated[
        ExportFormat, typer.Argument(metavar="FORMAT", help="json, csv, letterboxd or markdown.")
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (default: stdout).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    db: DbOption = None,
) -> None:
    """Export the journal: json (lossless), csv, letterboxd (for its importer), markdown.

    Example: filmlog export json -o journal.json
    """
    from filmlog.exporters import EXPORTERS
    from filmlog.files import writing_text

    writer = EXPORTERS[format.value]
    with open_for(ctx, db, write=False) as journal:
        if output is None:
            with bulk_stdout() as stream:
                writer(journal.conn, stream)
            return
        with writing_text(output, force=force) as f:
            writer(journal.conn, f)
    say(f"Wrote {output}.")
