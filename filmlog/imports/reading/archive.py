"""What an import is given: a folder, a .zip, or one file, read with bounded memory and time.

Every file an import opens comes through here, and is refused in one line,
before it is read, when it cannot be an export: a FIFO or a device (which
would be read for ever), a file or a .zip member larger than any export
(MAX_FILE), a .zip that unpacks to more than MAX_ARCHIVE or packs a member
more than MAX_RATIO times (a compression bomb), a .zip inside the .zip. A
.zip member is never read past the size its header declares (zipfile stops
there, and checks the CRC).
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO

from filmlog.values.errors import FilmlogError

MB = 1024 * 1024
MAX_FILE = 200 * MB  # the largest real export file is a few MB
MAX_ARCHIVE = 1024 * MB
MAX_REASON = 800  # characters of a refusal's reason (it may quote the file)
MAX_RATIO = 100  # text packs 5 to 10 times; a bomb, thousands of times
RATIO_FROM = 1 * MB  # a tiny member may pack any way it likes


class ImportRefused(FilmlogError):
    """An export file cannot be imported as it is; nothing was written."""

    def __init__(self, file: str, reason: str, line: int | None = None, unit: str = "line") -> None:
        # A reason may quote a cell or a header of the file: a crafted one may be megabytes.
        reason = bounded(reason, MAX_REASON)
        where = f"{file}, {unit} {line}" if line else file
        super().__init__(f"{where}: {reason}" if file else reason)
        self.file = file
        self.reason = reason
        self.line = line


class ForeignFile(ImportRefused):
    """A file that is no file of the source it was given to (perhaps another source's)."""

    def __init__(self, member: Member, reason: str) -> None:
        super().__init__(member.label, reason)
        self.member = member


class Member:
    """One file of an export, wherever it is kept."""

    __slots__ = ("archive", "name", "passed_over", "path", "problem", "zip_name")

    def __init__(
        self,
        name: str,  # the path inside the export, for messages and to classify it
        path: Path,  # the file itself, or the .zip that holds it
        zip_name: str | None = None,  # set when the file is inside a .zip
        # Why it cannot be read (a FIFO, a folder that cannot be listed, a link out of the
        # export): opening it is refused with this, so that the import names it.
        problem: str | None = None,
        # Not a file of the export at all (a folder that cannot be listed, a FIFO or a
        # device, a link out of it): named as not imported, never read, never refusing the
        # import.
        passed_over: bool = False,
        archive: zipfile.ZipFile | None = None,  # the .zip, opened once for its members
    ) -> None:
        self.name = name
        self.path = path
        self.zip_name = zip_name
        self.problem = problem
        self.passed_over = passed_over
        self.archive = archive

    def _key(self) -> tuple[object, ...]:
        return (self.name, self.path, self.zip_name, self.problem, self.passed_over)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Member) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def open_binary(self) -> IO[bytes]:
        if self.problem is not None:
            raise ImportRefused(self.label, self.problem)
        if self.zip_name is None:
            return self.path.open("rb")
        # The .zip is opened once for all its members: opening it again for each one
        # reads its whole directory each time (quadratic in a zip of many small files).
        archive = self.archive if self.archive is not None else zipfile.ZipFile(self.path)
        return archive.open(self.zip_name)

    @property
    def label(self) -> str:
        """How messages name the file: its path, or `export.zip:lists/x.csv`."""
        return f"{self.path.name}:{self.zip_name}" if self.zip_name else str(self.path)

    @property
    def parts(self) -> tuple[str, ...]:
        return PurePosixPath(self.name).parts


def _kept(name: str) -> bool:
    """Not a file a system left beside the export (macOS's __MACOSX/, ._x, .DS_Store)."""
    return not any(part.startswith(".") or part == "__MACOSX" for part in PurePosixPath(name).parts)


def _size(n: int) -> str:
    return f"{n / MB:,.0f} MB" if n >= MB else f"{n:,} bytes"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (a named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket" if stat.S_ISSOCK(mode) else "not a regular file"


def check_file(path: Path, *, limit: int = MAX_FILE) -> os.stat_result:
    """A path that is a readable regular file (or a folder) of a sane size, or a refusal."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ImportRefused(str(path), "no such file or folder") from None
    except OSError as exc:
        raise ImportRefused(str(path), f"cannot be read ({exc.strerror or exc})") from None
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        return info
    if not stat.S_ISREG(mode):
        raise ImportRefused(
            str(path), f"is {_kind(mode)}, not a file: give the export's file or folder"
        )
    if info.st_size > limit:
        raise ImportRefused(
            str(path), f"is {_size(info.st_size)}, larger than any export ({_size(limit)} at most)"
        )
    return info


def members(path: Path) -> list[Member]:
    """The files of an export given as a folder, a .zip, or one file."""
    info = check_file(path, limit=MAX_ARCHIVE)
    if stat.S_ISDIR(info.st_mode):
        return _folder_members(path)
    if zipfile.is_zipfile(path):
        return _zip_members(path)
    if path.suffix.lower() == ".zip" or _starts_like_a_zip(path):
        raise ImportRefused(
            str(path), "a damaged .zip (it cannot be opened): download the export again"
        )
    check_file(path)
    return [Member(path.name, path)]


def _folder_members(path: Path) -> list[Member]:
    """The files of an export's folder. A member that cannot be read (a FIFO, a device, a
    folder that cannot be listed) is kept with its problem, so the import names it; a
    link that leads out of the folder is never followed."""
    inside = path.resolve()
    found = []

    def unlistable(exc: OSError) -> None:
        name = Path(str(exc.filename)).relative_to(path).as_posix() + "/"
        if _kept(name):
            found.append(Member(name, Path(exc.filename), problem=_cannot(exc), passed_over=True))

    for folder, folders, files in os.walk(path, onerror=unlistable):
        folders.sort()
        for file in sorted(files):
            p = Path(folder) / file
            name = p.relative_to(path).as_posix()
            if not _kept(name):
                continue
            problem, regular = _problem(p, inside)
            found.append(Member(name, p, problem=problem, passed_over=not regular))
    return sorted(found, key=lambda m: m.name)


def _problem(p: Path, inside: Path) -> tuple[str | None, bool]:
    """Why a file of an export's folder cannot be read (or None), and whether it is a
    regular file of the export at all."""
    if p.is_symlink():
        try:
            target = p.resolve(strict=True)
        except (OSError, RuntimeError):
            return "a link to nothing: not read", False
        if not target.is_relative_to(inside):
            return "a link to a file outside the export: not read", False
    try:
        info = p.stat()
    except OSError as exc:
        return _cannot(exc), True
    if not stat.S_ISREG(info.st_mode):
        return f"is {_kind(info.st_mode)}, not a file: not read", False
    if info.st_size > MAX_FILE:
        size = f"is {_size(info.st_size)}, larger than any export ({_size(MAX_FILE)} at most)"
        return size, True
    return None, True


def _cannot(exc: OSError) -> str:
    return f"cannot be read ({exc.strerror or exc})"


def _starts_like_a_zip(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def _zip_members(path: Path) -> list[Member]:
    try:
        archive = zipfile.ZipFile(path)
        infos = [i for i in archive.infolist() if not i.is_dir() and _kept(i.filename)]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportRefused(str(path), f"a damaged .zip ({exc})") from None
    total = 0
    names: set[str] = set()
    for i in infos:
        if i.filename.casefold() in names:
            raise ImportRefused(
                str(path),
                f"holds two files named {_shown(i.filename)}: which one is the export's cannot"
                " be told; download the export again",
            )
        names.add(i.filename.casefold())
        if i.flag_bits & 0x1:
            raise ImportRefused(
                f"{path.name}:{i.filename}", "is encrypted: unzip it with its password first"
            )
        label = f"{path.name}:{i.filename}"
        if i.filename.lower().endswith(".zip"):
            raise ImportRefused(label, "a .zip inside the .zip: unzip it and give the inner one")
        if i.file_size > MAX_FILE:
            raise ImportRefused(
                label, f"unpacks to {_size(i.file_size)}, larger than any export file"
            )
        if i.file_size > RATIO_FROM and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise ImportRefused(
                label,
                f"packs {_size(i.file_size)} into {_size(i.compress_size)}:"
                " no export packs like that (a compression bomb?)",
            )
        total += i.file_size
    if total > MAX_ARCHIVE:
        raise ImportRefused(str(path), f"unpacks to {_size(total)}, more than any export")
    return [
        Member(i.filename, path, i.filename, archive=archive)
        for i in sorted(infos, key=lambda i: i.filename)
    ]


def bounded(text: str, most: int) -> str:
    """A message cut in its middle when longer than most: its start (what) and its end (how
    to fix it) kept."""
    if len(text) <= most:
        return text
    tail = most // 4
    return text[: most - tail - 1] + "…" + text[-tail:]


def _shown(name: str, most: int = 80) -> str:
    """A name from a file, bounded for a message (a crafted one may be any length)."""
    return name if len(name) <= most else name[: most - 1] + "…"


@contextmanager
def reading(member: Member) -> Iterator[None]:
    """Errors of reading a member (a damaged .zip, a file gone away) as refusals."""
    try:
        yield
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise ImportRefused(member.label, f"cannot be read from the .zip ({exc})") from None
    except OSError as exc:
        raise ImportRefused(member.label, f"cannot be read ({exc.strerror or exc})") from None


def read_whole(member: Member, limit: int = MAX_FILE) -> bytes:
    """A member's bytes, at most limit of them (a file that grew is refused, not read on)."""
    with reading(member), member.open_binary() as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise ImportRefused(member.label, f"larger than any export file ({_size(limit)} at most)")
    return data
