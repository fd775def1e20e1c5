"""The schema the migrations build from an empty file is exactly the one checked in.

A shipped migration must never change: editing one (or a constant it reads)
changes this dump and fails here. A new migration changes it too, on purpose:
then write the new dump with

    python -m tests.test_schema > tests/schema.sql
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

DUMP = Path(__file__).with_name("schema.sql")


def schema() -> str:
    """Every table, index and trigger the migrations make, as SQLite keeps their text."""
    from sqlite_utils import Database

    from filmlog.journal import migrations

    conn = sqlite3.connect(":memory:")
    migrations.migrations().apply(Database(conn))
    rows = conn.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"
        " AND name NOT LIKE '\\_sqlite\\_migrations%' ESCAPE '\\'"
        " ORDER BY type DESC, name"
    )
    return "".join(f"{sql};\n" for (sql,) in rows)


def test_the_migrations_build_the_checked_in_schema() -> None:
    assert schema() == DUMP.read_text(encoding="utf-8")


if __name__ == "__main__":
    print(schema(), end="")
