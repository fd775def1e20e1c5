from __future__ import annotations

import itertools

import pytest
import typer

from filmlog.cli import app


def commands() -> list[list[str]]:
    root = typer.main.get_command(app)
    found = []
    for name in root.list_commands(None):
        command = root.get_command(None, name)
        # a group's own list: `import` makes each source's command only when asked
        subs = command.list_commands(None) if hasattr(command, "list_commands") else []
        found += [[name, sub] for sub in subs] if subs else [[name]]
    return found


def test_every_command_is_listed_and_loads() -> None:
    from filmlog.cli import COMMANDS

    assert {path[0] for path in commands()} == set(COMMANDS)
    assert len(commands()) >= 25


@pytest.mark.parametrize("name", ["watchlist", "lists", "tags", "db", "config"])
def test_a_group_makes_only_the_command_asked_for_and_makes_it_as_typer_does(name) -> None:
    """Typer makes every command of a group to run one of them; filmlog's groups make the
    one asked for, the same command (name, help, options, panel) in the same order."""
    import importlib

    from filmlog.cli import COMMANDS, _lazy_group

    module, attribute, is_group, _ = COMMANDS[name]
    assert is_group
    target = getattr(importlib.import_module(f"filmlog.cli.{module}"), attribute)
    eager, lazy = typer.main.get_group(target), _lazy_group(target)
    assert lazy.commands == {}  # nothing made until asked
    assert lazy.list_commands(None) == eager.list_commands(None)
    assert [p.name for p in lazy.params] == [p.name for p in eager.params]
    for sub in eager.list_commands(None):
        made, typers = lazy.get_command(None, sub), eager.get_command(None, sub)
        assert (made.name, made.rich_help_panel, made.hidden) == (
            typers.name,
            typers.rich_help_panel,
            typers.hidden,
        )
        assert [(p.name, p.opts) for p in made.params] == [(p.name, p.opts) for p in typers.params]
        assert made.help.split()[:6] == typers.help.split()[:6]
    assert lazy.get_command(None, "nothing-so-named") is None


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


def _clicks() -> list[tuple[list[str], object]]:
    root = typer.main.get_command(app)
    found = []
    for name in root.list_commands(None):
        command = root.get_command(None, name)
        found.append(([name], command))
        for sub, subcommand in getattr(command, "commands", {}).items():
            found.append(([name, sub], subcommand))
    return found


def test_every_option_has_help_and_only_the_root_offers_completion() -> None:
    for path, command in _clicks():
        for param in command.params:  # type: ignore[attr-defined]
            if param.param_type_name == "option":
                assert param.help, f"filmlog {' '.join(path)} {param.opts[0]} has no help"
                assert "--install-completion" not in param.opts, path
                assert "--show-completion" not in param.opts, path


def test_the_root_lists_each_command_by_its_own_help(cli) -> None:
    listed = cli("--help", ok=True, width=200).stdout
    for path, command in _clicks():
        if len(path) == 1:
            first = (command.help or "").strip().splitlines()[0]  # type: ignore[attr-defined]
            assert first in listed, (path, first)


@pytest.mark.parametrize("columns", ["60", "80"])
def test_help_lines_are_never_cut_mid_word(cli, monkeypatch, columns: str) -> None:
    import re

    monkeypatch.setenv("COLUMNS", columns)
    shown = cli("--help", ok=True).stdout
    words = set(re.findall(r"[\w'-]+", shown))
    for path, command in _clicks():
        if len(path) == 1:
            first = (command.help or "").strip().splitlines()[0]  # type: ignore[attr-defined]
            for word in re.findall(r"[\w'-]+", first):
                assert word in words, (columns, path, word)
    if columns == "80":
        assert "…" not in shown


def _page(path: list[str], drawn_by_typer: bool) -> None:
    """The help of `filmlog PATH`, drawn by filmlog or by Typer's own help module."""
    from typer import rich_utils
    from typer._click import Context

    from filmlog.cli.app import TyperHelp

    command = typer.main.get_command(app)
    ctx = Context(command, info_name="filmlog")
    for name in path:
        command = command.get_command(ctx, name)
        ctx = Context(command, info_name=name, parent=ctx)
    if drawn_by_typer:
        rich_utils.rich_format_help(obj=command, ctx=ctx, markup_mode="rich")
    else:
        assert isinstance(command, TyperHelp), path  # (drawn by filmlog, not Typer)
        command.format_help(ctx, None)


@pytest.mark.parametrize(
    ("path", "columns", "color"),
    [([], columns, color) for columns in (40, 60, 80, 100, 150) for color in (False, True)]
    + [(path, columns, False) for path in commands() for columns in (60, 120)]
    + [(path, 100, True) for path in commands()]
    + [([group], 80, False) for group in ("import", "lists", "watchlist", "tags", "db", "config")],
    ids=lambda v: " ".join(v) if isinstance(v, list) else str(v),
)
def test_every_help_is_the_page_typer_draws(monkeypatch, capsys, path, columns, color) -> None:
    """filmlog draws each help itself (without Typer's help module, for speed): it is
    Typer's page, byte for byte, plain and in colour."""
    from typer import rich_utils  # (before the environment below: it reads it once)

    monkeypatch.setenv("COLUMNS", str(columns))
    for name in ("NO_COLOR", "FORCE_COLOR", "TERMINAL_WIDTH", "_TYPER_FORCE_DISABLE_TERMINAL"):
        monkeypatch.delenv(name, raising=False)
    if color:
        monkeypatch.setenv("FORCE_COLOR", "1")
    # (Typer's module reads these once, when first imported: as the environment says now.)
    monkeypatch.setattr(rich_utils, "FORCE_TERMINAL", True if color else None)
    monkeypatch.setattr(rich_utils, "MAX_WIDTH", None)
    capsys.readouterr()
    _page(path, drawn_by_typer=False)
    ours = capsys.readouterr().out
    _page(path, drawn_by_typer=True)
    typers = capsys.readouterr().out
    assert ours == typers
    assert "Usage: " in ours and "Options" in ours
    assert ("\x1b[" in ours) is color


def test_v_is_the_version(cli) -> None:
    assert cli("-V", ok=True).stdout.startswith("filmlog ")


@pytest.mark.parametrize(
    ("args", "first"),
    [
        (
            ["list", "--sort", "x"],
            "Error: --sort must be one of title, year, rating, watched, director (not 'x')",
        ),
        (["list", "--year", "abc"], "Error: --year must be a whole number (not 'abc')"),
        (["list", "--limit", "-3"], "Error: --limit must be 0 or more (not -3)"),
        (["show"], "Error: missing the argument TITLE"),
        (["lisst"], "Error: no such command 'lisst' (did you mean list or lists?)"),
        (["lists", "ad"], "Error: no such command 'ad' (did you mean add?)"),
        (["import", "letterbox"], "Error: no such command 'letterbox' (did you mean letterboxd"),
        (["list", "--frmat", "json"], "Error: no such option --frmat (did you mean --format"),
    ],
)
def test_a_usage_error_is_one_line_and_the_usage(cli, args, first) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and lines[0].startswith(first), result.stderr
    assert lines[1].startswith("Usage: filmlog") and "--help for more" in lines[1]
    assert "╭" not in result.stderr


def test_a_bare_watchlist_lists_it(cli, journal) -> None:
    cli("watchlist", "add", "Ran", "-y", "1985", ok=True)
    assert cli("watchlist", ok=True).stdout == cli("watchlist", "list", ok=True).stdout
    assert cli("watchlist", ok=True).stdout.startswith("Ran\t1985")


def test_each_import_commands_first_line_of_help_is_one_line():
    """The first paragraph is the command's line in `filmlog import --help`: one line."""
    from filmlog.imports.registry import sources

    for source in sources().values():
        first = source.help.strip().split("\n\n")[0]
        assert "\n" not in first and len(first) <= 90, source.name


@pytest.mark.parametrize("path", commands(), ids=" ".join)
def test_help_paragraphs_are_wrapped_by_the_terminal_not_the_docstring(cli, path) -> None:
    """Each paragraph of a command's help is one line on a terminal wide enough for it: a
    docstring's own line breaks would break sentences again on a narrower one."""
    text = cli(*path, "--help", ok=True, width=1000).stdout
    description = text.split("╭")[0].splitlines()
    for before, after in itertools.pairwise(description):
        assert not (before.strip() and after.strip()), (before, after)
