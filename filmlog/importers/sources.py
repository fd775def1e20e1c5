"""Reading export files: from a folder, a .zip or one file, as checked CSV rows.

Every refusal names the file and what is wrong with it, before anything is
written: an empty file, one that is not text, another separator, missing
columns.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from filmlog.errors import FilmlogError
from filmlog.keys import key

# Letterboxd reviews and list descriptions can be long.
csv.field_size_limit(16 * 1024 * 1024)


class ImportRefused(FilmlogError):
    """The file cannot be imported; nothing was written."""


@dataclass(frozen=True)
class Member:
    """One file of an export, wherever it is kept."""

    name: str  # the path inside the export, for messages and to classify it
    path: Path
    zip_name: str | None = None  # set when the file is inside a .zip

    def open_binary(self) -> IO[bytes]:
        if self.zip_name is None:
            return self.path.open("rb")
        archive = zipfile.ZipFile(self.path)
        return archive.open(self.zip_name)

    @property
    def label(self) -> str:
        return f"{self.path.name}:{self.zip_name}" if self.zip_name else str(self.path)


def members(path: Path) -> list[Member]:
    """The files of an export given as a folder, a .zip, or one file."""
    if not path.exists():
        raise ImportRefused(f"{path}: no such file or folder")
    if path.is_dir():
        return [
            Member(p.relative_to(path).as_posix(), p)
            for p in sorted(path.rglob("*"))
            if p.is_file()
        ]
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                names = [i.filename for i in archive.infolist() if not i.is_dir()]
        except (zipfile.BadZipFile, OSError) as exc:
            raise ImportRefused(f"{path}: not a readable .zip ({exc})") from exc
        return [Member(n, path, n) for n in sorted(names)]
    return [Member(path.name, path)]


def detect_encoding(member: Member, fallback: str | None) -> str:
    """utf-8 (with or without a BOM); or the fallback when the bytes are not UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with member.open_binary() as f:
        first = True
        while chunk := f.read(1 << 16):
            if first and b"\x00" in chunk:
                raise ImportRefused(f"{member.label}: not a text file")
            first = False
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                if fallback:
                    return fallback
                raise ImportRefused(
                    f"{member.label}: not UTF-8 text; is it the file the export wrote?"
                ) from None
    return "utf-8-sig"


def open_text(member: Member, encoding: str) -> IO[str]:
    with member.open_binary() as f:
        if b"\x00" in f.read(1 << 13):
            raise ImportRefused(f"{member.label}: not a text file")
    return io.TextIOWrapper(member.open_binary(), encoding=encoding, newline="")


@dataclass
class Row:
    line: int
    values: dict[str, str]  # keyed by the column's key: "Watched Date" -> "watcheddate"

    def get(self, column: str) -> str:
        return (self.values.get(column) or "").strip()


def read_rows(
    member: Member,
    required: tuple[str, ...],
    *,
    encoding: str = "utf-8-sig",
    stream: IO[str] | None = None,
) -> Iterator[Row]:
    """Rows of a CSV file by column name, after checking its header."""
    f = stream or open_text(member, encoding)
    try:
        reader = csv.reader(f)
        header = next((r for r in reader if any(c.strip() for c in r)), None)
        if header is None:
            raise ImportRefused(f"{member.label}: the file is empty")
        check_header(member, header, required)
        keys = [key(h) for h in header]
        for record in reader:
            if not any(c.strip() for c in record):
                continue
            yield Row(reader.line_num, dict(zip(keys, record, strict=False)))
    except UnicodeDecodeError:
        raise ImportRefused(f"{member.label}: not UTF-8 text") from None
    except csv.Error as exc:
        raise ImportRefused(f"{member.label}: not a readable CSV file ({exc})") from None
    finally:
        if stream is None:
            f.close()


def check_header(member: Member, header: list[str], required: tuple[str, ...]) -> None:
    if len(header) == 1:
        for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars")):
            if header[0].count(sep) >= 2:
                raise ImportRefused(
                    f"{member.label}: columns are separated by {name}, not commas;"
                    " this is not the file the export wrote"
                )
    have = {key(h) for h in header}
    missing = [c for c in required if key(c) not in have]
    if missing:
        raise ImportRefused(
            f"{member.label}: missing the column{'s' if len(missing) > 1 else ''} "
            + ", ".join(repr(m) for m in missing)
            + f" (found {', '.join(h.strip() for h in header)})"
        )
