"""The `filmlog` process ends as soon as its command has: everything said, its exit code
kept, and without the interpreter's teardown unless something is left to run at exit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import subprocess_env

# Runs filmlog as its command does, with an object whose finalizer says when the
# interpreter's teardown ran; given "atexit", a callback is registered first.
PROBE = """
import sys

class Teardown:
    def __del__(self):
        sys.stderr.write("teardown ran\\n")

probe = Teardown()
if sys.argv[1] == "atexit":
    import atexit
    atexit.register(lambda: sys.stderr.write("callback ran\\n"))
sys.argv = ["filmlog", *sys.argv[2:]]
from filmlog.__main__ import main
main()
"""


def run(*args: str, mode: str = "plain", **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE, mode, *args],
        capture_output=True,
        text=True,
        env=subprocess_env(**env),
        timeout=60,
    )


@pytest.fixture
def long_journal(factory, journal: Path) -> Path:
    for n in range(300):
        factory.log(f"Film {n:03}", 1950 + n % 70, directors="Wong Kar-Wai", tags="night")
    return journal


def test_a_command_ends_without_the_teardown(long_journal: Path) -> None:
    result = run("--db", str(long_journal), "list", "--director", "Wong Kar-Wai")
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 300  # every row said before the end
    assert "teardown ran" not in result.stderr


def test_a_callback_left_for_the_end_runs_as_it_would(long_journal: Path) -> None:
    result = run("--db", str(long_journal), "list", mode="atexit")
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 300
    assert "callback ran" in result.stderr
    assert "teardown ran" in result.stderr  # the usual end, whole


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["show", "No Such Film"], 1),
        (["list", "--rating", "11"], 2),
        (["list", "--no-such-option"], 2),
        (["--version"], 0),
    ],
)
def test_exit_codes_and_messages_are_kept(long_journal: Path, args: list[str], code: int) -> None:
    result = run("--db", str(long_journal), *args)
    assert result.returncode == code
    if code:
        assert result.stderr.startswith("Error: ")
        assert "Traceback" not in result.stderr


def test_piped_output_is_whole(cli, long_journal: Path) -> None:
    """What a pipe receives is all the command wrote (the same as in-process)."""
    result = run("--db", str(long_journal), "diary", "--format", "json")
    assert result.returncode == 0
    assert result.stdout == cli("--db", str(long_journal), "diary", "--format", "json").stdout


def test_a_reader_that_goes_away_is_no_error(long_journal: Path) -> None:
    """`filmlog diary | head -1`: the rest is not wanted; no message, exit 0."""
    script = Path(sys.executable).parent / "filmlog"
    command = f"'{script}'" if script.exists() else f"'{sys.executable}' -m filmlog"
    result = subprocess.run(
        f"{command} --db '{long_journal}' diary --format json | head -c 10",
        shell=True,
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=60,
        executable="/bin/bash",
    )
    assert len(result.stdout) == 10
    assert result.stderr == ""
