from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import count, rows


@pytest.fixture
def films(factory, journal: Path) -> Path:
    factory.log(
        "Chungking Express",
        1994,
        directors="Wong Kar-Wai",
        rating="4",
        watched="2020-01-01",
        review="First.",
    )
    factory.log("Chungking Express", 1994, rating="4.5", watched="2022-01-01")
    factory.log("Solaris", 1972)
    factory.log("Solaris", 2002)
    return journal


def card(cli, title: str) -> dict:
    return json.loads(cli("show", title, "-f", "json", ok=True).stdout)


def test_edit_changes_the_latest_entry(cli, films: Path) -> None:
    result = cli("edit", "chungking", "--rating", "5", "--tag", "neon", "--liked", ok=True)
    assert result.stderr == (
        "Updated entry 2 of Chungking Express (1994):"
        " rating: ★★★★½ → ★★★★★; liked: no → yes; tags: none → neon.\n"
    )
    data = card(cli, "chungking")
    assert [e["rating"] for e in data["entries"]] == [4.0, 5.0]
    assert data["entries"][1]["tags"] == ["neon"]
    assert data["rating"] == 5.0
    assert data["liked"] is True


def test_edit_an_entry_by_id(cli, films: Path) -> None:
    cli("edit", "--entry", "1", "--watched", "2019-12-31", "--review", "Rewritten.", ok=True)
    data = card(cli, "chungking")
    assert data["entries"][0]["watched"] == "2019-12-31"
    assert data["entries"][0]["review"] == "Rewritten."


def test_edit_the_films_facts(cli, films: Path) -> None:
    cli(
        "edit",
        "chungking",
        "--title",
        "Chungking Express",
        "--original-title",
        "重慶森林",
        "--runtime",
        "102",
        "--imdb",
        "tt0109424",
        "-d",
        "Wong Kar-wai, Christopher Doyle",
        "--genre",
        "Drama, Romance",
        ok=True,
    )
    data = card(cli, "重慶森林")
    assert data["original_title"] == "重慶森林"
    assert data["runtime"] == 102
    assert data["imdb_id"] == "tt0109424"
    assert data["directors"] == ["Wong Kar-Wai", "Christopher Doyle"]  # first spelling kept
    assert data["genres"] == ["Drama", "Romance"]


def test_year_picks_the_film_and_set_year_changes_it(cli, films: Path) -> None:
    cli("edit", "Solaris", "--year", "1972", "--rating", "5", ok=True)
    assert card(cli, "Solaris (1972)")["rating"] == 5.0
    cli("add", "Fallen Angels", "-y", "1995", ok=True)
    result = cli("edit", "fallen", "-y", "1972", "-r", "3")  # as on show: no such film
    assert result.exit_code == 1
    assert "no film matching 'fallen' from 1972" in result.stderr
    assert card(cli, "Fallen Angels")["year"] == 1995
    result = cli("edit", "fallen", "--set-year", "1996", ok=True)
    assert result.stderr == "Updated Fallen Angels (1996): year: 1995 → 1996.\n"
    assert card(cli, "Fallen Angels")["year"] == 1996
    result = cli("edit", "--entry", "1", "-y", "1994", "-r", "3")
    assert result.exit_code == 2
    assert "--set-year" in result.stderr


def test_an_edit_that_changes_nothing_says_so_and_writes_nothing(cli, films: Path) -> None:
    before = rows(films, "SELECT * FROM entries ORDER BY id")
    result = cli("edit", "chungking", "--rating", "4.5", ok=True)
    assert result.stderr == "Nothing changed.\n"
    assert rows(films, "SELECT * FROM entries ORDER BY id") == before


def test_clear_a_rating(cli, films: Path) -> None:
    cli("edit", "--entry", "2", "--rating", "none", ok=True)
    data = card(cli, "chungking")
    assert data["entries"][1]["rating"] is None
    assert data["rating"] == 4.0  # the latest rating left


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--entry", "999", "-r", "4"], 1, "no entry 999"),
        (["chungking"], 2, "nothing to change"),
        ([], 2, "one of the two"),
        (["chungking", "--entry", "1", "-r", "3"], 2, "one of the two"),
        (["chungking", "-r", "9"], 2, "invalid rating"),
        (["Solaris", "-r", "4"], 1, "matches 2 films"),
        (["chungking", "--imdb", "12345"], 2, "invalid IMDb id"),
    ],
)
def test_bad_edits_change_nothing(cli, films: Path, args, code, message) -> None:
    before = rows(films, "SELECT * FROM entries ORDER BY id")
    result = cli("edit", *args)
    assert result.exit_code == code, result.stderr
    assert message in result.stderr
    assert rows(films, "SELECT * FROM entries ORDER BY id") == before


def test_rm_an_entry(cli, films: Path) -> None:
    result = cli("rm", "--entry", "2", "--yes", ok=True)
    assert "Removed entry 2 of Chungking Express (1994)" in result.stderr
    assert count(films, "entries") == 3
    assert card(cli, "chungking")["rating"] == 4.0


def test_rm_acts_on_the_exact_title_only(cli, films: Path) -> None:
    for typed in ("chungking", "Chunking Express", "Chungking Expres"):
        result = cli("rm", typed, "--yes")
        assert result.exit_code == 1
        assert result.stderr.splitlines()[-1] == 'Did you mean "Chungking Express (1994)"?'
    assert count(films, "entries") == 4
    result = cli("rm", "Solaris", "--yes")  # two films of the title: the year picks one
    assert result.exit_code == 1
    assert count(films, "films") == 3


def test_rm_a_film_with_its_entries(cli, films: Path) -> None:
    cli("rm", "chungking express", "--yes", ok=True)  # case aside, the exact title
    assert count(films, "entries") == 2
    assert rows(films, "SELECT title, year FROM films ORDER BY year") == [
        ("Solaris", 1972),
        ("Solaris", 2002),
    ]
    assert count(films, "film_directors") == 0


def test_rm_without_yes_outside_a_terminal_refuses(cli, films: Path) -> None:
    result = cli("rm", "Chungking Express")
    assert result.exit_code == 2
    assert "--yes" in result.stderr
    assert count(films, "entries") == 4


def test_rm_of_an_unknown_entry(cli, films: Path) -> None:
    result = cli("rm", "--entry", "999", "--yes")
    assert result.exit_code == 1
    assert "no entry 999" in result.stderr


@pytest.mark.parametrize("flag", ["liked", "rewatch", "spoilers"])
def test_every_no_flag_clears_its_flag_alone(cli, journal: Path, flag: str) -> None:
    cli("add", "Heat", "-y", "1995", f"--{flag}", "--review", "Long.", ok=True)
    result = cli("edit", "Heat", f"--no-{flag}")
    assert result.exit_code == 0, result.stderr
    (entry,) = card(cli, "Heat")["entries"]
    assert entry[flag] is False


def test_no_liked_unlikes_the_film_too(cli, journal: Path) -> None:
    cli("add", "Heat", "-y", "1995", "--liked", ok=True)
    cli("edit", "Heat", "--no-liked", "--rating", "3.5", ok=True)
    assert card(cli, "Heat")["liked"] is False
    assert json.loads(cli("list", "--liked", "-f", "json", ok=True).stdout) == []


def test_no_liked_keeps_a_film_liked_by_another_entry(cli, journal: Path) -> None:
    cli("add", "Heat", "-y", "1995", "-w", "2020-01-01", "--liked", ok=True)
    cli("add", "Heat", "-y", "1995", "-w", "2021-01-01", "--liked", ok=True)
    cli("edit", "Heat", "--no-liked", ok=True)  # the latest entry
    data = card(cli, "Heat")
    assert [e["liked"] for e in data["entries"]] == [True, False]
    assert data["liked"] is True


def test_a_no_flag_on_a_film_without_entries_says_so(cli, journal: Path) -> None:
    cli("watchlist", "add", "Heat", "-y", "1995", ok=True)
    result = cli("edit", "Heat", "--no-spoilers")
    assert result.exit_code == 1
    assert "no diary entries" in result.stderr


def test_a_rename_onto_a_film_of_the_same_title_and_no_year_is_refused(cli, journal) -> None:
    cli("add", "Heat", ok=True)
    cli("add", "Ran", ok=True)
    result = cli("edit", "Ran", "--title", "heat")
    assert result.exit_code == 2
    assert "already has Heat" in result.stderr
    assert rows(journal, "SELECT title FROM films ORDER BY id") == [("Heat",), ("Ran",)]


def test_clearing_an_unrated_entry_keeps_the_films_own_rating(cli, journal, tmp_path) -> None:
    ratings = tmp_path / "ratings.csv"
    ratings.write_text(
        "Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Heat,1995,https://boxd.it/h,4\n"
    )
    cli("import", "letterboxd", str(ratings), ok=True)
    cli("add", "Heat", "-y", "1995", "-w", "2024-02-01", ok=True)
    cli("edit", "Heat", "--rating", "none", "--review", "Still good.", ok=True)
    assert card(cli, "Heat")["rating"] == 4.0
    cli("rm", "--entry", "1", "--yes", ok=True)
    assert card(cli, "Heat")["rating"] == 4.0


def test_an_imdb_id_another_film_has_is_refused_naming_it(cli, factory, journal) -> None:
    factory.log("Heat", 1995)
    factory.log("Ikiru", 1952)
    cli("edit", "Heat", "--imdb", "tt0113277", ok=True)
    result = cli("edit", "Ikiru", "--imdb", "tt0113277")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: Heat (1995) in the journal already has the IMDb id tt0113277\n"
    )
    assert rows(journal, "SELECT title, imdb_id FROM films ORDER BY id") == [
        ("Heat", "tt0113277"),
        ("Ikiru", None),
    ]
