"""All this journal knows, as the lines of one file: each film, viewing, list and item
under its uid (and the others it is known by), each value with the stamp it has here,
and every removal. It stands for all the machine's change files before it, so they can
go: the folder does not grow without end."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from typing import Any

from filmlog.syncfolder import state
from filmlog.syncfolder.ledger import Ledger
from filmlog.syncfolder.publish import Publisher
from filmlog.syncfolder.state import FIELDS, THING_KINDS


def snapshot_lines(conn: sqlite3.Connection, ledger: Ledger) -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = []
    outward = Publisher(conn, ledger)
    for kind in THING_KINDS:
        aliases: dict[str, list[str]] = defaultdict(list)
        joined: dict[str, str] = {}
        for local, uid, was, sign in conn.execute(
            "SELECT local, uid, joined, sign FROM sync_uids WHERE kind = ? AND local IS NOT"
            " NULL AND gone IS NULL ORDER BY uid",
            [kind],
        ):
            aliases[local].append(uid)
            if was:
                joined.setdefault(local, sign or "")
        for local, values in state.read(conn, kind, None).items():
            uid = ledger.uid_of(kind, local)
            if uid is None:
                continue  # not said yet: the next change file says it
            by_stamp: dict[str, dict[str, Any]] = defaultdict(dict)
            for field in FIELDS[kind]:
                stamp = ledger.stamp_of(kind, local, field)
                if stamp:  # else never given: no line needs to say so
                    by_stamp[stamp][field] = outward.outward(kind, values, field)
            first = True
            for stamp, carried in sorted(by_stamp.items()):
                line: dict[str, Any] = {"k": kind, "u": uid, "t": stamp, "s": carried, "n": 1}
                others = [a for a in aliases[local] if a != uid]
                if first and others:
                    line["a"] = others
                if local in joined:  # matched by what it was when it joined
                    line["j"] = joined[local] or 1
                first = False
                lines.append(line)
    for kind, uid, gone in ledger.gone_uids():
        lines.append({"k": kind, "u": uid, "t": gone, "g": 1})
    return lines
