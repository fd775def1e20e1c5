"""Every read and write of the journal. Returns models; prints nothing.

Reads take a plain ``sqlite3.Connection``; writes take the open ``Journal``
and run in one transaction each (nested calls join the caller's).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from filmlog import titles
from filmlog.db import Journal
from filmlog.errors import Ambiguous, BadValue, NotFound
from filmlog.keys import key
from filmlog.models import (
    DiaryRow,
    Entry,
    Film,
    FilmCard,
    FilmRow,
    NewEntry,
    Saved,
    check_name,
    check_title,
    check_year,
)

SEP = "\x1f"  # joins names in one column; never part of a name

_DIRECTORS = (
    "(SELECT group_concat(name, char(31)) FROM (SELECT p.name FROM film_directors fd"
    " JOIN people p ON p.id = fd.person_id WHERE fd.film_id = f.id ORDER BY fd.position))"
)
_GENRES = (
    "(SELECT group_concat(name, char(31)) FROM (SELECT g.name FROM film_genres fg"
    " JOIN genres g ON g.id = fg.genre_id WHERE fg.film_id = f.id ORDER BY g.name_key))"
)
_COUNTRIES = (
    "(SELECT group_concat(country, char(31)) FROM (SELECT fc.country FROM film_countries fc"
    " WHERE fc.film_id = f.id ORDER BY fc.rowid))"
)
_TAGS = (
    "(SELECT group_concat(name, char(31)) FROM (SELECT t.name FROM entry_tags et"
    " JOIN tags t ON t.id = et.tag_id WHERE et.entry_id = e.id ORDER BY t.name_key))"
)
_FILM_COLUMNS = (
    "f.id, f.title, f.year, f.original_title, f.runtime, f.imdb_id, f.tmdb_id,"
    f" f.letterboxd_uri, f.rating, f.liked, {_DIRECTORS}, {_GENRES}, f.rated_at, f.seen,"
    f" {_COUNTRIES}"
)
_ENTRY_COLUMNS = (
    "e.id, e.film_id, e.watched, e.rating, e.rewatch, e.liked, e.review, e.spoilers,"
    f" e.created_at, e.updated_at, {_TAGS}"
)


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _split(value: str | None) -> list[str]:
    return value.split(SEP) if value else []


def _film(row: Sequence[Any]) -> Film:
    return Film(
        id=row[0],
        title=row[1],
        year=row[2],
        original_title=row[3],
        runtime=row[4],
        imdb_id=row[5],
        tmdb_id=row[6],
        letterboxd_uri=row[7],
        rating=row[8],
        liked=bool(row[9]),
        directors=_split(row[10]),
        genres=_split(row[11]),
        rated_at=row[12],
        seen=bool(row[13]),
        countries=_split(row[14]),
    )


def _entry(row: Sequence[Any]) -> Entry:
    return Entry(
        id=row[0],
        film_id=row[1],
        watched=row[2],
        rating=row[3],
        rewatch=bool(row[4]),
        liked=bool(row[5]),
        review=row[6],
        spoilers=bool(row[7]),
        created_at=row[8],
        updated_at=row[9],
        tags=_split(row[10]),
    )


# Reads ---------------------------------------------------------------------


def get_film(conn: sqlite3.Connection, film_id: int) -> Film:
    row = conn.execute(f"SELECT {_FILM_COLUMNS} FROM films f WHERE f.id = ?", [film_id]).fetchone()
    if row is None:
        raise NotFound(f"no film with id {film_id} in the journal")
    return _film(row)


def film_card(conn: sqlite3.Connection, film_id: int) -> FilmCard:
    film = get_film(conn, film_id)
    rows = conn.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM entries e WHERE e.film_id = ?"
        " ORDER BY coalesce(e.watched, ''), e.id",
        [film_id],
    )
    return FilmCard(film, [_entry(r) for r in rows])


def get_entry(conn: sqlite3.Connection, entry_id: int) -> Entry:
    row = conn.execute(f"SELECT {_ENTRY_COLUMNS} FROM entries e WHERE e.id = ?", [entry_id])
    found = row.fetchone()
    if found is None:
        raise NotFound(f"there is no entry {entry_id}: `filmlog diary` shows entry ids")
    return _entry(found)


def latest_entry(conn: sqlite3.Connection, film_id: int) -> Entry | None:
    row = conn.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM entries e WHERE e.film_id = ?"
        " ORDER BY coalesce(e.watched, '') DESC, e.id DESC LIMIT 1",
        [film_id],
    ).fetchone()
    return _entry(row) if row else None


class FilmSort(Enum):
    title = "title"
    year = "year"
    rating = "rating"
    watched = "watched"
    director = "director"


@dataclass
class FilmFilter:
    """The filters of ``list``; they combine with AND."""

    director: str | None = None
    year: int | None = None
    decade: int | None = None  # the first year: 1990 for the 1990s
    rating: int | None = None
    min_rating: int | None = None
    max_rating: int | None = None
    tag: str | None = None
    genre: str | None = None
    watched_since: str | None = None
    watched_until: str | None = None
    liked: bool = False
    unrated: bool = False
    sort: str = "title"
    reverse: bool = False
    limit: int | None = None


def list_films(conn: sqlite3.Connection, q: FilmFilter) -> list[FilmRow]:
    sql, params = list_query(q)
    return [FilmRow(_film(r), r[15], r[16]) for r in conn.execute(sql, params)]


def list_query(q: FilmFilter) -> tuple[str, dict[str, Any]]:
    """The SQL of ``list`` for these filters (tests read its query plan)."""
    where = ["f.seen = 1"]
    params: dict[str, Any] = {}
    if q.director is not None:
        where.append(
            "f.id IN (SELECT fd.film_id FROM film_directors fd JOIN people p"
            " ON p.id = fd.person_id WHERE p.name_key = :director)"
        )
        params["director"] = key(q.director)
    if q.year is not None:
        where.append("f.year = :year")
        params["year"] = q.year
    if q.decade is not None:
        where.append("f.year BETWEEN :decade AND :decade + 9")
        params["decade"] = q.decade
    for name, op in (("rating", "="), ("min_rating", ">="), ("max_rating", "<=")):
        value = getattr(q, name)
        if value is not None:
            where.append(f"f.rating {op} :{name}")
            params[name] = value
    if q.unrated:
        where.append("f.rating IS NULL")
    if q.liked:
        where.append("f.liked = 1")
    if q.tag is not None:
        where.append(
            "f.id IN (SELECT e.film_id FROM tags t JOIN entry_tags et ON et.tag_id = t.id"
            " JOIN entries e ON e.id = et.entry_id WHERE t.name_key = :tag)"
        )
        params["tag"] = key(q.tag)
    if q.genre is not None:
        where.append(
            "f.id IN (SELECT fg.film_id FROM genres g JOIN film_genres fg ON fg.genre_id = g.id"
            " WHERE g.name_key = :genre)"
        )
        params["genre"] = key(q.genre)
    if q.watched_since is not None or q.watched_until is not None:
        where.append(
            "f.id IN (SELECT e.film_id FROM entries e WHERE e.watched BETWEEN :since AND :until)"
        )
        params["since"] = q.watched_since or "0000-00-00"
        params["until"] = q.watched_until or "9999-99-99"
    order = _film_order(q.sort, q.reverse)
    if len(where) > 1:
        # A filter narrows the films first; without this SQLite may walk the
        # whole title index to save itself the sort of a few rows.
        order = order.replace("f.title_key", "+f.title_key")
    sql = (
        f"SELECT {_FILM_COLUMNS},"
        " (SELECT count(*) FROM entries e WHERE e.film_id = f.id) AS watched_count,"
        " (SELECT max(e.watched) FROM entries e WHERE e.film_id = f.id) AS last_watched,"
        " (SELECT min(p.name_key) FROM film_directors fd JOIN people p ON p.id = fd.person_id"
        "  WHERE fd.film_id = f.id AND fd.position = 0) AS director_key"
        f" FROM films f WHERE {' AND '.join(where)} ORDER BY {order}"
    )
    if q.limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = q.limit
    return sql, params


def _film_order(sort: str, reverse: bool) -> str:
    # rating and watched read best-first and newest-first; the rest A to Z.
    column, descending = {
        "title": ("f.title_key", False),
        "year": ("f.year", False),
        "rating": ("f.rating", True),
        "watched": ("last_watched", True),
        "director": ("director_key", False),
    }[sort]
    if reverse:
        descending = not descending
    direction = "DESC" if descending else "ASC"
    if sort == "title":  # never NULL: plain, so the title index gives the order
        return f"f.title_key {direction}, f.year {direction}"
    # Films without the value (no year, no rating) always come last.
    return f"{column} IS NULL, {column} {direction}, f.title_key, f.year"


@dataclass
class DiaryFilter:
    since: str | None = None
    until: str | None = None
    limit: int | None = None
    on_this_day: dt.date | None = None  # show this month and day in earlier years


def diary(conn: sqlite3.Connection, q: DiaryFilter) -> list[DiaryRow]:
    rows: list[DiaryRow] = []
    for sql, params in diary_queries(q):
        if q.limit is not None:
            params["limit"] = q.limit - len(rows)
            if params["limit"] <= 0:
                break
        rows += [DiaryRow(_entry(r[:11]), _film(r[11:])) for r in conn.execute(sql, params)]
    return rows


def diary_queries(q: DiaryFilter) -> list[tuple[str, dict[str, Any]]]:
    """Dated entries newest first, then undated ones: two queries, so that the
    first walks the watched-date index instead of sorting the whole diary."""
    where = ["e.watched IS NOT NULL"]
    params: dict[str, Any] = {}
    if q.since is not None:
        where.append("e.watched >= :since")
        params["since"] = q.since
    if q.until is not None:
        where.append("e.watched <= :until")
        params["until"] = q.until
    if q.on_this_day is not None:
        day = q.on_this_day
        days = [day.strftime("%m-%d")]
        if day.month == 2 and day.day == 28 and not _is_leap(day.year):
            days.append("02-29")  # leap-day viewings show up in other years on the 28th
        where.append(
            "substr(watched, 6) IN ("
            + ", ".join(f":d{i}" for i in range(len(days)))
            + ") AND e.watched < :this_year"
        )
        params["this_year"] = f"{day.year:04d}"
        params.update({f"d{i}": d for i, d in enumerate(days)})
    select = (
        f"SELECT {_ENTRY_COLUMNS}, {_FILM_COLUMNS} FROM entries e JOIN films f ON f.id = e.film_id"
    )
    limit = " LIMIT :limit" if q.limit is not None else ""
    queries = [
        (
            f"{select} WHERE {' AND '.join(where)} ORDER BY e.watched DESC, e.id DESC{limit}",
            params,
        )
    ]
    if len(where) == 1:  # no date filter: the undated entries come last
        queries.append((f"{select} WHERE e.watched IS NULL ORDER BY e.id DESC{limit}", {}))
    return queries


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


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


def _lookup(journal: Journal, table: str, name: str) -> int:
    """The id of a person, tag or genre, created on first use with the spelling given."""
    k = key(name)
    row = journal.conn.execute(f"SELECT id FROM {table} WHERE name_key = ?", [k]).fetchone()
    if row:
        return int(row[0])
    return insert(journal, table, {"name": name, "name_key": k})


def add_directors(journal: Journal, film_id: int, names: Iterable[str]) -> None:
    """Add directors the film does not have yet, after those it has."""
    conn = journal.conn
    position = conn.execute(
        "SELECT coalesce(max(position) + 1, 0) FROM film_directors WHERE film_id = ?", [film_id]
    ).fetchone()[0]
    for name in names:
        person = _lookup(journal, "people", check_name(name))
        cur = conn.execute(
            "INSERT OR IGNORE INTO film_directors (film_id, person_id, position) VALUES (?, ?, ?)",
            [film_id, person, position],
        )
        position += cur.rowcount


def set_directors(journal: Journal, film_id: int, names: Iterable[str]) -> None:
    with journal.transaction():
        journal.conn.execute("DELETE FROM film_directors WHERE film_id = ?", [film_id])
        add_directors(journal, film_id, names)


def set_genres(journal: Journal, film_id: int, names: Iterable[str]) -> None:
    with journal.transaction():
        journal.conn.execute("DELETE FROM film_genres WHERE film_id = ?", [film_id])
        for name in names:
            genre = _lookup(journal, "genres", check_name(name, "genre"))
            journal.conn.execute(
                "INSERT OR IGNORE INTO film_genres (film_id, genre_id) VALUES (?, ?)",
                [film_id, genre],
            )


def set_tags(journal: Journal, entry_id: int, names: Iterable[str]) -> None:
    conn = journal.conn
    conn.execute("DELETE FROM entry_tags WHERE entry_id = ?", [entry_id])
    for name in names:
        tag = _lookup(journal, "tags", check_name(name, "tag"))
        conn.execute(
            "INSERT OR IGNORE INTO entry_tags (entry_id, tag_id) VALUES (?, ?)", [entry_id, tag]
        )


def refresh_liked(journal: Journal, film_id: int, *, liked: bool) -> None:
    """Liking an entry likes its film; un-liking one un-likes the film, unless
    another of its entries is still liked."""
    journal.conn.execute(
        "UPDATE films SET liked = ? OR EXISTS (SELECT 1 FROM entries"
        " WHERE film_id = films.id AND liked = 1) WHERE id = ?",
        [int(liked), film_id],
    )


def refresh_rating(journal: Journal, film_id: int, *, clear_when_unrated: bool = False) -> None:
    """The film's current rating is that of its latest rated entry."""
    latest = journal.conn.execute(
        "SELECT rating FROM entries WHERE film_id = ? AND rating IS NOT NULL"
        " ORDER BY coalesce(watched, '') DESC, id DESC LIMIT 1",
        [film_id],
    ).fetchone()
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
