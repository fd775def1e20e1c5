"""Shell completion of film titles: quick, so it reads SQLite directly."""

from __future__ import annotations

import sqlite3
from typing import Any

from filmlog.paths import journal_path


def complete_title(ctx: Any, incomplete: str) -> list[str]:
    root = ctx.find_root() if ctx is not None else None
    chosen = (ctx.params.get("db") if ctx else None) or (root.params.get("db") if root else None)
    path = journal_path(chosen)
    if not path.is_file():
        return []
    from filmlog.store import titles_starting

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return titles_starting(conn, incomplete)
        finally:
            conn.close()
    except sqlite3.Error:
        return []  # completion must never print errors into the shell
