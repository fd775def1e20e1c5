"""The numbers of a journal, overall or for one year: what `filmlog stats` shows."""

from __future__ import annotations

import sqlite3
from typing import Any

from filmlog.values.ratings import as_number

TOP = 10


class Scope:
    """The entries a report counts (all, or one year's) and the films seen among them.

    A film rated without a diary entry (IMDb's ratings, Letterboxd's ratings.csv)
    counts wherever ratings are counted: in all time, and in the year it was rated.
    """

    def __init__(self, conn: sqlite3.Connection, year: int | None) -> None:
        self.conn = conn
        self.year = year
        where, self.params = (
            ("e.watched BETWEEN :start AND :end", _year(year)) if year else ("1", {})
        )
        self.entries = f"SELECT * FROM entries e WHERE {where}"
        self.film_ids = f"SELECT DISTINCT film_id FROM ({self.entries})"
        rated_when = "substr(f.rated_at, 1, 10) BETWEEN :start AND :end" if year else "1"
        # rated without an entry, in the scope
        self.rated_only = (
            "SELECT f.id, f.rating FROM films f WHERE f.rating IS NOT NULL AND f.seen = 1"
            f" AND {rated_when} AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.film_id = f.id)"
        )
        self.seen = (
            f"{self.film_ids} UNION SELECT id FROM ({self.rated_only})"
            if year
            else "SELECT id FROM films WHERE seen = 1"
        )

    def one(self, sql: str) -> Any:
        return self.conn.execute(sql, self.params).fetchone()[0]

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, self.params).fetchall()


def report(conn: sqlite3.Connection, year: int | None = None) -> dict[str, Any]:
    """Every number of the report, as plain data (the JSON output is exactly this)."""
    scope = Scope(conn, year)
    entries = scope.entries
    films = (
        scope.one(f"SELECT count(*) FROM ({scope.film_ids})")
        if year
        else scope.one("SELECT count(*) FROM films WHERE seen = 1")
    )
    minutes, timed = scope.rows(
        f"SELECT coalesce(sum(f.runtime), 0), count(f.runtime) FROM ({entries}) e"
        " JOIN films f ON f.id = e.film_id"
    )[0]
    ratings = _ratings(scope)
    return {
        "year": year,
        "films": films,
        "films_logged": scope.one(f"SELECT count(*) FROM ({scope.film_ids})"),
        "entries": scope.one(f"SELECT count(*) FROM ({entries})"),
        "rewatches": scope.one(f"SELECT count(*) FROM ({entries}) WHERE rewatch = 1"),
        "reviews": scope.one(f"SELECT count(*) FROM ({entries}) WHERE review IS NOT NULL"),
        "hours": round(minutes / 60, 1),
        "entries_with_runtime": timed,
        "ratings": ratings,
        "rated": sum(ratings.values()),
        ("per_month" if year else "per_year"): _timeline(scope),
        "undated": 0
        if year
        else scope.one(f"SELECT count(*) FROM ({entries}) WHERE watched IS NULL"),
        "decades": {
            f"{d}s": n
            for d, n in scope.rows(
                f"SELECT year / 10 * 10, count(*) FROM films WHERE id IN ({scope.seen})"
                " AND year IS NOT NULL GROUP BY 1 ORDER BY 1"
            )
        },
        "top_directors": _top_directors(scope),
        "top_tags": _top_tags(scope),
        "top_companions": _top_companions(scope),
        "top_places": _top_of(scope, "place"),
        "top_platforms": _top_of(scope, "platform"),
        "at_a_cinema": _at_a_cinema(scope),
        "highest_rated": _highest_rated(scope),
    }


def _ratings(scope: Scope) -> dict[str, int]:
    """The ratings given, by value, every half star from 0.5 to 5 present: each rated
    entry, and each film rated without one."""
    ratings = dict.fromkeys((f"{h / 2:.1f}" for h in range(1, 11)), 0)
    for half, n in scope.rows(
        f"SELECT rating, count(*) FROM (SELECT rating FROM ({scope.entries})"
        f" UNION ALL SELECT rating FROM ({scope.rated_only}))"
        " WHERE rating IS NOT NULL GROUP BY rating"
    ):
        ratings[f"{half / 2:.1f}"] = n
    return ratings


def _timeline(scope: Scope) -> dict[str, int]:
    """Entries per month of the year (every month present), or per year of all time."""
    if scope.year:
        timeline = {f"{scope.year}-{m:02d}": 0 for m in range(1, 13)}
        grouping = "substr(watched, 1, 7)"
    else:
        timeline = {}
        grouping = "substr(watched, 1, 4)"
    for period, n in scope.rows(
        f"SELECT {grouping}, count(*) FROM ({scope.entries}) WHERE watched IS NOT NULL"
        " GROUP BY 1 ORDER BY 1"
    ):
        timeline[period] = n
    return timeline


def _top_directors(scope: Scope) -> list[dict[str, Any]]:
    return [{"name": name, "films": n} for name, n, _ in top_directors_rows(scope)]


def top_directors_rows(scope: Scope) -> list[tuple[str, int, float | None]]:
    """The directors seen most: name, films, and the average of the ratings given
    (in half stars, over the scope's rated entries of their films)."""
    return scope.rows(
        "SELECT p.name, count(DISTINCT fd.film_id) AS n, avg(e.rating) FROM film_directors fd"
        f" JOIN people p ON p.id = fd.person_id LEFT JOIN ({scope.entries}) e"
        f" ON e.film_id = fd.film_id WHERE fd.film_id IN ({scope.seen})"
        f" GROUP BY p.id ORDER BY n DESC, p.name_key LIMIT {TOP}"
    )


def _top_tags(scope: Scope) -> list[dict[str, Any]]:
    return [
        {"name": name, "entries": n}
        for name, n in scope.rows(
            f"SELECT t.name, count(*) AS n FROM ({scope.entries}) e JOIN entry_tags et"
            " ON et.entry_id = e.id JOIN tags t ON t.id = et.tag_id"
            f" GROUP BY t.id ORDER BY n DESC, t.name_key LIMIT {TOP}"
        )
    ]


def _top_companions(scope: Scope) -> list[dict[str, Any]]:
    """With whom the most films were watched."""
    return [
        {"name": name, "entries": n}
        for name, n in scope.rows(
            f"SELECT c.name, count(*) AS n FROM ({scope.entries}) e JOIN entry_companions ec"
            " ON ec.entry_id = e.id JOIN companions c ON c.id = ec.companion_id"
            f" GROUP BY c.id ORDER BY n DESC, c.name_key LIMIT {TOP}"
        )
    ]


def _top_of(scope: Scope, column: str) -> list[dict[str, Any]]:
    """The places (or platforms) most watched at, each under its first spelling."""
    return [
        {"name": name, "entries": n}
        for name, n in scope.rows(
            f"SELECT min({column}), count(*) AS n FROM ({scope.entries})"
            f" WHERE {column}_key IS NOT NULL GROUP BY {column}_key"
            f" ORDER BY n DESC, {column}_key LIMIT {TOP}"
        )
    ]


# Where a viewing was at a cinema: its place or platform says so, in the words people use.
CINEMA_WORDS = ("cinema", "theatre", "theater", "kino", "cine", "imax", "filmhouse", "multiplex")


def _at_a_cinema(scope: Scope) -> float | None:
    """The share of viewings with a place or platform that were at a cinema (None: no
    viewing says where)."""
    said = scope.rows(
        f"SELECT coalesce(place_key, '') || ' ' || coalesce(platform_key, '')"
        f" FROM ({scope.entries}) WHERE place_key IS NOT NULL OR platform_key IS NOT NULL"
    )
    if not said:
        return None
    cinema = sum(1 for (text,) in said if any(w in text for w in CINEMA_WORDS))
    return round(cinema / len(said), 3)


def _highest_rated(scope: Scope) -> list[dict[str, Any]]:
    # "watched" was the count of entries, and stays for the scripts that read it;
    # "entries" says what it is (a date is "watched" everywhere else).
    return [
        {"title": title, "year": y, "rating": as_number(r), "watched": n, "entries": n}
        for _, title, y, r, n in highest_rated_rows(scope)
    ]


def upper_ratings(conn: sqlite3.Connection) -> int:
    """The least rating that is among the journal's highest (half stars): the upper half of
    the ratings given, and never below the middle of the scale, so that ★½ is never a
    favourite however few films are rated."""
    given = sorted(
        r[0]
        for r in conn.execute(
            "SELECT rating FROM entries WHERE rating IS NOT NULL UNION ALL SELECT f.rating"
            " FROM films f WHERE f.rating IS NOT NULL"
            " AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.film_id = f.id)"
        )
    )
    median = given[len(given) // 2] if given else MIDDLE
    return max(median, MIDDLE)


MIDDLE = 5  # half stars: 2.5 of 5


def highest_rated_rows(scope: Scope) -> list[tuple[int, str, int | None, int, int]]:
    """The best-rated films seen: id, title, year, rating (half stars), entries; only
    those rated among the journal's highest (upper_ratings)."""
    least = upper_ratings(scope.conn)
    return scope.rows(
        "SELECT f.id, f.title, f.year, f.rating,"
        " (SELECT count(*) FROM entries e WHERE e.film_id = f.id) AS n"
        f" FROM films f WHERE f.id IN ({scope.seen}) AND f.rating >= {least}"
        f" ORDER BY f.rating DESC, n DESC, f.title_key LIMIT {TOP}"
    )


def _year(year: int) -> dict[str, str]:
    return {"start": f"{year:04d}-01-01", "end": f"{year:04d}-12-31"}
