"""What the commands share: options, opening the journal, and where output goes."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO, cast

import typer

from filmlog.journal.paths import journal_path
from filmlog.values.display import printable

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from filmlog.journal.db import Journal


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class CardFormat(StrEnum):
    table = "table"
    json = "json"


def _a_journal_path(value: str | None) -> Path | None:
    if value is None:
        return None
    if not value.strip():
        raise typer.BadParameter("give the journal's file, e.g. --db ~/films.db")
    if "\x00" in value:
        raise typer.BadParameter("the path contains a NUL character: type it again without it")
    return Path(value)


DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="The journal file (default: $FILMLOG_DB, else filmlog.db in your data folder).",
        show_default=False,
        parser=_a_journal_path,
        metavar="PATH",
    ),
]
TableFormatOption = Annotated[
    TableFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]


def _film_year(text: str) -> int:
    """A film's --year: a year, or `none` for the film of that title that has none."""
    from filmlog.journal.titles import NO_YEAR
    from filmlog.values.checks import check_year

    given = text.strip().lower()
    if given in ("none", "unknown", "no"):
        return NO_YEAR
    if not given.isdigit():
        raise typer.BadParameter(f"give a year like 1994, or none (not {text!r})")
    return check_year(int(given))


FilmYearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        "-y",
        help="Release year; none for the film of that title without one.",
        parser=_film_year,
        metavar="YEAR",
    ),
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


def open_for(ctx: typer.Context, db: Path | None, *, write: bool, dry_run: bool = False) -> Journal:
    """The journal of this command; dry_run: a copy in memory, thrown away at the end."""
    from filmlog.journal.db import open_journal

    journal = open_journal(resolve_path(ctx, db), write=write, dry_run=dry_run)
    if write and not dry_run:
        from filmlog.cli.syncing import publish_after

        publish_after(ctx, db)
    return journal


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def out(text: str) -> None:
    """Data, to stdout: as stored when piped, made harmless when a terminal draws it."""
    text = text if text.endswith("\n") or not text else text + "\n"
    sys.stdout.write(printable(text) if stdout_is_terminal() else text)


class _Drawn(io.TextIOBase):
    """A stream to a terminal: what is written is made harmless first (values.display)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(printable(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()


@contextmanager
def bulk_stdout() -> Iterator[TextIO]:
    """stdout for a long output, written in large blocks (even under PYTHONUNBUFFERED).

    Piped, the text goes out as stored; to a terminal, made harmless.
    """
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a test's capture, or an odd stream: write to it as it is
        yield cast(TextIO, _Drawn(sys.stdout)) if stdout_is_terminal() else sys.stdout
        return
    sys.stdout.flush()
    out = io.TextIOWrapper(buffer, encoding=sys.stdout.encoding, errors=sys.stdout.errors)
    try:
        yield cast(TextIO, _Drawn(out)) if stdout_is_terminal() else out
        out.flush()
    finally:
        out.detach()  # stdout stays open for what follows


def say(message: str) -> None:
    """A message for the person, to stderr, made harmless (it may quote a file or a title)."""
    sys.stderr.write(printable(message) + "\n")


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    # Rich honours NO_COLOR and plain pipes by itself.
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def show(renderable: RenderableType) -> None:
    console().print(renderable)


# Terminals known to make OSC 8 links clickable, by what they set in the environment.
_LINKING = {"TERM_PROGRAM": ("iTerm.app", "WezTerm", "vscode", "Hyper", "ghostty", "Tabby")}


def terminal_links() -> bool:
    """Whether links can be drawn clickable (FILMLOG_LINKS=1 or 0 says; else what the
    terminal is known to do). Where they cannot, a link shows its address."""
    said = os.environ.get("FILMLOG_LINKS", "").strip()
    if said:
        return said not in ("0", "no", "false")
    if any(os.environ.get(var) in names for var, names in _LINKING.items()):
        return True
    vte = os.environ.get("VTE_VERSION", "")
    return (vte.isdigit() and int(vte) >= 5000) or bool(
        os.environ.get("KITTY_WINDOW_ID") or os.environ.get("WT_SESSION")
    )


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
    table: Callable[[], Callable[[Sequence[Any], bool], RenderableType]],
    empty: str | Callable[[], str],
) -> int:
    """Write a listing as it is read: JSON, CSV, tab-separated lines, or (in a terminal)
    Rich tables a chunk at a time, through the pager when long. How many rows it had.

    plain gives a row's fields for a line; table gives what renders a chunk of rows (asked
    for only in a terminal: piped output loads no renderer);
    empty is said (on stderr) in a terminal when there are none. Call it while
    the journal is open: the rows are read as they are written.
    """
    from filmlog.present import formats

    counted = Counted(rows)
    if format is not TableFormat.table or not stdout_is_terminal():
        with bulk_stdout() as stream:
            if format is TableFormat.json:
                from filmlog.present import json_csv

                json_csv.write_json_rows(stream, counted)
            elif format is TableFormat.csv:
                from filmlog.present import json_csv

                json_csv.write_csv_rows(stream, counted, csv_columns)
            else:
                formats.write_lines(stream, counted, plain)
    else:
        from filmlog.cli.pager import show_rows

        if not show_rows(console(), counted, table()):
            say(empty() if callable(empty) else empty)
    return counted.n


class Counted:
    """Rows, counted as they go by."""

    def __init__(self, rows: Iterable[Any]) -> None:
        self.rows = iter(rows)
        self.n = 0

    def __iter__(self) -> Counted:
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


def ask_yes(question: str, *, default: bool) -> bool:
    """A yes-or-no question on the terminal (on stderr, the question made harmless)."""
    return typer.confirm(printable(question), default=default, err=True)


def ask(question: str, *, default: Any = "", type: Any = None) -> Any:
    """A question on the terminal (on stderr); the answer as typed, or of type."""
    return typer.prompt(
        printable(question), default=default, show_default=default != "", type=type, err=True
    )


def confirm(question: str, yes: bool) -> bool:
    """Ask before removing something; without a terminal, --yes must say it.

    False when the person answers no (which is no error: nothing is removed).
    """
    if yes:
        return True
    if not stdin_is_terminal():
        from filmlog.values.errors import BadValue

        raise BadValue(f"{question[:-1]}: add --yes to remove without being asked")
    return ask_yes(question, default=False)
