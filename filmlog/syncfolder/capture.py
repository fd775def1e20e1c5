"""What changed in the journal since its last sync: triggers note each film, viewing, list
and list item made, removed or changed (which value), whatever command wrote it.

They are made when a journal first syncs: a journal that never does pays nothing for them.
A change file then says only what changed, so an edit of a rating on one machine and of
the review on another both stand.
"""

from __future__ import annotations

import sqlite3

from filmlog.syncfolder.state import ENTRY_COLUMNS, FILM_COLUMNS, ITEM_COLUMNS, LIST_COLUMNS

# kind -> (table, the row's local key as SQL of a row alias, the columns watched, each the
# field it changes). A column not here (updated_at, import_id, keys) is derived or local.
WATCHED: dict[str, tuple[str, str, dict[str, str]]] = {
    "film": ("films", "{r}.id", {c: c for c in FILM_COLUMNS}),
    "entry": ("entries", "{r}.id", {"film_id": "film", **{c: c for c in ENTRY_COLUMNS}}),
    "list": ("lists", "{r}.id", {c: c for c in LIST_COLUMNS}),
    "item": ("list_items", "{r}.list_id || ':' || {r}.film_id", {c: c for c in ITEM_COLUMNS}),
}

# A table of a film's or viewing's names: (table, kind, the owner's id column, field).
PARTS = [
    ("film_directors", "film", "film_id", "directors"),
    ("film_genres", "film", "film_id", "genres"),
    ("film_countries", "film", "film_id", "countries"),
    ("film_ids", "film", "film_id", "ids"),
    ("film_titles", "film", "film_id", "titles"),
    ("watchlist", "film", "film_id", "watchlist"),
    ("entry_tags", "entry", "entry_id", "tags"),
    ("entry_companions", "entry", "entry_id", "companions"),
]


def _mark(kind: str, local: str, field: str) -> str:
    return (
        "INSERT OR IGNORE INTO sync_dirty (kind, local, field)"
        f" VALUES ('{kind}', {local}, '{field}');"
    )


def triggers() -> list[str]:
    statements = []
    for kind, (table, local, columns) in WATCHED.items():
        new, old = local.format(r="new"), local.format(r="old")
        statements.append(
            f"CREATE TRIGGER IF NOT EXISTS sync_{kind}_made AFTER INSERT ON {table} "
            f"BEGIN {_mark(kind, new, '*')} END"
        )
        statements.append(
            f"CREATE TRIGGER IF NOT EXISTS sync_{kind}_removed AFTER DELETE ON {table} "
            f"BEGIN {_mark(kind, old, '-')} END"
        )
        changed = " ".join(
            f"INSERT OR IGNORE INTO sync_dirty (kind, local, field) SELECT '{kind}', {new},"
            f" '{field}' WHERE old.{column} IS NOT new.{column};"
            for column, field in columns.items()
        )
        statements.append(
            f"CREATE TRIGGER IF NOT EXISTS sync_{kind}_changed AFTER UPDATE ON {table} "
            f"BEGIN {changed} END"
        )
    for table, kind, owner, field in PARTS:
        for event, row in (("INSERT", "new"), ("DELETE", "old"), ("UPDATE", "new")):
            statements.append(
                f"CREATE TRIGGER IF NOT EXISTS sync_{table}_{event.lower()} AFTER {event} ON"
                f" {table} BEGIN {_mark(kind, f'{row}.{owner}', field)} END"
            )
    return statements


def watch(conn: sqlite3.Connection) -> None:
    """Make the triggers (inside the caller's transaction); nothing if they are there."""
    for statement in triggers():
        conn.execute(statement)


def unwatch(conn: sqlite3.Connection) -> None:
    """Drop the triggers (inside the caller's transaction, which makes them again): what
    another machine's changes write here is no change of this machine's to note."""
    for statement in triggers():
        name = statement.split()[5]  # CREATE TRIGGER IF NOT EXISTS <name>
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")


def watching(conn: sqlite3.Connection) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'sync_film_made'"
        ).fetchone()
        is not None
    )
