"""The `db` commands: where the journal is and what it holds."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from filmlog.cli.common import (
    CardFormat,
    CardFormatOption,
    DbOption,
    open_for,
    out,
    resolve_path,
    say,
)
from filmlog.present import json_csv
from filmlog.values.errors import FilmlogError

app = typer.Typer(
    add_completion=False,
    help="The journal file: where it is and what it holds.",
    no_args_is_help=True,
)


@app.command("path")
def path_command(ctx: typer.Context, db: DbOption = None) -> None:
    """Print the journal's path, e.g. to open it with sqlite-utils or Datasette.

    Example: sqlite-utils tables "$(filmlog db path)"
    """
    out(str(resolve_path(ctx, db)))


@app.command("info")
def info_command(
    ctx: typer.Context,
    format: CardFormatOption = CardFormat.table,
    db: DbOption = None,
) -> None:
    """Counts and the schema version of the journal.

    Example: filmlog db info --format json
    """
    from filmlog.journal.db import info as about

    with open_for(ctx, db, write=False) as journal:
        info = about(journal, resolve_path(ctx, db))
    if format is CardFormat.json:
        out(json_csv.to_json(info))
        return
    width = max(len(k) for k in info)
    for name, value in info.items():
        if name == "migrations":
            continue
        out(f"{name.ljust(width)}  {value if value is not None else '-'}")


@app.command("check")
def check_command(
    ctx: typer.Context,
    repair: Annotated[
        bool, typer.Option("--repair", help="Rebuild the search index, then check.")
    ] = False,
    format: CardFormatOption = CardFormat.table,
    db: DbOption = None,
) -> None:
    """Check the journal: SQLite's integrity and foreign-key checks, and the search index.

    Read-only unless --repair is given. Exits 1 and lists the problems when it
    is not healthy.

    Example: filmlog db check --repair
    """
    from filmlog.journal.health import check, repair_search

    if repair:
        before = check(resolve_path(ctx, db))
        damaged = [p for p in before.problems if not p.startswith("search index")]
        if damaged:
            raise FilmlogError(
                f"cannot repair {before.path}: the journal itself is damaged ({damaged[0]}),"
                " not only its search index; restore a backup (or the export you last made)"
            )
        with open_for(ctx, db, write=True) as journal:
            repair_search(journal)
        say("Rebuilt the search index.")
    report = check(resolve_path(ctx, db))
    if format is CardFormat.json:
        out(json_csv.to_json(report.as_json()))
    elif report.healthy:
        out(f"{report.path}: healthy ({', '.join(report.checked)} checked)")
    else:
        out(f"{report.path}: {len(report.problems)} problem(s)")
        for problem in report.problems:
            out(f"  {problem}")
    if not report.healthy:
        say("Restore a backup (filmlog db backup makes them), or ask for help with the report.")
        raise typer.Exit(1)


@app.command("backup")
def backup_command(
    ctx: typer.Context,
    target: Annotated[
        Path, typer.Argument(metavar="PATH", help="The file (or folder) to write the copy to.")
    ],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    db: DbOption = None,
) -> None:
    """Copy the journal safely, even while filmlog writes to it.

    Example: filmlog db backup ~/backups/filmlog-$(date +%F).db
    """
    from filmlog.journal.health import backup

    with open_for(ctx, db, write=False) as journal:
        written = backup(journal, target, force=force)
    say(f"Backed up the journal to {written}.")
