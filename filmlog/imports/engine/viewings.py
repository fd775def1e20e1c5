"""The viewings an import may meet again, and when a record is one of them.

Each source says when two records are the same viewing (its Same rule): by
the Letterboxd URI of the entry, else the same film on the same day; by the
same day, rating and review (filmlog's own export read back, whose twins are
kept); or never (the source knows). A film's entries are read once, when a
record of it first needs them; those the import adds are known as they are
added, so nothing is read back per row.
"""

from __future__ import annotations

import json
from enum import Enum
from typing import TYPE_CHECKING, Any

from filmlog.imports.engine.writer import ImportWriter

if TYPE_CHECKING:
    from filmlog.imports.engine.session import Viewing


class Same(Enum):
    """When a viewing a source holds is one the journal already has."""

    DAY = "day"  # the same Letterboxd URI, else the same film on the same day
    CONTENT = "content"  # the same day, rating and review, in the journal before the import
    NEVER = "never"  # every viewing is new (the source knows)


class KnownViewings:
    def __init__(self, writer: ImportWriter) -> None:
        self.writer = writer
        self._made = writer.known.made  # (asked per row: one set, not a call)
        self.by_uri: dict[str, int] = dict(
            writer.read_had(
                "SELECT letterboxd_uri, id FROM entries WHERE letterboxd_uri IS NOT NULL"
            ).fetchall()
        )
        # Entries an export's entry was found to be: each is one entry of the export's (its
        # twin on the same day, with the same rating, is another of the journal's)
        self.claimed: set[int] = set()
        self._uids: dict[str, int] | None = None  # the journal's entries by uid, when asked
        # film -> its entries as (id, watched, has a URI, in the journal before the import)
        self._of: dict[int, list[tuple[int, str | None, bool, bool]]] = {}

    def _entries(self, fid: int) -> list[tuple[int, str | None, bool, bool]]:
        known = self._of.get(fid)
        if known is None:
            if fid in self._made:
                known = []
            else:  # read before the import adds any of the film's (added() asks first)
                known = [
                    (eid, watched, uri is not None, True)
                    for eid, watched, uri in self.writer.read_had(
                        "SELECT id, watched, letterboxd_uri FROM entries WHERE film_id = ?"
                        " ORDER BY id",
                        [fid],
                    )
                ]
            self._of[fid] = known
        return known

    def added(self, fid: int, eid: int, watched: str | None, uri: str | None) -> None:
        """An entry this import made: a later record may be the same viewing."""
        known = self._of.get(fid)
        if known is None:
            known = self._entries(fid)
        known.append((eid, watched, uri is not None, False))
        if uri:
            self.by_uri[uri] = eid

    def same(self, fid: int, v: Viewing, rule: Same) -> int | None:
        """The entry the journal (or this import) has that is this viewing, by the rule."""
        if rule is Same.DAY:
            return self.same_day(fid, v.watched, v.uri)
        if rule is Same.CONTENT:
            return self.same_content(fid, v.watched, v.rating, v.review)
        return None

    def same_day(self, fid: int, watched: str | None, uri: str | None) -> int | None:
        """The same viewing by the Letterboxd rule: its URI, else the film on that day (an
        entry with another URI is another viewing: a member can log a film twice a day)."""
        if uri:
            found = self.by_uri.get(uri)
            if found is not None or fid in self._made:
                return found
        for eid, day, has_uri, _ in self._entries(fid):
            if day == watched and not (has_uri and uri):
                return eid
        return None

    def same_entry(self, fid: int, eid: int, created: str) -> int | None:
        """The entry of this id, film and creation time, if the journal had it before this
        import (filmlog's own export read back into the journal it came from)."""
        if self.writer.made(fid):
            return None
        row = self.writer.read(
            "SELECT id FROM entries WHERE id = ? AND film_id = ? AND created_at = ?"
            " AND import_id IS NOT ?",
            [eid, fid, created, self.writer.import_id],
        ).fetchone()
        if row is None:
            return None
        self.claimed.add(int(row[0]))
        return int(row[0])

    def of_export(self, fid: int, keep_id: int | None, uid: str | None, created: str) -> int | None:
        """The entry an entry of filmlog's own export is: by its uid, or (an export without
        uids) by its id, film and creation time."""
        if uid is not None:
            return self.with_uid(uid)
        return self.same_entry(fid, keep_id or 0, created)

    def with_uid(self, uid: str) -> int | None:
        """The entry of this uid, if the journal had it before this import (read once, as
        a whole: the import sets the journal's indexes aside)."""
        if self._uids is None:
            self._uids = dict(
                self.writer.read_had(
                    "SELECT uid, id FROM entries WHERE import_id IS NOT ?", [self.writer.import_id]
                ).fetchall()
            )
        found = self._uids.get(uid)
        if found is not None:
            self.claimed.add(found)
        return found

    def take_newer(self, eid: int, v: Viewing, updated: str) -> bool:
        """Another journal's edit of this entry, when later than this one's: its values
        (the later edit of one viewing wins, whichever journal has it). Whether any changed.

        Two edits of one second are told by their values, the same way on both sides: two
        journals imported into each other agree, whichever goes first."""
        values = {
            "watched": v.watched,
            "rating": v.rating,
            "rewatch": int(bool(v.rewatch)),
            "liked": int(v.liked),
            "review": v.review,
            "spoilers": int(v.spoilers),
        }
        ours = self.writer.entry_values(eid, (*values, "updated_at"))
        mine = (ours.pop("updated_at"), json.dumps(list(ours.values())))
        if (updated, json.dumps(list(values.values()))) <= mine:
            return False
        return bool(self.writer.set_entry(eid, values))

    def of_review(
        self, fid: int, watched: str | None, uri: str | None, written: str | None, text: Any
    ) -> int | None:
        """The viewing a review is of: by the Letterboxd rule; and a review written without
        a watched date, on the day of a viewing of the film (written first, logged later),
        is that viewing's."""
        found = self.same_day(fid, watched, uri)
        if found is None and watched is None and written:
            that_day = self.same_day(fid, written[:10], None)
            # never over a review of its own: two reviews are two viewings then
            has = self.writer.entry_values(that_day, ("review",))["review"] if that_day else None
            if that_day is not None and has in (None, text):
                found = that_day
        return found

    def unsynced_day(self, fid: int, watched: str | None, source: str) -> int | None:
        """An entry of the film on that day that no item of this source gave (two items of
        one source are two viewings, even on one day)."""
        for eid, day, _, _ in self._entries(fid):
            if day == watched and not self._synced(eid, source):
                return eid
        return None

    def _synced(self, eid: int, source: str) -> bool:
        row = self.writer.read(
            "SELECT 1 FROM sync_items WHERE entry_id = ? AND source = ?", [eid, source]
        ).fetchone()
        return row is not None

    def same_content(
        self, fid: int, watched: str | None, rating: int | None, review: str | None
    ) -> int | None:
        """An entry of the film the journal had before this import, with this day, rating and
        review (what the import itself adds is never compared: an export's twins are kept)."""
        if not any(before for *_, before in self._entries(fid)):
            return None
        rows = self.writer.read_had(
            "SELECT id FROM entries WHERE film_id = ? AND watched IS ? AND rating IS ?"
            " AND review IS ? AND import_id IS NOT ? ORDER BY id",
            [fid, watched, rating, review, self.writer.import_id],
        )
        for (eid,) in rows:
            if eid not in self.claimed:
                self.claimed.add(eid)
                return int(eid)
        return None
