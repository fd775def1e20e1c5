"""Watchlist, lists and stats."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import count, rows


def test_watchlist_add_list_rm(cli, journal: Path) -> None:
    cli("watchlist", "add", "In the Mood for Love", "-y", "2000", "-d", "Wong Kar-Wai", ok=True)
    cli("watchlist", "add", "Stalker", "-y", "1979", ok=True)
    again = cli("watchlist", "add", "stalker", "-y", "1979", ok=True)
    assert again.stderr == "Stalker (1979) is already on your watchlist.\n"
    listed = json.loads(cli("watchlist", "list", "-f", "json", ok=True).stdout)
    assert [(w["title"], w["year"]) for w in listed] == [
        ("In the Mood for Love", 2000),
        ("Stalker", 1979),
    ]
    assert json.loads(cli("list", "-f", "json", ok=True).stdout) == []  # not seen yet
    cli("watchlist", "rm", "stalker", ok=True)
    assert count(journal, "watchlist") == 1
    assert rows(journal, "SELECT title FROM films") == [("In the Mood for Love",)]


def test_logging_a_film_takes_it_off_the_watchlist(cli, journal: Path) -> None:
    cli("watchlist", "add", "Stalker", "-y", "1979", ok=True)
    result = cli("add", "Stalker", "-y", "1979", "-r", "5", ok=True)
    assert "Taken off your watchlist" in result.stderr
    assert count(journal, "watchlist") == 0
    assert count(journal, "films") == 1


def test_pick_is_reproducible_and_filtered(cli, journal: Path) -> None:
    for i in range(12):
        cli("watchlist", "add", f"Film {i}", "-y", str(1950 + i * 5), ok=True)
    first = cli("watchlist", "pick", "--seed", "7", ok=True).stdout
    assert all(cli("watchlist", "pick", "--seed", "7", ok=True).stdout == first for _ in range(3))
    picks = {cli("watchlist", "pick", "--seed", str(s), ok=True).stdout for s in range(20)}
    assert len(picks) > 1
    nineties = json.loads(
        cli("watchlist", "pick", "--decade", "1990s", "-f", "json", ok=True).stdout
    )
    assert 1990 <= nineties["year"] <= 1999
    none = cli("watchlist", "pick", "--decade", "1920s")
    assert none.exit_code == 1
    assert "none of the 12 films" in none.stderr


def test_pick_from_an_empty_watchlist(cli, journal: Path) -> None:
    result = cli("watchlist", "pick")
    assert result.exit_code == 1
    assert "watchlist is empty" in result.stderr
    assert "filmlog watchlist add" in result.stderr


def test_lists(cli, journal: Path) -> None:
    for title in ("Chungking Express", "Fallen Angels", "Happy Together"):
        cli("add", title, ok=True)
    cli("lists", "add", "Hong Kong nights", "chungking", "fallen angels", "happy", ok=True)
    shown = json.loads(cli("lists", "show", "hong kong nights", "-f", "json", ok=True).stdout)
    assert [(i["position"], i["title"]) for i in shown["items"]] == [
        (1, "Chungking Express"),
        (2, "Fallen Angels"),
        (3, "Happy Together"),
    ]
    assert cli("lists", "rm", "Hong Kong nights", "fallen").exit_code == 1  # exact only
    cli("lists", "rm", "Hong Kong nights", "fallen angels", ok=True)
    shown = json.loads(cli("lists", "show", "Hong Kong nights", "-f", "json", ok=True).stdout)
    assert [(i["position"], i["title"]) for i in shown["items"]] == [
        (1, "Chungking Express"),
        (2, "Happy Together"),
    ]
    overview = json.loads(cli("lists", "--format", "json", ok=True).stdout)
    assert overview == [{"name": "Hong Kong nights", "description": None, "films": 2}]
    assert cli("lists", ok=True).stdout == "Hong Kong nights\t2\t\n"
    assert cli("lists", "rm", "Hong Kong nights").exit_code == 2  # a whole list needs --yes
    cli("lists", "rm", "Hong Kong nights", "--yes", ok=True)
    assert count(journal, "lists") == 0


def test_unknown_list_suggests_the_closest(cli, journal: Path) -> None:
    cli("add", "Heat", ok=True)
    cli("lists", "add", "Heist films", "heat", ok=True)
    result = cli("lists", "show", "Hiest flims")
    assert result.exit_code == 1
    assert "Closest: Heist films" in result.stderr


def test_a_list_is_found_the_way_titles_are(cli, journal: Path) -> None:
    cli("lists", "add", "Trying to fall asleep to…", "Heat", ok=True)
    cli("lists", "add", "Heist films", "Heat", ok=True)
    for typed in ("trying", "fall asleep", "Trying to fal asleep to"):
        shown = json.loads(cli("lists", "show", typed, "-f", "json", ok=True).stdout)
        assert shown["name"] == "Trying to fall asleep to…"
    assert cli("lists", "rm", "trying", "--yes").exit_code == 1  # removing: the exact name
    assert count(journal, "lists") == 2


def test_lists_add_makes_a_film_new_to_the_journal(cli, journal: Path) -> None:
    result = cli("lists", "add", "To see", "Ran (1985)", ok=True)
    assert result.stderr == (
        "New in the journal (not seen yet): Ran (1985).\nAdded 1 film to 'To see' (1 film in all).\n"
    )
    assert rows(journal, "SELECT title, year, seen FROM films") == [("Ran", 1985, 0)]
    again = cli("lists", "add", "To see", "Ran", ok=True)
    assert again.stderr == "Ran (1985) is already on 'To see'.\n"
    cli("lists", "rm", "To see", "Ran", ok=True)
    assert count(journal, "films") == 0  # made for the list, gone with it


def test_lists_move_and_notes(cli, journal: Path) -> None:
    cli("lists", "add", "Best", "A", "B", "C", ok=True)
    result = cli("lists", "move", "best", "c", "1", ok=True)
    assert result.stderr == "Moved C to place 1 of 'Best'.\n"
    cli("lists", "add", "Best", "B", "--note", "The one with the rain.", ok=True)
    shown = json.loads(cli("lists", "show", "Best", "-f", "json", ok=True).stdout)
    assert [(i["position"], i["title"], i["note"]) for i in shown["items"]] == [
        (1, "C", None),
        (2, "A", None),
        (3, "B", "The one with the rain."),
    ]
    assert cli("lists", "move", "Best", "A", "0").exit_code == 2


@pytest.fixture
def year_of_films(factory, journal: Path) -> Path:
    log = factory.log
    log(
        "Chungking Express",
        1994,
        directors="Wong Kar-Wai",
        rating="4.5",
        watched="2024-01-05",
        tags="hong kong",
        runtime=102,
    )
    log(
        "Fallen Angels",
        1995,
        directors="Wong Kar-Wai",
        rating="4",
        watched="2024-01-20",
        tags="hong kong",
        runtime=99,
    )
    log(
        "Heat",
        1995,
        directors="Michael Mann",
        rating="5",
        watched="2024-03-03",
        tags="heist",
        runtime=170,
    )
    log("Heat", 1995, rating="5", watched="2024-07-04")
    log(
        "Solaris",
        1972,
        directors="Andrei Tarkovsky",
        rating="3.5",
        watched="2023-05-05",
        runtime=167,
    )
    log("Paterson", 2016, directors="Jim Jarmusch", watched="2024-02-29")
    return journal


def test_stats_numbers_for_a_year(cli, year_of_films: Path) -> None:
    data = json.loads(cli("stats", "--year", "2024", "-f", "json", ok=True).stdout)
    assert data["films"] == 4
    assert data["entries"] == 5
    assert data["rewatches"] == 1
    assert data["hours"] == round((102 + 99 + 170 + 170) / 60, 1)
    assert data["entries_with_runtime"] == 4
    assert data["ratings"]["4.5"] == 1
    assert data["ratings"]["4.0"] == 1
    assert data["ratings"]["5.0"] == 2
    assert sum(data["ratings"].values()) == 4
    assert data["per_month"]["2024-01"] == 2
    assert data["per_month"]["2024-02"] == 1
    assert data["per_month"]["2024-12"] == 0
    assert len(data["per_month"]) == 12
    assert data["decades"] == {"1990s": 3, "2010s": 1}
    assert data["top_directors"][0] == {"name": "Wong Kar-Wai", "films": 2}
    assert data["top_tags"][0] == {"name": "hong kong", "entries": 2}
    assert data["highest_rated"][0] == {
        "title": "Heat",
        "year": 1995,
        "rating": 5.0,
        "watched": 2,
        "entries": 2,
    }


def test_stats_overall(cli, year_of_films: Path) -> None:
    data = json.loads(cli("stats", "-f", "json", ok=True).stdout)
    assert data["films"] == 5
    assert data["entries"] == 6
    assert data["per_year"] == {"2023": 1, "2024": 5}
    assert data["decades"] == {"1970s": 1, "1990s": 3, "2010s": 1}


def test_stats_for_an_empty_year_is_friendly(cli, year_of_films: Path) -> None:
    result = cli("stats", "--year", "1999", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["entries"] == 0
    assert "No entries in 1999" in result.stderr


def test_stats_svg(cli, year_of_films: Path, tmp_path: Path) -> None:
    target = tmp_path / "stats.svg"
    cli("stats", "--year", "2024", "--svg", str(target), ok=True)
    tree = ET.parse(target)
    assert tree.getroot().tag.endswith("svg")
    text = target.read_text()
    assert "Wong" in text and "Kar-Wai" in text
    assert "hours" in text
    again = cli("stats", "--svg", str(target))
    assert again.exit_code == 1
    assert "--force" in again.stderr
    missing = cli("stats", "--svg", str(tmp_path / "no" / "such" / "stats.svg"))
    assert missing.exit_code == 1
    assert "does not exist" in missing.stderr
    cli("stats", "--svg", str(target), "--force", ok=True)


def test_stats_plain_text(cli, year_of_films: Path) -> None:
    out = cli("stats", "--year", "2024", ok=True).stdout
    assert "filmlog stats: 2024" in out
    assert "Wong Kar-Wai" in out
    assert "\x1b[" not in out


def test_nothing_filmlog_draws_refers_outside_itself(cli, journal: Path, tmp_path: Path) -> None:
    """Opening the SVG of stats or the Markdown export asks no server for anything."""
    cli(
        "add",
        "Heat",
        "-y",
        "1995",
        "-r",
        "4",
        "--review",
        '![tracker](https://example.com/pixel.gif) and <img src="https://example.com/x.png">'
        " and [a link](https://example.com/page)",
        ok=True,
    )
    target = tmp_path / "stats.svg"
    cli("stats", "--svg", str(target), ok=True)
    picture = target.read_text(encoding="utf-8")
    # url() only to its own parts (#id), no link, no import
    assert re.findall(r"url\((?!#)", picture) == []
    assert "href" not in picture and "@import" not in picture
    assert [u for u in re.findall(r"https?://[^\s\"')]+", picture)] == [
        "http://www.w3.org/2000/svg"  # the namespace: a name, never fetched
    ]
    exported = cli("export", "markdown", ok=True).stdout
    assert "![" not in exported and "<img" not in exported
    assert "[tracker](https://example.com/pixel.gif)" in exported  # a link: loads nothing
    assert "&lt;img" in exported


def test_piped_stats_are_plain_and_nothing_for_an_empty_journal(cli, journal: Path) -> None:
    assert cli("stats", ok=True).stdout == ""
    cli("add", "Heat", "-y", "1995", "-r", "4", ok=True)
    out = cli("stats", ok=True).stdout
    assert "filmlog stats: all time" in out
    assert all(line == line.rstrip() for line in out.splitlines())
    assert "\x1b" not in out
