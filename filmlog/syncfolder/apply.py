"""Another machine's changes, taken into this journal.

Each value takes the later of its edits (by stamp: the same answer on every machine,
whatever order the files came in); a removed thing stays removed (an edit of it made
elsewhere before the removal was seen does not bring it back; only its making again
does, as `import undo` of a merge does). A thing heard of first here is matched to
one this journal has (a film by its ids, then its title and year; a viewing both
journals held before they joined by its address, or its day, rating and review), else
made. A change that names what has not arrived yet waits, and is taken when it has.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from filmlog.journal.db import Journal
from filmlog.syncfolder import state
from filmlog.syncfolder.ledger import Ledger
from filmlog.syncfolder.state import FIELDS, NEEDED, THING_KINDS, sign
from filmlog.syncfolder.writes import TABLE, Writes
from filmlog.values.keys import key

SCALAR = (str, int, float, type(None))
# What a thing's INSERT leaves to be written after it.
AFTER_INSERT = {
    "film": ("directors", "genres", "countries", "ids", "titles", "watchlist"),
    "entry": ("tags", "companions"),
}


class Applier:
    def __init__(self, journal: Journal, ledger: Ledger) -> None:
        self.journal = journal
        self.conn = journal.conn
        self.ledger = ledger
        self.counts: dict[str, Counter[tuple[str, str]]] = {}  # by machine: (film, new), …
        self.writes = Writes(journal, ledger)
        self.skipped = 0  # lines of a shape no filmlog writes
        self.echoes: list[tuple[str, str]] = []  # removed here along with another's removal

    def take(self, line: dict[str, Any], origin: str, stamp: str) -> None:
        kind, uid = line.get("k"), line.get("u")
        if kind not in THING_KINDS or not isinstance(uid, str) or not uid:
            self.skipped += 1
            return
        known = self.ledger.known(kind, uid)
        if line.get("g"):
            self._removed(kind, uid, origin, stamp, known)
            return
        values = line.get("s")
        if not isinstance(values, dict):
            self.skipped += 1
            return
        fields = {f: (stamp, v) for f, v in values.items() if f in FIELDS[kind] and _fit(f, v)}
        made = bool(line.get("n"))
        if known is not None and known[1] is not None:  # removed: stays so, unless made again
            if not made or stamp <= known[1]:
                return
            known = None
        if known is not None and known[0] is not None:
            self._values(kind, known[0], fields, origin)
            return
        pending = _pending(known[2] if known else None)
        for field, (t, v) in fields.items():
            if field not in pending["s"] or t > pending["s"][field][0]:
                pending["s"][field] = [t, v]
        pending["n"] = pending["n"] or made
        if line.get("j") and made and not pending.get("j"):
            # a snapshot says what it was when it joined; a change file, its values then
            said = line["j"] if isinstance(line["j"], str) else sign(kind, values)
            pending["j"] = said
        aliases = line.get("a")
        if isinstance(aliases, list):
            pending["a"] = sorted(
                {*pending.get("a", []), *(a for a in aliases if isinstance(a, str))}
            )
        self._arrived(kind, uid, origin, pending)

    def retry(self) -> None:
        """Changes that waited for a film or list that has come since."""
        progress = True
        while progress:
            progress = False
            for kind, uid, origin, pending in self.ledger.waiting():
                if self._arrived(kind, uid, origin, pending):
                    progress = True

    def _arrived(self, kind: str, uid: str, origin: str, pending: dict[str, Any]) -> bool:
        fields = {f: (t, v) for f, (t, v) in pending["s"].items()}
        if not (
            pending["n"] and all(f in fields for f in NEEDED[kind]) and self._refs(kind, fields)
        ):
            self.ledger.wait(kind, uid, origin, pending)
            return False
        joined = pending.get("j") or None
        local = self._alias(kind, pending.get("a", [])) or self._match(kind, fields, origin, joined)
        if local is not None:  # one thing made apart on two machines: the later values win
            self.ledger.bind(kind, uid, local, origin, joined)
            if kind == "entry":
                self.writes.same_uid(local, uid)
            self._values(kind, local, fields, origin, quiet=True)
            return True
        local = self.writes.make(kind, fields, uid)
        if local is None:
            self.ledger.wait(kind, uid, origin, pending)
            return False
        self.ledger.bind(kind, uid, local, origin, joined)
        for field in AFTER_INSERT.get(kind, ()):
            if field in fields:
                self.writes.write(kind, local, field, fields[field][1])
        self.ledger.stamp(kind, local, {f: t for f, (t, _) in fields.items()}, made=True)
        self._count(origin, kind, "new")
        return True

    def _alias(self, kind: str, aliases: list[str]) -> str | None:
        """The thing here another uid of it names (a snapshot says which it is known by)."""
        for alias in aliases:
            if (local := self._local_of(kind, alias)) is not None:
                return local
        return None

    def _refs(self, kind: str, fields: dict[str, tuple[str, Any]]) -> bool:
        """Whether the film (and list) a viewing or item names is here."""
        wanted = [("film", "film")] if kind in ("entry", "item") else []
        if kind == "item":
            wanted.append(("list", "list"))
        return all(self._local_of(k, fields[f][1]) is not None for f, k in wanted)

    def _local_of(self, kind: str, uid: Any) -> str | None:
        known = self.ledger.known(kind, uid) if isinstance(uid, str) else None
        return known[0] if known else None

    # removals

    def _removed(self, kind: str, uid: str, origin: str, stamp: str, known: Any) -> None:
        if known is not None and known[1] is not None:
            return
        local = known[0] if known else None
        if local is None:
            self.ledger.gone(kind, uid, origin, stamp)
            return
        self._remove_here(kind, local, stamp, uid)
        self._count(origin, kind, "removed")

    def _remove_here(self, kind: str, local: str, stamp: str, uid: str) -> None:
        """Remove the thing here, and what goes with it (its viewings, its places on lists).
        Each other uid it went by is said gone again by this machine (`echoes`): a machine
        that never learnt that they named one thing learns it is removed."""
        retired: list[tuple[str, str]] = []
        if kind == "film":
            for (eid,) in self.conn.execute("SELECT id FROM entries WHERE film_id = ?", [local]):
                retired += [("entry", u) for u in self.ledger.retire("entry", str(eid), stamp)]
            for (item,) in self.conn.execute(
                "SELECT list_id || ':' || film_id FROM list_items WHERE film_id = ?", [local]
            ):
                retired += [("item", u) for u in self.ledger.retire("item", item, stamp)]
        if kind == "list":
            for (item,) in self.conn.execute(
                "SELECT list_id || ':' || film_id FROM list_items WHERE list_id = ?", [local]
            ):
                retired += [("item", u) for u in self.ledger.retire("item", item, stamp)]
        retired += [(kind, u) for u in self.ledger.retire(kind, local, stamp)]
        self.echoes += [(k, u) for k, u in retired if (k, u) != (kind, uid)]
        if kind == "item":
            list_id, film_id = local.split(":")
            self.conn.execute(
                "DELETE FROM list_items WHERE list_id = ? AND film_id = ?", [list_id, film_id]
            )
        else:
            self.conn.execute(f"DELETE FROM {TABLE[kind]} WHERE id = ?", [local])

    # matching and making

    def _match(
        self, kind: str, fields: dict[str, tuple[str, Any]], origin: str, joined: str | None
    ) -> str | None:
        value = {f: v for f, (_, v) in fields.items()}
        if kind == "film":
            return self._film_match(value, origin)
        if kind == "entry":
            return self._same_address(value, origin) or (
                self._entry_match(value, origin, joined) if joined else None
            )
        if kind == "list":
            row = self.conn.execute(
                "SELECT id FROM lists WHERE name_key = ?", [key(str(value["name"]))]
            ).fetchone()
            return str(row[0]) if row else None
        list_local = self._local_of("list", value["list"])
        film_local = self._local_of("film", value["film"])
        row = self.conn.execute(
            "SELECT 1 FROM list_items WHERE list_id = ? AND film_id = ?", [list_local, film_local]
        ).fetchone()
        return f"{list_local}:{film_local}" if row else None

    def _free(self, kind: str, local: str, origin: str) -> bool:
        """A thing here that no uid of the same machine names: two films or viewings that
        machine holds apart are never made one here."""
        return origin not in self.ledger.origins(kind, local)

    def _film_match(self, value: dict[str, Any], origin: str) -> str | None:
        for column in ("tmdb_id", "imdb_id", "letterboxd_uri"):
            if value.get(column) is not None:
                row = self.conn.execute(
                    f"SELECT id FROM films WHERE {column} = ?", [value[column]]
                ).fetchone()
                if row and self._free("film", str(row[0]), origin):
                    return str(row[0])
        for kind, other in (value.get("ids") or {}).items():
            row = self.conn.execute(
                "SELECT film_id FROM film_ids WHERE kind = ? AND value = ?", [kind, str(other)]
            ).fetchone()
            if row and self._free("film", str(row[0]), origin):
                return str(row[0])
        rows = self.conn.execute(
            "SELECT id, tmdb_id, imdb_id, letterboxd_uri FROM films WHERE title_key = ?"
            " AND year IS ?",
            [key(str(value["title"])), value.get("year")],
        ).fetchall()
        rows = [
            r
            for r in rows
            if self._free("film", str(r[0]), origin)
            and all(
                r[n] is None or value.get(c) is None or r[n] == value[c]
                for n, c in ((1, "tmdb_id"), (2, "imdb_id"), (3, "letterboxd_uri"))
            )
        ]
        return str(rows[0][0]) if len(rows) == 1 else None

    def _same_address(self, value: dict[str, Any], origin: str) -> str | None:
        """A viewing with the Letterboxd address of one here is that one, whenever either
        was made (one journal holds an address once: two machines importing one diary
        after joining make one viewing of each row)."""
        if not isinstance(value.get("letterboxd_uri"), str):
            return None
        row = self.conn.execute(
            "SELECT id FROM entries WHERE letterboxd_uri = ?", [value["letterboxd_uri"]]
        ).fetchone()
        return str(row[0]) if row and self._free("entry", str(row[0]), origin) else None

    def _entry_match(self, value: dict[str, Any], origin: str, joined: str) -> str | None:
        """The same viewing: its Letterboxd address, else its day, rating and review all
        alike, as each journal had it when it joined the folder (what was edited since
        does not change what is matched: both machines pair the same two).

        Only between viewings both journals held before they joined: one logged after
        is a viewing of its own (its machine knew the others'), as an import after
        joining finds the viewings the folder brought by its own rules."""
        film = self._local_of("film", value["film"])
        theirs = json.loads(joined)
        for (eid,) in self.conn.execute(
            "SELECT id FROM entries WHERE film_id = ? ORDER BY id", [film]
        ).fetchall():
            if not self._free("entry", str(eid), origin):
                continue
            for mine in map(json.loads, self.ledger.signs("entry", str(eid))):
                if mine[0] and theirs[0]:
                    if mine[0] == theirs[0]:
                        return str(eid)
                elif mine[1:] == theirs[1:]:
                    return str(eid)
        return None

    def _values(
        self,
        kind: str,
        local: str,
        fields: dict[str, tuple[str, Any]],
        origin: str,
        quiet: bool = False,
    ) -> None:
        later = {
            f: (t, v) for f, (t, v) in fields.items() if t > self.ledger.stamp_of(kind, local, f)
        }
        if not later:
            return
        here = state.read(self.conn, kind, [local]).get(local, {})
        taken, changed = {}, False
        for field, (stamp, value) in sorted(later.items()):
            if self._as_here(kind, field, value) == here.get(_here_key(kind, field)):
                taken[field] = stamp  # the same value: its stamp, and no write (no edit)
            elif self.writes.write(kind, local, field, value):
                taken[field], changed = stamp, True
        self.ledger.stamp(kind, local, taken)
        if changed and not quiet:
            self._count(origin, kind, "changed")

    def _as_here(self, kind: str, field: str, value: Any) -> Any:
        """A value as this journal's state has it (a film or list by its id here)."""
        if (kind, field) in (("entry", "film"), ("item", "film")):
            return self._local_of("film", value)
        if (kind, field) == ("item", "list"):
            return self._local_of("list", value)
        if field in ("seen", "liked", "rewatch", "spoilers"):
            return int(bool(value))
        if field == "companions":
            return [[c[0], c[1] if len(c) > 1 else None] for c in value or []]
        return value

    def _count(self, origin: str, kind: str, what: str) -> None:
        self.counts.setdefault(origin, Counter())[(kind, what)] += 1


def _here_key(kind: str, field: str) -> str:
    if kind in ("entry", "item") and field in ("film", "list"):
        return f"{field}_local"
    return field


def _pending(text: str | None) -> dict[str, Any]:
    import json

    if text:
        found = json.loads(text)
        if isinstance(found, dict):
            return found
    return {"n": False, "s": {}}


def _fit(field: str, value: Any) -> bool:
    """A value of the shape its field has (a crafted file's others are left out)."""
    if field in ("directors", "genres", "countries", "tags"):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if field == "ids":
        return isinstance(value, dict) and all(isinstance(v, SCALAR) for v in value.values())
    if field == "titles":
        return isinstance(value, list) and all(
            isinstance(t, list) and len(t) == 2 and isinstance(t[0], str) for t in value
        )
    if field == "companions":
        return isinstance(value, list) and all(
            isinstance(c, list) and c and isinstance(c[0], str) for c in value
        )
    return isinstance(value, SCALAR) and not isinstance(value, float)
