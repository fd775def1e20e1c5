"""`filmlog duplicates` finds what came in twice, with why; `filmlog merge` mends it, as
one transaction recorded like an import, and `import undo` takes it back."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from filmlog.values.keys import key
from tests.conftest import count, rows

DIARY = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"


def _twice(journal: Path, title: str) -> None:
    """A second film of the same title and year, as an import without ids can leave it."""
    conn = sqlite3.connect(journal)
    with conn:
        conn.execute(
            "INSERT INTO films (title, title_key, year, created_at, updated_at)"
            " SELECT title, title_key, year, created_at, updated_at FROM films WHERE title = ?",
            [title],
        )
    conn.close()


def groups(cli, *args: str) -> list[dict]:
    return json.loads(cli("duplicates", "-f", "json", *args, ok=True).stdout)


def reasons(cli, *args: str) -> dict[tuple[str, ...], list[str]]:
    return {tuple(g["labels"]): g["reasons"] for g in groups(cli, *args)}


def test_nothing_twice_is_exit_0_and_nothing_printed(cli, journal) -> None:
    cli("add", "Heat", "-y", "1995", ok=True)
    result = cli("duplicates", ok=True)
    assert result.stdout == ""
    assert json.loads(cli("duplicates", "-f", "json", ok=True).stdout) == []


def test_each_reason_films_are_one_film(cli, journal) -> None:
    cli("add", "Heat", "-y", "1995", ok=True)
    _twice(journal, "Heat")  # same title and year (as two sources without ids can leave it)
    cli("add", "Solaris", "-y", "1972", ok=True)
    cli("add", "Solaris", "-y", "1973", "--new", ok=True)  # years one apart
    cli("add", "Solaris", "-y", "2002", "--new", ok=True)  # 30 years: another film
    cli("add", "Ran", "-y", "1985", ok=True)
    cli("add", "Ran", "-y", "none", "--new", ok=True)  # year-less beside the dated one
    cli("add", "Chungking Express", "-y", "1994", ok=True)
    cli("add", "Chung Hing sam lam", "-y", "1994", ok=True)
    conn = sqlite3.connect(journal)
    with conn:
        conn.execute(
            "UPDATE films SET original_title = 'Chung Hing sam lam', original_title_key = ?"
            " WHERE title = 'Chungking Express'",
            [key("Chung Hing sam lam")],
        )
    conn.close()
    cli("add", "Alien", "-y", "1979", ok=True)
    cli("add", "Alien³", "-y", "1992", ok=True)
    conn = sqlite3.connect(journal)
    with conn:
        conn.execute("UPDATE films SET imdb_id = 'tt0078748' WHERE title = 'Alien'")
        conn.execute(
            "INSERT INTO film_ids (film_id, kind, value)"
            " SELECT id, 'imdb', 'tt0078748' FROM films WHERE title = 'Alien³'"
        )
    conn.close()
    found = reasons(cli, "--films")
    assert found == {
        ("Alien (1979)", "Alien³ (1992)"): ["same id"],
        ("Heat (1995)", "Heat (1995)"): ["same title and year"],
        ("Ran (1985)", "Ran"): ["one without a year"],
        ("Solaris (1972)", "Solaris (1973)"): ["years one apart"],
        ("Chungking Express (1994)", "Chung Hing sam lam (1994)"): ["original title"],
    }
    ordered = [g["reasons"][0] for g in groups(cli, "--films")]
    assert ordered == [
        "same id",
        "same title and year",
        "one without a year",
        "years one apart",
        "original title",
    ]


def test_films_with_their_own_ids_are_two_films(cli, journal, tmp_path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "ratings.csv").write_text(
        "Date,Name,Year,Letterboxd URI,Rating\n"
        "2020-10-04,Cinderella,1922,https://boxd.it/4Rn0,3\n"
        "2020-10-04,Cinderella,1922,https://boxd.it/389U,3.5\n"
    )
    cli("import", "letterboxd", str(folder), ok=True)
    assert groups(cli) == []


def test_each_reason_viewings_are_one_viewing(cli, journal, tmp_path) -> None:
    cli("add", "Heat", "-y", "1995", "-w", "2024-03-01", "-r", "4", ok=True)
    cli("add", "Ran", "-y", "1985", "-w", "2024-03-01", ok=True)
    cli("add", "Alien", "-y", "1979", "-w", "2024-05-01", ok=True)
    cli("add", "Alien", "-y", "1979", "-w", "unknown", "--review", "Perfect.", "--new", ok=True)
    diary = tmp_path / "diary.csv"
    diary.write_text(
        DIARY + "2024-03-01,Heat,1995,https://boxd.it/a,4,,,2024-03-01\n"
        "2024-03-02,Ran,1985,https://boxd.it/b,,,,2024-03-02\n"
        "2024-04-01,Heat,1995,https://boxd.it/c,,,,2024-04-01\n"
    )
    cli("import", "letterboxd", str(diary), ok=True)
    # Heat that day: the same viewing, so the import kept one (no group); Ran a day later
    # from Letterboxd: a group; the undated review of Alien beside its viewing: a group.
    found = {g["film"]: g["reasons"] for g in groups(cli, "--viewings")}
    assert found == {"Ran (1985)": ["next day"], "Alien (1979)": ["review without a date"]}
    cli("add", "Heat", "-y", "1995", "-w", "2024-04-01", "--new", ok=True)
    found = {g["film"]: g["reasons"] for g in groups(cli, "--viewings")}
    assert found["Heat (1995)"] == ["same day"]
    # twins of one source on one day are two viewings on purpose: never a group
    cli("add", "Ran", "-y", "1985", "-w", "2023-01-01", ok=True)
    cli("add", "Ran", "-y", "1985", "-w", "2023-01-01", ok=True)
    assert len([g for g in groups(cli, "--viewings") if g["film"] == "Ran (1985)"]) == 1


def test_table_csv_and_plain_lines(cli, journal) -> None:
    cli("add", "Heat", "-y", "1995", ok=True)
    _twice(journal, "Heat")
    plain = cli("duplicates", ok=True).stdout.splitlines()
    assert plain == ["films\tthe same title and year\t1: Heat (1995)\t2: Heat (1995)"]
    csv = cli("duplicates", "-f", "csv", ok=True).stdout.splitlines()
    assert csv[0] == "kind,why,ids,labels,film"
    assert csv[1].startswith('films,the same title and year,"1, 2"')


def _two_solaris(cli, journal, tmp_path) -> None:
    """Solaris (1972) logged by hand; "Solaris" from Netflix (no year), with more of it."""
    cli(
        "add",
        "Solaris",
        "-y",
        "1972",
        "-d",
        "Andrei Tarkovsky",
        "-r",
        "5",
        "-w",
        "2024-01-01",
        ok=True,
    )
    cli("add", "Solaris", "-y", "none", "--new", "-w", "2024-02-01", "-r", "4", ok=True)
    cli("lists", "add", "Space", "Solaris (1972)", ok=True)
    cli("lists", "add", "Rewatch", "Heat (1995)", ok=True)
    cli("watchlist", "add", "Solaris", "-y", "none", ok=True)
    conn = sqlite3.connect(journal)
    with conn:  # the year-less one on the list (`lists add` names films by title and year)
        conn.execute("UPDATE list_items SET film_id = 2")
        conn.execute("DELETE FROM films WHERE title = 'Heat'")
        conn.execute("UPDATE films SET tmdb_id = 593, runtime = 167 WHERE year IS NULL")
        conn.execute("UPDATE films SET imdb_id = 'tt0069293' WHERE year = 1972")
    conn.close()


def test_merge_films_keeps_everything_of_each(cli, journal, tmp_path) -> None:
    _two_solaris(cli, journal, tmp_path)
    before = rows(journal, "SELECT count(*) FROM entries")
    cli("merge", "Solaris (1972)", "id:2", "--yes", ok=True)
    assert rows(journal, "SELECT count(*) FROM films") == [(1,)]
    assert rows(journal, "SELECT count(*) FROM entries") == before
    film = json.loads(cli("show", "Solaris", "-f", "json", ok=True).stdout)
    assert (film["year"], film["imdb_id"], film["tmdb_id"], film["runtime"]) == (
        1972,
        "tt0069293",
        593,
        167,
    )
    assert film["directors"] == ["Andrei Tarkovsky"]
    assert film["rating"] == 4  # the latest rated viewing decides
    assert [e["watched"] for e in film["entries"]] == ["2024-01-01", "2024-02-01"]
    assert cli("lists", "show", "Rewatch", ok=True).stdout.startswith("Rewatch\n1. Solaris")
    assert "Solaris\t1972" in cli("watchlist", ok=True).stdout
    # A later source naming the film by the merged one's id lands on it
    assert groups(cli) == []
    listed = json.loads(cli("import", "list", "-f", "json", ok=True).stdout)
    assert listed[-1]["source"] == "merge"


def test_a_later_import_lands_on_the_merged_film(cli, journal, tmp_path) -> None:
    """Netflix named it in another language: merged, its rows (and new ones under that
    title) are the merged film's, never the duplicate again."""
    history = tmp_path / "NetflixViewingHistory.csv"
    history.write_text('Title,Date\n"Solyaris",2/1/24\n"Heat",1/30/24\n')
    cli("add", "Solaris", "-y", "1972", "-w", "2024-01-01", ok=True)
    cli("import", "netflix", str(history), ok=True)
    assert count(journal, "films") == 3
    cli("merge", "Solaris (1972)", "Solyaris", "--yes", ok=True)
    cli("import", "netflix", str(history), ok=True)
    assert count(journal, "films") == 2 and count(journal, "entries") == 3
    history.write_text('Title,Date\n"Solyaris",2/1/24\n"Solyaris",5/13/24\n"Heat",1/30/24\n')
    cli("import", "netflix", str(history), ok=True)
    assert rows(
        journal,
        "SELECT f.title, f.year, e.watched FROM entries e"
        " JOIN films f ON f.id = e.film_id WHERE f.title = 'Solaris' ORDER BY e.watched",
    ) == [
        ("Solaris", 1972, "2024-01-01"),
        ("Solaris", 1972, "2024-02-01"),
        ("Solaris", 1972, "2024-05-13"),
    ]


def test_dry_run_and_a_pipe_without_yes_write_nothing(cli, journal, tmp_path) -> None:
    _two_solaris(cli, journal, tmp_path)
    before = journal.read_bytes()
    dry = cli("merge", "Solaris (1972)", "id:2", "--dry-run", ok=True)
    assert "Into Solaris (1972):" in dry.stderr and "Dry run: nothing was written." in dry.stderr
    piped = cli("merge", "Solaris (1972)", "id:2")
    assert piped.exit_code == 2 and "add --yes" in piped.stderr
    assert journal.read_bytes() == before


def test_undo_puts_every_film_back_and_keeps_a_later_edit(cli, journal, tmp_path) -> None:
    _two_solaris(cli, journal, tmp_path)
    tables = ("films", "entries", "list_items", "watchlist", "film_directors")
    snapshot = {t: rows(journal, f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables}
    cli("merge", "Solaris (1972)", "id:2", "--yes", ok=True)
    cli("import", "undo", "--yes", ok=True)
    after = {t: rows(journal, f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables}
    assert after == snapshot
    # Again, with an edit after the merge: the edit stays
    cli("merge", "Solaris (1972)", "id:2", "--yes", ok=True)
    conn = sqlite3.connect(journal)
    with conn:
        conn.execute("UPDATE films SET runtime = 170 WHERE year = 1972")
    conn.close()
    done = cli("import", "undo", "--yes", ok=True)
    assert "apart again" in done.stderr
    assert rows(journal, "SELECT runtime FROM films ORDER BY id") == [(170,), (167,)]


def test_merge_viewings_keeps_both_reviews_and_undoes(cli, journal) -> None:
    cli(
        "add",
        "Heat",
        "-y",
        "1995",
        "-w",
        "2024-03-02",
        "-r",
        "4",
        "-t",
        "cinema",
        "--with",
        "Kyle",
        "--review",
        "The diner scene.",
        ok=True,
    )
    cli(
        "add",
        "Heat",
        "-y",
        "1995",
        "-w",
        "2024-03-01",
        "--review",
        "Pacino shouts.",
        "-t",
        "w-kyle",
        "--with",
        "Anna",
        "--at",
        "cinema",
        "--new",
        ok=True,
    )
    before = rows(journal, "SELECT * FROM entries ORDER BY id")
    cli("merge", "--viewings", "1", "2", "--yes", ok=True)
    assert rows(journal, "SELECT id, watched, rating, review FROM entries") == [
        (2, "2024-03-01", 8, "Pacino shouts.\n\nThe diner scene.")
    ]
    tags = rows(
        journal, "SELECT t.name FROM entry_tags et JOIN tags t ON t.id = et.tag_id ORDER BY t.name"
    )
    assert tags == [("cinema",), ("w-kyle",)]
    merged = json.loads(cli("show", "Heat", "-f", "json", ok=True).stdout)["entries"][0]
    assert (sorted(merged["companions"]), merged["place"]) == (["Anna", "Kyle"], "cinema")
    cli("import", "undo", "--yes", ok=True)
    assert rows(journal, "SELECT * FROM entries ORDER BY id") == before
    assert count(journal, "entry_tags") == 2
    assert rows(journal, "SELECT entry_id, companion_id FROM entry_companions ORDER BY 1") == [
        (1, 1),
        (2, 2),
    ]


def test_viewings_of_two_films_are_refused(cli, journal) -> None:
    cli("add", "Heat", "-y", "1995", ok=True)
    cli("add", "Ran", "-y", "1985", ok=True)
    result = cli("merge", "--viewings", "1", "2", "--yes")
    assert result.exit_code == 2 and "different films" in result.stderr
    assert count(journal, "entries") == 2


@pytest.mark.parametrize("args", [["Heat"], ["Heat", "Heat"], ["Heat", "Nothing"]])
def test_a_merge_of_less_than_two_films_is_one_line(cli, journal, args) -> None:
    cli("add", "Heat", "-y", "1995", ok=True)
    result = cli("merge", *args, "--yes")
    assert result.exit_code != 0 and result.stderr.count("Error") == 1
    assert count(journal, "films") == 1


def test_the_assistant_lists_duplicates(cli, journal) -> None:
    from filmlog.present.assistant import Tools

    cli("add", "Heat", "-y", "1995", ok=True)
    _twice(journal, "Heat")
    found = Tools(Path(journal), False).duplicates()
    assert found["results"][0]["labels"] == ["Heat (1995)", "Heat (1995)"]


def test_merge_walks_the_groups_in_a_terminal(cli, journal) -> None:
    import sys

    import pexpect

    from tests.conftest import subprocess_env

    cli("add", "Heat", "-y", "1995", "-w", "2024-01-01", ok=True)
    _twice(journal, "Heat")
    cli("add", "Solaris", "-y", "1972", ok=True)
    cli("add", "Solaris", "-y", "1973", ok=True)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "filmlog", "--db", str(journal), "duplicates", "--merge", "--films"],
        env=subprocess_env(COLUMNS="100"),
        encoding="utf-8",
        timeout=30,
    )
    child.expect(r"\(1/2\) Merge these\?")
    child.sendline("m")
    child.expect(r"\(2/2\) Merge these\?")
    child.sendline("s")
    child.expect("Merged 1 group.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert rows(journal, "SELECT title, year FROM films ORDER BY title, year") == [
        ("Heat", 1995),
        ("Solaris", 1972),
        ("Solaris", 1973),
    ]
    piped = cli("duplicates", "--merge")
    assert piped.exit_code == 2 and "run it in a terminal" in piped.stderr
