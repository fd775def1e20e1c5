"""A film and its entries: read one, log a viewing, remove one. Returns models; prints nothing.

Reads take a plain ``sqlite3.Connection``; writes take the open ``Journal``
and run in one transaction each (nested calls join the caller's). This
module writes the films and entries tables outside imports (edits.py changes them); names.py the
people, tags and genres; watchlist.py, lists.py, enrich.py and the
importers their own tables (see the README's Development section).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from filmlog.journal import titles
from filmlog.journal.db import Journal
from filmlog.journal.names import add_directors, set_companions, set_tags, where_values
from filmlog.journal.records import (
    ENTRY_COLUMNS,
    FILM_COLUMNS,
    LATEST_FIRST,
    OLDEST_FIRST,
    entry_from,
    film_from,
    latest_rated,
)
from filmlog.values import uids
from filmlog.values.checks import check_title
from filmlog.values.clock import now
from filmlog.values.errors import NotFound
from filmlog.values.film_ids import COLUMNS
from filmlog.values.keys import key
from filmlog.values.models import Entry, Film, FilmCard, NewEntry, Saved


def get_film(conn: sqlite3.Connection, film_id: int) -> Film:
    row = conn.execute(f"SELECT {FILM_COLUMNS} FROM films f WHERE f.id = ?", [film_id]).fetchone()
    if row is None:
        raise NotFound(f"no film with id {film_id} in the journal")
    return film_from(row)


def film_card(conn: sqlite3.Connection, film_id: int) -> FilmCard:
    film = get_film(conn, film_id)
    rows = conn.execute(
        f"SELECT {ENTRY_COLUMNS} FROM entries e WHERE e.film_id = ? {OLDEST_FIRST}",
        [film_id],
    )
    wanted = conn.execute("SELECT added_at FROM watchlist WHERE film_id = ?", [film_id])
    added = wanted.fetchone()
    return FilmCard(film, [entry_from(r) for r in rows], added[0] if added else None)


def get_entry(conn: sqlite3.Connection, entry_id: int) -> Entry:
    row = conn.execute(f"SELECT {ENTRY_COLUMNS} FROM entries e WHERE e.id = ?", [entry_id])
    found = row.fetchone()
    if found is None:
        raise NotFound(f"there is no entry {entry_id}: `filmlog diary` shows entry ids")
    return entry_from(found)


def latest_entry(conn: sqlite3.Connection, film_id: int) -> Entry | None:
    row = conn.execute(
        f"SELECT {ENTRY_COLUMNS} FROM entries e WHERE e.film_id = ? {LATEST_FIRST} LIMIT 1",
        [film_id],
    ).fetchone()
    return entry_from(row) if row else None


def is_empty(conn: sqlite3.Connection) -> bool:
    """Nothing logged yet: no entry, no film seen (a new, or a missing, journal)."""
    return not conn.execute(
        "SELECT EXISTS (SELECT 1 FROM entries) OR EXISTS (SELECT 1 FROM films WHERE seen = 1)"
    ).fetchone()[0]


def titles_starting(conn: sqlite3.Connection, prefix: str, limit: int = 50) -> list[str]:
    """Titles for shell completion: those whose key starts with what was typed."""
    k = key(prefix) if prefix.strip() else ""
    rows = conn.execute(
        "SELECT DISTINCT title FROM films WHERE title_key >= ? AND title_key < ?"
        " ORDER BY title_key LIMIT ?",
        [k, k + "\U0010ffff", limit],
    )
    return [r[0] for r in rows]


# Writes --------------------------------------------------------------------


def add_entry(journal: Journal, new: NewEntry) -> Saved:
    """Log a viewing: find or create the film, then add the entry to it.

    A film the journal has keeps its facts: directors given for a film that
    has none fill them in; others that differ are left (and said), since
    changing a film is `edit`'s work.
    """
    conn = journal.conn
    with journal.transaction():
        new_film, film_id = film_for(journal, new.title, new.year)
        kept = [] if new_film else _kept_facts(conn, film_id, new)
        if new_film or not get_film(conn, film_id).directors:
            add_directors(journal, film_id, new.directors)
        # A viewing is a rewatch when the film was logged before it (or on the
        # same day), or marked seen with no diary entry; an older viewing logged
        # late is not.
        earlier, seen_before = conn.execute(
            "SELECT (SELECT count(*) FROM entries WHERE film_id = :film"
            " AND (:watched IS NULL OR watched IS NULL OR watched <= :watched)),"
            " (SELECT seen FROM films WHERE id = :film)"
            " AND NOT EXISTS (SELECT 1 FROM entries WHERE film_id = :film)",
            {"film": film_id, "watched": new.watched},
        ).fetchone()
        auto_rewatch = not new.rewatch and (earlier > 0 or bool(seen_before))
        stamp = now()
        entry_id = insert(
            journal,
            "entries",
            {
                "film_id": film_id,
                "watched": new.watched,
                "rating": new.rating,
                "rewatch": int(new.rewatch or auto_rewatch),
                "liked": int(new.liked),
                "review": new.review,
                "spoilers": int(new.spoilers),
                "created_at": stamp,
                "updated_at": stamp,
                "uid": uids.new(),
                **where_values(new.place, new.platform),
            },
        )
        set_tags(journal, entry_id, new.tags)
        set_companions(journal, entry_id, new.companions)
        conn.execute(
            "UPDATE films SET seen = 1, liked = max(liked, ?), updated_at = ? WHERE id = ?",
            [int(new.liked), stamp, film_id],
        )
        refresh_rating(journal, film_id)
        wanted = conn.execute("DELETE FROM watchlist WHERE film_id = ?", [film_id]).rowcount
        return Saved(
            film=get_film(conn, film_id),
            entry=get_entry(conn, entry_id),
            new_film=new_film,
            auto_rewatch=auto_rewatch,
            off_watchlist=bool(wanted),
            kept=kept,
        )


def film_for(journal: Journal, text: str, year: int | None) -> tuple[bool, int]:
    """Whether the film a typed title and year name is new, and its id: found by the one
    rule (titles.film_of), else made; a film without a year takes the one given."""
    title, year = titles.typed(journal.conn, text, year)
    found = titles.film_of(journal.conn, title, year)
    year = None if year == titles.NO_YEAR else year
    if found is None:
        return True, create_film(journal, title, year)
    if found.year is None and year is not None:
        journal.conn.execute(
            "UPDATE films SET year = ?, updated_at = ? WHERE id = ?", [year, now(), found.id]
        )
    return False, found.id


def _kept_facts(conn: sqlite3.Connection, film_id: int, new: NewEntry) -> list[str]:
    """What a new viewing said of its film that differs from what the journal has."""
    film = get_film(conn, film_id)
    if new.directors and film.directors and _keys(new.directors) != _keys(film.directors):
        return [
            f"{film.label} is directed by {', '.join(film.directors)} in the journal;"
            f" kept (`filmlog edit {quoted(film.title)} -d ...` changes it)"
        ]
    return []


def _keys(names: list[str]) -> set[str]:
    return {key(n) for n in names}


def quoted(text: str) -> str:
    """text as one word of a shell command line, for the commands messages suggest."""
    import shlex

    return shlex.quote(text)


def insert(journal: Journal, table: str, row: dict[str, Any]) -> int:
    """Insert one row and return its id."""
    columns = ", ".join(row)
    marks = ", ".join("?" * len(row))
    cur = journal.conn.execute(
        f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values())
    )
    return int(cur.lastrowid or 0)


def update(journal: Journal, table: str, row_id: int, values: dict[str, Any]) -> None:
    sets = ", ".join(f"{column} = ?" for column in values)
    journal.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*values.values(), row_id])


def film_with_id(
    conn: sqlite3.Connection, kind: str, value: str | int, other_than: int | None = None
) -> tuple[int, str, int | None] | None:
    """The film (id, title, year) that has this id, other than other_than: an id belongs to
    one film, whichever way it comes in (film_ids; an import keeps the same rule in memory,
    imports/engine/films.KnownFilms.taken)."""
    column = COLUMNS.get(kind)
    if column is not None:
        row = conn.execute(
            f"SELECT id, title, year FROM films WHERE {column} = ? AND id IS NOT ?",
            [value, other_than],
        ).fetchone()
    else:
        row = conn.execute(
            "SELECT f.id, f.title, f.year FROM film_ids i JOIN films f ON f.id = i.film_id"
            " WHERE i.kind = ? AND i.value = ? AND f.id IS NOT ?",
            [kind, str(value), other_than],
        ).fetchone()
    return (int(row[0]), row[1], row[2]) if row else None


def create_film(journal: Journal, title: str, year: int | None, **facts: Any) -> int:
    title = check_title(title)
    stamp = now()
    row = {
        "title": title,
        "title_key": key(title),
        "year": year,
        "created_at": stamp,
        "updated_at": stamp,
        **facts,
    }
    if row.get("original_title"):
        row["original_title_key"] = key(row["original_title"])
    return insert(journal, "films", row)


def refresh_liked(journal: Journal, film_id: int, *, liked: bool) -> None:
    """Liking an entry likes its film; un-liking one un-likes the film, unless
    another of its entries is still liked."""
    journal.conn.execute(
        "UPDATE films SET liked = :liked OR EXISTS (SELECT 1 FROM entries"
        " WHERE film_id = films.id AND liked = 1) WHERE id = :film AND liked IS NOT"
        " (:liked OR EXISTS (SELECT 1 FROM entries WHERE film_id = films.id AND liked = 1))",
        {"liked": int(liked), "film": film_id},
    )


def refresh_rating(journal: Journal, film_id: int, *, clear_when_unrated: bool = False) -> None:
    """The film's current rating is that of its latest rated entry; with none, it
    keeps the rating it came with, unless the last rated one was just lost."""
    latest = journal.conn.execute(latest_rated("?"), [film_id]).fetchone()
    if latest is not None:
        journal.conn.execute(
            "UPDATE films SET rating = ? WHERE id = ? AND rating IS NOT ?",
            [latest[0], film_id, latest[0]],
        )
    elif clear_when_unrated:
        journal.conn.execute(
            "UPDATE films SET rating = NULL WHERE id = ? AND rating IS NOT NULL", [film_id]
        )


def forget_if_unused(journal: Journal, film_id: int) -> None:
    """A film that was only ever wanted or listed goes with its last use: never one seen,
    logged, on the watchlist or on a list."""
    journal.conn.execute(
        "DELETE FROM films WHERE id = ? AND seen = 0"
        " AND NOT EXISTS (SELECT 1 FROM entries WHERE film_id = films.id)"
        " AND NOT EXISTS (SELECT 1 FROM watchlist WHERE film_id = films.id)"
        " AND NOT EXISTS (SELECT 1 FROM list_items WHERE film_id = films.id)",
        [film_id],
    )


def remove_entry(journal: Journal, entry_id: int) -> Entry:
    with journal.transaction():
        entry = get_entry(journal.conn, entry_id)
        journal.conn.execute("DELETE FROM entries WHERE id = ?", [entry_id])
        refresh_rating(journal, entry.film_id, clear_when_unrated=entry.rating is not None)
        return entry


def remove_film(journal: Journal, film_id: int) -> FilmCard:
    with journal.transaction():
        card = film_card(journal.conn, film_id)
        journal.conn.execute("DELETE FROM films WHERE id = ?", [film_id])  # entries cascade
        return card
