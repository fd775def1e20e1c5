"""A journal's connection for writing: one statement beside the thread that holds it, and
every other use waiting for it (journal/connection.py), on real SQLite files."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from filmlog.journal import connection
from filmlog.journal.connection import WriteConnection
from filmlog.journal.db import open_journal

MANY = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)"


@pytest.fixture
def conn(tmp_path: Path) -> WriteConnection:
    made = connection.connect(str(tmp_path / "t.db"), isolation_level=None)
    assert isinstance(made, WriteConnection)
    made.execute("CREATE TABLE t (x, thread)")
    made.execute("CREATE TABLE u (x)")
    made.create_function("thread", 0, threading.get_ident)
    return made


def test_a_statement_beside_runs_on_another_thread_and_the_next_one_waits(conn) -> None:
    conn.execute("BEGIN")
    conn.run_beside(f"{MANY} INSERT INTO t SELECT i, thread() FROM n")
    added = conn.execute("INSERT INTO u VALUES (1)")
    # The thread beside ended before this statement began: not one left with a statement
    # of its own to end while this one ran, its rowcount and row id this one's.
    assert threading.active_count() == 1
    assert added.lastrowid == 1 and added.rowcount == 1
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (300000,)
    (ran_on,) = conn.execute("SELECT DISTINCT thread FROM t").fetchone()
    assert ran_on != threading.get_ident()
    conn.settle()
    conn.execute("COMMIT")


def test_what_a_statement_beside_met_is_raised_once_by_settle(conn) -> None:
    conn.execute("BEGIN")
    conn.run_beside("INSERT INTO missing VALUES (1)")
    assert conn.execute("SELECT 1").fetchone() == (1,)  # (waits, raises nothing)
    with pytest.raises(sqlite3.OperationalError, match="no such table: missing"):
        conn.settle()
    conn.settle()
    conn.run_beside("INSERT INTO missing VALUES (1)")
    conn.rollback()  # on the way out of an error: the rollback runs, the failure unsaid
    conn.settle()
    assert not conn.in_transaction


def test_commit_and_close_wait_for_the_statement_beside(conn, tmp_path: Path) -> None:
    conn.execute("BEGIN")
    conn.run_beside(f"{MANY} INSERT INTO t SELECT i, 0 FROM n")
    conn.commit()
    conn.run_beside(f"{MANY} INSERT INTO u SELECT i FROM n")
    conn.close()
    again = sqlite3.connect(tmp_path / "t.db")
    assert again.execute("SELECT count(*) FROM t").fetchone() == (300000,)
    assert again.execute("SELECT count(*) FROM u").fetchone() == (300000,)
    again.close()


def test_without_a_serializing_sqlite_the_statement_runs_at_once(conn, monkeypatch) -> None:
    monkeypatch.setattr(sqlite3, "threadsafety", 1)
    conn.run_beside("INSERT INTO t SELECT 1, thread()")
    assert conn._beside is None
    assert conn.execute("SELECT thread FROM t").fetchone() == (threading.get_ident(),)


def test_journals_opened_for_writing_have_one(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    with open_journal(path, write=True) as written:
        assert isinstance(written.conn, WriteConnection)
    with open_journal(path, write=False) as read:
        assert not isinstance(read.conn, WriteConnection)
