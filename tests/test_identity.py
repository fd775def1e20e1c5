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


def test_a_netflix_title_of_several_films_is_told_by_the_day_or_left_out(cli, journal, tmp_path):
    cli("add", "Good Boy", "-y", "2025", "-w", "2025-10-07", ok=True)
    cli("watchlist", "add", "Good Boy", "-y", "2022", ok=True)
    history = tmp_path / "NetflixViewingHistory.csv"
    history.write_text('Title,Date\n"Good Boy","10/7/25"\n"Good Boy","10/20/25"\n')
    result = cli("import", "netflix", str(history), "--format", "json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert films(journal) == [("Good Boy", 2022), ("Good Boy", 2025)]  # no third Good Boy
    assert rows(journal, "SELECT count(*) FROM entries") == [(1,)]  # the 10/7 play is that entry
    assert any("Good Boy, 2025-10-20" in n and "2 films" in n for n in summary["notes"])


def test_a_spreadsheet_row_without_a_year_among_several_films(cli, journal, tmp_path):
    cli("add", "Solaris", "-y", "1972", ok=True)
    cli("add", "Solaris", "-y", "2002", ok=True)
    sheet = tmp_path / "films.csv"
    sheet.write_text("Title,Date,Rating\nSolaris,2024-03-01,4\n")
    result = cli("import", "csv", str(sheet), "--rating-scale", "5", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert films(journal) == [("Solaris", 1972), ("Solaris", 2002)]
    assert any("2 films of that title" in n for n in json.loads(result.stdout)["notes"])


def test_an_import_that_logs_a_wanted_film_takes_it_off_the_watchlist(cli, journal, tmp_path):
    cli("watchlist", "add", "Heat", "-y", "1995", ok=True)
    cli("watchlist", "add", "Ran", "-y", "1985", ok=True)
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "diary.csv").write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
        "2024-01-02,Heat,1995,https://boxd.it/a1,4,,,2024-01-01\n"
    )
    (folder / "watched.csv").write_text(
        "Date,Name,Year,Letterboxd URI\n2024-01-02,Ran,1985,https://boxd.it/r\n"
    )
    result = cli("import", "letterboxd", str(folder), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert rows(journal, "SELECT count(*) FROM watchlist") == [(0,)]
    picked = cli("watchlist", "pick")
    assert "Heat" not in picked.stdout and "Ran" not in picked.stdout
    cli("import", "undo", "--yes", ok=True)
    assert sorted(
        rows(journal, "SELECT f.title FROM watchlist w JOIN films f ON f.id = w.film_id")
    ) == [
        ("Heat",),
        ("Ran",),
    ]


def test_a_review_without_a_watched_date_joins_the_viewing_of_its_day(cli, journal, tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "diary.csv").write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
        "2024-04-19,Koyaanisqatsi,1982,https://boxd.it/6iXLI3,3.5,,,2024-03-17\n"
    )
    (folder / "reviews.csv").write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n"
        '2024-03-17,Koyaanisqatsi,1982,https://boxd.it/64f44b,,,"Philip Glass, timeless.",,\n'
    )
    cli("import", "letterboxd", str(folder), ok=True)
    assert rows(journal, "SELECT watched, rating, review FROM entries") == [
        ("2024-03-17", 7, "Philip Glass, timeless.")
    ]
    card = json.loads(cli("show", "Koyaanisqatsi", "-f", "json", ok=True).stdout)
    assert len(card["entries"]) == 1


def _twin_export(folder) -> None:
    folder.mkdir()
    (folder / "diary.csv").write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
        "2020-10-04,Cinderella,1922,https://boxd.it/1nVBUp,3,,,2020-10-03\n"
        "2020-10-04,Cinderella,1922,https://boxd.it/1nVC11,3.5,,,2020-10-03\n"
    )
    (folder / "ratings.csv").write_text(
        "Date,Name,Year,Letterboxd URI,Rating\n"
        "2020-10-04,Cinderella,1922,https://boxd.it/4Rn0,3\n"
        "2020-10-04,Cinderella,1922,https://boxd.it/389U,3.5\n"
    )


def test_two_films_of_one_title_and_year_stay_two_with_their_viewings(cli, journal, tmp_path):
    """Ids decide before title and year: the diary's rows (whose addresses are the
    entries') go to the film whose rating they give."""
    _twin_export(tmp_path / "export")
    told = cli("import", "letterboxd", str(tmp_path / "export"), "--dry-run", ok=True).stdout
    assert "Films that share a title and year (Cinderella (1922))" in told
    cli("import", "letterboxd", str(tmp_path / "export"), ok=True)
    assert rows(
        journal,
        "SELECT f.letterboxd_uri, e.rating, f.rating FROM films f"
        " JOIN entries e ON e.film_id = f.id ORDER BY f.letterboxd_uri",
    ) == [("https://boxd.it/389U", 7, 7), ("https://boxd.it/4Rn0", 6, 6)]
    cli("import", "letterboxd", str(tmp_path / "export"), ok=True)
    assert rows(journal, "SELECT count(*) FROM entries") == [(2,)]
    assert rows(journal, "SELECT count(*) FROM films") == [(2,)]
