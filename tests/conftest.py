from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from filmlog.cli import app
from tests.factory import JournalFactory
from tests.fake_tmdb import TOKEN, FakeTmdb

# CI explores the same examples on every run, so a red build always means a
# change broke something; local runs keep drawing new ones to find new bugs.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_REVIEW = SHARED / "seeds" / "chungking-express-review.txt"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own journal and data folder; real ones are never touched."""
    journal = tmp_path / "journal.db"
    monkeypatch.setenv("FILMLOG_DB", str(journal))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    # No test reaches the internet: TMDb lookups go to a port where nothing listens
    # unless a test starts the fake TMDb on 127.0.0.1.
    monkeypatch.setenv("FILMLOG_TMDB_URL", "http://127.0.0.1:9/3")
    monkeypatch.setenv("FILMLOG_LETTERBOXD_URL", "http://127.0.0.1:9")
    for var in (
        "FILMLOG_DEBUG",
        "VISUAL",
        "EDITOR",
        "FORCE_COLOR",
        "FILMLOG_CONFIG",
        "FILMLOG_TMDB_TOKEN",
        "FILMLOG_BUSY_TIMEOUT",
        "FILMLOG_MAX_PAGE_COUNT",
        "FILMLOG_LETTERBOXD_USER",
        "BROWSER",
    ):
        monkeypatch.delenv(var, raising=False)
    return journal


@pytest.fixture
def journal(isolated: Path) -> Path:
    return isolated


@pytest.fixture
def factory(journal: Path) -> JournalFactory:
    """Builds the test's journal through the store: factory.log("Heat", 1995, rating="4")."""
    return JournalFactory(journal)


@pytest.fixture
def tmdb(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeTmdb]:
    """TMDb's stand-in on 127.0.0.1, with filmlog pointed at it and a token set."""
    fake = FakeTmdb()
    monkeypatch.setenv("FILMLOG_TMDB_URL", fake.url)
    monkeypatch.setenv("FILMLOG_TMDB_TOKEN", TOKEN)
    monkeypatch.setenv("FILMLOG_CONFIG", str(tmp_path / "config" / "config.json"))
    yield fake
    fake.close()


@pytest.fixture
def cli() -> Callable[..., object]:
    runner = CliRunner()

    def run(
        *args: str, input: str | None = None, ok: bool | None = None, width: int | None = None
    ) -> object:
        env = {"COLUMNS": str(width)} if width else None
        result = runner.invoke(app, list(args), input=input, catch_exceptions=False, env=env)
        if ok is True:
            assert result.exit_code == 0, (result.stdout, result.stderr)
        return result

    return run


def rows(path: Path, sql: str, *params: object) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def count(path: Path, table: str) -> int:
    if not path.exists():
        return 0
    return rows(path, f"SELECT count(*) FROM {table}")[0][0]


def nothing_new(summary: dict) -> bool:
    """An import summary (JSON) of an import that changed nothing: recorded, all skipped."""
    return summary["import_id"] is not None and all(
        not c["added"] and not c["updated"] for c in summary["counts"].values()
    )


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VISUAL", "EDITOR")}
    env.update(extra)
    return env


@pytest.fixture
def seed_review() -> Path:
    if not SEED_REVIEW.exists():
        pytest.skip("the shared seed review is not here")
    return SEED_REVIEW
