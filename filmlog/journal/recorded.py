"""Changes that are not imports (a merge, a conversion of tags), recorded as imports: so
`import list` shows them and `import undo` takes them back, each from its own record of
what it changed (a JSON snapshot in import_changes, under its source's name)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from filmlog.values.clock import now
from filmlog.values.errors import FilmlogError


def record(
    conn: sqlite3.Connection, source: str, what: str, counts: dict[str, Any], snapshot: Any
) -> int:
    """The change's record (in the caller's transaction), with what undoing it needs; its id."""
    stamp = now()
    cur = conn.execute(
        "INSERT INTO imports (source, path, imported_at, counts, finished_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [source, what, stamp, json.dumps(counts), stamp],
    )
    import_id = int(cur.lastrowid or 0)
    conn.execute(
        "INSERT INTO import_changes (import_id, table_name, row_id, column_name, previous)"
        " VALUES (?, ?, 0, 'snapshot', ?)",
        [import_id, source, json.dumps(snapshot)],
    )
    return import_id


def snapshot(conn: sqlite3.Connection, import_id: int, source: str) -> Any:
    """What a recorded change kept of what it changed."""
    found = conn.execute(
        "SELECT previous FROM import_changes WHERE import_id = ? AND table_name = ?",
        [import_id, source],
    ).fetchone()
    if found is None:
        raise FilmlogError(f"import {import_id} holds no record of its {source} to take back")
    return json.loads(found[0])


class Rehearsal(FilmlogError):
    """Raised at the end of a dry run, inside its transaction, so that nothing of it stays;
    it carries what the change would have done."""

    def __init__(self, result: Any) -> None:
        super().__init__("dry run")
        self.result = result


def rehearse(run: Callable[[], Any]) -> Any:
    """What a change would do: run as a dry run (it raises Rehearsal), rolled back."""
    try:
        run()
    except Rehearsal as done:
        return done.result
    raise AssertionError("a dry run wrote")  # pragma: no cover
