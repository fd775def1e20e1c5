"""Taking a merge back: every film, viewing, id, link, list place and sync item it moved,
from its record; a value changed since the merge is kept (see merge.py)."""

from __future__ import annotations

import sqlite3

from filmlog.imports.engine.merge import SOURCE, insert_row, one_row
from filmlog.journal import recorded
from filmlog.journal.db import Journal
from filmlog.journal.store import refresh_rating
from filmlog.values.errors import FilmlogError
from filmlog.values.film_ids import COLUMNS


def take_back(journal: Journal, import_id: int) -> tuple[int, list[str]]:
    """Undo a merge (in the caller's transaction): what it moved comes back; a value changed
    since it is kept. The values restored, and what was kept."""
    conn = journal.conn
    snapshot = recorded.snapshot(conn, import_id, SOURCE)
    if snapshot["kind"] == "films":
        return _films_back(conn, snapshot)
    restored, kept = _viewings_back(conn, snapshot)
    refresh_rating(journal, snapshot["film"]["id"], clear_when_unrated=True)
    return restored, kept


def _restore(
    conn: sqlite3.Connection, table: str, before: dict, after: dict, skip: tuple[str, ...] = ()
) -> tuple[int, list[str]]:
    """The columns the merge changed, back, unless changed again since."""
    now_row = one_row(conn, table, "id = ?", before["id"])
    if now_row is None:
        what = "film" if table == "films" else "entry"
        raise FilmlogError(f"the {what} the merge kept ({before['id']}) is gone since")
    back, kept = {}, []
    for column, value in before.items():
        if column in ("updated_at", *skip) or after.get(column) == value:
            continue
        if now_row[column] == after.get(column):
            back[column] = value
        else:
            kept.append(f"the {column.replace('_', ' ')} changed since the merge")
    # Untouched since the merge: it is the row it was, to its stamp (a merge within the
    # second of the row's last edit left the stamp alone, one a second later did not).
    restored = len(back)
    if not kept and now_row["updated_at"] == after.get("updated_at") != before["updated_at"]:
        back["updated_at"] = before["updated_at"]
    if back:
        sets = ", ".join(f"{c} = ?" for c in back)
        conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*back.values(), before["id"]])
    return restored, kept


def _films_back(conn: sqlite3.Connection, snapshot: dict) -> tuple[int, list[str]]:
    target, into = snapshot["target"], snapshot["target"]["id"]
    for film in snapshot["films"]:
        if conn.execute("SELECT 1 FROM films WHERE id = ?", [film["row"]["id"]]).fetchone():
            raise FilmlogError(f"film id {film['row']['id']} is another film's since the merge")
    # Ids that came with the films go back with them: freed here first (they are unique).
    theirs = {
        (k, str(f["row"][c]))
        for f in snapshot["films"]
        for k, c in COLUMNS.items()
        if f["row"][c] is not None
    }
    theirs |= {(i["kind"], i["value"]) for f in snapshot["films"] for i in f["links"]["film_ids"]}
    for kind, value in theirs:
        conn.execute(
            "DELETE FROM film_ids WHERE film_id = ? AND kind = ? AND value = ?", [into, kind, value]
        )
        if kind in COLUMNS:
            conn.execute(
                f"UPDATE films SET {COLUMNS[kind]} = NULL WHERE id = ?"
                f" AND CAST({COLUMNS[kind]} AS TEXT) = ?",
                [into, value],
            )
    restored, kept = _restore(conn, "films", target, snapshot["after"], tuple(COLUMNS.values()))
    conn.execute("DELETE FROM film_titles WHERE film_id = ?", [into])  # its own come back
    for row in snapshot["target_links"]["film_titles"]:
        insert_row(conn, "film_titles", row)
    before = snapshot["target_links"]
    for film in snapshot["films"]:
        insert_row(conn, "films", film["row"])
        o = film["row"]["id"]
        for table, rows in film["links"].items():
            for row in rows:
                if table == "list_items":
                    mine = before["list_items"]
                    if not any(m["list_id"] == row["list_id"] for m in mine):
                        conn.execute(
                            "DELETE FROM list_items WHERE list_id = ? AND film_id = ?",
                            [row["list_id"], into],
                        )
                elif (
                    table in ("film_directors", "film_genres", "film_countries")
                    and not (before[table])
                ):  # moved over to the film that lacked them
                    conn.execute(f"DELETE FROM {table} WHERE film_id = ?", [into])
                insert_row(conn, table, {**row, "film_id": o})
        marks = ",".join("?" * len(film["entries"]))
        conn.execute(
            f"UPDATE entries SET film_id = ? WHERE film_id = ? AND id IN ({marks})",
            [o, into, *film["entries"]],
        )
        marks = ",".join("?" * len(film["sync_items"]))
        conn.execute(
            f"UPDATE sync_items SET film_id = ? WHERE id IN ({marks})", [o, *film["sync_items"]]
        )
    for row in before["list_items"]:  # its own places and notes, as they were
        conn.execute(
            "UPDATE list_items SET position = ?, note = ? WHERE list_id = ? AND film_id = ?",
            [row["position"], row["note"], row["list_id"], into],
        )
    if not before["watchlist"]:
        conn.execute("DELETE FROM watchlist WHERE film_id = ?", [into])
    else:
        conn.execute(
            "UPDATE watchlist SET added_at = ? WHERE film_id = ?",
            [before["watchlist"][0]["added_at"], into],
        )
    for column in COLUMNS.values():  # its own ids, as they were
        if target[column] is not None:
            conn.execute(
                f"UPDATE films SET {column} = ? WHERE id = ? AND {column} IS NULL",
                [target[column], into],
            )
    return restored + len(snapshot["films"]), kept


def _viewings_back(conn: sqlite3.Connection, snapshot: dict) -> tuple[int, list[str]]:
    kept_row = snapshot["kept"]
    for other in snapshot["others"]:
        if conn.execute("SELECT 1 FROM entries WHERE id = ?", [other["id"]]).fetchone():
            raise FilmlogError(f"entry id {other['id']} is another entry's since the merge")
    if kept_row["letterboxd_uri"] != snapshot["after"]["letterboxd_uri"]:
        conn.execute(
            "UPDATE entries SET letterboxd_uri = ? WHERE id = ? AND letterboxd_uri = ?",
            [kept_row["letterboxd_uri"], kept_row["id"], snapshot["after"]["letterboxd_uri"]],
        )
    restored, kept = _restore(conn, "entries", kept_row, snapshot["after"], ("letterboxd_uri",))
    own = set(snapshot["tags"][str(kept_row["id"])])
    added = {t for ts in snapshot["tags"].values() for t in ts} - own
    for tag in added:
        conn.execute(
            "DELETE FROM entry_tags WHERE entry_id = ? AND tag_id = ?", [kept_row["id"], tag]
        )
    own_company = {w["companion_id"] for w in snapshot["company"][str(kept_row["id"])]}
    came = {w["companion_id"] for ws in snapshot["company"].values() for w in ws} - own_company
    for who in came:  # those the merge brought over go back with their viewings
        conn.execute(
            "DELETE FROM entry_companions WHERE entry_id = ? AND companion_id = ?",
            [kept_row["id"], who],
        )
    for other in snapshot["others"]:
        insert_row(conn, "entries", other)
        for who in snapshot["company"][str(other["id"])]:
            insert_row(conn, "entry_companions", who)
        for tag in snapshot["tags"][str(other["id"])]:
            conn.execute(
                "INSERT INTO entry_tags (entry_id, tag_id) VALUES (?, ?)", [other["id"], tag]
            )
        items = snapshot["sync_items"][str(other["id"])]
        marks = ",".join("?" * len(items))
        conn.execute(
            f"UPDATE sync_items SET entry_id = ? WHERE id IN ({marks})", [other["id"], *items]
        )
    return restored + len(snapshot["others"]), kept
