"""An import's writes: rows batched into executemany, ids handed out under the write lock.

An import holds the journal's write lock from its first statement, so the
ids of new films and entries are its own to give, and their rows can wait in
a batch. Anything that reads them back flushes the batch first. While the
import runs, the search triggers are paused and the indexes it never reads
are set aside (inside its transaction: a rollback brings them back); both
are rebuilt, set-based, at its end.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from filmlog import search
from filmlog.importers.known import Ids, KnownFilms
from filmlog.importers.undo import UndoLog
from filmlog.keys import key
from filmlog.models import check_each

# Indexes an import reads while it runs (entries of a film; its unique ids stay too).
KEPT_INDEXES = ("entries_film", "films_title_key")
REBUILD_INDEXES_BELOW = 250_000  # entries already in the journal
BATCH = 2000

FILM_COLUMNS = (
    "id", "title", "title_key", "year", "original_title", "original_title_key", "runtime",
    "imdb_id", "tmdb_id", "letterboxd_uri", "rating", "rated_at", "seen", "liked", "created_at",
    "updated_at", "import_id",
)  # fmt: skip
ENTRY_COLUMNS = (
    "id, film_id, watched, rating, rewatch, liked, review, spoilers, letterboxd_uri, feed_id,"
    " feed_values, created_at, updated_at, import_id"
)


class RowWriter:
    def __init__(
        self, conn: sqlite3.Connection, import_id: int, stamp: str, known: KnownFilms
    ) -> None:
        self.conn = conn
        self.import_id = import_id
        self.stamp = stamp
        self.known = known
        self.undo = UndoLog(conn, import_id, known.made)
        self.names: dict[str, dict[str, int]] = {}  # table -> name key -> id
        self.films: list[tuple[Any, ...]] = []
        self.entries: list[tuple[Any, ...]] = []
        self.entry_tags: list[tuple[int, int]] = []
        self.seen: list[tuple[int]] = []
        self.countries: list[tuple[int, str]] = []
        self.next_film = self._next_id("films")
        self.next_entry = self._next_id("entries")
        self.changed_films: set[int] = set()  # rows the import did not add, whose words changed
        self.changed_entries: set[int] = set()
        # A bigger page cache for the length of the import: the indexes of a
        # large diary stop spilling out of SQLite's default 2 MB.
        conn.execute("PRAGMA cache_size = -16384")
        self._triggers = search.pause(conn)
        self._indexes = self._set_indexes_aside()

    def _next_id(self, table: str) -> int:
        return int(self.conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])

    def _set_indexes_aside(self) -> list[str]:
        """Drop the indexes the import never reads, to build them once at its end.

        Kept up row by row they cost half the time of writing the entries. On
        a journal already large, building them anew would cost more than it
        saves, so they stay.
        """
        entries = self.conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        if entries > REBUILD_INDEXES_BELOW:
            return []
        indexes = self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            " AND tbl_name IN ('films', 'entries') AND name NOT IN (?, ?)",
            KEPT_INDEXES,
        ).fetchall()
        for name, _ in indexes:
            self.conn.execute(f"DROP INDEX {name}")
        return [sql for _, sql in indexes]

    def end(self) -> None:
        """Rebuild what was set aside, and index for search what the import wrote."""
        self.flush()
        for sql in self._indexes:
            self.conn.execute(sql)
        search.index_import(
            self.conn, self._triggers, self.import_id, self.changed_films, self.changed_entries
        )

    # Rows ----------------------------------------------------------------------

    def new_film(self, title: str, year: int | None, facts: dict[str, Any], keep_id: int | None,
                 stamps: tuple[str, str] | None = None) -> int:  # fmt: skip
        """A film's row, batched; keep_id is the id to give it when that is free.

        facts are its other columns (original title, runtime, ids, and for a
        film restored from an export its rating, seen and liked).
        """
        fid = keep_id if keep_id is not None and keep_id not in self.known else self.next_film
        self.next_film = max(self.next_film, fid + 1)
        original = facts.get("original_title")
        created, updated = stamps or (self.stamp, self.stamp)
        row = {
            "seen": 0,
            "liked": 0,
            **facts,
            "id": fid,
            "title": title,
            "title_key": key(title),
            "year": year,
            "original_title_key": key(original) if original else None,
            "created_at": created,
            "updated_at": updated,
            "import_id": self.import_id,
        }
        self.films.append(tuple(row.get(column) for column in FILM_COLUMNS))
        ids = Ids(facts.get("imdb_id"), facts.get("tmdb_id"), facts.get("letterboxd_uri"))
        self.known.add(fid, title, year, row["title_key"], row["original_title_key"], ids)
        self.known.made.add(fid)
        return fid

    def new_entry(self, fid: int, values: dict[str, Any], keep_id: int | None,
                  stamps: tuple[str, str] | None, tags: Iterable[str]) -> int:  # fmt: skip
        """An entry's row, batched; keep_id is the id to give it when that is free."""
        eid = self.next_entry
        if keep_id is not None:
            self.flush()
            if not self.conn.execute("SELECT 1 FROM entries WHERE id = ?", [keep_id]).fetchone():
                eid = keep_id
        self.next_entry = max(self.next_entry, eid + 1)
        created, updated = stamps or (self.stamp, self.stamp)
        v = values
        self.entries.append(
            (eid, fid, v["watched"], v["rating"], int(v["rewatch"]), int(v["liked"]), v["review"],
             int(v["spoilers"]), v["letterboxd_uri"], v.get("feed_id"), v.get("feed_values"),
             created, updated, self.import_id)
        )  # fmt: skip
        self.entry_tags += [(eid, self.name_id("tags", tag)) for tag in check_each(tags, "tag")]
        if len(self.entries) >= BATCH:
            self.flush()
        return eid

    def seen_now(self, fid: int) -> None:
        """A film this import made has been seen: set in one statement at the next flush."""
        self.seen.append((fid,))

    def flush(self) -> None:
        """Write the batched rows, before anything reads them back."""
        for sql, rows in (
            (
                f"INSERT INTO films ({', '.join(FILM_COLUMNS)})"
                f" VALUES ({', '.join('?' * len(FILM_COLUMNS))})",
                self.films,
            ),
            (
                "INSERT OR IGNORE INTO film_countries (film_id, country) VALUES (?, ?)",
                self.countries,
            ),
            (f"INSERT INTO entries ({ENTRY_COLUMNS}) VALUES ({', '.join('?' * 14)})", self.entries),
            ("UPDATE films SET seen = 1 WHERE id = ?", self.seen),
            ("INSERT OR IGNORE INTO entry_tags (entry_id, tag_id) VALUES (?, ?)", self.entry_tags),
        ):
            if rows:
                self.conn.executemany(sql, rows)
                rows.clear()

    # Values of rows already there ----------------------------------------------

    def set_film(self, fid: int, column: str, value: Any) -> bool:
        """Set one of the film's values, noting the old one; False when it was already so."""
        self.flush()
        old = self.conn.execute(f"SELECT {column} FROM films WHERE id = ?", [fid]).fetchone()[0]
        if old == value:
            return False
        self.undo.note("films", fid, column, old)
        self.conn.execute(f"UPDATE films SET {column} = ? WHERE id = ?", [value, fid])
        return True

    def set_entry(self, eid: int, values: dict[str, Any]) -> list[str]:
        """Set values of an entry the journal had, noting the old ones; which ones changed."""
        self.flush()
        *old, updated, made_here = self.conn.execute(
            f"SELECT {', '.join(values)}, updated_at, import_id IS ? FROM entries WHERE id = ?",
            [self.import_id, eid],
        ).fetchone()
        was = dict(zip(values, old, strict=True))
        changed = {k: v for k, v in values.items() if was[k] != v}
        if not changed:
            return []
        if not made_here:  # an entry this import made needs no note
            for column in [*changed, "updated_at"]:
                self.undo.note("entries", eid, column, was.get(column, updated))
        sets = ", ".join(f"{k} = ?" for k in changed)
        self.conn.execute(
            f"UPDATE entries SET {sets}, updated_at = ? WHERE id = ?",
            [*changed.values(), self.stamp, eid],
        )
        if "review" in changed:
            self.changed_entries.add(eid)
        return list(changed)

    def fill_in(self, fid: int, facts: dict[str, Any]) -> bool:
        """Give the film the facts it lacks; never overwrite what is there.

        An id another film already has is left out: the two stay as they are.
        """
        self.flush()
        wanted = {k: v for k, v in facts.items() if v is not None}
        if not wanted:
            return False
        current = self.conn.execute(
            f"SELECT {', '.join(wanted)} FROM films WHERE id = ?", [fid]
        ).fetchone()
        missing = {k: v for (k, v), old in zip(wanted.items(), current, strict=True) if old is None}
        taken = self.known.taken(
            Ids(missing.get("imdb_id"), missing.get("tmdb_id"), missing.get("letterboxd_uri"))
        )
        for column, value in zip(
            ("imdb_id", "tmdb_id", "letterboxd_uri"), taken.key(), strict=True
        ):
            if value is not None:
                del missing[column]
        if not missing:
            return False
        if "original_title" in missing:
            missing["original_title_key"] = key(missing["original_title"])
        for column in missing:
            self.undo.note("films", fid, column, None)
        sets = ", ".join(f"{k} = ?" for k in missing)
        self.conn.execute(f"UPDATE films SET {sets} WHERE id = ?", [*missing.values(), fid])
        ids = Ids(missing.get("imdb_id"), missing.get("tmdb_id"), missing.get("letterboxd_uri"))
        self.known.learn(fid, ids, missing.get("year"))
        self.changed_films.add(fid)
        return True

    def name_id(self, table: str, name: str) -> int:
        """The id of a person, tag or genre, made on first use with the spelling given."""
        ids = self.names.get(table)
        if ids is None:
            ids = self.names[table] = {
                k: i for i, k in self.conn.execute(f"SELECT id, name_key FROM {table}")
            }
        k = key(name)
        if k not in ids:
            cur = self.conn.execute(
                f"INSERT INTO {table} (name, name_key) VALUES (?, ?)", [name, k]
            )
            ids[k] = int(cur.lastrowid or 0)
        return ids[k]

    def link_names(self, fid: int, link: str, table: str, names: Iterable[str]) -> bool:
        """A film's directors or genres, when it has none yet (those it has are kept).

        The link carries the import's id: undo takes back what it gave a film
        it did not make.
        """
        what = "director" if table == "people" else "genre"
        names = check_each([n for n in names if n and n.strip()], what)
        if not names:
            return False
        self.flush()
        if (
            fid not in self.known.made
            and self.conn.execute(f"SELECT 1 FROM {link} WHERE film_id = ?", [fid]).fetchone()
        ):
            return False
        column = "person_id" if link == "film_directors" else "genre_id"
        for position, name in enumerate(names):
            extra = ", position" if link == "film_directors" else ""
            values = [fid, self.name_id(table, name), self.import_id]
            values += [position] if extra else []
            self.conn.execute(
                f"INSERT OR IGNORE INTO {link} (film_id, {column}, import_id{extra})"
                f" VALUES ({', '.join('?' * len(values))})",
                values,
            )
        self.changed_films.add(fid)
        return True
