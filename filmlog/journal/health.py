"""`db check` and `db backup`: is the journal whole, and a consistent copy of it."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from filmlog.journal import search_index
from filmlog.journal.db import FULL, SQLITE_HEADER, Journal, connect_for_reading, sqlite_code
from filmlog.journal.files import replacing
from filmlog.values.errors import FilmlogError


@dataclass
class Report:
    path: Path
    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "healthy": self.healthy,
            "checked": self.checked,
            "problems": self.problems,
        }


def check(path: Path) -> Report:
    """SQLite's own integrity and foreign-key checks, read-only, on any file."""
    report = Report(path)
    if not path.is_file():
        raise FilmlogError(f"there is no journal at {path}")
    with path.open("rb") as f:
        if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            report.problems.append("not a SQLite file")
            return report
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    try:
        if writable:
            conn = sqlite3.connect(f"file:{quote(str(path))}?mode=rw", uri=True)
        else:
            conn = connect_for_reading(path)
        conn.execute("BEGIN")  # rolled back: the check writes nothing
    except sqlite3.Error as exc:
        report.problems.append(f"cannot open: {exc}")
        return report
    try:
        _run(conn, report)
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"damaged: {exc}")
    finally:
        conn.rollback()
        conn.close()
    return report


def _run(conn: sqlite3.Connection, report: Report) -> None:
    result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    report.checked.append("integrity")
    if result != ["ok"]:
        report.problems += [f"integrity: {line}" for line in result[:20]]
    bad = conn.execute("PRAGMA foreign_key_check").fetchall()
    report.checked.append("foreign keys")
    for table, rowid, parent, _ in bad[:20]:
        report.problems.append(f"{table} row {rowid} points at a missing {parent} row")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "_sqlite_migrations" not in tables or "films" not in tables:
        report.problems.append("not a filmlog journal")
        return
    if "search" in tables:
        report.checked.append("search index")
        report.problems += search_index.problems(conn)


def repair_search(journal: Journal) -> None:
    """Build the search index anew, in one transaction."""
    with journal.transaction():
        search_index.rebuild(journal.conn)


def backup(journal: Journal, target: Path, *, force: bool = False) -> Path:
    """A consistent copy made with SQLite's online backup, readable by its owner only."""
    if journal.path is None:
        raise FilmlogError("there is no journal to back up yet: log a film first")
    if target.is_dir():
        target = target / (journal.path.name if journal.path else "filmlog.db")
    if target.resolve() == journal.path.resolve():
        raise FilmlogError("the backup must go to another file than the journal")
    with replacing(target, force=force) as tmp:
        out = sqlite3.connect(tmp)
        try:
            # One step (pages=-1) copies under one read lock: a consistent
            # snapshot even while another filmlog writes.
            journal.conn.backup(out, pages=-1)
            out.execute("PRAGMA journal_mode = DELETE")
        except sqlite3.OperationalError as exc:
            # What failed is the copy being written, not the journal (a full disk there).
            code = sqlite_code(exc)
            why = "the disk is full" if code == FULL else str(exc)
            raise FilmlogError(
                f"could not write the backup {target}: {why}; the journal is as it was"
            ) from exc
        finally:
            out.close()
    return target
