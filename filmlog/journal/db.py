"""Opening a journal: the file checks, the connection settings, the migrations.

Every command opens its journal here, so the pragmas and the refusals of
damaged, foreign and newer files live in one place. Reading needs only the
standard library; sqlite-utils is imported when a journal is written to or
migrated, which keeps read commands quick to start.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from filmlog.journal import connection, migrations
from filmlog.values.errors import BadValue, Busy, FilmlogError, JournalError

if TYPE_CHECKING:
    from sqlite_utils import Database

SQLITE_HEADER = b"SQLite format 3\x00"
FOREIGN_MARKS = ("application_id", "user_version")  # filmlog sets neither
BUSY_TIMEOUT_SECONDS = 5.0
READ_CACHE_KB = 8192
# Knobs for tests and odd set-ups: how long to wait for another writer, and a
# cap on the journal's size in pages (to simulate a full disk).
BUSY_TIMEOUT_ENV = "FILMLOG_BUSY_TIMEOUT"
MAX_PAGES_ENV = "FILMLOG_MAX_PAGE_COUNT"

# Write transactions this process committed: Ctrl-C after one must not say "nothing saved".
COMMITTED = [0]


def commit(conn: sqlite3.Connection) -> None:
    """COMMIT, counted before it runs and uncounted if it did not happen: Ctrl-C is raised
    between bytecodes, from whichever thread took the signal, so it can land just after the
    COMMIT returned; the count must already say so then."""
    before = COMMITTED[0]
    COMMITTED[0] = before + 1
    try:
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # an error, or a Ctrl-C raised before the COMMIT ran
            COMMITTED[0] = before
        raise


class Journal:
    """An open journal: a connection, and a sqlite-utils Database for writes."""

    def __init__(
        self, conn: sqlite3.Connection, path: Path | None, writable: bool, created: bool = False
    ) -> None:
        self.conn = conn
        self.path = path  # None for the empty stand-in used before a journal exists
        self.writable = writable
        self.created = created  # this command made the file
        self._savepoints = 0

    @cached_property
    def db(self) -> Database:
        from sqlite_utils import Database

        return Database(self.conn, execute_plugins=False)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is saved, or none of it.

        Nested calls become savepoints in the caller's transaction. This is
        the path of the one-row commands (add, edit, rm), so it stays on the
        standard library: importing sqlite-utils would cost a third of `add`.
        """
        if not self.writable:
            raise JournalError(f"{self.path} was opened for reading only")
        if self.conn.in_transaction:
            self._savepoints += 1
            name = f"filmlog_{self._savepoints}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self.conn
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            self.conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        # BEGIN IMMEDIATE takes the write lock up front. A deferred BEGIN that
        # reads first cannot wait for another writer (SQLite answers BUSY at
        # once), so concurrent adds would fail instead of queueing.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        commit(self.conn)

    @contextmanager
    def bulk(self) -> Iterator[Database]:
        """A large import's writes: sqlite-utils' atomic(), a savepoint in transaction()."""
        assert self.conn.in_transaction, "bulk() is entered inside transaction()"
        with self.db.atomic():
            yield self.db

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close()
        if exc_type is not None and self.created and self.path is not None:
            self._remove_unused_file()

    def _remove_unused_file(self) -> None:
        """A journal made by a command that then failed holds nothing: take it away."""
        try:
            conn = sqlite3.connect(self.path)  # type: ignore[arg-type]
            try:
                used = conn.execute("SELECT count(*) FROM films").fetchone()[0]
            finally:
                conn.close()
        except sqlite3.Error:
            return
        if used == 0:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)


def open_journal(
    path: Path, *, write: bool, dry_run: bool = False, upgrade: bool = True
) -> Journal:
    """Open the journal at path, creating and migrating it when writing.

    Reading a journal that does not exist yet gives an empty one in memory,
    so that ``list`` on a new machine prints nothing rather than failing,
    and no file is created by a command that only reads. dry_run: a copy of
    the journal in memory to write to (see open_scratch). upgrade=False: an
    older journal is refused rather than upgraded (a reader promised never to
    touch the file: the MCP server without --allow-writes).
    """
    _busy_timeout()  # a setting that cannot be used is refused before any file is made
    if dry_run:
        return open_scratch(path)
    if path.is_dir():
        raise JournalError(f"{path} is a folder, not a journal: give a file path with --db")
    fresh = not path.exists() or path.stat().st_size == 0
    if fresh and not write:
        return open_blank(writable=False)
    created = fresh and not path.exists()
    if fresh:
        _create_file(path)
    else:
        _check_header(path)
    if write and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise JournalError(f"the journal {path} is read-only: nothing was changed")
    conn = _connect(path, write=write)
    try:
        applied = _applied_migrations(conn, path)
        pending = [name for name in migrations.NAMES if name not in applied]
        if pending and not upgrade:
            raise JournalError(
                f"the journal {path} was made by an older filmlog: run `filmlog db info` once"
                " to upgrade it (a backup is kept), then ask again"
            )
        if pending and not write and os.access(path, os.W_OK):
            # An older journal (or a new empty file) is brought up to date
            # even by a read: its tables must exist before they can be read.
            conn.close()
            conn = _connect(path, write=True)
            write = True
        if write:
            _use_wal(conn)
            if pending:
                _upgrade(conn, path, had_journal=bool(applied))
    except sqlite3.OperationalError as exc:
        conn.close()
        raise explain(exc, path) from exc
    except BaseException:
        conn.close()
        raise
    return Journal(conn, path, writable=write, created=created)


# SQLite's primary result codes (https://sqlite.org/rescode.html) that a person can act on.
PERM, BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB = (
    3,
    5,
    6,
    8,
    10,
    11,
    13,
    14,
    26,
)


def sqlite_code(exc: sqlite3.Error) -> int | None:
    """The primary result code SQLite gave for an error (None for errors of Python's own)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def info(journal: Journal, path: Path) -> dict[str, object]:
    """Where the journal is (path, which a missing one does not have yet), its size and
    schema version, and what it holds."""
    from filmlog.journal.records import counts

    exists = path.exists()
    applied = (
        [
            r[0]
            for r in journal.conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id",
                [migrations.MIGRATION_SET],
            )
        ]
        if exists
        else []
    )
    return {
        "path": str(path),
        "exists": exists,
        "size": path.stat().st_size if exists else 0,
        "schema": applied[-1] if applied else None,
        "migrations": applied,
        "machine": migrations.machine_id(journal.conn) if exists else None,
        **counts(journal.conn),
    }


def explain(exc: sqlite3.Error, path: Path | None) -> FilmlogError:
    """Turn an error from SQLite into a message a person can act on, by its result code.

    "Damaged" is said only when SQLite itself found the file damaged; any
    other refusal is a problem of filmlog's, reported as such.
    """
    code = sqlite_code(exc)
    if code in (BUSY, LOCKED):
        return Busy(
            f"the journal {path} is busy: another filmlog is writing to it; try again in a moment"
        )
    if code == READONLY:
        return JournalError(f"the journal {path} is read-only: nothing was changed")
    if code == FULL:
        return JournalError(f"could not write to {path}: the disk is full; nothing was changed")
    if code in (CANTOPEN, PERM):
        return JournalError(f"cannot open the journal {path}: check the folder exists and is yours")
    if code in (CORRUPT, NOTADB):
        return _damaged(path, exc)
    if code == IOERR:
        return JournalError(f"could not read or write the journal {path} ({exc}): is the disk ok?")
    return FilmlogError(
        f"filmlog failed unexpectedly (SQLite: {exc}); nothing was changed."
        " Run again with FILMLOG_DEBUG=1 to see the details, and please report it."
    )


def _create_file(path: Path) -> None:
    from filmlog.journal.paths import default_journal

    if not path.parent.is_dir() and path != default_journal():  # only the data folder is made
        raise JournalError(
            f"cannot create the journal {path}: there is no folder {path.parent}; make it"
            " first, or check the path"
        )
    try:
        from filmlog.journal.files import make_folders

        make_folders(path.parent)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except FileExistsError:
        pass  # another filmlog created it a moment ago; that is fine
    except OSError as exc:
        raise JournalError(f"cannot create the journal {path}: {exc.strerror}") from exc


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise JournalError(f"cannot read the journal {path}: {exc.strerror}") from exc
    if header != SQLITE_HEADER:
        raise JournalError(
            f"{path} is not a filmlog journal (not a SQLite file): "
            "point --db at your journal, or restore it from a backup"
        )


def _busy_timeout() -> float:
    """How long to wait for another writer: FILMLOG_BUSY_TIMEOUT seconds, else 5."""
    given = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    if not given:
        return BUSY_TIMEOUT_SECONDS
    try:
        seconds = float(given)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 3600 or seconds != seconds:
        raise BadValue(
            f"{BUSY_TIMEOUT_ENV}={given!r} is not a number of seconds from 0 to 3600:"
            f" unset it, or set it like {BUSY_TIMEOUT_ENV}=5"
        )
    return seconds


def _connect(path: Path, *, write: bool) -> sqlite3.Connection:
    timeout = _busy_timeout()
    try:
        if write:
            conn = connection.connect(
                f"file:{quote(str(path))}", uri=True, isolation_level=None, timeout=timeout
            )
        else:
            conn = connect_for_reading(path, timeout=timeout)
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        raise explain(exc, path) from exc
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    pages = os.environ.get(MAX_PAGES_ENV, "")
    if pages.isdigit():
        conn.execute(f"PRAGMA max_page_count = {int(pages)}")
    return conn


def connect_for_reading(path: Path, timeout: float = BUSY_TIMEOUT_SECONDS) -> sqlite3.Connection:
    """A read-only connection to a journal, wherever it is kept.

    A journal in WAL mode needs a shared-memory file beside it even to be
    read. In a folder the user cannot write (a backup on a read-only share, a
    copy owned by another account, a read-only mount) SQLite cannot make one
    and refuses (SQLITE_READONLY_DIRECTORY or SQLITE_CANTOPEN, by version): the
    file is then read as it stands, as immutable. That reading does not see a
    -wal file beside it that was never checkpointed; nobody can be writing
    there anyway.
    """
    conn = sqlite3.connect(
        f"file:{quote(str(path))}?mode=ro", uri=True, isolation_level=None, timeout=timeout
    )
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        conn.close()
        if sqlite_code(exc) not in (READONLY, CANTOPEN):
            raise
        conn = sqlite3.connect(
            f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True, isolation_level=None
        )
    # 8 MB of page cache (SQLite's default is 2): whole-journal outputs read the
    # entries in date order, all over the file. A command pays only for pages it reads.
    conn.execute(f"PRAGMA cache_size = -{READ_CACHE_KB}")
    return conn


def _applied_migrations(conn: sqlite3.Connection, path: Path) -> set[str]:
    """The names of the migrations applied; refuse foreign and newer files."""
    try:
        tables = {
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        if "_sqlite_migrations" not in tables:
            applied: set[str] = set()
        else:
            applied = {
                row[0]
                for row in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                    [migrations.MIGRATION_SET],
                )
            }
        # Another program's file, even an empty one, says so: its application_id or
        # user_version in the header, or any table, view or trigger of its own.
        marked = any(conn.execute(f"PRAGMA {p}").fetchone()[0] for p in FOREIGN_MARKS)
        objects = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            " AND tbl_name != '_sqlite_migrations'"
        ).fetchone()[0]
    except sqlite3.Error as exc:
        raise explain(exc, path) from exc
    if not applied and (marked or objects):
        raise JournalError(
            f"{path} is a SQLite database but not a filmlog journal: "
            "point --db at your journal or at a new file"
        )
    unknown = sorted(applied - set(migrations.NAMES))
    if unknown:
        raise JournalError(
            f"this journal was made by a newer filmlog ({path} has {', '.join(unknown)}); "
            "upgrade filmlog to use it"
        )
    return applied


def _damaged(path: Path | None, exc: sqlite3.Error) -> JournalError:
    return JournalError(
        f"the journal {path} is damaged ({exc}): run `filmlog db check` or restore a backup"
    )


def _use_wal(conn: sqlite3.Connection) -> None:
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    if mode.lower() != "wal":
        conn.execute("PRAGMA journal_mode = WAL")


def _upgrade(conn: sqlite3.Connection, path: Path, *, had_journal: bool) -> None:
    """Apply pending migrations in one transaction, after a backup of an older journal."""
    from sqlite_utils import Database

    db = Database(conn, execute_plugins=False)
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another filmlog may have migrated while we waited for the lock.
        pending = migrations.migrations().pending(db)
        if pending and had_journal:
            backup_copy(conn, path)
        if pending:
            migrations.migrations().apply(db)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def backup_copy(conn: sqlite3.Connection, path: Path) -> Path:
    """Write a backup next to the journal, named after the time, readable by its owner only.

    conn holds the write lock; the copy is read through a second connection,
    which WAL lets read the last committed state meanwhile.
    """
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.bak-{stamp}")
    fd = os.open(target, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    os.close(fd)
    source = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    out = sqlite3.connect(target)
    try:
        source.backup(out, pages=-1)
    finally:
        out.close()
        source.close()
    os.chmod(target, 0o600)
    return target


def open_scratch(path: Path) -> Journal:
    """A copy of the journal in memory, for a dry run to write to and throw away.

    The file is only read (a read-only journal, or one in a read-only folder,
    will do), never created, upgraded or locked for writing: a dry run
    creates, changes and caches nothing anywhere. An older journal is
    upgraded in the copy only.
    """
    if path.is_dir():
        raise JournalError(f"{path} is a folder, not a journal: give a file path with --db")
    scratch = connection.connect(":memory:", isolation_level=None)
    if path.exists() and path.stat().st_size > 0:
        _check_header(path)
        try:
            source = connect_for_reading(path, timeout=_busy_timeout())
            try:
                _applied_migrations(source, path)
                source.backup(scratch)
            finally:
                source.close()
        except sqlite3.Error as exc:
            scratch.close()
            raise explain(exc, path) from exc
    scratch.execute("PRAGMA foreign_keys = ON")
    from sqlite_utils import Database

    migrations.migrations().apply(Database(scratch, execute_plugins=False))
    return Journal(scratch, path, writable=True)


def open_blank(writable: bool = True) -> Journal:
    """A new journal in memory: what a read of a missing journal sees, or one to write to
    and throw away (a source read once for its servers' answers, before the lock)."""
    from sqlite_utils import Database

    conn = connection.connect(":memory:", isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    migrations.migrations().apply(Database(conn, execute_plugins=False))
    return Journal(conn, None, writable=writable)
