"""What each source said of each item it gave, and taking only what changed there since.

A source that names its items (the Letterboxd feed's guids, Trakt's history
ids, a media server's film and play) has each item kept in sync_items with
the entry it gave and what it said of it then (its values as JSON). Reading
the source again, an item known is that entry: only the values the source
changed since it was last read are taken, so what the person changed in
filmlog stays (a review or rating taken away at the source goes here too).
An item not known yet that is a viewing the journal has from elsewhere (the
same film that day, given by no item of this source) is that viewing: it
takes only what the entry lacks. Else it is a new entry.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from filmlog.imports.engine.viewings import KnownViewings
from filmlog.imports.engine.writer import ImportWriter

# What a source may say of a viewing: the entry's columns of the same names. None is
# "not said" (a feed that does not say whether it was liked), but a review or a rating
# said before and not now was taken away.
SAID = ("watched", "rating", "review", "spoilers", "rewatch", "liked")
TAKEN_AWAY = ("review", "rating")
# Beside what the item said: which of the entry's values the source gave it (all of them
# for an entry it made; only what an entry from elsewhere lacked). Only those are the
# source's to change later, and only while they are as it gave them.
GAVE = "_gave"
FLAGS = ("spoilers", "rewatch", "liked")


def _said(said: dict[str, Any], gave: list[str] | None) -> str:
    kept = said if gave is None else {**said, GAVE: sorted(gave)}
    return json.dumps(kept, ensure_ascii=False, sort_keys=True)


def _values(text: str | None) -> dict[str, Any]:
    """What an item said, without the note of what it gave."""
    before = json.loads(text or "{}")
    return {k: before.get(k) for k in SAID}


def _alike(column: str, now: Any, before: Any) -> bool:
    """An entry's value is still the one the source gave (flags: 0, None and False alike)."""
    if column in FLAGS:
        return bool(now) == bool(before)
    return bool(now == before)


class Item(NamedTuple):
    source: str  # letterboxd-rss, trakt, jellyfin:SERVER
    item: str  # the source's own name of it
    said: dict[str, Any]  # of SAID


class Taken(NamedTuple):
    """What became of an item: its entry (None: one the person removed, which the source
    has not changed since; a removal is an edit of theirs, kept), whether the item made it,
    the values the item changed, those it left because they are the person's, and whether
    the item had a review before (a review changed is then updated, not added)."""

    entry: int | None
    fresh: bool = False
    changed: Sequence[str] = ()
    theirs: Sequence[str] = ()
    had_review: bool = False
    # An item that cannot be this record: read twice in one import, or known as another
    # film's (a source's item is one viewing of one film). Left out, never overwritten.
    clash: str | None = None
    # An item that is no entry yet: its film, the item, and its row of an entry the person
    # removed (id, what it said then), for SyncState.made once the session made the entry
    wanting: tuple[int, Item, int | None, str | None] | None = None

    def told(self, title: str, item: str) -> tuple[str, str | None]:
        """What a summary notes of it, and why it was left out (None: it was not)."""
        if self.clash:
            twice = self.clash == "twice"
            why = "twice in what was read" if twice else "for another film before"
            left = f"items the source gave {'twice' if twice else 'for two films'}"
            return f"{title}: left out: the source gave its item {item} {why}", left
        kept = sorted({c for c in self.theirs if c != "spoilers"} or {"spoilers"})
        return (
            f"{title}: kept your {' and '.join(kept)} (changed at the source too, not taken)",
            None,
        )


class SyncState:
    def __init__(self, writer: ImportWriter, viewings: KnownViewings) -> None:
        self.writer = writer
        self.viewings = viewings
        self._synced: set[int] | None = None  # entries a synced source gave
        self._read: dict[tuple[str, str], int] = {}  # items this import has read: film

    def take(self, fid: int, item: Item) -> Taken:
        """The entry the item is, known or found (see Taken); an item that is no entry
        yet comes back `wanting` one: the session makes it, then calls `made`."""
        said = {k: item.said.get(k) for k in SAID}
        read = self._read.get((item.source, item.item))
        if read is not None:  # a repeat of an item already read: the same, or a clash
            return Taken(None, clash=None if read == fid else "twice")
        self._read[(item.source, item.item)] = fid
        row = self.writer.read(
            "SELECT id, entry_id, said, film_id FROM sync_items WHERE source = ? AND item = ?",
            [item.source, item.item],
        ).fetchone()
        if row is not None and row[3] is not None and row[3] != fid:
            return Taken(None, clash="another film")
        if row is not None and row[1] is not None:
            item_id, eid, before_text, _ = row
            before = json.loads(before_text or "{}")
            gave = before.get(GAVE)
            changed = {k: v for k, v in said.items() if v is not None and v != before.get(k)}
            changed |= {k: None for k in TAKEN_AWAY if said[k] is None and before.get(k)}
            theirs = self._edited(eid, changed, before, gave)
            taken = self.writer.set_entry(
                eid, {k: v for k, v in changed.items() if k not in theirs}
            )
            text = _said(said, gave)
            if before_text != text:
                self.writer.note_old("sync_items", item_id, "said", before_text)
                self.writer.write("UPDATE sync_items SET said = ? WHERE id = ?", [text, item_id])
            return Taken(eid, False, taken, theirs, had_review=bool(before.get("review")))
        if row is not None and _values(row[2]) == said:
            return Taken(None)
        eid = self.viewings.unsynced_day(fid, said["watched"], item.source)
        if eid is None:
            return Taken(
                None, wanting=(fid, item, row[0] if row else None, row[2] if row else None)
            )
        done = self.writer.set_entry(eid, self._lacks(eid, said))
        self._keep(fid, item, eid, done, row)
        return Taken(eid, False, done)

    def made(self, taken: Taken, eid: int) -> Taken:
        """The entry made for an item that wanted one: the item is kept as its."""
        assert taken.wanting is not None
        fid, item, item_id, before = taken.wanting
        gave = list(SAID)  # all of an entry it made: a value it left empty is its too
        self._keep(fid, item, eid, gave, (item_id, None, before) if item_id else None)
        return Taken(eid, True)

    def _keep(
        self, fid: int, item: Item, eid: int, gave: list[str], row: tuple[Any, ...] | None
    ) -> None:
        """The item as this entry's, with what it said and which values it gave."""
        text = _said({k: item.said.get(k) for k in SAID}, gave)
        if row is not None:  # an item whose entry was removed, changed at the source since
            for column, before in (("entry_id", None), ("film_id", None), ("said", row[2])):
                self.writer.note_old("sync_items", row[0], column, before)
            self.writer.write(  # (after the new entry it points at)
                "UPDATE sync_items SET entry_id = ?, film_id = ?, said = ? WHERE id = ?",
                [eid, fid, text, row[0]],
            )
        else:
            self.writer.new_sync_item(item.source, item.item, eid, fid, text)

    def _edited(
        self, eid: int, changed: dict[str, Any], before: dict[str, Any], gave: list[str] | None
    ) -> list[str]:
        """Of the values the source changed, those that are the person's: given by them (not
        by this source), or edited in filmlog since the source gave them. What a person
        typed or edited wins over any later change at a source."""
        if not changed:
            return []
        now = self.writer.entry_values(eid, tuple(changed))
        theirs = []
        for k in changed:
            given = gave is None or k in gave or (k == "spoilers" and "review" in gave)
            if not given or not _alike(k, now[k], before.get(k)):
                theirs.append(k)
        if "review" in theirs and "spoilers" in changed and "spoilers" not in theirs:
            theirs.append("spoilers")  # a review's spoiler mark goes with the review
        return theirs

    def fill_in(self, eid: int, v: Any) -> list[str]:
        """What a viewing from an export gives the entry a synced source made of it (a play,
        a feed item): only what that entry lacks; an entry of no source is left as it is."""
        if self._synced is None:  # read once: only an import that syncs adds to them
            self._synced = {r[0] for r in self.writer.read("SELECT entry_id FROM sync_items")}
        if eid not in self._synced:
            return []
        said = {"rating": v.rating, "review": v.review, "spoilers": v.spoilers, "liked": v.liked}
        return self.writer.set_entry(eid, self._lacks(eid, said))

    def _lacks(self, eid: int, said: dict[str, Any]) -> dict[str, Any]:
        """What of the item an entry from elsewhere lacks: a rating, a review, a like."""
        have = self.writer.entry_values(eid, ("rating", "review", "liked"))
        lacks: dict[str, Any] = {}
        if have["rating"] is None and said["rating"] is not None:
            lacks["rating"] = said["rating"]
        if have["review"] is None and said["review"]:
            lacks |= {"review": said["review"], "spoilers": bool(said["spoilers"])}
        if not have["liked"] and said["liked"]:
            lacks["liked"] = 1
        return lacks
