"""The small things a new user's hour found: words, empty errors, opposite options, an
editor left empty, a journal in a folder that is not there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import rows, subprocess_env


def test_import_list_says_one_film_not_one_films(cli, journal, tmp_path) -> None:
    sheet = tmp_path / "w.csv"
    sheet.write_text("Title,Year,Rating\nRan,1985,4\n")
    cli("import", "csv", str(sheet), "--rating-scale", "5", ok=True)
    listed = cli("import", "list", ok=True).stdout
    assert "1 film," in listed and "1 rating" in listed
    assert "1 films" not in listed and "1 ratings" not in listed


def test_a_bare_group_prints_its_help_and_no_empty_error() -> None:
    for args in ([], ["import"], ["db"]):
        done = subprocess.run(
            [sys.executable, "-m", "filmlog", *args],
            capture_output=True,
            text=True,
            env=subprocess_env(),
        )
        assert "Usage" in done.stdout + done.stderr
        assert "Error" not in done.stderr, (args, done.stderr)


def test_tag_and_no_tags_together_are_refused(cli, journal) -> None:
    cli("add", "Heat", "-t", "crime", ok=True)
    result = cli("edit", "Heat", "--tag", "a", "--no-tags")
    assert result.exit_code == 2 and "--no-tags" in result.stderr
    assert rows(journal, "SELECT name FROM tags") == [("crime",)]


def test_an_editor_that_leaves_the_review_empty_cancels(cli, journal, monkeypatch) -> None:
    cli("add", "Heat", "--review", "Mine.", ok=True)
    monkeypatch.setenv("EDITOR", "truncate -s 0")
    monkeypatch.delenv("VISUAL", raising=False)
    result = cli("edit", "Heat", "-e")
    assert result.exit_code == 1 and "empty" in result.stderr
    assert rows(journal, "SELECT review FROM entries") == [("Mine.",)]


def test_a_journal_whose_folder_is_missing_names_it(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "j.db"
    done = subprocess.run(
        [sys.executable, "-m", "filmlog", "--db", str(target), "add", "Heat"],
        capture_output=True,
        text=True,
        env=subprocess_env(),
    )
    assert done.returncode == 1 and str(target.parent) in done.stderr
    assert not os.path.exists(tmp_path / "no")
