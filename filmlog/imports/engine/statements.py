"""The statements of one import, on its connection: the writer's footing (writer.py).

What the import has made waits in batches (batches.py); a read that must see
it writes them first, a read of what the journal had does not need to.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from filmlog.imports.engine.batches import Batches
from filmlog.imports.engine.undo_log import UndoLog

if TYPE_CHECKING:
    from filmlog.journal.search_index import EntriesBeside


class Statements:
    undo: UndoLog  # where the values a statement overwrites are noted (set by the writer)

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.waiting = Batches()
        self.entries_written = 0
        self.records_expected = 0  # what the source said it will read (a hint of size)
        self._when_large: tuple[int, Callable[[], None]] | None = None
        # Where a large import's entries are indexed for search as each batch is written
        # (set by bulk mode once the search triggers are paused)
        self.beside: EntriesBeside | None = None

    def when_large(self, entries: int, act: Callable[[], None]) -> None:
        """Do act once, when the import has written this many entries, or its source has
        said it will read as many records (bulk mode's indexes are set aside only for an
        import that is large, and as soon as that is known)."""
        self._when_large = (entries, act)

    def expecting(self, records: int) -> None:
        self.records_expected += records
        self._check_large()

    def write_waiting(self, *, films_too: bool = True) -> None:
        beside = self.beside
        written = list(self.waiting.entries) if beside is not None else []
        self.entries_written += self.waiting.write(self.conn, films_too=films_too)
        if beside is not None and written:
            beside.written(written)
        self._check_large()

    def _check_large(self) -> None:
        size = max(self.entries_written, self.records_expected)
        if self._when_large is not None and size >= self._when_large[0]:
            act = self._when_large[1]
            self._when_large = None
            act()

    def read(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
        """A query that sees everything the import wrote so far (waiting rows first)."""
        self.flush()
        return self.conn.execute(sql, tuple(params))

    def read_had(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
        """A query of what the journal had before the import, which no waiting row changes."""
        return self.conn.execute(sql, tuple(params))

    def write(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
        """A statement of its own, after the waiting rows (it may refer to them)."""
        self.flush()
        return self.conn.execute(sql, tuple(params))

    def change_had(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
        """A change to a row the journal had, which no waiting row refers to (it runs at
        once; the waiting rows go on waiting)."""
        return self.conn.execute(sql, tuple(params))

    def write_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.flush()
        self.conn.executemany(sql, rows)

    def flush(self) -> None:
        """Write the waiting rows."""
        if self.waiting:
            self.write_waiting()

    def note_old(self, table: str, row_id: int, column: str, previous: Any) -> None:
        """A value the import is about to overwrite, for undo to put back."""
        self.undo.note(table, row_id, column, previous)

    def temp_ids(self, name: str, ids: Iterable[int]) -> str:
        """A temporary table of ids (written after the waiting rows), as a subquery."""
        self.write(f"CREATE TEMP TABLE IF NOT EXISTS {name} (id INTEGER PRIMARY KEY)")
        self.write(f"DELETE FROM {name}")
        self.write_many(f"INSERT OR IGNORE INTO {name} (id) VALUES (?)", [(i,) for i in ids])
        return f"SELECT id FROM {name}"
