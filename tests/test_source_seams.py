"""Each source at its seam: a file in, the verbs it says out (tests/recording.py).

No journal is opened: what the engine does with the verbs is tested in
tests/test_engine.py, and each source keeps its end-to-end tests through the CLI.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from filmlog.imports.reading.archive import ImportRefused
from filmlog.imports.registry import source
from filmlog.values.errors import BadValue
from tests.recording import RecordingSession, recorded

DIARY = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_letterboxd_diary_says_a_film_once_and_a_viewing_per_row(tmp_path: Path) -> None:
    diary = write(
        tmp_path,
        "diary.csv",
        DIARY
        + '2024-01-02,Chungking Express,1994,https://boxd.it/e1,4.5,,"hong kong, neon",2024-01-01\n'
        + '2024-02-02,"Crouching Tiger, Hidden Dragon",2000,https://boxd.it/e2,4,Yes,,2024-02-01\n'
        + "2024-02-03,Chungking Express,1994,https://boxd.it/e3,,Yes,,2024-02-03\n",
    )
    said = recorded(source("letterboxd"), diary).said
    assert said == [
        ("film", 1, "Chungking Express", 1994, {}),
        ("viewing", 1, "2024-01-01", 9, False, ("hong kong", "neon"), "https://boxd.it/e1"),
        ("film", 2, "Crouching Tiger, Hidden Dragon", 2000, {}),
        ("viewing", 2, "2024-02-01", 8, True, (), "https://boxd.it/e2"),
        ("viewing", 1, "2024-02-03", None, True, (), "https://boxd.it/e3"),
    ]


def test_a_diary_of_2017_without_a_rewatch_column_leaves_rewatch_unsaid(tmp_path: Path) -> None:
    diary = write(
        tmp_path,
        "diary.csv",
        "Date,Name,Year,Letterboxd URI,Rating,Watched Date\n"
        "2017-01-02,Heat,1995,https://boxd.it/a,5,2017-01-01\n",
    )
    assert recorded(source("letterboxd"), diary).verbs("viewing") == [
        ("viewing", 1, "2017-01-01", 10, None, (), "https://boxd.it/a")
    ]


def test_a_short_row_reads_its_missing_cells_as_empty(tmp_path: Path) -> None:
    """A row cut short (a spreadsheet drops trailing empty cells) is read by position like
    the others: its missing cells are empty, never the next row's or an error."""
    diary = write(
        tmp_path,
        "diary.csv",
        "Watched Date,Name,Year,Rating,Letterboxd URI,Tags,Rewatch\n"
        '2024-01-01,Heat,1995,4,https://boxd.it/a,"crime, la",Yes\n'
        "2024-02-01,Ran,1985\n"
        "2024-03-01,Heat,1995,5\n",
    )
    assert recorded(source("letterboxd"), diary).verbs("viewing") == [
        ("viewing", 1, "2024-01-01", 8, True, ("crime", "la"), "https://boxd.it/a"),
        ("viewing", 2, "2024-02-01", None, False, (), None),
        ("viewing", 1, "2024-03-01", 10, False, (), None),
    ]


def test_rows_without_an_address_are_one_when_every_cell_is_alike(tmp_path: Path) -> None:
    """Two rows are one by their Letterboxd URI; rows without one (cut short, or empty
    there) only when every cell is alike."""
    diary = write(
        tmp_path,
        "diary.csv",
        "Watched Date,Name,Year,Letterboxd URI\n"
        "2024-01-01,Heat,1995\n"
        "2024-01-01,Heat,1995\n"
        "2024-01-01,Heat,1995,\n"
        "2024-01-02,Heat,1995,https://boxd.it/a\n"
        "2024-01-03,Heat,1995,https://boxd.it/a\n",
    )
    days = [said[2] for said in recorded(source("letterboxd"), diary).verbs("viewing")]
    assert days == ["2024-01-01", "2024-01-01", "2024-01-02"]


def test_a_bad_value_is_named_at_its_row(tmp_path: Path) -> None:
    """The session knows where the source is reading when a value is refused: the run
    turns that into `file:line: reason` (one place for every source)."""
    diary = write(
        tmp_path,
        "diary.csv",
        DIARY
        + "2024-01-02,Heat,1995,https://boxd.it/e1,4,,,2024-01-01\n"
        + "2024-01-02,Ran,1985,https://boxd.it/e2,eleven,,,2024-01-01\n",
    )
    session = RecordingSession()
    with pytest.raises(BadValue, match="eleven"):
        source("letterboxd").read(session, _given(diary))  # type: ignore[arg-type]
    assert session.where is not None
    assert (session.where.file, session.where.line) == (str(diary), 3)
    assert session.verbs("viewing")[0][2] == "2024-01-01"  # the row before it was said


def test_a_letterboxd_export_says_viewings_then_ratings_likes_watchlist_and_lists(
    tmp_path: Path,
) -> None:
    """Ratings come after the viewings (a rating file wins over its entries' ratings), and
    a film named by its page's address is the film of that title and year."""
    rows = "Date,Name,Year,Letterboxd URI"
    folder = tmp_path / "export"
    write(folder, "diary.csv", DIARY + "2024-01-02,Heat,1995,https://boxd.it/e1,4,,,2024-01-01\n")
    write(
        folder,
        "ratings.csv",
        f"{rows},Rating\n2024-03-01,Heat,1995,https://boxd.it/f1,5\n"
        "2020-01-01,Ran,1985,https://boxd.it/f4,4\n",
    )
    write(folder, "watchlist.csv", f"{rows}\n2021-01-01,Stalker,1979,https://boxd.it/f6\n")
    write(folder, "likes/films.csv", f"{rows}\n2020-01-01,Ran,1985,https://boxd.it/f4\n")
    write(
        folder,
        "lists/best.csv",
        "\nLetterboxd list export v7\nDate,Name,Tags,URL,Description\n"
        "2022-01-01,Best,,https://boxd.it/l1,\n\nPosition,Name,Year,URL,Description\n"
        "1,Ran,1985,https://boxd.it/f4,\n2,Heat,1995,https://boxd.it/f1,\n",
    )
    assert recorded(source("letterboxd"), folder).said == [
        ("film", 1, "Heat", 1995, {}),
        ("viewing", 1, "2024-01-01", 8, False, (), "https://boxd.it/e1"),
        ("rate", 1, 10, "2024-03-01"),
        ("film", 2, "Ran", 1985, {"letterboxd": "https://boxd.it/f4"}),
        ("rate", 2, 8, "2020-01-01"),
        ("like", 2),
        ("film", 3, "Stalker", 1979, {"letterboxd": "https://boxd.it/f6"}),
        ("want", 3, "2021-01-01"),
        ("listed", "Best", [(1, 2), (2, 1)]),
    ]


def test_imdb_ratings_say_the_film_by_its_id_and_leave_series_out(tmp_path: Path) -> None:
    ratings = write(
        tmp_path,
        "ratings.csv",
        "Const,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,"
        "Genres,Num Votes,Release Date,Directors\n"
        "tt0109424,9,2024-01-05,Chungking Express,https://www.imdb.com/title/tt0109424/,movie,"
        '8.0,102,1994,"Crime, Drama",1,1994-07-14,Wong Kar-wai\n'
        "tt0944947,8,2024-01-06,Game of Thrones,https://www.imdb.com/title/tt0944947/,tvSeries,"
        "9.2,57,2011,Drama,1,2011-04-17,\n",
    )
    session = recorded(source("imdb"), ratings)
    assert session.said == [
        ("film", 1, "Chungking Express", 1994, {"imdb": "tt0109424"}),
        ("rate", 1, 9, "2024-01-05"),
    ]
    cited = session.films[1]
    assert (cited.runtime, cited.directors, cited.genres) == (
        102,
        ("Wong Kar-wai",),
        ("Crime", "Drama"),
    )
    assert session.summary.skipped_rows == {"tvSeries (not a film)": 1}


def test_netflix_asks_for_the_date_order_and_leaves_episodes_out(tmp_path: Path) -> None:
    history = write(
        tmp_path,
        "NetflixViewingHistory.csv",
        'Title,Date\n"Chungking Express","1/2/24"\n'
        '"Dark: Season 1: Secrets","1/3/24"\n"Dark: Season 1: Lies","1/4/24"\n',
    )
    with pytest.raises(ImportRefused, match="--date-order"):
        recorded(source("netflix"), history)
    session = recorded(source("netflix"), history, date_order="mdy")
    assert session.said == [
        ("film", 1, "Chungking Express", None, {}),
        ("row", 1, "netflix", ("chungkingexpress", "2024-01-02"), "2024-01-02", None),
    ]
    assert session.summary.skipped_rows == {"episodes (filmlog keeps films)": 2}


def test_a_spreadsheet_says_its_columns_and_scale_and_a_row_per_line(tmp_path: Path) -> None:
    sheet = write(tmp_path, "sheet.csv", "title,year,watched,rating\nHeat,1995,2020-01-01,8\n")
    session = recorded(source("csv"), sheet)
    assert session.said == [
        ("film", 1, "Heat", 1995, {}),
        ("row", 1, "csv", ("heat", 1995, "2020-01-01"), "2020-01-01", 8),
    ]
    assert "Ratings: out of 10 (from the values)." in session.summary.notes


def test_kodi_says_a_play_per_film_played_by_its_library_item(tmp_path: Path) -> None:
    library = write(
        tmp_path,
        "videodb.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n<videodb>\n'
        "<movie><title>Heat</title><year>1995</year><playcount>2</playcount>"
        '<lastplayed>2021-05-01 20:00:00</lastplayed><uniqueid type="tmdb">949</uniqueid></movie>\n'
        "<movie><title>Ikiru</title><year>1952</year><playcount>0</playcount></movie>\n"
        "<tvshow><title>Dark</title><episodedetails><playcount>1</playcount>"
        "</episodedetails></tvshow>\n</videodb>\n",
    )
    session = recorded(source("kodi"), library)
    assert session.said == [
        ("film", 1, "Heat", 1995, {"tmdb": 949}),
        ("sync", 1, "kodi:videodb.xml", "949@2021-05-01", "2021-05-01", None),
    ]
    assert session.summary.skipped_rows == {
        "films in the library never played": 1,
        "episodes played (filmlog keeps films)": 1,
    }


def test_trakt_history_says_each_play_as_an_item_of_its_own(tmp_path: Path) -> None:
    plays = [
        {
            "id": 11,
            "watched_at": "2020-01-01T20:00:00.000Z",
            "type": "movie",
            "movie": {"title": "Heat", "year": 1995, "ids": {"trakt": 1, "imdb": "tt0113277"}},
        },
        {"id": 12, "watched_at": "2020-01-02T20:00:00.000Z", "type": "episode"},
    ]
    history = write(tmp_path, "history.json", json.dumps(plays))
    session = recorded(source("trakt"), history)
    assert session.said == [
        ("film", 1, "Heat", 1995, {"imdb": "tt0113277", "trakt": 1}),
        ("sync", 1, "trakt", "11", "2020-01-01", None),
    ]
    assert session.summary.skipped_rows == {"episode plays (filmlog keeps films)": 1}


def test_filmlogs_own_export_restores_films_and_entries_with_their_ids(tmp_path: Path) -> None:
    doc = {
        "format": "filmlog-journal",
        "version": 1,
        "films": [
            {
                "id": 7,
                "title": "Heat",
                "year": 1995,
                "rating": 4.5,
                "seen": True,
                "created_at": "2020-01-01T00:00:00+00:00",
                "updated_at": "2020-01-01T00:00:00+00:00",
                "entries": [
                    {
                        "id": 3,
                        "uid": "u-3",
                        "watched": "2020-01-01",
                        "rating": 4.5,
                        "created_at": "2020-01-01T00:00:00+00:00",
                        "updated_at": "2020-01-01T00:00:00+00:00",
                    }
                ],
            }
        ],
    }
    export = write(tmp_path, "journal.json", json.dumps(doc))
    session = recorded(source("json"), export)
    assert session.verbs("restore_film", "restore_entry") == [
        ("restore_film", 1, 7, 9, True),
        ("restore_entry", 1, "2020-01-01", 9, 3, "u-3"),
    ]


def _given(path: Path) -> object:
    from filmlog.imports.engine.source import Given

    return Given(str(path))
