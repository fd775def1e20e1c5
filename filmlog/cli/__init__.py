"""The filmlog command line: a thin layer over the library.

Each command parses its options, calls the library and hands the result to a
renderer; errors become exit codes in ``filmlog.cli.app``. Commands are
loaded when they are run: `filmlog list` imports and builds `list` alone,
which keeps start-up quick as the commands grow.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperCommand

from filmlog.cli.app import FilmlogGroup, app, run

# name: (module, attribute, whether it is a group of commands, help panel, short help)
COMMANDS: dict[str, tuple[str, str, bool, str, str]] = {
    "add": ("entries", "add", False, "Journal", "Log a film you watched."),
    "show": ("browse", "show_film", False, "Journal", "Show a film: its facts, entries, reviews."),
    "list": ("browse", "list_films", False, "Journal", "List the films you have seen."),
    "diary": ("browse", "diary", False, "Journal", "Your viewings, newest first, by month."),
    "edit": ("entries", "edit", False, "Journal", "Change an entry or a film's facts."),
    "rm": ("entries", "rm", False, "Journal", "Remove an entry, or a film with its entries."),
    "search": ("search", "search", False, "Explore", "Search reviews, titles, directors, tags."),
    "stats": ("collections", "stats", False, "Explore", "Your numbers, with bar charts."),
    "report": ("report", "report", False, "Explore", "Your year in film, as a web page."),
    "watchlist": ("collections", "watchlist_app", True, "Explore", "Films you want to see."),
    "lists": ("collections", "lists_app", True, "Explore", "Named, ranked lists of films."),
    "import": ("transfer", "app", True, "Your data", "Bring in Letterboxd, IMDb, JSON."),
    "sync": ("transfer", "sync", False, "Your data", "Bring in your newest Letterboxd entries."),
    "export": ("transfer", "export", False, "Your data", "Export as json, csv, letterboxd, md."),
    "db": ("journal_db", "app", True, "Your data", "Where the journal is; check, back up."),
    "enrich": ("tmdb", "enrich", False, "Your data", "Fill in film facts from TMDb."),
    "config": ("tmdb", "config_app", True, "Your data", "Settings: TMDb, Letterboxd member."),
}


class LazyGroup(FilmlogGroup):
    """The root group: knows its commands by name and builds one only when it is run."""

    listing = False  # set while the root help lists the commands

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        module, attribute, is_group, panel, short_help = COMMANDS[cmd_name]
        if self.listing:
            command = TyperCommand(name=cmd_name, help=short_help)
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
    if is_group:
        group = typer.main.get_group(target)
        group.name = name
        return group
    single = typer.Typer(rich_markup_mode="rich", add_completion=False)
    single.command(name)(target)
    return typer.main.get_command(single)


app.info.cls = LazyGroup


def main() -> None:
    run()


__all__ = ["COMMANDS", "app", "main"]
