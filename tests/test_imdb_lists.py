"""`filmlog import imdb` of list exports: the watchlist, named lists, in IMDb's formats."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import count, nothing_new, rows

HEADER = (
    "Position,Const,Created,Modified,Description,Title,URL,Title Type,IMDb Rating,"
    "Runtime (mins),Year,Genres,Num Votes,Release Date,Directors,Your Rating,Date Rated\r\n"
)
ROWS = (
    "1,tt0069293,2021-06-02,2021-06-02,The long one,Solaris,https://www.imdb.com/title/tt0069293/,"
    'movie,8.0,167,1972,"Drama, Sci-Fi",90000,1972-03-20,Andrei Tarkovsky,,\r\n'
    "2,tt0113277,2021-06-03,2021-06-03,,Heat,https://www.imdb.com/title/tt0113277/,movie,8.3,170,"
    "1995,Crime,700000,1995-12-15,Michael Mann,9,2021-07-01\r\n"
    "3,tt0903747,2021-06-04,2021-06-04,,Breaking Bad,https://www.imdb.com/title/tt0903747/,"
    "tvSeries,9.5,49,2008,Drama,2000000,2008-01-20,,,\r\n"
    "4,tt9999999,2021-06-05,2021-06-05,,Untitled Project,https://www.imdb.com/title/tt9999999/,"
    "movie,,,????,,,,,,\r\n"
)
OLD = (
    '"position","const","created","modified","description","Title","Title type","Directors",'
    '"You rated","IMDb Rating","Runtime (mins)","Year","Genres","Num. Votes",'
    '"Release Date (month/day/year)","URL"\n'
    '"1","tt0093105","Fri Aug  2 08:07:44 2014","Fri Aug  2 08:07:44 2014","","Good Morning, Vietnam",'
    '"Feature Film","Barry Levinson","","7.3","121","1987","comedy","102583","1987-12-23",'
    '"http://www.imdb.com/title/tt0093105/"\n'
)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def imported(cli, *args: str) -> dict:
    result = cli("import", "imdb", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_a_list_export_becomes_a_named_list_in_order_with_notes_and_ratings(cli, journal, tmp_path):
    path = write(tmp_path, "Slow cinema.csv", HEADER + ROWS)
    result = imported(cli, str(path))
    shown = json.loads(cli("lists", "show", "Slow cinema", "-f", "json", ok=True).stdout)
    items = [(i["position"], i["title"], i["year"], i["note"]) for i in shown["items"]]
    assert items == [
        (1, "Solaris", 1972, "The long one"),
        (2, "Heat", 1995, None),
        (3, "Untitled Project", None, None),
    ]
    assert rows(journal, "SELECT rating, rated_at FROM films WHERE title = 'Heat'") == [
        (9, "2021-07-01")
    ]
    assert result["rows_not_imported"] == {"tvSeries (not a film)": 1}
    assert nothing_new(imported(cli, str(path)))


def test_list_takes_a_name_and_watchlist_takes_any_file(cli, journal, tmp_path):
    path = write(tmp_path, "ls012345678.csv", HEADER + ROWS)
    imported(cli, str(path), "--list", "Someday")
    assert json.loads(cli("lists", "-f", "json", ok=True).stdout)[0]["name"] == "Someday"
    imported(cli, str(path), "--watchlist")
    wanted = rows(
        journal,
        "SELECT f.title, w.added_at FROM watchlist w JOIN films f ON f.id = w.film_id ORDER BY 1",
    )
    # Heat is rated in the file: seen, so it stays off the watchlist.
    assert wanted == [("Solaris", "2021-06-02"), ("Untitled Project", "2021-06-05")]


def test_the_old_format_in_windows_1252_fills_the_watchlist(cli, journal, tmp_path):
    path = write(tmp_path, "WATCHLIST.csv", OLD.replace("Vietnam", "Vietnàm"), "cp1252")
    imported(cli, str(path))
    assert rows(
        journal, "SELECT f.title, w.added_at FROM watchlist w JOIN films f ON f.id = w.film_id"
    ) == [("Good Morning, Vietnàm", "2014-08-02")]
    assert count(journal, "lists") == 0
