"""filmlog's own JSON: the whole journal, versioned, read back by `import json`.

Lossless: every film with its entries, tags, the watchlist and lists, with
ids and times. Ratings are numbers of stars (4.5). Keys are only ever added;
a new `version` means an older filmlog cannot read the document.

Written as it is read, a thousand films at a time (their names and entries
fetched together), in json.dump(indent=2)'s layout.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any, TextIO

from filmlog import __version__
from filmlog.journal.grouped import (
    chunks,
    companions_of,
    countries_of,
    directors_of,
    genres_of,
    other_ids_of,
    tags_of,
)
from filmlog.values.clock import now
from filmlog.values.journal_format import ENTRY_KEYS, FILM_KEYS, FORMAT, VERSION
from filmlog.values.jsonout import INDENT, Raw, Shape, encode, write_array
from filmlog.values.ratings import as_number

FILM = Shape(FILM_KEYS, 2)
ENTRY = Shape(ENTRY_KEYS, 4)


def write(conn: sqlite3.Connection, out: TextIO) -> None:
    head = {"format": FORMAT, "version": VERSION, "filmlog": __version__, "exported_at": now()}
    out.write("{")
    for name, value in head.items():
        out.write(f"\n{INDENT}{encode(name)}: {encode(value, 1)},")
    out.write(f'\n{INDENT}"films": ')
    write_array(out, _films(conn), 1)
    out.write(f',\n{INDENT}"watchlist": ')
    write_array(
        out,
        (
            encode({"film_id": r[0], "added_at": r[1]}, 2)
            for r in conn.execute(
                "SELECT film_id, added_at FROM watchlist ORDER BY added_at, film_id"
            )
        ),
        1,
    )
    out.write(f',\n{INDENT}"lists": ')
    write_array(out, _lists(conn), 1)
    out.write("\n}\n")


def _films(conn: sqlite3.Connection) -> Iterator[str]:
    cursor = conn.execute(
        "SELECT id, title, year, original_title, runtime, imdb_id, tmdb_id, letterboxd_uri,"
        " rating, rated_at, seen, liked, created_at, updated_at FROM films ORDER BY id"
    )
    for chunk in chunks(cursor, 100):  # films, each with its entries
        ids = [r[0] for r in chunk]
        directors, genres = directors_of(conn, ids), genres_of(conn, ids)
        countries, entries = countries_of(conn, ids), _entries(conn, ids)
        others = other_ids_of(conn, ids)
        for r in chunk:
            fid = r[0]
            yield FILM.render(
                (
                    *r[:8],
                    others.get(fid, {}),
                    as_number(r[8]),
                    r[9],
                    bool(r[10]),
                    bool(r[11]),
                    directors.get(fid, []),
                    genres.get(fid, []),
                    countries.get(fid, []),
                    r[12],
                    r[13],
                    Raw(_array(entries.get(fid, []), 3)),
                )
            )


def _entries(conn: sqlite3.Connection, film_ids: list[int]) -> dict[int, list[str]]:
    """The entries of these films, each already written, by film, in the order of their ids."""
    rows = conn.execute(
        "SELECT id, film_id, watched, rating, rewatch, liked, review, spoilers, letterboxd_uri,"
        " created_at, updated_at, uid, place, platform FROM entries"
        f" WHERE film_id IN ({', '.join('?' * len(film_ids))})"
        " ORDER BY film_id, id",
        film_ids,
    ).fetchall()
    tags = tags_of(conn, (r[0] for r in rows))
    company = companions_of(conn, (r[0] for r in rows))
    written: dict[int, list[str]] = {}
    for r in rows:
        written.setdefault(r[1], []).append(
            ENTRY.render(
                (
                    r[0],
                    r[2],
                    as_number(r[3]),
                    bool(r[4]),
                    bool(r[5]),
                    r[6],
                    bool(r[7]),
                    tags.get(r[0], []),
                    r[8],
                    r[9],
                    r[10],
                    r[11],
                    company.get(r[0], []),
                    r[12],
                    r[13],
                )
            )
        )
    return written


def _array(items: list[str], level: int) -> str:
    if not items:
        return "[]"
    pad = "\n" + INDENT * (level + 1)
    return "[" + pad + ("," + pad).join(items) + "\n" + INDENT * level + "]"


def _lists(conn: sqlite3.Connection) -> Iterator[str]:
    for r in conn.execute(
        "SELECT id, name, description, tags, letterboxd_uri, created_at, updated_at"
        " FROM lists ORDER BY id"
    ):
        items: list[dict[str, Any]] = [
            {"film_id": i[0], "position": i[1], "note": i[2]}
            for i in conn.execute(
                "SELECT li.film_id, li.position, li.note FROM list_items li JOIN films f"
                " ON f.id = li.film_id WHERE li.list_id = ? ORDER BY li.position, f.title_key,"
                " f.year",
                [r[0]],
            )
        ]
        keys = ("id", "name", "description", "tags", "letterboxd_uri", "created_at", "updated_at")
        yield encode({**dict(zip(keys, r, strict=True)), "films": items}, 2)
