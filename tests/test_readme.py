"""The README's set-up commands are the ones CI runs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, re.S)


def test_the_readme_gives_exactly_two_commands() -> None:
    commands = setup_commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    assert commands[0].startswith("python -m pip install . && filmlog add ")


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert setup_commands()[1] in ci.splitlines()


def readme_commands() -> list[str]:
    """The filmlog commands of the README's tour and 'Finding things again'."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = []
    for heading in ("## A tour", "### Finding things again"):
        section = readme.split(heading, 1)[1]
        blocks += re.findall(r"```sh\n(.*?)\n```", section, re.S)[:1]
    lines = [line for block in blocks for line in block.splitlines()]
    return [line.split("  #")[0].split(" | ")[0].strip() for line in lines if line]


def test_the_readme_tour_runs(cli, journal: Path, tmp_path: Path, monkeypatch) -> None:
    import shlex

    monkeypatch.chdir(tmp_path)
    (tmp_path / "review.txt").write_text("Two cops, two loves, one snack bar.\n")
    first = setup_commands()[0].split(" && ", 1)[1]  # the film logged at set-up
    commands = [first, *readme_commands()]
    assert len(commands) >= 15
    for line in commands:
        args = shlex.split(line)
        assert args[0] == "filmlog"
        result = cli(*args[1:])
        assert result.exit_code == 0, (line, result.stderr)
    assert (tmp_path / "2025.svg").exists()
    card = cli("show", "chungking", ok=True).stdout
    assert "snack bar" in card and "Watched 1 time:" in card  # logged once, reviewed once
