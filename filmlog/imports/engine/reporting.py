"""What an import says as it reads, beside what it writes: how far it is, what it left
out and why, what it guessed, and where the record being read is (for refusals).

The import session's verbs of this kind; they change nothing in the journal,
only the summary and the progress shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple, TypeVar

from filmlog.imports.engine.summary import Count, Summary
from filmlog.imports.reading.archive import ImportRefused, Member, members
from filmlog.values.errors import BadValue

T = TypeVar("T")

# How an import reports how far it is: records read, records more to read.
Progress = Callable[[int, int], None]


class Where(NamedTuple):
    """Where a record was read, to name in a refusal: a file, and its line or item."""

    file: str
    line: int | None = None
    unit: str = "line"  # or "item", in a file of records that has no lines to name


class Reporting:
    def __init__(self, summary: Summary, progress: Progress | None = None) -> None:
        self.summary = summary
        self._progress = progress
        # Where the record being read is: its file and unit, and the record itself (its
        # `line`, when it has one) or its number (set per record: no more than needed)
        self._place: tuple[str, str] | None = None
        self._record: object = None
        self._n: int | None = None
        # The records read, kept as long as the session is (see run.importing: a large
        # file's rows are not let go one by one mid-import)
        self.records_read: list[Iterable[object]] = []

    def expect(self, n: int) -> None:
        """Records the source has found and will read (for a progress bar's length)."""
        if self._progress:
            self._progress(0, n)

    def tick(self, n: int = 1) -> None:
        """Records read."""
        if self._progress:
            self._progress(n, 0)

    def skip(self, reason: str, n: int = 1) -> None:
        """Records left out, and why ("series (not a film)"): counted in the summary."""
        self.summary.skipped_rows[reason] += n

    def repeated(self, kind: str) -> Callable[[object], None]:
        """What a reader calls for each record it leaves out as a repeat of an earlier one."""
        return lambda _record: self.summary.count(kind, Count.SKIPPED)

    def ignored(self, names: Iterable[str]) -> None:
        """Files (or columns) the source holds that filmlog keeps nothing of."""
        self.summary.ignored_files += list(names)

    def not_imported(self, file: str, reason: str, line: int | None = None) -> None:
        """A file that could not be read, left out while the rest comes in."""
        self.summary.not_imported(file, reason, line)

    def files(self, path: Path) -> list[Member]:
        """The files of what was given (a folder, a .zip, one file). What is no file of the
        export (a folder that cannot be listed, a FIFO, a link out of it) is named as not
        imported; a file that cannot be read is among them, refused when it is opened
        (named, or refusing the import, as the source decides for that file)."""
        found = members(path)
        for m in found:
            if m.passed_over:
                self.not_imported(m.name, m.problem or "cannot be read")
        return [m for m in found if not m.passed_over]

    def note(self, text: str) -> None:
        """What the source guessed or chose, for the person to check ("Ratings: out of 10")."""
        self.summary.notes.append(text)

    def each(self, file: str, records: Iterable[T], unit: str = "line") -> Iterator[T]:
        """The records of one file, in turn: while each is read, a value it gives that is
        refused is named at its place (a record's own `line`, else its number from 1), and
        each read counts for the progress shown. A source needs no bookkeeping of its own.
        """
        place, progress = (file, unit), self._progress
        self.records_read.append(records)
        for n, record in enumerate(records, start=1):  # (said again each time: loops nest)
            self._place, self._record, self._n = place, record, n
            yield record
            if progress:
                progress(1, 0)

    def at(self, file: str, line: int | None = None, unit: str = "line") -> None:
        """Where the records that follow are read (named when a value is refused)."""
        self._place, self._record, self._n = (file, unit), None, line

    @property
    def where(self) -> Where | None:
        """The record being read, for refusals (made when asked: `at` runs per record)."""
        if self._place is None:
            return None
        line = getattr(self._record, "line", None)
        return Where(self._place[0], self._n if line is None else line, self._place[1])

    def refused(self, exc: BadValue) -> ImportRefused:
        where = self.where or Where(self.summary.path)
        return ImportRefused(where.file, exc.message, where.line, where.unit)
