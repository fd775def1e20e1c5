"""What an import's rows leave unsaid, worked out once its entries are written.

A viewing whose export says nothing of rewatching is a rewatch when the same
film has an earlier one; a film whose new entries carry ratings takes its
latest rated entry's rating (the rule of records.latest_rated).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from filmlog.importers.writer import RowWriter
from filmlog.records import latest_rated


def _temp_ids(conn: sqlite3.Connection, name: str, ids: Iterable[int]) -> str:
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (id INTEGER PRIMARY KEY)")
    conn.execute(f"DELETE FROM {name}")
    conn.executemany(f"INSERT OR IGNORE INTO {name} (id) VALUES (?)", [(i,) for i in ids])
    return f"SELECT id FROM {name}"


def infer_rewatches(conn: sqlite3.Connection, entry_ids: list[int]) -> None:
    """Mark as rewatches the viewings of films watched before them (or earlier that day)."""
    if not entry_ids:
        return
    chosen = _temp_ids(conn, "_infer", entry_ids)
    conn.execute(
        f"UPDATE entries SET rewatch = 1 WHERE id IN ({chosen}) AND EXISTS ("
        " SELECT 1 FROM entries e2 WHERE e2.film_id = entries.film_id AND e2.id != entries.id"
        " AND e2.watched IS NOT NULL AND entries.watched IS NOT NULL"
        " AND (e2.watched < entries.watched"
        "  OR (e2.watched = entries.watched AND e2.id < entries.id)))"
    )
    conn.execute("DROP TABLE _infer")


def rate_from_entries(writer: RowWriter, films: set[int]) -> set[int]:
    """Films whose new rated entries set their rating; the films whose rating changed.

    Those the import made, in one statement (they need no note for undo);
    those the journal had, one by one, each old value noted.
    """
    conn = writer.conn
    made = [f for f in films if f in writer.known.made]
    if made:
        chosen = _temp_ids(conn, "_touched", made)
        latest = latest_rated("films.id")
        conn.execute(f"UPDATE films SET (rating, rated_at) = ({latest}) WHERE id IN ({chosen})")
        conn.execute("DROP TABLE _touched")
    changed = set(made)
    for fid in films - set(made):
        row = conn.execute(latest_rated("?"), [fid]).fetchone()
        if row and writer.set_film(fid, "rating", row[0]):
            writer.set_film(fid, "rated_at", row[1])
            changed.add(fid)
    return changed
