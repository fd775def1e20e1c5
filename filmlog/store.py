"""A film and its entries: read one, log a viewing, edit, remove. Returns models; prints nothing.

Reads take a plain ``sqlite3.Connection``; writes take the open ``Journal``
and run in one transaction each (nested calls join the caller's). This
module writes the films and entries tables outside imports; names.py the
people, tags and genres; watchlist.py, lists.py, enrich.py and the
importers their own tables (see the README's Development section).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import Any

from filmlog import titles
from filmlog.db import Journal
from filmlog.errors import Ambiguous, BadValue, NotFound
from filmlog.keys import key
from filmlog.models import (
    Entry,
    Film,
    FilmCard,
    NewEntry,
    Saved,
    check_title,
    check_year,
)
from filmlog.names import add_directors, set_directors, set_genres, set_tags
from filmlog.records import (
    ENTRY_COLUMNS,
    FILM_COLUMNS,
    LATEST_FIRST,
    OLDEST_FIRST,
    entry_from,
    film_from,
    latest_rated,
)


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


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
    return FilmCard(film, [entry_from(r) for r in rows])


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


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    queries = {
        "films": "SELECT count(*) FROM films WHERE seen = 1",
        "entries": "SELECT count(*) FROM entries",
        "reviews": "SELECT count(*) FROM entries WHERE review IS NOT NULL",
        "directors": "SELECT count(DISTINCT person_id) FROM film_directors",
        "tags": "SELECT count(*) FROM tags",
    }
    return {name: conn.execute(sql).fetchone()[0] for name, sql in queries.items()}


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
    """Log a viewing: find or create the film, then add the entry to it."""
    conn = journal.conn
    with journal.transaction():
        matches = titles.exact_matches(conn, new.title, new.year)
        if new.year is None and len(matches) > 1:
            raise Ambiguous(
                f"{len(matches)} films in the journal are called {new.title!r}: add --year",
                [f"  {m.label}" for m in matches],
            )
        new_film = not matches
        film_id = matches[0].id if matches else create_film(journal, new.title, new.year)
        add_directors(journal, film_id, new.directors)
        # A viewing is a rewatch when the film was logged before it (or on
        # the same day); an older viewing logged late is not.
        earlier = conn.execute(
            "SELECT count(*) FROM entries WHERE film_id = :film"
            " AND (:watched IS NULL OR watched IS NULL OR watched <= :watched)",
            {"film": film_id, "watched": new.watched},
        )
        auto_rewatch = not new.rewatch and earlier.fetchone()[0] > 0
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
            },
        )
        set_tags(journal, entry_id, new.tags)
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
        )


def insert(journal: Journal, table: str, row: dict[str, Any]) -> int:
    """Insert one row and return its id."""
    columns = ", ".join(row)
    marks = ", ".join("?" * len(row))
    cur = journal.conn.execute(
        f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values())
    )
    return int(cur.lastrowid or 0)


def _update(journal: Journal, table: str, row_id: int, values: dict[str, Any]) -> None:
    sets = ", ".join(f"{column} = ?" for column in values)
    journal.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*values.values(), row_id])


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
        "UPDATE films SET liked = ? OR EXISTS (SELECT 1 FROM entries"
        " WHERE film_id = films.id AND liked = 1) WHERE id = ?",
        [int(liked), film_id],
    )


def refresh_rating(journal: Journal, film_id: int, *, clear_when_unrated: bool = False) -> None:
    """The film's current rating is that of its latest rated entry; with none, it
    keeps the rating it came with, unless the last rated one was just lost."""
    latest = journal.conn.execute(latest_rated("?"), [film_id]).fetchone()
    if latest is not None:
        journal.conn.execute("UPDATE films SET rating = ? WHERE id = ?", [latest[0], film_id])
    elif clear_when_unrated:
        journal.conn.execute("UPDATE films SET rating = NULL WHERE id = ?", [film_id])


@dataclass
class EntryChanges:
    """What ``edit`` changes in an entry; None leaves a value as it is.

    rewatch, liked and spoilers have three values: True sets, False clears
    (--no-liked), None leaves them.
    """

    rating: int | None = None
    clear_rating: bool = False
    watched: str | None = None
    clear_watched: bool = False
    review: str | None = None  # "" removes the review
    tags: list[str] | None = None
    rewatch: bool | None = None
    liked: bool | None = None
    spoilers: bool | None = None

    def any(self) -> bool:
        values = (self.rating, self.watched, self.review, self.tags, self.rewatch, self.liked,
                  self.spoilers)  # fmt: skip
        return self.clear_rating or self.clear_watched or any(v is not None for v in values)


@dataclass
class FilmChanges:
    """What ``edit`` changes in a film; None leaves a value as it is."""

    title: str | None = None
    year: int | None = None
    directors: list[str] | None = None
    original_title: str | None = None
    runtime: int | None = None
    imdb_id: str | None = None
    genres: list[str] | None = None

    def any(self) -> bool:
        return any(
            v is not None
            for v in (
                self.title,
                self.year,
                self.directors,
                self.original_title,
                self.runtime,
                self.imdb_id,
                self.genres,
            )
        )


def edit_entry(journal: Journal, entry_id: int, changes: EntryChanges) -> Entry:
    with journal.transaction():
        entry = get_entry(journal.conn, entry_id)
        values: dict[str, Any] = {}
        if changes.clear_rating:
            values["rating"] = None
        elif changes.rating is not None:
            values["rating"] = changes.rating
        if changes.clear_watched:
            values["watched"] = None
        elif changes.watched is not None:
            values["watched"] = changes.watched
        if changes.review is not None:
            values["review"] = changes.review or None
        for flag in ("rewatch", "liked", "spoilers"):
            value = getattr(changes, flag)
            if value is not None:
                values[flag] = int(value)
        values["updated_at"] = now()
        _update(journal, "entries", entry_id, values)
        if changes.tags is not None:
            set_tags(journal, entry_id, changes.tags)
        if changes.liked is not None:
            refresh_liked(journal, entry.film_id, liked=changes.liked)
        lost = entry.rating is not None and changes.clear_rating
        refresh_rating(journal, entry.film_id, clear_when_unrated=lost)
        return get_entry(journal.conn, entry_id)


def edit_film(journal: Journal, film_id: int, changes: FilmChanges) -> Film:
    with journal.transaction():
        film = get_film(journal.conn, film_id)
        values: dict[str, Any] = {}
        if changes.title is not None:
            values["title"] = check_title(changes.title)
            values["title_key"] = key(values["title"])
        if changes.year is not None:
            values["year"] = changes.year
        if changes.original_title is not None:
            values["original_title"] = changes.original_title or None
            values["original_title_key"] = key(changes.original_title) or None
        if changes.runtime is not None:
            values["runtime"] = changes.runtime
        if changes.imdb_id is not None:
            values["imdb_id"] = changes.imdb_id or None
        new_title = values.get("title", film.title)
        new_year = values.get("year", film.year)
        clash = [
            m
            for m in titles.exact_matches(journal.conn, new_title, new_year)
            if m.id != film_id and m.year == new_year
        ]
        if clash:
            raise BadValue(f"the journal already has {clash[0].label}")
        values["updated_at"] = now()
        try:
            _update(journal, "films", film_id, values)
        except sqlite3.IntegrityError as exc:
            raise BadValue(f"another film in the journal already has that id ({exc})") from exc
        if changes.directors is not None:
            set_directors(journal, film_id, changes.directors)
        if changes.genres is not None:
            set_genres(journal, film_id, changes.genres)
        return get_film(journal.conn, film_id)


@dataclass
class EditTarget:
    """What an edit changes: a film, and the entry (--entry ID, else the film's latest)."""

    film_id: int
    entry: Entry | None
    set_year: int | None = None  # --year naming another year than the film's: set it


def edit_target(
    conn: sqlite3.Connection, *, title: str | None, entry_id: int | None, year: int | None
) -> EditTarget:
    """The film and entry an edit names, by TITLE or by --entry ID (one of the two).

    With a title, --year picks among films of that title; when no film of the
    title has that year, it is the year to set. With an entry, it is the year
    to set.
    """
    if (title is None) == (entry_id is None):
        raise BadValue("name the film (TITLE) or the entry (--entry ID), one of the two")
    if year is not None:
        check_year(year)
    if entry_id is not None:
        entry = get_entry(conn, entry_id)
        return EditTarget(entry.film_id, entry, set_year=year)
    assert title is not None
    set_year = None
    if year is None:
        film_id = titles.resolve(conn, title).id
    else:
        try:
            film_id = titles.resolve(conn, title, year).id
        except NotFound:
            film_id, set_year = titles.resolve(conn, title).id, year
    return EditTarget(film_id, latest_entry(conn, film_id), set_year=set_year)


def edit(
    journal: Journal, target: EditTarget, entry: EntryChanges, film: FilmChanges
) -> tuple[Film, Entry | None]:
    """Apply an edit in one transaction: the entry's changes, then the film's."""
    if target.set_year is not None:
        film.year = target.set_year
    if not entry.any() and not film.any():
        raise BadValue("nothing to change: give an option such as --rating or --watched")
    with journal.transaction():
        changed = None
        if entry.any():
            if target.entry is None:
                raise NotFound(
                    "the film has no diary entries to change: log one with `filmlog add`"
                )
            changed = edit_entry(journal, target.entry.id, entry)
        if film.any():
            edit_film(journal, target.film_id, film)
        return get_film(journal.conn, target.film_id), changed


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
