"""The import engine at its own seams, on real journals in a tmp dir: the writer (what
waits, what a read sees, what undo is told), the film matcher, and the sync state."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from filmlog.imports.engine.films import Cited, KnownFilms
from filmlog.imports.engine.session import ImportSession, Item, Same, Summary, Viewing
from filmlog.imports.engine.viewing import Exported
from filmlog.imports.engine.writer import BATCH
from filmlog.imports.run import importing
from filmlog.journal import search_index
from filmlog.journal.db import open_journal
from filmlog.values.film_ids import FilmIds
from tests.conftest import rows

STAMP = "2024-01-01T00:00:00+00:00"


@contextmanager
def session_of(path: Path, same: Same = Same.DAY) -> Iterator[ImportSession]:
    with (
        open_journal(path, write=True) as journal,
        importing(journal, Summary(source="test", path="here"), same=same) as session,
    ):
        yield session


def entries(session: ImportSession, *, seen_by: str = "read") -> int:
    """The entries the journal holds now, by the writer's read or read_had."""
    read = getattr(session.writer, seen_by)
    return int(read("SELECT count(*) FROM entries").fetchone()[0])


# ---------------------------------------------------------------- the writer


def test_new_rows_wait_and_a_read_sees_them(journal: Path) -> None:
    with session_of(journal) as session:
        fid = session.film(Cited("Heat", 1995))
        session.viewing(fid, Viewing("2020-01-01", rating=8))
        assert entries(session, seen_by="read_had") == 0  # still waiting in its batch
        assert entries(session) == 1  # a read writes what waits first
        assert entries(session, seen_by="read_had") == 1
    assert rows(journal, "SELECT title, rating, seen FROM films") == [("Heat", 8, 1)]


def test_films_wait_while_their_entries_are_written_in_batches(journal: Path) -> None:
    """A new film's row waits to the end (its rating known by then); its entries go in
    batches before it, the foreign keys checked at the commit."""
    with session_of(journal, Same.NEVER) as session:
        fid = session.film(Cited("Heat", 1995))
        for n in range(BATCH):
            session.viewing(fid, Viewing(f"2020-01-{n % 28 + 1:02d}", rating=n % 10 + 1))
        writer = session.writer
        assert entries(session, seen_by="read_had") == BATCH
        assert writer.read_had("SELECT count(*) FROM films").fetchone()[0] == 0
        assert fid in writer.waiting.films
    latest = rows(journal, "SELECT rating, watched FROM entries ORDER BY watched DESC, uid DESC")
    assert rows(journal, "SELECT rating, rated_at FROM films") == [latest[0]]


def test_a_batch_names_the_cells_some_row_fills_and_keeps_every_value(journal: Path) -> None:
    """A batch whose rows all leave a cell at its default is written without it; an empty
    review is still no NULL, and one row's value in a batch of defaults is kept."""
    with session_of(journal, Same.NEVER) as session:
        fid = session.film(Cited("Heat", 1995))
        for n in range(3):
            session.viewing(fid, Viewing(f"2020-01-0{n + 1}"))
        other = session.film(Cited("Ran", 1985, runtime=162))
        session.viewing(other, Viewing("2021-01-01", review="", liked=True, place="Rex"))
    assert rows(journal, "SELECT watched, review, liked, place, rating FROM entries") == [
        ("2020-01-01", None, 0, None, None),
        ("2020-01-02", None, 0, None, None),
        ("2020-01-03", None, 0, None, None),
        ("2021-01-01", "", 1, "Rex", None),
    ]
    assert rows(journal, "SELECT title, runtime, liked FROM films ORDER BY id") == [
        ("Heat", None, 0),
        ("Ran", 162, 1),  # (a liked viewing: a liked film)
    ]


def test_a_value_changed_is_changed_where_it_waits_or_noted_for_undo(journal: Path) -> None:
    with session_of(journal) as session:
        had = session.viewing(session.film(Cited("Heat", 1995)), Viewing("2020-01-01", rating=6))
    with session_of(journal) as session:
        writer = session.writer
        new = session.viewing(session.film(Cited("Ran", 1985)), Viewing("2021-01-01"))
        assert writer.set_entry(new, {"rating": 7}) == ["rating"]
        assert writer.entry_values(new, ("rating",)) == {"rating": 7}
        assert writer.set_entry(had, {"rating": 6}) == []  # already so: nothing noted
        assert writer.set_entry(had, {"rating": 9}) == ["rating"]
        import_id = session.import_id
    noted = rows(
        journal,
        "SELECT table_name, row_id, column_name, previous FROM import_changes"
        " WHERE import_id = ? ORDER BY column_name",
        import_id,
    )
    assert [n[:3] for n in noted] == [("entries", had, "rating"), ("entries", had, "updated_at")]
    assert noted[0][3] == 6
    assert rows(journal, "SELECT rating FROM entries ORDER BY id") == [(9,), (7,)]


def test_facts_fill_in_what_a_film_lacks_and_never_overwrite(journal: Path) -> None:
    with session_of(journal) as session:
        session.film(Cited("Heat", 1995, runtime=170))
    with session_of(journal) as session:
        session.film(Cited("Heat", 1995, FilmIds(imdb="tt0113277"), runtime=99))
    assert rows(journal, "SELECT runtime, imdb_id FROM films") == [(170, "tt0113277")]


# ---------------------------------------------------------------- the film matcher


def matcher(journal: Path, *films: Cited, exact_years: bool = False) -> KnownFilms:
    with session_of(journal) as session:
        for cited in films:
            session.film(cited)
    with open_journal(journal, write=False) as opened:
        return KnownFilms(opened.conn.execute, exact_years=exact_years)


def test_ids_decide_before_titles(journal: Path) -> None:
    known = matcher(
        journal, Cited("Solaris", 1972, FilmIds(imdb="tt0069293")), Cited("Solaris", 2002)
    )
    by_id = known.find(Cited("Solyaris", 1972, FilmIds(imdb="tt0069293")))
    assert by_id is not None and known.title_of[by_id] == "Solaris"
    by_title = known.find(Cited("solaris", 2002))
    assert by_title is not None and known.year_of[by_title] == 2002
    # another id of the same kind is another film, whatever its title and year
    assert known.find(Cited("Solaris", 1972, FilmIds(imdb="tt9999999"))) is None


def test_a_title_without_a_year_is_the_one_film_of_that_title(journal: Path) -> None:
    known = matcher(journal, Cited("Heat", 1995))
    assert known.find(Cited("Heat")) is not None
    assert known.find(Cited("Heat", 1986)) is None  # a year on both sides that differs
    two = matcher(journal, Cited("Good Boy", 2022), Cited("Good Boy", 2025))
    assert two.find(Cited("Good Boy")) is None
    assert len(two.several(Cited("Good Boy"))) == 2


def test_a_year_less_film_of_the_journal_takes_a_dated_citation_unless_years_are_exact(
    journal: Path,
) -> None:
    assert matcher(journal, Cited("Paprika")).find(Cited("Paprika", 2006)) is not None
    exact = matcher(journal, exact_years=True)
    assert exact.find(Cited("Paprika", 2006)) is None


def test_an_original_title_finds_the_film(journal: Path) -> None:
    known = matcher(journal, Cited("Chungking Express", 1994, original_title="重慶森林"))
    assert known.find(Cited("重慶森林", 1994)) is not None


# ---------------------------------------------------------------- the sync state


def synced(journal: Path, said: dict[str, object], v: Viewing) -> tuple[int | None, Summary]:
    with session_of(journal, Same.NEVER) as session:
        fid = session.film(Cited("Heat", 1995))
        eid = session.sync(fid, Item("feed", "item-1", said), v)
        return eid, session.summary


def test_an_item_read_again_is_its_entry_and_takes_what_changed_at_the_source(
    journal: Path,
) -> None:
    first, done = synced(journal, {"watched": "2020-01-01"}, Viewing("2020-01-01"))
    assert done.counts["entries"]["added"] == 1
    again, done = synced(journal, {"watched": "2020-01-01"}, Viewing("2020-01-01"))
    assert again == first and done.counts["entries"]["skipped"] == 1
    rated = {"watched": "2020-01-01", "rating": 8}
    later, done = synced(journal, rated, Viewing("2020-01-01", rating=8))
    assert later == first and done.counts["entries"]["updated"] == 1
    assert rows(journal, "SELECT rating FROM entries") == [(8,)]


def test_what_the_person_edited_wins_over_a_later_change_at_the_source(journal: Path) -> None:
    eid, _ = synced(
        journal, {"watched": "2020-01-01", "rating": 6}, Viewing("2020-01-01", rating=6)
    )
    with open_journal(journal, write=True) as opened, opened.transaction() as conn:
        conn.execute("UPDATE entries SET rating = 9 WHERE id = ?", [eid])
    _, done = synced(
        journal, {"watched": "2020-01-01", "rating": 7}, Viewing("2020-01-01", rating=7)
    )
    assert rows(journal, "SELECT rating FROM entries") == [(9,)]
    assert any("kept your rating" in note for note in done.notes)


def test_an_item_the_person_removed_stays_removed_until_the_source_changes(
    journal: Path,
) -> None:
    eid, _ = synced(journal, {"watched": "2020-01-01"}, Viewing("2020-01-01"))
    with open_journal(journal, write=True) as opened, opened.transaction() as conn:
        conn.execute("UPDATE sync_items SET entry_id = NULL WHERE entry_id = ?", [eid])
        conn.execute("DELETE FROM entries WHERE id = ?", [eid])
    again, _ = synced(journal, {"watched": "2020-01-01"}, Viewing("2020-01-01"))
    assert again is None and rows(journal, "SELECT count(*) FROM entries") == [(0,)]
    moved, _ = synced(journal, {"watched": "2020-02-02"}, Viewing("2020-02-02"))
    assert moved is not None
    assert rows(journal, "SELECT watched FROM entries") == [("2020-02-02",)]


@pytest.mark.parametrize("source", ["feed", "other-feed"])
def test_one_item_is_one_viewing_of_one_film(journal: Path, source: str) -> None:
    """An item a source gave for one film, given again for another, is left out."""
    with session_of(journal, Same.NEVER) as session:
        heat = session.film(Cited("Heat", 1995))
        ran = session.film(Cited("Ran", 1985))
        assert session.sync(
            heat, Item(source, "x", {"watched": "2020-01-01"}), Viewing("2020-01-01")
        )
        assert (
            session.sync(ran, Item(source, "x", {"watched": "2020-01-01"}), Viewing("2020-01-01"))
            is None
        )
    assert rows(journal, "SELECT count(*) FROM entries") == [(1,)]


def test_indexes_are_set_aside_only_for_an_import_that_turns_out_large(journal: Path) -> None:
    """A sync's few rows keep the journal's indexes (building them again would cost the
    whole journal); a large import sets them aside once it has written a batch, and they
    are built again before its commit."""

    def has_index(session: ImportSession) -> bool:
        found = session.writer.read_had(
            "SELECT 1 FROM sqlite_master WHERE name = 'entries_watched'"
        ).fetchone()
        return found is not None

    with session_of(journal, Same.NEVER) as session:
        fid = session.film(Cited("Heat", 1995))
        for n in range(10):
            session.viewing(fid, Viewing(f"2020-01-{n + 1:02d}"))
        session.writer.flush()
        assert has_index(session)
        for n in range(BATCH):
            session.viewing(fid, Viewing(f"2021-01-{n % 28 + 1:02d}"))
        assert not has_index(session)
    assert rows(journal, "SELECT count(*) FROM sqlite_master WHERE name = 'entries_watched'") == [
        (1,)
    ]


def test_a_source_that_says_it_reads_many_records_sets_indexes_aside_at_once(
    journal: Path,
) -> None:
    with session_of(journal, Same.NEVER) as session:
        session.expect(10)
        assert session.writer.read_had(
            "SELECT 1 FROM sqlite_master WHERE name = 'entries_watched'"
        ).fetchone()
        session.expect(BATCH)
        assert not session.writer.read_had(
            "SELECT 1 FROM sqlite_master WHERE name = 'entries_watched'"
        ).fetchone()
    assert rows(journal, "SELECT count(*) FROM sqlite_master WHERE name = 'entries_watched'") == [
        (1,)
    ]


def test_a_large_import_writes_inside_sqlite_utils_atomic(journal: Path) -> None:
    """Bulk mode begins when an import is known to be large: from then on its writes
    are inside sqlite-utils' atomic() (a savepoint in the journal's write transaction)."""
    said: list[str] = []
    with session_of(journal, Same.NEVER) as session:
        session.writer.conn.set_trace_callback(said.append)
        fid = session.film(Cited("Heat", 1995))
        session.viewing(fid, Viewing("2020-01-01"))
        session.writer.flush()
        assert not [s for s in said if s.startswith("SAVEPOINT sqlite_utils_")]
        session.expect(BATCH)
        assert [s for s in said if s.startswith("SAVEPOINT sqlite_utils_")]
    assert [s for s in said if s.startswith("RELEASE SAVEPOINT sqlite_utils_")]
    assert rows(journal, "SELECT count(*) FROM entries") == [(1,)]


def test_the_cycle_collector_waits_for_the_import_and_comes_back_after_a_failure(
    journal: Path,
) -> None:
    import gc

    assert gc.isenabled()
    passes: list[int] = []
    with session_of(journal) as session:
        assert not gc.isenabled()  # an import's many objects are freed by reference counting
        session.film(Cited("Heat", 1995))
        held = [[n] for n in range(50_000)]  # what an import holds at its end

        def counted(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                passes.append(info["generation"])

        gc.callbacks.append(counted)
    try:
        assert gc.isenabled()
        # What it still held counts as old: no pass over it waits for the next allocations.
        made = [[n] for n in range(10)]
        assert passes == [] and len(made) == 10
        assert gc.is_tracked(held[0]) and gc.get_freeze_count() == 0
    finally:
        gc.callbacks.remove(counted)
    with pytest.raises(RuntimeError), session_of(journal):
        raise RuntimeError("a failure mid-import")
    assert gc.isenabled()
    assert rows(journal, "SELECT count(*) FROM films") == [(1,)]  # the failed one rolled back


def test_what_an_import_read_is_let_go_when_the_next_one_begins(journal: Path) -> None:
    """The rows a session read and the session itself live past the import (freeing them
    one by one is time a command that ends next would wait for), until another starts:
    imports in one process (a sync, the MCP server) never hold more than the last one's."""
    import weakref

    from filmlog.imports.run import importing

    class Record(list[str]):  # (a list that can be referred to weakly, as a row's cells)
        pass

    read = [Record(["Heat", "1995"]) for _ in range(3)]
    with session_of(journal) as session:
        for record in session.each("diary.csv", read):
            session.film(Cited(record[0], int(record[1])))
    first, first_row = weakref.ref(session), weakref.ref(read[0])
    del session, read, record
    assert first() is not None and first_row() is not None  # kept: nothing freed at the end
    with (
        open_journal(journal, write=True) as again,
        importing(again, Summary(source="test", path="there")) as second,
    ):
        assert first() is None and first_row() is None  # let go as the next one began
        second.film(Cited("Ran", 1985))
    assert rows(journal, "SELECT title FROM films ORDER BY id") == [("Heat",), ("Ran",)]


def _search_triggers(session: ImportSession) -> int:
    found = session.writer.read_had(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search%'"
    )
    return int(found.fetchone()[0])


def test_a_small_import_keeps_the_search_triggers_and_is_found_at_once(journal: Path) -> None:
    """A sync's few rows are indexed by the triggers as they are written: no trigger is
    dropped and made again, and nothing is indexed twice."""
    with session_of(journal) as session:
        fid = session.film(Cited("Chungking Express", 1994))
        session.viewing(fid, Viewing("2020-01-01", review="Faye dances to California Dreamin'"))
        session.writer.flush()
        assert _search_triggers(session) >= 10
        assert session.writer.read(
            "SELECT count(*) FROM search WHERE search MATCH 'california'"
        ).fetchone() == (1,)
    with open_journal(journal, write=True) as opened:
        assert search_index.problems(opened.conn) == []


def test_an_import_found_large_midway_indexes_every_row_once(journal: Path) -> None:
    """A source that does not say how much it reads is known to be large only after its
    first batch, which the triggers indexed: the triggers are then paused, and at the end
    every row of the import is indexed once (the first ones again, not twice)."""
    with session_of(journal, Same.NEVER) as session:
        fid = session.film(Cited("Heat", 1995))
        session.viewing(fid, Viewing("2019-12-31", review="the diner scene"))
        session.writer.flush()
        assert _search_triggers(session) >= 10
        for n in range(BATCH):
            session.viewing(fid, Viewing(f"2020-01-{n % 28 + 1:02d}", review=f"again {n}"))
        session.writer.flush()
        assert _search_triggers(session) == 0  # paused for the rest of the import
    with open_journal(journal, write=True) as opened:
        assert search_index.problems(opened.conn) == []
        matches = opened.conn.execute("SELECT count(*) FROM search WHERE search MATCH 'diner'")
        assert matches.fetchone() == (1,)


def _index_is_a_rebuilds(journal: Path) -> int:
    """The search index as the import left it is the one made anew from the tables; how
    many documents it holds."""
    with open_journal(journal, write=True) as opened, opened.transaction() as conn:
        documents = "SELECT rowid, title, original_title, directors, tags, review FROM search"
        left = conn.execute(f"{documents} ORDER BY rowid").fetchall()
        search_index.rebuild(conn)
        assert conn.execute(f"{documents} ORDER BY rowid").fetchall() == left
        assert search_index.problems(conn) == []
        conn.execute("ROLLBACK")  # (nothing of the check kept)
        conn.execute("BEGIN")
    return len(left)


def test_a_large_import_indexes_each_batch_beside_its_reading(journal: Path) -> None:
    """Each batch of a large import's entries is indexed for search on a second thread as
    the import reads on; what it changes of them later (a review), or gives with ids of
    its own, is indexed at its end: the index is the one a rebuild makes."""
    with session_of(journal, Same.NEVER) as session:
        session.expect(3 * BATCH)
        heat = session.film(Cited("Heat", 1995))
        first = session.viewing(heat, Viewing("2020-01-01", tags=["diner"]))
        for n in range(2 * BATCH):
            session.viewing(heat, Viewing(f"2020-02-{n % 28 + 1:02d}", tags=[f"t{n % 7}"]))
        beside = session.writer.beside
        assert beside is not None and beside.ranges[0][0] == first  # indexed as it went
        session.writer.set_entry(first, {"review": "the coffee scene"})  # after its batch
        ran = session.film(Cited("Ran", 1985))
        session.restore_entry(
            ran, Viewing("2021-01-01", review="the castle burns"), Exported(90_000, STAMP, STAMP)
        )
    assert _index_is_a_rebuilds(journal) == 2 + 1 + 2 * BATCH + 1
    with open_journal(journal, write=False) as opened:
        found = "SELECT rowid FROM search WHERE search MATCH ?"
        assert opened.conn.execute(found, ["coffee"]).fetchall() == [(first * 2 + 1,)]
        assert opened.conn.execute(found, ["diner"]).fetchall() == [(first * 2 + 1,)]
        assert opened.conn.execute(found, ["castle"]).fetchall() == [(90_000 * 2 + 1,)]


def test_an_import_that_fails_after_batches_indexed_beside_leaves_nothing(journal: Path) -> None:
    with session_of(journal) as session:
        session.film(Cited("Ran", 1985))
    with pytest.raises(RuntimeError), session_of(journal, Same.NEVER) as session:
        session.expect(2 * BATCH)
        fid = session.film(Cited("Heat", 1995))
        for n in range(BATCH + 1):
            session.viewing(fid, Viewing(f"2020-02-{n % 28 + 1:02d}", tags=["diner"]))
        assert session.writer.beside and session.writer.beside.ranges
        raise RuntimeError("a failure mid-import")
    assert rows(journal, "SELECT count(*) FROM entries") == [(0,)]
    assert rows(journal, "SELECT count(*) FROM search") == [(1,)]  # Ran's, as it was
    assert _index_is_a_rebuilds(journal) == 1


def test_a_journal_found_whole_is_checked_again_only_when_something_else_wrote_it(
    journal: Path, tmp_path: Path
) -> None:
    """`sync` reads each source in its own import: the tables an import relies on are
    checked once, and again whenever anything but this process's imports changed the file."""
    import sqlite3

    from filmlog.imports.run import run_import

    diary = tmp_path / "diary.csv"
    diary.write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
        "2020-01-01,Heat,1995,https://boxd.it/a,4,,,2020-01-01\n"
    )
    checks: list[str] = []
    with open_journal(journal, write=True) as opened:
        opened.conn.set_trace_callback(
            lambda sql: checks.append(sql) if "integrity_check" in sql else None
        )
        run_import(opened, "letterboxd", diary)
        assert len(checks) == 4  # films, entries, sync items, film ids
        run_import(opened, "letterboxd", diary)
        assert len(checks) == 4
        other = sqlite3.connect(journal)
        other.execute("UPDATE films SET runtime = 170")
        other.commit()
        other.close()
        run_import(opened, "letterboxd", diary)
        assert len(checks) == 8
