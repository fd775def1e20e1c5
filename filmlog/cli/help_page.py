"""Every `filmlog … --help`, drawn as Typer draws a command's help, without loading
Typer's help module: that module brings Rich's Markdown, Syntax and Traceback (and
pygments) for pages filmlog never shows, a quarter of a help's time.

The styles and rules are Typer's defaults (its usage, text, panels of arguments and
options, command panels, epilog), so each page is the one Typer would draw;
tests/test_help.py compares the two for every command. The command panels are one text
of lines wrapped once, where Typer's are tables that Rich measures cell by cell (for the
root's 22 commands, a sixth of the time).
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
negatives = _Negatives()
metavars = _Types()


def help_console() -> Console:
    """A console as Typer's help prints to (the same environment switches)."""
    from rich.console import Console
    from rich.theme import Theme

    width = os.environ.get("TERMINAL_WIDTH", "")  # (a width that is no number: ignored)
    forced = any(os.environ.get(name) for name in ("GITHUB_ACTIONS", "FORCE_COLOR", "PY_COLORS"))
    return Console(
        theme=Theme(_THEME),
        highlighter=options,
        color_system="auto",
        force_terminal=False if os.environ.get("_TYPER_FORCE_DISABLE_TERMINAL") else forced or None,
        width=int(width) if width.isdigit() and int(width) > 0 else None,
    )


def _text(text: str, style: str = "") -> Text:
    """A help's text with its markup (or its ANSI codes), its options marked."""
    from rich.text import Text

    text = inspect.cleandoc(text)
    if "\033[" in text:
        return options(Text.from_ansi(text, style=style))
    return options(Text.from_markup(text, style=style))


def print_page(command: Any, ctx: Any, panels: dict[str, list[tuple[str, str]]]) -> None:
    """The usage, the command's help, its arguments and options, the panels of its
    commands (a group's) and its epilog, in Typer's order."""
    from rich.align import Align
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    console = help_console()
    console.print(Padding(options(Text(command.get_usage(ctx))), 1), style="bold")
    if command.help:
        said: list[Text] = [Text("(deprecated) ", style="red")] if command.deprecated else []
        first, *rest = inspect.cleandoc(command.help).partition("\f")[0].split("\n\n")
        if not first.startswith("\b"):
            first = first.replace("\n", " ")
        said.append(_text(first.strip()))
        if rest:
            said += [Text(""), _text("\n\n".join(rest), style=_REST)]
        console.print(Padding(Align(Group(*said), pad=False), (0, 1, 1, 1)))
    shown = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    for panel in [*_params_panels(shown, ctx), *command_panels(panels, console)]:
        console.print(panel)
    if command.epilog:
        console.print(Padding(Align(_text(command.epilog), pad=False), 1))


def group_panels(group: Any, ctx: Any) -> dict[str, list[tuple[str, str]]]:
    """A group's commands by help panel: each one's name and the first paragraph of its
    help (the group makes each command to ask it)."""
    panels: dict[str, list[tuple[str, str]]] = {}
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        first = inspect.cleandoc(command.short_help or command.help or "").split("\n\n")[0]
        if first.startswith("\b"):
            first = first.replace("\b\n", "")
        panel = getattr(command, "rich_help_panel", None) or "Commands"
        panels.setdefault(panel, []).append((command.name or "", first.strip()))
    return panels


def _params_panels(params: list[Any], ctx: Any) -> Iterator[RenderableType]:
    """A panel per help panel: the arguments' (`Arguments` first), then the options'
    (`Options` first). Parameters that are not Typer's are not shown, as in Typer."""
    from rich.panel import Panel
    from rich.table import Table
    from typer.core import TyperArgument, TyperOption

    arguments: dict[str, list[Any]] = {"Arguments": []}
    named: dict[str, list[Any]] = {"Options": []}
    for param in params:
        if isinstance(param, TyperArgument):
            into = arguments
        elif isinstance(param, TyperOption):
            into = named
        else:
            continue
        title = getattr(param, "rich_help_panel", None) or next(iter(into))
        into.setdefault(title, []).append(param)
    for title, group in [*arguments.items(), *named.items()]:
        if not group:
            continue
        rows = [_param_row(param, ctx) for param in group]
        if not any(row[0] for row in rows):  # the column of required marks, when needed
            rows = [row[1:] for row in rows]
        table = Table(
            highlight=True, show_header=False, expand=True, box=None, pad_edge=False, padding=(0, 1)
        )
        for row in rows:
            table.add_row(*row)
        yield Panel(table, border_style=_BORDER, title=title, title_align="left")


def _param_row(param: Any, ctx: Any) -> list[RenderableType]:
    """Required mark, long names (an argument's name), short names, their negatives,
    type (and range), help."""
    from rich.text import Text
    from typer._click.types import _NumberRangeBase

    argument = param.param_type_name == "argument"
    label = (param.metavar or param.name or "") if argument else None
    kind = param.make_metavar(ctx=ctx)
    if argument:
        kind = param.type.get_metavar(param=param, ctx=ctx) or f"<{param.type.name}>"

    def split(opts: list[str]) -> tuple[str, str]:
        longs = [o for o in opts if "--" in o]
        shorts = [label or o for o in opts if "--" not in o]
        return ",".join(longs), ",".join(shorts)

    longs, shorts = split(param.opts)
    no_longs, no_shorts = split(param.secondary_opts)
    shown = kind if kind and "bool" not in kind.lower() else ""
    types = Text(shown, style="bold yellow", overflow="fold")
    if isinstance(param.type, _NumberRangeBase) and not argument:
        counted = param.count and param.type.min == 0 and param.type.max is None
        described = None if counted else param.type._describe_range()
        if described:
            types.append(f" [{described}]")
    return [
        Text("*", style="red") if param.required else "",
        options(Text(longs)),
        options(Text(shorts)),
        negatives(Text(no_longs)),
        negatives(Text(no_shorts)),
        metavars(types),
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
    default = param._extract_default_help_str(ctx=ctx)
    given = isinstance(param.show_default, str)
    if given or (default is not None and (param.show_default or ctx.show_default)):
        shown = param._get_default_string(ctx=ctx, show_default_is_str=given, default_value=default)
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
