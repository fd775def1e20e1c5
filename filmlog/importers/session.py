"""One import as one unit of work: films found or made, entries added, all counted.

Importers read their files and call these methods; the session decides
whether a row is new, already there (skipped), or changes something, keeps
the counts for the summary, and notes every change so the import can be
undone. Lookups are kept in memory for the length of the import, so a
100,000-row diary costs a few statements per row rather than many queries.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from filmlog import search
from filmlog.db import Journal
from filmlog.keys import key
from filmlog.models import check_title
from filmlog.store import now

ADDED, UPDATED, SKIPPED = "added", "updated", "skipped"
# Indexes an import reads while it runs (entries of a film; its unique ids stay too).
KEPT_INDEXES = ("entries_film", "films_title_key")
REBUILD_INDEXES_BELOW = 250_000  # entries already in the journal
KINDS = ("films", "entries", "reviews", "ratings", "watched", "liked", "watchlist", "lists")


@dataclass
class Summary:
    """What an import did (or, for a dry run, would do)."""

    source: str
    path: str
    counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    skipped_rows: Counter[str] = field(default_factory=Counter)  # reason -> rows not imported
    ignored_files: list[str] = field(default_factory=list)
    # Files of the export that could not be read, and why: left out, the rest imported.
    skipped_files: list[tuple[str, str]] = field(default_factory=list)
    import_id: int | None = None
    dry_run: bool = False

    def count(self, kind: str, action: str, n: int = 1) -> None:
        self.counts[kind][action] += n

    def not_imported(self, file: str, reason: str, line: int | None = None) -> None:
        self.skipped_files.append((file, f"line {line}: {reason}" if line else reason))

    def kinds(self) -> list[str]:
        """The kinds of record this import touched, in the summary's order."""
        return [kind for kind in KINDS if kind in self.counts]

    def as_json(self) -> dict[str, Any]:
        return {
            "import_id": self.import_id,
            "source": self.source,
            "path": self.path,
            "dry_run": self.dry_run,
            "counts": {
                kind: {a: self.counts[kind][a] for a in (ADDED, UPDATED, SKIPPED)}
                for kind in self.kinds()
            },
            "rows_not_imported": dict(self.skipped_rows),
            "ignored_files": self.ignored_files,
            "files_not_imported": [{"file": f, "reason": r} for f, r in self.skipped_files],
        }


def _printable(text: str) -> str:
    """Exports carry stray invisible characters (zero-width spaces, NBSP); drop them."""
    if text.isascii() and text.isprintable():
        return text
    text = text.replace("\u00a0", " ")
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))


class ImportSession:
    def __init__(
        self,
        journal: Journal,
        summary: Summary,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.conn: sqlite3.Connection = journal.conn
        self.summary = summary
        self.stamp = now()
        self._progress = progress
        cur = self.conn.execute(
            "INSERT INTO imports (source, path, imported_at) VALUES (?, ?, ?)",
            [summary.source, summary.path, self.stamp],
        )
        self.import_id = int(cur.lastrowid or 0)
        summary.import_id = self.import_id
        # A bigger page cache for the length of the import: the indexes of a
        # large diary stop spilling out of SQLite's default 2 MB.
        self.conn.execute("PRAGMA cache_size = -16384")
        self._triggers = search.pause(self.conn)
        self._indexes = self._set_indexes_aside()
        self.search_films: set[int] = set()  # existing rows whose words changed
        self.search_entries: set[int] = set()
        self._load()

    # Lookups ---------------------------------------------------------------

    def _load(self) -> None:
        self.by_title: dict[str, list[int]] = defaultdict(list)
        self.by_original: dict[str, list[int]] = defaultdict(list)
        self.by_imdb: dict[str, int] = {}
        self.by_letterboxd: dict[str, int] = {}
        self.year_of: dict[int, int | None] = {}
        self.title_of: dict[int, str] = {}
        self.ids_of: dict[int, tuple[str | None, str | None]] = {}  # (imdb id, Letterboxd URI)
        for fid, title, tk, ok, year, imdb, lb in self.conn.execute(
            "SELECT id, title, title_key, original_title_key, year, imdb_id, letterboxd_uri"
            " FROM films"
        ):
            self._index_film(fid, title, tk, ok, year, imdb, lb)
        self.entry_by_uri: dict[str, int] = {
            uri: eid
            for eid, uri in self.conn.execute(
                "SELECT id, letterboxd_uri FROM entries WHERE letterboxd_uri IS NOT NULL"
            )
        }
        self.names: dict[str, dict[str, int]] = {}
        self.exact_years = False  # True for sources that never leave a year out by accident
        self._resolved: dict[tuple[str, int | None], int] = {}
        self.seen: set[int] = {r[0] for r in self.conn.execute("SELECT id FROM films WHERE seen")}
        self._entries: list[tuple[Any, ...]] = []
        self._films: list[tuple[Any, ...]] = []
        self._next_film = self._next_id("films")
        self._seen_new: list[tuple[int]] = []
        self._entry_tags: list[tuple[int, int]] = []
        self._next_entry = self._next_id("entries")
        self.added_films: set[int] = set()
        self.counted_films: set[int] = set()
        self.touched_films: set[int] = set()  # films that got new rated entries
        self.infer_rewatch: list[int] = []
        self.rated_here: set[int] = set()

    def _set_indexes_aside(self) -> list[str]:
        """Drop the indexes the import never reads, to build them once at its end.

        Kept up row by row they cost half the time of writing the entries. On
        a journal already large, building them anew would cost more than it
        saves, so they stay. Inside the transaction: a failed import gets them
        back with the rollback.
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

    def _next_id(self, table: str) -> int:
        return int(self.conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])

    def _index_film(
        self,
        fid: int,
        title: str,
        tk: str,
        ok: str | None,
        year: int | None,
        imdb: str | None,
        lb: str | None,
    ) -> None:
        self.title_of[fid] = title
        if imdb or lb:
            self.ids_of[fid] = (imdb, lb)
        self.by_title[tk].append(fid)
        if ok and ok != tk:
            self.by_original[ok].append(fid)
        if imdb:
            self.by_imdb[imdb] = fid
        if lb:
            self.by_letterboxd[lb] = fid
        self.year_of[fid] = year

    def _by_key(
        self, k: str, title: str, year: int | None, imdb: str | None, lb: str | None
    ) -> int | None:
        """A film of this title: the same year, else (a year known on one side only)
        the one film the journal had before the import; never a film the source
        itself told apart (made by this import under another spelling or year, or
        with another IMDb id or Letterboxd URI)."""
        candidates = [
            c
            for c in dict.fromkeys(self.by_title.get(k, []) + self.by_original.get(k, []))
            if not self._other_ids(c, imdb, lb)
        ]
        if not candidates:
            return None
        same_year = [c for c in candidates if self.year_of[c] == year]
        exact = [c for c in same_year if self.title_of[c] == title]
        if exact:
            return exact[0]
        older = [c for c in candidates if c not in self.added_films]
        same_year = [c for c in same_year if c in older]
        if same_year:
            return same_year[0]
        if self.exact_years:
            return None
        if year is not None:
            yearless = [c for c in older if self.year_of[c] is None]
            return yearless[0] if len(yearless) == 1 else None
        return older[0] if len(older) == 1 else None

    def _other_ids(self, fid: int, imdb: str | None, lb: str | None) -> bool:
        """Whether the film has an IMDb id or Letterboxd URI other than these."""
        has_imdb, has_lb = self.ids_of.get(fid, (None, None))
        return bool((imdb and has_imdb and imdb != has_imdb) or (lb and has_lb and lb != has_lb))

    def tick(self) -> None:
        if self._progress:
            self._progress(1)

    # Films -----------------------------------------------------------------

    def film(
        self,
        title: str,
        year: int | None,
        *,
        imdb_id: str | None = None,
        letterboxd_uri: str | None = None,
        original_title: str | None = None,
        runtime: int | None = None,
        directors: Iterable[str] = (),
        genres: Iterable[str] = (),
        keep_id: int | None = None,
    ) -> int:
        """The film's id: found by IMDb id, Letterboxd URI, then title and year; else made.

        keep_id is the id to give a new film when it is free (a JSON export
        read back into an empty journal keeps its ids).
        """
        plain = not (imdb_id or letterboxd_uri or original_title or runtime or keep_id)
        if plain and not directors and not genres:
            cached = self._resolved.get((title, year))
            if cached is not None:
                return cached
        fid = self._film(title, year, imdb_id, letterboxd_uri, original_title, runtime,
                         directors, genres, keep_id)  # fmt: skip
        if plain:
            self._resolved[(title, year)] = fid
        return fid

    def _film(
        self,
        title: str,
        year: int | None,
        imdb_id: str | None,
        letterboxd_uri: str | None,
        original_title: str | None,
        runtime: int | None,
        directors: Iterable[str],
        genres: Iterable[str],
        keep_id: int | None,
    ) -> int:
        title = check_title(_printable(title))
        found: int | None = None
        if imdb_id:
            found = self.by_imdb.get(imdb_id)
        if found is None and letterboxd_uri:
            found = self.by_letterboxd.get(letterboxd_uri)
        if found is None:
            found = self._by_key(key(title), title, year, imdb_id, letterboxd_uri)
            if found is None and original_title:
                found = self._by_key(
                    key(original_title), original_title, year, imdb_id, letterboxd_uri
                )
        facts = {
            "year": year,
            "imdb_id": imdb_id or None,
            "letterboxd_uri": letterboxd_uri or None,
            "original_title": original_title or None,
            "runtime": runtime,
        }
        if found is not None:
            fid = found
            changed = self._fill_in(fid, facts)
            changed |= self._link_names(fid, "film_directors", "person_id", "people", directors)
            changed |= self._link_names(fid, "film_genres", "genre_id", "genres", genres)
            if fid not in self.counted_films and fid not in self.added_films:
                self.counted_films.add(fid)
                self.summary.count("films", UPDATED if changed else SKIPPED)
            return fid
        tk = key(title)
        ok = key(original_title) if original_title else None
        new_id = keep_id if keep_id is not None and keep_id not in self.year_of else None
        fid = new_id or self._next_film
        self._next_film = max(self._next_film, fid + 1)
        self._films.append(
            (
                fid,
                title,
                tk,
                year,
                facts["original_title"],
                ok,
                runtime,
                facts["imdb_id"],
                facts["letterboxd_uri"],
                self.stamp,
                self.stamp,
                self.import_id,
            )
        )
        self._index_film(fid, title, tk, ok, year, imdb_id or None, letterboxd_uri or None)
        self.added_films.add(fid)
        self._link_names(fid, "film_directors", "person_id", "people", directors)
        self._link_names(fid, "film_genres", "genre_id", "genres", genres)
        self.summary.count("films", ADDED)
        return fid

    def _fill_in(self, fid: int, facts: dict[str, Any]) -> bool:
        """Add facts the film lacks; never overwrite what is there."""
        self.flush()
        wanted = {k: v for k, v in facts.items() if v is not None}
        if not wanted:
            return False
        current = self.conn.execute(
            f"SELECT {', '.join(wanted)} FROM films WHERE id = ?", [fid]
        ).fetchone()
        missing = {
            k: v for (k, v), old in zip(wanted.items(), current, strict=False) if old is None
        }
        if "imdb_id" in missing and missing["imdb_id"] in self.by_imdb:
            del missing["imdb_id"]  # another film has it: leave both as they are
        if "letterboxd_uri" in missing and missing["letterboxd_uri"] in self.by_letterboxd:
            del missing["letterboxd_uri"]
        if not missing:
            return False
        self.search_films.add(fid)
        for column in missing:
            self.change("films", fid, column, None)
        if "original_title" in missing:
            missing["original_title_key"] = key(missing["original_title"])
            self.change("films", fid, "original_title_key", None)
        sets = ", ".join(f"{k} = ?" for k in missing)
        self.conn.execute(f"UPDATE films SET {sets} WHERE id = ?", [*missing.values(), fid])
        if "imdb_id" in missing:
            self.by_imdb[missing["imdb_id"]] = fid
        if "letterboxd_uri" in missing:
            self.by_letterboxd[missing["letterboxd_uri"]] = fid
        if "imdb_id" in missing or "letterboxd_uri" in missing:
            imdb, lb = self.ids_of.get(fid, (None, None))
            self.ids_of[fid] = (
                missing.get("imdb_id", imdb),
                missing.get("letterboxd_uri", lb),
            )
        if "year" in missing:
            self.year_of[fid] = missing["year"]
        return True

    def _name_id(self, table: str, name: str) -> int:
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

    def _link_names(
        self, fid: int, link: str, column: str, table: str, names: Iterable[str]
    ) -> bool:
        names = [" ".join(n.split()) for n in names if n and n.strip()]
        if not names:
            return False
        self.flush()
        if fid not in self.added_films:
            has = self.conn.execute(f"SELECT 1 FROM {link} WHERE film_id = ?", [fid]).fetchone()
            if has:
                return False  # the film's directors/genres are known: keep them
        self.search_films.add(fid)
        for position, name in enumerate(names):
            extra = ", position" if link == "film_directors" else ""
            values = [fid, self._name_id(table, name), self.import_id]
            values += [position] if extra else []
            # The import's id on the link: undo takes back what it gave a film it did not make.
            self.conn.execute(
                f"INSERT OR IGNORE INTO {link} (film_id, {column}, import_id{extra})"
                f" VALUES ({', '.join('?' * len(values))})",
                values,
            )
        return True

    def change(self, table: str, row_id: int, column: str, previous: Any) -> None:
        """Note a value this import overwrote, unless the import made the row itself."""
        if table == "films" and row_id in self.added_films:
            return
        self.conn.execute(
            "INSERT INTO import_changes (import_id, table_name, row_id, column_name, previous)"
            " VALUES (?, ?, ?, ?, ?)",
            [self.import_id, table, row_id, column, previous],
        )

    def _set_film(self, fid: int, column: str, value: Any) -> bool:
        """Set one of the film's values, noting the old one; False when it was already so."""
        self.flush()
        old = self.conn.execute(f"SELECT {column} FROM films WHERE id = ?", [fid]).fetchone()[0]
        if old == value:
            return False
        self.change("films", fid, column, old)
        self.conn.execute(f"UPDATE films SET {column} = ? WHERE id = ?", [value, fid])
        return True

    # Entries ---------------------------------------------------------------

    def entry(
        self,
        fid: int,
        *,
        watched: str | None,
        rating: int | None,
        rewatch: bool | None,
        liked: bool = False,
        review: str | None = None,
        tags: Iterable[str] = (),
        letterboxd_uri: str | None = None,
        spoilers: bool = False,
        keep_id: int | None = None,
        stamps: tuple[str, str] | None = None,
        always: bool = False,
    ) -> tuple[int, bool]:
        """Add a viewing unless it is there already; (entry id, whether it was added).

        always adds it without looking for the same viewing (the caller knows
        it is new); keep_id and stamps keep an exported entry's id and times.
        """
        existing = None
        if not always and not (letterboxd_uri and fid in self.added_films):
            existing = self.find_entry(fid, watched, letterboxd_uri)
        if existing is not None:
            self.summary.count("entries", SKIPPED)
            return existing, False
        created, updated = stamps or (self.stamp, self.stamp)
        eid = self._next_entry
        if keep_id is not None:
            self.flush()
            taken = self.conn.execute("SELECT 1 FROM entries WHERE id = ?", [keep_id]).fetchone()
            if not taken:
                eid = keep_id
        self._next_entry = max(self._next_entry, eid + 1)
        # Rows wait in a batch (ids are ours to give: the import holds the
        # write lock) and go in with executemany, several times faster.
        self._entries.append(
            (
                eid,
                fid,
                watched,
                rating,
                int(bool(rewatch)),
                int(liked),
                review,
                int(spoilers),
                letterboxd_uri or None,
                created,
                updated,
                self.import_id,
            )
        )
        if rewatch is None:
            self.infer_rewatch.append(eid)
        for tag in tags:
            self._entry_tags.append((eid, self._name_id("tags", tag)))
        if len(self._entries) >= 2000:
            self.flush()
        self.mark_seen(fid, count=False)
        if liked:
            self._set_film(fid, "liked", 1)
        if rating is not None:
            self.touched_films.add(fid)
        self.summary.count("entries", ADDED)
        if review:
            self.summary.count("reviews", ADDED)
        return eid, True

    def flush(self) -> None:
        """Write the batched films and entries, before anything reads them back."""
        if self._films:
            self.conn.executemany(
                "INSERT INTO films (id, title, title_key, year, original_title,"
                " original_title_key, runtime, imdb_id, letterboxd_uri, created_at, updated_at,"
                " import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self._films,
            )
            self._films = []
        if self._entries:
            self.conn.executemany(
                "INSERT INTO entries (id, film_id, watched, rating, rewatch, liked, review,"
                " spoilers, letterboxd_uri, created_at, updated_at, import_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self._entries,
            )
            self._entries = []
        if self._seen_new:
            self.conn.executemany("UPDATE films SET seen = 1 WHERE id = ?", self._seen_new)
            self._seen_new = []
        if self._entry_tags:
            self.conn.executemany(
                "INSERT OR IGNORE INTO entry_tags (entry_id, tag_id) VALUES (?, ?)",
                self._entry_tags,
            )
            self._entry_tags = []

    def find_entry(self, fid: int, watched: str | None, letterboxd_uri: str | None) -> int | None:
        """The same viewing already in the journal: by its Letterboxd URI, else film and date.

        URIs of entries the journal had before the import are in memory; those
        this import adds are looked up in the table, so memory does not grow
        with the rows of the file.
        """
        if letterboxd_uri:
            found = self.entry_by_uri.get(letterboxd_uri)
            if found is not None:
                return found
        self.flush()
        if letterboxd_uri:
            row = self.conn.execute(
                "SELECT id FROM entries WHERE letterboxd_uri = ?", [letterboxd_uri]
            ).fetchone()
            if row:
                return int(row[0])
        row = self.conn.execute(
            "SELECT id FROM entries WHERE film_id = ? AND watched IS ?"
            " AND (letterboxd_uri IS NULL OR ? IS NULL) ORDER BY id LIMIT 1",
            [fid, watched, letterboxd_uri],
        ).fetchone()
        return int(row[0]) if row else None

    def set_review(self, eid: int, text: str) -> None:
        self.flush()
        old = self.conn.execute("SELECT review FROM entries WHERE id = ?", [eid]).fetchone()[0]
        if old == text:
            self.summary.count("reviews", SKIPPED)
            return
        self.conn.execute("UPDATE entries SET review = ? WHERE id = ?", [text, eid])
        self.search_entries.add(eid)
        added_here = self.conn.execute(
            "SELECT import_id IS ? FROM entries WHERE id = ?", [self.import_id, eid]
        ).fetchone()[0]
        if not added_here:
            self.conn.execute(
                "INSERT INTO import_changes (import_id, table_name, row_id, column_name, previous)"
                " VALUES (?, 'entries', ?, 'review', ?)",
                [self.import_id, eid, old],
            )
        self.summary.count("reviews", ADDED if old is None else UPDATED)

    # Film-level facts ------------------------------------------------------

    def rate(self, fid: int, rating: int, rated_at: str | None) -> None:
        """The film's current rating, as the source has it now.

        Within one import the source's current rating wins over its diary's;
        against the journal, the more recently given rating wins.
        """
        self.flush()
        old, old_at = self.conn.execute(
            "SELECT rating, rated_at FROM films WHERE id = ?", [fid]
        ).fetchone()
        new_here = fid in self.rated_here or fid in self.added_films
        if old == rating:
            self.summary.count("ratings", ADDED if new_here else SKIPPED)
        elif not new_here and old is not None and rated_at and old_at and rated_at < old_at:
            self.summary.count("ratings", SKIPPED)  # the journal's rating is the newer one
        else:
            self._set_film(fid, "rating", rating)
            self._set_film(fid, "rated_at", rated_at)
            self.summary.count("ratings", ADDED if old is None or new_here else UPDATED)
        self.mark_seen(fid, count=False)

    def mark_seen(self, fid: int, count: bool = True) -> None:
        if fid in self.seen:
            changed = False
        elif fid in self.added_films:
            self._seen_new.append((fid,))  # set in one statement at the next flush
            changed = True
        else:
            changed = self._set_film(fid, "seen", 1)
        self.seen.add(fid)
        if count:
            self.summary.count("watched", ADDED if changed else SKIPPED)

    def mark_liked(self, fid: int) -> None:
        self.summary.count("liked", ADDED if self._set_film(fid, "liked", 1) else SKIPPED)

    def want(self, fid: int, added_at: str | None) -> None:
        self.flush()
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO watchlist (film_id, added_at, import_id) VALUES (?, ?, ?)",
            [fid, added_at or self.stamp[:10], self.import_id],
        )
        self.summary.count("watchlist", ADDED if cur.rowcount else SKIPPED)

    def named_list(
        self,
        name: str,
        *,
        description: str | None,
        tags: str | None,
        letterboxd_uri: str | None,
        created: str | None,
        films: list[tuple[int, int, str | None]],
    ) -> None:
        """A list and its films (position, film id, note), added to or updated in place."""
        self.flush()
        row = None
        if letterboxd_uri:
            row = self.conn.execute(
                "SELECT id, description FROM lists WHERE letterboxd_uri = ?", [letterboxd_uri]
            ).fetchone()
        if row is None:
            name = self._list_name(name, letterboxd_uri)
            row = self.conn.execute(
                "SELECT id, description FROM lists WHERE name_key = ?", [key(name)]
            ).fetchone()
        changed = False
        if row is None:
            cur = self.conn.execute(
                "INSERT INTO lists (name, name_key, description, tags, letterboxd_uri,"
                " created_at, updated_at, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    name,
                    key(name),
                    description,
                    tags,
                    letterboxd_uri,
                    created or self.stamp,
                    self.stamp,
                    self.import_id,
                ],
            )
            list_id, action = int(cur.lastrowid or 0), ADDED
        else:
            list_id, action = int(row[0]), SKIPPED
            if description and description != row[1]:
                self.change("lists", list_id, "description", row[1])
                self.conn.execute(
                    "UPDATE lists SET description = ? WHERE id = ?", [description, list_id]
                )
                changed = True
        for position, fid, note in films:
            old = self.conn.execute(
                "SELECT rowid, position FROM list_items WHERE list_id = ? AND film_id = ?",
                [list_id, fid],
            ).fetchone()
            if old is None:
                self.conn.execute(
                    "INSERT INTO list_items (list_id, film_id, position, note, import_id)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [list_id, fid, position, note, self.import_id],
                )
                changed = True
            elif old[1] != position:
                self.change("list_items", old[0], "position", old[1])
                self.conn.execute(
                    "UPDATE list_items SET position = ? WHERE rowid = ?", [position, old[0]]
                )
                changed = True
        if action == SKIPPED and changed:
            action = UPDATED
        self.summary.count("lists", action)

    def _list_name(self, name: str, letterboxd_uri: str | None) -> str:
        """The name for a list: another list of this name (by its link) makes it "Name (2)"."""
        n, candidate = 1, name
        while letterboxd_uri:
            row = self.conn.execute(
                "SELECT letterboxd_uri FROM lists WHERE name_key = ?", [key(candidate)]
            ).fetchone()
            if row is None or row[0] is None or row[0] == letterboxd_uri:
                break
            n += 1
            candidate = f"{name} ({n})"
        return candidate

    # The end ---------------------------------------------------------------

    def finish_entries(self) -> None:
        """Work out what the files left unsaid: rewatches by order, current ratings."""
        self.flush()
        if self.infer_rewatch:
            # A viewing is a rewatch when the same film has an earlier one.
            self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS _infer (id INTEGER PRIMARY KEY)")
            self.conn.execute("DELETE FROM _infer")
            self.conn.executemany(
                "INSERT INTO _infer (id) VALUES (?)", [(i,) for i in self.infer_rewatch]
            )
            self.conn.execute(
                "UPDATE entries SET rewatch = 1 WHERE id IN (SELECT id FROM _infer) AND EXISTS ("
                " SELECT 1 FROM entries e2 WHERE e2.film_id = entries.film_id"
                " AND e2.id != entries.id"
                " AND e2.watched IS NOT NULL AND entries.watched IS NOT NULL"
                " AND (e2.watched < entries.watched"
                "  OR (e2.watched = entries.watched AND e2.id < entries.id)))"
            )
            self.conn.execute("DROP TABLE _infer")
            self.infer_rewatch = []
        added = [f for f in self.touched_films if f in self.added_films]
        if added:
            # Films this import made need no record of their old rating: one statement.
            self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS _touched (id INTEGER PRIMARY KEY)")
            self.conn.execute("DELETE FROM _touched")
            self.conn.executemany("INSERT INTO _touched (id) VALUES (?)", [(f,) for f in added])
            self.conn.execute(
                "UPDATE films SET (rating, rated_at) = (SELECT e.rating, e.watched FROM entries e"
                " WHERE e.film_id = films.id AND e.rating IS NOT NULL"
                " ORDER BY coalesce(e.watched, '') DESC, e.id DESC LIMIT 1)"
                " WHERE id IN (SELECT id FROM _touched)"
            )
            self.conn.execute("DROP TABLE _touched")
            self.rated_here.update(added)
        for fid in self.touched_films - self.added_films:
            latest = self.conn.execute(
                "SELECT rating, watched FROM entries WHERE film_id = ? AND rating IS NOT NULL"
                " ORDER BY coalesce(watched, '') DESC, id DESC LIMIT 1",
                [fid],
            ).fetchone()
            if latest and self._set_film(fid, "rating", latest[0]):
                self._set_film(fid, "rated_at", latest[1])
                self.rated_here.add(fid)
        self.touched_films = set()

    def finish(self) -> Summary:
        self.finish_entries()
        for sql in self._indexes:
            self.conn.execute(sql)
        search.index_import(
            self.conn, self._triggers, self.import_id, self.search_films, self.search_entries
        )
        counts = self.summary.as_json()["counts"]
        if not any(c["added"] or c["updated"] for c in counts.values()):
            # Nothing new: no record, so `import undo` takes back a real import.
            self.conn.execute("DELETE FROM imports WHERE id = ?", [self.import_id])
            self.summary.import_id = None
        else:
            self.conn.execute(
                "UPDATE imports SET counts = ? WHERE id = ?", [json.dumps(counts), self.import_id]
            )
        return self.summary
