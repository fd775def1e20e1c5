"""What an import notes as it writes, for undo: its record, and the values it overwrites.

Rows an import adds carry its id (films, entries, the watchlist, lists and
their items, director and genre links). A value it overwrote in a row it did
not add is noted in import_changes with the value before, newest last.
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Any

from filmlog.values.clock import now

if TYPE_CHECKING:
    from filmlog.imports.engine.summary import Summary


class UndoLog:
    """Notes the values an import overwrites, so that undo can put them back."""

    def __init__(self, conn: sqlite3.Connection, import_id: int, made: set[int]) -> None:
        self.conn = conn
        self.import_id = import_id
        self.made = made  # films the import made: nothing of theirs to put back

    def note(self, table: str, row_id: int, column: str, previous: Any) -> None:
        if table == "films" and row_id in self.made:
            return
        self.conn.execute(
            "INSERT INTO import_changes (import_id, table_name, row_id, column_name, previous)"
            " VALUES (?, ?, ?, ?, ?)",
            [self.import_id, table, row_id, column, previous],
        )


def start_import(conn: sqlite3.Connection, summary: Summary, stamp: str) -> int:
    """The import's record, made as it starts (the rows it adds carry its id)."""
    cur = conn.execute(
        "INSERT INTO imports (source, path, imported_at) VALUES (?, ?, ?)",
        [summary.source, summary.path, stamp],
    )
    summary.import_id = int(cur.lastrowid or 0)
    return summary.import_id


def record_import(conn: sqlite3.Connection, summary: Summary, stamp: str) -> int:
    """Record what the import did; its id. The same import run again and again without a
    change (a sync from cron) is one record, kept current: the last import is the last one
    run, even one that changed nothing."""
    import_id = summary.import_id
    assert import_id is not None
    counts = json.dumps(summary.counts_json())
    if not summary.changed():
        previous = conn.execute(
            "SELECT id, counts FROM imports WHERE id = (SELECT max(id) FROM imports"
            " WHERE id < ?) AND source = ? AND path = ? AND undone_at IS NULL",
            [import_id, summary.source, summary.path],
        ).fetchone()
        if previous is not None and not _changed(previous[1]):
            conn.execute("DELETE FROM imports WHERE id = ?", [import_id])
            import_id = summary.import_id = int(previous[0])
    conn.execute(
        "UPDATE imports SET counts = ?, imported_at = ?, finished_at = ? WHERE id = ?",
        [counts, stamp, now(), import_id],
    )
    return import_id


def _changed(counts: str) -> bool:
    """Whether an import's recorded counts say it added or updated anything."""
    return any(c.get("added") or c.get("updated") for c in json.loads(counts).values())
