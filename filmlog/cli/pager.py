"""Long listings in a terminal: shown a screenful at a time through the user's pager.

As git does: only when the rows do not fit on the screen, through
$FILMLOG_PAGER, else $PAGER, else `less -FRX` (colours kept, quits by itself
when one screen is enough); an empty FILMLOG_PAGER (or `cat`) means no pager.
Rows are rendered in chunks as they arrive, so the first screen comes at
once and memory does not grow with the journal.
"""

from __future__ import annotations

import io
import os
import shlex
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from itertools import islice
from typing import IO, TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

T = TypeVar("T")
CHUNK = 200  # rows rendered at a time once the pager runs


def pager_command() -> list[str] | None:
    """The pager to run, or None to print directly."""
    for var in ("FILMLOG_PAGER", "PAGER"):
        if var in os.environ:
            value = os.environ[var].strip()
            return None if value in ("", "cat") else shlex.split(value)
    less = shutil.which("less")
    return [less, "-FRX"] if less else None


def show_rows(
    console: Console,
    rows: Iterable[T],
    table: Callable[[Sequence[T], bool], RenderableType],
) -> bool:
    """Render rows in a terminal, through the pager when there are more than a screen holds.

    table(chunk, first) renders a chunk of rows (first: with its header).
    Returns False when there were no rows at all.
    """
    it = iter(rows)
    lines = max(console.height - 2, 1)
    screen = list(islice(it, lines))  # a row takes a line at least: no more can fit
    if not screen:
        return False
    more = next(it, None)
    first = [*screen, *([] if more is None else [more])]
    # The pager is for what does not fit on the screen: counted in lines drawn, not rows
    # (a search hit takes three lines, a film card dozens).
    taller = more is not None or _height(console, table(first, True)) > lines
    command = pager_command() if taller else None
    if command is None:
        console.print(table(first, True))
        for chunk in _chunks(it):
            console.print(table(chunk, False))
        return True
    with _paging(console, command) as paged:
        paged.print(table(first, True))
        for chunk in _chunks(it):
            paged.print(table(chunk, False))
    return True


def show_one(console: Console, renderable: RenderableType) -> None:
    """One renderable (a film card): through the pager when it is taller than the screen."""
    command = pager_command() if _height(console, renderable) > console.height - 2 else None
    if command is None:
        console.print(renderable)
        return
    with _paging(console, command) as paged:
        paged.print(renderable)


def _height(console: Console, renderable: RenderableType) -> int:
    return len(console.render_lines(renderable, console.options, pad=False))


def _chunks(rows: Iterator[T]) -> Iterator[list[T]]:
    while chunk := list(islice(rows, CHUNK)):
        yield chunk


@contextmanager
def _paging(console: Console, command: list[str]) -> Iterator[Console]:
    """A console writing into the pager; the user quitting it early stops the output quietly."""
    from rich.console import Console

    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE)
    except OSError:  # the pager named does not run: print directly
        yield console
        return
    stdin = cast(IO[bytes], pager.stdin)
    text = io.TextIOWrapper(stdin, encoding="utf-8", errors="replace", write_through=False)

    class PagerConsole(Console):
        def on_broken_pipe(self) -> None:
            # Rich exits the program (status 1); the person quitting the pager is no error.
            raise BrokenPipeError

    paged = PagerConsole(
        file=text,
        force_terminal=True,
        color_system=console.color_system,  # type: ignore[arg-type]
        width=console.width,
        highlight=False,
        soft_wrap=False,
        no_color=console.no_color,
    )
    # Like git: Ctrl-C belongs to the pager while it runs.
    previous: Any = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with suppress(BrokenPipeError):
            yield paged
            text.flush()
    finally:
        with suppress(BrokenPipeError, OSError):
            text.close()
        pager.wait()
        signal.signal(signal.SIGINT, previous)
