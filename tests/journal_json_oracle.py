"""filmlog's JSON export as it was written before it streamed: the whole document built in
memory, then json.dump(indent=2). Kept here, unchanged, as the oracle the streaming
exporter must match byte for byte."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from typing import Any, TextIO

from filmlog import __version__
from filmlog.values.clock import now
from filmlog.values.journal_format import FORMAT, VERSION
from filmlog.values.ratings import as_number


def document(conn: sqlite3.Connection) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "filmlog": __version__,
        "exported_at": now(),
        "films": _films(conn),
        "watchlist": [
            {"film_id": r[0], "added_at": r[1]}
            for r in conn.execute(
                "SELECT film_id, added_at FROM watchlist ORDER BY added_at, film_id"
            )
        ],
        "lists": _lists(conn),
    }


def _films(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    directors = _names(
        conn,
        "SELECT fd.film_id, p.name FROM film_directors fd JOIN people p ON p.id = fd.person_id"
        " ORDER BY fd.film_id, fd.position",
    )
    genres = _names(
        conn,
        "SELECT fg.film_id, g.name FROM film_genres fg JOIN genres g ON g.id = fg.genre_id"
        " ORDER BY fg.film_id, g.name_key",
    )
    countries = _names(conn, "SELECT film_id, country FROM film_countries ORDER BY film_id, rowid")
    others: dict[int, dict[str, Any]] = defaultdict(dict)
    for fid, kind, value in conn.execute("SELECT film_id, kind, value FROM film_ids"):
        others[fid][kind] = int(value) if value.isdigit() else value
    tags = _names(
        conn,
        "SELECT et.entry_id, t.name FROM entry_tags et JOIN tags t ON t.id = et.tag_id"
        " ORDER BY et.entry_id, t.name_key",
    )
    entries: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in conn.execute(
        "SELECT id, film_id, watched, rating, rewatch, liked, review, spoilers, letterboxd_uri,"
        " created_at, updated_at, uid, place, platform FROM entries ORDER BY id"
    ):
        entries[row[1]].append(
            {
                "id": row[0],
                "watched": row[2],
                "rating": as_number(row[3]),
                "rewatch": bool(row[4]),
                "liked": bool(row[5]),
                "review": row[6],
                "spoilers": bool(row[7]),
                "tags": tags.get(row[0], []),
                "letterboxd_uri": row[8],
                "created_at": row[9],
                "updated_at": row[10],
                "uid": row[11],
                "companions": [
                    n
                    for (n,) in conn.execute(
                        "SELECT c.name FROM entry_companions ec JOIN companions c"
                        " ON c.id = ec.companion_id WHERE ec.entry_id = ? ORDER BY ec.position",
                        [row[0]],
                    )
                ],
                "place": row[12],
                "platform": row[13],
            }
        )
    films = [
        {
            "id": row[0],
            "title": row[1],
            "year": row[2],
            "original_title": row[3],
            "runtime": row[4],
            "imdb_id": row[5],
            "tmdb_id": row[6],
            "letterboxd_uri": row[7],
            "other_ids": dict(sorted(others.get(row[0], {}).items())),
            "rating": as_number(row[8]),
            "rated_at": row[9],
            "seen": bool(row[10]),
            "liked": bool(row[11]),
            "directors": directors.get(row[0], []),
            "genres": genres.get(row[0], []),
            "countries": countries.get(row[0], []),
            "created_at": row[12],
            "updated_at": row[13],
            "entries": entries.get(row[0], []),
        }
        for row in conn.execute(
            "SELECT id, title, year, original_title, runtime, imdb_id, tmdb_id, letterboxd_uri,"
            " rating, rated_at, seen, liked, created_at, updated_at FROM films ORDER BY id"
        )
    ]
    return films


def _lists(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    items: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in conn.execute(
        "SELECT list_id, film_id, position, note FROM list_items ORDER BY list_id, position"
    ):
        items[r[0]].append({"film_id": r[1], "position": r[2], "note": r[3]})
    lists = [
        {
            "id": r[0],
            "name": r[1],
            "description": r[2],
            "tags": r[3],
            "letterboxd_uri": r[4],
            "created_at": r[5],
            "updated_at": r[6],
            "films": items.get(r[0], []),
        }
        for r in conn.execute(
            "SELECT id, name, description, tags, letterboxd_uri, created_at, updated_at"
            " FROM lists ORDER BY id"
        )
    ]
    return lists


def _names(conn: sqlite3.Connection, sql: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for owner, name in conn.execute(sql):
        found[owner].append(name)
    return found


def write(conn: sqlite3.Connection, out: TextIO) -> None:
    json.dump(document(conn), out, ensure_ascii=False, indent=2)
    out.write("\n")
