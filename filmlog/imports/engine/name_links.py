"""People, tags and genres as an import meets them: ids found or made, and films linked.

The names of a table are read once per import, then kept here; a name met
for the first time is made with the spelling given.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from filmlog.values.checks import check_name
from filmlog.values.keys import key

_COLUMN = {"film_directors": "person_id", "film_genres": "genre_id"}


class NameLinks:
    def __init__(self, conn: sqlite3.Connection, import_id: int) -> None:
        self.conn = conn
        self.import_id = import_id
        self._ids: dict[str, dict[str, int]] = {}  # table -> name key -> id
        self._tags: dict[str, int] = {}  # a tag as written -> its id
        # An entry's tags as a source read them from one cell, shared by the rows with that
        # cell (a diary's tags repeat): their ids, found once
        self._tag_sets: dict[tuple[str, ...], set[int]] = {}

    def id_of(self, table: str, name: str) -> int:
        """The id of a person, tag or genre, made on first use with the spelling given."""
        ids = self._ids.get(table)
        if ids is None:
            ids = self._ids[table] = {
                k: i for i, k in self.conn.execute(f"SELECT id, name_key FROM {table}")
            }
        k = key(name)
        found = ids.get(k)
        if found is None:
            cur = self.conn.execute(
                f"INSERT INTO {table} (name, name_key) VALUES (?, ?)", [name, k]
            )
            found = ids[k] = int(cur.lastrowid or 0)
        return found

    def ids_of(self, table: str, names: Iterable[str], what: str) -> list[int]:
        """The ids of names in order (each checked; one named twice, once)."""
        return list(dict.fromkeys(self.id_of(table, check_name(n, what)) for n in names))

    def tag_ids(self, tags: Iterable[str]) -> set[int]:
        """The ids of an entry's tags; each spelling is checked and looked up once (and each
        tuple of them, once: the caller does not change what it is given)."""
        if type(tags) is tuple:
            found = self._tag_sets.get(tags)
            if found is None:
                found = self._tag_sets[tags] = self._ids_of_tags(tags)
            return found
        return self._ids_of_tags(tags)

    def _ids_of_tags(self, tags: Iterable[str]) -> set[int]:
        ids = set()
        for tag in tags:
            found = self._tags.get(tag)
            if found is None:
                found = self._tags[tag] = self.id_of("tags", check_name(tag, "tag"))
            ids.add(found)
        return ids

    def link(
        self, fid: int, link: str, table: str, names: list[str], *, has_some_already: bool
    ) -> bool:
        """Link a film to names in order, unless it may have some and does (those are kept).

        Each link carries the import's id: undo takes back what it gave a film it
        did not make.
        """
        if (
            has_some_already
            and self.conn.execute(f"SELECT 1 FROM {link} WHERE film_id = ?", [fid]).fetchone()
        ):
            return False
        column = _COLUMN[link]
        extra = ", position" if link == "film_directors" else ""
        for position, name in enumerate(names):
            values = [fid, self.id_of(table, name), self.import_id]
            values += [position] if extra else []
            self.conn.execute(
                f"INSERT OR IGNORE INTO {link} (film_id, {column}, import_id{extra})"
                f" VALUES ({', '.join('?' * len(values))})",
                values,
            )
        return True
