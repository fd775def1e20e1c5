"""What the report page shows, read from the journal for one year or all time.

The numbers `filmlog stats` shows are taken from `stats.report` itself; the
rest (the calendar, streaks, the first and last film, favourites with an
excerpt, rewatches, the reviews) is asked here. Reviews come one at a time
from the cursor, so a page of thirty thousand reviews is written in the
memory of one.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from filmlog.journal import stats

UNIT = "\x1f"  # between the names that group_concat joins


@dataclass(frozen=True)
class Viewing:
    title: str
    year: int | None
    watched: str | None
    rating: int | None  # half stars
    rewatch: bool
    liked: bool


@dataclass(frozen=True)
class Ranked:
    """A director, genre or country, and how many of the films seen are theirs."""

    name: str
    films: int
    average: float | None = None  # of the ratings given, in stars (directors only)


@dataclass(frozen=True)
class Favourite:
    title: str
    year: int | None
    rating: int  # half stars
    entries: int
    review: str | None  # the latest review of it that spoils nothing, as written


@dataclass(frozen=True)
class Rewatched:
    title: str
    year: int | None
    times: int


@dataclass(frozen=True)
class Streak:
    days: int
    start: str
    end: str


@dataclass(frozen=True)
class Review:
    viewing: Viewing
    text: str  # Markdown, as written
    spoilers: bool
    tags: list[str]


@dataclass(frozen=True)
class Page:
    year: int | None
    numbers: dict[str, Any]  # stats.report's: what `filmlog stats` shows, to the unit
    words: int
    days: dict[str, int]  # viewings per date
    streak: Streak | None
    directors: list[Ranked]
    genres: list[Ranked]
    countries: list[Ranked]
    first: Viewing | None
    last: Viewing | None
    favourites: list[Favourite]
    rewatched: list[Rewatched]

    @property
    def first_watches(self) -> int:
        return int(self.numbers["entries"]) - int(self.numbers["rewatches"])


def entries_in(conn: sqlite3.Connection, year: int | None) -> int:
    """What a page of the scope would show: its entries, and films rated without one."""
    scope = stats.Scope(conn, year)
    return int(
        scope.one(
            f"SELECT (SELECT count(*) FROM ({scope.entries}))"
            f" + (SELECT count(*) FROM ({scope.rated_only}))"
        )
    )


def gather(conn: sqlite3.Connection, year: int | None) -> Page:
    """Everything on the page but the reviews (see `reviews`)."""
    scope = stats.Scope(conn, year)
    days = dict(
        scope.rows(
            f"SELECT watched, count(*) FROM ({scope.entries}) WHERE watched IS NOT NULL"
            " GROUP BY watched ORDER BY watched"
        )
    )
    return Page(
        year=year,
        numbers=stats.report(conn, year),
        words=sum(
            len(text.split())
            for (text,) in conn.execute(
                f"SELECT review FROM ({scope.entries}) WHERE review IS NOT NULL", scope.params
            )
        ),
        days=days,
        streak=longest_streak(days),
        directors=[
            Ranked(name, n, None if avg is None else round(avg / 2, 2))
            for name, n, avg in stats.top_directors_rows(scope)
        ],
        genres=_ranked(
            scope,
            "SELECT g.name, count(*) AS n FROM film_genres fg JOIN genres g ON g.id = fg.genre_id"
            f" WHERE fg.film_id IN ({scope.seen}) GROUP BY g.id ORDER BY n DESC, g.name_key",
        ),
        countries=_ranked(
            scope,
            "SELECT country, count(*) AS n FROM film_countries"
            f" WHERE film_id IN ({scope.seen}) GROUP BY country ORDER BY n DESC, country",
        ),
        first=_bookend(scope, "ASC"),
        last=_bookend(scope, "DESC"),
        favourites=[
            Favourite(title, y, rating, n, _excerpt_source(scope, film_id))
            for film_id, title, y, rating, n in stats.highest_rated_rows(scope)
        ],
        rewatched=[
            Rewatched(title, y, n)
            for title, y, n in scope.rows(
                f"SELECT f.title, f.year, count(*) AS n FROM ({scope.entries}) e"
                " JOIN films f ON f.id = e.film_id GROUP BY f.id HAVING n > 1"
                f" ORDER BY n DESC, f.title_key LIMIT {stats.TOP}"
            )
        ],
    )


def longest_streak(days: dict[str, int]) -> Streak | None:
    """The longest run of consecutive days with a film (the earliest, of equal runs)."""
    best: Streak | None = None
    start = previous = None
    for day in sorted(dt.date.fromisoformat(d) for d in days):
        if previous is None or (day - previous).days != 1:
            start = day
        previous = day
        assert start is not None
        length = (day - start).days + 1
        if best is None or length > best.days:
            best = Streak(length, start.isoformat(), day.isoformat())
    return best


def reviews(conn: sqlite3.Connection, year: int | None) -> Iterator[Review]:
    """The scope's reviews in the order they were written down (undated ones last)."""
    scope = stats.Scope(conn, year)
    cursor = conn.execute(
        "SELECT f.title, f.year, e.watched, e.rating, e.rewatch, e.liked, e.review, e.spoilers,"
        " (SELECT group_concat(t.name, char(31)) FROM entry_tags et JOIN tags t"
        "  ON t.id = et.tag_id WHERE et.entry_id = e.id)"
        f" FROM ({scope.entries}) e JOIN films f ON f.id = e.film_id"
        " WHERE e.review IS NOT NULL ORDER BY e.watched IS NULL, e.watched, e.id",
        scope.params,
    )
    for title, y, watched, rating, rewatch, liked, text, spoilers, tags in cursor:
        yield Review(
            Viewing(title, y, watched, rating, bool(rewatch), bool(liked)),
            text,
            bool(spoilers),
            tags.split(UNIT) if tags else [],
        )


def _ranked(scope: stats.Scope, sql: str) -> list[Ranked]:
    return [Ranked(name, n) for name, n in scope.rows(f"{sql} LIMIT {stats.TOP}")]


def _bookend(scope: stats.Scope, order: str) -> Viewing | None:
    """The first (ASC) or last (DESC) dated viewing of the scope."""
    rows = scope.rows(
        "SELECT f.title, f.year, e.watched, e.rating, e.rewatch, e.liked"
        f" FROM ({scope.entries}) e JOIN films f ON f.id = e.film_id"
        f" WHERE e.watched IS NOT NULL ORDER BY e.watched {order}, e.id {order} LIMIT 1"
    )
    if not rows:
        return None
    title, y, watched, rating, rewatch, liked = rows[0]
    return Viewing(title, y, watched, rating, bool(rewatch), bool(liked))


def _excerpt_source(scope: stats.Scope, film_id: int) -> str | None:
    row = scope.conn.execute(
        f"SELECT review FROM ({scope.entries}) WHERE film_id = :film AND review IS NOT NULL"
        " AND spoilers = 0 ORDER BY watched IS NULL, watched DESC, id DESC LIMIT 1",
        {**scope.params, "film": film_id},
    ).fetchone()
    return row[0] if row else None
