"""The filmlog command line: a thin layer over the library.

Each command parses its options, calls the library and hands the result to a
renderer; errors become exit codes in ``filmlog.cli.app``. Commands are
loaded when they are run: `filmlog list` imports and builds `list` alone,
which keeps start-up quick as the commands grow.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperCommand

from filmlog.cli.app import FilmlogGroup, app, run

# name: (module, attribute, whether it is a group of commands, help panel). Each command's
# one-line help is the first line of its own help, read from its module's text when the
# root help lists the commands (importing them all would cost that help a third of its time).
COMMANDS: dict[str, tuple[str, str, bool, str]] = {
    "add": ("entries", "add", False, "Journal"),
    "show": ("browse", "show_film", False, "Journal"),
    "list": ("browse", "list_films", False, "Journal"),
    "diary": ("browse", "diary", False, "Journal"),
    "edit": ("edit_entry", "edit", False, "Journal"),
    "rm": ("entries", "rm", False, "Journal"),
    "search": ("search", "search", False, "Explore"),
    "stats": ("collections", "stats", False, "Explore"),
    "report": ("report", "report", False, "Explore"),
    "watchlist": ("collections", "watchlist_app", True, "Explore"),
    "next": ("suggestions", "next_film", False, "Explore"),
    "lists": ("collections", "lists_app", True, "Explore"),
    "tags": ("tagging", "tags_app", True, "Explore"),
    "import": ("imports", "app", True, "Your data"),
    "sync": ("syncing", "sync", False, "Your data"),
    "export": ("exports", "export", False, "Your data"),
    "duplicates": ("mend", "duplicates", False, "Your data"),
    "merge": ("mend", "merge", False, "Your data"),
    "db": ("journal_db", "app", True, "Your data"),
    "enrich": ("tmdb", "enrich", False, "Your data"),
    "config": ("tmdb", "config_app", True, "Your data"),
    "mcp": ("assistant", "mcp", False, "Your data"),
}


def short_help(module: str, attribute: str, is_group: bool) -> str:
    """The first line of a command's help, as its module holds it: a function's docstring,
    a group's help= (or its callback's docstring)."""
    source = Path(__file__).with_name(f"{module}.py").read_text(encoding="utf-8")
    if is_group:
        made = re.search(rf"^{attribute} = typer\.Typer\((.*?)^\)", source, re.S | re.M)
        given = re.search(r'help="([^"]*)"', made[1]) if made else None
        if given:
            return given[1]
        start = source.index(f"@{attribute}.callback(")
    else:
        start = source.index(f"\ndef {attribute}(")
    doc = re.compile(r'"""(.*?)$', re.M).search(source, start)
    return doc[1].strip() if doc else ""


class LazyGroup(FilmlogGroup):
    """The root group: knows its commands by name and builds one only when it is run."""

    listing = False  # set while the root help lists the commands

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        module, attribute, is_group, panel = COMMANDS[cmd_name]
        if self.listing:
            line = short_help(module, attribute, is_group)
            command = TyperCommand(name=cmd_name, help=line, short_help=line)
        else:
            target = getattr(importlib.import_module(f"filmlog.cli.{module}"), attribute)
            command = _click_command(cmd_name, target, is_group)
        command.rich_help_panel = panel
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False


def _click_command(name: str, target: Any, is_group: bool) -> Any:
    command: Any
    if is_group:
        command = typer.main.get_group(target)
        command.name = name
    else:
        single = typer.Typer(rich_markup_mode="rich", add_completion=False)
        single.command(name)(target)
        command = typer.main.get_command(single)
    return _reflowed(command)


def _reflowed(command: Any) -> Any:
    """The command's help with each paragraph one line, for the terminal to wrap: Typer
    keeps a docstring's line breaks, which a narrower terminal breaks again mid-sentence."""
    if command.help:
        paragraphs = inspect.cleandoc(command.help).split("\n\n")
        command.help = "\n\n".join(
            p if p.startswith("\b") else " ".join(p.split("\n")) for p in paragraphs
        )
    for sub in getattr(command, "commands", {}).values():
        _reflowed(sub)
    return command


app.info.cls = LazyGroup


def main() -> None:
    run()


__all__ = ["COMMANDS", "app", "main"]
