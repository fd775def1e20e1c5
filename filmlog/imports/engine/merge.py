"""Merging films that are one film, and viewings that are one viewing; and taking it back.

A merge is one transaction, recorded as an import of source "merge" (so `import list`
shows it and `import undo` takes it back). What it removed and changed is kept in its
record, whole, so that an undo puts every film, viewing, id, link, list place and sync
item back, and never takes back a value changed after the merge.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from filmlog.journal import recorded
from filmlog.journal.db import Journal
from filmlog.journal.store import refresh_liked, refresh_rating
from filmlog.values.clock import now
from filmlog.values.errors import BadValue
from filmlog.values.film_ids import COLUMNS

SOURCE = "merge"
FACTS = ("year", "original_title", "original_title_key", "runtime", "rated_at")
FLAGS = ("seen", "liked")
LINKS = {  # a film's rows in other tables, by the columns that make each one
    "film_directors": ("person_id", "position", "import_id"),
    "film_genres": ("genre_id", "import_id"),
    "film_countries": ("country",),
    "film_ids": ("kind", "value", "import_id"),
    "watchlist": ("added_at", "import_id"),
    "list_items": ("list_id", "position", "note", "import_id"),
    "film_titles": ("title", "title_key", "year", "import_id"),
}


@dataclass
class Merged:
    """What a merge did (or, in a dry run, would do)."""

    kept: str  # the film (or viewing) that holds everything now
    gone: list[str]
    moved: list[str] = field(default_factory=list)  # one line each, for the person
    merge_id: int | None = None


def one_row(conn: sqlite3.Connection, table: str, where: str, *args: Any) -> dict[str, Any] | None:
    cur = conn.execute(f"SELECT * FROM {table} WHERE {where}", args)
    row = cur.fetchone()
    return dict(zip([d[0] for d in cur.description], row, strict=True)) if row else None


def _rows(conn: sqlite3.Connection, table: str, where: str, *args: Any) -> list[dict[str, Any]]:
    cur = conn.execute(f"SELECT * FROM {table} WHERE {where}", args)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def insert_row(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> None:
    names = ", ".join(row)
    conn.execute(
        f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(row))})", list(row.values())
    )


def _label(row: dict[str, Any]) -> str:
    return f"{row['title']} ({row['year']})" if row.get("year") else str(row["title"])


def _links(conn: sqlite3.Connection, fid: int) -> dict[str, list[dict[str, Any]]]:
    return {table: _rows(conn, table, "film_id = ?", fid) for table in LINKS}


# Films -----------------------------------------------------------------------------


def merge_films(journal: Journal, ids: list[int], into: int, *, dry_run: bool = False) -> Merged:
    """Films ids into the film into: its values win; the others' fill what it lacks."""
    conn = journal.conn
    others = [i for i in dict.fromkeys(ids) if i != into]
    if not others:
        raise BadValue("give two films or more to merge (one film is already one)")
    with journal.transaction():
        target = one_row(conn, "films", "id = ?", into)
        assert target is not None
        gone = [one_row(conn, "films", "id = ?", o) for o in others]
        merged = Merged(_label(target), [_label(g) for g in gone if g])
        snapshot: dict[str, Any] = {
            "kind": "films",
            "target": target,
            "target_links": _links(conn, into),
            "films": [],
        }
        for other in gone:
            assert other is not None
            o = other["id"]
            entries = [r[0] for r in conn.execute("SELECT id FROM entries WHERE film_id = ?", [o])]
            synced = [
                r[0] for r in conn.execute("SELECT id FROM sync_items WHERE film_id = ?", [o])
            ]
            snapshot["films"].append(
                {"row": other, "links": _links(conn, o), "entries": entries, "sync_items": synced}
            )
            merged.moved.append(
                f"{_label(other)}: {len(entries)} viewing{'s' if len(entries) != 1 else ''}"
                " and everything else of it"
            )
            _fold(conn, into, other)
        refresh_rating(journal, into)  # the latest rated viewing decides, as ever
        snapshot["after"] = one_row(conn, "films", "id = ?", into)
        if dry_run:  # the transaction is rolled back: nothing of it stays
            raise recorded.Rehearsal(merged)
        what = " + ".join([merged.kept, *merged.gone])
        counts = {
            "films": {"updated": 1},
            "entries": {"updated": sum(len(f["entries"]) for f in snapshot["films"])},
        }
        merged.merge_id = recorded.record(conn, SOURCE, what, counts, snapshot)
        return merged


def _fold(conn: sqlite3.Connection, into: int, other: dict[str, Any]) -> None:
    """One film's everything, into another; then it goes."""
    o = other["id"]
    target = one_row(conn, "films", "id = ?", into)
    assert target is not None
    conn.execute("UPDATE entries SET film_id = ? WHERE film_id = ?", [into, o])
    conn.execute("UPDATE sync_items SET film_id = ? WHERE film_id = ?", [into, o])
    conn.execute("UPDATE film_ids SET film_id = ? WHERE film_id = ?", [into, o])
    # Its titles: a source that names films by title alone finds this film by them
    conn.execute("UPDATE OR IGNORE film_titles SET film_id = ? WHERE film_id = ?", [into, o])
    if (other["title_key"], other["year"]) != (target["title_key"], target["year"]):
        conn.execute(
            "INSERT OR IGNORE INTO film_titles (film_id, title, title_key, year)"
            " VALUES (?, ?, ?, ?)",
            [into, other["title"], other["title_key"], other["year"]],
        )
    # Ids in columns are unique: freed from the film that goes, then kept by the one that
    # stays (in its column when empty, else among its other ids: a later import or sync
    # that names the film by it finds this film, and never makes the duplicate again).
    conn.execute(
        f"UPDATE films SET {', '.join(f'{c} = NULL' for c in COLUMNS.values())} WHERE id = ?", [o]
    )
    filled: dict[str, Any] = {}
    for kind, column in COLUMNS.items():
        value = other[column]
        if value is None or str(value) == str(target[column]):
            continue
        if target[column] is None:
            filled[column] = value
        else:
            conn.execute(
                "INSERT OR IGNORE INTO film_ids (film_id, kind, value) VALUES (?, ?, ?)",
                [into, kind, str(value)],
            )
    for fact in FACTS:
        if target[fact] is None and other[fact] is not None:
            filled[fact] = other[fact]
    if target["rating"] is None and other["rating"] is not None:
        filled["rating"] = other["rating"]
    for flag in FLAGS:
        if other[flag] and not target[flag]:
            filled[flag] = 1
    if filled:
        sets = ", ".join(f"{c} = ?" for c in filled)
        conn.execute(
            f"UPDATE films SET {sets}, updated_at = ? WHERE id = ?",
            [*filled.values(), now(), into],
        )
    for table in ("film_directors", "film_genres", "film_countries"):
        has = conn.execute(f"SELECT 1 FROM {table} WHERE film_id = ?", [into]).fetchone()
        if has is None:  # facts the film lacked; never mixed into the ones it has
            conn.execute(f"UPDATE {table} SET film_id = ? WHERE film_id = ?", [into, o])
    wanted = conn.execute("SELECT added_at FROM watchlist WHERE film_id = ?", [o]).fetchone()
    if wanted:
        conn.execute(
            "INSERT INTO watchlist (film_id, added_at) VALUES (?, ?) ON CONFLICT (film_id)"
            " DO UPDATE SET added_at = min(added_at, excluded.added_at)",
            [into, wanted[0]],
        )
    for item in _rows(conn, "list_items", "film_id = ?", o):
        mine = one_row(conn, "list_items", "list_id = ? AND film_id = ?", item["list_id"], into)
        if mine is None:
            conn.execute(
                "UPDATE list_items SET film_id = ? WHERE list_id = ? AND film_id = ?",
                [into, item["list_id"], o],
            )
        else:  # on the list twice: the earlier place, both notes
            notes = [n for n in (mine["note"], item["note"]) if n]
            conn.execute(
                "UPDATE list_items SET position = ?, note = ? WHERE list_id = ? AND film_id = ?",
                [
                    min(mine["position"], item["position"]),
                    "\n\n".join(dict.fromkeys(notes)) or None,
                    item["list_id"],
                    into,
                ],
            )
    conn.execute("DELETE FROM films WHERE id = ?", [o])


# Viewings -----------------------------------------------------------------------------


def merge_viewings(
    journal: Journal, ids: list[int], *, watched: str | None = None, dry_run: bool = False
) -> Merged:
    """Viewings of one film into one: the earliest date unless told, the rating and review
    that exist (two reviews both kept, one after the other), tags joined, flags or'd."""
    conn = journal.conn
    ids = list(dict.fromkeys(ids))
    if len(ids) < 2:
        raise BadValue("give two viewings or more to merge (their ids: `filmlog show TITLE`)")
    with journal.transaction():
        rows = [one_row(conn, "entries", "id = ?", i) for i in ids]
        missing = [i for i, r in zip(ids, rows, strict=True) if r is None]
        if missing:
            raise BadValue(f"no entry {missing[0]} in the journal")
        entries = [r for r in rows if r is not None]
        if len({e["film_id"] for e in entries}) > 1:
            raise BadValue("those viewings are of different films: merge the films first")
        ordered = sorted(entries, key=lambda e: (e["watched"] is None, e["watched"] or "", e["id"]))
        kept, others = ordered[0], ordered[1:]
        tags, synced, company = _links_of_entries(conn, entries)
        values = _one_viewing(ordered, watched)
        film = conn.execute("SELECT title, year FROM films WHERE id = ?", [kept["film_id"]])
        label = _label(dict(zip(("title", "year"), film.fetchone(), strict=True)))
        merged = Merged(
            f"entry {kept['id']} of {label}",
            [f"entry {e['id']}" for e in others],
            [f"entry {e['id']} ({e['watched'] or 'date unknown'})" for e in others],
        )
        for other in others:
            conn.execute(
                "UPDATE sync_items SET entry_id = ? WHERE entry_id = ?", [kept["id"], other["id"]]
            )
            conn.execute("DELETE FROM entries WHERE id = ?", [other["id"]])
        sets = ", ".join(f"{c} = ?" for c in values)
        conn.execute(
            f"UPDATE entries SET {sets}, updated_at = ? WHERE id = ?",
            [*values.values(), now(), kept["id"]],
        )
        for tag in {t for e in entries for t in tags[e["id"]]}:
            conn.execute(
                "INSERT OR IGNORE INTO entry_tags (entry_id, tag_id) VALUES (?, ?)",
                [kept["id"], tag],
            )
        for other in others:  # with whom: everyone of each, after the kept one's own
            for who in company[other["id"]]:
                conn.execute(
                    "INSERT OR IGNORE INTO entry_companions (entry_id, companion_id, position,"
                    " tag) VALUES (?, ?, (SELECT coalesce(max(position) + 1, 0)"
                    " FROM entry_companions WHERE entry_id = ?), ?)",
                    [kept["id"], who["companion_id"], kept["id"], who["tag"]],
                )
        refresh_rating(journal, kept["film_id"])
        refresh_liked(journal, kept["film_id"], liked=bool(values["liked"]))
        snapshot = {
            "kind": "viewings",
            "kept": kept,
            "after": one_row(conn, "entries", "id = ?", kept["id"]),
            "others": others,
            "tags": tags,
            "company": company,
            "sync_items": synced,
            "film": one_row(conn, "films", "id = ?", kept["film_id"]),
        }
        if dry_run:
            raise recorded.Rehearsal(merged)
        counts = {"entries": {"updated": 1}}
        merged.merge_id = recorded.record(
            conn,
            SOURCE,
            f"{label}: " + " + ".join(f"entry {e['id']}" for e in ordered),
            counts,
            snapshot,
        )
        return merged


def _links_of_entries(conn: sqlite3.Connection, entries: list[dict[str, Any]]) -> tuple[dict, ...]:
    """Each viewing's tags, sync items and companions, by its id (for the merge's record)."""
    tags = {
        e["id"]: [
            r[0]
            for r in conn.execute("SELECT tag_id FROM entry_tags WHERE entry_id = ?", [e["id"]])
        ]
        for e in entries
    }
    synced = {
        e["id"]: [
            r[0] for r in conn.execute("SELECT id FROM sync_items WHERE entry_id = ?", [e["id"]])
        ]
        for e in entries
    }
    company = {e["id"]: _rows(conn, "entry_companions", "entry_id = ?", e["id"]) for e in entries}
    return tags, synced, company


def _one_viewing(ordered: list[dict[str, Any]], watched: str | None) -> dict[str, Any]:
    """The merged viewing's values: the earliest date unless given, the latest rating
    given, every review (in date order), flags or'd, the first Letterboxd address."""
    entries = ordered
    kept = ordered[0]
    rated = [e for e in entries if e["rating"] is not None]
    reviews = list(dict.fromkeys(e["review"] for e in ordered if e["review"]))
    return {
        "watched": watched or kept["watched"],
        "rating": max(rated, key=lambda e: e["updated_at"])["rating"] if rated else None,
        "review": "\n\n".join(reviews) or None,
        "rewatch": int(any(e["rewatch"] for e in entries)),
        "liked": int(any(e["liked"] for e in entries)),
        "spoilers": int(any(e["spoilers"] for e in entries)),
        "letterboxd_uri": next((e["letterboxd_uri"] for e in ordered if e["letterboxd_uri"]), None),
        **_first_said(ordered, "place"),
        **_first_said(ordered, "platform"),
    }


def _first_said(ordered: list[dict[str, Any]], column: str) -> dict[str, Any]:
    """A place or platform (with its key and tag): the first of the viewings that says one."""
    said = next((e for e in ordered if e.get(column)), None)
    names = (column, f"{column}_key", f"{column}_tag")
    return {n: said[n] if said else None for n in names}


def dry(run: Any) -> Merged:
    """What a merge would do, worked out in its transaction and rolled back."""
    merged: Merged = recorded.rehearse(run)
    return merged
