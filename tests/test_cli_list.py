from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

TODAY = dt.date.today()


@pytest.fixture
def films(factory, journal: Path) -> Path:
    log = factory.log
    log(
        "Chungking Express",
        1994,
        directors="Wong Kar-Wai",
        rating="4.5",
        watched="2021-03-01",
        tags="hong kong",
        liked=True,
    )
    log(
        "In the Mood for Love",
        2000,
        directors="Wong Kar-Wai",
        rating="5",
        watched="2022-06-10",
        tags="hong kong, romance",
    )
    log("Fallen Angels", 1995, directors="Wong Kar-wai", watched="2019-01-15")
    log("Cléo from 5 to 7", 1962, directors="Agnès Varda", rating="4", watched="2023-09-09")
    log("Vagabond", 1985, directors="Agnes Varda", rating="3.5", watched="2018-02-02")
    log("Heat", 1995, directors="Michael Mann", rating="4.5", watched="2024-12-24", liked=True)
    log("Heat", 1995, rating="4", watched="2025-01-01")
    return journal


def titles(cli, *args: str) -> list[str]:
    result = cli("list", *args, "--format", "json", ok=True)
    return [row["title"] for row in json.loads(result.stdout)]


def test_one_row_per_film_sorted_by_title(cli, films: Path) -> None:
    assert titles(cli) == [
        "Chungking Express",
        "Cléo from 5 to 7",
        "Fallen Angels",
        "Heat",
        "In the Mood for Love",
        "Vagabond",
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--director", "wong kar wai"],
            {"Chungking Express", "In the Mood for Love", "Fallen Angels"},
        ),
        (["--director", "Agnes Varda"], {"Cléo from 5 to 7", "Vagabond"}),
        (["--year", "1995"], {"Fallen Angels", "Heat"}),
        (["--decade", "1990s"], {"Chungking Express", "Fallen Angels", "Heat"}),
        (["--decade", "60s"], {"Cléo from 5 to 7"}),
        (["--rating", "4.5"], {"Chungking Express"}),
        (["--min-rating", "4.5"], {"Chungking Express", "In the Mood for Love"}),
        (["--max-rating", "4"], {"Cléo from 5 to 7", "Vagabond", "Heat"}),
        (["--tag", "Hong Kong"], {"Chungking Express", "In the Mood for Love"}),
        (["--tag", "romance"], {"In the Mood for Love"}),
        (["--watched-since", "2022-01-01"], {"In the Mood for Love", "Cléo from 5 to 7", "Heat"}),
        (["--watched-until", "2019-12-31"], {"Fallen Angels", "Vagabond"}),
        (
            ["--watched-since", "2021-01-01", "--watched-until", "2022-12-31"],
            {"Chungking Express", "In the Mood for Love"},
        ),
        (["--liked"], {"Chungking Express", "Heat"}),
        (["--unrated"], {"Fallen Angels"}),
        (["--director", "Wong Kar-Wai", "--min-rating", "5"], {"In the Mood for Love"}),
        (["--director", "Nobody At All"], set()),
    ],
)
def test_filters(cli, films: Path, args: list[str], expected: set[str]) -> None:
    assert set(titles(cli, *args)) == expected


def test_the_latest_rating_is_the_films_rating(cli, films: Path) -> None:
    (heat,) = json.loads(cli("list", "-d", "Michael Mann", "-f", "json", ok=True).stdout)
    assert heat == {
        "id": heat["id"],
        "title": "Heat",
        "year": 1995,
        "directors": ["Michael Mann"],
        "rating": 4.0,
        "watched_count": 2,
        "last_watched": "2025-01-01",
        "liked": True,
    }


@pytest.mark.parametrize(
    ("sort", "first", "last"),
    [
        ("title", "Chungking Express", "Vagabond"),
        ("year", "Cléo from 5 to 7", "In the Mood for Love"),
        ("rating", "In the Mood for Love", "Fallen Angels"),
        ("watched", "Heat", "Vagabond"),
        ("director", "Cléo from 5 to 7", "Fallen Angels"),
    ],
)
def test_sorts_and_reverse(cli, films: Path, sort: str, first: str, last: str) -> None:
    ordered = titles(cli, "--sort", sort)
    assert ordered[0] == first
    if sort != "director":
        assert ordered[-1] == last
    reversed_ = titles(cli, "--sort", sort, "--reverse")
    if sort == "director":  # Agnès Varda's two films come last, in title order
        assert reversed_[-2:] == ["Cléo from 5 to 7", "Vagabond"]
    elif sort != "rating":  # films without a rating stay last either way
        assert reversed_[-1] == first


def test_limit(cli, films: Path) -> None:
    assert titles(cli, "--limit", "2") == ["Chungking Express", "Cléo from 5 to 7"]


def test_csv(cli, films: Path) -> None:
    out = cli("list", "-d", "Michael Mann", "--format", "csv", ok=True).stdout
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["title"] == "Heat"
    assert row["directors"] == "Michael Mann"
    assert row["rating"] == "4.0"
    assert row["watched_count"] == "2"


def test_plain_output_is_tab_separated_without_colour(cli, films: Path) -> None:
    out = cli("list", "-d", "Michael Mann", ok=True).stdout
    assert out == "Heat\t1995\tMichael Mann\t★★★★\t2\t2025-01-01\n"


def test_empty_result_is_not_an_error(cli, films: Path) -> None:
    result = cli("list", "--year", "1931", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_an_unknown_director_gets_a_hint(cli, films: Path) -> None:
    result = cli("list", "--director", "Wong Kar-Way")
    assert result.exit_code == 0
    assert "No director called 'Wong Kar-Way'" in result.stderr
    assert "Wong Kar-Wai" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rating", "7"], "invalid rating '7'"),
        (["--decade", "199"], "invalid decade"),
        (["--watched-since", "someday"], "invalid date"),
        (["--year", "1995", "--decade", "1990s"], "not both"),
        (["--sort", "colour"], "colour"),
        (["--format", "xml"], "xml"),
    ],
)
def test_bad_options(cli, films: Path, args: list[str], message: str) -> None:
    result = cli("list", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_list_on_a_missing_journal_is_empty(cli, journal: Path) -> None:
    result = cli("list", "--format", "json", ok=True)
    assert json.loads(result.stdout) == []
    assert not journal.exists()


@pytest.mark.parametrize("command", [["list"], ["diary"]])
def test_an_empty_journal_piped_prints_nothing(cli, journal: Path, command) -> None:
    result = cli(*command, ok=True)
    assert result.stdout == ""
    assert json.loads(cli(*command, "-f", "json", ok=True).stdout) == []
