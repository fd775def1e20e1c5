"""The journal's rows as models: the columns to select for a film or an entry,
and the Film and Entry they become. Every reader that shows films or entries
(the store, listings, search, the watchlist, lists) selects these.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from filmlog.values.film_ids import FilmIds
from filmlog.values.models import Entry, Film

SEP = "\x1f"  # joins names in one column; never part of a name

DIRECTORS = (
    "(SELECT group_concat(name, char(31)) FROM (SELECT p.name FROM film_directors fd"
    " JOIN people p ON p.id = fd.person_id WHERE fd.film_id = f.id ORDER BY fd.position))"
)
GENRES = (
    "(SELECT group_concat(name, char(31)) FROM (SELECT g.name FROM film_genres fg"
    " JOIN genres g ON g.id = fg.genre_id WHERE fg.film_id = f.id ORDER BY g.name_key))"
)
COUNTRIES = (
    "(SELECT group_concat(country, char(31)) FROM (SELECT fc.country FROM film_countries fc"
    " WHERE fc.film_id = f.id ORDER BY fc.rowid))"
)
TAGS = (
    "(SELECT group_concat(name, char(31)) FROM (SELECT t.name FROM entry_tags et"
    " JOIN tags t ON t.id = et.tag_id WHERE et.entry_id = e.id ORDER BY t.name_key))"
)
FILM_COLUMNS = (
    "f.id, f.title, f.year, f.original_title, f.runtime, f.imdb_id, f.tmdb_id,"
    f" f.letterboxd_uri, f.rating, f.liked, {DIRECTORS}, {GENRES}, f.rated_at, f.seen,"
    f" {COUNTRIES}"
)
COMPANIONS = (
    "(SELECT group_concat(name, char(31)) FROM (SELECT c.name FROM entry_companions ec"
    " JOIN companions c ON c.id = ec.companion_id WHERE ec.entry_id = e.id"
    " ORDER BY ec.position))"
)
ENTRY_COLUMNS = (
    "e.id, e.film_id, e.watched, e.rating, e.rewatch, e.liked, e.review, e.spoilers,"
    f" e.created_at, e.updated_at, {TAGS}, {COMPANIONS}, e.place, e.platform"
)

# A film's entries, the latest first: by watched date (an undated entry comes
# before every dated one), then by id. "The latest entry" and "the film's
# rating is its latest rated entry's" both mean this order.
LATEST_FIRST = "ORDER BY coalesce(watched, '') DESC, id DESC"
OLDEST_FIRST = "ORDER BY coalesce(watched, ''), id"
# The latest rated viewing decides the film's rating: two of one day are told by their uid
# (which sorts as they were logged), never by local ids (two journals must agree).
LATEST_RATED_FIRST = "ORDER BY coalesce(watched, '') DESC, uid DESC, id DESC"


def latest_rated(film: str) -> str:
    """SQL for the rating and date of the film's latest rated entry: the film's rating.

    film is an SQL expression for the film's id (a parameter, or a column).
    """
    return (
        "SELECT rating, watched FROM entries"
        f" WHERE film_id = {film} AND rating IS NOT NULL {LATEST_RATED_FIRST} LIMIT 1"
    )


def split(value: str | None) -> list[str]:
    return value.split(SEP) if value else []


def film_from(row: Sequence[Any]) -> Film:
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
        directors=split(row[10]),
        genres=split(row[11]),
        rated_at=row[12],
        seen=bool(row[13]),
        countries=split(row[14]),
    )


def entry_from(row: Sequence[Any]) -> Entry:
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
        tags=split(row[10]),
        companions=split(row[11]),
        place=row[12],
        platform=row[13],
    )


# Reads ---------------------------------------------------------------------


# Names of many films or entries at once, for outputs that stream rows in chunks.


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

    Names come from small maps of people and tags (read once), so that the
    lookups read ids only; a film's directors are kept once looked up, since
    a diary names the same films again and again (up to FILMS_KEPT films, so
    memory stays bounded).
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


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    queries = {
        "films": "SELECT count(*) FROM films WHERE seen = 1",
        "entries": "SELECT count(*) FROM entries",
        "reviews": "SELECT count(*) FROM entries WHERE review IS NOT NULL",
        "directors": "SELECT count(DISTINCT person_id) FROM film_directors",
        "tags": "SELECT count(*) FROM tags",
    }
    return {name: conn.execute(sql).fetchone()[0] for name, sql in queries.items()}
