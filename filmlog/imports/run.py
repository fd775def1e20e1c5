"""Running an import: the one way every source is run.

``run_import`` makes every import one transaction (all of it or none of it)
(bulk mode once it is large), records it so that ``undo`` can take it back, rolls a dry
run back after the same work; a value a source refuses becomes the refusal
naming its file and line here, in one place.
"""

from __future__ import annotations

import gc
import sqlite3
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from filmlog.imports.engine.bulk import bulk
from filmlog.imports.engine.session import ImportSession, Progress, Same, Summary
from filmlog.imports.engine.source import Given, Lookup, Source, which
from filmlog.imports.reading.archive import ForeignFile, ImportRefused, Member
from filmlog.imports.reading.tables import head_of
from filmlog.imports.registry import source, sources
from filmlog.journal import config
from filmlog.journal.db import Journal, explain, open_blank, open_scratch
from filmlog.online.fetch import Tape, taped
from filmlog.values.errors import BadValue, JournalError

__all__ = ["importing", "run_import"]

# The tables an import relies on to find what it has already (their unique indexes say
# "this item is that entry"): checked before an import writes, since a damaged index
# would let it write twins that SQLite never notices.
IMPORT_TABLES = ("films", "entries", "sync_items", "film_ids")


# Journals this process found whole, with their files (the journal and its WAL) as they
# stood after its own last import: `sync` checks once for all its sources, and a file
# changed by anything else since is checked again.
_WHOLE: dict[Path, tuple[tuple[int, int], ...]] = {}


def _files_of(path: Path) -> tuple[tuple[int, int], ...]:
    stats = []
    for file in (path, Path(f"{path}-wal")):
        try:
            found = file.stat()
        except OSError:
            stats.append((0, 0))
        else:
            stats.append((found.st_mtime_ns, found.st_size))
    return tuple(stats)


def _check_damage(journal: Journal, tables: tuple[str, ...] = IMPORT_TABLES) -> None:
    """Refuse to write to a journal whose tables or indexes SQLite finds damaged (some
    350 ms for 100,000 entries: for imports, not for one-row commands)."""
    if journal.path is None or _WHOLE.get(journal.path) == _files_of(journal.path):
        return
    for table in tables:
        try:
            found = journal.conn.execute(f"PRAGMA integrity_check({table})").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise explain(exc, journal.path) from exc
        if found != "ok":
            raise JournalError(
                f"the journal {journal.path} is damaged ({found}): nothing was changed; run"
                " `filmlog db check`, or restore a backup"
            )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """An import makes objects by the hundred thousand (a row, its cells, its viewing) and
    reference counting frees them; the cycle collector's passes over all that is alive
    (ten full ones for 100,000 rows) cost a large import some 8%: they wait for its end."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            # What the import made and still holds (the session's maps) counts as old:
            # else the first allocation after enable() walks all of it at once (a tenth
            # of a second for 100,000 rows) to find it alive. The next full pass sees it.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


# The last import's session, with what it read and made (a large file's rows and cells, the
# maps of its films and viewings): let go when the next import begins, or never. Freeing
# 100,000 rows' objects one by one takes some 60 ms, and a command ends right after its
# import, without the interpreter's teardown (filmlog.__main__): nobody waits for what is
# never freed. A sync's imports free each other's as before.
_last: list[ImportSession] = []


class _DryRun(Exception):
    """Raised to roll back a dry run once its summary is made."""


@contextmanager
def importing(
    journal: Journal,
    summary: Summary,
    *,
    same: Same = Same.DAY,
    exact_years: bool = False,
    progress: Progress | None = None,
) -> Iterator[ImportSession]:
    """One import's session: inside one transaction (bulk mode once it is known to be
    large), finished on the way out.
    An exception rolls all of it back, and so does the end of a dry run (summary.dry_run:
    the same work, its summary kept)."""
    _check_damage(journal)
    _last.clear()
    try:
        with _collector_paused(), journal.transaction():
            session = ImportSession(
                journal, summary, same=same, exact_years=exact_years, progress=progress
            )
            _last.append(session)
            with bulk(session.writer, journal):
                yield session
                session.finish()
            if summary.dry_run:
                raise _DryRun
    except _DryRun:
        summary.import_id = None
        return
    if journal.path is not None:  # whole when checked, and only this import wrote since
        _WHOLE[journal.path] = _files_of(journal.path)


def run_import(
    journal: Journal,
    name: str,
    where: str | Path,
    *,
    options: dict[str, Any] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    lookup: Lookup | None = None,
    convert_tags: bool = False,
) -> Summary:
    """Import from the source called name what where names; the summary of what it did
    (convert_tags: the person's `tags convert` rules applied to its viewings)."""
    chosen = source(name)
    shown = config.without_credentials(str(where))  # kept in the journal: no password
    summary = Summary(source=name, path=shown, dry_run=dry_run, title=chosen.summary_title(shown))
    given = Given(str(where), dict(options or {}), dry_run, lookup)
    reading: ImportSession | None = None
    tape = Tape()
    try:
        if chosen.configured is not None or lookup is not None:
            # A source that may ask a server is read first into a blank journal, its
            # answers kept: the journal's write lock is then held only while writing.
            # A lookup asks only of titles the journal lacks: that trial reads a copy of it
            # (a server's answers depend on nothing in the journal: a blank one will do).
            trial = Summary(source=name, path=str(where), dry_run=True)
            path = journal.path
            copied = lookup is not None and path is not None and path.exists()
            first_journal = open_scratch(path) if copied and path else open_blank()
            with (
                taped(tape),
                first_journal as scratch,
                importing(
                    scratch, trial, same=chosen.same, exact_years=chosen.exact_years
                ) as first,
            ):
                _read(chosen, first, given)
            tape.replaying = True
        with (
            taped(tape),
            importing(
                journal,
                summary,
                same=chosen.same,
                exact_years=chosen.exact_years,
                progress=progress,
            ) as reading,
        ):
            reading.platform = chosen.platform
            _read(chosen, reading, given)
            if convert_tags:
                _convert_tags(journal, reading)
    except ImportRefused as exc:
        raise _foreign(exc, chosen, Path(where).expanduser()) from None
    except UNFORESEEN as exc:  # met while writing what was read (a lone surrogate in text)
        raise _unforeseen(exc, chosen, reading, given) from exc
    except sqlite3.IntegrityError as exc:
        # Two records of the export that the journal cannot hold both of: a problem of
        # the input (the transaction is rolled back), never damage.
        where_read = reading.where if reading is not None else None
        raise ImportRefused(
            where_read.file if where_read else str(where),
            f"clashes with a record read before it ({exc}); nothing was written",
            where_read.line if where_read else None,
        ) from exc
    return summary


# What a reader can raise on input it did not foresee (a number where text was, digits
# without end, nesting without end, a lone surrogate): the input's fault, said as a
# refusal naming it, never "failed unexpectedly".
UNFORESEEN = (
    TypeError,
    ValueError,
    LookupError,
    AttributeError,
    RecursionError,
    OverflowError,
    sqlite3.InterfaceError,  # a value SQLite cannot hold (a dict, where text was)
    sqlite3.ProgrammingError,
    sqlite3.DataError,
)


def _convert_tags(journal: Journal, session: ImportSession) -> None:
    from filmlog.journal import company

    session.writer.flush()
    converted = company.convert_saved(journal, session.import_id)
    if converted and session.writer.beside is not None:
        session.writer.beside.forget()  # (their words changed: indexed again at the end)
    if converted:
        session.note(f"Tags made companions, places or platforms (your rules): {converted:,}.")


def _read(chosen: Source, session: ImportSession, given: Given) -> None:
    try:
        chosen.read(session, given)
    except BadValue as exc:  # a value of the record being read: its file and line
        if session.where is None:  # not a record's: what was given (a usage error)
            raise
        raise session.refused(exc) from None
    except UNFORESEEN as exc:
        raise _unforeseen(exc, chosen, session, given) from exc


def _unforeseen(
    exc: BaseException, chosen: Source, session: ImportSession | None, given: Given
) -> ImportRefused:
    where = session.where if session is not None else None
    what = chosen.describes or f"a {chosen.name} source"
    return ImportRefused(
        where.file if where else config.without_credentials(given.where),
        f"cannot be read as {what} ({_brief(exc)}); nothing was written",
        where.line if where else None,
        where.unit if where else "line",
    )


def _brief(exc: BaseException) -> str:
    """An exception in a few words: a crafted input can make its text any length."""
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return text if len(text) <= 120 else text[:119] + "…"


def _foreign(exc: ImportRefused, chosen: Source, path: Path) -> ImportRefused:
    """A file given to the wrong import: which source's it looks like, and the command. (A
    source that takes any file, a spreadsheet, has no wrong files: its refusals stand.)"""
    if chosen.recognizes is None:
        return exc
    if isinstance(exc, ForeignFile):
        member = exc.member
    elif path.is_file() and not zipfile.is_zipfile(path):
        member = Member(path.name, path)
    else:
        return exc
    columns, head = head_of(member)
    if chosen.recognizes is not None and chosen.recognizes(columns, head):
        return exc  # the source's own file, with something wrong in it
    other = which((s for s in sources().values() if s is not chosen), columns, head)
    if other is None:
        return exc
    return ImportRefused(
        member.label,
        f"this looks like {other.describes}, not {chosen.describes}:"
        f" use `filmlog import {other.name} {member.path}`",
    )
