"""`filmlog tags` and `tags convert`: tags that say with whom, where and on what become
companions, places and platforms, by the person's rules; and go back out as the same tags."""

from __future__ import annotations

import csv
import json

import pytest

from tests.conftest import count, rows

DIARY = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"


def _export(tmp_path) -> str:
    diary = tmp_path / "diary.csv"
    diary.write_text(
        DIARY
        + '2024-01-01,Heat,1995,https://boxd.it/a,4,,"w/ kyle, @ theatre, favourites",2024-01-01\n'
        '2024-02-01,Ran,1985,https://boxd.it/b,5,,"w/ kyle, w/Anna, @ home, disney+",2024-02-01\n'
        "2024-03-01,Alien,1979,https://boxd.it/c,3,,,2024-03-01\n"
    )
    return str(diary)


def test_tags_lists_each_with_its_count(cli, journal, tmp_path) -> None:
    cli("import", "letterboxd", _export(tmp_path), ok=True)
    listed = json.loads(cli("tags", "-f", "json", ok=True).stdout)
    assert listed[0] == {"tag": "w/ kyle", "count": 2}
    assert {t["tag"] for t in listed} == {
        "w/ kyle",
        "@ theatre",
        "favourites",
        "w/Anna",
        "@ home",
        "disney+",
    }
    assert cli("tags", "list", ok=True).stdout.splitlines()[0] == "w/ kyle\t2"


def test_convert_with_at_and_on_then_undo(cli, journal, tmp_path) -> None:
    cli("import", "letterboxd", _export(tmp_path), ok=True)
    before = journal.read_bytes()
    dry = cli("tags", "convert", "w/ *", "--to", "with", "--dry-run", ok=True)
    assert "w/ kyle → kyle (2 viewings)" in dry.stderr and "Dry run" in dry.stderr
    assert journal.read_bytes() == before
    cli("tags", "convert", "w/ *", "--to", "with", ok=True)
    cli("tags", "convert", "@ *", "--to", "at", ok=True)
    cli("tags", "convert", "disney+", "--to", "on", ok=True)
    ran = json.loads(cli("show", "Ran", "-f", "json", ok=True).stdout)["entries"][0]
    assert (ran["companions"], ran["place"], ran["platform"], ran["tags"]) == (
        ["Anna", "kyle"],
        "home",
        "disney+",
        [],
    )
    heat = json.loads(cli("show", "Heat", "-f", "json", ok=True).stdout)["entries"][0]
    assert heat["tags"] == ["favourites"] and heat["place"] == "theatre"
    assert (
        json.loads(cli("diary", "--with", "KYLE", "-f", "json", ok=True).stdout)[0]["title"]
        == "Ran"
    )
    assert rows(journal, "SELECT pattern, target FROM tag_conversions ORDER BY rowid") == [
        ("w/ *", "with"),
        ("@ *", "at"),
        ("disney+", "on"),
    ]
    listed = json.loads(cli("import", "list", "-f", "json", ok=True).stdout)
    assert [r["source"] for r in listed[-3:]] == ["tags", "tags", "tags"]
    for _ in range(3):  # every conversion taken back, the latest first
        cli("import", "undo", "--yes", ok=True)
    assert sorted(t["tag"] for t in json.loads(cli("tags", "-f", "json", ok=True).stdout)) == [
        "@ home",
        "@ theatre",
        "disney+",
        "favourites",
        "w/ kyle",
        "w/Anna",
    ]
    assert rows(
        journal, "SELECT count(*) FROM entries WHERE place IS NOT NULL OR platform IS NOT NULL"
    ) == [(0,)]
    assert count(journal, "entry_companions") == 0


def test_a_place_already_given_is_kept_with_its_tag(cli, journal) -> None:
    cli("add", "Heat", "-y", "1995", "--at", "home", "-t", "@ cinema", ok=True)
    done = cli("tags", "convert", "@ *", "--to", "at", ok=True)
    assert "No tag matches" in done.stderr or "kept their own" in done.stderr
    entry = json.loads(cli("show", "Heat", "-f", "json", ok=True).stdout)["entries"][0]
    assert (entry["place"], entry["tags"]) == ("home", ["@ cinema"])


def test_a_bad_target_or_pattern_is_one_line(cli, journal) -> None:
    cli("add", "Heat", "-y", "1995", "-t", "x", ok=True)
    for args in (["tags", "convert", "x", "--to", "where"], ["tags", "convert", " ", "--to", "at"]):
        result = cli(*args)
        assert result.exit_code == 2 and result.stderr.startswith("Error: ")
        assert result.stderr.count("\n") <= 2  # the line, and Click's usage line


def test_imports_apply_the_saved_rules_when_asked(cli, journal, tmp_path, monkeypatch) -> None:
    cli("add", "Alien", "-y", "1979", "-t", "w/ Zoe", ok=True)
    cli("tags", "convert", "w/ *", "--to", "with", ok=True)
    cli("import", "letterboxd", _export(tmp_path), ok=True)
    assert count(journal, "entry_companions") == 1  # not asked: tags stay tags
    cli("import", "undo", "--yes", ok=True)
    done = cli("import", "letterboxd", _export(tmp_path), "--convert-tags", ok=True)
    assert "Tags made companions, places or platforms (your rules): 3." in done.stdout
    monkeypatch.setenv("FILMLOG_CONFIG", str(tmp_path / "config.json"))
    cli("import", "undo", "--yes", ok=True)
    cli("config", "set", "convert-tags", "true", ok=True)
    cli("import", "letterboxd", _export(tmp_path), ok=True)
    assert count(journal, "entry_companions") == 4


def test_a_large_import_converted_is_found_by_what_its_tags_became(cli, journal, tmp_path) -> None:
    """A large import's entries are indexed for search batch by batch as it reads; the
    rules then change their words (a tag becomes a companion): they are indexed again."""
    from filmlog.imports.engine.writer import BATCH
    from filmlog.journal import search_index
    from filmlog.journal.db import open_journal

    cli("tags", "convert", "w/ *", "--to", "with", ok=True)
    diary = tmp_path / "diary.csv"
    lines = [
        f"2024-01-01,Film {n},1990,,3,,w/ kyle,2024-01-{n % 28 + 1:02d}\n" for n in range(3 * BATCH)
    ]
    diary.write_text(DIARY + "".join(lines))
    cli("import", "letterboxd", str(diary), "--convert-tags", ok=True)
    assert count(journal, "entry_companions") == 3 * BATCH
    found = cli("search", "kyle", "--format", "json", "--limit", "100000", ok=True)
    assert len(json.loads(found.stdout)) == 3 * BATCH
    assert cli("search", "w/", "--format", "json", ok=True).stdout.strip() in ("", "[]")
    with open_journal(journal, write=True) as opened:
        assert search_index.problems(opened.conn) == []
        left = opened.conn.execute("SELECT rowid, tags FROM search ORDER BY rowid").fetchall()
        with opened.transaction() as conn:
            search_index.rebuild(conn)
            assert conn.execute("SELECT rowid, tags FROM search ORDER BY rowid").fetchall() == left


def test_sources_that_are_platforms_say_so(cli, journal, tmp_path) -> None:
    history = tmp_path / "NetflixViewingHistory.csv"
    history.write_text('Title,Date\n"Heat",1/22/24\n')
    cli("import", "netflix", str(history), ok=True)
    assert rows(journal, "SELECT platform FROM entries") == [("Netflix",)]
    on = json.loads(cli("diary", "--on", "netflix", "-f", "json", ok=True).stdout)
    assert [e["title"] for e in on] == ["Heat"]


def test_the_letterboxd_export_writes_them_back_as_the_same_tags(cli, journal, tmp_path) -> None:
    cli("import", "letterboxd", _export(tmp_path), ok=True)
    for pattern, target in (("w/ *", "with"), ("@ *", "at"), ("disney+", "on")):
        cli("tags", "convert", pattern, "--to", target, ok=True)
    out = tmp_path / "back.csv"
    cli("export", "letterboxd", "-o", str(out), ok=True)
    tags = {
        row["Title"]: sorted(t.strip() for t in row["Tags"].split(",") if t.strip())
        for row in csv.DictReader(out.open(encoding="utf-8"))
    }
    assert tags == {
        "Heat": ["@ theatre", "favourites", "w/ kyle"],
        "Ran": ["@ home", "disney+", "w/ kyle", "w/Anna"],
        "Alien": [],
    }


@pytest.mark.slow
def test_a_real_export_converts_and_goes_back_to_the_same_tags(cli, journal, tmp_path) -> None:
    from tests.conftest import SHARED

    export = SHARED / "realworld" / "letterboxd" / "willshuttleworth__letterboxd" / "data"
    if not export.exists():
        pytest.skip("../shared/realworld is absent")
    cli("import", "letterboxd", str(export), ok=True)

    def written(name: str) -> list[tuple]:
        out = tmp_path / name
        cli("export", "letterboxd", "-o", str(out), ok=True)
        rows_ = []
        for row in csv.DictReader(out.open(encoding="utf-8")):
            cell = row["Tags"].removeprefix("'")  # a formula's guard, which imports take off
            tags = tuple(sorted(t.strip() for t in cell.split(",") if t.strip()))
            rows_.append((row["Title"], row["WatchedDate"], tags))
        return rows_

    before = written("before.csv")
    for pattern, target in (("w/ *", "with"), ("@ *", "at"), ("disney+", "on")):
        cli("tags", "convert", pattern, "--to", target, ok=True)
    assert count(journal, "entry_companions") > 700
    assert written("after.csv") == before
