"""A film, viewing, list or list item as a change file carries it: its values by field,
read in bulk. A viewing names its film, and an item its list and film, by local id here
(`film_local`, `list_local`); the sync puts their uids in their place."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

THING_KINDS = (
    "film",
    "list",
    "entry",
    "item",
)  # the order things are made in: a viewing's film first

FILM_COLUMNS = (
    "title",
    "year",
    "original_title",
    "runtime",
    "imdb_id",
    "tmdb_id",
    "letterboxd_uri",
    "rating",
    "rated_at",
    "seen",
    "liked",
)
ENTRY_COLUMNS = (
    "watched",
    "rating",
    "rewatch",
    "liked",
    "review",
    "spoilers",
    "letterboxd_uri",
    "created_at",
    "place",
    "place_tag",
    "platform",
    "platform_tag",
)
LIST_COLUMNS = ("name", "description", "tags", "letterboxd_uri", "created_at")
ITEM_COLUMNS = ("position", "note")

FIELDS = {
    "film": (*FILM_COLUMNS, "directors", "genres", "countries", "ids", "titles", "watchlist"),
    "entry": ("film", *ENTRY_COLUMNS, "tags", "companions"),
    "list": LIST_COLUMNS,
    "item": ("list", "film", *ITEM_COLUMNS),
}
# What a change must carry for the thing to be made where it is not yet.
NEEDED = {"film": ("title",), "entry": ("film",), "list": ("name",), "item": ("list", "film")}


def _chosen(column: str, locals_: list[Any] | None) -> tuple[str, list[Any]]:
    if locals_ is None:
        return "", []
    return f" WHERE {column} IN (SELECT value FROM json_each(?))", [json.dumps(locals_)]


def read(conn: sqlite3.Connection, kind: str, locals_: list[str] | None) -> dict[str, dict]:
    """The values of each thing of a kind named (None: all of them) that is here."""
    return {"film": _films, "entry": _entries, "list": _lists, "item": _items}[kind](conn, locals_)


def _films(conn: sqlite3.Connection, locals_: list[str] | None) -> dict[str, dict]:
    where, params = _chosen("id", [int(x) for x in locals_] if locals_ is not None else None)
    films: dict[str, dict] = {}
    for row in conn.execute(f"SELECT id, {', '.join(FILM_COLUMNS)} FROM films{where}", params):
        film = dict(zip(FILM_COLUMNS, row[1:], strict=True))
        film.update(directors=[], genres=[], countries=[], ids={}, titles=[], watchlist=None)
        films[str(row[0])] = film
    if not films:
        return films
    where, params = _chosen("film_id", [int(x) for x in films] if locals_ is not None else None)
    parts = {
        "directors": "SELECT film_id, p.name FROM film_directors JOIN people p ON p.id ="
        " person_id{where} ORDER BY film_id, position",
        "genres": "SELECT film_id, g.name FROM film_genres JOIN genres g ON g.id = genre_id"
        "{where} ORDER BY film_id, g.name_key",
        "countries": "SELECT film_id, country FROM film_countries{where} ORDER BY film_id, rowid",
    }
    for field, sql in parts.items():
        for fid, name in conn.execute(sql.format(where=where), params):
            if (one := films.get(str(fid))) is not None:
                one[field].append(name)
    for fid, kind, value in conn.execute(
        f"SELECT film_id, kind, value FROM film_ids{where}", params
    ):
        if (one := films.get(str(fid))) is not None:
            one["ids"][kind] = value
    for fid, title, year in conn.execute(
        f"SELECT film_id, title, year FROM film_titles{where} ORDER BY film_id, title_key, year",
        params,
    ):
        if (one := films.get(str(fid))) is not None:
            one["titles"].append([title, year])
    for fid, added in conn.execute(f"SELECT film_id, added_at FROM watchlist{where}", params):
        if (one := films.get(str(fid))) is not None:
            one["watchlist"] = added
    return films


def _entries(conn: sqlite3.Connection, locals_: list[str] | None) -> dict[str, dict]:
    where, params = _chosen("id", [int(x) for x in locals_] if locals_ is not None else None)
    entries: dict[str, dict] = {}
    for row in conn.execute(
        f"SELECT id, uid, film_id, {', '.join(ENTRY_COLUMNS)} FROM entries{where}", params
    ):
        entry = dict(zip(ENTRY_COLUMNS, row[3:], strict=True))
        entry.update(uid=row[1], film_local=str(row[2]), tags=[], companions=[])
        entries[str(row[0])] = entry
    if not entries:
        return entries
    where, params = _chosen("entry_id", [int(x) for x in entries] if locals_ is not None else None)
    for eid, name in conn.execute(
        f"SELECT entry_id, t.name FROM entry_tags JOIN tags t ON t.id = tag_id{where}"
        " ORDER BY entry_id, t.name_key",
        params,
    ):
        if (it := entries.get(str(eid))) is not None:
            it["tags"].append(name)
    for eid, name, tag in conn.execute(
        f"SELECT entry_id, c.name, tag FROM entry_companions JOIN companions c"
        f" ON c.id = companion_id{where} ORDER BY entry_id, position",
        params,
    ):
        if (it := entries.get(str(eid))) is not None:
            it["companions"].append([name, tag])
    return entries


def _lists(conn: sqlite3.Connection, locals_: list[str] | None) -> dict[str, dict]:
    where, params = _chosen("id", [int(x) for x in locals_] if locals_ is not None else None)
    return {
        str(row[0]): dict(zip(LIST_COLUMNS, row[1:], strict=True))
        for row in conn.execute(f"SELECT id, {', '.join(LIST_COLUMNS)} FROM lists{where}", params)
    }


def _items(conn: sqlite3.Connection, locals_: list[str] | None) -> dict[str, dict]:
    where, params = _chosen("list_id || ':' || film_id", locals_)
    return {
        f"{row[0]}:{row[1]}": {
            "list_local": str(row[0]),
            "film_local": str(row[1]),
            **dict(zip(ITEM_COLUMNS, row[2:], strict=True)),
        }
        for row in conn.execute(
            f"SELECT list_id, film_id, {', '.join(ITEM_COLUMNS)} FROM list_items{where}", params
        )
    }


def empty(value: Any) -> bool:
    """A value a newly made thing leaves out: it never takes the place of one known."""
    return value is None or value == [] or value == {} or value == ""


def sign(kind: str, values: dict[str, Any]) -> str:
    """What a thing is matched by when two journals join one folder: a viewing's
    address, day, rating and review as its journal had them then (the same on both
    sides, whatever was edited since)."""
    if kind != "entry":
        return ""
    keys = ("letterboxd_uri", "watched", "rating", "review")
    return json.dumps([values.get(k) for k in keys], ensure_ascii=False)
