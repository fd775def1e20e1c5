"""Every filter of list and diary is answered through an index, not a scan (plans, not timings)."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path

import pytest

from filmlog.journal import listing
from filmlog.journal.db import open_journal

F, D = listing.FilmFilter, listing.DiaryFilter
FULL_SCAN = re.compile(r"^SCAN (?!\(|CONSTANT)(\w+)(?! USING)")


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    path = tmp_path_factory.mktemp("plans") / "journal.db"
    open_journal(path, write=True).close()
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


def scans(conn: sqlite3.Connection, sql: str, params: dict) -> list[str]:
    plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]
    return [line for line in plan if FULL_SCAN.match(line)]


@pytest.mark.parametrize(
    "query",
    [
        F(director="Wong Kar-Wai"),
        F(year=1994),
        F(decade=1990),
        F(rating=9),
        F(min_rating=8),
        F(max_rating=4),
        F(tag="noir"),
        F(genre="Drama"),
        F(watched_since="2024-01-01"),
        F(watched_until="2020-01-01"),
        F(liked=True),
        F(unrated=True),
        F(limit=20),
        F(director="Wong Kar-Wai", min_rating=8, sort="rating"),
    ],
    ids=repr,
)
def test_list_filters_use_indexes(conn: sqlite3.Connection, query: listing.FilmFilter) -> None:
    sql, params = listing.list_query(query)
    assert scans(conn, sql, params) == []


@pytest.mark.parametrize(
    "query",
    [
        D(limit=20),
        D(since="2024-01-01"),
        D(until="2020-01-01", limit=5),
        D(on_this_day=dt.date(2026, 11, 26)),
        D(on_this_day=dt.date(2023, 2, 28)),
        D(director="Wong Kar-Wai"),
        D(tag="noir", limit=20),
        D(rating=9),
        D(min_rating=8),
        D(max_rating=3, liked=True),
        D(director="Wong Kar-Wai", since="2020-01-01", tag="noir"),
    ],
    ids=repr,
)
def test_diary_filters_use_indexes(conn: sqlite3.Connection, query: listing.DiaryFilter) -> None:
    for sql, params in listing.diary_queries(query):
        if query.limit is not None:
            params["limit"] = query.limit
        assert scans(conn, sql, params) == []


def test_the_detector_sees_a_scan(conn: sqlite3.Connection) -> None:
    assert scans(conn, "SELECT * FROM films WHERE runtime > :r", {"r": 90}) != []


def test_diary_keeps_undated_entries_last(cli, journal: Path) -> None:
    cli("add", "Undated", "-w", "unknown", ok=True)
    cli("add", "Dated", "-w", "2020-01-01", ok=True)
    with open_journal(journal, write=False) as j:
        assert [r.title for r in listing.diary(j.conn, D(limit=1))] == ["Dated"]
        assert [r.title for r in listing.diary(j.conn, D(limit=5))] == ["Dated", "Undated"]
