"""One journal on several machines: this journal's machine, and what it knows of the
others through a shared folder (see filmlog.syncfolder)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def m015_machines(db: Database) -> None:
    """This journal's machine id (made once, here), and the tables a sync folder needs.

    The triggers that note what changed are made when the journal first syncs, so that a
    journal that never does pays nothing for them on an import."""
    db.execute(
        """
        CREATE TABLE sync_machine (
            id TEXT PRIMARY KEY,  -- this journal's machine id, the name of its files
            home TEXT,  -- host, device and inode of the file when it first synced
            folder TEXT,  -- the folder it last synced through
            clock TEXT,  -- the latest stamp made or seen here (a hybrid logical clock)
            seq INTEGER NOT NULL DEFAULT 0,  -- the last of its change files written
            snapshot INTEGER NOT NULL DEFAULT 0  -- the change file its last snapshot covers
        )
        """
    )
    db.execute("INSERT INTO sync_machine (id) VALUES (lower(hex(randomblob(8))))")
    db.execute(
        """
        CREATE TABLE sync_dirty (
            kind TEXT NOT NULL,  -- film, entry, list, item
            local TEXT NOT NULL,  -- its id here (an item: list id:film id)
            field TEXT NOT NULL,  -- the value changed; * made, - removed
            PRIMARY KEY (kind, local, field)
        ) WITHOUT ROWID
        """
    )
    db.execute(
        """
        CREATE TABLE sync_uids (
            kind TEXT NOT NULL,
            uid TEXT NOT NULL,  -- the same on every machine
            local TEXT,  -- its row here; NULL when removed or not yet here
            origin TEXT NOT NULL,  -- the machine that made it
            gone TEXT,  -- the stamp of its removal: it stays removed
            pending TEXT,  -- JSON: what came for it before it could be made here
            joined INTEGER NOT NULL DEFAULT 0,  -- its machine had it before joining the folder
            sign TEXT,  -- a viewing's day, rating, review and address when it joined
            PRIMARY KEY (kind, uid)
        ) WITHOUT ROWID
        """
    )
    db.execute("CREATE INDEX sync_uids_local ON sync_uids (kind, local)")
    db.execute(
        """
        CREATE TABLE sync_stamps (
            kind TEXT NOT NULL,
            local TEXT NOT NULL,
            stamps TEXT NOT NULL,  -- JSON: field -> the stamp of its value; * the rest
            PRIMARY KEY (kind, local)
        ) WITHOUT ROWID
        """
    )
    db.execute(
        """
        CREATE TABLE sync_seen (
            machine TEXT PRIMARY KEY,  -- another machine of the folder
            name TEXT,  -- its host name, as it says
            seq INTEGER NOT NULL DEFAULT 0  -- its last change file applied here
        )
        """
    )


def machine_id(conn: sqlite3.Connection) -> str | None:
    """This journal's machine id: the name of its files in a sync folder."""
    try:
        row = conn.execute("SELECT id FROM sync_machine").fetchone()
    except sqlite3.Error:  # a journal of before m015, opened without upgrading
        return None
    return str(row[0]) if row else None
