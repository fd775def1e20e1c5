"""Commands people run all day import only what they use (checked, not timed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import subprocess_env

HEAVY = ("sqlite_utils", "pydantic", "dateparser", "markdownify", "bs4", "jinja2", "mcp", "anyio")


def imported(journal: Path, *args: str, **env: str) -> set[str]:
    script = Path(sys.executable).parent / "filmlog"
    command = [str(script)] if script.exists() else ["-m", "filmlog"]
    result = subprocess.run(
        [sys.executable, "-X", "importtime", *command, "--db", str(journal), *args],
        capture_output=True,
        text=True,
        env=subprocess_env(**env),
        timeout=60,
    )
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


@pytest.fixture
def journal_with_a_film(factory, journal: Path) -> Path:
    factory.log("Chungking Express", 1994, directors="Wong Kar-Wai")
    return journal


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["list"],
        ["list", "--director", "Wong Kar-Wai"],
        ["show", "Chungking"],
        ["diary", "--limit", "20"],
        ["search", "chungking"],
    ],
)
def test_everyday_commands_skip_heavy_imports(journal_with_a_film: Path, args: list[str]) -> None:
    modules = imported(journal_with_a_film, *args)
    assert "filmlog.cli" in modules  # the command did run
    assert not {m for m in modules if m.split(".")[0] in HEAVY}


@pytest.mark.parametrize(
    "args", [["--help"], ["list", "--help"], ["import", "letterboxd", "--help"], ["db", "--help"]]
)
def test_help_skips_typers_help_module(journal_with_a_film: Path, args: list[str]) -> None:
    """Every help is drawn without the module of Typer's that loads Markdown, Syntax,
    Traceback and pygments for pages filmlog never shows."""
    modules = imported(journal_with_a_film, *args)
    assert "filmlog.cli.help_page" in modules  # the page was drawn
    assert not modules & {"typer.rich_utils", "rich.markdown", "rich.syntax", "pygments"}


def test_json_output_does_not_load_rich(journal_with_a_film: Path) -> None:
    modules = imported(journal_with_a_film, "list", "--format", "json")
    assert "filmlog.cli" in modules
    assert not {m for m in modules if m.split(".")[0] == "rich"}


@pytest.mark.parametrize("args", [["list", "--director", "Wong Kar-Wai"], ["diary"]])
def test_piped_listings_load_no_renderer(journal_with_a_film: Path, args: list[str]) -> None:
    """Rows piped on (the test's stdout is no terminal) load neither the Rich renderers
    nor Unicode's tables, which only a terminal's table and non-ASCII text need."""
    modules = imported(journal_with_a_film, *args)
    assert "filmlog.journal.listing" in modules  # the listing was read
    assert not modules & {"filmlog.present.render", "unicodedata"}


def test_title_completion_is_light(journal_with_a_film: Path) -> None:
    script = Path(sys.executable).parent / "filmlog"
    if not script.exists():
        pytest.skip("completion needs the installed filmlog command")
    env = {
        "COMP_WORDS": "filmlog show Chung",
        "COMP_CWORD": "2",
        "_FILMLOG_COMPLETE": "complete_bash",
        "FILMLOG_DB": str(journal_with_a_film),
    }
    result = subprocess.run(
        [str(script)], capture_output=True, text=True, env=subprocess_env(**env), timeout=60
    )
    assert result.stdout == "Chungking\\ Express\n"  # one word to bash
    modules = imported(journal_with_a_film, **env)
    assert not {m for m in modules if m.split(".")[0] in (*HEAVY, "rich")}


def test_install_completion_is_offered(cli) -> None:
    assert "--install-completion" in cli("--help", ok=True).stdout
    assert os.environ.get("_FILMLOG_COMPLETE") is None


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_are_offered(cli, shell: str, monkeypatch) -> None:
    # Typer's switch for naming the shell rather than detecting it from the parent process
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    result = cli("--show-completion", shell)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert "_FILMLOG_COMPLETE" in result.stdout


def test_a_small_import_writes_as_add_does_and_loads_no_sqlite_utils(
    journal_with_a_film: Path, tmp_path: Path
) -> None:
    """A file the journal has, or a sync's few rows: the import's transaction is the
    journal's own (sqlite-utils' atomic() is for an import known to be large)."""
    diary = tmp_path / "diary.csv"
    diary.write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
        "2026-01-02,Heat,1995,https://boxd.it/heat1,4,,,2026-01-01\n"
    )
    for _ in range(2):  # new, then nothing new
        modules = imported(journal_with_a_film, "import", "letterboxd", str(diary))
        assert "filmlog.imports.run" in modules  # the import did run
        assert not {m for m in modules if m.split(".")[0] in HEAVY}
