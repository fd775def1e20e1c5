"""Whatever arguments people type, filmlog answers with an exit code, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from filmlog.cli import app

WORDS = [
    "add",
    "show",
    "list",
    "diary",
    "edit",
    "rm",
    "db",
    "path",
    "info",
    "check",
    "backup",
    "import",
    "letterboxd",
    "imdb",
    "json",
    "undo",
    "export",
    "csv",
    "markdown",
    "--year",
    "-y",
    "--director",
    "-d",
    "--rating",
    "-r",
    "--watched",
    "-w",
    "--review",
    "--review-file",
    "--edit",
    "-e",
    "--tag",
    "-t",
    "--rewatch",
    "--liked",
    "--spoilers",
    "--format",
    "-f",
    "table",
    "--sort",
    "rating",
    "title",
    "--reverse",
    "--limit",
    "-n",
    "--decade",
    "1990s",
    "--min-rating",
    "--max-rating",
    "--unrated",
    "--genre",
    "--watched-since",
    "--watched-until",
    "--since",
    "--until",
    "--on-this-day",
    "--entry",
    "--yes",
    "--dry-run",
    "--force",
    "-o",
    "--db",
    "--debug",
    "--help",
    "--version",
    "--title",
    "--runtime",
    "--imdb",
    "--no-tags",
    "--original-title",
    "search",
    "stats",
    "--svg",
    "watchlist",
    "pick",
    "--seed",
    "lists",
    "enrich",
    "--all",
    "--missing",
    "--refresh",
    "config",
    "set",
    "unset",
    "tmdb-token",
    "lookup",
    "--lookup",
    "--repair",
    "neon*",
    '"two words"',
    "Heat",
    "Solaris",
    "chungking",
    "Solaris (1972)",
    "4.5",
    "★★★★½",
    "9/10",
    "6",
    "0",
    "-1",
    "1e9",
    "yesterday",
    "2026-13-40",
    "unknown",
    "-",
    "",
    " ",
    "'; DROP TABLE films; --",
    "\x00",
    "\x1b[31m",
    "重慶森林",
    "..",
    "/",
    "/nonexistent/file.csv",
    "999999999999999999999",
]

arguments = st.lists(
    st.one_of(st.sampled_from(WORDS), st.text(max_size=12)),
    min_size=0,
    max_size=8,
)


@pytest.fixture
def journal_with_films(factory, journal: Path, tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)  # backups and exports named at random land here
    monkeypatch.setenv("EDITOR", "true")
    factory.log("Heat", 1995, directors="Michael Mann", rating="4.5")
    factory.log("Solaris", 1972, review="Slow.")
    factory.log("Solaris", 2002)
    return journal


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(args=arguments)
def test_random_arguments_never_show_a_traceback(journal_with_films: Path, args: list[str]):
    if "--debug" in args:
        args = [a for a in args if a != "--debug"]  # --debug is asked to show tracebacks
    result = CliRunner().invoke(app, args, input="", catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        repr(result.exception),
    )
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["--db", "\x00"],
        ["list", "--db", "\x00"],
        ["import", "letterboxd", "\x00"],
        ["export", "json", "-o", "a\x00b"],
        ["stats", "--svg", "\x00"],
    ],
)
def test_a_nul_byte_in_a_path_is_a_usage_error(cli, args: list[str]) -> None:
    result = CliRunner().invoke(app, args, catch_exceptions=True)
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
