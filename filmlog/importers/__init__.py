"""Imports: one module per source, each a run(session, path) function.

``run_import`` makes every import one transaction (all of it or none of it),
records it so that ``undo`` can take it back, and turns a dry run into a
rollback after the same work.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from filmlog.db import Journal
from filmlog.importers import imdb, journal_json, letterboxd, letterboxd_rss
from filmlog.importers.session import ImportSession, Summary
from filmlog.importers.sources import CsvFile, ImportRefused
from filmlog.importers.undo import ImportRecord, Undone, history, undo

__all__ = ["IMPORTERS", "ImportRecord", "Undone", "history", "run_import", "undo"]

# Each reads what the person named (a path; for the feed, a member, an address or a file).
Importer = Callable[[ImportSession, str], None]

IMPORTERS: dict[str, Importer] = {
    "letterboxd": lambda session, where: letterboxd.run(session, Path(where).expanduser()),
    "imdb": lambda session, where: imdb.run(session, Path(where).expanduser()),
    "json": lambda session, where: journal_json.run(session, Path(where).expanduser()),
    "letterboxd-rss": letterboxd_rss.run,
}


class _DryRun(Exception):
    """Raised to roll back a dry run once its summary is made."""


def run_import(
    journal: Journal,
    source: str,
    path: str | Path,
    *,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    summary = Summary(source=source, path=str(path), dry_run=dry_run)
    CsvFile.last_read = (str(path), 0)
    try:
        with journal.bulk():
            session = ImportSession(journal, summary, progress)
            IMPORTERS[source](session, str(path))
            session.finish()
            if dry_run:
                raise _DryRun
    except _DryRun:
        summary.import_id = None
    except sqlite3.IntegrityError as exc:
        # Two records of the export that the journal cannot hold both of: a
        # problem of the input (the transaction is rolled back), never damage.
        file, line = CsvFile.last_read
        raise ImportRefused(
            file, f"clashes with a record read before it ({exc}); nothing was written", line
        ) from exc
    return summary
