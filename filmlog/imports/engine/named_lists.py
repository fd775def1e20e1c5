"""A named list an import brings: found by its link or its name, its films in their places."""

from __future__ import annotations

from filmlog.imports.engine.summary import Count
from filmlog.imports.engine.writer import ImportWriter
from filmlog.values.checks import check_name
from filmlog.values.keys import key


class NamedList:
    def __init__(
        self,
        name: str,
        description: str | None = None,
        tags: str | None = None,
        letterboxd_uri: str | None = None,
        created: str | None = None,
        updated: str | None = None,  # when it was last changed (an export's), else created
        films: list[tuple[int, int, str | None]] | None = None,  # position, film, note
    ) -> None:
        self.name = name
        self.description = description
        self.tags = tags
        self.letterboxd_uri = letterboxd_uri
        self.created = created
        self.updated = updated
        self.films = films if films is not None else []


def save(writer: ImportWriter, listed: NamedList) -> Count:
    """Add the list, or bring the one the journal has up to date; what happened to it.

    A list found again (by its link, else its name) takes the source's name,
    description and order; films it has that the source no longer lists stay,
    after the source's own, in their order (nothing the person had is dropped).
    """
    listed.name = check_name(listed.name, "list")
    row = None
    if listed.letterboxd_uri:
        row = writer.read(
            "SELECT id, name, description FROM lists WHERE letterboxd_uri = ?",
            [listed.letterboxd_uri],
        ).fetchone()
    if row is None:
        name = _free_name(writer, listed.name, listed.letterboxd_uri)
        row = writer.read(
            "SELECT id, name, description FROM lists WHERE name_key = ?", [key(name)]
        ).fetchone()
    else:
        name = _free_name(writer, listed.name, listed.letterboxd_uri, keep=row[0])
    if row is None:
        cur = writer.write(
            "INSERT INTO lists (name, name_key, description, tags, letterboxd_uri, created_at,"
            " updated_at, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                name,
                key(name),
                listed.description,
                listed.tags,
                listed.letterboxd_uri,
                listed.created or writer.stamp,
                listed.updated or listed.created or writer.stamp,
                writer.import_id,
            ],
        )
        list_id = int(cur.lastrowid or 0)
        _place(writer, list_id, listed.films)
        return Count.ADDED
    list_id = int(row[0])
    changed = False
    for column, new, old in (("name", name, row[1]), ("description", listed.description, row[2])):
        if new and new != old:
            writer.note_old("lists", list_id, column, old)
            if column == "name":
                writer.note_old("lists", list_id, "name_key", key(old))
                writer.write("UPDATE lists SET name_key = ? WHERE id = ?", [key(new), list_id])
            writer.write(f"UPDATE lists SET {column} = ? WHERE id = ?", [new, list_id])
            changed = True
    changed |= _place(writer, list_id, listed.films)
    return Count.UPDATED if changed else Count.SKIPPED


def _place(writer: ImportWriter, list_id: int, films: list[tuple[int, int, str | None]]) -> bool:
    """Put the source's films in its order; the list's others after them. Whether it changed."""
    had = {
        fid: (rowid, position)
        for rowid, fid, position in writer.read(
            "SELECT rowid, film_id, position FROM list_items WHERE list_id = ? ORDER BY position",
            [list_id],
        )
    }
    ordered = sorted(films, key=lambda item: item[0])
    listed = {fid for _, fid, _ in ordered}
    last = max((position for position, _, _ in ordered), default=0)
    others = [f for f in had if f not in listed]
    kept = [(last + n, fid, None) for n, fid in enumerate(others, start=1)]
    changed = False
    for position, fid, note in [*ordered, *kept]:
        if fid not in had:
            writer.write(
                "INSERT INTO list_items (list_id, film_id, position, note, import_id)"
                " VALUES (?, ?, ?, ?, ?)",
                [list_id, fid, position, note, writer.import_id],
            )
            changed = True
        elif had[fid][1] != position:
            rowid = had[fid][0]
            writer.note_old("list_items", rowid, "position", had[fid][1])
            writer.write("UPDATE list_items SET position = ? WHERE rowid = ?", [position, rowid])
            changed = True
    return changed


def _free_name(
    writer: ImportWriter, name: str, letterboxd_uri: str | None, keep: int | None = None
) -> str:
    """The name for a list: another list of this name (by its link) makes it "Name (2)".

    keep is the list being renamed, whose own name is free for it.
    """
    n, candidate = 1, name
    while letterboxd_uri or keep is not None:
        row = writer.read(
            "SELECT letterboxd_uri, id FROM lists WHERE name_key = ?", [key(candidate)]
        ).fetchone()
        if row is None or row[1] == keep:
            break
        if keep is None and (row[0] is None or row[0] == letterboxd_uri):
            break
        n += 1
        candidate = f"{name} ({n})"
    return candidate
