"""Named, ranked lists of films (Letterboxd's lists land here)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from filmlog.journal import store, titles
from filmlog.journal.db import Journal
from filmlog.journal.records import FILM_COLUMNS, film_from
from filmlog.values.checks import check_name
from filmlog.values.clock import now
from filmlog.values.errors import Ambiguous, BadValue, NotFound
from filmlog.values.keys import key
from filmlog.values.models import Film

FUZZY_CUTOFF = 85.0
SUGGEST_CUTOFF = 60.0


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


@dataclass
class Added:
    """What `lists add` did: the list, the films put on it, those it had, notes set."""

    named: NamedList
    added: list[Film] = field(default_factory=list)
    already: list[Film] = field(default_factory=list)
    made: list[Film] = field(default_factory=list)  # films new to the journal (unseen)
    noted: list[Film] = field(default_factory=list)


def overview(conn: sqlite3.Connection) -> list[NamedList]:
    return [
        NamedList(r[0], r[1], r[2], r[3])
        for r in conn.execute(
            "SELECT l.id, l.name, l.description,"
            " (SELECT count(*) FROM list_items li WHERE li.list_id = l.id)"
            " FROM lists l ORDER BY l.name_key"
        )
    ]


def find(conn: sqlite3.Connection, name: str, *, exact: bool = False) -> NamedList:
    """The list a name means, found as titles are: its exact name (case, accents and
    punctuation aside), else one it starts with or holds, else a close spelling. exact:
    only the exact name (what removing a list acts on)."""
    lists = conn.execute("SELECT id, name, name_key FROM lists").fetchall()
    k = key(name)
    found = [r for r in lists if r[2] == k]
    if not found and not exact and k:
        found = [r for r in lists if r[2].startswith(k)] or (
            [r for r in lists if k in r[2]] if len(k) >= 3 else []
        )
        if not found:
            found = _fuzzy(lists, k, FUZZY_CUTOFF)
    if len(found) > 1:
        raise Ambiguous(
            f"{name!r} matches {len(found)} lists: write more of its name",
            [f"  {r[1]}" for r in found[:10]],
        )
    if not found:
        close = [r[1] for r in _fuzzy(lists, k, SUGGEST_CUTOFF)[:3]]
        hint = [f"Closest: {', '.join(close)}"] if close else []
        raise NotFound(f"there is no list called {name!r}: `filmlog lists` shows them", hint)
    list_id, shown, _ = found[0]
    count = conn.execute("SELECT count(*) FROM list_items WHERE list_id = ?", [list_id])
    row = conn.execute("SELECT description FROM lists WHERE id = ?", [list_id]).fetchone()
    return NamedList(list_id, shown, row[0], count.fetchone()[0])


def _fuzzy(lists: list[Any], k: str, cutoff: float) -> list[Any]:
    if not k or not lists:
        return []
    from rapidfuzz import fuzz, process

    scored = process.extract(k, [r[2] for r in lists], scorer=fuzz.ratio, score_cutoff=cutoff)
    if not scored:
        return []
    if cutoff == FUZZY_CUTOFF:  # a typo: the best only
        scored = [s for s in scored if s[1] == scored[0][1]]
    return [lists[i] for _, _, i in scored]


def items(conn: sqlite3.Connection, named: NamedList) -> Iterator[ListItem]:
    """A list's films in their order, as the cursor gives them."""
    cursor = conn.execute(
        f"SELECT li.position, li.note, {FILM_COLUMNS} FROM list_items li"
        " JOIN films f ON f.id = li.film_id WHERE li.list_id = ?"
        # two films put at one place on two machines (a sync folder): by title, everywhere
        " ORDER BY li.position, f.title_key, f.year",
        [named.id],
    )
    for r in cursor:
        yield ListItem(r[0], film_from(r[2:]), r[1])


def add(journal: Journal, name: str, film_titles: list[str], *, note: str | None = None) -> Added:
    """Append films to a list, making the list when it is new, and a film the journal does
    not have yet (it is then unseen, as a film on the watchlist is). note: the film's note."""
    name = check_name(name, "list")
    if note is not None and len(film_titles) != 1:
        raise BadValue("--note is for one film: give one TITLE with it")
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
        done = Added(find(conn, name, exact=True))
        for text in film_titles:
            film_id, made = _film_for(journal, text)
            position = conn.execute(
                "SELECT coalesce(max(position), 0) + 1 FROM list_items WHERE list_id = ?",
                [list_id],
            ).fetchone()[0]
            cur = conn.execute(
                "INSERT OR IGNORE INTO list_items (list_id, film_id, position, note)"
                " VALUES (?, ?, ?, ?)",
                [list_id, film_id, position, note or None],
            )
            film = store.get_film(conn, film_id)
            (done.added if cur.rowcount else done.already).append(film)
            if made:
                done.made.append(film)
            if not cur.rowcount and note is not None:
                conn.execute(
                    "UPDATE list_items SET note = ? WHERE list_id = ? AND film_id = ?",
                    [note or None, list_id, film_id],
                )
                done.noted.append(film)
        conn.execute("UPDATE lists SET updated_at = ? WHERE id = ?", [now(), list_id])
        done.named = find(conn, name, exact=True)
        return done


def _film_for(journal: Journal, text: str) -> tuple[int, bool]:
    """The film a title names (as `show` finds it), or a new unseen film of that title."""
    try:
        return titles.resolve(journal.conn, text).id, False
    except NotFound:
        made, film_id = store.film_for(journal, text, None)
        return film_id, made


def move(journal: Journal, name: str, title: str, position: int) -> tuple[NamedList, Film, int]:
    """Move a film of a list to a position (1 is first); the films between shift by one."""
    with journal.transaction():
        conn = journal.conn
        named = find(conn, name)
        film_id, _ = _item_of(conn, named, title, exact=False)
        last = named.count
        new = max(1, min(position, last))
        ordered = [
            r[0]
            for r in conn.execute(
                "SELECT li.film_id FROM list_items li JOIN films f ON f.id = li.film_id"
                " WHERE li.list_id = ? ORDER BY li.position, f.title_key, f.year",
                [named.id],
            )
        ]
        ordered.remove(film_id)
        ordered.insert(new - 1, film_id)
        conn.executemany(
            "UPDATE list_items SET position = ? WHERE list_id = ? AND film_id = ?",
            [(n, named.id, f) for n, f in enumerate(ordered, start=1)],
        )
        conn.execute("UPDATE lists SET updated_at = ? WHERE id = ?", [now(), named.id])
        return named, store.get_film(conn, film_id), new


def _item_of(
    conn: sqlite3.Connection, named: NamedList, title: str, *, exact: bool = True
) -> tuple[int, int]:
    """The film (and its position) a title names among a list's films."""
    ref = titles.resolve(conn, title, exact=exact)
    row = conn.execute(
        "SELECT film_id, position FROM list_items WHERE list_id = ? AND film_id = ?",
        [named.id, ref.id],
    ).fetchone()
    if row is None:
        raise NotFound(f"{ref.label} is not on the list {named.name!r}")
    return int(row[0]), int(row[1])


def remove(journal: Journal, name: str, title: str | None = None) -> tuple[NamedList, Film | None]:
    """Remove a film from a list (the rest move up), or the whole list: named exactly."""
    with journal.transaction():
        conn = journal.conn
        named = find(conn, name, exact=True)
        if title is None:
            listed = [
                r[0]
                for r in conn.execute(
                    "SELECT film_id FROM list_items WHERE list_id = ?", [named.id]
                )
            ]
            conn.execute("DELETE FROM lists WHERE id = ?", [named.id])
            for film_id in listed:
                store.forget_if_unused(journal, film_id)  # films made only for the list
            return named, None
        film_id, position = _item_of(conn, named, title)
        conn.execute(
            "DELETE FROM list_items WHERE list_id = ? AND film_id = ?", [named.id, film_id]
        )
        conn.execute(
            "UPDATE list_items SET position = position - 1 WHERE list_id = ? AND position > ?",
            [named.id, position],
        )
        film = store.get_film(conn, film_id)
        store.forget_if_unused(journal, film_id)  # a film made only to be on the list
        return named, film
