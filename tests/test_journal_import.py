"""`filmlog import journal OTHER.db`: another journal of the same person's (a copy taken to
another machine and used there), brought in by the identity rules of every source.

The property: two journals that grew apart from one copy, imported into each other in
either order, end equal in what list, diary, watchlist and lists show say, and the other
file is never changed.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import count, rows

FILMS = [("Heat", 1995), ("Ran", 1985), ("Solaris", 1972), ("Solaris", 2002), ("Alien", 1979)]
DAYS = ["2024-01-02", "2024-03-04", "2023-12-31"]

step = st.one_of(
    st.tuples(
        st.just("add"),
        st.sampled_from(FILMS),
        st.sampled_from(DAYS),
        st.sampled_from(["", "2", "4.5"]),
        st.sampled_from(["", "Quiet.", "Neon rain."]),
    ),
    st.tuples(st.just("rate"), st.integers(1, 3), st.sampled_from(["1", "3", "5"])),
    st.tuples(st.just("want"), st.sampled_from(FILMS)),
    st.tuples(st.just("list"), st.sampled_from(FILMS)),
)


def _do(cli, db: Path, action: tuple) -> None:
    kind = action[0]
    if kind == "add":
        _, (title, year), day, rating, review = action
        args = ["add", title, "-y", str(year), "-w", day]
        args += ["-r", rating] if rating else []
        args += ["--review", review] if review else []
    elif kind == "rate":  # an edit of an entry both journals may have
        _, entry, rating = action
        if not rows(db, "SELECT 1 FROM entries WHERE id = ?", entry):
            return
        args = ["edit", "--entry", str(entry), "-r", rating]
    elif kind == "want":
        args = ["watchlist", "add", f"{action[1][0]} ({action[1][1]})"]
    else:
        args = ["lists", "add", "Favourites", f"{action[1][0]} ({action[1][1]})"]
    result = cli("--db", str(db), *args)
    assert result.exit_code == 0, (args, result.stderr)


def said(cli, db: Path) -> tuple:
    """What the person reads of a journal (entry ids aside: they are each journal's own)."""
    diary = cli("--db", str(db), "diary", "--format", "json", ok=True).stdout
    days = sorted(
        [
            (e["title"], e["year"], e["watched"], e["rating"], e.get("review"))
            for e in json.loads(diary)
        ],
        key=repr,
    )
    return (
        cli("--db", str(db), "list", ok=True).stdout,
        days,
        cli("--db", str(db), "watchlist", ok=True).stdout,
        cli("--db", str(db), "lists", "show", "Favourites").stdout,
    )


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    shared=st.lists(step, max_size=4),
    here=st.lists(step, max_size=4),
    there=st.lists(step, max_size=4),
    a_first=st.booleans(),
)
def test_two_journals_imported_into_each_other_agree(
    cli, tmp_path, shared, here, there, a_first
) -> None:
    folder = Path(tmp_path) / f"j-{abs(hash(str((shared, here, there, a_first))))}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    a, b = folder / "a.db", folder / "b.db"
    cli("--db", str(a), "add", "Chungking Express", "-y", "1994", "-w", "2024-01-01", ok=True)
    for action in shared:
        _do(cli, a, action)
    shutil.copy(a, b)
    for action in here:
        _do(cli, a, action)
    for action in there:
        _do(cli, b, action)
    first, second = (a, b) if a_first else (b, a)
    for into, other in ((first, second), (second, first)):
        before = other.read_bytes()
        result = cli("--db", str(into), "import", "journal", str(other))
        assert result.exit_code == 0, result.stderr
        assert other.read_bytes() == before  # only read
    assert said(cli, a) == said(cli, b)
    # and again: nothing new either way
    again = cli("--db", str(a), "import", "journal", str(b), "--format", "json", ok=True)
    assert '"added": ' not in again.stdout.replace('"added": 0', "")


def test_an_older_journal_is_read_without_changing_it(cli, journal, tmp_path) -> None:
    old = tmp_path / "old.db"
    cli("--db", str(old), "add", "Heat", "-y", "1995", "-r", "4", ok=True)
    conn = sqlite3.connect(old)
    with conn:  # as a filmlog before the last migration left it
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm011_film_titles'")
        conn.execute("DROP TABLE film_titles")
    conn.close()
    before = old.read_bytes()
    cli("import", "journal", str(old), ok=True)
    assert old.read_bytes() == before
    assert rows(journal, "SELECT title, rating FROM films") == [("Heat", 8)]


def test_a_newer_journal_is_refused_in_one_line(cli, journal, tmp_path) -> None:
    newer = tmp_path / "newer.db"
    cli("--db", str(newer), "add", "Heat", "-y", "1995", ok=True)
    conn = sqlite3.connect(newer)
    with conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('filmlog', 'm999_from_the_future', '2030-01-01')"
        )
    conn.close()
    result = cli("import", "journal", str(newer))
    assert result.exit_code == 1
    assert "newer filmlog" in result.stderr and result.stderr.count("\n") == 1
    assert count(journal, "films") == 0


@pytest.mark.parametrize("content", [b"", b"not a database at all", None])
def test_what_is_not_a_journal_is_refused(cli, journal, tmp_path, content) -> None:
    path = tmp_path / "other.db"
    if content is not None:
        path.write_bytes(content)
    result = cli("import", "journal", str(path))
    assert result.exit_code != 0 and result.stderr.startswith("Error: ")
    assert result.stderr.count("\n") == 1
    assert count(journal, "films") == 0


def test_this_journal_itself_is_refused(cli, journal) -> None:
    cli("add", "Heat", "-y", "1995", ok=True)
    result = cli("import", "journal", str(journal))
    assert result.exit_code == 1 and "that is this journal" in result.stderr
    assert count(journal, "entries") == 1
