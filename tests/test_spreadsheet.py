"""`filmlog import csv`: any spreadsheet of films, its columns and rating scale worked out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import SHARED, count, nothing_new, rows

SHEETS = SHARED / "realworld" / "spreadsheets"
shared = pytest.mark.skipif(not SHEETS.exists(), reason="../shared/realworld is absent")


def sheet(tmp_path: Path, text: str, name: str = "films.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def imported(cli, *args: str) -> dict:
    result = cli("import", "csv", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@shared
def test_an_apps_export_with_ten_point_ratings_and_its_want_list(cli, journal, tmp_path):
    folder = shutil.copytree(SHEETS / "bitije__mustapp-exporter", tmp_path / "must")
    watched = (folder / "watched.csv").read_text(encoding="utf-8").splitlines()[1:]
    wants = (folder / "want.csv").read_text(encoding="utf-8").splitlines()[1:]
    result = imported(cli, str(folder))
    assert result["counts"]["entries"]["added"] == len(watched) == count(journal, "entries")
    assert count(journal, "watchlist") == len(wants)
    assert "Ratings: out of 10 (from the column's name)." in result["notes"]
    # Mulholland Drive,2001,8,2023-08-13,… : 8 of 10 is four stars
    assert rows(
        journal,
        "SELECT e.watched, e.rating FROM entries e JOIN films f ON f.id = e.film_id"
        " WHERE f.title = 'Mulholland Drive'",
    ) == [("2023-08-13", 8)]
    assert nothing_new(imported(cli, str(folder)))


@shared
def test_a_hand_kept_diary_asks_for_its_scale_then_imports_whole(cli, journal, tmp_path):
    path = shutil.copy(SHEETS / "gujiaxi__gujiaxi.github.io" / "_data" / "movies.csv", tmp_path)
    lines = Path(path).read_text(encoding="utf-8").splitlines()[1:]
    asked = cli("import", "csv", str(path))
    assert asked.exit_code == 1
    assert "--rating-scale 5 or --rating-scale 10" in asked.stderr
    assert count(journal, "entries") == 0
    result = imported(cli, str(path), "--rating-scale", "5")
    # One row is there twice: counted once, as skipped.
    assert result["counts"]["entries"]["added"] == len(set(lines)) == len(lines) - 1
    assert result["counts"]["entries"]["skipped"] == 1
    with_ids = sum(1 for line in lines if ",tt" in line)
    assert count(journal, "films WHERE imdb_id IS NOT NULL") <= with_ids
    assert rows(journal, "SELECT max(rating) FROM entries") == [(10,)]


def test_columns_by_usual_names_in_any_case_and_a_tsv(cli, journal, tmp_path):
    path = sheet(
        tmp_path,
        "MOVIE\tRelease Year\tDate Watched\tMy Rating\tComments\tTags\tDirector\tIMDb ID\tExtra\n"
        "Heat\t1995\t2024-03-01\t4.5\tStill great.\tcrime, la\tMichael Mann\ttt0113277\tx\n",
        "films.tsv",
    )
    result = imported(cli, str(path))
    shown = json.loads(cli("show", "Heat", "--format", "json", ok=True).stdout)
    assert shown["directors"] == ["Michael Mann"] and shown["imdb_id"] == "tt0113277"
    entry = shown["entries"][0]
    assert (entry["watched"], entry["rating"], entry["review"]) == (
        "2024-03-01",
        4.5,
        "Still great.",
    )
    assert sorted(entry["tags"]) == ["crime", "la"]
    assert result["ignored_files"] == ["column 'Extra'"]
    assert "Ratings: out of 5 stars (from the values)." in result["notes"]


@pytest.mark.parametrize(
    ("values", "scale", "stored"),
    [
        (["4.5", "3", "0.5"], "out of 5 stars", [9, 6, 1]),
        (["8", "10", "3"], "out of 10", [8, 10, 3]),
        (["87", "40", "5"], "out of 100", [9, 4, 1]),
        (["★★★★", "8/10", "4.5/5"], None, [8, 8, 9]),
    ],
)
def test_the_rating_scale_comes_from_the_values(cli, journal, tmp_path, values, scale, stored):
    body = "".join(f"Film {n},2000,2024-01-0{n + 1},{v}\n" for n, v in enumerate(values))
    result = imported(cli, str(sheet(tmp_path, "Title,Year,Watched,Rating\n" + body)))
    assert [r for (r,) in rows(journal, "SELECT rating FROM entries ORDER BY id")] == stored
    if scale:
        assert f"Ratings: {scale} (from the values)." in result["notes"]


def test_ratings_of_whole_numbers_up_to_five_are_asked_about(cli, journal, tmp_path):
    path = sheet(tmp_path, "Title,Rating\nHeat,4\nRan,5\n")
    result = cli("import", "csv", str(path))
    assert result.exit_code == 1
    assert (
        result.stderr.count("\n") == 1 and "--rating-scale 5 or --rating-scale 10" in result.stderr
    )
    imported(cli, str(path), "--rating-scale", "10")
    assert rows(journal, "SELECT title, rating, seen FROM films ORDER BY title") == [
        ("Heat", 4, 1),
        ("Ran", 5, 1),
    ]


def test_map_names_columns_and_rows_without_a_date_mark_films_seen(cli, journal, tmp_path):
    path = sheet(tmp_path, "Film Name,Seen,Score\nHeat,30.06.2022,9\nRan,,7\n")
    result = imported(cli, str(path), "--map", "Film Name=title", "--map", "Seen=watched")
    assert rows(journal, "SELECT watched, rating FROM entries") == [("2022-06-30", 9)]
    assert rows(journal, "SELECT title, seen, rating FROM films WHERE title = 'Ran'") == [
        ("Ran", 1, 7)
    ]
    assert result["counts"]["watched"] == {"added": 1, "updated": 0, "skipped": 0}
    assert "films.csv: Film Name → title, Seen → watched, Score → rating." in result["notes"]


def test_dry_run_shows_the_mapping_and_the_first_rows(cli, journal, tmp_path):
    body = "".join(f"Film {n},2001,2024-02-0{n},8\n" for n in range(1, 6))
    out = cli(
        "import",
        "csv",
        str(sheet(tmp_path, "Title,Year,Date,Rating10\n" + body)),
        "--dry-run",
        ok=True,
    ).stdout
    assert "Title → title, Year → year, Date → watched, Rating10 → rating" in out
    assert "line 2: Film 1 (2001), watched 2024-02-01, ★★★★" in out
    assert "line 4:" in out and "line 5:" not in out
    assert count(journal, "films") == 0


def test_what_cannot_be_read_is_refused_in_one_line(cli, journal, tmp_path):
    cases = [
        ("Title,Year\nHeat,1995\n,1985\n", (), "films.csv, line 3: the row has no title"),
        (
            "Name Of It,Year\nHeat,1995\n",
            (),
            "no column of film titles (its columns: Name Of It, Year)",
        ),
        ("Title,Year\nHeat,1995\n", ("--map", "Film=title"), "--map names the column 'Film'"),
        ("Title,Year\nHeat,1995\n", ("--map", "Title=film"), "write COLUMN=FIELD"),
        (
            "Title,Rating\nHeat,4.5\nRan,good\n",
            (),
            "films.csv, line 3: the rating 'good' is not a number",
        ),
        ("Title,Date\nHeat,06/02/2024\nRan,07/03/2024\n", (), "--date-order"),
    ]
    for text, options, message in cases:
        result = cli("import", "csv", str(sheet(tmp_path, text)), *options)
        assert result.exit_code != 0, text
        assert message in result.stderr, (message, result.stderr)
        assert "Traceback" not in result.stderr
    assert count(journal, "films") == 0


def test_a_spreadsheet_viewing_of_a_day_the_journal_has_is_that_viewing(cli, journal, tmp_path):
    cli("add", "Heat", "--year", "1995", "--watched", "2024-03-01", ok=True)
    again = imported(cli, str(sheet(tmp_path, "Title,Year,Watched\nHeat,1995,2024-03-01\n")))
    assert again["counts"]["entries"]["skipped"] == 1
    assert count(journal, "entries") == 1


def test_a_watched_column_of_yes_and_no_says_seen_not_when(cli, journal, tmp_path):
    path = sheet(
        tmp_path, "Title,Year,Watched,Rating\nHeat,1995,Yes,7.5\nRan,1985,No,\nIkiru,1952,y,9\n"
    )
    result = imported(cli, str(path))
    assert rows(journal, "SELECT title, seen, rating FROM films ORDER BY title") == [
        ("Heat", 1, 8),
        ("Ikiru", 1, 9),
    ]
    assert count(journal, "entries") == 0
    assert result["rows_not_imported"] == {"rows marked not seen": 1}
    assert "Ratings: out of 10 (from the values, rounded to half stars)." in result["notes"]


def test_a_seen_column_of_dates_is_the_watched_date(cli, journal, tmp_path):
    path = sheet(tmp_path, "Film,Seen\nHeat,2024-03-01\nRan,\n")
    imported(cli, str(path))
    assert rows(journal, "SELECT watched FROM entries") == [("2024-03-01",)]
    assert rows(journal, "SELECT title, seen FROM films ORDER BY title") == [
        ("Heat", 1),
        ("Ran", 1),
    ]


def test_a_spreadsheet_kept_in_german_reads_without_a_map(cli, journal, tmp_path):
    path = tmp_path / "filme.csv"
    path.write_bytes(
        "\ufeffTitel;Jahr;Gesehen am;Bewertung;Kritik;Regie\r\n"
        "Das Boot;1981;30.06.2022;4,5;Eng und laut.;Wolfgang Petersen\r\n"
        "Lola rennt;1998;01.07.2022;3,5;;Tom Tykwer\r\n".encode()
    )
    result = imported(cli, str(path))
    assert rows(
        journal,
        "SELECT f.title, e.watched, e.rating, e.review FROM entries e JOIN films f ON f.id = e.film_id ORDER BY 2",
    ) == [
        ("Das Boot", "2022-06-30", 9, "Eng und laut."),
        ("Lola rennt", "2022-07-01", 7, None),
    ]
    assert (
        result["notes"][0]
        == "filme.csv: Titel → title, Jahr → year, Gesehen am → watched, Bewertung → rating, Kritik → review, Regie → directors."
    )


def test_a_yes_no_watched_column_beside_a_date_column_takes_its_dates(cli, journal, tmp_path):
    path = sheet(tmp_path, "Title,Watched,Date\nHeat,yes,2024-03-01\nRan,no,\n")
    imported(cli, str(path))
    assert rows(journal, "SELECT watched FROM entries") == [("2024-03-01",)]
    assert count(journal, "films") == 1


def test_a_date_error_names_the_first_bad_line(cli, journal, tmp_path) -> None:
    sheet = tmp_path / "films.csv"
    sheet.write_text(
        "Title,Year,Date\nHeat,1995,2021-10-20\nRan,1985,zz\nAlien,1979,2021-10-22\n"
        "Brazil,1985,aa\n"
    )
    result = cli("import", "csv", str(sheet))
    assert result.exit_code != 0
    assert "line 3: Date 'zz'" in result.stderr
