"""This machine's changes since its last sync, as the lines of its next change file.

A change names the thing by its uid and carries only the values that changed (a thing
made here: all its values known). A removal is a line of its own, after every change
(a viewing moved to another film before its film is removed is not lost with it).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from typing import Any

from filmlog.syncfolder import state
from filmlog.syncfolder.ledger import Ledger
from filmlog.syncfolder.state import FIELDS, THING_KINDS
from filmlog.values import uids


def mark_everything(conn: sqlite3.Connection) -> None:
    """A journal joining a folder: all it holds is to be said."""
    for kind, local, table in (
        ("film", "id", "films"),
        ("list", "id", "lists"),
        ("entry", "id", "entries"),
        ("item", "list_id || ':' || film_id", "list_items"),
    ):
        conn.execute(
            f"INSERT OR IGNORE INTO sync_dirty (kind, local, field) SELECT '{kind}', {local},"
            f" '*' FROM {table}"
        )


class Publisher:
    def __init__(self, conn: sqlite3.Connection, ledger: Ledger, joining: bool = False) -> None:
        self.conn = conn
        self.ledger = ledger
        self.joining = joining  # what the journal held before it joined: matched elsewhere
        self.sets: list[dict[str, Any]] = []
        self.gones: list[dict[str, Any]] = []
        self.stamp = ""

    def lines(self, stamp: str) -> list[dict[str, Any]]:
        self.stamp = stamp
        marks: dict[tuple[str, str], set[str]] = defaultdict(set)
        for kind, local, field in self.conn.execute("SELECT kind, local, field FROM sync_dirty"):
            marks[(kind, local)].add(field)
        self.conn.execute("DELETE FROM sync_dirty")
        if not marks:
            return []
        for kind in THING_KINDS:
            chosen = [local for (k, local) in marks if k == kind]
            if chosen:
                self._kind(kind, chosen, marks, stamp)
        order = {kind: n for n, kind in enumerate(reversed(THING_KINDS))}
        self.gones.sort(key=lambda line: order[line["k"]])
        self.ledger.save()
        return self.sets + self.gones

    def _kind(
        self, kind: str, chosen: list[str], marks: dict[tuple[str, str], set[str]], stamp: str
    ) -> None:
        for local in chosen:
            if "-" in marks[(kind, local)]:  # removed (and, if still here, made again)
                for retired in self.ledger.retire(kind, local, stamp):
                    self.gones.append({"k": kind, "u": retired, "g": 1})
        values = state.read(self.conn, kind, chosen)
        for local in chosen:
            if local not in values:
                continue
            fields = marks[(kind, local)]
            uid = self.ledger.uid_of(kind, local)
            if uid is None or "*" in fields:
                self._made(kind, local, values[local], uid)
                continue
            carried = {f: self.outward(kind, values[local], f) for f in FIELDS[kind] if f in fields}
            if carried:
                self.sets.append({"k": kind, "u": uid, "s": carried})
                self.ledger.stamp(kind, local, dict.fromkeys(carried, stamp))

    def _made(self, kind: str, local: str, values: dict[str, Any], uid: str | None) -> None:
        """All a thing's values (known ones), under its uid (a new one if it has none)."""
        if uid is None:
            uid = made = self._new_uid(kind, local, values)
            sign = state.sign(kind, values) if self.joining else None
            self.ledger.bind(kind, made, local, self.ledger.me, sign)
        carried = {}
        for field in FIELDS[kind]:
            value = self.outward(kind, values, field)
            if not state.empty(value):
                carried[field] = value
        line = {"k": kind, "u": uid, "n": 1, "s": carried}
        if self.joining:
            line["j"] = 1
        self.sets.append(line)
        # A value not said is not known here: any machine's value of it wins over none.
        unsaid = {f: "" for f in FIELDS[kind] if f not in carried}
        self.ledger.stamp(kind, local, {"*": self.stamp, **unsaid}, made=True)

    def _new_uid(self, kind: str, local: str, values: dict[str, Any]) -> str:
        if kind == "item":  # a film on a list is the same item wherever it was put there
            return f"{self.outward(kind, values, 'list')}:{self.outward(kind, values, 'film')}"
        if kind == "entry" and values.get("uid"):
            known = self.ledger.known(kind, values["uid"])
            if known is None or (known[0] in (None, local) and known[1] is None):
                return str(values["uid"])
        made = uids.new()
        if kind == "entry":  # the viewing keeps its name in every journal
            self.conn.execute("UPDATE entries SET uid = ? WHERE id = ?", [made, int(local)])
        return made

    def outward(self, kind: str, values: dict[str, Any], field: str) -> Any:
        """A value as the file has it: a film or list by its uid."""
        if field == "film" and kind in ("entry", "item"):
            return self._ensure("film", values["film_local"])
        if field == "list" and kind == "item":
            return self._ensure("list", values["list_local"])
        return values.get(field)

    def _ensure(self, kind: str, local: str) -> str:
        """The uid of a film or list a change names, said first if it was never said."""
        uid = self.ledger.uid_of(kind, local)
        if uid is None:
            found = state.read(self.conn, kind, [local])
            if local in found:
                self._made(kind, local, found[local], None)
                uid = self.ledger.uid_of(kind, local)
        assert uid is not None, f"{kind} {local} is not in the journal"
        return uid
