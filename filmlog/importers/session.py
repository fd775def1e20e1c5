"""One import as one unit of work, and the interface every importer writes through.

An importer reads its files and calls these: `film` finds or makes the film
a row names; `entry` adds a viewing unless the journal has it; `set_review`,
`rate`, `mark_seen`, `mark_liked`, `want` and `named_list` record what the
export says; `repeated` and `not_imported` count what is left out. The
session decides whether a record is new, already there (skipped) or changes
something, keeps the counts, and has every change noted so that the import
can be undone. No importer writes SQL of its own.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from filmlog.clock import now
from filmlog.db import Journal
from filmlog.errors import BadValue
from filmlog.importers import named_lists, settle
from filmlog.importers.existing import KnownEntries
from filmlog.importers.known import Ids, KnownFilms
from filmlog.importers.sources import CsvFile, ImportRefused
from filmlog.importers.summary import Count, Summary
from filmlog.importers.writer import RowWriter
from filmlog.models import check_title

__all__ = ["Count", "ImportSession", "Restored", "Same", "Summary"]


class Same(Enum):
    """When an entry the export holds is one the journal already has."""

    VIEWING = "viewing"  # the same Letterboxd URI, else the same film on the same day
    CONTENT = "content"  # the same day, rating and review, in the journal before the import
    NEVER = "never"  # every entry is new (the caller knows)


@dataclass
class Restored:
    """A film as filmlog's own export has it, given whole to a film the import makes."""

    tmdb_id: int | None = None
    rating: int | None = None
    rated_at: str | None = None
    seen: bool = False
    liked: bool = False
    stamps: tuple[str, str] | None = None  # created_at, updated_at
    countries: list[str] = field(default_factory=list)


def _values_checked(method: Callable[..., Any]) -> Callable[..., Any]:
    """A value of the file that the journal's rules refuse (the rules of typing it) is a
    refusal of the file, naming where it was read."""

    @functools.wraps(method)
    def checked(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except BadValue as exc:
            file, line = CsvFile.last_read
            raise ImportRefused(file, exc.message, line or None) from None

    return checked


def _changed(counts: str) -> bool:
    """Whether an import's recorded counts say it added or updated anything."""
    return any(c.get("added") or c.get("updated") for c in json.loads(counts).values())


class ImportSession:
    def __init__(
        self, journal: Journal, summary: Summary, progress: Callable[[int], None] | None = None
    ) -> None:
        self.conn = conn = journal.conn
        self.summary = summary
        self._progress = progress
        stamp = now()
        cur = conn.execute(
            "INSERT INTO imports (source, path, imported_at) VALUES (?, ?, ?)",
            [summary.source, summary.path, stamp],
        )
        self.import_id = summary.import_id = int(cur.lastrowid or 0)
        self.known = KnownFilms(conn)
        self.writer = RowWriter(conn, self.import_id, stamp, self.known)
        self.existing = KnownEntries(self.writer)
        self.seen: set[int] = {r[0] for r in conn.execute("SELECT id FROM films WHERE seen")}
        self._resolved: dict[tuple[str, int | None], int] = {}
        self._counted: set[int] = set()  # films already counted as updated or skipped
        self._rated: set[int] = set()  # films with new rated entries
        self._rated_here: set[int] = set()  # films whose rating this import set
        self._restored: set[int] = set()  # films whose own rating the export gave
        self._infer: list[int] = []  # entries whose rewatch the export left unsaid

    @property
    def exact_years(self) -> bool:
        """A source that never leaves a year out by accident: another year, another film."""
        return self.known.exact_years

    @exact_years.setter
    def exact_years(self, value: bool) -> None:
        self.known.exact_years = value

    def tick(self) -> None:
        if self._progress:
            self._progress(1)

    def repeated(self, kind: str) -> Callable[[object], None]:
        """What a reader calls for each row it leaves out as a repeat of an earlier one."""
        return lambda _row: self.summary.count(kind, Count.SKIPPED)

    def not_imported(self, file: str, reason: str, line: int | None = None) -> None:
        self.summary.not_imported(file, reason, line)

    # Films -------------------------------------------------------------------

    @_values_checked
    def film(
        self,
        title: str,
        year: int | None,
        *,
        imdb_id: str | None = None,
        tmdb_id: int | None = None,
        letterboxd_uri: str | None = None,
        original_title: str | None = None,
        runtime: int | None = None,
        directors: Iterable[str] = (),
        genres: Iterable[str] = (),
        keep_id: int | None = None,
        restore: Restored | None = None,
    ) -> int:
        """The film's id: found by an id (IMDb, TMDb, Letterboxd), then title and year; else made.

        keep_id is the id to give a new film when it is free (a JSON export
        read back keeps its ids); restore gives it the rest of its values.
        """
        directors, genres = list(directors), list(genres)
        plain = not (imdb_id or tmdb_id or letterboxd_uri or original_title or runtime
                     or keep_id or restore or directors or genres)  # fmt: skip
        if plain:
            resolved = self._resolved.get((title, year))
            if resolved is not None:
                return resolved
        name = check_title(title)
        ids = Ids(imdb_id or None, tmdb_id, letterboxd_uri or None)
        facts = {"year": year, "imdb_id": ids.imdb, "tmdb_id": ids.tmdb,
                 "letterboxd_uri": ids.letterboxd, "original_title": original_title or None,
                 "runtime": runtime}  # fmt: skip
        fid = self.known.find(name, year, ids, original_title)
        made = fid is None
        if fid is None:
            fid = self._make(name, year, facts, keep_id, restore)
        changed = not made and self.writer.fill_in(fid, facts)
        changed |= self.writer.link_names(fid, "film_directors", "people", directors)
        changed |= self.writer.link_names(fid, "film_genres", "genres", genres)
        if not made and fid not in self._counted and fid not in self.known.made:
            self._counted.add(fid)
            self.summary.count("films", Count.UPDATED if changed else Count.SKIPPED)
        if plain:
            self._resolved[(title, year)] = fid
        return fid

    def _make(self, title: str, year: int | None, facts: dict[str, Any], keep_id: int | None,
              restore: Restored | None) -> int:  # fmt: skip
        stamps = None
        if restore is not None:
            facts |= {"tmdb_id": restore.tmdb_id or facts["tmdb_id"], "rating": restore.rating,
                      "rated_at": restore.rated_at, "seen": int(restore.seen),
                      "liked": int(restore.liked)}  # fmt: skip
            stamps = restore.stamps
        fid = self.writer.new_film(title, year, facts, keep_id, stamps)
        if restore is not None:
            self._restored.add(fid)
            self.writer.countries += [(fid, c) for c in restore.countries]
            if restore.seen:
                self.seen.add(fid)
        self.summary.count("films", Count.ADDED)
        return fid

    def is_new(self, fid: int) -> bool:
        """Whether this import made the film."""
        return fid in self.known.made

    # Entries -----------------------------------------------------------------

    @_values_checked
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
        same: Same = Same.VIEWING,
        feed: tuple[str, str] | None = None,
    ) -> tuple[int, bool]:
        """Add a viewing unless the journal has it; (entry id, whether it was added).

        rewatch None: the export does not say, and order decides at the end.
        keep_id and stamps keep an exported entry's id and times.
        """
        existing = None
        if same is Same.VIEWING and not (letterboxd_uri and fid in self.known.made):
            existing = self.find_entry(fid, watched, letterboxd_uri)
        elif same is Same.CONTENT:
            existing = self.existing.viewed_before(fid, watched, rating, review)
        if existing is not None:
            self.summary.count("entries", Count.SKIPPED)
            return existing, False
        values = {"watched": watched, "rating": rating, "rewatch": bool(rewatch),
                  "liked": liked, "review": review, "spoilers": spoilers,
                  "letterboxd_uri": letterboxd_uri or None}  # fmt: skip
        if feed is not None:  # a feed item's guid, and what it said (JSON)
            values["feed_id"], values["feed_values"] = feed
        eid = self.writer.new_entry(fid, values, keep_id, stamps, tags)
        if rewatch is None:
            self._infer.append(eid)
        self.mark_seen(fid, count=False)
        if liked:
            self.writer.set_film(fid, "liked", 1)
        if rating is not None and fid not in self._restored:
            self._rated.add(fid)
        self.summary.count("entries", Count.ADDED)
        if review:
            self.summary.count("reviews", Count.ADDED)
        return eid, True

    def find_entry(self, fid: int, watched: str | None, letterboxd_uri: str | None) -> int | None:
        """The same viewing already in the journal: by its Letterboxd URI, else film and date."""
        return self.existing.same_viewing(fid, watched, letterboxd_uri)

    def update_entry(self, eid: int, fid: int, values: dict[str, Any]) -> None:
        """Bring an entry the journal has up to date with values a source knows better.

        Where a feed item came from (feed_id, feed_values) is kept, but is no
        change a person would see.
        """
        changed = self.writer.set_entry(eid, values)
        seen = [c for c in changed if c not in ("feed_id", "feed_values")]
        self.summary.count("entries", Count.UPDATED if seen else Count.SKIPPED)
        if "review" in changed:
            self.summary.count("reviews", Count.ADDED if values["review"] else Count.UPDATED)
        if "rating" in changed:
            self._rated.add(fid)
        if values.get("liked"):
            self.writer.set_film(fid, "liked", 1)

    def set_review(self, eid: int, text: str) -> None:
        self.writer.flush()
        old, made_here = self.conn.execute(
            "SELECT review, import_id IS ? FROM entries WHERE id = ?", [self.import_id, eid]
        ).fetchone()
        if old == text:
            self.summary.count("reviews", Count.SKIPPED)
            return
        self.conn.execute("UPDATE entries SET review = ? WHERE id = ?", [text, eid])
        self.writer.changed_entries.add(eid)
        if not made_here:
            self.writer.undo.note("entries", eid, "review", old)
        self.summary.count("reviews", Count.ADDED if old is None else Count.UPDATED)

    # What the export says of a film ------------------------------------------

    def rate(self, fid: int, rating: int, rated_at: str | None) -> None:
        """The film's current rating, as the source has it now.

        Within one import the source's current rating wins over its diary's;
        against the journal, the more recently given rating wins.
        """
        self.writer.flush()
        old, old_at = self.conn.execute(
            "SELECT rating, rated_at FROM films WHERE id = ?", [fid]
        ).fetchone()
        new_here = fid in self._rated_here or fid in self.known.made
        if old == rating:
            self.summary.count("ratings", Count.ADDED if new_here else Count.SKIPPED)
        elif not new_here and old is not None and rated_at and old_at and rated_at < old_at:
            self.summary.count("ratings", Count.SKIPPED)  # the journal's rating is the newer one
        else:
            self.writer.set_film(fid, "rating", rating)
            self.writer.set_film(fid, "rated_at", rated_at)
            self.summary.count("ratings", Count.ADDED if old is None or new_here else Count.UPDATED)
        self.mark_seen(fid, count=False)

    def mark_seen(self, fid: int, count: bool = True) -> None:
        if fid in self.seen:
            changed = False
        elif fid in self.known.made:
            self.writer.seen_now(fid)
            changed = True
        else:
            changed = self.writer.set_film(fid, "seen", 1)
        self.seen.add(fid)
        if count:
            self.summary.count("watched", Count.ADDED if changed else Count.SKIPPED)

    def mark_liked(self, fid: int) -> None:
        liked = self.writer.set_film(fid, "liked", 1)
        self.summary.count("liked", Count.ADDED if liked else Count.SKIPPED)

    def want(self, fid: int, added_at: str | None) -> None:
        self.writer.flush()
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO watchlist (film_id, added_at, import_id) VALUES (?, ?, ?)",
            [fid, added_at or self.writer.stamp[:10], self.import_id],
        )
        self.summary.count("watchlist", Count.ADDED if cur.rowcount else Count.SKIPPED)

    @_values_checked
    def named_list(self, listed: named_lists.NamedList) -> None:
        """A list and its films (position, film id, note), added to or updated in place."""
        self.summary.count("lists", named_lists.save(self.writer, listed))

    # The end -----------------------------------------------------------------

    def finish_entries(self) -> None:
        """Work out what the files left unsaid: rewatches by order, current ratings."""
        self.writer.flush()
        settle.infer_rewatches(self.conn, self._infer)
        self._infer = []
        self._rated_here |= settle.rate_from_entries(self.writer, self._rated)
        self._rated = set()

    def finish(self) -> Summary:
        """Settle what the rows left unsaid, and record the import: the last import is the
        last one run, even one that changed nothing (undoing that one undoes nothing)."""
        self.finish_entries()
        self.writer.end()
        counts = json.dumps(self.summary.counts_json())
        if not self.summary.changed():
            # The same import again and again (a sync from cron): one record, kept current.
            previous = self.conn.execute(
                "SELECT id, counts FROM imports WHERE id = (SELECT max(id) FROM imports"
                " WHERE id < ?) AND source = ? AND path = ? AND undone_at IS NULL",
                [self.import_id, self.summary.source, self.summary.path],
            ).fetchone()
            if previous is not None and not _changed(previous[1]):
                self.conn.execute("DELETE FROM imports WHERE id = ?", [self.import_id])
                self.import_id = self.summary.import_id = int(previous[0])
        self.conn.execute(
            "UPDATE imports SET counts = ?, imported_at = ?, finished_at = ? WHERE id = ?",
            [counts, self.writer.stamp, now(), self.import_id],
        )
        return self.summary
