"""Flows that need a real terminal, driven through a pseudo-terminal."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import pexpect
import pytest

from tests.conftest import rows, subprocess_env

pytestmark = pytest.mark.timeout(60)


def spawn(args: list[str], journal: Path, **env: str) -> pexpect.spawn:
    settings = {"COLUMNS": "100", "LINES": "50", "TERM": "xterm-256color", **env}
    return pexpect.spawn(
        sys.executable,
        ["-m", "filmlog", "--db", str(journal), *args],
        env=subprocess_env(**settings),
        encoding="utf-8",
        timeout=20,
        dimensions=(int(settings["LINES"]), int(settings["COLUMNS"])),
    )


def waiting_for_keys(child: pexpect.spawn) -> None:
    """Wait until the child sleeps on its terminal, as a person's key finds it. (A Ctrl-C
    that lands between a prompt's text and the read under it, on a busy machine, is seen
    by Python only once that read returns: no person presses that fast.)"""
    stat = Path(f"/proc/{child.pid}/stat")
    if not stat.exists():  # (no /proc: a pause does the same, less surely)
        time.sleep(0.3)
        return
    for _ in range(1000):
        if stat.read_text().rpartition(")")[2].split()[0] == "S":
            return
        time.sleep(0.01)


def test_interactive_add_asks_for_each_field(journal: Path, tmp_path: Path) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "Typed in the editor.\\n" > "$1"\n')
    editor.chmod(0o755)
    child = spawn(["add"], journal, EDITOR=str(editor))
    child.expect("Title: ")
    child.sendline("")  # a title is required: asked again
    child.expect("Title: ")
    child.sendline("Chungking Express")
    child.expect(r"Year \(blank if unknown\): ")
    child.sendline("nineteen")  # not a year: asked again
    child.expect("invalid year 'nineteen'")
    child.expect(r"Year \(blank if unknown\): ")
    child.sendline("1994")
    child.expect("Director")
    child.sendline("Wong Kar-Wai")
    child.expect("Rating")
    child.sendline("7")  # not a rating: asked again
    child.expect("invalid rating '7'")
    child.expect("Rating")
    child.sendline("4½")
    child.expect(r"Watched \[today\]: ")
    child.sendline("2024-02-29")
    child.expect(r"Tags, separated by commas \(blank for none\): ")
    child.sendline("hong kong, neon")
    child.expect(r"With whom, separated by commas \(blank: nobody said\): ")
    child.sendline("Kyle, Anna")
    child.expect(r"Where \(a cinema, home…; blank to skip\): ")
    child.sendline("Prince Charles Cinema")
    child.expect(r"On what \(Netflix, a disc…; blank to skip\): ")
    child.sendline("")
    child.expect(r"Liked\? \[y/N\]: ")
    child.sendline("y")
    child.expect(r"Write a review\? \(opens .*editor.sh\) \[y/N\]: ")
    child.sendline("y")
    child.expect(r"spoilers\)\? \[y/N\]: ")
    child.sendline("n")
    child.expect("Logged Chungking Express \\(1994\\)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert rows(journal, "SELECT watched, rating, review, liked, rewatch FROM entries") == [
        ("2024-02-29", 9, "Typed in the editor.", 1, 0)
    ]
    assert rows(journal, "SELECT name FROM people") == [("Wong Kar-Wai",)]
    assert rows(journal, "SELECT name FROM tags ORDER BY name") == [("hong kong",), ("neon",)]
    assert rows(journal, "SELECT place, platform FROM entries") == [("Prince Charles Cinema", None)]
    assert rows(
        journal,
        "SELECT c.name FROM entry_companions ec JOIN companions c ON c.id = ec.companion_id"
        " ORDER BY ec.position",
    ) == [("Kyle",), ("Anna",)]


def test_interactive_add_of_a_film_seen_asks_about_the_rewatch(journal: Path, cli) -> None:
    cli("add", "Chungking Express", "-y", "1994", "-d", "Wong Kar-Wai", ok=True)
    child = spawn(["add"], journal, EDITOR="true")
    child.expect("Title: ")
    child.sendline("chungking")
    child.expect(r"Year \(blank if unknown\): ")
    child.sendline("")
    child.expect(r"Log Chungking Express \(1994\)\? \[Y/n\]: ")
    child.sendline("")
    child.expect("Rating")  # the film has its director: not asked again
    child.sendline("")
    child.expect(r"Watched \[today\]: ")
    child.sendline("")
    child.expect("Tags")
    child.sendline("")
    for question in ("With whom", "Where", "On what"):
        child.expect(question)
        child.sendline("")
    child.expect(r"Liked\? \[y/N\]: ")
    child.sendline("")
    child.expect(r"A rewatch\? \(you have seen Chungking Express \(1994\)\) \[Y/n\]: ")
    child.sendline("")
    child.expect(r"Write a review\? \(opens true\) \[y/N\]: ")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert rows(journal, "SELECT film_id, rewatch FROM entries ORDER BY id") == [(1, 0), (1, 1)]


def test_add_of_a_near_title_in_a_terminal_asks(journal: Path, cli) -> None:
    cli("add", "Chungking Express", "-y", "1994", ok=True)
    child = spawn(["add", "chungking", "-r", "4"], journal)
    child.expect(r"Log Chungking Express \(1994\)\? \[Y/n\]: ")
    child.sendline("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert rows(journal, "SELECT count(*) FROM films") == [(1,)]


def test_ctrl_c_at_a_prompt_exits_130_quietly(journal: Path, cli) -> None:
    cli("add", "Heat", ok=True)
    child = spawn(["rm", "Heat"], journal)
    child.expect(r"\[y/N\]: ")
    waiting_for_keys(child)
    child.sendintr()
    output = child.read()
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in output and "Aborted" not in output
    assert rows(journal, "SELECT count(*) FROM entries") == [(1,)]


def test_rm_asks_first_in_a_terminal(journal: Path, cli) -> None:
    cli("add", "Heat", ok=True)
    child = spawn(["rm", "Heat"], journal)
    child.expect(r"Remove Heat and its 1 entry\? \[y/N\]: ")
    child.sendline("n")
    child.expect("Nothing removed.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0  # answering no is no error
    assert rows(journal, "SELECT count(*) FROM entries") == [(1,)]
    child = spawn(["rm", "Heat"], journal)
    child.expect(r"\[y/N\]: ")
    child.sendline("y")
    child.expect("Removed Heat")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert rows(journal, "SELECT count(*) FROM films") == [(0,)]


def test_colour_in_a_terminal_and_none_with_no_color(journal: Path, cli) -> None:
    cli("add", "Heat", "-y", "1995", "-r", "4.5", "--review", "*Great* film.", ok=True)
    child = spawn(["show", "heat"], journal)
    coloured = child.read()
    assert re.search(r"\x1b\[[0-9;]*(3[0-8]|9[0-7])[;m]", coloured)
    assert "╭" in coloured  # a Rich panel, not the plain card
    child = spawn(["show", "heat"], journal, NO_COLOR="1")
    plain = child.read()
    assert "Heat" in plain and "★★★★½" in plain
    assert not re.search(r"\x1b\[[0-9;]*(3[0-8]|9[0-7])[;m]", plain)  # no colours
    assert "Great" in plain and "film." in plain


def test_piped_output_is_plain(journal: Path, cli) -> None:
    import subprocess

    cli("add", "Heat", "-y", "1995", ok=True)
    out = subprocess.run(
        [sys.executable, "-m", "filmlog", "--db", str(journal), "list"],
        capture_output=True,
        text=True,
        env=subprocess_env(FORCE_COLOR=""),
        check=True,
    ).stdout
    assert (
        out
        == "Heat\t1995\t\t\t1\t"
        + json.loads(
            subprocess.run(
                [sys.executable, "-m", "filmlog", "--db", str(journal), "list", "-f", "json"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )[0]["last_watched"]
        + "\n"
    )


def test_add_lookup_shows_the_match_and_asks(journal: Path, tmp_path: Path) -> None:
    from tests.fake_tmdb import TOKEN, FakeTmdb

    fake = FakeTmdb()
    try:
        env = {
            "FILMLOG_TMDB_URL": fake.url,
            "FILMLOG_TMDB_TOKEN": TOKEN,
            "FILMLOG_CONFIG": str(tmp_path / "config.json"),
        }
        child = spawn(["add", "Chungking Express", "-y", "1994", "--lookup"], journal, **env)
        child.expect(r"TMDb: Chungking Express \(1994\), by Wong Kar-wai, 102 min\. Use these")
        child.sendline("y")
        child.expect("runtime")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
        assert rows(journal, "SELECT runtime, tmdb_id FROM films") == [(102, 11104)]
        # Two films called Solaris: in a terminal the person picks one.
        child = spawn(["add", "Solaris", "--lookup"], journal, **env)
        child.expect(r"1\) Solaris / Солярис \(1972\)")
        child.expect(r"2\) Solaris \(2002\)")
        child.expect(r"Which one\?")
        child.sendline("2")
        child.expect(r"Use these facts\?")
        child.sendline("y")
        child.expect(pexpect.EOF)
        child.close()
        assert rows(journal, "SELECT year, tmdb_id FROM films WHERE title = 'Solaris'") == [
            (2002, 2103)
        ]
    finally:
        fake.close()


@pytest.mark.parametrize("command", [["list"], ["diary"], ["stats"]])
def test_an_empty_journal_says_how_to_start(journal: Path, command: list[str]) -> None:
    child = spawn(command, journal)
    child.expect("Your journal is empty. Log a film you watched: filmlog add TITLE")
    child.expect(r"filmlog import letterboxd PATH \(or imdb PATH\)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert not journal.exists()  # reading made no journal


def test_a_begun_journal_says_only_that_nothing_matches(journal: Path) -> None:
    assert subprocess_run(journal, "add", "Heat").returncode == 0
    child = spawn(["list", "--year", "1970"], journal)
    child.expect("No films match.")
    child.expect(pexpect.EOF)
    assert "journal is empty" not in (child.before or "")


def subprocess_run(journal: Path, *args: str):  # type: ignore[no-untyped-def]
    import subprocess

    return subprocess.run(
        [sys.executable, "-m", "filmlog", "--db", str(journal), *args],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=60,
    )


def test_enrich_asks_which_of_two_films_in_a_terminal(journal: Path, tmp_path: Path) -> None:
    from tests.fake_tmdb import TOKEN, FakeTmdb

    assert subprocess_run(journal, "add", "Solaris").returncode == 0
    fake = FakeTmdb()
    try:
        env = {
            "FILMLOG_TMDB_URL": fake.url,
            "FILMLOG_TMDB_TOKEN": TOKEN,
            "FILMLOG_CONFIG": str(tmp_path / "config.json"),
        }
        child = spawn(["enrich", "--missing"], journal, **env)
        child.expect(r"Solaris could be:")
        child.expect(r"2\) Solaris \(2002\)")
        child.expect(r"Which one\? \(0 to skip\)")
        child.sendline("2")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0, child.before
    finally:
        fake.close()
    assert rows(journal, "SELECT year, tmdb_id FROM films") == [(2002, 2103)]


@pytest.fixture
def long_diary(factory, journal: Path) -> Path:
    factory.many(films=40, entries=150)
    return journal


def pager_script(tmp_path: Path, body: str) -> str:
    script = tmp_path / "pager.sh"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return str(script)


def test_a_long_diary_goes_through_the_pager_whole(long_diary: Path, tmp_path: Path) -> None:
    captured = tmp_path / "paged.txt"
    pager = pager_script(tmp_path, f'cat > "{captured}"')
    child = spawn(["diary"], long_diary, FILMLOG_PAGER=pager)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = captured.read_text(encoding="utf-8")
    ids = set(re.findall(r"│\s+(\d+)\s*$", re.sub(r"\x1b\[[0-9;]*m", "", text), re.M))
    assert len(ids) == 150  # every entry, in chunks
    months = re.findall(r"^(?:\x1b\[[0-9;]*m)*([A-Z][a-z]+ \d{4})", text, re.M)
    assert len(months) == len(set(months))  # each month headed once


def test_a_short_diary_is_printed_without_the_pager(factory, journal, tmp_path) -> None:
    factory.log("Heat", 1995, watched="2024-12-24")
    captured = tmp_path / "paged.txt"
    child = spawn(["diary"], journal, FILMLOG_PAGER=pager_script(tmp_path, f'cat > "{captured}"'))
    child.expect("Heat")
    child.expect(pexpect.EOF)
    assert not captured.exists()


def test_no_pager_when_it_is_set_empty(long_diary: Path) -> None:
    child = spawn(["list"], long_diary, FILMLOG_PAGER="")
    child.expect("Film 0 ")
    child.expect("Film 39")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_a_pager_quit_early_ends_quietly(long_diary: Path, tmp_path: Path) -> None:
    child = spawn(
        ["diary"], long_diary, FILMLOG_PAGER=pager_script(tmp_path, "head -c 200 >/dev/null")
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in (child.before or "") and "Error" not in (child.before or "")


INSTALLED = Path(sys.executable).parent / "filmlog"


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")
@pytest.mark.skipif(not INSTALLED.exists(), reason="needs the installed filmlog command")
def test_bash_completes_titles_quoted_and_whatever_their_case(journal: Path, cli) -> None:
    cli("add", "Chungking Express", "-y", "1994", ok=True)
    cli("add", "Heat", ok=True)
    path = f"{INSTALLED.parent}:{os.environ.get('PATH', '')}"
    env = subprocess_env(PS1="$ ", TERM="dumb", FILMLOG_DB=str(journal), PATH=path)
    env["_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"] = "1"
    child = pexpect.spawn("bash", ["--norc", "--noprofile"], env=env, encoding="utf-8", timeout=20)
    child.expect_exact("$ ")
    child.sendline('eval "$(filmlog --show-completion bash)"')
    child.expect_exact("$ ")
    child.send("filmlog show chu\t")
    child.expect_exact("Chungking\\ Express ")  # the typed word replaced, escaped
    child.sendline("-f json")
    child.expect('"title": "Chungking Express"')
    child.expect_exact("$ ")
    child.send('filmlog show "chu\t')
    child.expect_exact('Chungking Express" ')  # bash closes the quote itself
    child.sendline("-f json")
    child.expect('"title": "Chungking Express"')
    child.expect_exact("$ ")
    child.sendline("exit")
    child.expect(pexpect.EOF)


def test_search_in_a_terminal_says_how_many_more_and_pages_by_lines(
    journal: Path, factory, tmp_path: Path
) -> None:
    for n in range(12):
        factory.log(f"Film {n}", review=f"a neon night, number {n}")
    pager = tmp_path / "pager.sh"
    seen = tmp_path / "paged.txt"
    pager.write_text(f"#!/bin/sh\ncat > {seen}\n")
    pager.chmod(0o755)
    child = spawn(
        ["search", "neon", "--limit", "10"], journal, FILMLOG_PAGER=str(pager), LINES="20"
    )
    child.expect("10 of 12 films; --limit for more.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    # ten hits are thirty lines: more than a screen of twenty, though fewer rows
    assert seen.read_text().count("Film ") == 10


def test_a_card_taller_than_the_screen_goes_through_the_pager(journal: Path, factory, tmp_path):
    factory.log("Heat", 1995, review="\n\n".join(f"Paragraph {n}." for n in range(30)))
    pager = tmp_path / "pager.sh"
    seen = tmp_path / "paged.txt"
    pager.write_text(f"#!/bin/sh\ncat > {seen}\n")
    pager.chmod(0o755)
    child = spawn(["show", "Heat"], journal, FILMLOG_PAGER=str(pager), LINES="20")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Paragraph 29." in seen.read_text()
    seen.unlink()
    child = spawn(["show", "Heat"], journal, FILMLOG_PAGER=str(pager), LINES="200")
    child.expect("Paragraph 29.")  # one screen holds it: drawn directly
    child.expect(pexpect.EOF)
    child.close()
    assert not seen.exists()


def test_a_long_import_shows_a_bar_and_names_what_it_left_out_once(
    journal: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "export"
    (folder / "lists").mkdir(parents=True)
    lines = "".join(
        f"2024-01-02,Film {n},1990,https://boxd.it/e{n},4,,,2024-01-01\n" for n in range(3000)
    )
    (folder / "diary.csv").write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n" + lines
    )
    (folder / "lists" / "broken.csv").write_bytes(b"\x00" * 40)
    child = spawn(["import", "letterboxd", str(folder)], journal)
    child.expect(pexpect.EOF)
    shown = child.before
    assert re.search(r"Importing .*\d+/3000\S* records", shown)
    assert shown.count("broken.csv") == 1 and "Skipped" not in shown
    assert "Not imported (could not be read; the rest came in):" in shown
    assert rows(journal, "SELECT count(*) FROM entries") == [(3000,)]


def test_a_netflix_download_of_several_profiles_asks_which_in_a_terminal(journal, tmp_path):
    download = tmp_path / "ViewingActivity.csv"
    download.write_text(
        "Profile Name,Start Time,Duration,Attributes,Title,Supplemental Video Type,Device Type,"
        "Bookmark,Latest Bookmark,Country\n"
        "Ana,2024-03-01 20:00:00,01:50:00,,Heat,,TV,01:50:00,01:50:00,NL (Netherlands)\n"
        "Bo,2024-03-02 20:00:00,01:40:00,,Ran,,TV,01:40:00,01:40:00,NL (Netherlands)\n"
        "Bo,2024-03-03 20:00:00,01:40:00,,Ikiru,,TV,01:40:00,01:40:00,NL (Netherlands)\n",
        encoding="utf-8",
    )
    child = spawn(["import", "netflix", str(download)], journal, TZ="UTC")
    child.expect(r"2 profiles \(Bo \(2 rows\), Ana \(1 row\)\)")
    child.expect(r"1\. Bo")
    child.expect(r"Profile: ")
    child.sendline("1")
    child.expect("Import 1; undo it")
    child.expect(pexpect.EOF)
    assert rows(journal, "SELECT title FROM films ORDER BY title") == [("Ikiru",), ("Ran",)]


def test_mcp_run_by_a_person_says_what_it_is_and_ctrl_c_stops_it(journal):
    child = spawn(["mcp"], journal)
    child.expect("serves .* to an assistant over stdin and stdout")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130 or child.signalstatus is not None
    assert "Traceback" not in (child.before or "")
