"""One import as one unit of work, and the few verbs every source writes through.

A source reads what it was given and says what it found: `film` (the film a
record names, found or made), `viewing` (a diary entry, unless the source's
Same rule says the journal has it), `review` (a review of a viewing, which
it joins when the journal has it), `sync` (an item of a source that names
its items: see sync.py), `restore_film` and `restore_entry` (filmlog's own
export, ids and times kept), `rate`, `seen`, `like`, `want`, `listed`, and
`skip`, `repeated`, `ignored`, `not_imported` for what it leaves out, with
their reasons. The session decides what is new, what is already there and
what changes, keeps the counts, has every change noted for undo, and runs
the phases in their order at `finish`: the viewings settled (rewatches by
order) before the films' ratings, the ratings a source gave last.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import lru_cache
from typing import Any

from filmlog.imports.engine import named_lists, settle
from filmlog.imports.engine.film_facts import fill_in
from filmlog.imports.engine.films import Cited, KnownFilms
from filmlog.imports.engine.named_lists import NamedList
from filmlog.imports.engine.reporting import Progress, Reporting, Where
from filmlog.imports.engine.summary import Count, Summary
from filmlog.imports.engine.sync import Item, SyncState
from filmlog.imports.engine.undo_log import record_import, start_import
from filmlog.imports.engine.viewing import Exported, Restored, Viewing
from filmlog.imports.engine.viewings import KnownViewings, Same
from filmlog.imports.engine.writer import ImportWriter
from filmlog.journal.db import Journal
from filmlog.values.checks import check_title
from filmlog.values.clock import now
from filmlog.values.dates import check_watched
from filmlog.values.errors import BadValue

__all__ = [
    "Cited",
    "Count",
    "ImportSession",
    "Item",
    "NamedList",
    "Progress",
    "Restored",
    "Same",
    "Summary",
    "Viewing",
    "Where",
]


_DAY = Same.DAY


class _WatchedDays:
    """Watched dates, by the rule of a typed one (from the first films to today): each
    date checked once an import."""

    def __init__(self) -> None:
        self.today = dt.date.today()
        self.fine: set[str | None] = {None}

    def check(self, text: str | None) -> None:
        if text is None or text in self.fine:
            return
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise BadValue(f"{text!r} is not a date") from None
        check_watched(day, text, self.today)
        self.fine.add(text)


def _said(v: Viewing) -> dict[str, Any]:
    """What a file's row says of a viewing, as a sync item keeps it (see sync.SAID)."""
    liked = True if v.liked else None
    return {
        "watched": v.watched,
        "rating": v.rating,
        "review": v.review,
        "liked": liked,
        "rewatch": v.rewatch,
    }


def film_on(self: ImportSession, cited: Cited, day: str | None) -> int | None:
    """The film of a record that names it by a title alone (no year, no id) and was
    watched on day: when the journal has several films of that title, the one logged
    that day is it; when nothing tells them apart, None: the row is left out and said,
    never made a film of its own (a third "Good Boy" beside 2022's and 2025's)."""
    several = self.known.several(cited)
    if not several:
        return self.film(cited)
    that_day = [f for f in several if day and self.viewings.same_day(f, day, None)]
    if len(that_day) == 1:
        return that_day[0]
    self.skip("rows whose film could not be told (several films of that title)")
    self.note(_untold(cited.title, day, [self.known.label(f) for f in several]))
    return None


def _untold(title: str, day: str | None, labels: list[str]) -> str:
    """What a summary says of a row whose film could not be told among several."""
    labels = sorted(labels)
    return (
        f"{title}{f', {day}' if day else ''}: left out, the journal has {len(labels)} films"
        f' of that title ({", ".join(labels)}); log it with filmlog add "{labels[-1]}"'
        " (or the other year)"
    )


@lru_cache(maxsize=4096)  # (a diary's days recur: each written once)
def _stamps(day: str) -> tuple[str, str]:
    """A day a source logged something, as the journal's created and updated stamps."""
    stamp = f"{day}T00:00:00+00:00" if len(day) == 10 else day
    return stamp, stamp


class ImportSession(Reporting):
    def __init__(
        self,
        journal: Journal,
        summary: Summary,
        *,
        same: Same = Same.DAY,
        exact_years: bool = False,
        progress: Progress | None = None,
    ) -> None:
        super().__init__(summary, progress)
        conn = journal.conn
        self.journal_path = journal.path  # the journal written to (None: a blank stand-in)
        self.platform: str | None = None  # what the source's viewings were watched on
        self.same = same
        stamp = now()
        self.import_id = start_import(conn, summary, stamp)
        self.writer = ImportWriter(conn, self.import_id, stamp, exact_years=exact_years)
        self.known: KnownFilms = self.writer.known
        self.viewings = KnownViewings(self.writer)
        self.synced = SyncState(self.writer, self.viewings)
        self.seen_films = {r[0] for r in self.writer.read_had("SELECT id FROM films WHERE seen")}
        self._resolved: dict[tuple[str, int | None], int] = {}
        self._counted: set[int] = set()  # films already counted as updated or skipped
        self._rated: set[int] = set()  # films whose rating their entries may set
        self._restored: set[int] = set()  # films whose own rating the export gave
        self._infer: list[int] = []  # entries whose rewatch the source left unsaid
        self._ratings: list[tuple[int, int, str | None]] = []  # rate(): applied at the end
        self._liked: set[int] = set()
        self._days = _WatchedDays()
        self._fine = self._days.fine
        self._rows: Counter[tuple[str, str]] = Counter()  # rows of files, by what they say
        self._watched: set[int] = set()  # films seen or logged by this import
        self._wanted: set[int] = set()  # films the source says are on its watchlist
        self._entries_added = 0

    def expect(self, n: int) -> None:
        super().expect(n)
        self.writer.expecting(n)  # (a large import sets indexes aside from its start)

    # Films -------------------------------------------------------------------
    def film(self, cited: Cited) -> int:
        """The film's id: found by an id (film_ids.KINDS), then title and year; else made."""
        plain = cited.plain
        if plain:  # (a title and year met before: one lookup, the common case of a diary)
            resolved = self._resolved.get((cited.title, cited.year))
            if resolved is not None:
                return resolved
        try:
            title = check_title(cited.title)
        except BadValue as exc:
            raise self.refused(exc) from None
        if title != cited.title:
            cited = cited.titled(title)
        fid = self._film(cited, title)
        if plain:
            self._resolved[(cited.title, cited.year)] = fid
        return fid

    def film_on(self, cited: Cited, day: str | None) -> int | None:
        return film_on(self, cited, day)  # a title alone, watched on day: see film_on

    def find(self, cited: Cited) -> int | None:
        """The film the journal (or this import) has for a record, if any; nothing is made."""
        return self.known.find(cited)

    def _film(self, cited: Cited, title: str, **made: Any) -> int:
        fid = self.known.find(cited)
        new = fid is None
        try:
            if fid is None:
                fid = self._make(cited, title, **made)
            changed = not new and fill_in(self.writer, fid, cited)
            if cited.directors:
                changed |= self.writer.link_names(fid, "film_directors", "people", cited.directors)
            if cited.genres:
                changed |= self.writer.link_names(fid, "film_genres", "genres", cited.genres)
        except BadValue as exc:
            raise self.refused(exc) from None
        if not new and fid not in self._counted and not self.writer.made(fid):
            self._counted.add(fid)
            self.summary.count("films", Count.UPDATED if changed else Count.SKIPPED)
        return fid

    def _make(
        self,
        cited: Cited,
        title: str,
        keep_id: int | None = None,
        restore: Restored | None = None,
    ) -> int:
        if restore is None:
            fid = self.writer.new_film(cited, title, {}, keep_id)
        else:
            facts, stamps, countries = restore.columns(), restore.stamps, restore.countries
            fid = self.writer.new_film(cited, title, facts, keep_id, stamps, countries)
        if restore is not None:
            self._restored.add(fid)
            if restore.seen:
                self.seen_films.add(fid)
        self.summary.count("films", Count.ADDED)
        return fid

    def restore_film(self, cited: Cited, keep_id: int, restore: Restored) -> int:
        """A film of filmlog's own export: the journal's, or made with its id and values."""
        try:
            title = check_title(cited.title)
        except BadValue as exc:
            raise self.refused(exc) from None
        return self._film(cited, title, keep_id=keep_id, restore=restore)

    # Viewings ----------------------------------------------------------------
    def _check(self, v: Viewing) -> None:
        if v.watched in self._days.fine:  # (each day is checked once an import)
            return
        try:
            self._days.check(v.watched)
        except BadValue as exc:
            raise self.refused(exc) from None

    def viewing(self, fid: int, v: Viewing, same: Same | None = None, **restored: Any) -> int:
        """A diary entry, unless the Same rule (the source's, or this file's) finds the
        journal has it; its id."""
        if v.watched not in self._fine:  # (each day is checked once an import)
            self._check(v)
        rule = same or self.same
        if rule is _DAY:  # (the common rule, asked without the dispatch)
            found = self.viewings.same_day(fid, v.watched, v.uri)
        else:
            found = self.viewings.same(fid, v, rule)
        if found is None:
            return self._add(fid, v, **restored) if restored else self._add(fid, v)
        filled = self.synced.fill_in(found, v)  # a viewing a synced source gave first
        self.summary.count("entries", Count.UPDATED if filled else Count.SKIPPED)
        if "rating" in filled:
            self._rated.add(fid)
        return found

    def restore_entry(self, fid: int, v: Viewing, given: Exported) -> int:
        """An entry of filmlog's own export, with its id (when free), times and uid; the
        entry the journal had with that uid (else that id, film and creation time) is that
        entry, as it is now (newer_wins: as the export has it, if edited there later)."""
        keep_id, uid, stamps = given.id, given.uid, (given.created, given.updated)
        if keep_id is not None or uid is not None:
            self._check(v)
            found = self.viewings.of_export(fid, keep_id, uid, given.created)
            if found is not None:
                changed = given.newer_wins and self.viewings.take_newer(found, v, given.updated)
                self.summary.count("entries", Count.UPDATED if changed else Count.SKIPPED)
                if changed:
                    self._rated.add(fid)
                return found
        return self.viewing(fid, v, keep_id=keep_id, stamps=stamps, uid=uid)

    def row(self, fid: int, source: str, names: tuple[object, ...], v: Viewing) -> int | None:
        """A file's row's viewing, kept as an item of its source named by what it says: read
        again, it is the same entry wherever the person moved it (see sync)."""
        name = "|".join("" if n is None else str(n) for n in names)
        self._rows[(source, name)] += 1
        seen = self._rows[(source, name)]
        return self.sync(fid, Item(source, f"{name}#{seen}" if seen > 1 else name, _said(v)), v)

    def review(self, fid: int, v: Viewing) -> int:
        """A review: it joins the viewing the journal has (the same URI, or the film that
        day), or is a viewing of its own."""
        self._check(v)
        found = self.viewings.of_review(fid, v.watched, v.uri, v.logged, v.review)
        if found is None:
            return self._add(fid, v)
        if v.review:
            old = self.writer.entry_values(found, ("review",))["review"]
            if old == v.review:
                self.summary.count("reviews", Count.SKIPPED)
            else:
                self.writer.set_entry(found, {"review": v.review})
                self.summary.count("reviews", Count.ADDED if old is None else Count.UPDATED)
        return found

    def sync(self, fid: int, item: Item, v: Viewing) -> int | None:
        """An item of a source that names its items: the entry it gave before (only what
        changed there since is taken), the same viewing from elsewhere, or a new one. None
        for an item whose entry the person removed (and the source has not changed)."""
        self._check(v)
        taken = self.synced.take(fid, item)
        if taken.wanting is not None:  # no entry of it yet, nor of the film that day
            taken = self.synced.made(taken, self._add(fid, v, count=False))
        eid, changed = taken.entry, taken.changed
        if taken.clash or taken.theirs:
            said, skipped = taken.told(self.writer.film_value(fid, "title"), item.item)
            self.note(said)
            if skipped:
                self.skip(skipped)
                return None
        if eid is None:
            self.summary.count("entries", Count.SKIPPED)
            return None
        if taken.fresh:
            self.summary.count("entries", Count.ADDED)
            if v.review:
                self.summary.count("reviews", Count.ADDED)
            return eid
        self.summary.count("entries", Count.UPDATED if changed else Count.SKIPPED)
        if "review" in changed:
            self.summary.count("reviews", Count.UPDATED if taken.had_review else Count.ADDED)
        if "rating" in changed:
            self._rated.add(fid)
        if "liked" in changed and item.said.get("liked"):
            self._liked.add(fid)
        return eid

    def _add(
        self,
        fid: int,
        v: Viewing,
        *,
        keep_id: int | None = None,
        stamps: tuple[str, str] | None = None,
        count: bool = True,
        uid: str | None = None,
    ) -> int:
        if stamps is None and v.logged:
            stamps = _stamps(v.logged)
        try:
            eid = self.writer.new_entry(fid, v, self.platform, keep_id, stamps, uid)
        except BadValue as exc:
            raise self.refused(exc) from None
        self.viewings.added(fid, eid, v.watched, v.uri)
        self._watched.add(fid)
        if v.rewatch is None:
            self._infer.append(eid)
        if fid not in self.seen_films:
            self._seen(fid)
        if v.liked:
            self._liked.add(fid)
        if v.rating is not None and fid not in self._restored:
            self._rated.add(fid)
        if count:
            self._entries_added += 1  # (counted in the summary at the end)
            if v.review:
                self.summary.count("reviews", Count.ADDED)
        return eid

    # What the source says of a film ------------------------------------------

    def rate(self, fid: int, rating: int, rated_at: str | None) -> None:
        """The film's current rating, as the source has it now: applied after the viewings,
        so it wins over their ratings within one import; against the journal, the more
        recently given rating wins."""
        self._ratings.append((fid, rating, rated_at))
        self._seen(fid)

    def seen(self, fid: int) -> None:
        self.summary.count("watched", Count.ADDED if self._seen(fid) else Count.SKIPPED)

    def _seen(self, fid: int) -> bool:
        if fid in self.seen_films:
            return False
        self.seen_films.add(fid)
        self._watched.add(fid)
        if self.writer.made(fid):
            self.writer.seen_now(fid)
            return True
        return self.writer.set_film(fid, "seen", 1)

    def like(self, fid: int) -> None:
        liked = self.writer.set_film(fid, "liked", 1)
        self.summary.count("liked", Count.ADDED if liked else Count.SKIPPED)

    def want(self, fid: int, added_at: str | None, *, unless_seen: bool = False) -> None:
        """The film on the watchlist; unless_seen: a film seen stays off (call it last)."""
        added = not (unless_seen and fid in self.seen_films) and self.writer.want(fid, added_at)
        self._wanted.add(fid)
        self.summary.count("watchlist", Count.ADDED if added else Count.SKIPPED)

    def listed(self, listed: named_lists.NamedList) -> None:
        """A list and its films (position, film id, note), added to or updated in place."""
        try:
            self.summary.count("lists", named_lists.save(self.writer, listed))
        except BadValue as exc:
            raise self.refused(exc) from None

    # The end -----------------------------------------------------------------

    def finish(self) -> Summary:
        """Settle what the records left unsaid, in order, and record the import: the last
        import is the last one run, even one that changed nothing."""
        if self._entries_added:
            self.summary.count("entries", Count.ADDED, self._entries_added)
        rated_here = settle.rate_from_entries(self.writer, self._rated)  # (films still wait)
        settle.infer_rewatches(self.writer, self._infer)
        for fid in self._liked:
            self.writer.set_film(fid, "liked", 1)
        settle.apply_ratings(self.writer, self.summary, self._ratings, rated_here)
        taken = settle.off_watchlist(self.writer, self._watched - self._wanted)
        if taken:
            self.note(f"Taken off the watchlist, as seen or logged now: {taken:,}.")
        self.writer.flush()
        self.import_id = record_import(self.writer.conn, self.summary, self.writer.stamp)
        return self.summary
