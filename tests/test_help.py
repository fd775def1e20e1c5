from __future__ import annotations

import pytest
import typer

from filmlog.cli import app


def commands() -> list[list[str]]:
    root = typer.main.get_command(app)
    found = []

    def walk(cmd, path: list[str]) -> None:
        subs = getattr(cmd, "commands", {})
        for name, sub in subs.items():
            if getattr(sub, "commands", None):
                walk(sub, [*path, name])
            else:
                found.append([*path, name])

    walk(root, [])
    return found


@pytest.mark.parametrize("path", commands(), ids=" ".join)
def test_every_command_has_help_with_an_example(cli, path: list[str]) -> None:
    result = cli(*path, "--help", ok=True)
    assert "Example" in result.stdout, f"filmlog {' '.join(path)} --help has no example"


def test_version(cli) -> None:
    from filmlog import __version__

    assert cli("--version", ok=True).stdout.strip() == f"filmlog {__version__}"


def test_no_arguments_shows_help(cli) -> None:
    result = cli()
    assert "Commands" in result.output
