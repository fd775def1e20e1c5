from __future__ import annotations

import pytest
import typer

from filmlog.cli import app


def commands() -> list[list[str]]:
    root = typer.main.get_command(app)
    found = []
    for name in root.list_commands(None):
        command = root.get_command(None, name)
        subs = getattr(command, "commands", {})
        found += [[name, sub] for sub in subs] if subs else [[name]]
    return found


def test_every_command_is_listed_and_loads() -> None:
    from filmlog.cli import COMMANDS

    assert {path[0] for path in commands()} == set(COMMANDS)
    assert len(commands()) >= 25


@pytest.mark.parametrize("path", commands(), ids=" ".join)
def test_every_command_has_help_with_an_example(cli, path: list[str]) -> None:
    result = cli(*path, "--help", ok=True)
    assert "Example" in result.stdout, f"filmlog {' '.join(path)} --help has no example"


def test_version(cli) -> None:
    from filmlog import __version__

    assert cli("--version", ok=True).stdout.strip() == f"filmlog {__version__}"


def test_no_arguments_shows_help(cli) -> None:
    result = cli()
    assert "Journal" in result.output and "search" in result.output
