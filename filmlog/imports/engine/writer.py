"""The one owner of an import's writes: every row an import writes or reads goes through it.

An import holds the journal's write lock from its first statement, so the
ids of new films and entries are its own to give, and their rows wait in
batches (batches.py). Whatever reads the journal asks the writer: `read`
writes the waiting rows first, so a read always sees the import's own rows;
`read_had` is for what the journal had before the import (no waiting row can
change it). Values of rows the journal had are changed through `set_film`
and `set_entry`, which note the old value for undo; a row still waiting is
changed where it waits. The parts beside it (the film matcher, the viewings
met again, the sync state, the lists, the settling at the end) hold no
connection of their own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from filmlog.imports.engine.batches import ENTRY_CELL, FILM_CELL
from filmlog.imports.engine.films import Cited, KnownFilms
from filmlog.imports.engine.name_links import NameLinks
from filmlog.imports.engine.statements import Statements
from filmlog.imports.engine.undo_log import UndoLog
from filmlog.values import uids
from filmlog.values.checks import check_each
from filmlog.values.film_ids import NO_IDS
from filmlog.values.keys import key

if TYPE_CHECKING:
    from filmlog.imports.engine.viewing import Viewing

BATCH = 2000  # entries waiting before they are written
# A film's facts an import fills in when the film lacks them (film_facts.fill_in)
FILLED = ("year", "original_title", "runtime", "imdb_id", "tmdb_id", "letterboxd_uri")
_WHAT = {"people": "director", "genres": "genre"}


class ImportWriter(Statements):
    def __init__(
        self, conn: sqlite3.Connection, import_id: int, stamp: str, *, exact_years: bool = False
    ) -> None:
        self.import_id = import_id
        self.stamp = stamp
        super().__init__(conn)
        self.known = KnownFilms(self.read_had, exact_years=exact_years)
        self._made = self.known.made  # (asked per row: one set, not a call)
        self._stamps = (stamp, stamp)  # a new row's created and updated, unless given
        self.undo = UndoLog(conn, import_id, self.known.made)
        self.names = NameLinks(conn, import_id)
        # Rows the import did not add whose words (title, directors, review) it changed:
        # indexed for search at the end, with the import's own.
        self.films_worded: set[int] = set()
        self.entries_worded: set[int] = set()
        # Of each film the import made, its latest rated new entry (by the order of
        # records.LATEST_RATED_FIRST: day, uid, id) and that rating: the film's rating, known
        # without a query. A film one of whose new entries changed since is `rerated`.
        self.latest_rated: dict[int, tuple[str, str, int, int]] = {}
        self.rerated: set[int] = set()
        # The facts (FILLED) each film met has, once known: fill_in asks the journal (or the
        # row where the film waits) once.
        self.filled: dict[int, set[str]] = {}
        self.next_film = self._next_id("films")
        self.next_entry = self._next_id("entries")
        # A bigger page cache for the length of the import: the indexes of a large
        # diary stop spilling out of SQLite's default 2 MB.
        conn.execute("PRAGMA cache_size = -32768")
        # New films wait while their entries are written in batches, so that what the
        # import learns of a film later (its rating, seen) is written with it, not
        # updated after: the foreign keys are checked at the commit (for this transaction
        # only), where a row pointing nowhere still fails the whole import.
        conn.execute("PRAGMA defer_foreign_keys = ON")

    def made(self, fid: int) -> bool:
        """Whether this import made the film (nothing of it needs a note for undo)."""
        return fid in self.known.made

    def _next_id(self, table: str) -> int:
        return int(self.read_had(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])

    def words_changed(self, *, film: int | None = None, entry: int | None = None) -> None:
        """A row the import did not add whose words (title, directors, review) it changed."""
        if film is not None:
            self.films_worded.add(film)
        if entry is not None:
            self.entries_worded.add(entry)

    # New rows ----------------------------------------------------------------

    def new_film(
        self,
        cited: Cited,
        title: str,
        facts: dict[str, Any],
        keep_id: int | None = None,
        stamps: tuple[str, str] | None = None,
        countries: Iterable[str] = (),
    ) -> int:
        """A film's row, batched; keep_id is the id to give it when that is free.

        facts are its other columns (runtime, and for a film restored from an export its
        rating, seen and liked); its ids are the cited ones no other film has.
        """
        fid = keep_id if keep_id is not None and keep_id not in self.known else self.next_film
        if fid >= self.next_film:
            self.next_film = fid + 1
        ids = cited.ids
        if ids is not NO_IDS:
            ids = ids.without(self.known.taken(ids, fid))
        original = cited.original_title
        created, updated = stamps or self._stamps
        title_key = self.known.key_of(title)
        original_key = key(original) if original else None
        row = [
            fid,
            title,
            title_key,
            cited.year,
            original,
            original_key,
            cited.runtime,
            None,  # imdb_id, tmdb_id, letterboxd_uri: below, from the ids
            None,
            None,
            None,  # rating, rated_at
            None,
            0,  # seen, liked
            0,
            created,
            updated,
            self.import_id,
        ]
        if ids is not NO_IDS or facts:
            for column, value in (*ids.columns().items(), *facts.items()):
                row[FILM_CELL[column]] = value
        self.waiting.films[fid] = row
        if ids is not NO_IDS and ids:
            others = ids.others().items()
            self.waiting.other_ids += [(fid, k, str(v), self.import_id) for k, v in others]
        if countries:
            self.waiting.countries += [(fid, c) for c in countries]
        self.known.add(fid, title, cited.year, title_key, original_key, ids)
        self.known.made.add(fid)
        return fid

    def new_entry(
        self,
        fid: int,
        v: Viewing,
        platform: str | None = None,
        keep_id: int | None = None,
        stamps: tuple[str, str] | None = None,
        uid: str | None = None,
    ) -> int:
        """A viewing's entry, batched: keep_id is the id to give it when free, uid its uid
        (else a new one), platform what it was watched on when the viewing does not say."""
        eid = self.next_entry
        if keep_id is None:
            self.next_entry = eid + 1
        else:
            if not self.read("SELECT 1 FROM entries WHERE id = ?", [keep_id]).fetchone():
                eid = keep_id
            self.next_entry = max(self.next_entry, eid + 1)
        created, updated = stamps or self._stamps
        platform = v.platform or platform
        uid = uid or uids.new()
        rating = v.rating
        if rating is not None and fid in self._made:
            latest = (v.watched or "", uid, eid, rating)
            had = self.latest_rated.get(fid)
            if had is None or latest > had:
                self.latest_rated[fid] = latest
        place = v.place
        waiting = self.waiting
        waiting.entries[eid] = [
            eid,
            fid,
            v.watched,
            rating,
            1 if v.rewatch else 0,
            1 if v.liked else 0,
            v.review,
            1 if v.spoilers else 0,
            v.uri or None,
            created,
            updated,
            self.import_id,
            uid,
            platform,
            key(platform) if platform else None,
            place,
            key(place) if place else None,
        ]
        if v.companions:
            ids = self.names.ids_of("companions", v.companions, "companion")
            waiting.companions += [(eid, c, n) for n, c in enumerate(ids)]
        if v.tags:
            waiting.entry_tags += [(eid, t) for t in self.names.tag_ids(v.tags)]
        if len(waiting.entries) >= BATCH:
            self.write_waiting(films_too=False)
        return eid

    def new_sync_item(self, source: str, item: str, eid: int, fid: int, said: str) -> None:
        """The item of a source an entry is (written after the entry)."""
        self.waiting.sync_items.append((source, item, eid, fid, said, self.import_id))

    def link_names(self, fid: int, link: str, table: str, names: Iterable[str]) -> bool:
        """A film's directors or genres, when it has none yet (those it has are kept)."""
        checked = check_each([n for n in names if n and n.strip()], _WHAT[table])
        if not checked:
            return False
        self.flush()
        made = self.made(fid)
        if not self.names.link(fid, link, table, checked, has_some_already=not made):
            return False
        if not made:
            self.words_changed(film=fid)
        return True

    def want(self, fid: int, added_at: str | None) -> bool:
        """The film on the watchlist (since added_at, else today); False if it was."""
        cur = self.write(
            "INSERT OR IGNORE INTO watchlist (film_id, added_at, import_id) VALUES (?, ?, ?)",
            [fid, added_at or self.stamp[:10], self.import_id],
        )
        return bool(cur.rowcount)

    def seen_now(self, fid: int) -> None:
        """A film this import made has been seen: set where it waits, or in one statement at
        the next flush."""
        waiting = self.waiting.films.get(fid)
        if waiting is not None:
            waiting[FILM_CELL["seen"]] = 1
        else:
            self.waiting.seen.append((fid,))

    def set_ratings(self, rows: list[tuple[int, str | None, int]]) -> None:
        """Films this import made take these ratings (rating, rated_at, film): where they
        wait, else in one statement, as they need no note for undo."""
        assert all(self.made(fid) for *_, fid in rows)
        written = []
        for rating, rated_at, fid in rows:
            waiting = self.waiting.films.get(fid)
            if waiting is None:
                written.append((rating, rated_at, fid))
            else:
                waiting[FILM_CELL["rating"]], waiting[FILM_CELL["rated_at"]] = rating, rated_at
        if written:
            self.write_many("UPDATE films SET rating = ?, rated_at = ? WHERE id = ?", written)

    # Values of rows already there ----------------------------------------------

    def entry_values(self, eid: int, columns: tuple[str, ...]) -> dict[str, Any]:
        """Some of an entry's values as they are now (waiting, or in the journal)."""
        waiting = self.waiting.entries.get(eid)
        if waiting is not None:
            return {c: waiting[ENTRY_CELL[c]] for c in columns}
        row = self.read_had(f"SELECT {', '.join(columns)} FROM entries WHERE id = ?", [eid])
        return dict(zip(columns, row.fetchone(), strict=True))

    def set_entry(self, eid: int, values: dict[str, Any]) -> list[str]:
        """Set values of an entry, noting the old ones of an entry the journal had before;
        which ones changed."""
        if not values:
            return []
        waiting = self.waiting.entries.get(eid)
        if waiting is not None:  # still to be written: changed where it waits
            changed = [k for k, v in values.items() if waiting[ENTRY_CELL[k]] != v]
            for k in changed:
                waiting[ENTRY_CELL[k]] = values[k]
            if "rating" in changed or "watched" in changed:
                self.rerated.add(waiting[ENTRY_CELL["film_id"]])
            return changed
        old = self.read_had(  # (waiting rows add entries, never change one)
            f"SELECT {', '.join(values)}, updated_at, import_id IS ? FROM entries WHERE id = ?",
            [self.import_id, eid],
        ).fetchone()
        was, updated, made_here = dict(zip(values, old, strict=False)), old[-2], old[-1]
        changed_values = {k: v for k, v in values.items() if was[k] != v}
        if not changed_values:
            return []
        if not made_here:  # an entry this import made needs no note
            for column in [*changed_values, "updated_at"]:
                self.note_old("entries", eid, column, was.get(column, updated))
        elif "rating" in changed_values or "watched" in changed_values:
            film = self.read_had("SELECT film_id FROM entries WHERE id = ?", [eid]).fetchone()
            self.rerated.add(film[0])
        sets = ", ".join(f"{k} = ?" for k in changed_values)
        self.change_had(
            f"UPDATE entries SET {sets}, updated_at = ? WHERE id = ?",
            [*changed_values.values(), self.stamp, eid],
        )
        if "review" in changed_values:
            self.words_changed(entry=eid)
        return list(changed_values)

    def film_value(self, fid: int, column: str) -> Any:
        waiting = self.waiting.films.get(fid)
        if waiting is not None:
            return waiting[FILM_CELL[column]]
        return self._film_row(fid, (column,))[0]

    def _film_row(self, fid: int, columns: Iterable[str]) -> tuple[Any, ...]:
        """A written film's values: of those, only `seen` may still wait to be set."""
        columns = tuple(columns)
        read = self.read if "seen" in columns else self.read_had
        return tuple(read(f"SELECT {', '.join(columns)} FROM films WHERE id = ?", [fid]).fetchone())

    def set_film(self, fid: int, column: str, value: Any) -> bool:
        """Set one of the film's values, noting the old one; False when it was already so."""
        return self.set_film_values(fid, {column: value}) != []

    def set_film_values(self, fid: int, values: dict[str, Any]) -> list[str]:
        """Set values of a film (where it waits, or noting the old ones); which changed."""
        waiting = self.waiting.films.get(fid)
        if waiting is not None:
            differ = [k for k, v in values.items() if waiting[FILM_CELL[k]] != v]
            for k, v in values.items():
                waiting[FILM_CELL[k]] = v
            return differ
        old = self._film_row(fid, values)
        changed = {k: v for (k, v), was in zip(values.items(), old, strict=True) if was != v}
        for (k, _), was in zip(values.items(), old, strict=True):
            if k in changed:
                self.note_old("films", fid, k, was)
        if changed:
            sets = ", ".join(f"{k} = ?" for k in changed)
            self.change_had(f"UPDATE films SET {sets} WHERE id = ?", [*changed.values(), fid])
        return list(changed)
