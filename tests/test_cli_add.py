from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.conftest import count, rows

TODAY = dt.date.today()


def test_add_then_show_prints_the_review_verbatim(cli, journal: Path, seed_review: Path) -> None:
    result = cli(
        "add",
        "Chungking Express",
        "--year",
        "1994",
        "-d",
        "Wong Kar-Wai",
        "-r",
        "4.5",
        "--review-file",
        str(seed_review),
    )
    assert result.exit_code == 0, result.stderr
    assert "Logged Chungking Express (1994)" in result.stderr
    assert result.stdout == ""  # messages go to stderr
    shown = cli("show", "chungking", ok=True)
    review = seed_review.read_text(encoding="utf-8").strip()
    assert review in shown.stdout
    for paragraph in review.split("\n\n"):
        assert paragraph.strip() in shown.stdout
    listed = cli("list", "--director", "wong kar-wai", ok=True)
    assert listed.stdout.startswith("Chungking Express\t1994\tWong Kar-Wai\t★★★★½\t1\t")


def test_add_records_every_flag(cli, journal: Path) -> None:
    cli(
        "add",
        "Solaris",
        "-y",
        "1972",
        "-d",
        "Andrei Tarkovsky",
        "-r",
        "★★★★½",
        "-w",
        "2024-02-29",
        "--review",
        "Slow *and* great.",
        "-t",
        "sci-fi, russia",
        "-t",
        "space",
        "--liked",
        "--spoilers",
        "--rewatch",
        ok=True,
    )
    data = json.loads(cli("show", "Solaris", "--format", "json", ok=True).stdout)
    assert data["title"] == "Solaris"
    assert data["year"] == 1972
    assert data["directors"] == ["Andrei Tarkovsky"]
    assert data["rating"] == 4.5
    assert data["liked"] is True
    (entry,) = data["entries"]
    assert entry["watched"] == "2024-02-29"
    assert entry["rating"] == 4.5
    assert entry["review"] == "Slow *and* great."
    assert entry["tags"] == ["russia", "sci-fi", "space"]
    assert entry["rewatch"] is True
    assert entry["liked"] is True
    assert entry["spoilers"] is True


@pytest.mark.parametrize(
    ("rating", "stored"), [("4.5", 9), ("4½", 9), ("★★★★½", 9), ("9/10", 9), ("4.5/5", 9), ("3", 6)]
)
def test_rating_forms(cli, journal: Path, rating: str, stored: int) -> None:
    cli("add", "Heat", "-r", rating, ok=True)
    assert rows(journal, "SELECT rating FROM entries") == [(stored,)]


@pytest.mark.parametrize(
    ("watched", "expected"),
    [
        ("2026-01-02", dt.date(2026, 1, 2)),
        ("today", TODAY),
        ("yesterday", TODAY - dt.timedelta(days=1)),
        ("3 days ago", TODAY - dt.timedelta(days=3)),
        ("unknown", None),
    ],
)
def test_date_forms(cli, journal: Path, watched: str, expected: dt.date | None) -> None:
    cli("add", "Heat", "-w", watched, ok=True)
    stored = rows(journal, "SELECT watched FROM entries")[0][0]
    assert stored == (expected.isoformat() if expected else None)


def test_last_friday_is_a_friday_in_the_past_week(cli, journal: Path) -> None:
    cli("add", "Heat", "-w", "last friday", ok=True)
    stored = dt.date.fromisoformat(rows(journal, "SELECT watched FROM entries")[0][0])
    assert stored.weekday() == 4
    assert 1 <= (TODAY - stored).days <= 7


def test_default_date_is_today(cli, journal: Path) -> None:
    cli("add", "Heat", ok=True)
    assert rows(journal, "SELECT watched FROM entries") == [(TODAY.isoformat(),)]


def test_second_viewing_is_a_rewatch_of_the_same_film(cli, journal: Path) -> None:
    cli("add", "Heat", "-y", "1995", "-w", "2020-01-01", ok=True)
    result = cli("add", "heat", "-w", "2021-01-01", ok=True)
    assert "rewatch" in result.stderr
    assert count(journal, "films") == 1
    assert rows(journal, "SELECT watched, rewatch FROM entries ORDER BY id") == [
        ("2020-01-01", 0),
        ("2021-01-01", 1),
    ]


def test_same_title_other_year_is_another_film(cli, journal: Path) -> None:
    cli("add", "Solaris", "-y", "1972", ok=True)
    cli("add", "Solaris", "-y", "2002", ok=True)
    assert count(journal, "films") == 2
    # Without a year, which Solaris is meant cannot be told: refuse.
    result = cli("add", "Solaris")
    assert result.exit_code == 1
    assert "Solaris (1972)" in result.stderr and "Solaris (2002)" in result.stderr
    assert count(journal, "entries") == 2


def test_directors_merge_and_spellings_are_one_person(cli, journal: Path) -> None:
    cli("add", "Chungking Express", "-d", "Wong Kar-Wai", ok=True)
    cli("add", "In the Mood for Love", "-d", "wong kar wai", ok=True)
    cli("add", "Happy Together", "-d", "Wong Kar-wai", ok=True)
    assert rows(journal, "SELECT name FROM people") == [("Wong Kar-Wai",)]
    listed = json.loads(cli("list", "-d", "WONG KAR-WAI", "--format", "json", ok=True).stdout)
    assert {r["title"] for r in listed} == {
        "Chungking Express",
        "In the Mood for Love",
        "Happy Together",
    }
    assert all(r["directors"] == ["Wong Kar-Wai"] for r in listed)


def test_several_directors_in_one_option(cli, journal: Path) -> None:
    cli("add", "The Matrix", "-d", "Lana Wachowski, Lilly Wachowski", ok=True)
    data = json.loads(cli("show", "matrix", "-f", "json", ok=True).stdout)
    assert data["directors"] == ["Lana Wachowski", "Lilly Wachowski"]


def test_review_from_stdin(cli, journal: Path) -> None:
    cli("add", "Heat", "--review-file", "-", input="Line one.\n\nLine *two*.\n", ok=True)
    assert rows(journal, "SELECT review FROM entries") == [("Line one.\n\nLine *two*.",)]


def test_review_in_the_editor(cli, journal: Path, tmp_path: Path, monkeypatch) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "Written in the editor." > "$1"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    cli("add", "Heat", "--edit", ok=True)
    assert rows(journal, "SELECT review FROM entries") == [("Written in the editor.",)]


def test_an_empty_review_from_the_editor_logs_the_viewing_without_one(
    cli, journal: Path, tmp_path, monkeypatch
):
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\ntrue\n")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    result = cli("add", "Heat", "--edit", ok=True)
    assert "No review written: the viewing is logged without one." in result.stderr
    assert rows(journal, "SELECT review FROM entries") == [(None,)]


def test_edit_without_an_editor_or_a_terminal_refuses(cli, journal: Path) -> None:
    result = cli("add", "Heat", "--edit")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no editor to write the review in: set $EDITOR, or give the review with"
        " --review or --review-file\n"
    )
    assert not journal.exists()


def test_edit_e_that_changes_nothing_says_so(cli, journal: Path, tmp_path, monkeypatch):
    cli("add", "Heat", "--review", "As it was.", ok=True)
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\ntrue\n")  # saves the file as it was given
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    result = cli("edit", "Heat", "-e", ok=True)
    assert result.stderr == "Nothing changed.\n"


def test_the_journal_file_is_private(cli, journal: Path) -> None:
    cli("add", "Heat", ok=True)
    assert journal.stat().st_mode & 0o777 == 0o600


def test_db_option_and_env_pick_the_file(cli, tmp_path: Path, journal: Path) -> None:
    other = tmp_path / "nested" / "folder" / "other.db"
    other.parent.mkdir(parents=True)  # a folder the person names must be there (it is made
    # only for the default journal)
    cli("--db", str(other), "add", "Heat", ok=True)
    cli("add", "Ran", "--db", str(other), ok=True)
    assert count(other, "entries") == 2
    assert not journal.exists()
    assert other.stat().st_mode & 0o777 == 0o600


BAD = [
    (["-r", "6"], "invalid rating '6'"),
    (["-r", "4.3"], "invalid rating '4.3'"),
    (["-r", "abc"], "invalid rating 'abc'"),
    (["-r", "0"], "invalid rating '0'"),
    (["-w", "2026-13-40"], "no such day"),
    (["-w", (TODAY + dt.timedelta(days=3)).isoformat()], "in the future"),
    (["-w", "someday"], "invalid date 'someday'"),
    (["-y", "1700"], "invalid year 1700"),
    (["-y", str(TODAY.year + 50)], f"invalid year {TODAY.year + 50}"),
    (["--review-file", "/nonexistent/review.txt"], "no such file"),
    (["--review", "a", "--edit"], "one way only"),
]


@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_values_are_refused_and_nothing_is_written(
    cli, journal: Path, args: list[str], message: str
) -> None:
    result = cli("add", "Heat", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert not journal.exists()


@pytest.mark.parametrize("title", ["", "   ", "Heat\x1b[31m", "Heat\nRan", "Heat\x00"])
def test_bad_titles_are_refused(cli, journal: Path, title: str) -> None:
    result = cli("add", title)
    assert result.exit_code == 2
    assert "title" in result.stderr
    assert not journal.exists()


def test_review_file_that_is_a_folder(cli, journal: Path, tmp_path: Path) -> None:
    result = cli("add", "Heat", "--review-file", str(tmp_path))
    assert result.exit_code == 2
    assert "is a folder" in result.stderr
    assert not journal.exists()


def test_review_file_that_is_not_utf8(cli, journal: Path, tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 au lait".encode("latin-1"))
    result = cli("add", "Heat", "--review-file", str(bad))
    assert result.exit_code == 2
    assert "not UTF-8" in result.stderr
    assert not journal.exists()


def test_no_title_without_a_terminal_is_a_usage_error(cli, journal: Path) -> None:
    result = cli("add")
    assert result.exit_code == 2
    assert "TITLE" in result.stderr
    assert not journal.exists()


def test_sql_in_a_title_is_just_a_title(cli, journal: Path) -> None:
    title = "'; DROP TABLE films; --"
    cli("add", title, ok=True)
    assert rows(journal, "SELECT title FROM films") == [(title,)]


@pytest.mark.parametrize("typed", ["chungking", "Chunking Expres"])
def test_a_near_title_piped_is_refused_with_the_film_it_means(cli, journal, typed) -> None:
    cli("add", "Chungking Express", "-y", "1994", ok=True)
    result = cli("add", typed)
    assert result.exit_code == 1
    assert result.stderr == (
        f'Error: the journal has no film called {typed!r}, but has "Chungking Express (1994)":'
        f" log it by its title, or add --new to make a new film {typed!r}\n"
    )
    assert count(journal, "entries") == 1
    cli("add", typed, "--new", ok=True)
    assert count(journal, "films") == 2


@pytest.mark.parametrize(
    ("have", "new"),
    [("Undated", "Dated"), ("Aliens", "Alien"), ("Heat 2", "Heat"), ("Film 1", "Film 10")],
)
def test_a_title_that_is_another_film_is_no_near_title(cli, journal, have, new) -> None:
    cli("add", have, ok=True)
    cli("add", new, ok=True)
    assert count(journal, "films") == 2


def test_logging_a_film_keeps_its_facts_and_says_so(cli, journal: Path) -> None:
    cli("add", "Solaris", "-y", "1972", "-d", "Andrei Tarkovsky", ok=True)
    result = cli("add", "Solaris", "-y", "1972", "-d", "Someone Else", ok=True)
    assert "Solaris (1972) is directed by Andrei Tarkovsky in the journal; kept" in result.stderr
    assert rows(journal, "SELECT name FROM people") == [("Andrei Tarkovsky",)]
    cli("add", "Stalker", "-y", "1979", ok=True)
    cli("add", "Stalker", "-y", "1979", "-d", "Andrei Tarkovsky", ok=True)  # had none: filled in
    data = json.loads(cli("show", "Stalker", "-f", "json", ok=True).stdout)
    assert data["directors"] == ["Andrei Tarkovsky"]


def test_a_film_marked_seen_then_logged_is_a_rewatch(cli, journal: Path, tmp_path: Path) -> None:
    export = tmp_path / "watched.csv"
    export.write_text("Date,Name,Year,Letterboxd URI\n2020-01-01,Ran,1985,https://boxd.it/r\n")
    cli("import", "letterboxd", str(export), ok=True)
    result = cli("add", "Ran", "-y", "1985", ok=True)
    assert "Marked as a rewatch: you had seen it before." in result.stderr
    assert rows(journal, "SELECT rewatch FROM entries") == [(1,)]


@pytest.mark.parametrize(
    ("watched", "reason"),
    [
        ("0001-01-01", "before films were first shown"),
        ("1850-01-01", "before films were first shown"),
        ("2020", "give the day too"),
        ("06/02/2024", "could be day/month or month/day"),
        ("02.06.2024", "could be day/month or month/day"),
        ("2099-01-01", "in the future"),
    ],
)
def test_dates_that_cannot_be_right_are_refused(cli, journal, watched, reason) -> None:
    result = cli("add", "Heat", "-w", watched)
    assert result.exit_code == 2
    assert reason in result.stderr
    assert not journal.exists()


@pytest.mark.parametrize(
    ("watched", "stored"), [("25/12/2024", "2024-12-25"), ("12/25/2024", "2024-12-25")]
)
def test_day_and_month_orders_that_cannot_be_mistaken(cli, journal, watched, stored) -> None:
    cli("add", "Heat", "-w", watched, ok=True)
    assert rows(journal, "SELECT watched FROM entries") == [(stored,)]


def test_the_editor_file_is_private_and_removed(cli, journal: Path, tmp_path: Path, monkeypatch):
    seen = tmp_path / "seen.txt"
    editor = tmp_path / "editor.sh"
    # $1 is --wait: the file comes last, as editors are given it.
    editor.write_text(f'#!/bin/sh\nstat -c "%a %n" "$2" > {seen}\nprintf "Fine." > "$2"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("VISUAL", f"{editor} --wait")  # run without a shell, arguments split
    cli("add", "Heat", "--edit", ok=True)
    mode, name = seen.read_text().split()
    assert mode == "600"
    assert not Path(name).exists()
    assert rows(journal, "SELECT review FROM entries") == [("Fine.",)]
