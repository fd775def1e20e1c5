"""A film, viewing, list or list item of another machine's, written here: made whole,
or one value at a time. A value this journal cannot hold (an id another film has here,
a rating out of range) is left out, and counted."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from filmlog.journal import names
from filmlog.journal.db import Journal
from filmlog.syncfolder.ledger import Ledger
from filmlog.syncfolder.state import ENTRY_COLUMNS, FIELDS, FILM_COLUMNS, ITEM_COLUMNS, LIST_COLUMNS
from filmlog.values.clock import now
from filmlog.values.keys import key

TABLE = {"film": "films", "entry": "entries", "list": "lists"}


class Writes:
    def __init__(self, journal: Journal, ledger: Ledger) -> None:
        self.journal = journal
        self.conn = journal.conn
        self.ledger = ledger
        self.skipped = 0

    def same_uid(self, local: str, uid: str) -> None:
        """A viewing made apart on two machines takes the lesser of its two uids on both
        (what `export json` says of it is then the same everywhere). Not an edit of the
        viewing: an import that made or changed it can still be undone as before."""
        row = self.conn.execute("SELECT uid FROM entries WHERE id = ?", [int(local)]).fetchone()
        if row is None or (row[0] is not None and row[0] <= uid):
            return
        marks = "FROM import_edits WHERE table_name = 'entries' AND row_id = ?"
        before = [r[0] for r in self.conn.execute(f"SELECT import_id {marks}", [int(local)])]
        self.conn.execute("UPDATE entries SET uid = ? WHERE id = ?", [uid, int(local)])
        self.conn.execute(
            f"DELETE {marks} AND import_id NOT IN (SELECT value FROM json_each(?))",
            [int(local), json.dumps(before)],
        )

    def local_of(self, kind: str, uid: Any) -> str | None:
        known = self.ledger.known(kind, uid) if isinstance(uid, str) else None
        return known[0] if known else None

    def make(self, kind: str, fields: dict[str, tuple[str, Any]], uid: str) -> str | None:
        value = {f: v for f, (_, v) in fields.items()}
        stamp = now()
        try:
            if kind == "film":
                row = {c: value.get(c) for c in FILM_COLUMNS}
                row.update(
                    title_key=key(str(row["title"])),
                    original_title_key=key(row["original_title"])
                    if row["original_title"]
                    else None,
                    seen=int(bool(row["seen"])),
                    liked=int(bool(row["liked"])),
                    created_at=stamp,
                    updated_at=stamp,
                )
                return str(self._insert("films", row))
            if kind == "entry":
                row = {c: value.get(c) for c in ENTRY_COLUMNS}
                row.update(
                    film_id=int(self.local_of("film", value["film"]) or 0),
                    uid=uid,
                    rewatch=int(bool(row["rewatch"])),
                    liked=int(bool(row["liked"])),
                    spoilers=int(bool(row["spoilers"])),
                    created_at=row["created_at"] or stamp,
                    updated_at=stamp,
                    **_keys(row["place"], row["platform"]),
                )
                return str(self._insert("entries", row))
            if kind == "list":
                row = {c: value.get(c) for c in LIST_COLUMNS}
                row.update(
                    name_key=key(str(row["name"])),
                    created_at=row["created_at"] or stamp,
                    updated_at=stamp,
                )
                return str(self._insert("lists", row))
            list_local = self.local_of("list", value["list"])
            film_local = self.local_of("film", value["film"])
            self._insert(
                "list_items",
                {
                    "list_id": list_local,
                    "film_id": film_local,
                    "position": value.get("position") or 0,
                    "note": value.get("note"),
                },
            )
            return f"{list_local}:{film_local}"
        except (sqlite3.IntegrityError, sqlite3.InterfaceError, ValueError, TypeError):
            self.skipped += 1
            return None

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        cur = self.conn.execute(
            f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
        return int(cur.lastrowid or 0)

    # values

    def write(self, kind: str, local: str, field: str, value: Any) -> bool:
        try:
            self.conn.execute("SAVEPOINT sync_value")
            try:
                if kind == "item":
                    self._write_item(local, field, value)
                elif kind == "film" and field in FIELDS["film"][len(FILM_COLUMNS) :]:
                    self._write_film_part(int(local), field, value)
                elif kind == "entry" and field in ("tags", "companions", "film"):
                    self._write_entry_part(int(local), field, value)
                else:
                    self._write_column(kind, int(local), field, value)
            except BaseException:
                self.conn.execute("ROLLBACK TO SAVEPOINT sync_value")
                raise
            finally:
                self.conn.execute("RELEASE SAVEPOINT sync_value")
        except (sqlite3.IntegrityError, sqlite3.InterfaceError, ValueError, TypeError):
            self.skipped += 1  # a value this journal cannot hold (an id another film has)
            return False
        return True

    def _write_column(self, kind: str, local: int, field: str, value: Any) -> None:
        table = TABLE[kind]
        row: dict[str, Any] = {field: value}
        if field in ("title", "original_title", "name"):
            row[f"{field}_key"] = key(str(value)) if value is not None else None
            if field in ("title", "name") and value is None:
                raise ValueError(f"{kind} without a {field}")
        if field in ("place", "platform"):
            row.update(_keys_one(field, value))
        if field in ("seen", "liked", "rewatch", "spoilers"):
            row[field] = int(bool(value))
        row["updated_at"] = now()
        sets = ", ".join(f"{c} = ?" for c in row)
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*row.values(), local])

    def _write_film_part(self, film: int, field: str, value: Any) -> None:
        if field == "directors":
            names.set_directors(self.journal, film, value or [])
        elif field == "genres":
            names.set_genres(self.journal, film, value or [])
        elif field == "countries":
            names.set_countries(self.journal, film, value or [])
        elif field == "ids":
            self.conn.execute("DELETE FROM film_ids WHERE film_id = ?", [film])
            self.conn.executemany(
                "INSERT OR IGNORE INTO film_ids (film_id, kind, value) VALUES (?, ?, ?)",
                [(film, str(k), str(v)) for k, v in (value or {}).items()],
            )
        elif field == "titles":
            self.conn.execute("DELETE FROM film_titles WHERE film_id = ?", [film])
            self.conn.executemany(
                "INSERT OR IGNORE INTO film_titles (film_id, title, title_key, year)"
                " VALUES (?, ?, ?, ?)",
                [(film, str(t), key(str(t)), y) for t, y in (value or [])],
            )
        elif value is None:  # the watchlist
            self.conn.execute("DELETE FROM watchlist WHERE film_id = ?", [film])
        else:
            self.conn.execute(
                "INSERT INTO watchlist (film_id, added_at) VALUES (?, ?) ON CONFLICT (film_id)"
                " DO UPDATE SET added_at = excluded.added_at",
                [film, value],
            )

    def _write_entry_part(self, entry: int, field: str, value: Any) -> None:
        if field == "film":
            film = self.local_of("film", value)
            if film is None:
                raise ValueError("a film not here")
            self.conn.execute("UPDATE entries SET film_id = ? WHERE id = ?", [int(film), entry])
        elif field == "tags":
            names.set_tags(self.journal, entry, value or [])
        else:
            people = [c for c in value or [] if isinstance(c, list) and c]
            names.set_companions(self.journal, entry, [str(c[0]) for c in people])
            for name, tag in ((str(c[0]), c[1] if len(c) > 1 else None) for c in people):
                if tag is not None:
                    self.conn.execute(
                        "UPDATE entry_companions SET tag = ? WHERE entry_id = ? AND companion_id ="
                        " (SELECT id FROM companions WHERE name_key = ?)",
                        [str(tag), entry, key(name)],
                    )

    def _write_item(self, local: str, field: str, value: Any) -> None:
        if field not in ITEM_COLUMNS:
            return  # an item's list and film are its name: never changed
        list_id, film_id = local.split(":")
        self.conn.execute(
            f"UPDATE list_items SET {field} = ? WHERE list_id = ? AND film_id = ?",
            [value if field == "note" else int(value or 0), list_id, film_id],
        )


def _keys(place: Any, platform: Any) -> dict[str, Any]:
    return {**_keys_one("place", place), **_keys_one("platform", platform)}


def _keys_one(field: str, value: Any) -> dict[str, Any]:
    return {f"{field}_key": key(str(value)) if value else None}
