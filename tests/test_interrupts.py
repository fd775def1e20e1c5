"""Ctrl-C at any moment tells the truth: "nothing was saved" only when nothing was.

A person who reads "nothing was saved" types the command again; if the
commit had landed, the film is then logged twice. Each run presses Ctrl-C in
a real terminal at another moment of an `add` or an import, and what the
message says is checked against what the journal holds.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pexpect
import pytest

from benchmarks.synthetic import write_letterboxd_diary
from tests.conftest import count, subprocess_env


def _spawn(journal: Path, args: list[str]) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "filmlog", "--db", str(journal), *args],
        env=subprocess_env(),
        encoding="utf-8",
        timeout=60,
    )


def _interrupted(journal: Path, args: list[str], after: float) -> tuple[int | None, str]:
    child = _spawn(journal, args)
    early = child.expect([pexpect.EOF, pexpect.TIMEOUT], timeout=after) == 0
    output = child.before or ""
    if not early:
        child.sendintr()
        output += child.read()
    child.close()
    # Killed by the signal itself (the press landed as Python was leaving) is 128 + 2 too.
    code = child.exitstatus if child.exitstatus is not None else 128 + (child.signalstatus or 0)
    return code, output


def _no_traceback_of_ours(output: str) -> None:
    """No traceback from filmlog's code. (A Ctrl-C while Python itself is still starting,
    before filmlog's first line runs, is Python's to report: on a loaded machine that
    window is wide enough for the earliest presses to land in it.)"""
    if "Traceback" in output:
        assert "/filmlog/" not in output.replace("/filmlog/__main__.py", ""), output


def _timed(journal: Path, args: list[str]) -> float:
    """How long the command runs, from its start to its end (not pexpect's wait after it:
    the presses are spread over the run itself)."""
    child = _spawn(journal, args)
    started = time.monotonic()
    child.expect(pexpect.EOF)
    took = time.monotonic() - started
    child.close()
    assert child.exitstatus == 0, child.before
    return took


@pytest.mark.slow
def test_ctrl_c_during_add_says_what_was_saved(journal: Path) -> None:
    duration = _timed(journal, ["add", "Warm-up"])
    saved_said = nothing_said = 0
    for n in range(24):
        before = count(journal, "entries")
        code, output = _interrupted(journal, ["add", f"Film {n}"], duration * n / 18)
        after = count(journal, "entries")
        _no_traceback_of_ours(output)
        if "nothing was saved" in output:
            assert after == before, (n, output)
            assert code == 130
            nothing_said += 1
        elif "Interrupted" in output:
            assert after == before + 1, (n, output)
            assert "saving" in output
            assert code == 130
            saved_said += 1
        else:  # finished before the key, or the key came before filmlog could say anything
            assert after in (before, before + 1), (n, output)
    assert nothing_said, "no Ctrl-C landed before the commit"


@pytest.mark.slow
def test_ctrl_c_during_an_import_says_what_was_saved(journal: Path, tmp_path: Path) -> None:
    diary = tmp_path / "diary.csv"
    write_letterboxd_diary(diary, 3000, 1000)
    assert _interrupted(journal, ["add", "Mine"], 60)[0] == 0
    duration = _timed(journal, ["import", "letterboxd", str(diary), "--dry-run"])
    for fraction in (0.3, 0.7, 0.9, 1.0, 1.1, 1.3):
        before = count(journal, "entries")
        _code, output = _interrupted(
            journal, ["import", "letterboxd", str(diary)], duration * fraction
        )
        after = count(journal, "entries")
        _no_traceback_of_ours(output)
        if "nothing was saved" in output:
            assert after == before, (fraction, output)
        elif "Interrupted" in output:
            assert after > before, (fraction, output)
        if after > before:
            assert _interrupted(journal, ["import", "undo", "--yes"], 60)[0] == 0


def test_ctrl_c_stops_mcp_in_a_terminal_at_once(journal: Path) -> None:
    """The server's reader of stdin waits for a line: Ctrl-C must not wait for one too."""
    child = pexpect.spawn(
        sys.executable,
        ["-m", "filmlog", "--db", str(journal), "mcp"],
        env=subprocess_env(),
        encoding="utf-8",
        timeout=30,
    )
    child.expect("Ctrl-C stops it")
    time.sleep(0.5)
    child.sendintr()
    child.expect(pexpect.EOF, timeout=10)  # no Enter pressed
    child.close()
    assert child.exitstatus == 130
    assert "Interrupted" in (child.before or "")
    _no_traceback_of_ours(child.before or "")


def test_ctrl_c_wrapped_by_python_while_a_module_loads_is_still_ctrl_c() -> None:
    """A press that lands while a class is made comes out as RuntimeError('Error calling
    __set_name__…') caused by the KeyboardInterrupt: still a Ctrl-C, not a traceback."""
    from filmlog.__main__ import _interrupted

    try:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as pressed:
            raise RuntimeError("Error calling __set_name__") from pressed
    except RuntimeError as wrapped:
        assert _interrupted(wrapped)
    assert not _interrupted(RuntimeError("a bug of ours"))
