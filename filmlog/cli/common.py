"""What the commands share: options, opening the journal, and where output goes."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from filmlog.paths import journal_path

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from filmlog.db import Journal


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class CardFormat(StrEnum):
    table = "table"
    json = "json"


DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="The journal file (default: $FILMLOG_DB, else filmlog.db in your data folder).",
        show_default=False,
        dir_okay=True,
    ),
]
TableFormatOption = Annotated[
    TableFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]
CardFormatOption = Annotated[
    CardFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]


def resolve_path(ctx: typer.Context, db: Path | None) -> Path:
    """The journal's path: this command's --db, else the global one, else the default."""
    root = ctx.find_root()
    chosen = db or (root.obj or {}).get("db")
    path = journal_path(chosen)
    root.obj = {**(root.obj or {}), "path": path}
    return path


def open_for(ctx: typer.Context, db: Path | None, *, write: bool) -> Journal:
    from filmlog.db import open_journal

    return open_journal(resolve_path(ctx, db), write=write)


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def out(text: str) -> None:
    """Data, to stdout."""
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


def say(message: str) -> None:
    """A message for the person, to stderr."""
    sys.stderr.write(message + "\n")


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    # Rich honours NO_COLOR and plain pipes by itself.
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def show(renderable: RenderableType) -> None:
    console().print(renderable)


WELCOME = (
    "Your journal is empty. Log a film you watched: filmlog add TITLE\n"
    "or bring in your history: filmlog import letterboxd PATH (or imdb PATH)."
)


def emit_listing(
    rows: Sequence[Any],
    format: TableFormat,
    *,
    csv_columns: Sequence[str],
    plain: Callable[[Sequence[Any]], str],
    table: Callable[[Sequence[Any]], RenderableType],
    empty: str,
) -> None:
    """Print a listing the way it was asked for: JSON, CSV, a Rich table, or plain lines.

    table is the renderer (from filmlog.render) for a terminal; empty is said
    (on stderr) in a terminal when there are no rows.
    """
    from filmlog import formats

    if format is TableFormat.json:
        out(formats.rows_to_json(rows))
    elif format is TableFormat.csv:
        out(formats.rows_to_csv(rows, csv_columns))
    elif not stdout_is_terminal():
        out(plain(rows))
    elif rows:
        show(table(rows))
    else:
        say(empty)


def debug_enabled(ctx: Any = None) -> bool:
    if os.environ.get("FILMLOG_DEBUG", "") not in ("", "0"):
        return True
    root = ctx.find_root() if ctx is not None else None
    return bool(root and (root.obj or {}).get("debug"))


def confirm(question: str, yes: bool) -> None:
    """Ask before removing something; without a terminal, --yes must say it."""
    if yes:
        return
    if not stdin_is_terminal():
        from filmlog.errors import BadValue

        raise BadValue(f"{question[:-1]}: add --yes to remove without being asked")
    if not typer.confirm(question, default=False, err=True):
        from filmlog.errors import FilmlogError

        raise FilmlogError("nothing was removed")
