"""Exports as people have them: headers found where they are, extras skipped, repeats once."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from tests.conftest import count, nothing_new, rows
from tests.test_import import DIARY, export, summary

LIST = (
    "Letterboxd list export v7\r\nDate,Name,Tags,URL,Description\r\n"
    "2022-01-01,Best of Asia,asia,https://boxd.it/l1,\r\n\r\n"
    "Position,Name,Year,URL,Description\r\n"
    "1,Chungking Express,1994,https://boxd.it/f1,\r\n2,Ran,1985,https://boxd.it/f4,Epic\r\n"
)
ONE_ENTRY = DIARY + "2024-01-02,Heat,1995,https://boxd.it/e1,4,,,2024-01-01\r\n"


def items(journal: Path) -> list[tuple]:
    return rows(
        journal,
        "SELECT l.name, li.position, f.title FROM list_items li JOIN lists l ON l.id = li.list_id"
        " JOIN films f ON f.id = li.film_id ORDER BY l.name, li.position",
    )


@pytest.mark.parametrize(
    "first_lines",
    ["Letterboxd list export v7\r\n", "\r\n", "", "\n\n", "Letterboxd list export v8\n"],
    ids=["v7", "blank", "none", "two-blank", "v8"],
)
def test_a_list_header_is_found_wherever_it_starts(cli, journal, tmp_path, first_lines) -> None:
    body = LIST.split("\r\n", 1)[1]
    folder = export(tmp_path, {"diary.csv": ONE_ENTRY, "lists/best.csv": first_lines + body})
    summary(cli, "letterboxd", str(folder))
    assert items(journal) == [("Best of Asia", 1, "Chungking Express"), ("Best of Asia", 2, "Ran")]


def test_a_list_without_its_own_row_takes_the_file_name(cli, journal, tmp_path) -> None:
    folder = export(
        tmp_path,
        {
            "diary.csv": ONE_ENTRY,
            "lists/night-films.csv": "Position,Name,Year,URL,Description\n1,Ran,1985,https://boxd.it/f4,\n",
        },
    )
    summary(cli, "letterboxd", str(folder))
    assert items(journal) == [("night-films", 1, "Ran")]


def test_an_unreadable_list_is_skipped_and_named(cli, journal, tmp_path) -> None:
    folder = export(
        tmp_path,
        {
            "diary.csv": ONE_ENTRY,
            "lists/best.csv": LIST,
            "watchlist.csv": "Date,Name,Year,Letterboxd URI\n",
        },
    )
    (folder / "lists" / "broken.csv").write_bytes(b"\x00" * 4096)
    result = cli("import", "letterboxd", str(folder), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    (skipped,) = data["files_not_imported"]
    assert skipped["file"].endswith("lists/broken.csv")
    assert "zero bytes" in skipped["reason"]
    assert f"Skipped {folder / 'lists' / 'broken.csv'}: " in result.stderr
    assert "damaged" not in result.stderr.replace("(it was damaged)", "")
    assert count(journal, "entries") == 1
    assert [r[0] for r in items(journal)] == ["Best of Asia", "Best of Asia"]


def test_the_text_summary_and_a_dry_run_show_what_was_not_imported(cli, journal, tmp_path) -> None:
    folder = export(
        tmp_path,
        {
            "diary.csv": ONE_ENTRY,
            "likes/films.csv": "Date;Name;Year;Letterboxd URI\n2020-01-01;;1952;x\n",
            "watchlist.csv": "Date,Name,Year,Letterboxd URI\n01/02/2021,Stalker,1979,https://boxd.it/s\n",
        },
    )
    for extra in ((), ("--dry-run",)):
        result = cli("import", "letterboxd", str(folder), *extra)
        assert result.exit_code == 0, result.stderr
        out = result.stdout
        rest = "the rest would come in" if extra else "the rest came in"
        assert f"Not imported (could not be read; {rest}):" in out
        assert "likes/films.csv: line 2: the film has no name" in out
        assert (
            "watchlist.csv: the dates could be read as day/month/year or month/day/year"
            " (e.g. '01/02/2021'): say which with --date-order dmy or --date-order mdy" in out
        )
        assert out.count("Skipped ") == 0 and result.stderr.count("Skipped ") == 2
    assert count(journal, "entries") == 1
    assert count(journal, "watchlist") == 0


@pytest.mark.parametrize("history", ["diary.csv", "reviews.csv", "ratings.csv", "watched.csv"])
def test_an_unreadable_history_file_refuses_the_import(cli, journal, tmp_path, history) -> None:
    cli("add", "Heat", ok=True)
    before = rows(journal, "SELECT * FROM entries")
    folder = export(tmp_path, {"diary.csv": ONE_ENTRY, "lists/best.csv": LIST})
    (folder / history).write_bytes(b"\x00" * 1000)
    result = cli("import", "letterboxd", str(folder))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert history in result.stderr and "zero bytes" in result.stderr
    assert "Traceback" not in result.stderr
    assert rows(journal, "SELECT * FROM entries") == before
    assert count(journal, "lists") == 0 and count(journal, "imports") == 0


def test_a_lone_file_given_is_strict(cli, journal, tmp_path) -> None:
    target = tmp_path / "best.csv"
    target.write_bytes(b"\x00" * 100)
    result = cli("import", "letterboxd", str(target))
    assert result.exit_code == 1
    assert "zero bytes" in result.stderr


def test_files_kept_nowhere_are_never_opened(cli, journal, tmp_path, monkeypatch) -> None:
    from filmlog.imports.reading import tables

    folder = export(tmp_path, {"diary.csv": ONE_ENTRY})
    for name in (
        "deleted/diary.csv",
        "orphaned/reviews.csv",
        "comments.csv",
        "profile.csv",
        "likes/reviews.csv",
        "likes/lists.csv",
        "deleted/lists/old.csv",
    ):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"\x00garbage\xff" * 10)
    opened: list[str] = []
    real = tables.Member.open_binary

    def spy(member: tables.Member):  # type: ignore[no-untyped-def]
        opened.append(member.name)
        return real(member)

    monkeypatch.setattr(tables.Member, "open_binary", spy)
    data = summary(cli, "letterboxd", str(folder))
    assert set(opened) == {"diary.csv"}
    assert "comments.csv" in data["ignored_files"]
    assert "deleted/lists/old.csv" in data["ignored_files"]


def test_repeated_diary_rows_are_one_entry(cli, journal, tmp_path) -> None:
    row = "2024-01-02,Heat,1995,https://boxd.it/e1,4,,,2024-01-01\r\n"
    plain = "2024-03-02,Ran,1985,,3,,,2024-03-01\r\n"
    folder = export(tmp_path, {"diary.csv": DIARY + row + plain + row + plain + plain})
    data = summary(cli, "letterboxd", str(folder))
    assert data["counts"]["entries"] == {"added": 2, "updated": 0, "skipped": 3}
    assert count(journal, "entries") == 2


def test_repeated_rows_of_film_files_count_once(cli, journal, tmp_path) -> None:
    rating = "2024-03-01,Ran,1985,https://boxd.it/f4,4\n"
    wanted = "2021-01-01,Stalker,1979,https://boxd.it/s\n"
    folder = export(
        tmp_path,
        {
            "ratings.csv": "Date,Name,Year,Letterboxd URI,Rating\n" + rating * 3,
            "watchlist.csv": "Date,Name,Year,Letterboxd URI\n" + wanted * 2,
            "lists/best.csv": LIST.replace(
                "Epic\r\n", "Epic\r\n3,Ran,1985,https://boxd.it/f4,\r\n"
            ),
        },
    )
    data = summary(cli, "letterboxd", str(folder))
    assert data["counts"]["ratings"] == {"added": 1, "updated": 0, "skipped": 2}
    assert data["counts"]["watchlist"]["added"] == 1
    assert items(journal) == [("Best of Asia", 1, "Chungking Express"), ("Best of Asia", 2, "Ran")]


def test_columns_in_any_order_with_extras(cli, journal, tmp_path) -> None:
    folder = export(
        tmp_path,
        {
            "diary.csv": "\ufeffWatched Date,Extra,Rating,Name,Letterboxd URI,Year,Date,Rewatch,Tags,Mood\r\n"
            '2024-01-01,x,4.5,Heat,https://boxd.it/e1,1995,2024-01-02,Yes,"a, b",calm\r\n'
        },
    )
    summary(cli, "letterboxd", str(folder))
    (entry,) = json.loads(cli("diary", "-f", "json", ok=True).stdout)
    assert (entry["title"], entry["year"], entry["watched"], entry["rating"]) == (
        "Heat",
        1995,
        "2024-01-01",
        4.5,
    )
    assert entry["rewatch"] is True and entry["tags"] == ["a", "b"]


def test_a_diary_saved_again_by_a_spreadsheet_on_windows(cli, journal, tmp_path) -> None:
    folder = tmp_path / "lb"
    folder.mkdir()
    text = DIARY + "2024-01-02,Amélie,2001,https://boxd.it/e1,4,,,2024-01-01\r\n"
    (folder / "diary.csv").write_bytes(text.encode("cp1252"))
    summary(cli, "letterboxd", str(folder))
    assert rows(journal, "SELECT title FROM films") == [("Amélie",)]


def test_values_as_a_spreadsheet_saves_them(cli, journal, tmp_path) -> None:
    folder = export(
        tmp_path,
        {
            "diary.csv": DIARY
            + '2024-01-02,Heat,1995.0,https://boxd.it/e1,"4,5",,,2024-01-01 00:00:00\r\n'
        },
    )
    summary(cli, "letterboxd", str(folder))
    assert rows(journal, "SELECT f.year, e.rating, e.watched FROM entries e JOIN films f") == [
        (1995, 9, "2024-01-01")
    ]


@pytest.mark.parametrize("date", ["2024-02-30", "2024-01-01x", "yesterday", "31/31/2024"])
def test_a_date_that_is_not_a_date_is_refused(cli, journal, tmp_path, date) -> None:
    folder = export(tmp_path, {"diary.csv": DIARY + f"2024-01-02,Heat,1995,,4,,,{date}\r\n"})
    result = cli("import", "letterboxd", str(folder))
    assert result.exit_code == 1
    assert f"diary.csv, line 2: Watched Date '{date}' is not a date" in result.stderr


@pytest.mark.parametrize("top", ["", "letterboxd-me-2026-11-26/"], ids=["flat", "top-folder"])
def test_zips_as_people_have_them(cli, journal, tmp_path, top) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(top + "diary.csv", ONE_ENTRY)
        z.writestr(top + "lists/best.csv", LIST)
        z.writestr(top + "lists/x.csv", b"\x00" * 64)
        z.writestr("__MACOSX/" + top + "._diary.csv", b"\x00\x05\x16\x07junk")
        z.writestr(top + ".DS_Store", b"\x00\x00\x00\x01Bud1")
    result = cli("import", "letterboxd", str(archive), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert f"Skipped export.zip:{top}lists/x.csv: " in result.stderr
    assert count(journal, "entries") == 1
    assert count(journal, "list_items") == 2


def test_a_damaged_zip_member_is_named(cli, journal, tmp_path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("diary.csv", ONE_ENTRY * 50)
    data = bytearray(archive.read_bytes())
    start = data.index(b"diary.csv") + len("diary.csv") + 10
    data[start : start + 20] = b"\xff" * 20  # bytes of the compressed diary overwritten
    archive.write_bytes(bytes(data))
    result = cli("import", "letterboxd", str(archive))
    assert result.exit_code == 1
    assert "export.zip:diary.csv" in result.stderr
    assert "Traceback" not in result.stderr and "damaged" not in result.stderr


def test_two_lists_of_one_name_stay_two(cli, journal, tmp_path) -> None:
    other = LIST.replace("https://boxd.it/l1", "https://boxd.it/l2").replace(
        "2,Ran,1985,https://boxd.it/f4,Epic\r\n", ""
    )
    folder = export(tmp_path, {"diary.csv": ONE_ENTRY, "lists/a.csv": LIST, "lists/b.csv": other})
    summary(cli, "letterboxd", str(folder))
    assert sorted(r[0] for r in rows(journal, "SELECT name FROM lists")) == [
        "Best of Asia",
        "Best of Asia (2)",
    ]
    again = summary(cli, "letterboxd", str(folder))  # the same export again: the same two
    assert nothing_new(again) and count(journal, "lists") == 2


def test_imdb_with_bom_crlf_extra_column_and_a_repeated_row(cli, journal, tmp_path) -> None:
    header = (
        "\ufeffConst,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,"
        "Genres,Num Votes,Release Date,Directors,My Notes\r\n"
    )
    row = "tt0113277,9,2020-01-01,Heat,https://x/,movie,8.3,170,1995,Crime,1,1995-12-15,Michael Mann,ok\r\n"
    target = tmp_path / "ratings.csv"
    target.write_text(header + row + row, encoding="utf-8", newline="")
    data = summary(cli, "imdb", str(target))
    assert data["counts"]["ratings"] == {"added": 1, "updated": 0, "skipped": 1}
    assert rows(journal, "SELECT title, rating, runtime FROM films") == [("Heat", 9, 170)]


def test_json_with_a_repeated_film(cli, journal, tmp_path) -> None:
    cli("add", "Heat", "-y", "1995", "-r", "4", "-w", "2024-01-01", ok=True)
    doc = json.loads(cli("export", "json", ok=True).stdout)
    doc["films"].append(doc["films"][0])
    target = tmp_path / "journal.json"
    target.write_text(json.dumps(doc))
    other = tmp_path / "other.db"
    result = cli("--db", str(other), "import", "json", str(target), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["counts"]["films"] == {"added": 1, "updated": 0, "skipped": 1}
    assert count(other, "entries") == 1


def test_sqlite_errors_are_told_apart_by_their_code() -> None:
    from filmlog.journal.db import explain

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (a UNIQUE)")
    conn.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.IntegrityError) as clash:
        conn.execute("INSERT INTO t VALUES (1)")
    message = explain(clash.value, Path("j.db")).message
    assert "damaged" not in message and "unexpectedly" in message
    with pytest.raises(sqlite3.OperationalError) as missing:
        conn.execute("SELECT * FROM nowhere")
    assert "damaged" not in explain(missing.value, Path("j.db")).message


def test_films_the_export_tells_apart_stay_apart(cli, journal, tmp_path) -> None:
    folder = export(
        tmp_path,
        {
            "diary.csv": DIARY
            + "2024-01-02,Dracula,1931,https://boxd.it/e1,4,,,2024-01-01\r\n"
            + "2024-01-03,Drácula,1931,https://boxd.it/e2,4.5,,,2024-01-02\r\n",
            "ratings.csv": "Date,Name,Year,Letterboxd URI,Rating\r\n"
            + "2024-01-02,Dracula,1931,https://boxd.it/d1,4\r\n"
            + "2024-01-03,Drácula,1931,https://boxd.it/d2,4.5\r\n",
            "watched.csv": "Date,Name,Year,Letterboxd URI\r\n"
            + "2024-01-02,Dracula,1931,https://boxd.it/d1\r\n"
            + "2024-01-03,Drácula,1931,https://boxd.it/d2\r\n",
        },
    )
    summary(cli, "letterboxd", str(folder))
    assert rows(journal, "SELECT title, letterboxd_uri, rating FROM films ORDER BY id") == [
        ("Dracula", "https://boxd.it/d1", 8),
        ("Drácula", "https://boxd.it/d2", 9),
    ]
    again = summary(cli, "letterboxd", str(folder))
    assert nothing_new(again)


def test_a_film_typed_by_hand_is_the_export_s_film(cli, journal, tmp_path) -> None:
    cli("add", "dracula", "-y", "1931", "-w", "2020-01-01", ok=True)
    folder = export(
        tmp_path,
        {
            "ratings.csv": "Date,Name,Year,Letterboxd URI,Rating\r\n2024-01-02,Dracula,1931,https://boxd.it/d1,4\r\n"
        },
    )
    summary(cli, "letterboxd", str(folder))
    assert rows(journal, "SELECT title, letterboxd_uri, rating FROM films") == [
        ("dracula", "https://boxd.it/d1", 8)
    ]


def test_a_folder_holding_the_zip_points_at_it(cli, journal, tmp_path) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    with zipfile.ZipFile(folder / "letterboxd-me.zip", "w") as z:
        z.writestr("diary.csv", ONE_ENTRY)
    result = cli("import", "letterboxd", str(folder))
    assert result.exit_code == 1
    assert "give the .zip itself, letterboxd-me.zip" in result.stderr
