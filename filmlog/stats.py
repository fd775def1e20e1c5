"""The numbers of a journal, overall or for one year: what `filmlog stats` shows."""

from __future__ import annotations

import sqlite3
from typing import Any

from filmlog.ratings import as_number

TOP = 10


def report(conn: sqlite3.Connection, year: int | None = None) -> dict[str, Any]:
    """Every number of the report, as plain data (the JSON output is exactly this)."""
    where, params = ("e.watched BETWEEN :start AND :end", _year(year)) if year else ("1", {})
    entries = f"SELECT * FROM entries e WHERE {where}"

    def one(sql: str) -> Any:
        return conn.execute(sql, params).fetchone()[0]

    film_ids = f"SELECT DISTINCT film_id FROM ({entries})"
    films = (
        one(f"SELECT count(*) FROM ({film_ids})")
        if year
        else one("SELECT count(*) FROM films WHERE seen = 1")
    )
    minutes = one(
        f"SELECT coalesce(sum(f.runtime), 0) FROM ({entries}) e JOIN films f ON f.id = e.film_id"
    )
    timed = one(
        f"SELECT count(*) FROM ({entries}) e JOIN films f ON f.id = e.film_id"
        " WHERE f.runtime IS NOT NULL"
    )
    ratings = dict.fromkeys((f"{h / 2:.1f}" for h in range(1, 11)), 0)
    for half, n in conn.execute(
        f"SELECT rating, count(*) FROM ({entries}) WHERE rating IS NOT NULL GROUP BY rating",
        params,
    ):
        ratings[f"{half / 2:.1f}"] = n
    if year:
        timeline = {f"{year}-{m:02d}": 0 for m in range(1, 13)}
        grouping = "substr(watched, 1, 7)"
    else:
        timeline = {}
        grouping = "substr(watched, 1, 4)"
    for period, n in conn.execute(
        f"SELECT {grouping}, count(*) FROM ({entries}) WHERE watched IS NOT NULL"
        f" GROUP BY 1 ORDER BY 1",
        params,
    ):
        timeline[period] = n
    seen = film_ids if year else "SELECT id FROM films WHERE seen = 1"
    decades = {
        f"{d}s": n
        for d, n in conn.execute(
            f"SELECT year / 10 * 10, count(*) FROM films WHERE id IN ({seen})"
            " AND year IS NOT NULL GROUP BY 1 ORDER BY 1",
            params,
        )
    }
    directors = [
        {"name": name, "films": n}
        for name, n in conn.execute(
            "SELECT p.name, count(DISTINCT fd.film_id) AS n FROM film_directors fd"
            f" JOIN people p ON p.id = fd.person_id WHERE fd.film_id IN ({seen})"
            f" GROUP BY p.id ORDER BY n DESC, p.name_key LIMIT {TOP}",
            params,
        )
    ]
    tags = [
        {"name": name, "entries": n}
        for name, n in conn.execute(
            f"SELECT t.name, count(*) AS n FROM ({entries}) e JOIN entry_tags et"
            " ON et.entry_id = e.id JOIN tags t ON t.id = et.tag_id"
            f" GROUP BY t.id ORDER BY n DESC, t.name_key LIMIT {TOP}",
            params,
        )
    ]
    best = [
        {"title": title, "year": y, "rating": as_number(r), "watched": n}
        for title, y, r, n in conn.execute(
            "SELECT f.title, f.year, f.rating,"
            " (SELECT count(*) FROM entries e WHERE e.film_id = f.id) AS n"
            f" FROM films f WHERE f.id IN ({seen}) AND f.rating IS NOT NULL"
            f" ORDER BY f.rating DESC, n DESC, f.title_key LIMIT {TOP}",
            params,
        )
    ]
    return {
        "year": year,
        "films": films,
        "entries": one(f"SELECT count(*) FROM ({entries})"),
        "rewatches": one(f"SELECT count(*) FROM ({entries}) WHERE rewatch = 1"),
        "reviews": one(f"SELECT count(*) FROM ({entries}) WHERE review IS NOT NULL"),
        "hours": round(minutes / 60, 1),
        "entries_with_runtime": timed,
        "ratings": ratings,
        ("per_month" if year else "per_year"): timeline,
        "undated": 0 if year else one(f"SELECT count(*) FROM ({entries}) WHERE watched IS NULL"),
        "decades": decades,
        "top_directors": directors,
        "top_tags": tags,
        "highest_rated": best,
    }


def _year(year: int) -> dict[str, str]:
    return {"start": f"{year:04d}-01-01", "end": f"{year:04d}-12-31"}
