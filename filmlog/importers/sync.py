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
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from filmlog.importers.viewings import KnownViewings
from filmlog.importers.writer import RowWriter

# What a source may say of a viewing: the entry's columns of the same names. None is
# "not said" (a feed that does not say whether it was liked), but a review or a rating
# said before and not now was taken away.
SAID = ("watched", "rating", "review", "spoilers", "rewatch", "liked")
TAKEN_AWAY = ("review", "rating")


@dataclass(frozen=True)
class Item:
    source: str  # letterboxd-rss, trakt, jellyfin:SERVER
    item: str  # the source's own name of it
    said: dict[str, Any]  # of SAID


class SyncState:
    def __init__(self, writer: RowWriter, viewings: KnownViewings) -> None:
        self.writer = writer
        self.conn = writer.conn
        self.viewings = viewings
        self._synced: set[int] | None = None  # entries a synced source gave

    def take(
        self, fid: int, item: Item, new_entry: Callable[[], int]
    ) -> tuple[int | None, bool, list[str]]:
        """The entry the item is (known, found, or made by new_entry), whether it is new, and
        which of its values the item changed. None: an item whose entry the person removed,
        which the source has not changed since (a removal is an edit of theirs, kept)."""
        said = {k: item.said.get(k) for k in SAID}
        text = json.dumps(said, ensure_ascii=False, sort_keys=True)
        self.writer.flush()
        row = self.conn.execute(
            "SELECT id, entry_id, said FROM sync_items WHERE source = ? AND item = ?",
            [item.source, item.item],
        ).fetchone()
        if row is not None and row[1] is not None:
            item_id, eid, before_text = row
            before = json.loads(before_text or "{}")
            changed = {k: v for k, v in said.items() if v is not None and v != before.get(k)}
            changed |= {k: None for k in TAKEN_AWAY if said[k] is None and before.get(k)}
            taken = self.writer.set_entry(eid, changed) if changed else []
            if before_text != text:
                self.writer.undo.note("sync_items", item_id, "said", before_text)
                self.conn.execute("UPDATE sync_items SET said = ? WHERE id = ?", [text, item_id])
            return eid, False, taken
        if row is not None and row[2] == text:
            return None, False, []
        eid = self.viewings.unsynced_day(fid, said["watched"], item.source)
        done: list[str] = []
        if eid is None:
            eid = new_entry()
            fresh = True
        else:
            done = self.writer.set_entry(eid, self._lacks(eid, said))
            fresh = False
        if row is not None:  # an item whose entry was removed, changed at the source since
            self.writer.flush()  # the new entry is written before the item points at it
            for column, before in (("entry_id", None), ("film_id", None), ("said", row[2])):
                self.writer.undo.note("sync_items", row[0], column, before)
            self.conn.execute(
                "UPDATE sync_items SET entry_id = ?, film_id = ?, said = ? WHERE id = ?",
                [eid, fid, text, row[0]],
            )
        else:
            self.writer.sync_rows.append(
                (item.source, item.item, eid, fid, text, self.writer.import_id)
            )
        return eid, fresh, done

    def fill_in(self, eid: int, v: Any) -> list[str]:
        """What a viewing from an export gives the entry a synced source made of it (a play,
        a feed item): only what that entry lacks; an entry of no source is left as it is."""
        if self._synced is None:  # read once: only an import that syncs adds to them
            self._synced = {r[0] for r in self.conn.execute("SELECT entry_id FROM sync_items")}
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
