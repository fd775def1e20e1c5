"""The watchlist: films to see, and a random pick among them."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from filmlog.journal import names, store, titles
from filmlog.journal.db import Journal
from filmlog.journal.records import FILM_COLUMNS, film_from
from filmlog.values.clock import now
from filmlog.values.display import counted
from filmlog.values.errors import FilmlogError, NotFound
from filmlog.values.keys import key
from filmlog.values.models import Film


@dataclass
class WatchItem:
    film: Film
    added_at: str

    def as_json(self) -> dict[str, Any]:
        data = self.film.as_json()
        data["added_at"] = self.added_at
        return data


def want(
    journal: Journal, title: str, year: int | None, directors: Iterable[str] = ()
) -> tuple[WatchItem, bool]:
    """Put a film on the watchlist, making it when the journal does not have it yet."""
    with journal.transaction():
        made, film_id = store.film_for(journal, title, year)
        if made or not store.get_film(journal.conn, film_id).directors:
            names.add_directors(journal, film_id, directors)  # a film's facts are edit's
        cur = journal.conn.execute(
            "INSERT OR IGNORE INTO watchlist (film_id, added_at) VALUES (?, ?)",
            [film_id, now()[:10]],
        )
        return _item(journal.conn, film_id), bool(cur.rowcount)


def _item(conn: sqlite3.Connection, film_id: int) -> WatchItem:
    (item,) = items(conn, film_id)
    return item


def items(conn: sqlite3.Connection, film_id: int | None = None) -> list[WatchItem]:
    """The watchlist, oldest wish first, in one query (or one film's place on it)."""
    where = "" if film_id is None else " WHERE w.film_id = ?"
    rows = conn.execute(
        f"SELECT w.added_at, {FILM_COLUMNS} FROM watchlist w JOIN films f ON f.id = w.film_id"
        f"{where} ORDER BY w.added_at, f.title_key",
        [] if film_id is None else [film_id],
    )
    return [WatchItem(film_from(r[1:]), r[0]) for r in rows]


def remove(journal: Journal, text: str, year: int | None = None) -> Film:
    with journal.transaction():
        ref = titles.resolve(journal.conn, text, year, exact=True)
        cur = journal.conn.execute("DELETE FROM watchlist WHERE film_id = ?", [ref.id])
        if not cur.rowcount:
            raise NotFound(f"{ref.label} is not on your watchlist")
        film = store.get_film(journal.conn, ref.id)
        store.forget_if_unused(journal, ref.id)
        return film


def pick(
    conn: sqlite3.Connection,
    *,
    director: str | None = None,
    decade: int | None = None,
    max_runtime: int | None = None,
    seed: int | None = None,
) -> WatchItem:
    """One film from the watchlist at random, the same one for the same seed."""
    wanted = items(conn)
    if not wanted:
        raise FilmlogError("your watchlist is empty: add films with `filmlog watchlist add TITLE`")
    chosen = [
        item
        for item in wanted
        if (director is None or key(director) in {key(d) for d in item.film.directors})
        and (decade is None or (item.film.year or 0) // 10 * 10 == decade)
        and (max_runtime is None or ((item.film.runtime or 0) and item.film.runtime <= max_runtime))
    ]
    if not chosen:
        raise FilmlogError(
            f"none of the {counted(len(wanted), 'film')} on your watchlist matches:"
            " loosen the filters"
        )
    return random.Random(seed).choice(chosen)
