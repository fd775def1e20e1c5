"""A dry run creates, changes and caches nothing, anywhere: it works on a copy in memory."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.conftest import count, rows

DIARY = (
    "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
    "2024-01-02,Heat,1995,https://boxd.it/a,4,,,2024-01-01\n"
)


def export(tmp_path: Path) -> Path:
    path = tmp_path / "diary.csv"
    path.write_text(DIARY, encoding="utf-8")
    return path


def files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_a_dry_run_without_a_journal_makes_none(cli, journal: Path, tmp_path: Path) -> None:
    result = cli("import", "letterboxd", str(export(tmp_path)), "--dry-run", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["counts"]["entries"]["added"] == 1
    assert not journal.exists()
    assert not list(journal.parent.glob("journal.db*"))


def test_a_dry_run_on_a_read_only_journal_works(cli, journal: Path, tmp_path: Path) -> None:
    cli("add", "Ran", "-y", "1985", ok=True)
    before = journal.read_bytes()
    os.chmod(journal, 0o444)
    os.chmod(journal.parent, 0o555)
    try:
        result = cli("import", "letterboxd", str(export(tmp_path)), "--dry-run", "-f", "json")
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["dry_run"] is True
    finally:
        os.chmod(journal.parent, 0o755)
        os.chmod(journal, 0o600)
    assert journal.read_bytes() == before


def test_a_dry_run_does_not_upgrade_an_older_journal(cli, journal: Path, tmp_path) -> None:
    from sqlite_utils import Database

    from filmlog.journal import migrations

    db = Database(journal)
    migrations.migrations().apply(db, stop_before=migrations.NAMES[1])
    db.close()
    diary = export(tmp_path)
    before, folder = journal.read_bytes(), files(journal.parent)
    result = cli("import", "letterboxd", str(diary), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert journal.read_bytes() == before
    assert files(journal.parent) == folder  # no backup, nothing beside it


def test_enrich_dry_run_caches_nothing(cli, journal: Path, tmdb, tmp_path: Path) -> None:
    cli("add", "Heat", "-y", "1995", ok=True)
    cli("add", "Some Home Movie", "-y", "2011", ok=True)  # TMDb has none: an answer too
    before = rows(journal, "SELECT * FROM films")
    result = cli("enrich", "--missing", "--dry-run", ok=True)
    assert "Would change 1 of 2 films" in result.stderr
    assert count(journal, "tmdb_cache") == 0
    assert rows(journal, "SELECT * FROM films") == before


def test_enrich_dry_run_without_a_journal(cli, journal: Path, tmdb) -> None:
    result = cli("enrich", "--missing", "--dry-run", ok=True)
    assert "0 of 0 films" in result.stderr
    assert not journal.exists()
