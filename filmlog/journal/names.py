"""People, tags and genres: found by their key, made on first use with the
spelling given, and the closest names for a name the journal does not have.

Writes run inside the caller's transaction, and mark the film or entry whose
names they change as changed (its updated_at): so that `import undo` knows a
film an import made was given directors or genres since.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from filmlog.journal.db import Journal
from filmlog.values.checks import check_name
from filmlog.values.clock import now
from filmlog.values.keys import key


def _touched(journal: Journal, table: str, row_id: int) -> None:
    journal.conn.execute(
        f"UPDATE {table} SET updated_at = max(?, coalesce((SELECT strftime("
        f"'%Y-%m-%dT%H:%M:%S+00:00', updated_at, '+1 second') FROM {table} WHERE id = ?), ''))"
        " WHERE id = ?",
        [now(), row_id, row_id],
    )


def lookup(journal: Journal, table: str, name: str) -> int:
    """The id of a person, tag or genre, created on first use with the spelling given."""
    k = key(name)
    row = journal.conn.execute(f"SELECT id FROM {table} WHERE name_key = ?", [k]).fetchone()
    if row:
        return int(row[0])
    cur = journal.conn.execute(f"INSERT INTO {table} (name, name_key) VALUES (?, ?)", [name, k])
    return int(cur.lastrowid or 0)


def add_directors(journal: Journal, film_id: int, names: Iterable[str]) -> None:
    """Add directors the film does not have yet, after those it has."""
    conn = journal.conn
    position = conn.execute(
        "SELECT coalesce(max(position) + 1, 0) FROM film_directors WHERE film_id = ?", [film_id]
    ).fetchone()[0]
    start = position
    for name in names:
        person = lookup(journal, "people", check_name(name))
        cur = conn.execute(
            "INSERT OR IGNORE INTO film_directors (film_id, person_id, position) VALUES (?, ?, ?)",
            [film_id, person, position],
        )
        position += cur.rowcount
    if position != start:
        _touched(journal, "films", film_id)


def set_directors(journal: Journal, film_id: int, names: Iterable[str]) -> None:
    with journal.transaction():
        journal.conn.execute("DELETE FROM film_directors WHERE film_id = ?", [film_id])
        add_directors(journal, film_id, names)
        _touched(journal, "films", film_id)


def set_genres(journal: Journal, film_id: int, names: Iterable[str]) -> None:
    with journal.transaction():
        journal.conn.execute("DELETE FROM film_genres WHERE film_id = ?", [film_id])
        for name in names:
            genre = lookup(journal, "genres", check_name(name, "genre"))
            journal.conn.execute(
                "INSERT OR IGNORE INTO film_genres (film_id, genre_id) VALUES (?, ?)",
                [film_id, genre],
            )
        _touched(journal, "films", film_id)


def set_countries(journal: Journal, film_id: int, names: Iterable[str]) -> None:
    """A film's countries of production, in the order given (TMDb's names, kept as they are)."""
    with journal.transaction():
        journal.conn.execute("DELETE FROM film_countries WHERE film_id = ?", [film_id])
        journal.conn.executemany(
            "INSERT OR IGNORE INTO film_countries (film_id, country) VALUES (?, ?)",
            [(film_id, name) for name in names],
        )
        _touched(journal, "films", film_id)


def set_tags(journal: Journal, entry_id: int, names: Iterable[str]) -> None:
    conn = journal.conn
    conn.execute("DELETE FROM entry_tags WHERE entry_id = ?", [entry_id])
    for name in names:
        tag = lookup(journal, "tags", check_name(name, "tag"))
        conn.execute(
            "INSERT OR IGNORE INTO entry_tags (entry_id, tag_id) VALUES (?, ?)", [entry_id, tag]
        )


def set_companions(journal: Journal, entry_id: int, names: Iterable[str]) -> None:
    """With whom the viewing was, in the order given (a name once)."""
    conn = journal.conn
    conn.execute("DELETE FROM entry_companions WHERE entry_id = ?", [entry_id])
    for position, name in enumerate(names):
        who = lookup(journal, "companions", check_name(name, "companion"))
        conn.execute(
            "INSERT OR IGNORE INTO entry_companions (entry_id, companion_id, position)"
            " VALUES (?, ?, ?)",
            [entry_id, who, position],
        )


def where_values(place: str | None, platform: str | None) -> dict[str, str | None]:
    """The place and platform columns of an entry, each with its key (None: not known)."""
    place = check_name(place, "place") if place else None
    platform = check_name(platform, "platform") if platform else None
    return {
        "place": place,
        "place_key": key(place) if place else None,
        "platform": platform,
        "platform_key": key(platform) if platform else None,
    }


def unknown_names(
    conn: sqlite3.Connection,
    *,
    director: str | None = None,
    tag: str | None = None,
    genre: str | None = None,
) -> list[str]:
    """Hints for filters naming nobody in the journal, with the closest names."""
    hints = []
    for label, table, value in (
        ("director", "people", director),
        ("tag", "tags", tag),
        ("genre", "genres", genre),
    ):
        if value is None:
            continue
        found = conn.execute(f"SELECT 1 FROM {table} WHERE name_key = ?", [key(value)]).fetchone()
        if found:
            continue
        hint = f"No {label} called {value!r} in the journal."
        close = closest_names(conn, table, value)
        if close:
            hint += " Did you mean " + " or ".join(repr(n) for n in close) + "?"
        hints.append(hint)
    return hints


def closest_names(conn: sqlite3.Connection, table: str, name: str, limit: int = 3) -> list[str]:
    from rapidfuzz import fuzz, process

    names = [r[0] for r in conn.execute(f"SELECT name FROM {table}")]
    scored = process.extract(
        key(name), {n: key(n) for n in names}, scorer=fuzz.ratio, score_cutoff=60, limit=limit
    )
    return [n for _, _, n in scored]
