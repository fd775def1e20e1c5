"""An import's writes: rows batched into executemany, ids handed out under the write lock.

An import holds the journal's write lock from its first statement, so the
ids of new films and entries are its own to give, and their rows wait in
batches; whatever reads them back goes through this writer, which writes
the batch first (or, for an entry still waiting, changes it where it waits).

Bulk mode (``bulk``, a context manager that run_import enters) pauses the
search triggers and sets aside the indexes no import reads, inside the
import's transaction; leaving it rebuilds both, set-based, before the commit.
Unique indexes are never set aside: "one entry per item" holds throughout.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from filmlog.imports.engine.films import Cited, KnownFilms
from filmlog.imports.engine.name_links import NameLinks
from filmlog.imports.engine.undo import UndoLog
from filmlog.journal import search
from filmlog.values import uids
from filmlog.values.keys import key
from filmlog.values.models import check_each

# Indexes an import reads while it runs (entries of a film; films by title).
KEPT_INDEXES = ("entries_film", "films_title_key")
REBUILD_INDEXES_BELOW = 250_000  # entries already in the journal
BATCH = 2000

FILM_COLUMNS = (
    "id",
    "title",
    "title_key",
    "year",
    "original_title",
    "original_title_key",
    "runtime",
    "imdb_id",
    "tmdb_id",
    "letterboxd_uri",
    "rating",
    "rated_at",
    "seen",
    "liked",
    "created_at",
    "updated_at",
    "import_id",
)
ENTRY_COLUMNS = (
    "id",
    "film_id",
    "watched",
    "rating",
    "rewatch",
    "liked",
    "review",
    "spoilers",
    "letterboxd_uri",
    "created_at",
    "updated_at",
    "import_id",
    "uid",
    "platform",
    "platform_key",
    "place",
    "place_key",
)
ENTRY = {name: n for n, name in enumerate(ENTRY_COLUMNS)}  # a waiting entry's cells
FILM = {name: n for n, name in enumerate(FILM_COLUMNS)}  # a waiting film's cells
FILLED = ("year", "original_title", "runtime", "imdb_id", "tmdb_id", "letterboxd_uri")


@contextmanager
def bulk(writer: RowWriter) -> Iterator[None]:
    """Bulk mode for one import's transaction: search triggers paused, indexes it never
    reads set aside; on the way out both are put back, and what the import wrote (its own
    rows, and the rows whose words it changed) is indexed for search.

    On a failure nothing is put back here: the transaction's rollback does it.
    """
    conn = writer.conn
    assert conn.in_transaction
    triggers = search.pause(conn)
    indexes = _set_indexes_aside(conn)
    yield
    writer.flush()
    for sql in indexes:
        conn.execute(sql)
    films = {i for i in writer.changed if i > 0}
    entries = {-i for i in writer.changed if i < 0}
    search.index_import(conn, triggers, writer.import_id, films, entries)


def _set_indexes_aside(conn: sqlite3.Connection) -> list[str]:
    """Drop the non-unique indexes an import never reads, to build them once at its end.

    Kept up row by row they cost half the time of writing the entries. On a
    journal already large, building them anew would cost more than it saves.
    """
    entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    if entries > REBUILD_INDEXES_BELOW:
        return []
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        " AND tbl_name IN ('films', 'entries') AND name NOT IN (?, ?)"
        " AND sql NOT LIKE 'CREATE UNIQUE%'",
        KEPT_INDEXES,
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f"DROP INDEX {name}")
    return [sql for _, sql in indexes]


# The batches a flush writes, in this order (an entry's film before it, a sync item's
# entry before it).
_WRITES = (
    f"INSERT INTO films ({', '.join(FILM_COLUMNS)}) VALUES ({', '.join('?' * len(FILM_COLUMNS))})",
    "INSERT OR IGNORE INTO film_countries (film_id, country) VALUES (?, ?)",
    "INSERT OR IGNORE INTO film_ids (film_id, kind, value, import_id) VALUES (?, ?, ?, ?)",
    f"INSERT INTO entries ({', '.join(ENTRY_COLUMNS)})"
    f" VALUES ({', '.join('?' * len(ENTRY_COLUMNS))})",
    "INSERT INTO sync_items (source, item, entry_id, film_id, said, import_id)"
    " VALUES (?, ?, ?, ?, ?, ?)",
    "UPDATE films SET seen = 1 WHERE id = ?",
    "INSERT OR IGNORE INTO entry_tags (entry_id, tag_id) VALUES (?, ?)",
    "INSERT OR IGNORE INTO entry_companions (entry_id, companion_id, position) VALUES (?, ?, ?)",
)


_WHAT = {"people": "director", "genres": "genre"}
# On what, where and with whom a viewing was (each may be unknown)
Company = tuple[str | None, str | None, tuple[str, ...] | list[str]]


class RowWriter:
    def __init__(
        self,
        conn: sqlite3.Connection,
        import_id: int,
        stamp: str,
        known: KnownFilms,
    ) -> None:
        self.conn = conn
        self.import_id = import_id
        self.stamp = stamp
        self.known = known
        self.undo = UndoLog(conn, import_id, known.made)
        # Rows the import did not add whose words it changed (entries by negative id): for
        # bulk mode to index at the end, with the import's own.
        self.changed: set[int] = set()
        self.names = NameLinks(conn, import_id)
        self.films: dict[int, list[Any]] = {}  # waiting films, by id
        # The facts (FILLED) each film met has, once known: fill_in asks the journal once.
        self.filled: dict[int, set[str]] = {}
        self.entries: dict[int, list[Any]] = {}  # waiting entries, by id
        self.entry_tags: list[tuple[int, int]] = []
        self.companions: list[tuple[int, int, int]] = []
        self.seen: list[tuple[int]] = []
        self.countries: list[tuple[int, str]] = []
        self.other_ids: list[tuple[int, str, str, int]] = []
        self.sync_rows: list[tuple[Any, ...]] = []  # items of new entries, after them
        self.next_film = self._next_id("films")
        self.next_entry = self._next_id("entries")
        # A bigger page cache for the length of the import: the indexes of a large
        # diary stop spilling out of SQLite's default 2 MB.
        conn.execute("PRAGMA cache_size = -32768")

    def link_names(self, fid: int, link: str, table: str, names: Iterable[str]) -> bool:
        """A film's directors or genres, when it has none yet (those it has are kept)."""
        checked = check_each([n for n in names if n and n.strip()], _WHAT[table])
        if not checked:
            return False
        self.flush()
        made = fid in self.known.made
        if not self.names.link(fid, link, table, checked, has_some_already=not made):
            return False
        if not made:
            self.words_changed(film=fid)
        return True

    def _next_id(self, table: str) -> int:
        return int(self.conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])

    def words_changed(self, *, film: int | None = None, entry: int | None = None) -> None:
        """A row the import did not add whose words (title, directors, review) it changed."""
        if film is not None:
            self.changed.add(film)
        if entry is not None:
            self.changed.add(-entry)

    # New rows ----------------------------------------------------------------

    def new_film(
        self,
        cited: Cited,
        title: str,
        facts: dict[str, Any],
        keep_id: int | None = None,
        stamps: tuple[str, str] | None = None,
    ) -> int:
        """A film's row, batched; keep_id is the id to give it when that is free.

        facts are its other columns (runtime, and for a film restored from an export its
        rating, seen and liked); its ids are the cited ones no other film has.
        """
        fid = keep_id if keep_id is not None and keep_id not in self.known else self.next_film
        self.next_film = max(self.next_film, fid + 1)
        ids = cited.ids.without(self.known.taken(cited.ids, fid))
        original = cited.original_title
        created, updated = stamps or (self.stamp, self.stamp)
        row = {
            "seen": 0,
            "liked": 0,
            "runtime": cited.runtime,
            **facts,
            **ids.columns(),
            "id": fid,
            "title": title,
            "title_key": key(title),
            "year": cited.year,
            "original_title": original,
            "original_title_key": key(original) if original else None,
            "created_at": created,
            "updated_at": updated,
            "import_id": self.import_id,
        }
        self.films[fid] = [row.get(column) for column in FILM_COLUMNS]
        self.filled[fid] = {c for c in FILLED if row.get(c) is not None}
        self.other_ids += [(fid, k, str(v), self.import_id) for k, v in ids.others().items()]
        self.known.add(fid, title, cited.year, row["title_key"], row["original_title_key"], ids)
        self.known.made.add(fid)
        return fid

    def new_entry(
        self,
        fid: int,
        values: tuple[Any, ...],
        tags: Iterable[str],
        keep_id: int | None = None,
        stamps: tuple[str, str] | None = None,
        uid: str | None = None,
        company: Company | None = None,
    ) -> int:
        """An entry's row, batched. values: watched, rating, rewatch, liked, review, spoilers,
        letterboxd_uri; keep_id is the id to give it when free; uid (else a new one)."""
        eid = self.next_entry
        if keep_id is not None:
            self.flush()
            if not self.conn.execute("SELECT 1 FROM entries WHERE id = ?", [keep_id]).fetchone():
                eid = keep_id
        self.next_entry = max(self.next_entry, eid + 1)
        created, updated = stamps or (self.stamp, self.stamp)
        self.entries[eid] = [eid, fid, *values, created, updated, self.import_id, uid or uids.new()]
        platform, place, who = company or (None, None, ())
        self.entries[eid] += [platform, key(platform) if platform else None]
        self.entries[eid] += [place, key(place) if place else None]
        if who:
            ids = self.names.ids_of("companions", who, "companion")
            self.companions += [(eid, c, n) for n, c in enumerate(ids)]
        if tags:
            self.entry_tags += [(eid, t) for t in self.names.tag_ids(tags)]
        if len(self.entries) >= BATCH:
            self.flush()
        return eid

    def seen_films(self) -> set[int]:
        return {r[0] for r in self.conn.execute("SELECT id FROM films WHERE seen")}

    def want(self, fid: int, added_at: str | None) -> bool:
        """The film on the watchlist (since added_at, else today); False if it was."""
        self.flush()
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO watchlist (film_id, added_at, import_id) VALUES (?, ?, ?)",
            [fid, added_at or self.stamp[:10], self.import_id],
        )
        return bool(cur.rowcount)

    def seen_now(self, fid: int) -> None:
        """A film this import made has been seen: set where it waits, or in one statement at
        the next flush."""
        waiting = self.films.get(fid)
        if waiting is not None:
            waiting[FILM["seen"]] = 1
        else:
            self.seen.append((fid,))

    def flush(self) -> None:
        """Write the batched rows, before anything reads them back."""
        batches: tuple[list[Any], ...] = (
            list(self.films.values()),
            self.countries,
            self.other_ids,
            list(self.entries.values()),
            self.sync_rows,
            self.seen,
            self.entry_tags,
            self.companions,
        )
        for sql, rows in zip(_WRITES, batches, strict=True):
            if rows:
                self.conn.executemany(sql, rows)
        self.films.clear()
        for batch in (
            self.countries,
            self.other_ids,
            self.sync_rows,
            self.seen,
            self.entry_tags,
            self.companions,
        ):
            batch.clear()
        self.entries.clear()

    # Values of rows already there ----------------------------------------------

    def entry_values(self, eid: int, columns: tuple[str, ...]) -> dict[str, Any]:
        """Some of an entry's values as they are now (waiting, or in the journal)."""
        waiting = self.entries.get(eid)
        if waiting is not None:
            return {c: waiting[ENTRY[c]] for c in columns}
        row = self.conn.execute(
            f"SELECT {', '.join(columns)} FROM entries WHERE id = ?", [eid]
        ).fetchone()
        return dict(zip(columns, row, strict=True))

    def set_entry(self, eid: int, values: dict[str, Any]) -> list[str]:
        """Set values of an entry, noting the old ones of an entry the journal had before;
        which ones changed."""
        waiting = self.entries.get(eid)
        if not values:
            return []
        if waiting is not None:  # still to be written: changed where it waits
            changed = [k for k, v in values.items() if waiting[ENTRY[k]] != v]
            for k in changed:
                waiting[ENTRY[k]] = values[k]
            return changed
        *old, updated, made_here = self.conn.execute(
            f"SELECT {', '.join(values)}, updated_at, import_id IS ? FROM entries WHERE id = ?",
            [self.import_id, eid],
        ).fetchone()
        was = dict(zip(values, old, strict=True))
        changed_values = {k: v for k, v in values.items() if was[k] != v}
        if not changed_values:
            return []
        if not made_here:  # an entry this import made needs no note
            for column in [*changed_values, "updated_at"]:
                self.undo.note("entries", eid, column, was.get(column, updated))
        sets = ", ".join(f"{k} = ?" for k in changed_values)
        self.conn.execute(
            f"UPDATE entries SET {sets}, updated_at = ? WHERE id = ?",
            [*changed_values.values(), self.stamp, eid],
        )
        if "review" in changed_values:
            self.words_changed(entry=eid)
        return list(changed_values)

    def film_value(self, fid: int, column: str) -> Any:
        waiting = self.films.get(fid)
        if waiting is not None:
            return waiting[FILM[column]]
        return self.conn.execute(f"SELECT {column} FROM films WHERE id = ?", [fid]).fetchone()[0]

    def set_film(self, fid: int, column: str, value: Any) -> bool:
        """Set one of the film's values, noting the old one; False when it was already so."""
        waiting = self.films.get(fid)
        if waiting is not None:
            changed = waiting[FILM[column]] != value
            waiting[FILM[column]] = value
            return changed
        old = self.film_value(fid, column)
        if old == value:
            return False
        self.undo.note("films", fid, column, old)
        self.conn.execute(f"UPDATE films SET {column} = ? WHERE id = ?", [value, fid])
        return True

    def set_ratings(self, rows: list[tuple[int, str | None, int]]) -> None:
        """Films this import made take these ratings (rating, rated_at, film): in one
        statement, as they need no note for undo."""
        self.flush()
        assert all(fid in self.known.made for *_, fid in rows)
        self.conn.executemany("UPDATE films SET rating = ?, rated_at = ? WHERE id = ?", rows)
