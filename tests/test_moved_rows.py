"""A row imported once is that entry, wherever the person moved it since.

Correct an imported viewing's date (or rating), import the same file again:
nothing comes back as a second viewing, for every source of files.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import count, rows


def _again(cli, *args: str) -> dict:
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_a_spreadsheet_row_moved_by_the_person_is_not_doubled(cli, journal, tmp_path) -> None:
    sheet = tmp_path / "films.csv"
    sheet.write_text(
        "Title,Year,Date,Rating\nHeat,1995,2024-01-02,4\nHeat,1995,2024-01-02,4\nRan,1985,2024-02-03,5\n"
    )
    cli("import", "csv", str(sheet), "--rating-scale", "5", ok=True)
    assert count(journal, "entries") == 2  # a row the file repeats counts once
    cli("edit", "Ran", "--watched", "2024-02-04", ok=True)
    again = _again(cli, "import", "csv", str(sheet), "--rating-scale", "5")
    assert count(journal, "entries") == 2
    assert again["counts"]["entries"]["added"] == 0
    assert rows(
        journal,
        "SELECT watched FROM entries e JOIN films f ON f.id = e.film_id WHERE title = 'Ran'",
    ) == [("2024-02-04",)]


def test_a_netflix_row_moved_by_the_person_is_not_doubled(cli, journal, tmp_path) -> None:
    history = tmp_path / "NetflixViewingHistory.csv"
    history.write_text('Title,Date\n"Roma","1/20/24"\n"The Irishman","2/23/24"\n')
    cli("import", "netflix", str(history), ok=True)
    assert count(journal, "entries") == 2
    cli("edit", "Roma", "--watched", "2024-01-01", ok=True)
    again = _again(cli, "import", "netflix", str(history))
    assert count(journal, "entries") == 2
    assert again["counts"]["entries"]["added"] == 0


def test_filmlogs_own_export_read_back_after_an_edit_adds_nothing(cli, journal, tmp_path) -> None:
    cli("add", "Heat", "-y", "1995", "-w", "2024-01-02", "-r", "4", ok=True)
    exported = tmp_path / "journal.json"
    cli("export", "json", "-o", str(exported), ok=True)
    cli("edit", "Heat", "--watched", "2024-01-03", "--rating", "5", ok=True)
    again = _again(cli, "import", "json", str(exported))
    assert count(journal, "entries") == 1
    assert again["counts"]["entries"]["added"] == 0
    assert rows(journal, "SELECT watched, rating FROM entries") == [("2024-01-03", 10)]


def test_a_moved_row_the_source_then_changes_follows_the_source_only_where_unedited(
    cli, journal, tmp_path: Path
) -> None:
    sheet = tmp_path / "films.csv"
    sheet.write_text("Title,Year,Date,Rating,Review\nHeat,1995,2024-01-02,4,Fine.\n")
    cli("import", "csv", str(sheet), "--rating-scale", "5", ok=True)
    cli("edit", "Heat", "--review", "Mine now.", ok=True)
    sheet.write_text("Title,Year,Date,Rating,Review\nHeat,1995,2024-01-02,2,Changed.\n")
    cli("import", "csv", str(sheet), "--rating-scale", "5", ok=True)
    assert rows(journal, "SELECT rating, review FROM entries") == [(4, "Mine now.")]
