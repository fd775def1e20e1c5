"""Every hint a message gives names what exists: an option of the command that said it,
or a command line that parses."""

from __future__ import annotations

import re
import shlex

import pytest
import typer

from filmlog.cli import app

# Commands that fail, each on the journal below, in the ways people make them fail.
FAILING = [
    ["show", "Solaris"],
    ["edit", "Solaris", "-r", "4"],
    ["rm", "Solaris", "--yes"],
    ["rm", "solar", "--yes"],
    ["enrich", "Solaris"],
    ["watchlist", "rm", "Solaris"],
    ["lists", "add", "Best", "Solaris"],
    ["show", "Solyaris"],
    ["add", "Solaris"],
    ["add", "Solari"],
    ["rm", "Heat"],
    ["rm", "--entry", "999", "--yes"],
    ["lists", "show", "nothing"],
    ["watchlist", "pick"],
    ["import", "undo", "--yes"],
    ["import", "undo", "7", "--yes"],
    ["sync"],
    ["sync", "--only", "plex"],
    ["sync", "--only", "jellyfin"],
    ["sync", "--only", "letterboxd-rss"],
    ["export", "json", "-o", "exists.json"],
    ["report", "--year", "1990"],
    ["edit", "--entry", "1", "-y", "1972"],
    ["enrich", "--missing"],
]


def _parses(line: str) -> None:
    words = shlex.split(line.replace("…", ""))
    assert words[0] == "filmlog", line
    root = typer.main.get_command(app)
    ctx = root.make_context("filmlog", words[1:] or ["--help"], resilient_parsing=True)
    names, command = words[1:], root
    while names and hasattr(command, "get_command"):
        sub = command.get_command(ctx, names[0])
        if sub is None:
            break
        command, names = sub, names[1:]
    options = {o for p in command.params for o in p.opts}  # type: ignore[attr-defined]
    for word in names:
        if word.startswith("-") and word not in ("-", "--help"):
            assert word.split("=")[0] in options, f"{line}: {word} is no option"


@pytest.fixture
def made(factory, journal, tmp_path, monkeypatch):
    factory.log("Solaris", 1972, directors="Andrei Tarkovsky")
    factory.log("Solaris", 2002)
    factory.log("Heat", 1995)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "exists.json").write_text("{}")
    monkeypatch.setenv("FILMLOG_CONFIG", str(tmp_path / "config.json"))
    return journal


@pytest.mark.parametrize("args", FAILING, ids=" ".join)
def test_every_hint_names_what_exists(cli, made, args: list[str]) -> None:
    result = cli(*args)
    said = result.stderr + result.stdout
    assert result.exit_code != 0 or said, args
    command = ["filmlog", *[a for a in args if not a.startswith("-")][:2]]
    for line in re.findall(r"`(filmlog [^`]+)`", said):
        _parses(line)
    for option in re.findall(r"(?:add|give|use|give its) (--[a-z-]+)", said):
        root = typer.main.get_command(app)
        cmd = root
        for name in command[1:]:
            sub = getattr(cmd, "get_command", lambda *_: None)(None, name)
            if sub is None:
                break
            cmd = sub
        options = {o for p in cmd.params for o in p.opts}  # type: ignore[attr-defined]
        assert option in options, f"{' '.join(args)} says {option!r}, which it lacks: {said}"
    for quoted in re.findall(r'e\.g\. "([^"]+)"', said):
        again = cli(*[quoted if a == args[1] else a for a in args])
        assert "matches 2 films" not in again.stderr, (args, quoted)
