"""The search index kept whole: its documents, paused and made again around a large import,
rebuilt, and checked (`search` reads it).
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from filmlog.journal.db import READONLY, sqlite_code

if TYPE_CHECKING:
    from filmlog.journal.connection import WriteConnection

# The search index's documents: one per film (rowid 2 * id: title, original
# title, directors) and one per entry with words of its own (rowid 2 * id + 1:
# tags, review). The triggers (made by migration m003) keep them current; a large
# import drops the triggers inside its transaction, indexes what it wrote in a
# few set-based statements, and puts them back before it commits.
COLUMNS = "(rowid, title, original_title, directors, tags, review)"
FILM_DOCUMENT = """
    SELECT f.id * 2, f.title, coalesce(f.original_title, ''),
        coalesce((SELECT group_concat(p.name, ' ') FROM film_directors fd
            JOIN people p ON p.id = fd.person_id WHERE fd.film_id = f.id), ''), '', ''
    FROM films f
"""
# (An entry's tags column holds its tags, with whom, where and on what: m014.)
ENTRY_DOCUMENT = """
    SELECT e.id * 2 + 1, '', '', '',
        trim(coalesce((SELECT group_concat(t.name, ' ') FROM entry_tags et
            JOIN tags t ON t.id = et.tag_id WHERE et.entry_id = e.id), '')
        || ' ' || coalesce((SELECT group_concat(c.name, ' ') FROM entry_companions ec
            JOIN companions c ON c.id = ec.companion_id WHERE ec.entry_id = e.id), '')
        || ' ' || coalesce(e.place, '') || ' ' || coalesce(e.platform, '')),
        coalesce(e.review, '')
    FROM entries e
"""
HAS_WORDS = (
    "(e.review IS NOT NULL OR e.place IS NOT NULL OR e.platform IS NOT NULL"
    " OR EXISTS (SELECT 1 FROM entry_tags et WHERE et.entry_id = e.id)"
    " OR EXISTS (SELECT 1 FROM entry_companions ec WHERE ec.entry_id = e.id))"
)


def pause(conn: sqlite3.Connection) -> list[str]:
    """Drop the index's triggers for a bulk write; returns them for index_import().

    Only inside a transaction: if the write fails, the rollback brings them back.
    """
    assert conn.in_transaction
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search%'"
    ).fetchall()
    for name, _ in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    return [sql for _, sql in triggers]


class EntriesBeside:
    """A large import's new entries indexed batch by batch, each batch's statement run beside
    the import as it reads on (connection.run_beside): which ids are, for index_import to
    leave out. A batch is indexed once written whole (its tags and companions with it);
    what the import changes of one later is said to index_import as changed
    (writer.words_changed), and forget() takes all of them back."""

    def __init__(self, conn: WriteConnection) -> None:
        self.conn = conn
        self.ranges: list[tuple[int, int]] = []  # ids first to last, each range whole

    def written(self, ids: list[int]) -> None:
        """Entries just written, in a batch: indexed beside when their ids are a range (ids
        kept from filmlog's own export may not be: those wait for index_import)."""
        if not ids:
            return
        first, last = min(ids), max(ids)
        if last - first + 1 != len(ids):
            return
        self.conn.run_beside(
            f"INSERT INTO search {COLUMNS} {ENTRY_DOCUMENT}"
            f" WHERE e.id BETWEEN ? AND ? AND {HAS_WORDS}",
            [first, last],
        )
        if self.ranges and self.ranges[-1][1] + 1 == first:
            first = self.ranges.pop()[0]
        self.ranges.append((first, last))

    def forget(self) -> None:
        """Take back what was indexed beside (the import changed its entries' words in a way
        not said one by one): index_import indexes them with the rest."""
        self.conn.settle()
        for first, last in self.ranges:
            self.conn.execute(
                "DELETE FROM search WHERE rowid BETWEEN ? AND ? AND rowid % 2 = 1",
                [first * 2 + 1, last * 2 + 1],
            )
        self.ranges.clear()

    def __bool__(self) -> bool:
        return bool(self.ranges)

    def outside(self, column: str) -> tuple[str, list[int]]:
        """A condition on column (an entry's id): none of the entries indexed beside."""
        conditions = [f" AND {column} NOT BETWEEN ? AND ?" for _ in self.ranges]
        return "".join(conditions), [n for r in self.ranges for n in r]


def index_import(
    conn: sqlite3.Connection,
    triggers: list[str],
    import_id: int,
    films: set[int],
    entries: set[int],
    *,
    indexed_before: bool = False,
    beside: EntriesBeside | None = None,
) -> None:
    """Index what an import wrote (its films and entries, rows it changed); restore triggers.

    indexed_before: the triggers were paused after some of the import's rows were written
    (and indexed): those are indexed anew like the rest. beside: the new entries already
    indexed as the import ran (their statement waited for here; what it met is raised).
    """
    skip, skipped = beside.outside("id") if beside else ("", [])
    skip_e = beside.outside("e.id")[0] if beside else ""
    if beside is not None:
        beside.conn.settle()
    for sql in triggers:
        conn.execute(sql)
    if indexed_before:
        conn.execute(
            "DELETE FROM search WHERE rowid IN (SELECT id * 2 FROM films WHERE import_id = ?)"
            f" OR rowid IN (SELECT id * 2 + 1 FROM entries WHERE import_id = ?{skip})",
            [import_id, import_id, *skipped],
        )
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _dirty (id INTEGER PRIMARY KEY, kind TEXT)")
    conn.execute("DELETE FROM _dirty")
    conn.executemany("INSERT OR IGNORE INTO _dirty VALUES (?, 'film')", [(f,) for f in films])
    changed_films = "SELECT id FROM _dirty WHERE kind = 'film'"
    conn.execute(f"DELETE FROM search WHERE rowid IN (SELECT id * 2 FROM ({changed_films}))")
    conn.execute(
        f"INSERT INTO search {COLUMNS} {FILM_DOCUMENT}"
        f" WHERE f.import_id = ? OR f.id IN ({changed_films})",
        [import_id],
    )
    conn.execute("DELETE FROM _dirty")
    conn.executemany("INSERT OR IGNORE INTO _dirty VALUES (?, 'entry')", [(e,) for e in entries])
    conn.execute("DELETE FROM search WHERE rowid IN (SELECT id * 2 + 1 FROM _dirty)")
    conn.execute(
        f"INSERT INTO search {COLUMNS} {ENTRY_DOCUMENT}"
        f" WHERE ((e.import_id = ?{skip_e}) OR e.id IN (SELECT id FROM _dirty)) AND {HAS_WORDS}",
        [import_id, *skipped],
    )
    conn.execute("DROP TABLE _dirty")


def rebuild(conn: sqlite3.Connection) -> None:
    """Make the whole index anew from the journal's tables."""
    conn.execute("DELETE FROM search")
    conn.execute(f"INSERT INTO search {COLUMNS} {FILM_DOCUMENT}")
    conn.execute(f"INSERT INTO search {COLUMNS} {ENTRY_DOCUMENT} WHERE {HAS_WORDS}")


def problems(conn: sqlite3.Connection) -> list[str]:
    """What is wrong with the search index, if anything."""
    found = []
    try:
        # FTS5's own check is a command written as an INSERT: it changes nothing,
        # but needs a connection that may write (the caller rolls back).
        conn.execute("INSERT INTO search (search, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as exc:
        if sqlite_code(exc) != READONLY:
            found.append(f"search index: {exc}")
    films = conn.execute("SELECT count(*) FROM films").fetchone()[0]
    docs = conn.execute("SELECT count(*) FROM search WHERE rowid % 2 = 0").fetchone()[0]
    if films != docs:
        found.append(f"search index: {docs} film documents for {films} films")
    expected = conn.execute(f"SELECT count(*) FROM entries e WHERE {HAS_WORDS}").fetchone()[0]
    docs = conn.execute("SELECT count(*) FROM search WHERE rowid % 2 = 1").fetchone()[0]
    if expected != docs:
        found.append(f"search index: {docs} entry documents for {expected} entries with words")
    triggers = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search%'"
    ).fetchone()[0]
    if triggers < 10:
        found.append(f"search index: {10 - triggers} of its triggers are missing")
    return found
