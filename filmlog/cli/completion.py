"""Shell completion of film titles: quick, so it reads SQLite directly."""

from __future__ import annotations

import sqlite3

import typer

from filmlog.paths import journal_path


def complete_title(ctx: typer.Context, incomplete: str) -> list[str]:
    """Titles in the journal that start with what was typed (case and accents aside)."""
    root = ctx.find_root()
    chosen = ctx.params.get("db") or root.params.get("db")
    path = journal_path(chosen)
    if not path.is_file():
        return []
    from filmlog.db import connect_for_reading
    from filmlog.store import titles_starting

    try:
        conn = connect_for_reading(path)
        try:
            return titles_starting(conn, incomplete)
        finally:
            conn.close()
    except sqlite3.Error:
        return []  # completion must never print errors into the shell
