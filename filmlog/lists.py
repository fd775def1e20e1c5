"""Named, ranked lists of films (Letterboxd's lists land here)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from filmlog import names, store, titles
from filmlog.db import Journal
from filmlog.errors import NotFound
from filmlog.keys import key
from filmlog.models import Film, check_name
from filmlog.records import FILM_COLUMNS, film_from
from filmlog.store import now


@dataclass
class ListItem:
    position: int
    film: Film
    note: str | None

    def as_json(self) -> dict[str, Any]:
        return {"position": self.position, **self.film.as_json(), "note": self.note}


@dataclass
class NamedList:
    """A list: its name, description and how many films it holds (items() gives them)."""

    id: int
    name: str
    description: str | None
    count: int

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description, "films": self.count}


def overview(conn: sqlite3.Connection) -> list[NamedList]:
    return [
        NamedList(r[0], r[1], r[2], r[3])
        for r in conn.execute(
            "SELECT l.id, l.name, l.description,"
            " (SELECT count(*) FROM list_items li WHERE li.list_id = l.id)"
            " FROM lists l ORDER BY l.name_key"
        )
    ]


def find(conn: sqlite3.Connection, name: str) -> NamedList:
    row = conn.execute(
        "SELECT id, name, description FROM lists WHERE name_key = ?", [key(name)]
    ).fetchone()
    if row is None:
        close = names.closest_names(conn, "lists", name)
        hint = [f"Closest: {', '.join(close)}"] if close else []
        raise NotFound(f"there is no list called {name!r}: `filmlog lists` shows them", hint)
    count = conn.execute("SELECT count(*) FROM list_items WHERE list_id = ?", [row[0]])
    return NamedList(row[0], row[1], row[2], count.fetchone()[0])


def items(conn: sqlite3.Connection, named: NamedList) -> Iterator[ListItem]:
    """A list's films in their order, as the cursor gives them."""
    cursor = conn.execute(
        f"SELECT li.position, li.note, {FILM_COLUMNS} FROM list_items li"
        " JOIN films f ON f.id = li.film_id WHERE li.list_id = ? ORDER BY li.position",
        [named.id],
    )
    for r in cursor:
        yield ListItem(r[0], film_from(r[2:]), r[1])


def add(journal: Journal, name: str, film_titles: list[str]) -> tuple[NamedList, list[Film]]:
    """Append films to a list, making the list when it is new."""
    name = check_name(name, "list")
    with journal.transaction():
        conn = journal.conn
        row = conn.execute("SELECT id FROM lists WHERE name_key = ?", [key(name)]).fetchone()
        if row is None:
            stamp = now()
            list_id = store.insert(
                journal,
                "lists",
                {"name": name, "name_key": key(name), "created_at": stamp, "updated_at": stamp},
            )
        else:
            list_id = row[0]
        added = []
        for text in film_titles:
            ref = titles.resolve(conn, text)
            position = conn.execute(
                "SELECT coalesce(max(position), 0) + 1 FROM list_items WHERE list_id = ?",
                [list_id],
            ).fetchone()[0]
            cur = conn.execute(
                "INSERT OR IGNORE INTO list_items (list_id, film_id, position) VALUES (?, ?, ?)",
                [list_id, ref.id, position],
            )
            if cur.rowcount:
                added.append(store.get_film(conn, ref.id))
        conn.execute("UPDATE lists SET updated_at = ? WHERE id = ?", [now(), list_id])
        return find(conn, name), added


def remove(journal: Journal, name: str, title: str | None = None) -> tuple[NamedList, Film | None]:
    """Remove a film from a list (the rest move up), or the whole list."""
    with journal.transaction():
        conn = journal.conn
        named = find(conn, name)
        if title is None:
            conn.execute("DELETE FROM lists WHERE id = ?", [named.id])
            return named, None
        ref = titles.resolve(conn, title)
        row = conn.execute(
            "SELECT position FROM list_items WHERE list_id = ? AND film_id = ?",
            [named.id, ref.id],
        ).fetchone()
        if row is None:
            raise NotFound(f"{ref.label} is not on the list {named.name!r}")
        conn.execute("DELETE FROM list_items WHERE list_id = ? AND film_id = ?", [named.id, ref.id])
        conn.execute(
            "UPDATE list_items SET position = position - 1 WHERE list_id = ? AND position > ?",
            [named.id, row[0]],
        )
        return named, store.get_film(conn, ref.id)
