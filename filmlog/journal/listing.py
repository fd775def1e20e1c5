"""The queries behind `list` and `diary`: filters, sorts, and the rows they give.

Every filter is answered through an index (tests read the query plans).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from enum import Enum
from typing import Any, NamedTuple

from filmlog.journal.grouped import NameLookup, chunks
from filmlog.values.keys import key
from filmlog.values.rows import DiaryRow, FilmRow

# An entry with its film's title and year: a diary row, before its names (those
# come from NameLookup, a chunk of rows at a time).
DIARY_COLUMNS = (
    "e.id, e.film_id, f.title, f.year, e.watched, e.rating, e.rewatch, e.liked, e.review,"
    " e.spoilers, e.created_at, e.updated_at, e.place, e.platform"
)
FROM_ENTRIES = "FROM entries e JOIN films f ON f.id = e.film_id"


class FilmSort(Enum):
    title = "title"
    year = "year"
    rating = "rating"
    watched = "watched"
    director = "director"


# A query is a value, made once from what was asked (a tuple: cheaper to define than a
# dataclass, which every command's start-up would pay for).
class FilmFilter(NamedTuple):
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
    companion: str | None = None  # a viewing with
    place: str | None = None  # a viewing at
    platform: str | None = None  # a viewing on
    sort: str = "title"
    reverse: bool = False
    limit: int | None = None


def list_films(conn: sqlite3.Connection, q: FilmFilter) -> Iterator[FilmRow]:
    """The films, as the cursor gives them: memory stays flat however many there are."""
    sql, params = list_query(q)
    names = NameLookup(conn)
    for chunk in chunks(conn.execute(sql, params)):
        directors = names.directors(r[0] for r in chunk)
        for r in chunk:
            yield FilmRow(r[0], r[1], r[2], directors.get(r[0], []), r[3], r[4], r[5], bool(r[6]))


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
    company = _company_filters(q, params, "e.id")
    if company:
        where.append(f"f.id IN (SELECT e.film_id FROM entries e WHERE {' AND '.join(company)})")
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
        "SELECT f.id, f.title, f.year, f.rating,"
        " (SELECT count(*) FROM entries e WHERE e.film_id = f.id) AS watched_count,"
        " (SELECT max(e.watched) FROM entries e WHERE e.film_id = f.id) AS last_watched,"
        f" f.liked FROM films f WHERE {' AND '.join(where)} ORDER BY {order}"
    )
    if q.limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = q.limit
    return sql, params


def _company_filters(q: FilmFilter | DiaryFilter, params: dict[str, Any], entry: str) -> list[str]:
    """With whom, where and on what a viewing was (names compared as keys)."""
    where = []
    if q.companion is not None:
        where.append(
            f"{entry} IN (SELECT ec.entry_id FROM companions c JOIN entry_companions ec"
            " ON ec.companion_id = c.id WHERE c.name_key = :companion)"
        )
        params["companion"] = key(q.companion)
    for column in ("place", "platform"):
        value = getattr(q, column)
        if value is not None:
            where.append(f"e.{column}_key = :{column}")
            params[column] = key(value)
    return where


def _film_order(sort: str, reverse: bool) -> str:
    # rating and watched read best-first and newest-first; the rest A to Z.
    column, descending = {
        "title": ("f.title_key", False),
        "year": ("f.year", False),
        "rating": ("f.rating", True),
        "watched": ("last_watched", True),
        # in ORDER BY only, so that other sorts do not pay for it on every row
        "director": (
            "(SELECT min(p.name_key) FROM film_directors fd JOIN people p"
            " ON p.id = fd.person_id WHERE fd.film_id = f.id AND fd.position = 0)",
            False,
        ),
    }[sort]
    if reverse:
        descending = not descending
    direction = "DESC" if descending else "ASC"
    if sort == "title":  # never NULL: plain, so the title index gives the order
        return f"f.title_key {direction}, f.year {direction}"
    # Films without the value (no year, no rating) always come last.
    return f"{column} IS NULL, {column} {direction}, f.title_key, f.year"


class DiaryFilter(NamedTuple):
    """The filters of ``diary``; they combine with AND. Ratings are the entry's own."""

    since: str | None = None
    until: str | None = None
    director: str | None = None
    tag: str | None = None
    rating: int | None = None
    min_rating: int | None = None
    max_rating: int | None = None
    liked: bool = False
    companion: str | None = None  # watched with
    place: str | None = None  # watched at
    platform: str | None = None  # watched on
    limit: int | None = None
    on_this_day: dt.date | None = None  # show this month and day in earlier years
    # Rows without directors and reviews: what the table and the piped lines show.
    # (A whole diary piped reads a third less without them.)
    brief: bool = False


def diary(conn: sqlite3.Connection, q: DiaryFilter) -> Iterator[DiaryRow]:
    """The entries, newest first, as the cursor gives them (undated ones last)."""
    given = 0
    names = NameLookup(conn)
    for sql, params in diary_queries(q):
        if q.limit is not None:
            params["limit"] = q.limit - given
            if params["limit"] <= 0:
                return
        for row in rows_of_entries(names, conn.execute(sql, params), brief=q.brief):
            given += 1
            yield row


def rows_of_entries(
    names: NameLookup, cursor: Iterable[Sequence[Any]], *, brief: bool = False
) -> Iterator[DiaryRow]:
    """Diary rows from a cursor over DIARY_COLUMNS, with directors (unless brief) and
    tags a chunk at a time."""
    nobody: defaultdict[int, list[str]] = defaultdict(list)
    for chunk in chunks(cursor):
        directors = nobody if brief else names.directors(r[1] for r in chunk)
        tags = names.tags(r[0] for r in chunk)
        company = names.companions(r[0] for r in chunk)
        for r in chunk:
            eid, fid = r[0], r[1]
            yield DiaryRow(
                eid,
                fid,
                r[2],
                r[3],
                directors[fid],
                r[4],
                r[5],
                bool(r[6]),
                bool(r[7]),
                tags.get(eid, []),
                r[8],
                bool(r[9]),
                r[10],
                r[11],
                company.get(eid, []),
                r[12],
                r[13],
            )


def diary_queries(q: DiaryFilter) -> list[tuple[str, dict[str, Any]]]:
    """Dated entries newest first, then undated ones: two queries, so that the
    first walks the watched-date index instead of sorting the whole diary."""
    where = ["e.watched IS NOT NULL"]
    params: dict[str, Any] = {}
    others = _entry_filters(q, params)
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
    columns = DIARY_COLUMNS.replace("e.review", "NULL") if q.brief else DIARY_COLUMNS
    select = f"SELECT {columns} {FROM_ENTRIES}"
    limit = " LIMIT :limit" if q.limit is not None else ""
    dated = len(where) > 1
    queries = [
        (
            f"{select} WHERE {' AND '.join(where + others)}"
            f" ORDER BY e.watched DESC, e.id DESC{limit}",
            params,
        )
    ]
    if not dated:  # no date filter: the undated entries come last
        undated = " AND ".join(["e.watched IS NULL", *others])
        queries.append((f"{select} WHERE {undated} ORDER BY e.id DESC{limit}", dict(params)))
    return queries


def _entry_filters(q: DiaryFilter, params: dict[str, Any]) -> list[str]:
    """The diary's filters but dates: director, tag, the entry's rating, liked."""
    where = []
    if q.director is not None:
        where.append(
            "e.film_id IN (SELECT fd.film_id FROM film_directors fd JOIN people p"
            " ON p.id = fd.person_id WHERE p.name_key = :director)"
        )
        params["director"] = key(q.director)
    if q.tag is not None:
        where.append(
            "e.id IN (SELECT et.entry_id FROM tags t JOIN entry_tags et ON et.tag_id = t.id"
            " WHERE t.name_key = :tag)"
        )
        params["tag"] = key(q.tag)
    for name, op in (("rating", "="), ("min_rating", ">="), ("max_rating", "<=")):
        value = getattr(q, name)
        if value is not None:
            where.append(f"e.rating {op} :{name}")
            params[name] = value
    if q.liked:
        where.append("e.liked = 1")
    where += _company_filters(q, params, "e.id")
    return where


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
