"""`filmlog --help`, drawn as Typer draws a group's help, without loading Typer's help
module: that module brings Rich's Markdown, Syntax and Traceback (and pygments) for pages
the root never shows, which was a quarter of the help's time.

The styles and rules are Typer's defaults (its usage, text, options table and command
panels), so this page looks as every other command's help; tests/test_help.py compares
the two page for page. The command panels are one text of lines wrapped once, where
Typer's are tables that Rich measures cell by cell (for 22 commands, a sixth of the time).
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from rich.highlighter import RegexHighlighter

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

# A panel's border and the space inside it, each side.
_FRAME = 4
# The space between the column of names and the column of help (Typer's table: one
# cell's right padding and the next one's left).
_GAP = 2

# Typer's help styles (its defaults).
_THEME = {
    "option": "bold cyan",
    "switch": "bold green",
    "negative_option": "bold magenta",
    "negative_switch": "bold red",
    "types": "bold yellow",
    "types_sep": "dim",
    "usage": "yellow",
}
_NAME = "bold cyan"  # a command's name in its panel
_BORDER = "dim"
_REST = "dim"  # the paragraphs after a help's first
_DEFAULT = "dim"
_ENVVAR = "dim yellow"
_REQUIRED = "dim red"


class _Options(RegexHighlighter):
    """Marks `-x` and `--name` in a help, `<type>`, and the usage's label."""

    highlights = [  # noqa: RUF012 (Rich's own way to declare them)
        r"(^|\W)(?P<switch>-\w+)(?![a-zA-Z0-9])",
        r"(^|\W)(?P<option>--[\w-]+)(?![a-zA-Z0-9])",
        r"(?P<types><[^>]+>)",
        r"(?P<usage>Usage: )",
    ]


class _Negatives(RegexHighlighter):
    """An option's `--no-` form."""

    highlights = [  # noqa: RUF012
        r"(^|\W)(?P<negative_switch>-\w+)(?![a-zA-Z0-9])",
        r"(^|\W)(?P<negative_option>--[\w-]+)(?![a-zA-Z0-9])",
    ]


class _Types(RegexHighlighter):
    """The brackets and bars of a metavar such as `[json|csv]`."""

    highlights = [  # noqa: RUF012
        r"^(?P<types_sep>(\[|<))",
        r"(?P<types_sep>\|)",
        r"(?P<types_sep>(\]|>))(\.\.\.)?$",
    ]


options = _Options()


def help_console() -> Console:
    """A console as Typer's help prints to (the same environment switches)."""
    from rich.console import Console
    from rich.theme import Theme

    width = os.environ.get("TERMINAL_WIDTH")
    forced = any(os.environ.get(name) for name in ("GITHUB_ACTIONS", "FORCE_COLOR", "PY_COLORS"))
    return Console(
        theme=Theme(_THEME),
        highlighter=options,
        color_system="auto",
        force_terminal=False if os.environ.get("_TYPER_FORCE_DISABLE_TERMINAL") else forced or None,
        width=int(width) if width else None,
    )


def _text(text: str, style: str = "") -> Text:
    from rich.text import Text

    if "\033[" in text:
        return options(Text.from_ansi(text, style=style))
    return options(Text.from_markup(text, style=style))


def print_page(group: Any, ctx: Any, panels: dict[str, list[tuple[str, str]]]) -> None:
    """The usage, the group's help, its options and the command panels, in Typer's order."""
    from rich.align import Align
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    console = help_console()
    console.print(Padding(options(Text(group.get_usage(ctx))), 1), style="bold")
    if group.help:
        first, *rest = inspect.cleandoc(group.help).partition("\f")[0].split("\n\n")
        if not first.startswith("\b"):
            first = first.replace("\n", " ")
        said = [_text(first.strip())]
        if rest:
            said += [Text(""), _text("\n\n".join(rest), style=_REST)]
        console.print(Padding(Align(Group(*said), pad=False), (0, 1, 1, 1)))
    shown = [p for p in group.get_params(ctx) if not getattr(p, "hidden", False)]
    for panel in [*_options_panels(shown, ctx), *command_panels(panels, console)]:
        console.print(panel)


def _options_panels(params: list[Any], ctx: Any) -> Iterator[RenderableType]:
    """A panel of options per help panel, `Options` first. (The root takes no arguments,
    and none of its options is a range: the page drawn here draws what it has.)"""
    from rich.panel import Panel
    from rich.table import Table

    named: dict[str, list[Any]] = {"Options": []}
    for param in params:
        named.setdefault(getattr(param, "rich_help_panel", None) or "Options", []).append(param)
    for title, group in named.items():
        if not group:
            continue
        rows = [_option_row(param, ctx) for param in group]
        if not any(row[0] for row in rows):
            rows = [row[1:] for row in rows]
        table = Table(
            highlight=True, show_header=False, expand=True, box=None, pad_edge=False, padding=(0, 1)
        )
        for row in rows:
            table.add_row(*row)
        yield Panel(table, border_style=_BORDER, title=title, title_align="left")


def _option_row(param: Any, ctx: Any) -> list[RenderableType]:
    """Required mark, long names, short names, their negatives, type, help."""
    from rich.text import Text

    def split(opts: list[str]) -> tuple[str, str]:
        return ",".join(o for o in opts if "--" in o), ",".join(o for o in opts if "--" not in o)

    longs, shorts = split(param.opts)
    no_longs, no_shorts = split(param.secondary_opts)
    kind = param.make_metavar(ctx=ctx)
    shown = kind if kind and "bool" not in kind.lower() else ""
    types = Text(shown, style="bold yellow", overflow="fold")
    negatives = _Negatives()
    return [
        Text("*", style="red") if param.required else "",
        options(Text(longs)),
        options(Text(shorts)),
        negatives(Text(no_longs)),
        negatives(Text(no_shorts)),
        _Types()(types),
        _param_help(param, ctx),
    ]


def _param_help(param: Any, ctx: Any) -> RenderableType:
    """An option's help, then its environment variable, default and whether it is required."""
    from rich.columns import Columns
    from rich.text import Text

    items: list[RenderableType] = []
    envvar = getattr(param, "envvar", None)
    if envvar is None and getattr(param, "allow_from_autoenv", None):
        prefix = getattr(ctx, "auto_envvar_prefix", None)
        if prefix is not None and param.name is not None:
            envvar = f"{prefix}_{param.name.upper()}"
    if getattr(param, "help", None):
        paragraphs = [
            f"{p.strip(chr(8) + chr(10))}\n" if p.startswith("\b") else p.replace("\n", " ").strip()
            for p in param.help.split("\n\n")
        ]
        items.append(_text("\n".join(paragraphs).strip()))
    if envvar and getattr(param, "show_envvar", None):
        names = envvar if isinstance(envvar, str) else ", ".join(str(e) for e in envvar)
        items.append(Text(f"[env var: {names}]", style=_ENVVAR))
    if hasattr(param, "_extract_default_help_str"):
        default = param._extract_default_help_str(ctx=ctx)
        given = isinstance(param.show_default, str)
        if given or (default is not None and (param.show_default or ctx.show_default)):
            shown = param._get_default_string(
                ctx=ctx, show_default_is_str=given, default_value=default
            )
            if shown:
                items.append(Text(f"[default: {shown}]", style=_DEFAULT))
    if param.required:
        items.append(Text("[required]", style=_REQUIRED))
    return Columns(items)


def command_panels(panels: dict[str, list[tuple[str, str]]], console: Console) -> Iterable[Any]:
    """A panel per group of (name, one-line help), names in one column as wide as the
    longest of all, helps wrapped beside them to the console's width."""
    from rich.panel import Panel
    from rich.text import Text

    name_width = max((len(name) for rows in panels.values() for name, _ in rows), default=0)
    help_width = max(console.width - _FRAME - name_width - _GAP, 1)
    for title, rows in panels.items():
        body = Text(end="", no_wrap=True)  # its lines are wrapped here, once
        for n, (name, line) in enumerate(rows):
            said = _text(line)
            parts = [said] if said.cell_len <= help_width else said.wrap(console, help_width)
            for k, part in enumerate(parts):
                if n or k:
                    body.append("\n")
                # The name's cell and its right padding in its style (one blank on a
                # wrapped line), then the help's left padding, as a table draws them.
                if k:
                    body.append(" " * (name_width + 1), style=_NAME)
                else:
                    body.append(name.ljust(name_width), style=_NAME)
                    body.append(" ", style=_NAME)
                body.append(" ")
                body.append_text(part)
        yield Panel(body, border_style=_BORDER, title=title, title_align="left")
