"""An import's undo log, and undo itself: what an import added goes, what it changed comes back.

Rows an import adds carry its id (films, entries, the watchlist, lists and
their items, director and genre links). A value it overwrote in a row it did
not add is noted in import_changes with the value before, newest last.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from filmlog.db import Journal
from filmlog.errors import NotFound
from filmlog.store import now


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


@dataclass
class ImportRecord:
    id: int
    source: str
    path: str
    imported_at: str
    counts: dict[str, dict[str, int]]
    undone_at: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "path": self.path,
            "imported_at": self.imported_at,
            "counts": self.counts,
            "undone_at": self.undone_at,
        }


def history(conn: sqlite3.Connection) -> list[ImportRecord]:
    return [
        ImportRecord(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5])
        for r in conn.execute(
            "SELECT id, source, path, imported_at, counts, undone_at FROM imports ORDER BY id"
        )
    ]


@dataclass
class Undone:
    record: ImportRecord
    entries: int
    films: int
    kept_films: int
    restored: int


def undo(journal: Journal, import_id: int | None = None) -> Undone:
    """Remove what an import added and restore what it changed (the latest by default)."""
    conn = journal.conn
    with journal.transaction():
        records = [r for r in history(conn) if r.undone_at is None]
        if import_id is None:
            if not records:
                raise NotFound("there is no import to undo: `filmlog import list` shows them")
            record = records[-1]
        else:
            match = [r for r in history(conn) if r.id == import_id]
            if not match:
                raise NotFound(f"there is no import {import_id}: `filmlog import list` shows them")
            record = match[0]
            if record.undone_at:
                raise NotFound(f"import {import_id} was already undone on {record.undone_at}")
        iid = record.id
        restored = 0
        for table, row_id, column, previous in conn.execute(
            "SELECT table_name, row_id, column_name, previous FROM import_changes"
            " WHERE import_id = ? ORDER BY id DESC",
            [iid],
        ).fetchall():
            key = "rowid" if table == "list_items" else "id"
            conn.execute(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", [previous, row_id])
            restored += 1
        for link in ("film_directors", "film_genres"):
            # Names it gave films it did not make; a film it made takes its own along.
            conn.execute(
                f"DELETE FROM {link} WHERE import_id = ? AND film_id NOT IN"
                " (SELECT id FROM films WHERE import_id = ?)",
                [iid, iid],
            )
        entries = conn.execute("DELETE FROM entries WHERE import_id = ?", [iid]).rowcount
        conn.execute("DELETE FROM list_items WHERE import_id = ?", [iid])
        conn.execute("DELETE FROM lists WHERE import_id = ?", [iid])
        conn.execute("DELETE FROM watchlist WHERE import_id = ?", [iid])
        # Films the import made go too, unless something of the user's now uses them.
        films = conn.execute(
            "DELETE FROM films WHERE import_id = ?"
            " AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.film_id = films.id)"
            " AND NOT EXISTS (SELECT 1 FROM watchlist w WHERE w.film_id = films.id)"
            " AND NOT EXISTS (SELECT 1 FROM list_items li WHERE li.film_id = films.id)",
            [iid],
        ).rowcount
        kept = conn.execute("UPDATE films SET import_id = NULL WHERE import_id = ?", [iid]).rowcount
        for link in ("film_directors", "film_genres"):
            conn.execute(f"UPDATE {link} SET import_id = NULL WHERE import_id = ?", [iid])
        conn.execute("UPDATE imports SET undone_at = ? WHERE id = ?", [now(), iid])
        return Undone(record, entries, films, kept, restored)
