from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from filmlog.journal import migrations
from filmlog.journal.db import open_journal
from tests.conftest import rows


def test_migrations_build_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with open_journal(path, write=True) as journal:
        tables = {
            r[0] for r in journal.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        assert {"films", "people", "film_directors", "entries", "tags", "entry_tags"} <= tables
        columns = {r[1] for r in journal.conn.execute("PRAGMA table_info(films)")}
        assert {
            "title",
            "title_key",
            "year",
            "original_title",
            "runtime",
            "imdb_id",
            "tmdb_id",
            "letterboxd_uri",
        } <= columns
        columns = {r[1] for r in journal.conn.execute("PRAGMA table_info(entries)")}
        assert {
            "film_id",
            "watched",
            "rating",
            "rewatch",
            "liked",
            "review",
            "spoilers",
            "created_at",
            "updated_at",
        } <= columns
        assert journal.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert journal.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    applied = rows(path, "SELECT name FROM _sqlite_migrations WHERE migration_set = 'filmlog'")
    assert [r[0] for r in applied] == list(migrations.NAMES)


def test_migration_names_match_the_migration_set() -> None:
    assert [m.name for m in migrations.migrations()._migrations] == list(migrations.NAMES)


def test_db_path(cli, journal: Path) -> None:
    assert cli("db", "path", ok=True).stdout == f"{journal}\n"
    assert not journal.exists()


def test_db_path_default_is_in_the_data_folder(cli, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("FILMLOG_DB")
    out = cli("db", "path", ok=True).stdout.strip()
    assert out.endswith("filmlog.db")
    assert out.startswith(str(tmp_path / "data"))


def test_db_info(cli, journal: Path) -> None:
    cli("add", "Heat", "-d", "Michael Mann", "--review", "Yes.", ok=True)
    info = json.loads(cli("db", "info", "--format", "json", ok=True).stdout)
    assert info["films"] == 1
    assert info["entries"] == 1
    assert info["reviews"] == 1
    assert info["directors"] == 1
    assert info["schema"] == migrations.NAMES[-1]
    assert info["path"] == str(journal)


def assert_refused(cli, path: Path, message: str) -> None:
    before = path.read_bytes()
    for args in (["list"], ["show", "Heat"], ["add", "Heat"], ["diary"]):
        result = cli("--db", str(path), *args)
        assert result.exit_code == 1, (args, result.stderr)
        assert message in result.stderr
        assert str(path) in result.stderr
        assert "Traceback" not in result.output
    assert path.read_bytes() == before


def test_a_file_that_is_not_sqlite(cli, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Dear diary, today I watched Heat.\n" * 200)
    assert_refused(cli, path, "not a filmlog journal")


def test_someone_elses_database(cli, tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.commit()
    conn.close()
    assert_refused(cli, path, "not a filmlog journal")


def test_a_journal_from_a_newer_filmlog(cli, journal: Path) -> None:
    cli("add", "Heat", ok=True)
    conn = sqlite3.connect(journal)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('filmlog', 'm999_from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    assert_refused(cli, journal, "made by a newer filmlog")


def test_a_truncated_journal(cli, journal: Path) -> None:
    for i in range(40):
        cli("add", f"Film {i}", "--review", "words " * 200, ok=True)
    conn = sqlite3.connect(journal)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = journal.read_bytes()
    journal.write_bytes(data[: len(data) // 3])
    before = journal.read_bytes()
    result = cli("list")
    assert result.exit_code == 1
    assert "damaged" in result.stderr
    assert "filmlog db check" in result.stderr
    assert "Traceback" not in result.output
    assert journal.read_bytes() == before


def test_db_pointing_at_a_folder(cli, tmp_path: Path) -> None:
    result = cli("--db", str(tmp_path), "add", "Heat")
    assert result.exit_code == 1
    assert "is a folder" in result.stderr


@pytest.mark.parametrize("value", ["1", "yes"])
def test_debug_shows_the_traceback(cli, tmp_path: Path, monkeypatch, value: str) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database")
    monkeypatch.setenv("FILMLOG_DEBUG", value)
    with pytest.raises(Exception, match="not a filmlog journal"):
        cli("--db", str(path), "list")


def test_backup_without_a_journal_says_so(cli, journal: Path, tmp_path: Path) -> None:
    result = cli("db", "backup", str(tmp_path / "copy.db"))
    assert result.exit_code == 1
    assert "no journal to back up" in result.stderr
    assert not (tmp_path / "copy.db").exists()


def test_every_folder_filmlog_makes_is_private(cli, tmp_path: Path, monkeypatch) -> None:
    from filmlog.journal.paths import default_journal

    monkeypatch.delenv("FILMLOG_DB", raising=False)
    monkeypatch.setenv("FILMLOG_CONFIG", str(tmp_path / "c1" / "c2" / "config.json"))
    cli("add", "Heat", ok=True)  # the journal in the data folder, made with its folders
    cli("config", "set", "lookup", "false", ok=True)
    data = default_journal().parent
    assert data.stat().st_mode & 0o777 == 0o700
    for folder in ("c1", "c1/c2"):
        assert (tmp_path / folder).stat().st_mode & 0o777 == 0o700, folder


def test_a_journal_in_a_folder_that_is_not_there_is_refused(cli, tmp_path: Path) -> None:
    result = cli("--db", str(tmp_path / "a" / "b" / "j.db"), "add", "Heat")
    assert result.exit_code == 1
    assert f"there is no folder {tmp_path / 'a' / 'b'}" in result.stderr
    assert not (tmp_path / "a").exists()


def test_an_empty_db_option_is_a_usage_error(cli, journal: Path) -> None:
    for args in (["--db", "", "list"], ["list", "--db", ""]):
        result = cli(*args)
        assert result.exit_code == 2
        assert result.stderr.splitlines()[0] == (
            "Error: --db: give the journal's file, e.g. --db ~/films.db"
        )


@pytest.mark.parametrize("value", ["abc", "-1", "nan", "1e9"])
def test_a_busy_timeout_that_is_no_number_is_refused(cli, journal, monkeypatch, value) -> None:
    monkeypatch.setenv("FILMLOG_BUSY_TIMEOUT", value)
    result = cli("add", "Heat")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: FILMLOG_BUSY_TIMEOUT={value!r} is not a number of seconds from 0 to 3600:"
        " unset it, or set it like FILMLOG_BUSY_TIMEOUT=5\n"
    )
    assert not journal.exists()


def test_config_unset_and_set_say_what_they_did(cli, tmp_path, monkeypatch) -> None:
    settings = tmp_path / "config" / "config.json"
    monkeypatch.setenv("FILMLOG_CONFIG", str(settings))
    result = cli("config", "unset", "tmdb-token", ok=True)
    assert result.stderr == f"tmdb-token is not set in {settings}: nothing to remove.\n"
    assert not settings.exists()  # nothing written
    saved = cli("config", "set", "letterboxd-user", "https://letterboxd.com/sdiamond/", ok=True)
    assert saved.stderr == f"Saved letterboxd-user (sdiamond) in {settings}.\n"
    assert json.loads(settings.read_text()) == {"letterboxd-user": "sdiamond"}
    shown = cli("config", "show", "-f", "json", ok=True).stdout
    assert json.loads(shown)["letterboxd-user"]["value"] == "sdiamond"


def _damage_an_index(journal: Path) -> None:
    """Change one key inside an index's page, its table left as it was: the kind of damage
    only SQLite's integrity check sees."""
    conn = sqlite3.connect(journal)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'films_title_key'"
    ).fetchone()[0]
    conn.close()
    data = bytearray(journal.read_bytes())
    start = (root - 1) * page_size
    page = bytes(data[start : start + page_size])
    at = page.rindex(b"heat")
    data[start + at : start + at + 4] = b"hzzz"
    journal.write_bytes(bytes(data))


def test_an_import_into_a_journal_with_a_damaged_index_is_refused(
    cli, journal: Path, tmp_path: Path
) -> None:
    cli("add", "Heat", "-y", "1995", ok=True)
    cli("add", "Alien", "-y", "1979", ok=True)
    _damage_an_index(journal)
    before = journal.read_bytes()
    diary = tmp_path / "diary.csv"
    diary.write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n2024-01-02,Heat,1995,,4,,,2024-01-01\n"
    )
    result = cli("import", "letterboxd", str(diary))
    assert result.exit_code == 1
    assert "damaged" in result.stderr and "db check" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert journal.read_bytes() == before


def test_an_empty_database_of_another_program_is_left_alone(cli, journal: Path) -> None:
    conn = sqlite3.connect(journal)
    conn.execute("PRAGMA application_id = 1234567")
    conn.commit()
    conn.close()
    before = journal.read_bytes()
    for args in (("list",), ("add", "Heat"), ("db", "info"), ("stats",)):
        result = cli(*args)
        assert result.exit_code == 1, (args, result.stdout)
        assert "not a filmlog journal" in result.stderr
    assert journal.read_bytes() == before
