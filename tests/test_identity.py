"""One film, whichever way it is named: "Title (Year)", a film without a year, --year none.

Every command that finds or makes a film (add, watchlist add, lists add, the
assistant's writes) reads a typed title by the one rule of titles.film_of.
"""

from __future__ import annotations

import json

from tests.conftest import rows


def films(journal) -> list[tuple]:
    return rows(journal, "SELECT title, year FROM films ORDER BY title, year")


def test_title_with_its_year_is_that_film_everywhere(cli, journal) -> None:
    cli("add", "Solaris", "-y", "1972", "-r", "5", ok=True)
    cli("add", "Solaris (1972)", "-r", "4", ok=True)
    cli("watchlist", "add", "Solaris (2002)", ok=True)
    cli("lists", "add", "Space", "Solaris (1972)", "Solaris (2002)", ok=True)
    assert films(journal) == [("Solaris", 1972), ("Solaris", 2002)]
    assert rows(journal, "SELECT count(*) FROM entries") == [(2,)]


def test_a_title_that_really_ends_in_a_year_is_reachable_with_year(cli, journal) -> None:
    cli("add", "Brazil (1985)", "-y", "2020", ok=True)  # --year: the text is the title
    assert films(journal) == [("Brazil (1985)", 2020)]
    card = json.loads(cli("show", "Brazil (1985)", "-y", "2020", "-f", "json", ok=True).stdout)
    assert card["title"] == "Brazil (1985)"


def test_a_film_without_a_year_takes_the_year_of_its_title(cli, journal) -> None:
    cli("watchlist", "add", "Happy Together", ok=True)
    saved = cli("add", "Happy Together", "-y", "1997", "-r", "4", ok=True)
    assert "Happy Together" in saved.stderr
    assert films(journal) == [("Happy Together", 1997)]
    assert rows(journal, "SELECT count(*) FROM watchlist") == [(0,)]  # logged: off the list
    card = json.loads(cli("show", "Happy Together", "-f", "json", ok=True).stdout)
    assert card["year"] == 1997 and len(card["entries"]) == 1


def test_year_none_reaches_the_film_without_a_year(cli, journal) -> None:
    cli("add", "Happy Together", "-y", "1997", ok=True)
    cli("add", "Happy Together", "--year", "none", "-r", "3", ok=True)  # another film, by choice
    assert films(journal) == [("Happy Together", None), ("Happy Together", 1997)]
    ambiguous = cli("show", "Happy Together")
    assert ambiguous.exit_code == 1 and "--year none" in ambiguous.stderr
    card = json.loads(cli("show", "Happy Together", "--year", "none", "-f", "json", ok=True).stdout)
    assert card["year"] is None
    cli("edit", "Happy Together", "--year", "none", "--rating", "5", ok=True)
    cli("rm", "Happy Together", "--year", "none", "--yes", ok=True)
    assert films(journal) == [("Happy Together", 1997)]


def test_a_bad_year_is_a_usage_error(cli, journal) -> None:
    result = cli("show", "Heat", "--year", "soon")
    assert result.exit_code == 2 and "none" in result.stderr
