"""Taking the journal out: `filmlog export FORMAT`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from filmlog.cli.common import DbOption, bulk_stdout, open_for, say


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
    from filmlog.exports import EXPORTERS
    from filmlog.journal.files import writing_text

    writer = EXPORTERS[format.value]
    with open_for(ctx, db, write=False) as journal:
        if output is None:
            with bulk_stdout() as stream:
                writer(journal.conn, stream)
            return
        with writing_text(output, force=force) as f:
            writer(journal.conn, f)
    say(f"Wrote {output}.")
