"""A journal's connection for writing, on which one statement may run beside the thread
that holds it.

A large import indexes each batch of entries for search on a second thread while it
reads on (its statement runs in SQLite, without the interpreter's lock: the machine's
other core does it). Every other use of the connection first waits for that statement
to end: SQLite would let them take turns by itself, but what a statement leaves on the
connection (its rowcount, the last row id) is read after it, and no other may run in
between. So statements never overlap; only the caller's Python runs beside one.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import threading
    from collections.abc import Sequence


# sqlite3.threadsafety when SQLite serializes the calls of a connection's threads itself
# (Debian's and python.org's builds): only then may a cursor be read on while the
# statement beside runs.
SERIALIZED = 3


class WriteConnection(sqlite3.Connection):
    _beside: threading.Thread | None = None
    _failed: BaseException | None = None  # what the statement beside met, until said

    def run_beside(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement on a second thread (after the one before it, if any); where
        SQLite is not built to serialize a connection's users itself, here and now."""
        self._wait()
        if sqlite3.threadsafety != SERIALIZED:
            sqlite3.Connection.execute(self, sql, params)
            return
        import threading

        def run() -> None:
            try:
                sqlite3.Connection.execute(self, sql, params)
            except BaseException as exc:  # said in the caller's thread, by settle()
                self._failed = exc

        thread = threading.Thread(target=run, name="filmlog statement beside", daemon=True)
        self._beside = thread
        thread.start()

    def settle(self, *, say: bool = True) -> None:
        """Wait for the statement beside, if one runs; raise what it met (say False: on the
        way out of another error, which is the one said)."""
        self._wait()
        failed, self._failed = self._failed, None
        if failed is not None and say:
            raise failed

    def _wait(self) -> None:
        thread = self._beside
        if thread is not None:
            thread.join()  # (Ctrl-C lands here as anywhere: the next use waits again)
            self._beside = None

    # Every other use waits first (filmlog makes no cursor of its own to execute on). A
    # failure beside is not raised here: a rollback on the way out of an error must run;
    # the import asks settle() before it commits.

    def execute(self, *args: Any) -> sqlite3.Cursor:
        if self._beside is not None:
            self._wait()
        return super().execute(*args)

    def executemany(self, *args: Any) -> sqlite3.Cursor:
        if self._beside is not None:
            self._wait()
        return super().executemany(*args)

    def executescript(self, *args: Any) -> sqlite3.Cursor:
        if self._beside is not None:
            self._wait()
        return super().executescript(*args)

    def commit(self) -> None:
        self.settle()
        super().commit()

    def rollback(self) -> None:
        self.settle(say=False)
        super().rollback()

    def close(self) -> None:
        self._wait()
        super().close()


def connect(target: str, **options: Any) -> sqlite3.Connection:
    """sqlite3.connect for a connection that writes: a WriteConnection, which the thread
    beside may use."""
    return sqlite3.connect(target, factory=WriteConnection, check_same_thread=False, **options)
