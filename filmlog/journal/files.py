"""Files filmlog writes beside the journal (exports, backups, settings, pictures).

Each is written whole or not at all (a temporary file beside it, renamed over
it when complete), readable by its owner only, and an existing file (or a
symlink, which is never followed) is replaced only when the person says so.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO

from filmlog.values.errors import FilmlogError


def check_target(path: Path, *, force: bool) -> None:
    """Refuse a target that exists (without force), is a folder, or has no folder."""
    if path.is_dir():
        raise FilmlogError(f"{path} is a folder: give a file name")
    if os.path.lexists(path) and not force:
        raise FilmlogError(f"{path} exists: add --force to overwrite it")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FilmlogError(f"the folder {folder} does not exist")


def make_folders(folder: Path) -> None:
    """A folder and every missing folder above it, each private to its owner (0700)."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for each in reversed(missing):
        with suppress(FileExistsError):  # made a moment ago by another filmlog
            each.mkdir(mode=0o700)
        os.chmod(each, 0o700)  # mkdir's mode is cut by the umask


@contextmanager
def replacing(path: Path, *, force: bool = False) -> Iterator[Path]:
    """A private temporary file beside path, put in its place when the block succeeds.

    When writing fails (a full disk), the temporary file goes and the error names path:
    no partial file is ever left, under its name or another.
    """
    check_target(path, force=force)
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise FilmlogError(f"cannot write {path}: {exc.strerror or exc}") from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise FilmlogError(
            f"could not write {path}: {exc.strerror or exc}; nothing was written"
        ) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def writing_text(path: Path, *, force: bool = False) -> Iterator[TextIO]:
    """A text file written whole or not at all (UTF-8, lines as given), private."""
    with replacing(path, force=force) as tmp, tmp.open("w", encoding="utf-8", newline="") as f:
        yield f
        f.flush()
        os.fsync(f.fileno())
