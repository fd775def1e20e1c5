"""`filmlog tags`: the tags of your viewings, and making `w/ kyle` a companion."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from filmlog.cli.common import DbOption, TableFormat, TableFormatOption, emit_listing, open_for, say

tags_app = typer.Typer(add_completion=False, invoke_without_command=True, no_args_is_help=False)


@tags_app.callback()
def tags_overview(
    ctx: typer.Context,
    format: TableFormatOption = TableFormat.table,
    db: DbOption = None,
) -> None:
    """Your tags and how many viewings have each; `filmlog tags` alone lists them.

    Example: filmlog tags convert 'w/ *' --to with
    """
    if ctx.invoked_subcommand is None:
        _tags(ctx, format, db)


@tags_app.command("list")
def tags_list(
    ctx: typer.Context,
    format: TableFormatOption = TableFormat.table,
    db: DbOption = None,
) -> None:
    """Every tag with how many viewings have it, most used first.

    Example: filmlog tags list --format csv
    """
    _tags(ctx, format, db)


def _tags(ctx: typer.Context, format: TableFormat, db: Path | None) -> None:
    from filmlog.journal import company
    from filmlog.present import housekeeping

    with open_for(ctx, db, write=False) as journal:
        emit_listing(
            company.tag_counts(journal.conn),
            format,
            csv_columns=("tag", "count"),
            plain=lambda t: (t.name, t.count),
            table=lambda: housekeeping.tags_table,
            empty="No tags yet.",
        )


@tags_app.command("convert")
def tags_convert(
    ctx: typer.Context,
    pattern: Annotated[
        str,
        typer.Argument(
            metavar="PATTERN",
            help="Tags to convert; * is the name kept: 'w/ *', '@ *', or a tag: disney+.",
        ),
    ],
    to: Annotated[
        Literal["with", "at", "on"],
        typer.Option("--to", help="with: companions; at: a place; on: a platform."),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Make tags what they are: with whom (--to with), where (--to at), on what (--to on).

    Every viewing with a matching tag gets the companion, place or platform the tag names,
    and the tag goes; a viewing that already has another place or platform keeps it and
    its tag. One transaction, recorded like an import (`filmlog import undo` takes it
    back); the rule is kept, for imports with --convert-tags and for the Letterboxd
    export, which writes them back as these tags.

    Example: filmlog tags convert 'w/ *' --to with --dry-run
    """
    from filmlog.journal import company

    with open_for(ctx, db, write=True, dry_run=dry_run) as journal:
        done = (
            company.dry(journal, pattern, to) if dry_run else company.convert(journal, pattern, to)
        )
    what = {"with": "companions", "at": "places", "on": "platforms"}[to]
    if not done.values:
        say(f"No tag matches {pattern!r}: nothing to convert.")
        return
    for shown, n in sorted(done.values.items()):
        say(f"  {shown} ({n:,} viewing{'s' if n != 1 else ''})")
    verb = "Would convert" if dry_run else "Converted"
    line = f"{verb} tags into {what} on {done.entries:,} viewing{'s' if done.entries != 1 else ''}"
    if done.kept:
        line += f"; {done.kept:,} kept their own (another {(to == 'at' and 'place') or 'platform'})"
    if done.import_id is not None:
        line += f" (import {done.import_id}; undo it with `filmlog import undo {done.import_id}`)"
    say(line + ".")
    if dry_run:
        say("Dry run: nothing was written.")


@tags_app.command("rules")
def tags_rules(ctx: typer.Context, db: DbOption = None) -> None:
    """The conversions you made, which imports apply with --convert-tags.

    Example: filmlog tags rules
    """
    from filmlog.cli.common import out
    from filmlog.journal import company

    with open_for(ctx, db, write=False) as journal:
        for pattern, target in company.rules(journal.conn):
            out(f"{pattern}\t{target}")
