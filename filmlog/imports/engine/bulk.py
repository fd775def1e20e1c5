"""Bulk mode: a large import's writes inside sqlite-utils' atomic(), with the search
triggers paused and the indexes it never reads set aside, both put back (set-based) before
the commit. A small import (a sync with a few new rows) keeps both: rebuilding them would
cost more than it saves.

Unique indexes are never set aside: "one entry per item" holds throughout.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING

from filmlog.imports.engine.writer import ImportWriter
from filmlog.journal import search_index
from filmlog.journal.connection import WriteConnection

if TYPE_CHECKING:
    from filmlog.journal.db import Journal

# Indexes an import reads while it runs (entries of a film; films by title).
KEPT_INDEXES = ("entries_film", "films_title_key")
REBUILD_INDEXES_BELOW = 250_000  # entries already in the journal
# The search triggers are paused, and the other indexes set aside, once the import has
# written (or its source says it will read) this many entries, and a quarter of what the
# journal had: building them again costs the whole journal, keeping them costs each row
# written (a sync's few rows keep them).
SET_ASIDE_AFTER = 2_000


@contextmanager
def bulk(writer: ImportWriter, journal: Journal) -> Iterator[None]:
    """Bulk mode for one import's transaction, entered once it is known to be large: its
    writes go inside sqlite-utils' atomic(), the search triggers are paused and indexes
    set aside; on the way out the indexes are built and what the import wrote (its own
    rows, and the rows whose words it changed) is indexed for search. On a failure nothing
    is put back here: the transaction's rollback does it.

    A small import (a sync's few rows, a file the journal has) writes as `add` does, in
    the same transaction: loading sqlite-utils would cost it a third of its time.
    """
    conn = writer.conn
    assert conn.in_transaction
    triggers: list[str] = []
    indexes: list[str] = []
    had = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    # Rows the search triggers indexed before they were paused (a source that does not
    # say how much it will read is known to be large only after its first rows).
    indexed_before = False
    with ExitStack() as atomic:

        def large() -> None:
            nonlocal indexed_before
            atomic.enter_context(journal.bulk())
            indexed_before = writer.entries_written > 0 or _wrote_films(conn, writer.import_id)
            triggers.extend(search_index.pause(conn))
            if isinstance(conn, WriteConnection):
                writer.beside = search_index.EntriesBeside(conn)
            if had <= REBUILD_INDEXES_BELOW:
                indexes.extend(_set_indexes_aside(conn))

        writer.when_large(max(SET_ASIDE_AFTER, had // 4), large)
        try:
            yield
        except BaseException:
            if writer.beside is not None:  # (what it met, if anything, goes unsaid)
                writer.beside.conn.settle(say=False)
            raise
        writer.flush()
        for sql in indexes:
            conn.execute(sql)
        if triggers:  # a small import's rows were indexed by the triggers as written
            search_index.index_import(
                conn,
                triggers,
                writer.import_id,
                writer.films_worded,
                writer.entries_worded,
                indexed_before=indexed_before,
                beside=writer.beside,
            )


def _set_indexes_aside(conn: sqlite3.Connection) -> list[str]:
    """Drop the non-unique indexes an import never reads, to build them once at its end.

    Kept up row by row they cost half the time of writing the entries of a large
    import. On a journal already large, building them anew would cost more than it saves.
    """
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        " AND tbl_name IN ('films', 'entries') AND name NOT IN (?, ?)"
        " AND sql NOT LIKE 'CREATE UNIQUE%'",
        KEPT_INDEXES,
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f"DROP INDEX {name}")
    return [sql for _, sql in indexes]


def _wrote_films(conn: sqlite3.Connection, import_id: int) -> bool:
    found = conn.execute("SELECT 1 FROM films WHERE import_id = ? LIMIT 1", [import_id])
    return found.fetchone() is not None
