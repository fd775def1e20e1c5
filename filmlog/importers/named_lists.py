"""A named list an import brings: found by its link or its name, its films in their places."""

from __future__ import annotations

from dataclasses import dataclass, field

from filmlog.importers.summary import Count
from filmlog.importers.writer import RowWriter
from filmlog.keys import key


@dataclass
class NamedList:
    name: str
    description: str | None = None
    tags: str | None = None
    letterboxd_uri: str | None = None
    created: str | None = None
    films: list[tuple[int, int, str | None]] = field(default_factory=list)  # position, film, note


def save(writer: RowWriter, listed: NamedList) -> Count:
    """Add the list, or bring the one the journal has up to date; what happened to it."""
    writer.flush()
    conn = writer.conn
    row = None
    if listed.letterboxd_uri:
        row = conn.execute(
            "SELECT id, description FROM lists WHERE letterboxd_uri = ?", [listed.letterboxd_uri]
        ).fetchone()
    name = listed.name
    if row is None:
        name = _free_name(writer, listed.name, listed.letterboxd_uri)
        row = conn.execute(
            "SELECT id, description FROM lists WHERE name_key = ?", [key(name)]
        ).fetchone()
    changed = False
    if row is None:
        cur = conn.execute(
            "INSERT INTO lists (name, name_key, description, tags, letterboxd_uri, created_at,"
            " updated_at, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [name, key(name), listed.description, listed.tags, listed.letterboxd_uri,
             listed.created or writer.stamp, writer.stamp, writer.import_id],
        )  # fmt: skip
        list_id, outcome = int(cur.lastrowid or 0), Count.ADDED
    else:
        list_id, outcome = int(row[0]), Count.SKIPPED
        if listed.description and listed.description != row[1]:
            writer.undo.note("lists", list_id, "description", row[1])
            conn.execute(
                "UPDATE lists SET description = ? WHERE id = ?", [listed.description, list_id]
            )
            changed = True
    for position, fid, note in listed.films:
        old = conn.execute(
            "SELECT rowid, position FROM list_items WHERE list_id = ? AND film_id = ?",
            [list_id, fid],
        ).fetchone()
        if old is None:
            conn.execute(
                "INSERT INTO list_items (list_id, film_id, position, note, import_id)"
                " VALUES (?, ?, ?, ?, ?)",
                [list_id, fid, position, note, writer.import_id],
            )
            changed = True
        elif old[1] != position:
            writer.undo.note("list_items", old[0], "position", old[1])
            conn.execute("UPDATE list_items SET position = ? WHERE rowid = ?", [position, old[0]])
            changed = True
    return Count.UPDATED if outcome is Count.SKIPPED and changed else outcome


def _free_name(writer: RowWriter, name: str, letterboxd_uri: str | None) -> str:
    """The name for a list: another list of this name (by its link) makes it "Name (2)"."""
    n, candidate = 1, name
    while letterboxd_uri:
        row = writer.conn.execute(
            "SELECT letterboxd_uri FROM lists WHERE name_key = ?", [key(candidate)]
        ).fetchone()
        if row is None or row[0] is None or row[0] == letterboxd_uri:
            break
        n += 1
        candidate = f"{name} ({n})"
    return candidate
