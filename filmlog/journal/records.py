"""The journal's rows as models: the columns to select for a film or an entry,
and the Film and Entry they become. Every reader that shows films or entries
(the store, listings, search, the watchlist, lists) selects these.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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


# The models load with the first row made (an import, which reads only the columns' SQL
# here, never loads them).
def film_from(row: Sequence[Any]) -> Film:
    from filmlog.values.models import Film

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
    from filmlog.values.models import Entry

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


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    queries = {
        "films": "SELECT count(*) FROM films WHERE seen = 1",
        "entries": "SELECT count(*) FROM entries",
        "reviews": "SELECT count(*) FROM entries WHERE review IS NOT NULL",
        "directors": "SELECT count(DISTINCT person_id) FROM film_directors",
        "tags": "SELECT count(*) FROM tags",
    }
    return {name: conn.execute(sql).fetchone()[0] for name, sql in queries.items()}
