"""Imports of small exports written here, one behaviour each."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.conftest import count, nothing_new, rows

DIARY = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\r\n"


def export(tmp_path: Path, files: dict[str, str], name: str = "letterboxd") -> Path:
    folder = tmp_path / name
    for rel, text in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
    return folder


def summary(cli, *args: str) -> dict:
    result = cli("import", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_a_full_export_lands_where_it_belongs(cli, journal: Path, tmp_path: Path) -> None:
    folder = export(
        tmp_path,
        {
            "diary.csv": DIARY
            + '2024-01-02,Chungking Express,1994,https://boxd.it/e1,4.5,,"hong kong, neon",2024-01-01\r\n'
            + '2024-02-02,"Crouching Tiger, Hidden Dragon",2000,https://boxd.it/e2,4,Yes,,2024-02-01\r\n',
            "reviews.csv": "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\r\n"
            + '2024-01-02,Chungking Express,1994,https://boxd.it/e1,4.5,,"First <i>paragraph</i>.\r\n\r\n'
            + 'Second <b>bold</b> one.",,2024-01-01\r\n'
            + "2023-05-05,Heat,1995,https://boxd.it/e3,5,,<b>Unclosed bold,,\r\n",
            "ratings.csv": "Date,Name,Year,Letterboxd URI,Rating\r\n"
            + "2024-03-01,Chungking Express,1994,https://boxd.it/f1,5\r\n"
            + "2020-01-01,Ran,1985,https://boxd.it/f4,4\r\n",
            "watched.csv": "Date,Name,Year,Letterboxd URI\r\n"
            + "2020-01-01,Ran,1985,https://boxd.it/f4\r\n"
            + "2019-01-01,Ikiru,1952,https://boxd.it/f5\r\n",
            "likes/films.csv": "Date,Name,Year,Letterboxd URI\r\n2020-01-01,Ikiru,1952,https://boxd.it/f5\r\n",
            "watchlist.csv": "Date,Name,Year,Letterboxd URI\r\n2021-01-01,Stalker,1979,https://boxd.it/f6\r\n",
            "lists/best.csv": "\r\nLetterboxd list export v7\r\nDate,Name,Tags,URL,Description\r\n"
            + '2022-01-01,Best of Asia,"asia",https://boxd.it/l1,"Films I <i>love</i>."\r\n\r\n'
            + "Position,Name,Year,URL,Description\r\n"
            + "1,Chungking Express,1994,https://boxd.it/f1,\r\n2,Ran,1985,https://boxd.it/f4,Epic\r\n",
            "profile.csv": "Date Joined,Username\r\n2020-01-01,me\r\n",
            "deleted/diary.csv": DIARY
            + "2024-01-02,Gone,1990,https://boxd.it/x,3,,,2024-01-01\r\n",
        },
    )
    result = summary(cli, "letterboxd", str(folder))
    assert result["counts"]["entries"]["added"] == 3  # two diary rows, one review of its own
    assert result["counts"]["reviews"]["added"] == 2
    assert "profile.csv" in result["ignored_files"]
    assert "deleted/diary.csv" in result["ignored_files"]

    ck = json.loads(cli("show", "chungking", "-f", "json", ok=True).stdout)
    assert ck["rating"] == 5.0  # ratings.csv holds the current rating
    assert ck["letterboxd_uri"] == "https://boxd.it/f1"
    (entry,) = ck["entries"]
    assert entry["review"] == "First *paragraph*.\n\nSecond **bold** one."
    assert entry["tags"] == ["hong kong", "neon"]
    assert entry["rating"] == 4.5

    crouching = json.loads(cli("show", "Crouching Tiger", "-f", "json", ok=True).stdout)
    assert crouching["title"] == "Crouching Tiger, Hidden Dragon"
    assert crouching["entries"][0]["rewatch"] is True

    heat = json.loads(cli("show", "Heat", "-f", "json", ok=True).stdout)
    assert heat["entries"][0]["watched"] is None
    assert "Unclosed bold" in heat["entries"][0]["review"]

    listed = {r["title"] for r in json.loads(cli("list", "-f", "json", ok=True).stdout)}
    assert listed == {"Chungking Express", "Crouching Tiger, Hidden Dragon", "Heat", "Ran", "Ikiru"}
    assert rows(journal, "SELECT f.title FROM watchlist w JOIN films f ON f.id = w.film_id") == [
        ("Stalker",)
    ]
    assert rows(journal, "SELECT liked FROM films WHERE title = 'Ikiru'") == [(1,)]
    assert rows(journal, "SELECT name, description, tags FROM lists") == [
        ("Best of Asia", "Films I *love*.", "asia")
    ]
    assert rows(
        journal,
        "SELECT f.title, li.position, li.note FROM list_items li JOIN films f"
        " ON f.id = li.film_id ORDER BY li.position",
    ) == [("Chungking Express", 1, None), ("Ran", 2, "Epic")]
    assert "Gone" not in {r[0] for r in rows(journal, "SELECT title FROM films")}


def test_zip_with_a_top_folder(cli, journal: Path, tmp_path: Path) -> None:
    archive = tmp_path / "letterboxd-me-2026-11-26.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(
            "letterboxd-me/diary.csv",
            DIARY + "2024-01-02,Heat,1995,https://boxd.it/a,4,,,2024-01-01\r\n",
        )
    summary(cli, "letterboxd", str(archive))
    assert rows(journal, "SELECT watched, rating FROM entries") == [("2024-01-01", 8)]


def test_2017_diary_without_rewatch_infers_it_from_order(cli, journal: Path, tmp_path) -> None:
    folder = export(
        tmp_path,
        {
            "diary.csv": "Date,Name,Year,Letterboxd URI,Rating,Tags,Watched Date\n"
            "2017-03-01,Heat,1995,https://boxd.it/b,4,,2017-03-01\n"
            "2017-01-01,Heat,1995,https://boxd.it/a,4,,2017-01-01\n"
            "2017-02-01,Ran,1985,https://boxd.it/c,4,,2017-02-01\n"
        },
    )
    summary(cli, "letterboxd", str(folder))
    assert rows(journal, "SELECT letterboxd_uri, rewatch FROM entries ORDER BY letterboxd_uri") == [
        ("https://boxd.it/a", 0),
        ("https://boxd.it/b", 1),
        ("https://boxd.it/c", 0),
    ]


def test_quirks_of_real_files(cli, journal: Path, tmp_path: Path) -> None:
    folder = export(
        tmp_path,
        {
            "diary.csv": "\ufeff"
            + DIARY
            + "2024-01-02,Lost\u00a0Highway,,https://boxd.it/a,,,,\r\n"
            + '2024-01-02,"The ""Best"" Film, Ever",2001,,0.5,,,2024-01-01\r\n'
            + "2024-01-03,Heat,1995,https://boxd.it/b,4,,,2024-01-01\r\n"
            + "2024-01-04,Heat,1995,https://boxd.it/c,4.5,Yes,,2024-01-03\r\n"
        },
    )
    summary(cli, "letterboxd", str(folder))
    assert rows(journal, "SELECT title, year FROM films ORDER BY id") == [
        ("Lost Highway", None),
        ('The "Best" Film, Ever', 2001),
        ("Heat", 1995),
    ]
    assert count(journal, "entries") == 4
    assert rows(journal, "SELECT rating FROM films WHERE title = 'Heat'") == [(9,)]


def test_a_newer_export_adds_only_what_is_new(cli, journal: Path, tmp_path: Path) -> None:
    first = export(
        tmp_path,
        {"diary.csv": DIARY + "2024-01-02,Heat,1995,https://boxd.it/a,4,,,2024-01-01\n"},
        "v1",
    )
    newer = export(
        tmp_path,
        {
            "diary.csv": DIARY
            + "2024-01-02,Heat,1995,https://boxd.it/a,4,,,2024-01-01\n"
            + "2024-05-02,Ran,1985,https://boxd.it/b,5,,,2024-05-01\n"
        },
        "v2",
    )
    summary(cli, "letterboxd", str(first))
    result = summary(cli, "letterboxd", str(newer))
    assert result["counts"]["entries"] == {"added": 1, "updated": 0, "skipped": 1}
    assert count(journal, "entries") == 2


def test_dry_run_writes_nothing(cli, journal: Path, tmp_path: Path) -> None:
    cli("add", "Heat", ok=True)
    before = journal.read_bytes()
    folder = export(
        tmp_path, {"diary.csv": DIARY + "2024-01-02,Ran,1985,https://boxd.it/a,4,,,2024-01-01\n"}
    )
    result = summary(cli, "letterboxd", str(folder), "--dry-run")
    assert result["dry_run"] is True
    assert result["counts"]["entries"]["added"] == 1
    assert count(journal, "entries") == 1
    assert count(journal, "imports") == 0
    assert rows(journal, "SELECT title FROM films") == [("Heat",)]
    assert len(journal.read_bytes()) == len(before)


def test_undo_takes_an_import_back(cli, journal: Path, tmp_path: Path) -> None:
    cli("add", "Heat", "-y", "1995", "-r", "3", "-w", "2020-01-01", ok=True)
    folder = export(
        tmp_path,
        {
            "diary.csv": DIARY + "2024-01-02,Ran,1985,https://boxd.it/a,4,,,2024-01-01\n",
            "ratings.csv": "Date,Name,Year,Letterboxd URI,Rating\n2024-02-01,Heat,1995,https://boxd.it/h,5\n",
            "watchlist.csv": "Date,Name,Year,Letterboxd URI\n2021-01-01,Stalker,1979,https://boxd.it/s\n",
        },
    )
    before = {t: rows(journal, f"SELECT * FROM {t}") for t in ("films", "entries")}
    summary(cli, "letterboxd", str(folder))
    assert rows(journal, "SELECT rating FROM films WHERE title = 'Heat'") == [(10,)]
    listed = cli("import", "list", ok=True).stdout
    assert listed.startswith("1\t") and "letterboxd" in listed
    result = cli("import", "undo", "--yes", ok=True)
    assert "Undid import 1" in result.stderr
    assert {t: rows(journal, f"SELECT * FROM {t}") for t in ("films", "entries")} == before
    assert count(journal, "watchlist") == 0
    again = cli("import", "undo", "--yes")
    assert again.exit_code == 1
    assert "no import to undo" in again.stderr


def test_undo_outside_a_terminal_needs_yes(cli, journal: Path, tmp_path: Path) -> None:
    folder = export(tmp_path, {"diary.csv": DIARY + "2024-01-02,Ran,1985,,4,,,2024-01-01\n"})
    summary(cli, "letterboxd", str(folder))
    result = cli("import", "undo")
    assert result.exit_code == 2
    assert "--yes" in result.stderr
    assert count(journal, "entries") == 1


def test_undo_keeps_films_logged_since(cli, journal: Path, tmp_path: Path) -> None:
    folder = export(
        tmp_path, {"diary.csv": DIARY + "2024-01-02,Ran,1985,https://boxd.it/a,4,,,2024-01-01\n"}
    )
    summary(cli, "letterboxd", str(folder))
    cli("add", "Ran", "-y", "1985", ok=True)
    refused = cli("import", "undo", "1", "--yes")
    assert refused.exit_code == 1
    assert "Ran (1985): changed, logged, listed or wanted since the import" in refused.stderr
    assert count(journal, "entries") == 2
    result = cli("import", "undo", "1", "--yes", "--force", ok=True)
    assert "kept 1 record changed since" in result.stderr
    assert rows(journal, "SELECT title FROM films") == [("Ran",)]
    assert count(journal, "entries") == 1


SUICIDE_SQUAD = DIARY + (
    "2021-08-07,The Suicide Squad,2021,https://boxd.it/s1,3.5,,,2021-08-06\n"
    "2021-09-01,Dune,2021,https://boxd.it/d1,4,,,2021-09-01\n"
)


def test_undo_never_takes_back_what_was_written_after_the_import(cli, journal, tmp_path) -> None:
    summary(cli, "letterboxd", str(export(tmp_path, {"diary.csv": SUICIDE_SQUAD})))
    cli("edit", "The Suicide Squad", "--review", "edited after import", ok=True)
    refused = cli("import", "undo", "--yes")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0].endswith(
        "has 1 record changed since: undoing it keeps those and takes back the rest;"
        " add --force to do that"
    )
    assert "entry 1 of The Suicide Squad (2021) (2021-08-06): changed since" in refused.stderr
    assert count(journal, "entries") == 2  # nothing was undone
    cli("import", "undo", "--yes", "--force", ok=True)
    assert rows(
        journal, "SELECT f.title, e.review FROM entries e JOIN films f ON f.id = e.film_id"
    ) == [("The Suicide Squad", "edited after import")]
    assert rows(journal, "SELECT import_id FROM entries") == [(None,)]  # the person's now


@pytest.mark.parametrize(
    "after",
    [
        ["edit", "The Suicide Squad", "-r", "5"],
        ["lists", "add", "Best", "Dune"],
        ["add", "Dune", "-y", "2021", "-w", "2024-01-01"],
        ["edit", "Dune", "-g", "Science Fiction"],
    ],
)
def test_each_later_change_is_kept_by_undo(cli, journal, tmp_path, after) -> None:
    summary(cli, "letterboxd", str(export(tmp_path, {"diary.csv": SUICIDE_SQUAD})))
    cli(*after, ok=True)
    assert cli("import", "undo", "--yes").exit_code == 1
    cli("import", "undo", "--yes", "--force", ok=True)
    assert count(journal, "films") == 1


def test_a_rating_an_import_changed_and_the_person_changed_again_stays(cli, journal, tmp_path):
    cli("add", "Heat", "-y", "1995", "-r", "3", ok=True)
    ratings = export(
        tmp_path,
        {
            "ratings.csv": "Date,Name,Year,Letterboxd URI,Rating\n"
            "2030-01-01,Heat,1995,https://boxd.it/h,4\n"
        },
    )
    summary(cli, "letterboxd", str(ratings))
    cli("edit", "Heat", "-r", "5", ok=True)
    refused = cli("import", "undo", "--yes")
    assert "the rating it set on Heat (1995): changed since the import" in refused.stderr
    cli("import", "undo", "--yes", "--force", ok=True)
    assert rows(journal, "SELECT rating FROM films") == [(10,)]


def test_an_import_that_changes_nothing_is_the_last_import(cli, journal, tmp_path) -> None:
    folder = export(tmp_path, {"diary.csv": SUICIDE_SQUAD})
    first = summary(cli, "letterboxd", str(folder))
    again = summary(cli, "letterboxd", str(folder))
    assert nothing_new(again) and again["import_id"] == first["import_id"] + 1
    third = summary(cli, "letterboxd", str(folder))  # the same again: one record, kept current
    assert third["import_id"] == again["import_id"]
    result = cli("import", "undo", "--yes", ok=True)
    assert result.stderr == (
        f"The last import, import {again['import_id']} (letterboxd, {folder}), changed nothing:"
        " there is nothing to undo.\n"
    )
    assert count(journal, "entries") == 2  # the history is still there
    cli("import", "undo", "--yes", ok=True)  # the one before: the real one
    assert count(journal, "entries") == 0


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"notes.txt": "hello"}, "no Letterboxd export here"),
        ({"diary.csv": ""}, "the file is empty"),
        (
            {"diary.csv": "Name;Year;Watched Date\nHeat;1995;2020-13-01\n"},
            "'2020-13-01' is not a date",
        ),
        (
            {"diary.csv": "Date,Name,Year\n2020-01-01,Heat,1995\n"},
            "missing the column 'Watched Date'",
        ),
        ({"diary.csv": DIARY + "2024-01-02,Heat,1995,,4,,,01/02/2024\n"}, "--date-order dmy or"),
        ({"diary.csv": DIARY + "2024-01-02,Heat,1995,,4,,,2099-01-01\n"}, "is in the future"),
        ({"diary.csv": DIARY + "2024-01-02,Heat,1995,,4,,,last week\n"}, "'last week' is not a"),
        ({"diary.csv": DIARY + "2024-01-02,Heat,1995,,7,,,2024-01-01\n"}, "not 0.5 to 5 stars"),
        ({"diary.csv": DIARY + "2024-01-02,Heat,nineteen,,4,,,2024-01-01\n"}, "is not a year"),
    ],
)
def test_refusals_name_the_problem_and_write_nothing(cli, journal, tmp_path, files, message):
    cli("add", "Heat", ok=True)
    before = rows(journal, "SELECT * FROM entries")
    result = cli("import", "letterboxd", str(export(tmp_path, files)))
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert rows(journal, "SELECT * FROM entries") == before
    assert count(journal, "imports") == 0


def test_a_binary_file_is_refused(cli, journal: Path, tmp_path: Path) -> None:
    target = tmp_path / "diary.csv"
    target.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = cli("import", "letterboxd", str(target))
    assert result.exit_code == 1
    assert "not a text file" in result.stderr
    assert not journal.exists()  # a refused first import leaves no journal behind


def test_a_missing_path(cli, journal: Path, tmp_path: Path) -> None:
    result = cli("import", "letterboxd", str(tmp_path / "nope.zip"))
    assert result.exit_code == 1
    assert "no such file or folder" in result.stderr


IMDB_13 = (
    "Const,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,"
    "Num Votes,Release Date,Directors\n"
)


def test_imdb_latin1_and_title_types(cli, journal: Path, tmp_path: Path) -> None:
    text = (
        IMDB_13
        + 'tt0103644,6,2018-07-18,Alien\xb3,https://www.imdb.com/title/tt0103644/,movie,6.4,114,1992,"Action, Horror",1,1992-05-22,David Fincher\n'
        + "tt0000002,9,2018-07-18,Some Series,https://x/,tvSeries,8,50,2010,Drama,1,2010-01-01,\n"
        + "tt0000003,7,2018-07-18,A Short,https://x/,short,8,10,2010,Drama,1,2010-01-01,Agn\xe8s Varda\n"
        + 'tt0000004,10,2018-07-18,A TV Film,https://x/,tvMovie,8,90,2011,Drama,1,2011-01-01,"Joel Coen,Ethan Coen"\n'
    )
    target = tmp_path / "ratings.csv"
    target.write_bytes(text.encode("latin-1"))
    result = summary(cli, "imdb", str(target))
    assert result["rows_not_imported"] == {"tvSeries (not a film)": 1}
    assert rows(journal, "SELECT title, rating, runtime FROM films ORDER BY imdb_id") == [
        ("A Short", 7, 10),
        ("A TV Film", 10, 90),
        ("Alien³", 6, 114),
    ]
    assert json.loads(cli("show", "A TV Film", "-f", "json", ok=True).stdout)["directors"] == [
        "Joel Coen",
        "Ethan Coen",
    ]
    assert cli("list", "-d", "Agnes Varda", "-f", "json", ok=True).stdout.count("A Short") == 1


def test_imdb_14_columns_with_bom_and_original_title(cli, journal: Path, tmp_path: Path) -> None:
    text = (
        "\ufeffConst,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,"
        "Runtime (mins),Year,Genres,Num Votes,Release Date,Directors\n"
        '"tt0109424","9","2020-01-01","Chungking Express","Chung Hing sam lam","https://x/",'
        '"Movie","8.0","102","1994","Drama, Romance","1","1994-07-14","Wong Kar-Wai"\n'
    )
    target = tmp_path / "ratings.csv"
    target.write_text(text, encoding="utf-8")
    summary(cli, "imdb", str(target))
    data = json.loads(cli("show", "Chung Hing sam lam", "-f", "json", ok=True).stdout)
    assert data["title"] == "Chungking Express"
    assert data["original_title"] == "Chung Hing sam lam"
    assert data["rating"] == 4.5
    assert data["rated_at"] == "2020-01-01"


def test_imdb_legacy_format(cli, journal: Path, tmp_path: Path) -> None:
    text = (
        '"position","const","created","modified","description","Title","Title type","Directors",'
        '"You rated","IMDb Rating","Runtime (mins)","Year","Genres","Num. Votes",'
        '"Release Date (month/day/year)","URL"\n'
        '"1","tt0050825","Sat Oct 10 00:00:00 2015","Sat Oct 10 00:00:00 2015","","Paths of Glory",'
        '"Feature Film","Stanley Kubrick","9","8.4","88","1957","drama, war","150000","1957-10-25",'
        '"http://www.imdb.com/title/tt0050825/"\n'
    )
    target = tmp_path / "ratings.csv"
    target.write_text(text, encoding="utf-8")
    summary(cli, "imdb", str(target))
    assert rows(journal, "SELECT title, year, rating, rated_at, runtime FROM films") == [
        ("Paths of Glory", 1957, 9, "2015-10-10", 88)
    ]


def test_imdb_rating_keeps_the_newer_one(cli, journal: Path, tmp_path: Path) -> None:
    lb = export(
        tmp_path,
        {
            "ratings.csv": "Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Heat,1995,https://boxd.it/h,2\n"
        },
    )
    summary(cli, "letterboxd", str(lb))
    target = tmp_path / "ratings.csv"
    target.write_text(
        IMDB_13
        + "tt0113277,10,2019-01-01,Heat,https://x/,movie,8,170,1995,Crime,1,1995-12-15,Michael Mann\n"
    )
    summary(cli, "imdb", str(target))
    assert rows(journal, "SELECT rating, imdb_id FROM films") == [(4, "tt0113277")]


def test_imdb_refusals(cli, journal: Path, tmp_path: Path) -> None:
    target = tmp_path / "ratings.csv"
    target.write_text("Title,Year\nHeat,1995\n")
    result = cli("import", "imdb", str(target))
    assert result.exit_code == 1
    assert "missing the column 'Const'" in result.stderr
    target.write_text(
        IMDB_13 + "tt0113277,11,2019-01-01,Heat,https://x/,movie,8,170,1995,Crime,1,1995-12-15,\n"
    )
    result = cli("import", "imdb", str(target))
    assert result.exit_code == 1
    assert "not 1 to 10" in result.stderr


@pytest.mark.parametrize(
    ("kind", "film"),
    [
        ("movie", True),
        ("Feature Film", True),
        ("Film", True),
        ("tvMovie", True),
        ("Short", True),
        ("Corto", True),
        ("Kurzfilm", True),
        ("Película", True),
        ("video", True),
        ("TV Special", True),
        ("tvSeries", False),
        ("TV Mini Series", False),
        ("Serie TV", False),
        ("Série télévisée", False),
        ("tvEpisode", False),
        ("Episódio de TV", False),
        ("Fernsehserie", False),
        ("Video Game", False),
        ("Videospiel", False),
        ("Mini serie TV", False),
    ],
)
def test_imdb_title_types_in_many_languages(kind: str, film: bool) -> None:
    from filmlog.imports.reading.kinds import is_film

    assert is_film(kind) is film


def test_an_imdb_list_export_is_a_list_and_its_rated_rows_give_ratings(
    cli, journal: Path, tmp_path: Path
) -> None:
    target = tmp_path / "my-list.csv"
    target.write_text(
        "Position,Const,Created,Modified,Description,Title,URL,Title Type,IMDb Rating,"
        "Runtime (mins),Year,Genres,Num Votes,Release Date,Directors,Your Rating,Date Rated\n"
        "1,tt0113277,2020-01-01,2020-01-01,,Heat,https://x/,Movie,8.3,170,1995,Crime,1,1995-12-15,Michael Mann,9,2020-02-02\n"
        "2,tt0089881,2020-01-01,2020-01-01,,Ran,https://x/,Movie,8.2,162,1985,Drama,1,1985-06-01,Akira Kurosawa,,\n"
    )
    result = summary(cli, "imdb", str(target))
    assert result["counts"]["lists"]["added"] == 1
    assert rows(journal, "SELECT title, rating FROM films ORDER BY id") == [
        ("Heat", 9),
        ("Ran", None),
    ]


def test_an_import_leaves_every_index_and_trigger_in_place(cli, journal: Path, tmp_path) -> None:
    cli("add", "Heat", ok=True)
    schema = "SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name"
    before = rows(journal, schema)
    folder = export(
        tmp_path, {"diary.csv": DIARY + "2024-01-02,Ran,1985,https://boxd.it/a,4,,,2024-01-01\n"}
    )
    summary(cli, "letterboxd", str(folder))
    assert rows(journal, schema) == before
    bad = export(tmp_path, {"diary.csv": DIARY + "2024-01-02,Ikiru,1952,,9,,,2024-01-01\n"}, "bad")
    assert cli("import", "letterboxd", str(bad)).exit_code == 1
    assert rows(journal, schema) == before


def test_json_keeps_every_viewing_of_a_film_it_adds(cli, journal: Path, tmp_path: Path) -> None:
    cli("add", "Heat", "-w", "2020-01-01", ok=True)  # an earlier film, so ids differ
    for liked in (True, False):  # a liked viewing first, then its twin
        cli(
            "add",
            "Ran",
            "-y",
            "1985",
            "-w",
            "2021-06-15",
            "-r",
            "3",
            "--review",
            "Slow.",
            *(["--liked"] if liked else []),
            ok=True,
        )
    doc = json.loads(cli("export", "json", ok=True).stdout)
    target = tmp_path / "journal.json"
    target.write_text(json.dumps(doc))
    other = tmp_path / "other.db"
    cli("--db", str(other), "add", "Solaris", ok=True)  # the film ids of the export are taken
    cli("--db", str(other), "import", "json", str(target), ok=True)
    assert rows(
        other,
        "SELECT count(*) FROM entries e JOIN films f ON f.id = e.film_id WHERE f.title = 'Ran'",
    ) == [(2,)]


def test_undo_takes_back_directors_given_to_a_film_it_did_not_make(cli, journal, tmp_path):
    cli("add", "Heat", "-y", "1995", ok=True)
    ratings = tmp_path / "ratings.csv"
    ratings.write_text(
        IMDB_13
        + "tt0113277,8,2020-01-01,Heat,https://x/,movie,8.3,170,1995,Crime,1,1995-12-15,Michael Mann\n"
    )
    summary(cli, "imdb", str(ratings))
    assert json.loads(cli("show", "Heat", "-f", "json", ok=True).stdout)["directors"] == [
        "Michael Mann"
    ]
    cli("import", "undo", "--yes", ok=True)
    data = json.loads(cli("show", "Heat", "-f", "json", ok=True).stdout)
    assert (data["directors"], data["genres"], data["imdb_id"]) == ([], [], None)
    assert cli("search", "mann", "-f", "json", ok=True).stdout.strip() == "[]"


LIST_HEAD = "Letterboxd list export v7\r\nDate,Name,Tags,URL,Description\r\n"
ITEMS_HEAD = "Position,Name,Year,URL,Description\r\n"


def test_a_review_of_markup_without_text_is_kept_as_written(cli, journal, tmp_path) -> None:
    folder = export(
        tmp_path,
        {
            "reviews.csv": "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\r\n"
            + '2015-01-25,Gone Girl,2014,https://boxd.it/r1,4,,"<a href=""""></a>",,2015-01-24\r\n'
            + "2015-12-04,Inside Out,2015,https://boxd.it/r2,4,,<a></a>,,2015-12-03\r\n"
        },
    )
    assert summary(cli, "letterboxd", str(folder))["counts"]["reviews"]["added"] == 2
    assert rows(journal, "SELECT review FROM entries ORDER BY letterboxd_uri") == [
        ('<a href=""></a>',),
        ("<a></a>",),
    ]


def test_a_list_exported_twice_is_one_list_in_the_last_files_order(cli, journal, tmp_path) -> None:
    """A list renamed between two exports, both files kept: one list, and again adds nothing."""
    folder = export(
        tmp_path,
        {
            "diary.csv": DIARY,
            "lists/my-top-2.csv": LIST_HEAD
            + "2025-12-15,my top 2,,https://boxd.it/L,\r\n\r\n"
            + ITEMS_HEAD
            + "1,Magnolia,1999,https://boxd.it/m,\r\n2,Heat,1995,https://boxd.it/h,\r\n",
            "lists/my-top-3.csv": LIST_HEAD
            + "2025-12-15,my top 3,,https://boxd.it/L,\r\n\r\n"
            + ITEMS_HEAD
            + "1,Ran,1985,https://boxd.it/r,\r\n2,Magnolia,1999,https://boxd.it/m,\r\n",
        },
    )
    summary(cli, "letterboxd", str(folder))
    listed = (
        "SELECT l.name, li.position, f.title FROM lists l JOIN list_items li"
        " ON li.list_id = l.id JOIN films f ON f.id = li.film_id ORDER BY li.position"
    )
    assert rows(journal, listed) == [
        ("my top 3", 1, "Ran"),
        ("my top 3", 2, "Magnolia"),
        ("my top 3", 3, "Heat"),
    ]
    again = summary(cli, "letterboxd", str(folder))
    assert nothing_new(again)
    assert again["counts"]["lists"] == {"added": 0, "updated": 0, "skipped": 1}


def test_a_newer_export_reorders_a_list_and_keeps_films_added_here(cli, journal, tmp_path) -> None:
    def list_file(name: str, *films: str) -> dict[str, str]:
        items = "".join(f"{n},{t},1990,https://boxd.it/{t},\r\n" for n, t in enumerate(films, 1))
        return {
            "diary.csv": DIARY,
            "lists/best.csv": LIST_HEAD
            + f"2025-01-01,{name},,https://boxd.it/L,\r\n\r\n"
            + ITEMS_HEAD
            + items,
        }

    summary(cli, "letterboxd", str(export(tmp_path, list_file("Best", "A", "B", "C"), "old")))
    cli("lists", "add", "Best", "A", ok=True)  # already there: nothing changes
    factory_film = cli("add", "Z", "-y", "1990", ok=True)
    assert factory_film.exit_code == 0
    cli("lists", "add", "Best", "Z", ok=True)
    newer = summary(
        cli, "letterboxd", str(export(tmp_path, list_file("The best", "C", "A"), "new"))
    )
    assert newer["counts"]["lists"]["updated"] == 1
    assert rows(journal, "SELECT name FROM lists") == [("The best",)]
    order = rows(
        journal,
        "SELECT f.title FROM list_items li JOIN films f ON f.id = li.film_id ORDER BY li.position",
    )
    assert order == [("C",), ("A",), ("B",), ("Z",)]
    cli("import", "undo", "--yes", ok=True)
    assert rows(journal, "SELECT name FROM lists") == [("Best",)]
    order = rows(
        journal,
        "SELECT f.title FROM list_items li JOIN films f ON f.id = li.film_id ORDER BY li.position",
    )
    assert order == [("A",), ("B",), ("C",), ("Z",)]


def test_imdb_s_placeholder_year_is_an_unknown_year(cli, journal: Path, tmp_path: Path) -> None:
    ratings = tmp_path / "ratings.csv"
    ratings.write_text(
        IMDB_13
        + "tt9999999,7,2024-05-01,Untitled Project,https://x/,movie,,,????,Drama,1,,Someone\n"
        + "tt0113277,9,2020-01-01,Heat,https://x/,movie,8.3,170,1995,Crime,1,1995-12-15,Michael Mann\n"
    )
    summary(cli, "imdb", str(ratings))
    assert rows(journal, "SELECT title, year FROM films ORDER BY title") == [
        ("Heat", 1995),
        ("Untitled Project", None),
    ]


def test_ratings_without_entries_count_in_stats_and_the_report(cli, journal, tmp_path) -> None:
    ratings = tmp_path / "ratings.csv"
    ratings.write_text(
        IMDB_13
        + "tt0113277,9,2020-01-01,Heat,https://x/,movie,8.3,170,1995,Crime,1,1995-12-15,Michael Mann\n"
        + "tt0089881,10,2020-02-01,Ran,https://x/,movie,8.2,162,1985,Drama,1,1985-06-01,Akira Kurosawa\n"
        + "tt0110413,3,2021-03-01,Leon,https://x/,movie,8.5,110,1994,Crime,1,1994-09-14,Luc Besson\n"
    )
    summary(cli, "imdb", str(ratings))
    cli("add", "Stalker", "-y", "1979", "-r", "4", "-w", "2020-06-01", ok=True)
    data = json.loads(cli("stats", "-f", "json", ok=True).stdout)
    assert data["rated"] == 4 and data["ratings"]["5.0"] == 1 and data["ratings"]["1.5"] == 1
    assert (data["films"], data["films_logged"], data["entries"]) == (4, 1, 1)
    assert [h["title"] for h in data["highest_rated"]] == ["Ran", "Heat"]  # the upper half
    year = json.loads(cli("stats", "--year", "2020", "-f", "json", ok=True).stdout)
    assert year["rated"] == 3 and year["ratings"]["1.5"] == 0  # Leon was rated in 2021
    page = cli("report", ok=True).stdout
    assert "1 viewing of 1 film" in page and "3 more films seen without a diary entry" in page
    assert "rated without a diary entry" in page


@pytest.mark.parametrize("day", ["2099-01-01", "1401-05-04"])
def test_an_imported_watched_date_follows_the_rule_of_a_typed_one(cli, journal, tmp_path, day):
    folder = export(tmp_path, {"diary.csv": DIARY + f"2024-01-02,Ran,1985,,4,,,{day}\n"})
    result = cli("import", "letterboxd", str(folder))
    assert result.exit_code == 1
    assert "diary.csv, line 2: invalid date" in result.stderr
    assert not journal.exists()
