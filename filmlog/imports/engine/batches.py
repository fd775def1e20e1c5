"""The rows an import has made and not yet written: kept in batches, written at once.

An import's new films and entries wait here (each as the list of its cells,
in the order of the INSERT below) so that they go to SQLite by executemany;
the rows that hang on them (a film's other ids and countries, an entry's tags
and companions, a sync item naming the entry) wait beside them and are
written after them. Only the import's writer (writer.py) holds a Batches.
"""

from __future__ import annotations

import sqlite3
from functools import cache
from operator import itemgetter
from typing import Any

# The cells of a new film's row and a new entry's row, in the order they are written.
NEW_FILM_CELLS = (
    "id",
    "title",
    "title_key",
    "year",
    "original_title",
    "original_title_key",
    "runtime",
    "imdb_id",
    "tmdb_id",
    "letterboxd_uri",
    "rating",
    "rated_at",
    "seen",
    "liked",
    "created_at",
    "updated_at",
    "import_id",
)
NEW_ENTRY_CELLS = (
    "id",
    "film_id",
    "watched",
    "rating",
    "rewatch",
    "liked",
    "review",
    "spoilers",
    "letterboxd_uri",
    "created_at",
    "updated_at",
    "import_id",
    "uid",
    "platform",
    "platform_key",
    "place",
    "place_key",
)
FILM_CELL = {name: n for n, name in enumerate(NEW_FILM_CELLS)}
ENTRY_CELL = {name: n for n, name in enumerate(NEW_ENTRY_CELLS)}
# The cells a new row often leaves as the table's default (NULL, or 0), and that default:
# a batch in which every row leaves one so is written without it, and SQLite fills it in
# (each cell named costs a row some 0.2 µs; a diary's entries leave seven of seventeen).
_OPTIONAL = {
    "films": {
        **dict.fromkeys(("year", "original_title", "original_title_key", "runtime"), None),
        **dict.fromkeys(("imdb_id", "tmdb_id", "letterboxd_uri", "rating", "rated_at"), None),
        **dict.fromkeys(("seen", "liked"), 0),
    },
    "entries": {
        **dict.fromkeys(("rating", "review", "letterboxd_uri", "place", "place_key"), None),
        **dict.fromkeys(("platform", "platform_key"), None),
        **dict.fromkeys(("rewatch", "liked", "spoilers"), 0),
    },
}


@cache  # (a batch's statement: the same few, batch after batch)
def _insert(table: str, cells: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(cells)}) VALUES ({', '.join('?' * len(cells))})"


def _defaulted(column: tuple[Any, ...], default: Any) -> bool:
    """Whether every row's cell is the column's default (an empty string is not NULL)."""
    return not any(column) and set(column) <= {default}


def insert_rows(
    conn: sqlite3.Connection, table: str, cells: tuple[str, ...], rows: list[Any]
) -> None:
    """New rows of films or entries, in one statement naming the cells some row fills."""
    optional = _OPTIONAL[table]
    columns = list(zip(*rows, strict=True))  # (each column tested in one pass, not by row)
    keep = [
        n
        for n, c in enumerate(cells)
        if c not in optional or not _defaulted(columns[n], optional[c])
    ]
    if len(keep) < len(cells):
        rows = list(map(itemgetter(*keep), rows))
        cells = tuple(cells[n] for n in keep)
    conn.executemany(_insert(table, cells), rows)


class Batches:
    """Waiting rows, in the order they are written (a film before its entries, an entry
    before its sync item)."""

    def __init__(self) -> None:
        self.films: dict[int, list[Any]] = {}  # by id
        self.countries: list[tuple[int, str]] = []
        self.other_ids: list[tuple[int, str, str, int]] = []
        self.entries: dict[int, list[Any]] = {}  # by id
        self.sync_items: list[tuple[Any, ...]] = []
        self.seen: list[tuple[int]] = []  # films made before this batch, seen since
        self.entry_tags: list[tuple[int, int]] = []
        self.companions: list[tuple[int, int, int]] = []

    def __bool__(self) -> bool:
        return any(self._batches())

    def _batches(self) -> tuple[Any, ...]:
        return (
            self.films,
            self.countries,
            self.other_ids,
            self.entries,
            self.sync_items,
            self.seen,
            self.entry_tags,
            self.companions,
        )

    def write(self, conn: sqlite3.Connection, *, films_too: bool = True) -> int:
        """Write the waiting rows, in order, and forget them; films_too False: the films
        (with their ids and countries) wait on, the entries of them written (the import's
        foreign keys are checked at its commit). How many entries were written."""
        entries = len(self.entries)
        for n, (sql, batch) in enumerate(zip(_WRITES, self._batches(), strict=True)):
            if n < _FILM_ROWS and not films_too:
                continue
            if isinstance(batch, dict) and batch:  # films, entries
                table, cells = _NEW_ROWS[n]
                insert_rows(conn, table, cells, list(batch.values()))
                batch.clear()
            elif batch:
                conn.executemany(sql, batch)
                batch.clear()
        return entries


_FILM_ROWS = 3  # the first three batches: films, their countries, their other ids
_NEW_ROWS = {0: ("films", NEW_FILM_CELLS), 3: ("entries", NEW_ENTRY_CELLS)}
_WRITES = (
    _insert("films", NEW_FILM_CELLS),
    "INSERT OR IGNORE INTO film_countries (film_id, country) VALUES (?, ?)",
    "INSERT OR IGNORE INTO film_ids (film_id, kind, value, import_id) VALUES (?, ?, ?, ?)",
    _insert("entries", NEW_ENTRY_CELLS),
    "INSERT INTO sync_items (source, item, entry_id, film_id, said, import_id)"
    " VALUES (?, ?, ?, ?, ?, ?)",
    "UPDATE films SET seen = 1 WHERE id = ?",
    "INSERT OR IGNORE INTO entry_tags (entry_id, tag_id) VALUES (?, ?)",
    "INSERT OR IGNORE INTO entry_companions (entry_id, companion_id, position) VALUES (?, ?, ?)",
)
