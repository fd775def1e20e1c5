"""What to watch next: the watchlist ranked by the person's own history, offline.

Each film is scored by what the journal says the person likes of its kind: their average
rating of its directors', genres', countries' and decade's films against their overall
average, each counted by how many such films they have rated (a director seen once says
less than one seen seven times), and a small lift for a film long waiting. Every
suggestion says why in one line. Deterministic: the same journal gives the same order.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from filmlog.values.keys import key
from filmlog.values.ratings import stars

# How much each kind of fact weighs, and how many rated films make its average trusted
# half-way (a shrinkage toward the person's overall average).
WEIGHTS = {"director": 1.0, "genre": 0.5, "country": 0.3, "decade": 0.3}
TRUST = 3
WAITING_LIFT = 0.05  # per year on the watchlist, up to WAITING_MOST
WAITING_MOST = 0.2


@dataclass
class Suggestion:
    id: int
    title: str
    year: int | None
    directors: list[str]
    runtime: int | None
    added_at: str | None
    score: float
    why: str
    known: bool  # whether any fact of the film's is known (else ranked by waiting alone)

    @property
    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "year": self.year,
            "directors": self.directors,
            "runtime": self.runtime,
            "added_at": self.added_at,
            "score": round(self.score, 3),
            "why": self.why,
        }


@dataclass
class _Taste:
    """The person's average rating (half stars) and count, by kind of fact and value."""

    overall: float
    rated: int
    by: dict[str, dict[str, tuple[float, int, str]]] = field(default_factory=dict)


@dataclass
class Ranked:
    suggestions: list[Suggestion]
    unknown_share: float  # of the candidates, those with no facts at all
    with_whom: str | None = None
    with_found: bool = True  # whether any viewing with that person was rated


def rank(
    conn: sqlite3.Connection,
    *,
    limit: int = 10,
    max_runtime: int | None = None,
    with_whom: str | None = None,
    unseen_by: str | None = None,
    today: dt.date | None = None,
) -> Ranked:
    """The watchlist (or, unseen_by, a director's films not seen), best first."""
    taste, found = _taste(conn, with_whom)
    candidates = _candidates(conn, unseen_by)
    if max_runtime is not None:
        candidates = [c for c in candidates if c["runtime"] and c["runtime"] <= max_runtime]
    facts = _facts(conn, unseen_by)
    day = today or dt.date.today()
    ranked = [_score(c, facts.get(c["id"], {}), taste, day) for c in candidates]
    ranked.sort(key=lambda s: (-s.score, key(s.title), s.year or 0, s.id))
    unknown = sum(1 for s in ranked if not s.known)
    share = unknown / len(ranked) if ranked else 0.0
    return Ranked(ranked[:limit], share, with_whom, found)


def _taste(conn: sqlite3.Connection, with_whom: str | None) -> tuple[_Taste, bool]:
    """What the person's ratings say, of all their films or those watched with someone."""
    films = "SELECT id AS film_id, rating FROM films WHERE seen = 1 AND rating IS NOT NULL"
    params: list[Any] = []
    found = True
    if with_whom is not None:
        chosen = (
            "SELECT e.film_id, avg(e.rating) AS rating FROM entries e JOIN entry_companions ec"
            " ON ec.entry_id = e.id JOIN companions c ON c.id = ec.companion_id"
            " WHERE c.name_key = ? AND e.rating IS NOT NULL GROUP BY e.film_id"
        )
        if conn.execute(f"SELECT count(*) FROM ({chosen})", [key(with_whom)]).fetchone()[0]:
            films, params = chosen, [key(with_whom)]
        else:
            found = False  # nothing rated with them: the person's whole history speaks
    overall, rated = conn.execute(f"SELECT avg(rating), count(*) FROM ({films})", params).fetchone()
    taste = _Taste(float(overall or 0), int(rated or 0))
    for kind, sql in FACTS.items():
        taste.by[kind] = {
            str(value): (float(avg), int(n), name)
            for value, name, avg, n in conn.execute(
                f"SELECT v.k, min(v.name), avg(r.rating), count(*) FROM ({films}) r"
                f" JOIN ({sql}) v ON v.film_id = r.film_id GROUP BY v.k",
                params,
            )
        }
    return taste, found


# Each kind of fact of every film: (film_id, k: what compares, name: what is shown)
FACTS = {
    "director": "SELECT fd.film_id AS film_id, p.name_key AS k, p.name AS name, fd.position"
    " AS n FROM film_directors fd JOIN people p ON p.id = fd.person_id",
    "genre": "SELECT fg.film_id AS film_id, g.name_key AS k, g.name AS name, 0 AS n"
    " FROM film_genres fg JOIN genres g ON g.id = fg.genre_id",
    "country": "SELECT film_id, country AS k, country AS name, rowid AS n FROM film_countries",
    "decade": "SELECT id AS film_id, (year / 10) * 10 AS k, ((year / 10) * 10) || 's' AS name,"
    " 0 AS n FROM films WHERE year IS NOT NULL",
}


def _chosen(unseen_by: str | None) -> tuple[str, list[Any]]:
    """The SQL of the candidates' ids: the watchlist's films not seen, or a director's."""
    if unseen_by is None:
        return (
            "SELECT w.film_id FROM watchlist w JOIN films f ON f.id = w.film_id WHERE f.seen = 0",
            [],
        )
    return (
        "SELECT f.id FROM films f WHERE f.seen = 0 AND f.id IN (SELECT fd.film_id"
        " FROM film_directors fd JOIN people p ON p.id = fd.person_id WHERE p.name_key = ?)",
        [key(unseen_by)],
    )


def _candidates(conn: sqlite3.Connection, unseen_by: str | None) -> list[dict[str, Any]]:
    ids, params = _chosen(unseen_by)
    names = ("id", "title", "year", "runtime", "added_at")
    return [
        dict(zip(names, row, strict=True))
        for row in conn.execute(
            "SELECT f.id, f.title, f.year, f.runtime, w.added_at FROM films f"
            f" LEFT JOIN watchlist w ON w.film_id = f.id WHERE f.id IN ({ids})",
            params,
        )
    ]


def _facts(conn: sqlite3.Connection, unseen_by: str | None) -> dict[int, dict[str, list[tuple]]]:
    """Each candidate's directors, genres, countries and decade: (what compares, name)."""
    ids, params = _chosen(unseen_by)
    found: dict[int, dict[str, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    for kind, sql in FACTS.items():
        for fid, value, name in conn.execute(
            f"SELECT film_id, k, name FROM ({sql}) WHERE film_id IN ({ids}) ORDER BY film_id, n",
            params,
        ):
            found[fid][kind].append((str(value), name))
    return found


def _score(
    c: dict[str, Any], facts: dict[str, list[tuple]], taste: _Taste, day: dt.date
) -> Suggestion:
    parts: list[tuple[float, str]] = []
    for kind, weight in WEIGHTS.items():
        values = facts.get(kind, [])
        if not values:
            continue
        lifts = []
        for value, name in values:
            rated = taste.by.get(kind, {}).get(value)
            if rated is None:
                continue
            average, n, _ = rated
            lift = (average - taste.overall) / 2 * n / (n + TRUST)  # in stars
            lifts.append((lift, _said(kind, name, average, n)))
        if lifts:
            best = max(lifts)
            share = sum(lift for lift, _ in lifts) / len(lifts)
            parts.append((weight * share, best[1]))
    waited = _years_waiting(c["added_at"], day)
    score = sum(p for p, _ in parts) + min(waited * WAITING_LIFT, WAITING_MOST)
    known = any(facts.get(k) for k in WEIGHTS)
    return Suggestion(
        id=c["id"],
        title=c["title"],
        year=c["year"],
        directors=[name for _, name in facts.get("director", [])],
        runtime=c["runtime"],
        added_at=c["added_at"],
        score=score,
        why=_why(parts, known, waited, taste),
        known=known,
    )


def _said(kind: str, name: str, average: float, n: int) -> str:
    films = f"{n} film{'s' if n != 1 else ''}"
    what = {
        "director": name,
        "genre": f"{name} films",
        "country": f"films from {name}",
        "decade": f"films of the {name}",
    }[kind]
    return f"you rate {what} {stars(round(average))} ({average / 2:.1f}) over {films}"


def _why(parts: list[tuple[float, str]], known: bool, waited: float, taste: _Taste) -> str:
    if not known:
        lead = "no facts known (filmlog enrich --missing fills them in)"
    elif not taste.rated:
        lead = "nothing rated yet to go by"
    elif parts:  # what weighs most, for or against; on a tie, the director before the rest
        lead = max(enumerate(parts), key=lambda n_p: (round(abs(n_p[1][0]), 6), -n_p[0]))[1][1]
    else:
        lead = "nothing you have rated is like it yet"
    if waited >= 1:
        lead += f"; on your watchlist {int(waited)} year{'s' if int(waited) != 1 else ''}"
    return lead


def _years_waiting(added_at: str | None, day: dt.date) -> float:
    if not added_at:
        return 0.0
    try:
        added = dt.date.fromisoformat(added_at[:10])
    except ValueError:
        return 0.0
    return max((day - added).days, 0) / 365.25
