"""The search index kept whole: its documents, paused and made again around a large import,
rebuilt, and checked (`search` reads it).
"""

from __future__ import annotations

import sqlite3

from filmlog.journal.db import READONLY, sqlite_code

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


def index_import(
    conn: sqlite3.Connection,
    triggers: list[str],
    import_id: int,
    films: set[int],
    entries: set[int],
    *,
    indexed_before: bool = False,
) -> None:
    """Index what an import wrote (its films and entries, rows it changed); restore triggers.

    indexed_before: the triggers were paused after some of the import's rows were written
    (and indexed): those are indexed anew like the rest.
    """
    for sql in triggers:
        conn.execute(sql)
    if indexed_before:
        conn.execute(
            "DELETE FROM search WHERE rowid IN (SELECT id * 2 FROM films WHERE import_id = ?)"
            " OR rowid IN (SELECT id * 2 + 1 FROM entries WHERE import_id = ?)",
            [import_id, import_id],
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
        f" WHERE (e.import_id = ? OR e.id IN (SELECT id FROM _dirty)) AND {HAS_WORDS}",
        [import_id],
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
