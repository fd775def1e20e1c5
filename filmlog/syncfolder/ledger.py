"""What this journal knows of each thing it shares: the uids it goes by (the same on every
machine; one thing here may be known by two, made apart on two machines), which machine
made each, which were removed (they stay removed), and the stamp of each value here (the
later of two edits of a value wins)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

# SQLite would rather walk the primary key's kinds than use this index; told to, it is
# a hundred times faster on a journal of 10,000 viewings.
BY_LOCAL = "sync_uids INDEXED BY sync_uids_local"


class Ledger:
    def __init__(self, conn: sqlite3.Connection, me: str) -> None:
        self.conn = conn
        self.me = me
        self._uid: dict[tuple[str, str], str | None] = {}
        self._stamps: dict[tuple[str, str], dict[str, str]] = {}
        self._changed: set[tuple[str, str]] = set()

    # uids

    def uid_of(self, kind: str, local: str) -> str | None:
        """The uid a thing here is written by: the one this machine made, else the least."""
        found = self._uid.get((kind, local), "")
        if found == "":
            row = self.conn.execute(
                f"SELECT uid FROM {BY_LOCAL} WHERE kind = ? AND local = ? AND gone IS NULL"
                " ORDER BY origin = ? DESC, uid LIMIT 1",
                [kind, local, self.me],
            ).fetchone()
            found = row[0] if row else None
            self._uid[(kind, local)] = found
        return found

    def known(self, kind: str, uid: str) -> tuple[str | None, str | None, str | None] | None:
        """(local, gone, pending) of a uid, or None if never heard of."""
        row = self.conn.execute(
            "SELECT local, gone, pending FROM sync_uids WHERE kind = ? AND uid = ?", [kind, uid]
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def signs(self, kind: str, local: str) -> list[str]:
        """What the thing was when a journal holding it joined the folder (its own or
        another's): only such things are matched to another machine's, by these."""
        return [
            r[0]
            for r in self.conn.execute(
                f"SELECT sign FROM {BY_LOCAL} WHERE kind = ? AND local = ? AND joined = 1",
                [kind, local],
            )
        ]

    def origins(self, kind: str, local: str) -> set[str]:
        return {
            r[0]
            for r in self.conn.execute(
                f"SELECT origin FROM {BY_LOCAL} WHERE kind = ? AND local = ?", [kind, local]
            )
        }

    def bind(self, kind: str, uid: str, local: str, origin: str, sign: str | None = None) -> None:
        """The uid names this thing here (sign: it was in its journal when that joined)."""
        self.conn.execute(
            "INSERT INTO sync_uids (kind, uid, local, origin, joined, sign)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, uid) DO UPDATE SET"
            " local = excluded.local, gone = NULL, pending = NULL,"
            " joined = max(joined, excluded.joined), sign = coalesce(sign, excluded.sign)",
            [kind, uid, local, origin, int(sign is not None), sign],
        )
        self._uid.pop((kind, local), None)

    def wait(self, kind: str, uid: str, origin: str, pending: dict[str, Any]) -> None:
        self.conn.execute(
            "INSERT INTO sync_uids (kind, uid, origin, pending) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (kind, uid) DO UPDATE SET pending = excluded.pending",
            [kind, uid, origin, json.dumps(pending)],
        )

    def waiting(self) -> list[tuple[str, str, str, dict[str, Any]]]:
        return [
            (r[0], r[1], r[2], json.loads(r[3]))
            for r in self.conn.execute(
                "SELECT kind, uid, origin, pending FROM sync_uids WHERE pending IS NOT NULL"
                " AND gone IS NULL ORDER BY kind, uid"
            )
        ]

    def gone(self, kind: str, uid: str, origin: str, stamp: str) -> None:
        self.conn.execute(
            "INSERT INTO sync_uids (kind, uid, origin, gone) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (kind, uid) DO UPDATE SET local = NULL, pending = NULL,"
            " gone = max(coalesce(gone, ''), excluded.gone)",
            [kind, uid, origin, stamp],
        )

    def retire(self, kind: str, local: str, stamp: str) -> list[str]:
        """The thing here is removed: each uid it went by is gone (returned)."""
        uids = [
            r[0]
            for r in self.conn.execute(
                f"SELECT uid FROM {BY_LOCAL} WHERE kind = ? AND local = ? AND gone IS NULL",
                [kind, local],
            )
        ]
        self.conn.execute(
            f"UPDATE {BY_LOCAL} SET local = NULL, pending = NULL, gone = ? WHERE kind = ?"
            " AND local = ?",
            [stamp, kind, local],
        )
        self.conn.execute("DELETE FROM sync_stamps WHERE kind = ? AND local = ?", [kind, local])
        self._uid.pop((kind, local), None)
        self._stamps.pop((kind, local), None)
        self._changed.discard((kind, local))
        return uids

    def gone_uids(self) -> list[tuple[str, str, str]]:
        return list(
            self.conn.execute("SELECT kind, uid, gone FROM sync_uids WHERE gone IS NOT NULL")
        )

    # stamps

    def stamps(self, kind: str, local: str) -> dict[str, str]:
        if (kind, local) not in self._stamps:
            row = self.conn.execute(
                "SELECT stamps FROM sync_stamps WHERE kind = ? AND local = ?", [kind, local]
            ).fetchone()
            self._stamps[(kind, local)] = json.loads(row[0]) if row else {}
        return self._stamps[(kind, local)]

    def stamp_of(self, kind: str, local: str, field: str) -> str:
        stamps = self.stamps(kind, local)
        return stamps[field] if field in stamps else stamps.get("*", "")

    def stamp(self, kind: str, local: str, fields: dict[str, str], *, made: bool = False) -> None:
        """Record the stamps of values now here (made: all of a thing's values at once)."""
        if made:
            self._stamps[(kind, local)] = {}
        stamps = self.stamps(kind, local)
        stamps.update(fields)
        if "*" in stamps:  # a value stamped as the rest are needs no stamp of its own
            stamps = {f: s for f, s in stamps.items() if f == "*" or s != stamps["*"]}
        self._stamps[(kind, local)] = stamps
        self._changed.add((kind, local))

    def save(self) -> None:
        self.conn.executemany(
            "INSERT OR REPLACE INTO sync_stamps (kind, local, stamps) VALUES (?, ?, ?)",
            [
                (kind, local, json.dumps(self._stamps[(kind, local)], separators=(",", ":")))
                for kind, local in self._changed
                if (kind, local) in self._stamps
            ],
        )
        self._changed.clear()
