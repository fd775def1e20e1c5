"""Films that are probably one film, and viewings that are probably one viewing.

The import rules catch most of what comes in twice; no rule catches all (a Netflix
title in another language, a year-less spreadsheet row, a re-release a year apart).
This finds what is left, each group with why, most certain first. It reads only:
`merge` mends a group.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from filmlog.values.film_ids import COLUMNS

# Why films are one film, most certain first (a group is as certain as its surest pair).
SAME_ID = "same id"
SAME_TITLE_YEAR = "same title and year"
YEARLESS = "one without a year"
YEAR_APART = "years one apart"
ORIGINAL_TITLE = "original title"
# Why viewings are one viewing.
SAME_DAY = "same day"
NEXT_DAY = "next day"
REVIEW_ONLY = "review without a date"
CERTAINTY = {
    SAME_ID: 6,
    SAME_TITLE_YEAR: 5,
    SAME_DAY: 5,
    YEARLESS: 4,
    REVIEW_ONLY: 4,
    YEAR_APART: 3,
    NEXT_DAY: 3,
    ORIGINAL_TITLE: 2,
}


@dataclass
class Member:
    """A film or a viewing of a group, with what tells it apart for the person."""

    id: int
    label: str  # "Solaris (1972)", or "2024-03-01 ★★★★" for a viewing
    detail: dict[str, Any]


@dataclass
class Group:
    kind: str  # "films" or "viewings"
    reasons: list[str]
    why: str  # one line for the person
    members: list[Member] = field(default_factory=list)
    film: str | None = None  # the viewings' film

    @property
    def certainty(self) -> int:
        return max(CERTAINTY[r] for r in self.reasons)

    def as_json(self) -> dict[str, Any]:
        shown: dict[str, Any] = {"kind": self.kind, "reasons": self.reasons, "why": self.why}
        shown["ids"] = [m.id for m in self.members]
        shown["labels"] = [m.label for m in self.members]
        if self.film is not None:
            shown["film"] = self.film
        shown[self.kind] = [{"id": m.id, **m.detail} for m in self.members]
        return shown


class _Joined:
    """Pairs joined into groups (union-find), each pair with its reason."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.reasons: dict[tuple[int, int], str] = {}

    def find(self, a: int) -> int:
        self.parent.setdefault(a, a)
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def join(self, a: int, b: int, reason: str) -> None:
        pair = (min(a, b), max(a, b))
        if CERTAINTY[reason] > CERTAINTY.get(self.reasons.get(pair, ""), 0):
            self.reasons[pair] = reason
        self.parent[self.find(a)] = self.find(b)

    def groups(self) -> list[tuple[list[int], list[str]]]:
        members: dict[int, list[int]] = defaultdict(list)
        for a in self.parent:
            members[self.find(a)].append(a)
        why: dict[int, set[str]] = defaultdict(set)
        for (a, _b), reason in self.reasons.items():
            why[self.find(a)].add(reason)
        return [
            (sorted(ids), sorted(why[root], key=lambda r: -CERTAINTY[r]))
            for root, ids in members.items()
        ]


def find(conn: sqlite3.Connection, *, films: bool = True, viewings: bool = True) -> list[Group]:
    """Every group, most certain first."""
    found: list[Group] = []
    if films:
        found += film_groups(conn)
    if viewings:
        found += viewing_groups(conn)
    return sorted(found, key=lambda g: (-g.certainty, g.kind, g.members[0].label.casefold()))


# Films -------------------------------------------------------------------------


def film_groups(conn: sqlite3.Connection) -> list[Group]:
    joined = _Joined()
    ids = _ids(conn)
    for a, b in _same_ids(conn):
        joined.join(a, b, SAME_ID)
    dated_of: dict[str, list[int]] = defaultdict(list)
    for fid, tk in conn.execute("SELECT id, title_key FROM films WHERE year IS NOT NULL"):
        dated_of[tk].append(fid)
    for a, b, ya, yb, tk in conn.execute(
        "SELECT a.id, b.id, a.year, b.year, a.title_key FROM films a"
        " JOIN films b ON b.title_key = a.title_key AND b.id > a.id"
    ):
        if _told_apart(ids, a, b):
            continue
        if ya is not None and ya == yb:
            joined.join(a, b, SAME_TITLE_YEAR)
        elif (ya is None) != (yb is None):
            if len(dated_of[tk]) == 1:  # beside the one dated film of that title
                joined.join(a, b, YEARLESS)
        elif ya is not None and yb is not None and abs(ya - yb) == 1:
            joined.join(a, b, YEAR_APART)
    for a, b, ya, yb in conn.execute(
        "SELECT a.id, b.id, a.year, b.year FROM films a"
        " JOIN films b ON b.title_key = a.original_title_key AND b.id != a.id"
        " WHERE a.original_title_key IS NOT NULL AND a.original_title_key != a.title_key"
    ):
        if not _told_apart(ids, a, b) and (ya is None or yb is None or abs(ya - yb) <= 1):
            joined.join(a, b, ORIGINAL_TITLE)
    grouped = joined.groups()
    shown = _films(conn, [i for members, _ in grouped for i in members])
    return [
        Group(
            "films",
            reasons,
            _film_why(reasons, [shown[i] for i in members]),
            [shown[i] for i in members],
        )
        for members, reasons in grouped
    ]


def _ids(conn: sqlite3.Connection) -> dict[int, dict[str, set[str]]]:
    """Each film's ids of every kind (a merged film may have several of one kind)."""
    found: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    columns = ", ".join(COLUMNS.values())
    for fid, *values in conn.execute(
        f"SELECT id, {columns} FROM films WHERE coalesce({columns}) IS NOT NULL"
    ):
        for kind, value in zip(COLUMNS, values, strict=True):
            if value is not None:
                found[fid][kind].add(str(value))
    for fid, kind, value in conn.execute("SELECT film_id, kind, value FROM film_ids"):
        found[fid][kind].add(str(value))
    return found


def _told_apart(ids: dict[int, dict[str, set[str]]], a: int, b: int) -> bool:
    """Ids of one kind on both films and none in common: two films, whatever their titles
    (two Cinderella of 1922, each with its own Letterboxd page)."""
    ia, ib = ids.get(a, {}), ids.get(b, {})
    return any(kind in ib and not (values & ib[kind]) for kind, values in ia.items())


def _same_ids(conn: sqlite3.Connection) -> Iterable[tuple[int, int]]:
    """Films one id names twice: a column of one, a kept id (film_ids) of another."""
    for kind, column in COLUMNS.items():
        yield from conn.execute(
            f"SELECT f.id, i.film_id FROM film_ids i JOIN films f"
            f" ON CAST(f.{column} AS TEXT) = i.value WHERE i.kind = ? AND f.id != i.film_id",
            [kind],
        )


def _films(conn: sqlite3.Connection, ids: list[int]) -> dict[int, Member]:
    found: dict[int, Member] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for fid, title, year, imdb, tmdb, lb, n, sources in conn.execute(
            "SELECT f.id, f.title, f.year, f.imdb_id, f.tmdb_id, f.letterboxd_uri,"
            " (SELECT count(*) FROM entries e WHERE e.film_id = f.id),"
            " (SELECT group_concat(DISTINCT coalesce(i.source, 'typed')) FROM entries e"
            "  LEFT JOIN imports i ON i.id = e.import_id WHERE e.film_id = f.id)"
            f" FROM films f WHERE f.id IN ({marks})",
            chunk,
        ):
            label = f"{title} ({year})" if year else title
            detail = {
                "title": title,
                "year": year,
                "imdb_id": imdb,
                "tmdb_id": tmdb,
                "letterboxd_uri": lb,
                "viewings": n,
                "sources": sorted((sources or "").split(",")) if sources else [],
            }
            found[fid] = Member(fid, label, detail)
    return found


def _film_why(reasons: list[str], members: list[Member]) -> str:
    first = reasons[0]
    if first == SAME_ID:
        return "the same id (IMDb, TMDb, Letterboxd or Trakt) names them"
    if first == SAME_TITLE_YEAR:
        return "the same title and year"
    if first == YEARLESS:
        return "the same title, one of them without a year"
    if first == YEAR_APART:
        return "the same title, years one apart"
    return "one's original title is the other's title"


# Viewings ------------------------------------------------------------------------


def viewing_groups(conn: sqlite3.Connection) -> list[Group]:
    joined = _Joined()
    for a, b, wa, wb in conn.execute(
        "SELECT a.id, b.id, a.watched, b.watched FROM entries a"
        " JOIN entries b ON b.film_id = a.film_id AND b.id > a.id"
        " WHERE a.watched IS NOT NULL AND b.watched IS NOT NULL"
        " AND b.import_id IS NOT a.import_id"
        " AND abs(julianday(a.watched) - julianday(b.watched)) <= 1"
    ):
        joined.join(a, b, SAME_DAY if wa == wb else NEXT_DAY)
    for a, b in conn.execute(
        "SELECT a.id, b.id FROM entries a JOIN entries b ON b.film_id = a.film_id"
        " AND b.id != a.id AND b.watched IS NOT NULL"
        " WHERE a.watched IS NULL AND a.review IS NOT NULL AND a.rating IS NULL"
    ):
        joined.join(a, b, REVIEW_ONLY)
    grouped = joined.groups()
    shown, film_of = _entries(conn, [i for members, _ in grouped for i in members])
    found = []
    for members, reasons in grouped:
        why = {
            SAME_DAY: "the same film on the same day, from two sources",
            NEXT_DAY: "the same film on consecutive days, from two sources",
            REVIEW_ONLY: "a review without a date beside a dated viewing of the film",
        }[reasons[0]]
        found.append(
            Group("viewings", reasons, why, [shown[i] for i in members], film_of[members[0]])
        )
    return found


def _entries(conn: sqlite3.Connection, ids: list[int]) -> tuple[dict[int, Member], dict[int, str]]:
    found: dict[int, Member] = {}
    film_of: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for eid, watched, rating, review, source, title, year in conn.execute(
            "SELECT e.id, e.watched, e.rating, e.review, coalesce(i.source, 'typed'),"
            " f.title, f.year FROM entries e JOIN films f ON f.id = e.film_id"
            f" LEFT JOIN imports i ON i.id = e.import_id WHERE e.id IN ({marks})",
            chunk,
        ):
            film_of[eid] = f"{title} ({year})" if year else title
            detail = {
                "watched": watched,
                "rating": rating / 2 if rating else None,
                "review": bool(review),
                "source": source,
            }
            found[eid] = Member(eid, watched or "date unknown", detail)
    return found, film_of
