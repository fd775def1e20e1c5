"""Writing a review in the person's own editor ($VISUAL, else $EDITOR)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from filmlog.values.errors import FilmlogError


def editor_command(*, interactive: bool) -> list[str]:
    """$VISUAL, else $EDITOR; in a terminal, else nano or vi. Without a terminal, an editor
    must be named: vi on a pipe would wait for keys that never come."""
    for var in ("VISUAL", "EDITOR"):
        value = os.environ.get(var, "").strip()
        if value:
            return shlex.split(value)
    if not interactive:
        raise FilmlogError(
            "no editor to write the review in: set $EDITOR, or give the review with"
            " --review or --review-file"
        )
    for fallback in ("nano", "vi"):
        if shutil.which(fallback):
            return [fallback]
    raise FilmlogError("no editor found: set $EDITOR (e.g. export EDITOR=nano)")


def edit_text(initial: str = "", *, interactive: bool = True, keep_empty: bool = True) -> str:
    """Open the editor on initial text and return what was saved.

    The file is private (0600), lives only while the editor runs, and the
    editor is started without a shell, so nothing in $EDITOR is interpreted
    twice.
    """
    command = editor_command(interactive=interactive)
    fd, name = tempfile.mkstemp(prefix="filmlog-review-", suffix=".md")
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(initial)
        try:
            result = subprocess.run([*command, str(path)], check=False)
        except OSError as exc:
            raise FilmlogError(
                f"could not start the editor {command[0]!r}: {exc.strerror}"
            ) from exc
        if result.returncode != 0:
            raise FilmlogError(
                f"the editor {command[0]!r} exited with status {result.returncode}: nothing saved"
            )
        written = path.read_text(encoding="utf-8")
        if not keep_empty and initial.strip() and not written.strip():
            # as git does with an empty message: an emptied file cancels, it removes nothing
            raise FilmlogError(
                "the editor left the review empty: nothing changed (to remove the review,"
                " use --review '')"
            )
        return written
    finally:
        path.unlink(missing_ok=True)
