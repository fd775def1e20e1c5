"""One journal on several machines through a shared folder (`filmlog sync` with a
sync-folder): each "machine" here is a journal file of its own beside the others, sharing
one plain folder, as a sync tool would carry it (the tools themselves: test_sync_carriers).

The property: journals that each changed on their own (viewings logged, edited, removed,
the watchlist and lists) and synced in any order end saying the same, whatever order
the files arrived in.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SHARED, count, rows


class Machines:
    """Journals sharing one folder, each run through the real CLI."""

    def __init__(self, cli, root: Path, n: int = 2) -> None:
        self.cli = cli
        self.root = root
        self.folder = root / "Sync" / "filmlog"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.dbs = [root / f"machine{i}.db" for i in range(n)]

    def run(self, i: int, *args: str, ok: bool = True):
        result = self.cli("--db", str(self.dbs[i]), *args)
        if ok:
            assert result.exit_code == 0, (args, result.stdout, result.stderr)
        return result

    def sync(self, i: int, *extra: str, ok: bool = True):
        return self.run(i, "sync", "--folder", str(self.folder), *extra, ok=ok)

    def everywhere(self, rounds: int = 2) -> None:
        for _ in range(rounds):
            for i in range(len(self.dbs)):
                self.sync(i)

    def said(self, i: int) -> tuple:
        return said(self.cli, self.dbs[i])


def said(cli, db: Path) -> tuple:
    """What the person reads of a journal: list, diary, watchlist, lists and the JSON
    export (ids aside: they are each journal's own)."""
    run = lambda *a: cli("--db", str(db), *a, ok=True).stdout  # noqa: E731
    diary = sorted(
        (
            e["title"],
            e["year"] or 0,
            e["watched"] or "",
            e["rating"] or 0,
            e.get("review") or "",
            tuple(e.get("tags") or ()),
            tuple(e.get("companions") or ()),
        )
        for e in json.loads(run("diary", "--format", "json"))
    )
    export = json.loads(run("export", "json"))
    films = sorted(
        (
            f["title"],
            f["year"],
            tuple(f.get("directors") or ()),
            sorted(
                (e["watched"] or "", e["rating"] or 0, e["review"] or "", e["uid"])
                for e in f["entries"]
            ),
        )
        for f in export["films"]
    )
    lists = sorted(
        (li["name"], li.get("description"), len(li.get("films", [])))
        for li in export.get("lists", [])
    )
    return (
        run("list"),
        diary,
        run("watchlist"),
        [run("lists", "show", name) for name, *_ in lists],
        films,
        lists,
    )


def diary(folder: Path, *rows: str, name: str = "diary.csv") -> Path:
    """A Letterboxd diary.csv of these rows."""
    path = folder / name
    header = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def machines(cli, tmp_path: Path) -> Machines:
    return Machines(cli, tmp_path)


def test_a_viewing_logged_on_one_machine_reaches_the_other(machines: Machines) -> None:
    m = machines
    m.run(
        0,
        "add",
        "Chungking Express",
        "-y",
        "1994",
        "-w",
        "2024-01-02",
        "-r",
        "4.5",
        "--director",
        "Wong Kar-Wai",
        "--review",
        "Neon and rain.",
        "--with",
        "Kyle",
    )
    m.sync(0)
    m.sync(1)
    shown = m.run(1, "show", "Chungking Express").stdout
    assert "Neon and rain." in shown
    assert "Wong Kar-Wai" in m.run(1, "list", "--director", "Wong Kar-Wai").stdout
    assert m.said(0) == m.said(1)
    # and the film's machine id names the files: one folder per machine, its own
    ids = [json.loads(m.run(i, "db", "info", "-f", "json").stdout)["machine"] for i in (0, 1)]
    assert ids[0] != ids[1]
    assert sorted(p.name for p in m.folder.iterdir()) == sorted(ids)


def test_a_sync_with_nothing_new_says_nothing(machines: Machines) -> None:
    m = machines
    m.run(0, "add", "Heat", "-y", "1995", "-w", "2024-01-02")
    m.everywhere()
    files = [m.dbs[0], m.dbs[0].with_name(m.dbs[0].name + "-wal")]
    before = [p.read_bytes() if p.exists() else b"" for p in files]
    quiet = m.sync(0)
    assert quiet.stdout == "" and quiet.stderr == ""
    assert [p.read_bytes() if p.exists() else b"" for p in files] == before  # nothing written
    told = m.sync(0, "-v")
    assert "Nothing new" in told.stdout


def test_what_came_is_said_by_machine(machines: Machines) -> None:
    m = machines
    m.run(0, "add", "Heat", "-y", "1995", "-w", "2024-01-02")
    m.run(0, "add", "Ran", "-y", "1985", "-w", "2024-01-03")
    m.sync(0)
    result = m.sync(1, "-v")
    assert "2 films and 2 viewings new" in result.stdout
    machine0 = json.loads(m.run(0, "db", "info", "-f", "json").stdout)["machine"]
    assert f"({machine0[:8]})" in result.stdout


def test_removals_travel_and_stay_removed(machines: Machines) -> None:
    m = machines
    m.run(0, "add", "Heat", "-y", "1995", "-w", "2024-01-02", "-r", "4")
    m.run(0, "add", "Ran", "-y", "1985", "-w", "2024-01-03")
    m.everywhere()
    entry = rows(
        m.dbs[0],
        "SELECT e.id FROM entries e JOIN films f ON f.id = e.film_id WHERE f.title = 'Heat'",
    )[0][0]
    m.run(0, "rm", "--entry", str(entry), "--yes")
    # meanwhile the other machine edits the viewing the first removed
    heat = rows(
        m.dbs[1],
        "SELECT e.id FROM entries e JOIN films f ON f.id = e.film_id WHERE f.title = 'Heat'",
    )[0][0]
    m.run(1, "edit", "--entry", str(heat), "-r", "2")
    m.everywhere()
    for db in m.dbs:
        assert (
            rows(
                db,
                "SELECT count(*) FROM entries e JOIN films f ON f.id = e.film_id"
                " WHERE f.title = 'Heat'",
            )[0][0]
            == 0
        )
    m.run(1, "rm", "Ran", "--yes")
    m.everywhere()
    assert count(m.dbs[0], "films") == count(m.dbs[1], "films") == 1  # Heat, no viewing
    assert m.said(0) == m.said(1)


def test_the_later_edit_of_a_value_wins_and_other_values_both_stand(machines: Machines) -> None:
    m = machines
    m.run(0, "add", "Heat", "-y", "1995", "-w", "2024-01-02", "-r", "3")
    m.everywhere()
    m.run(0, "edit", "Heat", "-r", "4")
    m.run(1, "edit", "Heat", "--review", "The diner scene.")
    m.run(1, "edit", "Heat", "-r", "5")  # later than the first machine's 4
    m.sync(0)
    m.sync(1)
    m.sync(0)
    for db in m.dbs:
        assert rows(db, "SELECT rating, review FROM entries") == [(10, "The diner scene.")]
    assert m.said(0) == m.said(1)


def test_the_first_sync_of_two_journals_doubles_nothing(machines: Machines, tmp_path) -> None:
    csv = diary(
        tmp_path,
        "2024-01-03,Heat,1995,https://boxd.it/a1,4,,,2024-01-02",
        "2024-01-04,Ran,1985,https://boxd.it/a2,5,,,2024-01-03",
        "2024-01-05,Ran,1985,https://boxd.it/a3,4.5,Yes,,2024-01-05",
    )
    m = machines
    for i in (0, 1):
        m.run(i, "import", "letterboxd", str(csv))
    m.run(1, "add", "Alien", "-y", "1979", "-w", "2024-02-01")
    m.everywhere()
    for db in m.dbs:
        assert count(db, "films") == 3
        assert count(db, "entries") == 4
    assert m.said(0) == m.said(1)


def test_a_real_export_imported_on_two_machines_is_one_journal(machines: Machines) -> None:
    diary = SHARED / "realworld" / "letterboxd" / "afelka__letterboxd" / "diary.csv"
    if not diary.exists():
        pytest.skip("../shared/realworld is absent")
    m = machines
    for i in (0, 1):
        m.run(i, "import", "letterboxd", str(diary))
    films, entries = count(m.dbs[0], "films"), count(m.dbs[0], "entries")
    m.everywhere()
    for db in m.dbs:
        assert (count(db, "films"), count(db, "entries")) == (films, entries)


def test_imports_travel_and_undo_undoes_everywhere(machines: Machines, tmp_path) -> None:
    csv = diary(
        tmp_path,
        "2024-01-03,Heat,1995,https://boxd.it/a1,4,,,2024-01-02",
        "2024-01-04,Ran,1985,https://boxd.it/a2,5,,,2024-01-03",
    )
    m = machines
    m.run(0, "add", "Alien", "-y", "1979", "-w", "2024-02-01")
    m.run(0, "import", "letterboxd", str(csv))
    m.everywhere()
    assert count(m.dbs[1], "entries") == 3
    m.run(0, "import", "undo", "--yes")
    m.everywhere()
    for db in m.dbs:
        assert rows(db, "SELECT title FROM films ORDER BY title") == [("Alien",)]
    assert m.said(0) == m.said(1)


def test_watchlist_lists_tags_and_company_travel(machines: Machines) -> None:
    m = machines
    m.run(0, "watchlist", "add", "Stalker (1979)")
    m.run(0, "lists", "add", "Favourites", "Heat (1995)", "Ran (1985)")
    m.run(
        0,
        "add",
        "Ran",
        "-y",
        "1985",
        "-w",
        "2024-01-03",
        "--tag",
        "samurai",
        "--at",
        "Prince Charles Cinema",
        "--with",
        "Anna",
    )
    m.everywhere()
    assert "Stalker" in m.run(1, "watchlist").stdout
    shown = m.run(1, "lists", "show", "Favourites").stdout
    assert shown.index("Heat") < shown.index("Ran")
    m.run(1, "watchlist", "rm", "Stalker (1979)")
    m.run(1, "lists", "move", "Favourites", "Ran (1985)", "1")
    m.everywhere()
    assert "Stalker" not in m.run(0, "watchlist").stdout
    shown = m.run(0, "lists", "show", "Favourites").stdout
    assert shown.index("Ran") < shown.index("Heat")
    assert rows(m.dbs[1], "SELECT place FROM entries") == [("Prince Charles Cinema",)]
    assert m.said(0) == m.said(1)


def test_three_machines_in_every_order_end_equal(cli, tmp_path: Path) -> None:
    for order in itertools.permutations(range(3)):
        root = tmp_path / "".join(map(str, order))
        m = Machines(cli, root, 3)
        m.run(0, "add", "Heat", "-y", "1995", "-w", "2024-01-02", "-r", "3")
        m.sync(0)
        m.sync(1)
        m.sync(2)
        m.run(0, "edit", "Heat", "-r", "4")
        m.run(1, "add", "Ran", "-y", "1985", "-w", "2024-01-03")
        m.run(2, "edit", "Heat", "--review", "The diner scene.")
        m.run(1, "rm", "Heat", "--yes") if order[0] == 1 else None
        for i in order:
            m.sync(i)
        m.everywhere()
        seen = [m.said(i) for i in range(3)]
        assert seen[0] == seen[1] == seen[2], order


def test_a_change_waits_for_the_film_it_names(machines: Machines, cli, tmp_path) -> None:
    """A third machine reads the second's edit of a viewing before the first's making of
    it: the edit waits, and is taken when the viewing comes."""
    m = Machines(cli, tmp_path / "three", 3)
    m.run(0, "add", "Heat", "-y", "1995", "-w", "2024-01-02", "-r", "3")
    m.sync(0)
    m.sync(1)
    m.run(1, "edit", "Heat", "-r", "5")
    m.sync(1)
    hidden = m.folder / json.loads(m.run(0, "db", "info", "-f", "json").stdout)["machine"]
    aside = tmp_path / "aside"
    shutil.move(hidden, aside)  # the first machine's files have not arrived yet
    m.sync(2)
    assert count(m.dbs[2], "entries") == 0
    shutil.move(aside, hidden)
    m.sync(2)
    assert rows(m.dbs[2], "SELECT rating FROM entries") == [(10,)]


# --- faults ---


def test_a_file_still_arriving_is_not_read_until_whole(machines: Machines) -> None:
    m = machines
    m.run(0, "add", "Heat", "-y", "1995", "-w", "2024-01-02")
    m.sync(0)
    mine = m.folder / json.loads(m.run(0, "db", "info", "-f", "json").stdout)["machine"]
    (changes,) = mine.glob("changes-*.jsonl")
    whole = changes.read_bytes()
    changes.write_bytes(whole[: len(whole) // 2])  # cut mid-copy
    (mine / ".syncthing.changes-0000000002.jsonl.tmp").write_bytes(whole)  # a tool's temp name
    told = m.sync(1, "-v")
    assert count(m.dbs[1], "entries") == 0
    assert "Waiting" in told.stdout
    changes.write_bytes(whole)
    m.sync(1)
    assert count(m.dbs[1], "entries") == 1


def test_a_file_the_sync_tool_deleted_is_written_again_as_a_snapshot(machines: Machines) -> None:
    m = machines
    m.run(0, "add", "Heat", "-y", "1995", "-w", "2024-01-02")
    m.sync(0)
    m.run(0, "add", "Ran", "-y", "1985", "-w", "2024-01-03")
    m.sync(0)
    mine = m.folder / json.loads(m.run(0, "db", "info", "-f", "json").stdout)["machine"]
    (mine / "changes-0000000001.jsonl").unlink()
    m.sync(1)
    assert count(m.dbs[1], "entries") == 0  # the second file waits for the first
    told = m.sync(0, "-v")
    assert "snapshot" in told.stdout
    m.sync(1)
    assert count(m.dbs[1], "entries") == 2
    assert m.said(0) == m.said(1)


def test_a_copied_journal_is_refused_until_it_takes_its_own_id(machines: Machines) -> None:
    m = machines
    m.run(0, "add", "Heat", "-y", "1995", "-w", "2024-01-02")
    m.sync(0)
    shutil.copy(m.dbs[0], m.dbs[1])
    before = m.dbs[1].read_bytes()
    refused = m.sync(1, ok=False)
    assert refused.exit_code == 1
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "--new-machine" in refused.stderr and "copy" in refused.stderr
    assert m.dbs[1].read_bytes() == before
    m.sync(1, "--new-machine")
    m.run(1, "add", "Ran", "-y", "1985", "-w", "2024-01-03")
    m.everywhere()
    ids = {json.loads(m.run(i, "db", "info", "-f", "json").stdout)["machine"] for i in (0, 1)}
    assert len(ids) == 2
    for db in m.dbs:
        assert count(db, "entries") == 2


def test_the_same_id_made_by_hand_is_refused_by_what_the_folder_says(machines: Machines) -> None:
    m = machines
    m.run(0, "add", "Heat", "-y", "1995", "-w", "2024-01-02")
    m.sync(0)
    m.run(1, "add", "Ran", "-y", "1985", "-w", "2024-01-03")
    m.sync(1)
    one = rows(m.dbs[0], "SELECT id FROM sync_machine")[0][0]
    conn = sqlite3.connect(m.dbs[1])
    conn.execute("UPDATE sync_machine SET id = ?", [one])
    conn.commit()
    conn.close()
    refused = m.sync(1, ok=False)
    assert refused.exit_code == 1
    assert "already used" in refused.stderr and "--new-machine" in refused.stderr


def test_a_missing_or_read_only_folder_is_one_line_and_changes_nothing(
    machines: Machines, tmp_path: Path
) -> None:
    m = machines
    m.run(0, "add", "Heat", "-y", "1995", "-w", "2024-01-02")
    before = m.dbs[0].read_bytes()
    missing = m.run(0, "sync", "--folder", str(tmp_path / "nowhere"), ok=False)
    assert missing.exit_code == 1
    assert "does not exist" in missing.stderr and len(missing.stderr.splitlines()) == 1
    assert m.dbs[0].read_bytes() == before
    m.folder.chmod(0o555)
    try:
        if shutil.os.access(m.folder, shutil.os.W_OK):  # root writes anywhere
            pytest.skip("this user can write to a read-only folder")
        locked = m.sync(0, ok=False)
        assert locked.exit_code == 1
        assert "cannot write" in locked.stderr and len(locked.stderr.splitlines()) == 1
        assert m.dbs[0].read_bytes() == before
    finally:
        m.folder.chmod(0o755)


def test_files_of_a_newer_filmlog_are_refused_and_nothing_is_applied(machines: Machines) -> None:
    m = machines
    m.run(0, "add", "Heat", "-y", "1995", "-w", "2024-01-02")
    m.sync(0)
    mine = m.folder / json.loads(m.run(0, "db", "info", "-f", "json").stdout)["machine"]
    (changes,) = mine.glob("changes-*.jsonl")
    head, *rest = changes.read_text(encoding="utf-8").split("\n")
    newer = json.loads(head) | {"filmlog_sync": 99}
    changes.write_text("\n".join([json.dumps(newer), *rest]), encoding="utf-8")
    refused = m.sync(1, ok=False)
    assert refused.exit_code == 1
    assert "newer filmlog" in refused.stderr
    assert count(m.dbs[1], "entries") == 0


def test_a_crafted_line_is_left_out_not_a_traceback(machines: Machines) -> None:
    m = machines
    m.run(0, "add", "Heat", "-y", "1995", "-w", "2024-01-02")
    m.sync(0)
    mine = m.folder / json.loads(m.run(0, "db", "info", "-f", "json").stdout)["machine"]
    (changes,) = mine.glob("changes-*.jsonl")
    lines = changes.read_text(encoding="utf-8").split("\n")
    crafted = [
        {"k": "film", "u": "x1", "n": 1, "s": {"title": {"a": 1}}},
        {"k": "entry", "u": "x2", "n": 1, "s": {"film": "nowhere", "rating": 99}},
        {"k": "film", "u": "x3", "n": 1, "s": {"title": "Ran", "rating": 99}},
        {"k": "spaceship", "u": "x4"},
        {"k": "film", "u": "x5", "t": "not a stamp", "s": {}},
    ]
    body = lines[1:-2] + [json.dumps(c) for c in crafted]
    changes.write_text(
        "\n".join([lines[0], *body, json.dumps({"end": len(body)})]) + "\n", encoding="utf-8"
    )
    told = m.sync(1, "-v")
    assert rows(m.dbs[1], "SELECT title FROM films") == [("Heat",)]
    assert "Left out" in told.stdout


def test_clocks_ten_minutes_apart_still_order_edits_made_after_a_sync(machines: Machines) -> None:
    """The first machine's clock is ten minutes ahead: its edit is stamped in the future.
    The second machine edits after a sync brought that edit, and its edit wins anyway:
    its clock moved past every stamp it saw."""
    m = machines
    with _ahead(600):
        m.run(0, "add", "Heat", "-y", "1995", "-w", "2024-01-02", "-r", "3")
        m.sync(0)
    m.sync(1)
    m.run(1, "edit", "Heat", "-r", "5")
    m.sync(1)
    with _ahead(600):
        m.sync(0)
    for db in m.dbs:
        assert rows(db, "SELECT rating FROM entries") == [(10,)]


def _ahead(seconds: int):
    import datetime as dt

    import time_machine

    return time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds), tick=True)


# --- the property ---

FILMS = [("Heat", 1995), ("Ran", 1985), ("Solaris", 1972), ("Solaris", 2002)]
DAYS = ["2024-01-02", "2024-03-04"]

step = st.one_of(
    st.tuples(
        st.just("add"),
        st.sampled_from(FILMS),
        st.sampled_from(DAYS),
        st.sampled_from(["", "2", "4.5"]),
        st.sampled_from(["", "Quiet.", "Neon rain."]),
    ),
    st.tuples(st.just("rate"), st.integers(1, 3), st.sampled_from(["1", "3", "5"])),
    st.tuples(st.just("review"), st.integers(1, 3), st.sampled_from(["Long.", "Short."])),
    st.tuples(st.just("rm"), st.integers(1, 3)),
    st.tuples(st.just("drop"), st.sampled_from(FILMS)),
    st.tuples(st.just("want"), st.sampled_from(FILMS)),
    st.tuples(st.just("unwant"), st.sampled_from(FILMS)),
    st.tuples(st.just("list"), st.sampled_from(FILMS)),
    st.tuples(st.just("with"), st.integers(1, 3), st.sampled_from(["Anna", "Kyle"])),
    st.tuples(st.just("import"), st.sampled_from(["a", "b"])),
    st.just(("undo",)),
    st.just(("sync",)),
)

DIARIES = {
    "a": (
        "2024-01-03,Heat,1995,https://boxd.it/a1,4,,noir,2024-01-02",
        "2024-01-04,Ran,1985,https://boxd.it/a2,5,,,2024-01-03",
    ),
    "b": ("2024-02-03,Solaris,1972,https://boxd.it/b1,3.5,,,2024-02-02",),
}


def _do(m: Machines, i: int, action: tuple) -> None:
    kind, db = action[0], m.dbs[i]
    entry_ids = (
        [r[0] for r in rows(db, "SELECT id FROM entries ORDER BY id")] if db.exists() else []
    )
    if kind == "sync":
        m.sync(i)
        return
    if kind == "import":
        written = diary(m.root, *DIARIES[action[1]], name=f"diary-{action[1]}.csv")
        args = ["import", "letterboxd", str(written)]
    elif kind == "undo":
        if not db.exists() or not rows(db, "SELECT 1 FROM imports WHERE undone_at IS NULL"):
            return
        args = ["import", "undo", "--yes"]
    elif kind == "add":
        _, (title, year), day, rating, review = action
        args = ["add", title, "-y", str(year), "-w", day]
        args += ["-r", rating] if rating else []
        args += ["--review", review] if review else []
    elif kind in ("rate", "review", "rm", "with"):
        if len(entry_ids) < action[1]:
            return
        entry = str(entry_ids[action[1] - 1])
        args = {
            "rate": lambda: ["edit", "--entry", entry, "-r", action[2]],
            "review": lambda: ["edit", "--entry", entry, "--review", action[2]],
            "rm": lambda: ["rm", "--entry", entry, "--yes"],
            "with": lambda: ["edit", "--entry", entry, "--with", action[2]],
        }[kind]()
    elif kind == "drop":
        if not db.exists() or not rows(
            db, "SELECT 1 FROM films WHERE title = ? AND year = ?", *action[1]
        ):
            return
        args = ["rm", action[1][0], "-y", str(action[1][1]), "--yes"]
    elif kind in ("want", "unwant"):
        name = f"{action[1][0]} ({action[1][1]})"
        if kind == "unwant" and "(" not in m.run(i, "watchlist").stdout.replace(name, "("):
            return
        args = ["watchlist", "add" if kind == "want" else "rm", name]
    else:
        args = ["lists", "add", "Favourites", f"{action[1][0]} ({action[1][1]})"]
    result = m.run(i, *args, ok=False)
    assert result.exit_code in (0, 1), (args, result.stderr)


@settings(
    max_examples=int(os.environ.get("FILMLOG_SYNC_EXAMPLES", "12")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    steps=st.lists(st.tuples(st.integers(0, 2), step), max_size=12),
    order=st.permutations([0, 1, 2]),
)
def test_journals_that_changed_apart_end_equal_in_any_order(cli, tmp_path, steps, order) -> None:
    root = Path(tmp_path) / f"p-{abs(hash(str((steps, order))))}"
    shutil.rmtree(root, ignore_errors=True)
    m = Machines(cli, root, 3)
    m.run(0, "add", "Chungking Express", "-y", "1994", "-w", "2024-01-01")
    for i, action in steps:
        _do(m, i, action)
    for i in order:
        m.sync(i)
    m.everywhere()
    first = m.said(0)
    assert m.said(1) == first
    assert m.said(2) == first
    again = m.sync(order[0], "-v")
    assert "Nothing new" in again.stdout


# --- writing after every command, growth ---


def test_a_write_command_writes_its_change_file_at_once(machines: Machines, monkeypatch) -> None:
    """With the folder set, a command that writes leaves its changes in this machine's
    files without a sync; a command that only reads writes nothing."""
    m = machines
    monkeypatch.setenv("FILMLOG_SYNC_FOLDER", str(m.folder))
    m.run(0, "add", "Heat", "-y", "1995", "-w", "2024-01-02")
    m.run(0, "sync")  # joins the folder
    mine = m.folder / json.loads(m.run(0, "db", "info", "-f", "json").stdout)["machine"]
    before = sorted(p.name for p in mine.glob("changes-*"))
    m.run(0, "edit", "Heat", "-r", "4")
    after = sorted(p.name for p in mine.glob("changes-*"))
    assert len(after) == len(before) + 1
    m.run(0, "list")
    m.run(0, "show", "Heat")
    assert sorted(p.name for p in mine.glob("changes-*")) == after
    m.run(1, "sync")
    assert rows(m.dbs[1], "SELECT rating FROM entries") == [(8,)]


def test_a_folder_away_after_a_write_is_one_line_and_the_next_sync_writes(
    machines: Machines, monkeypatch, tmp_path: Path
) -> None:
    m = machines
    monkeypatch.setenv("FILMLOG_SYNC_FOLDER", str(m.folder))
    m.run(0, "add", "Heat", "-y", "1995", "-w", "2024-01-02")
    m.run(0, "sync")
    away = tmp_path / "unplugged"
    m.folder.rename(away)
    edited = m.run(0, "edit", "Heat", "-r", "4")
    assert "Not written to the sync folder yet" in edited.stderr
    away.rename(m.folder)
    m.run(0, "sync")
    m.run(1, "sync")
    assert rows(m.dbs[1], "SELECT rating FROM entries") == [(8,)]


def test_a_folder_that_cannot_be_written_leaves_the_journal_as_it_was(machines: Machines) -> None:
    m = machines
    m.run(0, "add", "Heat", "-y", "1995", "-w", "2024-01-02")
    mine = m.folder / json.loads(m.run(0, "db", "info", "-f", "json").stdout)["machine"]
    mine.write_text("a file where this machine's folder goes", encoding="utf-8")
    before = m.dbs[0].read_bytes()
    refused = m.sync(0, ok=False)
    assert refused.exit_code == 1
    assert "cannot write to the sync folder" in refused.stderr
    assert len(refused.stderr.splitlines()) == 1
    assert m.dbs[0].read_bytes() == before


def test_a_machine_away_for_a_month_catches_up_in_one_sync(machines: Machines) -> None:
    """Seventy syncs while the other machine is away: the files are rewritten as one
    snapshot on the way (the folder does not grow without end), and one sync catches up."""
    m = machines
    m.run(0, "add", "Heat", "-y", "1995", "-w", "2024-01-01")
    m.everywhere(1)
    for day in range(1, 71):
        m.run(
            0,
            "add",
            f"Film {day}",
            "-y",
            "2000",
            "-w",
            f"2024-03-{day % 28 + 1:02d}",
            "-r",
            str(day % 10 / 2 + 0.5),
        )
        if day == 35:
            m.run(0, "rm", "Heat", "--yes")
        m.sync(0)
    mine = m.folder / json.loads(m.run(0, "db", "info", "-f", "json").stdout)["machine"]
    assert len(list(mine.glob("snapshot-*.jsonl"))) == 1
    assert len(list(mine.glob("changes-*.jsonl"))) < 64
    m.sync(1)
    assert count(m.dbs[1], "entries") == 70
    assert not rows(m.dbs[1], "SELECT 1 FROM films WHERE title = 'Heat'")
    assert m.said(0) == m.said(1)
    # a third machine, new, starts from the snapshot
    third = Machines(m.cli, m.root, 3)
    third.sync(2)
    assert third.said(2) == m.said(0)


def test_the_setting_names_the_folder_and_only_folder_skips_the_sources(
    cli, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("FILMLOG_CONFIG", str(tmp_path / "config.json"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Sync").mkdir()
    cli("config", "set", "sync-folder", "Sync", ok=True)
    shown = json.loads(cli("config", "show", "--format", "json", ok=True).stdout)
    assert shown["sync-folder"]["value"] == str(tmp_path / "Sync")
    cli("add", "Heat", "-y", "1995", "-w", "2024-01-02", ok=True)
    told = cli("sync", "--only", "folder", "-v", ok=True)
    assert "Nothing new" in told.stdout  # the add joined the folder already
    assert len([p for p in (tmp_path / "Sync").iterdir() if not p.name.startswith(".")]) == 1


def test_nothing_set_up_names_the_sync_folder_too(cli) -> None:
    result = cli("sync")
    assert result.exit_code == 1
    assert "sync-folder" in result.stderr
    alone = cli("sync", "--only", "folder")
    assert alone.exit_code == 1 and "config set sync-folder" in alone.stderr


def test_a_copy_that_never_synced_takes_an_id_of_its_own(machines: Machines) -> None:
    """Two machines set up from one journal file copied before either synced: the first
    to sync keeps the id, the second is told it takes its own."""
    m = machines
    m.run(0, "add", "Heat", "-y", "1995", "-w", "2024-01-02")
    shutil.copy(m.dbs[0], m.dbs[1])
    m.sync(0)
    told = m.sync(1)
    assert "copy" in told.stderr and "of its own" in told.stderr
    m.run(1, "add", "Ran", "-y", "1985", "-w", "2024-01-03")
    m.everywhere()
    ids = {json.loads(m.run(i, "db", "info", "-f", "json").stdout)["machine"] for i in (0, 1)}
    assert len(ids) == 2
    for db in m.dbs:
        assert count(db, "entries") == 2
    assert m.said(0) == m.said(1)


def test_with_the_setting_a_first_write_joins_the_folder(machines: Machines, monkeypatch) -> None:
    """A machine that never ran `sync`: its first command that writes joins the folder
    with all its journal holds, and the other machine's sync brings it."""
    m = machines
    m.run(0, "add", "Heat", "-y", "1995", "-w", "2024-01-02")  # before the setting
    monkeypatch.setenv("FILMLOG_SYNC_FOLDER", str(m.folder))
    m.run(0, "add", "Ran", "-y", "1985", "-w", "2024-01-03")
    m.run(1, "sync")
    assert count(m.dbs[1], "entries") == 2


def test_one_diary_imported_on_two_machines_after_joining_is_one(
    machines: Machines, tmp_path: Path
) -> None:
    """Both machines joined, then each imported the same Letterboxd diary before the
    other's files came: a viewing's Letterboxd address makes it one, and later edits
    reach both."""
    csv = diary(
        tmp_path,
        "2024-01-03,Heat,1995,https://boxd.it/a1,4,,,2024-01-02",
        "2024-01-04,Ran,1985,https://boxd.it/a2,5,,,2024-01-03",
    )
    m = machines
    m.everywhere(1)
    for i in (0, 1):
        m.run(i, "import", "letterboxd", str(csv))
        m.sync(i)
    m.everywhere()
    m.run(1, "edit", "Heat", "-r", "2")
    m.everywhere()
    for db in m.dbs:
        assert count(db, "entries") == 2
        assert rows(
            db,
            "SELECT e.rating FROM entries e JOIN films f ON f.id = e.film_id"
            " WHERE f.title = 'Heat'",
        ) == [(4,)]
    assert m.said(0) == m.said(1)


def test_an_import_both_journals_held_can_still_be_undone_after_joining(
    machines: Machines, tmp_path: Path
) -> None:
    """Joining matched the import's viewings to the other machine's: matching is not an
    edit, so `import undo` still takes them back (and, one journal now, everywhere)."""
    csv = diary(
        tmp_path,
        "2024-01-03,Heat,1995,https://boxd.it/a1,4,,,2024-01-02",
        "2024-01-04,Ran,1985,https://boxd.it/a2,5,,,2024-01-03",
    )
    m = machines
    for i in (0, 1):
        m.run(i, "import", "letterboxd", str(csv))
    m.everywhere()
    undone = m.run(0, "import", "undo", "--yes")
    assert "changed" not in undone.stderr
    m.everywhere()
    for db in m.dbs:
        assert count(db, "entries") == 0
    assert m.said(0) == m.said(1)
