"""A review as `add` and `edit` take it: typed, from a file or stdin, or in the editor."""

from __future__ import annotations

import sys
from pathlib import Path

from filmlog.cli.common import stdin_is_terminal, stdout_is_terminal
from filmlog.values.errors import BadValue

MAX_REVIEW_BYTES = 4 * 1024 * 1024  # a review is words; a longer file is the wrong file


def interactive() -> bool:
    return stdin_is_terminal() and stdout_is_terminal()


def review_text(text: str | None, file: str | None, edit: bool, initial: str = "") -> str | None:
    """The review from exactly one of --review, --review-file or --edit (None: none)."""
    one_way(text, file, edit)
    if file is not None:
        return _read_review_file(file)
    if edit:
        from filmlog.journal.editor import edit_text

        return tidy(edit_text(initial, interactive=interactive(), keep_empty=False))
    return tidy(text) if text is not None else None


def one_way(text: str | None, file: str | None, edit: bool) -> None:
    given = [
        name for name, v in (("--review", text), ("--review-file", file), ("--edit", edit)) if v
    ]
    if len(given) > 1:
        raise BadValue(f"give the review one way only, not {' and '.join(given)}")


def tidy(text: str) -> str:
    """The review as written, without blank lines around it."""
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(line.rstrip() for line in lines)


def _read_review_file(name: str) -> str:
    """A review from a file (or a pipe: `--review-file <(…)`, or - for stdin), read with a
    bound: a file far larger than any review is refused, not read into memory."""
    if name == "-":
        data = sys.stdin.buffer.read(MAX_REVIEW_BYTES + 1)
        source = "standard input"
    else:
        path = Path(name).expanduser()
        source = str(path)
        if path.is_dir():
            raise BadValue(f"--review-file {name}: is a folder, not a file")
        try:
            with path.open("rb") as f:
                data = f.read(MAX_REVIEW_BYTES + 1)
        except FileNotFoundError:
            raise BadValue(f"--review-file {name}: no such file") from None
        except OSError as exc:
            raise BadValue(f"--review-file {name}: {exc.strerror}") from None
    if len(data) > MAX_REVIEW_BYTES:
        raise BadValue(
            f"the review in {source} is over {MAX_REVIEW_BYTES // 1024 // 1024} MB:"
            " is it the right file?"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadValue(f"the review in {source} is not UTF-8 text: save it as UTF-8") from None
    return tidy(text)
