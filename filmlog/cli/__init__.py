"""The filmlog command line: a thin layer over the library.

Each command parses its options, calls the library and hands the result to a
renderer; errors become exit codes in ``filmlog.cli.app``. Commands are
loaded when they are run: `filmlog list` imports and builds `list` alone,
which keeps start-up quick as the commands grow.
"""

from __future__ import annotations

import copy
import importlib
import inspect
from typing import Any

import typer
from typer.core import TyperCommand

from filmlog.cli.app import FilmlogGroup, TyperHelpCommand, TyperHelpGroup, app, run

# name: (module, attribute, whether it is a group of commands, help panel).
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


# Each command's one-line help, as the root help lists it: the first line of the command's
# own help (tests/test_help.py holds them together), kept here so that listing the
# commands loads none of them.
SUMMARIES: dict[str, str] = {
    "add": "Log a film you watched.",
    "show": "Show a film: its facts, every entry, and your reviews.",
    "list": "List the films you have seen, one row per film. Filters combine with AND.",
    "diary": "Your viewings, newest first, grouped by month. Filters combine with AND.",
    "edit": "Change an entry (the film's latest, or --entry ID) or the film's facts.",
    "rm": "Remove an entry (--entry ID), or a film with all its entries (TITLE).",
    "search": "Search your reviews, titles, directors and tags, best matches first.",
    "stats": "Your numbers: films, hours, ratings, months, decades, directors, tags, favourites.",
    "report": "Your year in film (or all time) as one web page: numbers, charts, reviews.",
    "watchlist": "Films you want to see; `filmlog watchlist` alone lists them.",
    "next": "What to watch next: your watchlist ranked by what your own ratings say you like.",
    "lists": "Named, ranked lists of films; `filmlog lists` alone lists them.",
    "tags": "Your tags and how many viewings have each; `filmlog tags` alone lists them.",
    "import": "Bring in your history: Letterboxd, IMDb, Trakt, Netflix, spreadsheets, servers.",
    "sync": "Bring in what is new from your feed, your media servers and your other machines.",
    "export": "Export the journal: json (lossless), csv, letterboxd (for its importer), markdown.",
    "duplicates": "Films that are probably one film, and viewings probably one viewing, with why.",
    "merge": "Make one film of several (or one viewing of several), keeping everything of each.",
    "db": "The journal file: where it is and what it holds.",
    "enrich": (
        "Fill in directors, original title, runtime, genres, countries and IMDb id from TMDb."
    ),
    "config": "Your settings: TMDb token, lookups on add, the feed and media servers to sync.",
    "mcp": "Serve your journal to an assistant: a Model Context Protocol server on stdio.",
}


class LazyGroup(FilmlogGroup):
    """The root group: knows its commands by name and builds one only when it is run."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        module, attribute, is_group, panel = COMMANDS[cmd_name]
        target = getattr(importlib.import_module(f"filmlog.cli.{module}"), attribute)
        command = _click_command(cmd_name, target, is_group)
        command.rich_help_panel = panel
        return command

    def help_panels(self, ctx: Any) -> dict[str, list[tuple[str, str]]]:
        """Each command's line from SUMMARIES: listing them makes none of them."""
        panels: dict[str, list[tuple[str, str]]] = {}
        for name, (*_, panel) in COMMANDS.items():
            panels.setdefault(panel, []).append((name, SUMMARIES[name]))
        return panels


def _click_command(name: str, target: Any, is_group: bool) -> Any:
    command: Any
    if is_group:
        command = _lazy_group(target)
        command.name = name
    else:
        single = typer.Typer(rich_markup_mode="rich", add_completion=False)
        single.command(name, cls=TyperHelpCommand)(target)
        command = typer.main.get_command(single)
    return _reflowed(command)


class _Subcommands(TyperHelpGroup):
    """A group of commands that makes one when it is asked for: Typer would make every one
    of them to run one, reading each function's parameters twice."""

    made_from: dict[str, Any]  # the commands' infos by name
    markup: Any = "rich"

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.made_from)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        info = self.made_from.get(cmd_name)
        if info is None:
            return None
        single = typer.Typer(rich_markup_mode=self.markup, add_completion=False)
        if info.cls in (None, TyperCommand):  # (a command of its own class keeps it)
            info = copy.copy(info)
            info.cls = TyperHelpCommand
        single.registered_commands = [info]
        return _reflowed(typer.main.get_command(single))


def _lazy_group(target: typer.Typer) -> Any:
    """The group of a Typer app of commands (its callback and options as Typer makes them),
    each command made when asked; an app with a group class of its own is left to it."""
    if not target.registered_commands or target.registered_groups:
        return typer.main.get_group(target)
    shell = copy.copy(target)
    shell.registered_commands = []
    shell.info = copy.copy(target.info)
    shell.info.cls = _Subcommands
    group: Any = typer.main.get_group(shell)
    group.made_from = {
        typer.main.get_command_name(info.name or getattr(info.callback, "__name__", "") or ""): info
        for info in target.registered_commands
    }
    group.markup = target.rich_markup_mode
    return group


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
