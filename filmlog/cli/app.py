"""The root command, and the one place where errors become messages and exit codes."""

import errno
import os
import re
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from filmlog import __version__
from filmlog.cli.common import DbOption, debug_enabled, say
from filmlog.values.errors import FilmlogError

INTERRUPTED = 130
MAX_MESSAGE = 1000


class TyperHelp:
    """Draws its `--help` as Typer draws it, without Typer's help module (cli/help_page)."""

    rich_markup_mode: Any

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from typer.core import HAS_RICH

        if not HAS_RICH or self.rich_markup_mode != "rich":
            return super().format_help(ctx, formatter)  # type: ignore[misc]
        from filmlog.cli.help_page import print_page

        print_page(self, ctx, self.help_panels(ctx))
        return None

    def help_panels(self, ctx: Any) -> dict[str, list[tuple[str, str]]]:
        """The panels of its commands (a group's): none for a command."""
        return {}


class TyperHelpGroup(TyperHelp, TyperGroup):
    """A group whose help is drawn by cli/help_page, its commands' panels included."""

    def help_panels(self, ctx: Any) -> dict[str, list[tuple[str, str]]]:
        from filmlog.cli.help_page import group_panels

        return group_panels(self, ctx)


class TyperHelpCommand(TyperHelp, TyperCommand):
    """A command whose help is drawn by cli/help_page."""


class FilmlogGroup(TyperHelpGroup):
    """Runs a command and reports what went wrong in one line, never a traceback.

    Set FILMLOG_DEBUG=1 (or pass --debug) to see the traceback instead.
    """

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except ValueError as exc:  # e.g. a NUL byte in a path, which os.stat refuses
            raise typer.BadParameter(f"invalid value: {exc}") from None

    def _main_shell_completion(
        self, ctx_args: Any, prog_name: str, complete_var: Any = None
    ) -> None:
        # The shell asks by an environment variable (Typer's name for it); any other
        # run loads nothing of completion.
        if os.environ.get(complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()):
            from filmlog.cli.completion import register

            register()
        super()._main_shell_completion(ctx_args, prog_name, complete_var)

    def main(self, *args: Any, standalone_mode: bool = True, **extra: Any) -> Any:
        """Click's main, with usage errors said as filmlog says every error: one line,
        then the usage (Typer would draw a box of five lines)."""
        from typer import Abort
        from typer._click.exceptions import ClickException

        try:
            code = super().main(*args, **{**extra, "standalone_mode": False})
        except ClickException as exc:
            if exc.format_message().strip():  # no words: the help was the answer (bare group)
                say_usage_error(exc)
            code = exc.exit_code
        except Abort:
            say(interrupted())
            code = INTERRUPTED
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except typer.Abort:  # Ctrl-C (or the end of input) at a question
            say(interrupted())
            raise typer.Exit(INTERRUPTED) from None
        except (typer.Exit, typer.TyperException):
            raise
        except BaseException as exc:
            if isinstance(exc, SystemExit) or debug_enabled(ctx):
                raise
            code = report(exc, (ctx.obj or {}).get("path"))
            raise typer.Exit(code) from None


def interrupted() -> str:
    """What Ctrl-C left: nothing, or a change already committed (run again, it would be
    made twice)."""
    db = sys.modules.get("filmlog.journal.db")  # not loaded: nothing was written
    if db is not None and db.COMMITTED[0]:
        return "Interrupted after saving: the change is in the journal; do not run it again."
    return "Interrupted: nothing was saved."


def say_usage_error(exc: Any) -> None:
    """A usage error in one line, then the usage of the command and where its help is."""
    ctx = getattr(exc, "ctx", None)
    say(f"Error: {usage_message(exc)}")
    if ctx is not None:
        usage = ctx.command.get_usage(ctx).strip()
        say(f"{usage}  ({ctx.command_path} --help for more)")


def usage_message(exc: Any) -> str:
    """Click's message in filmlog's words: the option first, then what it must be."""
    from typer._click import exceptions as click

    param = getattr(exc, "param", None)
    name = _param_name(param) if param is not None else getattr(exc, "param_hint", None)
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    if isinstance(exc, click.MissingParameter) and name:
        kind = "argument" if getattr(param, "param_type_name", "") == "argument" else "option"
        return f"missing the {kind} {name}"
    if isinstance(exc, click.NoSuchOption):
        hint = f" (did you mean {' or '.join(exc.possibilities)}?)" if exc.possibilities else ""
        return f"no such option {exc.option_name}{hint}"
    if isinstance(exc, click.BadParameter) and name:
        choices = getattr(getattr(param, "type", None), "choices", None)
        given = _given(message)
        if choices:
            listed = ", ".join(str(getattr(c, "value", c)) for c in choices)
            return f"{name} must be one of {listed}" + (f" (not {given})" if given else "")
        detail = (exc.message or message).rstrip(".")
        if " is not a valid int" in detail:
            return f"{name} must be a whole number (not {given})"
        if " is not a valid float" in detail:
            return f"{name} must be a number (not {given})"
        bound = re.search(r"is not in the range (x>=|x<=)(\S+)", detail)
        if bound:
            side = "or more" if bound[1] == "x>=" else "or less"
            return f"{name} must be {bound[2]} {side} (not {detail.split()[0]})"
        return f"{name}: {detail[0].lower() + detail[1:]}"
    text = message.rstrip(".")
    if text.startswith("No such command"):
        return text[0].lower() + text[1:] + _command_hint(exc, text)
    return text[0].lower() + text[1:] if text[:2].istitle() else text


def _param_name(param: Any) -> str:
    opts = [o for o in getattr(param, "opts", []) if o.startswith("--")] or list(
        getattr(param, "opts", [])
    )
    if getattr(param, "param_type_name", "") == "argument":
        return str(param.metavar or param.name.upper())
    return opts[0] if opts else str(param.name)


def _given(message: str) -> str:
    found = re.search(r"('[^']*'|\S+) is not", message)
    return found[1] if found else ""


def _command_hint(exc: Any, text: str) -> str:
    import difflib

    ctx = getattr(exc, "ctx", None)
    typed = re.search(r"'([^']*)'", text)
    if ctx is None or typed is None or not hasattr(ctx.command, "list_commands"):
        return ""
    close = difflib.get_close_matches(typed[1], ctx.command.list_commands(ctx), n=2)
    return f" (did you mean {' or '.join(close)}?)" if close else ""


def report(exc: BaseException, path: Path | None) -> int:
    """Say what happened on stderr and return the exit code."""
    import sqlite3

    from filmlog.journal.db import explain

    if isinstance(exc, FilmlogError):
        message = exc.message
        if len(message) > MAX_MESSAGE:  # it may quote a crafted file: the start and the end
            tail = MAX_MESSAGE // 4
            message = message[: MAX_MESSAGE - tail - 1] + "…" + message[-tail:]
        say(f"Error: {message}")
        for line in exc.details:
            say(line)
        return exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        say(interrupted())
        return INTERRUPTED
    if isinstance(exc, sqlite3.Error):
        return report(explain(exc, path), path)
    if isinstance(exc, ValueError) and "null" in str(exc):
        say("Error: a value contains a NUL character: type it again without it")
        return 2
    if isinstance(exc, OSError):
        if exc.errno == errno.EPIPE:  # the reader went away (| head): not an error
            return 0
        if exc.filename:
            say(f"Error: cannot use {exc.filename}: {exc.strerror or exc}")
        else:  # writing to stdout: a redirect (> file) on a full disk
            left = _empty_the_output()
            say(f"Error: could not write {_output_name()}: {exc.strerror or exc}{left}")
        return 1
    say(
        f"Error: filmlog failed unexpectedly ({type(exc).__name__}: {exc}). "
        "Run again with FILMLOG_DEBUG=1 to see the details, and please report it."
    )
    return 1


def _output_name() -> str:
    """What stdout is: the file a redirect named (Linux says it), else 'the output'."""
    try:
        target = os.readlink("/proc/self/fd/1")
    except OSError:
        return "the output"
    return target if target.startswith("/") else "the output"


def _empty_the_output() -> str:
    """A redirect to a file that could not be written whole is left empty, not half
    written (the shell had emptied it; a file appended to is left as it is)."""
    import fcntl
    import stat

    try:
        if not stat.S_ISREG(os.fstat(1).st_mode) or fcntl.fcntl(1, fcntl.F_GETFL) & os.O_APPEND:
            return ""
        os.ftruncate(1, 0)
    except OSError:
        return ""
    return "; the file is left empty"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"filmlog {__version__}")
        raise typer.Exit()


app = typer.Typer(
    cls=FilmlogGroup,
    name="filmlog",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_show_locals=False,  # reviews are private
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def root(
    ctx: typer.Context,
    db: DbOption = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks (or set FILMLOG_DEBUG=1).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """A personal film journal for the terminal, kept in a SQLite file you own.

    Example: filmlog add "Chungking Express" -y 1994 -d "Wong Kar-Wai" -r 4.5
    """
    ctx.obj = {"db": db, "debug": debug}


def run() -> None:
    try:
        app()
    except KeyboardInterrupt:  # pressed while Click was still parsing
        say(interrupted())
        sys.exit(INTERRUPTED)
