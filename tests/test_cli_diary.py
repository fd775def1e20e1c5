from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from filmlog.journal import listing
from filmlog.journal.db import open_journal

TODAY = dt.date.today()


@pytest.fixture
def diary(factory, journal: Path) -> Path:
    for title, watched in [
        ("Heat", "2024-12-24"),
        ("Ran", "2025-01-05"),
        ("Ikiru", "2025-01-05"),
        ("Tokyo Story", "2023-11-26"),
        ("Stalker", "unknown"),
        ("Mirror", "2020-02-29"),
    ]:
        factory.log(title, watched=watched, rating="4", tags="kurosawa" if title == "Ran" else ())
    return journal


def entries(cli, *args: str) -> list[dict]:
    return json.loads(cli("diary", *args, "--format", "json", ok=True).stdout)


def test_newest_first_unknown_dates_last(cli, diary: Path) -> None:
    assert [(e["title"], e["watched"]) for e in entries(cli)] == [
        ("Ikiru", "2025-01-05"),
        ("Ran", "2025-01-05"),
        ("Heat", "2024-12-24"),
        ("Tokyo Story", "2023-11-26"),
        ("Mirror", "2020-02-29"),
        ("Stalker", None),
    ]


def test_entry_json_shape(cli, diary: Path) -> None:
    ran = next(e for e in entries(cli) if e["title"] == "Ran")
    assert set(ran) >= {
        "id",
        "title",
        "year",
        "watched",
        "rating",
        "rewatch",
        "liked",
        "tags",
        "review",
    }
    assert ran["tags"] == ["kurosawa"]
    assert ran["rating"] == 4.0
    assert ran["rewatch"] is False
    assert ran["review"] is None


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--year", "2025"], ["Ikiru", "Ran"]),
        (["--since", "2024-01-01"], ["Ikiru", "Ran", "Heat"]),
        (["--until", "2023-12-31"], ["Tokyo Story", "Mirror"]),
        (["--since", "2024-01-01", "--until", "2024-12-31"], ["Heat"]),
        (["--limit", "2"], ["Ikiru", "Ran"]),
    ],
)
def test_filters(cli, diary: Path, args: list[str], expected: list[str]) -> None:
    assert [e["title"] for e in entries(cli, *args)] == expected


def test_plain_output(cli, diary: Path) -> None:
    out = cli("diary", "--limit", "1", ok=True).stdout
    assert out.startswith("2025-01-05\tIkiru\t\t★★★★\t\t\t\t")


def test_csv(cli, diary: Path) -> None:
    out = cli("diary", "--format", "csv", ok=True).stdout
    parsed = list(csv.DictReader(io.StringIO(out)))
    assert len(parsed) == 6
    assert parsed[0]["title"] == "Ikiru"
    assert parsed[-1]["watched"] == ""


def test_on_this_day_across_a_leap_day(journal: Path, cli) -> None:
    cli("add", "Mirror", "-w", "2020-02-29", ok=True)
    cli("add", "Ran", "-w", "2021-02-28", ok=True)
    cli("add", "Heat", "-w", "2024-03-01", ok=True)
    with open_journal(journal, write=False) as j:

        def on(day: dt.date) -> list[str]:
            return [r.title for r in listing.diary(j.conn, listing.DiaryFilter(on_this_day=day))]

        # In a year without 29 February, the 28th also shows leap-day viewings.
        assert on(dt.date(2023, 2, 28)) == ["Ran", "Mirror"]
        assert on(dt.date(2024, 2, 29)) == ["Mirror"]
        assert on(dt.date(2024, 2, 28)) == ["Ran"]  # 2024 has its own 29th
        assert on(dt.date(2025, 3, 1)) == ["Heat"]
        assert on(dt.date(2024, 3, 1)) == []  # only earlier years


def test_on_this_day_command(cli, journal: Path) -> None:
    a_year_ago = TODAY.replace(year=TODAY.year - 1) if (TODAY.month, TODAY.day) != (2, 29) else None
    if a_year_ago is None:
        pytest.skip("today is a leap day")
    cli("add", "Ran", "-w", a_year_ago.isoformat(), ok=True)
    cli("add", "Heat", ok=True)
    assert [e["title"] for e in entries(cli, "--on-this-day")] == ["Ran"]


def test_bad_dates(cli, diary: Path) -> None:
    result = cli("diary", "--since", "2026-02-30")
    assert result.exit_code == 2
    assert "no such day" in result.stderr


def test_a_long_diary_is_newest_first_and_counted_whole(cli, factory, journal: Path) -> None:
    factory.many(films=200, entries=600)
    rows = json.loads(cli("diary", "--limit", "50", "-f", "json", ok=True).stdout)
    assert len(rows) == 50
    dates = [r["watched"] for r in rows]
    assert dates == sorted(dates, reverse=True)
    assert json.loads(cli("stats", "-f", "json", ok=True).stdout)["entries"] == 600
    assert len(json.loads(cli("list", "-f", "json", ok=True).stdout)) == 200


def test_a_diary_longer_than_the_lookup_keeps_its_films(cli, factory, monkeypatch) -> None:
    from filmlog.journal.grouped import NameLookup

    factory.many(films=120, entries=400)
    whole = json.loads(cli("diary", "-f", "json", ok=True).stdout)
    monkeypatch.setattr(NameLookup, "FILMS_KEPT", 7)  # forgets films all the time
    assert json.loads(cli("diary", "-f", "json", ok=True).stdout) == whole
    assert len(whole) == 400 and all(r["title"] and r["directors"] for r in whole)


@pytest.fixture
def logged(factory, journal):
    factory.log(
        "Chungking Express",
        1994,
        directors="Wong Kar-Wai",
        rating="4.5",
        watched="2024-01-05",
        tags="neon",
        liked=True,
    )
    factory.log("Fallen Angels", 1995, directors="Wong Kar-Wai", rating="3", watched="2024-02-01")
    factory.log(
        "Heat", 1995, directors="Michael Mann", rating="5", watched="2023-06-01", tags="neon"
    )
    factory.log("Ran", 1985, watched="unknown", tags="neon")
    return journal


@pytest.mark.parametrize(
    ("args", "titles"),
    [
        (["--director", "wong kar wai"], ["Fallen Angels", "Chungking Express"]),
        (["--tag", "NEON"], ["Chungking Express", "Heat", "Ran"]),
        (["--rating", "3"], ["Fallen Angels"]),
        (["--min-rating", "4.5"], ["Chungking Express", "Heat"]),
        (["--max-rating", "4"], ["Fallen Angels"]),
        (["--liked"], ["Chungking Express"]),
        (["--tag", "neon", "--since", "2024"], ["Chungking Express"]),
        (["--director", "Wong Kar-Wai", "--min-rating", "4"], ["Chungking Express"]),
    ],
)
def test_diary_filters_like_list(cli, logged, args, titles) -> None:
    rows = json.loads(cli("diary", *args, "-f", "json", ok=True).stdout)
    assert [r["title"] for r in rows] == titles


@pytest.mark.parametrize(
    ("command", "args", "said"),
    [
        (
            "diary",
            ["--since", "2026", "--until", "2025"],
            "--since 2026-01-01 is after --until 2025-12-31: nothing lies between them",
        ),
        (
            "diary",
            ["--min-rating", "4", "--max-rating", "3"],
            "--min-rating ★★★★ is above --max-rating ★★★: nothing lies between",
        ),
        (
            "list",
            ["--watched-since", "2024-05-01", "--watched-until", "2024-01-01"],
            "--watched-since 2024-05-01 is after --watched-until 2024-01-01",
        ),
        ("list", ["--min-rating", "4", "--max-rating", "3"], "is above --max-rating"),
        ("diary", ["--year", "2024", "--since", "2025"], "is after --until 2024-12-31"),
    ],
)
def test_an_empty_range_is_a_usage_error(cli, logged, command, args, said) -> None:
    result = cli(command, *args)
    assert result.exit_code == 2
    assert said in result.stderr


def test_a_director_the_journal_lacks_is_pointed_out(cli, logged) -> None:
    result = cli("diary", "--director", "Wong Kar-Way", ok=True)
    assert result.stdout == ""
    assert "Did you mean 'Wong Kar-Wai'?" in result.stderr
