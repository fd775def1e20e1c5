"""Reading export files as a person would: one reader for every file of every source.

A file comes from a folder, a .zip (with or without a top folder) or on its
own. Its encoding is worked out from its bytes (UTF-8 with or without a BOM,
UTF-16 with a BOM, else a Windows code page); its header is found by its
column names among the first lines, wherever the export put it (after a
`Letterboxd list export v7` line, a blank line, a BOM); columns come in any
order and unknown ones are ignored; CRLF and LF are both line ends. Every
refusal names the file (and the line) and what is wrong with it.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from itertools import chain
from operator import attrgetter, itemgetter
from typing import IO

from filmlog.imports.reading.archive import ImportRefused, Member, members, reading
from filmlog.imports.reading.cells import BadDate, DateOrder, FileDates
from filmlog.values import csvout
from filmlog.values.errors import BadValue
from filmlog.values.keys import key

__all__ = [
    "Columns",
    "CsvFile",
    "ImportRefused",
    "Member",
    "Row",
    "members",
    "open_text",
    "read_rows",
]

# Letterboxd reviews and list descriptions can be long.
csv.field_size_limit(16 * 1024 * 1024)

HEADER_WITHIN = 10  # non-blank lines in which a header must appear
_SNIFF = 1 << 16


def encoding_of(member: Member) -> str:
    """How the file's text is encoded, from its bytes; refuses what is not text."""
    with reading(member), member.open_binary() as f:
        head = f.read(_SNIFF)
        if not head.strip():
            raise ImportRefused(member.label, "the file is empty")
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"  # Excel's "Unicode text"
        if not head.strip(b"\x00 \r\n\t"):
            raise ImportRefused(member.label, "the file holds only zero bytes, no text")
        if b"\x00" in head:
            raise ImportRefused(member.label, "not a text file")
        decoder = codecs.getincrementaldecoder("utf-8")()
        chunk = head
        try:
            while chunk:
                decoder.decode(chunk)
                chunk = f.read(_SNIFF)
            decoder.decode(b"", final=True)
            return "utf-8-sig"
        except UnicodeDecodeError:
            pass
    # Not UTF-8: a file saved again by a spreadsheet on Windows, most likely.
    with reading(member), member.open_binary() as f:
        windows = codecs.getincrementaldecoder("cp1252")()
        try:
            while chunk := f.read(_SNIFF):
                windows.decode(chunk)
            windows.decode(b"", final=True)
            return "cp1252"
        except UnicodeDecodeError:
            return "latin-1"


def open_text(member: Member) -> IO[str]:
    encoding = encoding_of(member)
    with reading(member):
        return io.TextIOWrapper(member.open_binary(), encoding=encoding, newline="")


class Columns:
    """A table's column keys in order ("Watched Date" -> "watcheddate"), and where each is
    (a key written twice: its last column, as a row's values have it)."""

    __slots__ = ("at", "keys")

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self.at = {k: n for n, k in enumerate(keys)}

    def places(self, keys: Iterable[str]) -> tuple[list[int], int]:
        """Where these columns are in a row's cells (one the table lacks: the blank cell
        after its last), and how many cells a row needs for them all (Row.padded)."""
        blank = len(self.keys)
        places = [self.at.get(k, blank) for k in keys]
        return places, max(places, default=-1) + 1


class Row:
    """One record of a table: its line, its cells as read, and its values by column key,
    made when first asked (a large file's hot loop reads its cells by position)."""

    __slots__ = ("_values", "cells", "columns", "line")

    def __init__(self, line: int, cells: list[str], columns: Columns) -> None:
        self.line = line
        self.cells = cells
        self.columns = columns
        self._values: dict[str, str] | None = None

    @classmethod
    def of(cls, line: int, values: dict[str, str]) -> Row:
        """A row of values by key (a record read some other way)."""
        row = cls(line, list(values.values()), Columns(list(values)))
        row._values = values
        return row

    @property
    def values(self) -> dict[str, str]:
        """The cells by column key; a short row's missing cells are missing."""
        values = self._values
        if values is None:
            values = self._values = dict(zip(self.columns.keys, self.cells))  # noqa: B905
        return values

    def get(self, column: str) -> str:
        value = self.values.get(column)
        return value.strip() if value else ""

    def padded(self, need: int) -> list[str]:
        """Its cells, as many as need: a short row's last ones (and the one a column the
        table lacks is read from) blank."""
        cells = self.cells
        return cells if len(cells) >= need else [*cells, *[""] * (need - len(cells))]

    def __repr__(self) -> str:
        return f"Row({self.line}, {self.values!r})"


# When two rows of a file are one: a function of the row, or the key of the column that
# says (see CsvFile.rows)
Identity = Callable[[Row], Hashable] | str

DELIMITERS = (",", ";", "\t", "|")
# What UTF-8 read as Windows-1252 (or Latin-1) and written again looks like: a C1 control
# character, or the lead of a two- or three-byte sequence followed by its continuation.
_MOJIBAKE = "[\u0080-\u009f]|[ÃÂ][\u00a0-\u00bf]|â€"


def mended(lines: Iterable[str]) -> Iterator[str]:
    """The lines of a text, those encoded twice over mended (ftfy's fix_encoding, which
    leaves text that only looks like it alone)."""
    fix: Callable[[str], str] | None = None
    mojibake: re.Pattern[str] | None = None  # (compiled for a file with a line not ASCII)
    for line in lines:
        if not line.isascii():
            mojibake = mojibake or re.compile(_MOJIBAKE)
            if mojibake.search(line):
                if fix is None:
                    from ftfy import fix_encoding

                    fix = fix_encoding
                line = fix(line)
        yield line


def delimiter_of(head: str) -> str:
    """The character between a file's columns, from its first lines: the one that splits
    its first non-blank line into the most cells (a spreadsheet set to a language whose
    decimal mark is the comma writes semicolons)."""
    first = next((line for line in head.splitlines() if line.strip()), "")
    counts = {d: len(next(csv.reader([first], delimiter=d), [])) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 1 else ","


def _blank(record: list[str]) -> bool:
    return not (record and record[0].strip()) and not "".join(record).strip()


class CsvFile:
    """The non-blank records of one CSV file, each with its line number."""

    def __init__(self, member: Member) -> None:
        self.member = member
        self.label = member.label
        self._file = open_text(member)
        with reading(member):
            head = self._file.read(_SNIFF)
            self._file.seek(0)
        self.delimiter = delimiter_of(head.lstrip("\ufeff"))
        self._reader = csv.reader(mended(self._file), delimiter=self.delimiter)

    def __enter__(self) -> CsvFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        """The records not read yet (each loop over the file goes on where the last left
        off); a file that cannot be read is refused naming it."""
        reader = self._reader
        with self._refusing():
            for record in reader:
                if not _blank(record):
                    yield reader.line_num, record

    @contextmanager
    def _refusing(self) -> Iterator[None]:
        """A file that cannot be read, refused naming it (and the line, for a CSV error):
        around a whole loop over the records, not each one (a large file's rows cost less)."""
        try:
            yield
        except UnicodeDecodeError:
            raise ImportRefused(self.member.label, "the text is not in one encoding") from None
        except csv.Error as exc:
            line = self._reader.line_num
            raise ImportRefused(
                self.member.label, f"not a readable CSV file ({exc})", line
            ) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            with reading(self.member):  # said as a refusal
                raise exc

    def header(self, required: Iterable[str], *, within: int = HEADER_WITHIN) -> list[str]:
        """The column keys of the first record that names every required column.

        Records before it (a version line, a title) are passed over; it must
        come within the first few lines.
        """
        wanted = [key(c) for c in required]
        seen: list[list[str]] = []
        for _, record in self:
            keys = [key(cell) for cell in record]
            if all(w in keys for w in wanted):
                return keys
            seen.append(record)
            if len(seen) >= within:
                break
        raise self._no_header(list(required), seen)

    def rows(
        self,
        keys: list[str],
        *,
        identity: Identity | None = None,
        repeated: Callable[[Row], None] | None = None,
    ) -> Iterator[Row]:
        """The records after the header, by column key; a repeated row only once.

        identity says when two rows are the same: a function of the row, or a column's key
        (the same non-empty value there; a row with none: every cell alike); by default
        every cell alike. repeated is told of each row left out.
        """
        seen: set[Hashable] = set()
        by = identity if callable(identity) else None
        columns = Columns(keys)
        column = columns.at.get(identity) if isinstance(identity, str) else None
        reader = self._reader
        with self._refusing():  # (one loop, no generator between: a large file's rows)
            for record in reader:
                if not (record and record[0].strip()) and _blank(record):
                    continue
                # A formula's start that filmlog's own CSV made text is given back here,
                # for every cell however a source reads it.
                cells = record
                whole = "\x00".join(record)  # (one string a row: tested once, hashed once)
                if "'" in whole:  # (most rows have no quote at all)
                    cells = [csvout.restored(c) if c[:1] == "'" else c for c in record]
                row = Row(reader.line_num, cells, columns)
                if by is not None:
                    same = by(row)
                else:
                    same = None
                    if column is not None and column < len(cells):
                        same = cells[column].strip()
                    if not same:  # every cell alike
                        same = tuple(record) if whole.count("\x00") >= len(record) else whole
                if same in seen:
                    if repeated:
                        repeated(row)
                    continue
                seen.add(same)
                yield row

    def _no_header(self, required: list[str], seen: list[list[str]]) -> ImportRefused:
        label = self.member.label
        if not seen:
            return ImportRefused(label, "the file is empty")
        best = max(seen, key=lambda r: sum(key(c) in {key(x) for x in r} for c in required))
        have = {key(c) for c in best}
        missing = [c for c in required if key(c) not in have]
        found = ", ".join(c.strip() for c in best if c.strip())
        return ImportRefused(
            label,
            f"missing the column{'s' if len(missing) > 1 else ''} "
            + ", ".join(repr(m) for m in missing)
            + f" (found {found[:200]})",
        )


def read_rows(
    member: Member,
    required: tuple[str, ...],
    *,
    identity: Identity | None = None,
    repeated: Callable[[Row], None] | None = None,
) -> Iterator[Row]:
    """The rows of a one-table CSV file by column key, once its header is found."""
    with CsvFile(member) as f:
        keys = f.header(required)
        yield from f.rows(keys, identity=identity, repeated=repeated)


def table(
    member: Member,
    required: tuple[str, ...],
    *,
    identity: Identity | None = None,
    repeated: Callable[[Row], None] | None = None,
) -> list[Row]:
    """Every row of a one-table file, read whole (a file's dates are read in the order that
    fits them all, so all of them are needed before any)."""
    with CsvFile(member) as f:
        keys = f.header(required)
        return list(f.rows(keys, identity=identity, repeated=repeated))


def _flat_map(
    f: Callable[[list[str]], tuple[str, ...]], rows: Iterable[list[str]]
) -> Iterable[str]:
    """The cells f takes of each row, row after row (as map, for several columns)."""
    return chain.from_iterable(map(f, rows))


def dates_of(
    member: Member, rows: list[Row], columns: dict[str, str], order: DateOrder
) -> FileDates:
    """The dates of a file's rows (columns: the key of each date column, and its name as the
    file writes it), read in the order that fits them all; a date no order reads is
    refused naming its line and column."""
    values: Iterable[str] = ()
    if rows and columns:  # (a large file's 200,000 dates: read by position, each once)
        places, need = rows[0].columns.places(columns)
        cells_of = itemgetter(*places)
        each = map if len(places) == 1 else _flat_map
        try:
            values = dict.fromkeys(each(cells_of, map(attrgetter("cells"), rows)))
        except IndexError:  # short rows: their last cells blank
            values = dict.fromkeys(each(cells_of, [r.padded(need) for r in rows]))
    try:
        return order.of(values)
    except BadDate as exc:
        for row in rows:
            for column, label in columns.items():
                if row.values.get(column, "").strip() == exc.value:
                    raise ImportRefused(
                        member.label, f"{label} {exc.value!r} {exc.problem}", row.line
                    ) from None
        raise ImportRefused(member.label, exc.message) from None
    except BadValue as exc:
        raise ImportRefused(member.label, exc.message) from None


def head_of(member: Member) -> tuple[set[str], bytes]:
    """The column keys of a file's first line with several cells, and its first bytes: what
    tells which source's file it is."""
    start = b""
    try:
        with reading(member), member.open_binary() as f:
            start = f.read(4096)
        with CsvFile(member) as f:
            for n, (_, record) in enumerate(f):
                if len(record) > 1:
                    return {key(c) for c in record}, start
                if n >= 3:
                    break
    except ImportRefused:
        pass
    return set(), start
