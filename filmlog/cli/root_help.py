"""The command panels of `filmlog --help`, drawn as Typer draws them, in a fraction of the
time: a panel is one text of lines wrapped once, where Typer's is a table that Rich
measures cell by cell (for 22 commands, a sixth of the help's time).

Typer's own styles and highlighter are used, so the panels stay those of every other help.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.panel import Panel

# A panel's border and the space inside it, each side.
_FRAME = 4
# The space between the column of names and the column of help (Typer's table: one
# cell's right padding and the next one's left).
_GAP = 2


def help_console() -> Console:
    """A console as Typer's help prints to: its styles of options named in a help."""
    from rich.console import Console
    from rich.theme import Theme
    from typer import rich_utils as ru

    styles = {
        "option": ru.STYLE_OPTION,
        "switch": ru.STYLE_SWITCH,
        "negative_option": ru.STYLE_NEGATIVE_OPTION,
        "negative_switch": ru.STYLE_NEGATIVE_SWITCH,
        "types": ru.STYLE_TYPES,
        "types_sep": ru.STYLE_TYPES_SEPARATOR,
        "usage": ru.STYLE_USAGE,
    }
    return Console(
        theme=Theme(styles),
        highlighter=ru.highlighter,
        color_system=ru.COLOR_SYSTEM,
        force_terminal=ru.FORCE_TERMINAL,
        width=ru.MAX_WIDTH,
    )


def command_panels(panels: dict[str, list[tuple[str, str]]], console: Console) -> Iterable[Panel]:
    """A panel per group of (name, one-line help), names in one column as wide as the
    longest of all, helps wrapped beside them to the console's width."""
    from rich.panel import Panel
    from rich.text import Text
    from typer import rich_utils

    name_width = max((len(name) for rows in panels.values() for name, _ in rows), default=0)
    help_width = max(console.width - _FRAME - name_width - _GAP, 1)
    blank = " " * (name_width + _GAP)
    for title, rows in panels.items():
        body = Text(end="", no_wrap=True)  # its lines are wrapped here, once
        for n, (name, line) in enumerate(rows):
            said = rich_utils.highlighter(
                Text.from_markup(line, style=rich_utils.STYLE_OPTION_HELP)
            )
            parts = [said] if said.cell_len <= help_width else said.wrap(console, help_width)
            for k, part in enumerate(parts):
                if n or k:
                    body.append("\n")
                if k:
                    body.append(blank)
                else:
                    # The name's cell, its padding in its style as a table draws it.
                    cell = name.ljust(name_width + _GAP - 1)
                    body.append(cell, style=rich_utils.STYLE_COMMANDS_TABLE_FIRST_COLUMN)
                    body.append(" ")
                body.append_text(part)
        yield Panel(
            body,
            border_style=rich_utils.STYLE_COMMANDS_PANEL_BORDER,
            title=title,
            title_align=rich_utils.ALIGN_COMMANDS_PANEL,
        )
