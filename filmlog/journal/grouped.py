"""Names of many rows at once (directors, genres, countries, tags, companions), looked up
by id a chunk of rows at a time, for listings and exports that stream the journal."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

# Rows read and looked up together: small enough that a chunk's working set
# (reviews included) stays in the CPU's caches and the allocator's free lists,
# big enough that the lookups are few. (100k entries: 200 beats 1,000 on time
# and memory alike.)
CHUNK = 200


def chunks(cursor: Iterable[Sequence[Any]], size: int = CHUNK) -> Iterator[list[Sequence[Any]]]:
    """A cursor's rows, a list of them at a time (memory stays at one chunk)."""
    rows = iter(cursor)
    while chunk := list(islice(rows, size)):
        yield chunk


def _grouped(conn: sqlite3.Connection, sql: str, ids: Iterable[int]) -> dict[int, list[str]]:
    wanted = list(dict.fromkeys(ids))
    found: dict[int, list[str]] = {}
    if wanted:
        for owner, name in conn.execute(sql.format(", ".join("?" * len(wanted))), wanted):
            found.setdefault(owner, []).append(name)
    return found


def directors_of(conn: sqlite3.Connection, film_ids: Iterable[int]) -> dict[int, list[str]]:
    return _grouped(
        conn,
        "SELECT fd.film_id, p.name FROM film_directors fd JOIN people p ON p.id = fd.person_id"
        " WHERE fd.film_id IN ({}) ORDER BY fd.film_id, fd.position",
        film_ids,
    )


def genres_of(conn: sqlite3.Connection, film_ids: Iterable[int]) -> dict[int, list[str]]:
    return _grouped(
        conn,
        "SELECT fg.film_id, g.name FROM film_genres fg JOIN genres g ON g.id = fg.genre_id"
        " WHERE fg.film_id IN ({}) ORDER BY fg.film_id, g.name_key",
        film_ids,
    )


def countries_of(conn: sqlite3.Connection, film_ids: Iterable[int]) -> dict[int, list[str]]:
    return _grouped(
        conn,
        "SELECT film_id, country FROM film_countries WHERE film_id IN ({}) ORDER BY film_id, rowid",
        film_ids,
    )


def other_ids_of(conn: sqlite3.Connection, film_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The ids of kinds the films table has no column for (Trakt's), by film and kind."""
    from filmlog.values.film_ids import FilmIds  # (a listing never asks: loaded here)

    found: dict[int, dict[str, Any]] = {}
    sql = "SELECT film_id, kind, value FROM film_ids WHERE film_id IN ({}) ORDER BY film_id, kind"
    for fid, kind, value in _grouped_rows(conn, sql, film_ids):
        found.setdefault(fid, {}).update(FilmIds({kind: value}))
    return found


def _grouped_rows(conn: sqlite3.Connection, sql: str, ids: Iterable[int]) -> list[tuple[Any, ...]]:
    wanted = list(dict.fromkeys(ids))
    return (
        conn.execute(sql.format(", ".join("?" * len(wanted))), wanted).fetchall() if wanted else []
    )


def tags_of(conn: sqlite3.Connection, entry_ids: Iterable[int]) -> dict[int, list[str]]:
    return _grouped(
        conn,
        "SELECT et.entry_id, t.name FROM entry_tags et JOIN tags t ON t.id = et.tag_id"
        " WHERE et.entry_id IN ({}) ORDER BY et.entry_id, t.name_key",
        entry_ids,
    )


def companions_of(conn: sqlite3.Connection, entry_ids: Iterable[int]) -> dict[int, list[str]]:
    return _grouped(
        conn,
        "SELECT ec.entry_id, c.name FROM entry_companions ec JOIN companions c"
        " ON c.id = ec.companion_id WHERE ec.entry_id IN ({}) ORDER BY ec.entry_id, ec.position",
        entry_ids,
    )


class NameLookup:
    """Directors and tags of rows streamed a chunk at a time, in few and light queries.

    After the first chunk (read with joins), names come from small maps of people
    and tags (read once), so that the lookups read ids only; a film's directors
    are kept once looked up, since a diary names the same films again and again
    (up to FILMS_KEPT films, so memory stays bounded).
    """

    FILMS_KEPT = 50_000

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._people: dict[int, str] | None = None
        self._tags: dict[int, tuple[str, str]] | None = None
        self._directors: dict[int, list[str]] = {}
        self._genres: dict[int, list[str]] = {}
        self._genre_names: dict[int, tuple[str, str]] | None = None

    def _ids(self, sql: str, ids: list[int]) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql.format(", ".join("?" * len(ids))), ids).fetchall()

    def directors(self, film_ids: Iterable[int]) -> dict[int, list[str]]:
        if len(self._directors) > self.FILMS_KEPT:
            self._directors = {}
        missing = [f for f in dict.fromkeys(film_ids) if f not in self._directors]
        if missing and self._people is None and not self._directors:
            # The first chunk joins: a short listing never reads every person's name.
            self._directors.update({f: [] for f in missing})
            self._directors.update(directors_of(self.conn, missing))
            return self._directors
        if missing:
            if self._people is None:
                self._people = dict(self.conn.execute("SELECT id, name FROM people").fetchall())
            people = self._people
            found: dict[int, list[str]] = {f: [] for f in missing}
            for film, person in self._ids(
                "SELECT film_id, person_id FROM film_directors WHERE film_id IN ({})"
                " ORDER BY film_id, position",
                missing,
            ):
                found[film].append(people[person])
            self._directors.update(found)
        return self._directors

    def genres(self, film_ids: Iterable[int]) -> dict[int, list[str]]:
        """Films' genres, by name (ids read, names from a small map, kept like directors)."""
        if len(self._genres) > self.FILMS_KEPT:
            self._genres = {}
        missing = [f for f in dict.fromkeys(film_ids) if f not in self._genres]
        if missing:
            if self._genre_names is None:
                self._genre_names = {
                    i: (n, k)
                    for i, n, k in self.conn.execute("SELECT id, name, name_key FROM genres")
                }
            names = self._genre_names
            keyed: dict[int, list[tuple[str, str]]] = {f: [] for f in missing}
            for film, genre in self._ids(
                "SELECT film_id, genre_id FROM film_genres WHERE film_id IN ({})", missing
            ):
                name, k = names[genre]
                keyed[film].append((k, name))
            self._genres.update({f: [n for _, n in sorted(p)] for f, p in keyed.items()})
        return self._genres

    def companions(self, entry_ids: Iterable[int]) -> dict[int, list[str]]:
        """With whom each of these entries was watched, in the order given."""
        return companions_of(self.conn, entry_ids)

    def companion_tags(self, entry_ids: Iterable[int]) -> dict[int, list[str | None]]:
        """The tag each companion of these entries was made from (None: given as a name)."""
        found: dict[int, list[str | None]] = {}
        for entry, tag in self._ids(
            "SELECT entry_id, tag FROM entry_companions WHERE entry_id IN ({})"
            " ORDER BY entry_id, position",
            list(dict.fromkeys(entry_ids)),
        ):
            found.setdefault(entry, []).append(tag)
        return found

    def tags(self, entry_ids: Iterable[int]) -> dict[int, list[str]]:
        if self._tags is None:
            self._tags = {
                i: (n, k) for i, n, k in self.conn.execute("SELECT id, name, name_key FROM tags")
            }
        tags = self._tags
        keyed: dict[int, list[tuple[str, str]]] = {}
        for entry, tag in self._ids(
            "SELECT entry_id, tag_id FROM entry_tags WHERE entry_id IN ({})", list(entry_ids)
        ):
            name, k = tags[tag]
            keyed.setdefault(entry, []).append((k, name))
        return {entry: [name for _, name in sorted(pairs)] for entry, pairs in keyed.items()}
