"""What the commands share: options, opening the journal, and where output goes."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

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


@contextmanager
def bulk_stdout() -> Iterator[TextIO]:
    """stdout for a long output, written in large blocks (even under PYTHONUNBUFFERED)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a test's capture, or an odd stream: write to it as it is
        yield sys.stdout
        return
    sys.stdout.flush()
    out = io.TextIOWrapper(buffer, encoding=sys.stdout.encoding, errors=sys.stdout.errors)
    try:
        yield out
        out.flush()
    finally:
        out.detach()  # stdout stays open for what follows


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
    rows: Iterable[Any],
    format: TableFormat,
    *,
    csv_columns: Sequence[str],
    plain: Callable[[Any], Iterable[object]],
    table: Callable[[Sequence[Any], bool], RenderableType],
    empty: str | Callable[[], str],
) -> int:
    """Write a listing as it is read: JSON, CSV, tab-separated lines, or (in a terminal)
    Rich tables a chunk at a time, through the pager when long. How many rows it had.

    plain gives a row's fields for a line; table renders a chunk of rows;
    empty is said (on stderr) in a terminal when there are none. Call it while
    the journal is open: the rows are read as they are written.
    """
    from filmlog import formats

    counted = _Counted(rows)
    if format is not TableFormat.table or not stdout_is_terminal():
        with bulk_stdout() as stream:
            if format is TableFormat.json:
                formats.write_json_rows(stream, counted)
            elif format is TableFormat.csv:
                formats.write_csv_rows(stream, counted, csv_columns)
            else:
                formats.write_lines(stream, counted, plain)
    else:
        from filmlog.cli.pager import show_rows

        if not show_rows(console(), counted, table):
            say(empty() if callable(empty) else empty)
    return counted.n


class _Counted:
    """Rows, counted as they go by."""

    def __init__(self, rows: Iterable[Any]) -> None:
        self.rows = iter(rows)
        self.n = 0

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> Any:
        row = next(self.rows)
        self.n += 1
        return row


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
