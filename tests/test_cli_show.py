from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import rows


@pytest.fixture
def films(factory, journal: Path) -> Path:
    factory.log(
        "Chungking Express",
        1994,
        directors="Wong Kar-Wai",
        rating="4",
        watched="2020-05-01",
        review="First time: *neon* and melancholy.",
    )
    factory.log(
        "Chungking Express",
        1994,
        rating="5",
        watched="2023-05-01",
        liked=True,
        review="Better the second time.",
        spoilers=True,
    )
    factory.log("Solaris", 1972, directors="Andrei Tarkovsky")
    factory.log("Solaris", 2002, directors="Steven Soderbergh")
    factory.log("Cléo from 5 to 7", 1962, directors="Agnès Varda")
    return journal


@pytest.mark.parametrize(
    "query",
    [
        "Chungking Express",
        "chungking express",
        "CHUNGKING",
        "chungking",
        "king express",
        "Chunking Express",
        "Chungking Expres",
        "Chungking Express (1994)",
    ],
)
def test_title_forms_find_the_film(cli, films: Path, query: str) -> None:
    result = cli("show", query, ok=True)
    assert result.stdout.startswith("Chungking Express (1994)\n")


def test_accents_do_not_matter(cli, films: Path) -> None:
    assert cli("show", "cleo from 5 to 7", ok=True).stdout.startswith("Cléo from 5 to 7 (1962)")


def test_equal_matches_are_never_guessed(cli, films: Path) -> None:
    result = cli("show", "Solaris")
    assert result.exit_code == 1
    assert "matches 2 films" in result.stderr
    assert "Solaris (1972)" in result.stderr
    assert "Solaris (2002)" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args", [["Solaris (2002)"], ["Solaris", "--year", "2002"], ["solaris", "-y", "2002"]]
)
def test_the_year_picks_one(cli, films: Path, args: list[str]) -> None:
    data = json.loads(cli("show", *args, "--format", "json", ok=True).stdout)
    assert (data["title"], data["year"], data["directors"]) == (
        "Solaris",
        2002,
        ["Steven Soderbergh"],
    )


def test_unrelated_titles_are_not_found_and_close_ones_suggested(cli, films: Path) -> None:
    result = cli("show", "Solarsi Express Zzz")
    assert result.exit_code == 1
    assert "no film matching 'Solarsi Express Zzz'" in result.stderr
    result = cli("show", "The Godfather")
    assert result.exit_code == 1
    assert "no film matching" in result.stderr
    result = cli("show", "Chungkong Expreso")
    assert result.exit_code in (0, 1)
    if result.exit_code == 1:
        assert "Closest: Chungking Express (1994)" in result.stderr


def test_not_found_suggests_the_closest(cli, films: Path) -> None:
    result = cli("show", "Chungking Espresso Bar")
    assert result.exit_code == 1
    assert "Closest:" in result.stderr and "Chungking Express (1994)" in result.stderr


def test_plain_card_has_every_entry_and_review(cli, films: Path) -> None:
    out = cli("show", "chungking", ok=True).stdout
    assert "Directed by Wong Kar-Wai" in out
    assert "Rating: ★★★★★ (average 4.5 over 2)" in out
    assert "Watched 2 times:" in out
    assert "2020-05-01  ★★★★  [entry 1]" in out
    assert "2023-05-01  ★★★★★  rewatch  liked  [entry 2]" in out
    assert "First time: *neon* and melancholy." in out
    assert "Review, 2023-05-01 (entry 2) — contains spoilers:" in out
    assert "\x1b[" not in out


def test_json_card_shape(cli, films: Path) -> None:
    data = json.loads(cli("show", "chungking", "-f", "json", ok=True).stdout)
    assert set(data) >= {
        "id",
        "title",
        "year",
        "directors",
        "rating",
        "average_rating",
        "entries",
        "original_title",
        "runtime",
        "genres",
        "imdb_id",
        "tmdb_id",
        "letterboxd_uri",
        "liked",
    }
    assert data["rating"] == 5.0
    assert data["average_rating"] == 4.5
    assert [e["watched"] for e in data["entries"]] == ["2020-05-01", "2023-05-01"]
    assert set(data["entries"][0]) >= {
        "id",
        "watched",
        "rating",
        "rewatch",
        "liked",
        "tags",
        "review",
        "spoilers",
    }


def test_show_never_writes(cli, films: Path) -> None:
    before = films.read_bytes()
    cli("show", "chungking", ok=True)
    assert films.read_bytes() == before
    assert rows(films, "SELECT count(*) FROM films") == [(4,)]


def test_show_on_a_missing_journal_creates_nothing(cli, journal: Path) -> None:
    result = cli("show", "Heat")
    assert result.exit_code == 1
    assert "no film matching 'Heat'" in result.stderr
    assert not journal.exists()


def test_not_found_suggests_the_closest_titles_not_noise(factory, cli) -> None:
    for title in ("Neighbor", "Rio", "Amy", "The Grand Budapest Hotel", "Heat"):
        factory.log(title)
    result = cli("show", "My Neighbor Totoro")  # nothing like it: no noise either
    assert result.exit_code == 1
    assert result.stderr == "Error: no film matching 'My Neighbor Totoro' in the journal\n"
    close = cli("show", "Grnad Budapset Hotl")
    assert close.stderr.splitlines()[-1] == "Closest: The Grand Budapest Hotel"


def test_plain_card_keeps_the_watchlist_line_after_the_entries(cli, journal: Path) -> None:
    cli("add", "Heat", "-y", "1995", "-r", "4", "-w", "2024-01-02", ok=True)
    cli("watchlist", "add", "Heat", ok=True)
    lines = cli("show", "Heat", ok=True).stdout.splitlines()
    at = lines.index("Watched 1 time:")
    assert lines[at + 1].startswith("  2024-01-02")
    assert lines[at + 2].startswith("On your watchlist since ")
