"""Changing what the journal has: an entry's values, a film's facts, and what changed.

An edit names a film (by title, with --year picking among films of that
title) or an entry (by id), changes only what it was given, and says what
changed as `rating: ★★★ → ★★★★`; an edit that changes nothing writes nothing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from filmlog.journal import titles
from filmlog.journal.db import Journal
from filmlog.journal.names import set_companions, set_directors, set_genres, set_tags, where_values
from filmlog.journal.store import (
    film_with_id,
    get_entry,
    get_film,
    latest_entry,
    refresh_liked,
    refresh_rating,
    update,
)
from filmlog.values.checks import check_title, check_year
from filmlog.values.clock import after
from filmlog.values.errors import BadValue, NotFound
from filmlog.values.film_ids import LABELS
from filmlog.values.keys import key
from filmlog.values.models import Entry, Film
from filmlog.values.ratings import stars


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
    companions: list[str] | None = None  # [] removes them
    place: str | None = None  # "" removes it
    platform: str | None = None  # "" removes it

    def any(self) -> bool:
        values = (
            self.rating,
            self.watched,
            self.review,
            self.tags,
            self.rewatch,
            self.liked,
            self.spoilers,
            self.companions,
            self.place,
            self.platform,
        )
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
        if changes.place is not None or changes.platform is not None:
            now_at = where_values(changes.place, changes.platform)
            for column in ("place", "platform"):
                if getattr(changes, column) is not None:
                    values[column] = now_at[column]
                    values[f"{column}_key"] = now_at[f"{column}_key"]
                    values[f"{column}_tag"] = None  # no longer the tag it was made from
        values["updated_at"] = after(_stamp(journal, "entries", entry_id))
        update(journal, "entries", entry_id, values)
        if changes.tags is not None:
            set_tags(journal, entry_id, changes.tags)
        if changes.companions is not None:
            set_companions(journal, entry_id, changes.companions)
        if changes.liked is not None:
            refresh_liked(journal, entry.film_id, liked=changes.liked)
        lost = entry.rating is not None and changes.clear_rating
        refresh_rating(journal, entry.film_id, clear_when_unrated=lost)
        return get_entry(journal.conn, entry_id)


def _stamp(journal: Journal, table: str, row_id: int) -> str | None:
    row = journal.conn.execute(f"SELECT updated_at FROM {table} WHERE id = ?", [row_id])
    found = row.fetchone()
    return found[0] if found else None


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
            _check_id_free(journal, "imdb", changes.imdb_id, film_id)
        new_title = values.get("title", film.title)
        new_year = values.get("year", film.year)
        clash = [
            m
            for m in titles.exact_matches(journal.conn, new_title, new_year)
            if m.id != film_id and m.year == new_year
        ]
        if clash:
            raise BadValue(f"the journal already has {clash[0].label}")
        values["updated_at"] = after(_stamp(journal, "films", film_id))
        try:
            update(journal, "films", film_id, values)
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


def edit_target(
    conn: sqlite3.Connection, *, title: str | None, entry_id: int | None, year: int | None
) -> EditTarget:
    """The film and entry an edit names, by TITLE (and --year, which picks among films of
    that title, as on `show`) or by --entry ID: one of the two."""
    if (title is None) == (entry_id is None):
        raise BadValue("name the film (TITLE) or the entry (--entry ID), one of the two")
    if entry_id is not None:
        if year is not None:
            raise BadValue(
                "--year picks a film by its title; to change the film's year, use --set-year"
            )
        entry = get_entry(conn, entry_id)
        return EditTarget(entry.film_id, entry)
    assert title is not None
    if year is not None and year != titles.NO_YEAR:
        check_year(year)
    film_id = titles.resolve(conn, title, year).id
    return EditTarget(film_id, latest_entry(conn, film_id))


def edit(
    journal: Journal, target: EditTarget, entry: EntryChanges, film: FilmChanges
) -> tuple[Film, Entry | None, list[str]]:
    """Apply an edit in one transaction: the entry's changes, then the film's.

    Returns the film, the entry changed, and what changed (`rating: ★★★ → ★★★★`);
    nothing changed is an empty list, and nothing is written then.
    """
    if not entry.any() and not film.any():
        raise BadValue("nothing to change: give an option such as --rating or --watched")
    with journal.transaction():
        conn = journal.conn
        before_film = get_film(conn, target.film_id)
        before_entry = target.entry
        changed = None
        if entry.any():
            if target.entry is None:
                raise NotFound(
                    "the film has no diary entries to change: log one with `filmlog add`"
                )
            changed = edit_entry(journal, target.entry.id, entry)
        if film.any():
            edit_film(journal, target.film_id, film)
        after_film = get_film(conn, target.film_id)
        said = _differences(before_film, after_film, FILM_FACTS)
        if before_entry is not None and changed is not None:
            said = _differences(before_entry, changed, ENTRY_FACTS) + said
        if not said:
            raise _Unchanged
        return after_film, changed, said


class _Unchanged(Exception):
    """An edit that changes nothing: rolled back, so that nothing is written."""


def edit_or_nothing(
    journal: Journal, target: EditTarget, entry: EntryChanges, film: FilmChanges
) -> tuple[Film, Entry | None, list[str]]:
    """edit(), or (the film, the entry, []) when the values given are those it had."""
    try:
        return edit(journal, target, entry, film)
    except _Unchanged:
        return get_film(journal.conn, target.film_id), target.entry, []


def _shown(name: str, value: Any) -> str:
    if name == "rating":
        return stars(value) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value) or "none"
    return "none" if value is None else str(value)


ENTRY_FACTS = (
    "watched",
    "rating",
    "rewatch",
    "liked",
    "spoilers",
    "tags",
    "companions",
    "place",
    "platform",
    "review",
)


def _check_id_free(journal: Journal, kind: str, value: str | None, film_id: int) -> None:
    """An id belongs to one film: one another film has is refused, naming that film."""
    holder = film_with_id(journal.conn, kind, value, film_id) if value else None
    if holder:
        _, title, year = holder
        label = f"{title} ({year})" if year else title
        raise BadValue(f"{label} in the journal already has the {LABELS[kind]} id {value}")


FILM_FACTS = ("title", "year", "directors", "original_title", "runtime", "imdb_id", "genres")


def _differences(before: Any, after: Any, names: tuple[str, ...]) -> list[str]:
    """`name: old → new` for each value that differs (a review: written, changed, removed)."""
    said = []
    for name in names:
        old, new = getattr(before, name), getattr(after, name)
        if old == new:
            continue
        label = name.replace("_", " ")
        if name == "review":
            what = "written" if old is None else "removed" if new is None else "changed"
            said.append(f"review {what}")
        else:
            said.append(f"{label}: {_shown(name, old)} → {_shown(name, new)}")
    return said
