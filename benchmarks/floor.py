"""The floor under `filmlog import letterboxd`: the same rows written with no logic at all.

    python benchmarks/floor.py JOURNAL DIARY_CSV

JOURNAL is an empty, migrated journal (the import benchmark's target). The
script reads the diary with the standard library's csv module and writes
what any import of it must write, in one transaction, under the journal's
own schema: one film per distinct name and year with the rating of its
latest rated entry (the journal's rule for a film's rating), one entry per
row with its Letterboxd address and its uid (every entry has one), its tags,
an import row; the unique indexes and foreign keys checked as rows go in,
the other indexes set aside and built once at the end, the search index
built in two set-based statements, then one commit. Nothing is matched,
checked, deduplicated or recorded for undo; titles are keyed by lower().
What it takes is the least an import can take on this machine: run.py
times it beside the import and its peer.
"""

from __future__ import annotations

import csv
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from filmlog.journal.search_index import COLUMNS, ENTRY_DOCUMENT, FILM_DOCUMENT, HAS_WORDS
from filmlog.values.uids import new as new_uid

STAMP = "2026-01-01T00:00:00Z"


def _set_aside(conn: sqlite3.Connection, kind: str, where: str) -> list[str]:
    rows = conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = '{kind}' AND sql IS NOT NULL AND {where}"
    ).fetchall()
    for name, _ in rows:
        conn.execute(f"DROP {kind.upper()} {name}")
    return [sql for _, sql in rows]


def write(journal: Path, diary: Path) -> None:
    conn = sqlite3.connect(journal, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA cache_size = -32768")
    conn.execute("BEGIN IMMEDIATE")
    triggers = _set_aside(conn, "trigger", "name LIKE 'search%'")
    indexes = _set_aside(
        conn,
        "index",
        "tbl_name IN ('films', 'entries') AND name NOT IN ('entries_film', 'films_title_key')"
        " AND sql NOT LIKE 'CREATE UNIQUE%'",
    )
    import_id = conn.execute(
        "INSERT INTO imports (source, path, imported_at) VALUES ('letterboxd', ?, ?)",
        [str(diary), STAMP],
    ).lastrowid
    films: dict[tuple[str, str], int] = {}
    tags: dict[str, int] = {}
    film_rows, entry_rows, tag_rows = [], [], []
    with diary.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        columns = {name: n for n, name in enumerate(next(reader))}
        name, year, watched, rating, rewatch, tagged, uri = (
            columns[c]
            for c in ("Name", "Year", "Watched Date", "Rating", "Rewatch", "Tags", "Letterboxd URI")
        )
        rated: dict[
            int, tuple[str, str, int]
        ] = {}  # film: its latest rated entry's day, uid, half stars
        for eid, record in enumerate(reader, start=1):
            cited = (record[name], record[year])
            fid = films.get(cited)
            if fid is None:
                fid = films[cited] = len(films) + 1
                film_rows.append([fid, cited[0], cited[0].lower(), cited[1] or None, import_id])
            stars = record[rating]
            half = int(float(stars) * 2) if stars else None
            uid = new_uid()
            if half is not None and (record[watched], uid) > rated.get(fid, ("", "", 0))[:2]:
                rated[fid] = (record[watched], uid, half)
            entry_rows.append(
                (
                    eid,
                    fid,
                    record[watched],
                    half,
                    int(record[rewatch] == "Yes"),
                    record[uri] or None,
                    uid,
                    import_id,
                )
            )
            for tag in filter(None, (t.strip() for t in record[tagged].split(","))):
                tid = tags.get(tag)
                if tid is None:
                    tid = tags[tag] = len(tags) + 1
                tag_rows.append((eid, tid))
    for row in film_rows:
        day, _, half = rated.get(row[0], (None, None, None))
        row += [half, day]
    conn.executemany(
        "INSERT INTO films (id, title, title_key, year, import_id, rating, rated_at, seen,"
        f" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, '{STAMP}', '{STAMP}')",
        film_rows,
    )
    conn.executemany(
        "INSERT INTO entries (id, film_id, watched, rating, rewatch, letterboxd_uri, uid,"
        " created_at, updated_at, import_id)"
        f" VALUES (?, ?, ?, ?, ?, ?, ?, '{STAMP}', '{STAMP}', ?)",
        entry_rows,
    )
    conn.executemany(
        "INSERT INTO tags (id, name, name_key) VALUES (?, ?, ?)",
        [(t, n, n.lower()) for n, t in tags.items()],
    )
    conn.executemany("INSERT INTO entry_tags (entry_id, tag_id) VALUES (?, ?)", tag_rows)
    for sql in [*indexes, *triggers]:
        conn.execute(sql)
    conn.execute(f"INSERT INTO search {COLUMNS} {FILM_DOCUMENT}")
    conn.execute(f"INSERT INTO search {COLUMNS} {ENTRY_DOCUMENT} WHERE {HAS_WORDS}")
    conn.execute("UPDATE imports SET finished_at = ? WHERE id = ?", [STAMP, import_id])
    conn.execute("COMMIT")
    conn.close()


if __name__ == "__main__":
    write(Path(sys.argv[1]), Path(sys.argv[2]))
