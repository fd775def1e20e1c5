"""Undoing an import: what it added goes (its rows carry its id), what it changed comes
back (the values `undo_log` noted as it wrote)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from filmlog.journal.db import Journal
from filmlog.values.clock import now
from filmlog.values.errors import FilmlogError, NotFound


@dataclass
class ImportRecord:
    id: int
    source: str
    path: str
    imported_at: str
    counts: dict[str, dict[str, int]]
    undone_at: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "path": self.path,
            "imported_at": self.imported_at,
            "counts": self.counts,
            "undone_at": self.undone_at,
        }


def history(conn: sqlite3.Connection) -> list[ImportRecord]:
    return [
        ImportRecord(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5])
        for r in conn.execute(
            "SELECT id, source, path, imported_at, counts, undone_at FROM imports ORDER BY id"
        )
    ]


@dataclass
class Undone:
    record: ImportRecord
    entries: int = 0
    films: int = 0
    restored: int = 0
    kept: list[str] = field(default_factory=list)  # what was kept: changed since, by the person
    nothing: bool = False  # the import had changed nothing


@dataclass
class UndoPlan:
    """What undoing an import would do, worked out before it does anything."""

    record: ImportRecord
    entries: int  # to remove
    films: int  # to remove (about: films used since are kept)
    changed_since: list[str]  # what was changed after the import, and would be kept

    @property
    def nothing(self) -> bool:
        return not any(c.get("added") or c.get("updated") for c in self.record.counts.values())


class ChangedSince(FilmlogError):
    """Undoing the import would leave some of its records, changed since: --force says go."""


def _record(conn: sqlite3.Connection, import_id: int | None) -> ImportRecord:
    records = history(conn)
    if import_id is None:
        open_ones = [r for r in records if r.undone_at is None]
        if not open_ones:
            raise NotFound("there is no import to undo: `filmlog import list` shows them")
        return open_ones[-1]
    match = [r for r in records if r.id == import_id]
    if not match:
        raise NotFound(f"there is no import {import_id}: `filmlog import list` shows them")
    if match[0].undone_at:
        raise NotFound(f"import {import_id} was already undone on {match[0].undone_at}")
    return match[0]


# Rows of the import that the person changed, or used, after it: kept by an undo.
_EDITED = "SELECT row_id FROM import_edits WHERE import_id = :iid AND table_name = '{}'"
_KEPT_ENTRIES = (
    f"SELECT id FROM entries WHERE import_id = :iid AND id IN ({_EDITED.format('entries')})"
)
_USED_FILMS = (
    "SELECT id FROM films f WHERE f.import_id = :iid AND ("
    f" f.id IN ({_EDITED.format('films')})"
    " OR EXISTS (SELECT 1 FROM entries e WHERE e.film_id = f.id"
    f"  AND (e.import_id IS NOT :iid OR e.id IN ({_EDITED.format('entries')})))"
    " OR EXISTS (SELECT 1 FROM watchlist w WHERE w.film_id = f.id AND w.import_id IS NOT :iid)"
    " OR EXISTS (SELECT 1 FROM list_items li WHERE li.film_id = f.id"
    "  AND (li.import_id IS NOT :iid OR li.rowid IN ({}))))"
).format(_EDITED.format("list_items"))


# Films kept for themselves (not only for a kept entry of theirs): named by a refusal.
_CHANGED_FILMS = _USED_FILMS.replace(
    f"  AND (e.import_id IS NOT :iid OR e.id IN ({_EDITED.format('entries')})))",
    "  AND e.import_id IS NOT :iid)",
)


def plan(conn: sqlite3.Connection, import_id: int | None = None) -> UndoPlan:
    """What `import undo` would remove, and what of the import was changed since (kept)."""
    record = _record(conn, import_id)
    if record.source in OWN_UNDO:  # what changed since is kept, value by value
        return UndoPlan(record, 0, 0, [])
    iid = {"iid": record.id}
    said: list[str] = []
    for eid, title, year, watched in conn.execute(
        "SELECT e.id, f.title, f.year, e.watched FROM entries e JOIN films f ON f.id = e.film_id"
        f" WHERE e.id IN ({_KEPT_ENTRIES}) ORDER BY e.id",
        iid,
    ):
        said.append(
            f"entry {eid} of {_label(title, year)} ({watched or 'date unknown'}):"
            " changed since the import"
        )
    for title, year in conn.execute(
        f"SELECT title, year FROM films WHERE id IN ({_CHANGED_FILMS}) ORDER BY title_key", iid
    ):
        said.append(f"{_label(title, year)}: changed, logged, listed or wanted since the import")
    for table, row_id, column in conn.execute(
        "SELECT DISTINCT c.table_name, c.row_id, c.column_name FROM import_changes c"
        " JOIN import_edits x ON x.import_id = c.import_id AND x.table_name = c.table_name"
        " AND x.row_id = c.row_id WHERE c.import_id = :iid ORDER BY c.id",
        iid,
    ):
        said.append(
            f"the {column.replace('_', ' ')} it set on {_row(conn, table, row_id)}:"
            " changed since the import"
        )
    entries = conn.execute(
        f"SELECT count(*) FROM entries WHERE import_id = :iid AND id NOT IN ({_KEPT_ENTRIES})",
        iid,
    ).fetchone()[0]
    films = conn.execute(
        f"SELECT count(*) FROM films WHERE import_id = :iid AND id NOT IN ({_USED_FILMS})", iid
    ).fetchone()[0]
    return UndoPlan(record, entries, films, said)


def _label(title: str, year: int | None) -> str:
    return f"{title} ({year})" if year else title


def _row(conn: sqlite3.Connection, table: str, row_id: int) -> str:
    if table == "films":
        row = conn.execute("SELECT title, year FROM films WHERE id = ?", [row_id]).fetchone()
        return _label(*row) if row else f"film {row_id}"
    if table == "entries":
        return f"entry {row_id}"
    if table == "lists":
        row = conn.execute("SELECT name FROM lists WHERE id = ?", [row_id]).fetchone()
        return f"the list {row[0]!r}" if row else f"list {row_id}"
    return "a film's place on a list"


def undo(journal: Journal, import_id: int | None = None, *, force: bool = False) -> Undone:
    """Remove what an import added and restore what it changed (the latest by default).

    What the person changed after the import is never taken back: without
    force, an undo that would have to leave such records is refused, naming
    them; with force, it undoes the rest and keeps those.
    """
    conn = journal.conn
    with journal.transaction():
        planned = plan(conn, import_id)
        record, iid = planned.record, {"iid": planned.record.id}
        if record.source in OWN_UNDO:  # its own record of what it changed
            return _undo_own(journal, record)
        if planned.nothing:
            conn.execute("UPDATE imports SET undone_at = ? WHERE id = ?", [now(), record.id])
            return Undone(record, nothing=True)
        if planned.changed_since and not force:
            raise _changed_since(planned)
        for link in ("film_directors", "film_genres"):
            # Names it gave films it did not make (unless changed since); a film it made takes
            # its own along, or keeps them when it is kept.
            conn.execute(
                f"DELETE FROM {link} WHERE import_id = :iid"
                " AND film_id NOT IN (SELECT id FROM films WHERE import_id = :iid)"
                f" AND film_id NOT IN (SELECT row_id FROM import_edits WHERE import_id = :iid"
                " AND table_name = 'films')",
                iid,
            )
        _back_on_the_watchlist(conn, record.id)
        # Values the import changed in rows it did not make, unless changed again since.
        restored = 0
        for table, row_id, column, previous in conn.execute(
            "SELECT table_name, row_id, column_name, previous FROM import_changes c"
            " WHERE import_id = :iid AND table_name != 'watchlist'"
            " AND NOT EXISTS (SELECT 1 FROM import_edits x"
            " WHERE x.import_id = c.import_id AND x.table_name = c.table_name"
            " AND x.row_id = c.row_id) ORDER BY id DESC",
            iid,
        ).fetchall():
            where = "rowid" if table == "list_items" else "id"
            conn.execute(f"UPDATE {table} SET {column} = ? WHERE {where} = ?", [previous, row_id])
            restored += 1
        entries = conn.execute(
            f"DELETE FROM entries WHERE import_id = :iid AND id NOT IN ({_KEPT_ENTRIES})", iid
        ).rowcount
        conn.execute(
            "DELETE FROM list_items WHERE import_id = :iid"
            f" AND rowid NOT IN ({_EDITED.format('list_items')})",
            iid,
        )
        conn.execute(
            f"DELETE FROM lists WHERE import_id = :iid AND id NOT IN ({_EDITED.format('lists')})"
            " AND NOT EXISTS (SELECT 1 FROM list_items li WHERE li.list_id = lists.id)",
            iid,
        )
        conn.execute("DELETE FROM watchlist WHERE import_id = :iid", iid)
        # (the items of entries it removed went with them; those of entries kept stay)
        conn.execute("DELETE FROM sync_items WHERE import_id = :iid AND entry_id IS NULL", iid)
        conn.execute("DELETE FROM film_ids WHERE import_id = :iid", iid)
        films = conn.execute(
            f"DELETE FROM films WHERE import_id = :iid AND id NOT IN ({_USED_FILMS})", iid
        ).rowcount
        # What stays of the import is the person's now.
        for table in (
            "films",
            "entries",
            "lists",
            "list_items",
            "film_directors",
            "film_genres",
            "sync_items",
        ):
            conn.execute(f"UPDATE {table} SET import_id = NULL WHERE import_id = :iid", iid)
        conn.execute("UPDATE imports SET undone_at = ? WHERE id = ?", [now(), record.id])
        conn.execute("DELETE FROM import_edits WHERE import_id = :iid", iid)  # the undo's own
        return Undone(record, entries, films, restored, planned.changed_since)


def _changed_since(planned: UndoPlan) -> ChangedSince:
    record, more = planned.record, len(planned.changed_since) - 20
    return ChangedSince(
        f"import {record.id} ({record.source}, {record.path}) has records changed since;"
        " undoing it keeps those and takes back the rest: add --force to do that",
        [f"  {line}" for line in planned.changed_since[:20]]
        + ([f"  … and {more} more"] if more > 0 else []),
    )


# Records of changes that are not imports (a merge, a conversion of tags), each undone by
# its own module from its own record of what it changed.
OWN_UNDO = ("merge", "tags")


def _undo_own(journal: Journal, record: ImportRecord) -> Undone:
    if record.source == "merge":
        from filmlog.imports.engine.unmerge import take_back
    else:
        from filmlog.journal.company import take_back

    restored, kept = take_back(journal, record.id)
    journal.conn.execute("UPDATE imports SET undone_at = ? WHERE id = ?", [now(), record.id])
    journal.conn.execute("DELETE FROM import_edits WHERE import_id = ?", [record.id])
    return Undone(record, restored=restored, kept=kept)


def _back_on_the_watchlist(conn: sqlite3.Connection, import_id: int) -> None:
    """Films the import took off the watchlist (seen now) go back on it, as they were."""
    for film_id, previous in conn.execute(
        "SELECT row_id, previous FROM import_changes"
        " WHERE import_id = ? AND table_name = 'watchlist'",
        [import_id],
    ).fetchall():
        added_at, was = json.loads(previous)
        conn.execute(
            "INSERT OR IGNORE INTO watchlist (film_id, added_at, import_id) VALUES (?, ?, ?)",
            [film_id, added_at, was],
        )
