"""Bringing history in: `filmlog import SOURCE`, one command per registered source, and sync.

The commands are made from the registry (filmlog/imports/registry.py): each
source's name, argument, help and options come from its SOURCE, so a new
source needs no edit here. A source's command is made when it is run (its
module loaded then), or when the group's help lists them all.
"""

import inspect
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from typer import BadParameter

from filmlog.cli.app import TyperHelpCommand, TyperHelpGroup
from filmlog.cli.common import (
    CardFormat,
    CardFormatOption,
    DbOption,
    confirm,
    console,
    debug_enabled,
    open_for,
    out,
    say,
    stdout_is_terminal,
)
from filmlog.imports.engine.source import Option, Source
from filmlog.imports.registry import REGISTERED, source, sources
from filmlog.values.display import counted


class ImportGroup(TyperHelpGroup):
    """`filmlog import`: the registry's sources, each command made when it is asked for."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*REGISTERED, *_OWN]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in REGISTERED:
            target = _command(source(cmd_name))
        elif cmd_name in _OWN:  # (made only when asked, as a source's command is)
            target = _OWN[cmd_name]
        else:
            return None
        single = typer.Typer(rich_markup_mode="rich", add_completion=False)
        single.command(cmd_name, cls=TyperHelpCommand)(target)
        command = typer.main.get_command(single)
        from filmlog.cli import _reflowed

        return _reflowed(command)


app = typer.Typer(
    cls=ImportGroup,
    add_completion=False,
    help="Bring in your history: Letterboxd, IMDb, Trakt, Netflix, spreadsheets, servers.",
    no_args_is_help=True,
)

DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Show what would be imported; write nothing.")
]
ConvertTagsOption = Annotated[
    bool | None,
    typer.Option(
        "--convert-tags/--no-convert-tags",
        help="Apply your `tags convert` rules to what comes in (default: convert-tags setting).",
    ),
]


def _converting(given: bool | None) -> bool:
    from filmlog.journal import config

    return given if given is not None else config.flag("convert-tags")


def _import(
    ctx: typer.Context,
    name: str,
    where: str,
    options: dict[str, Any],
    *,
    dry_run: bool,
    db: Path | None,
    format: CardFormat,
    convert_tags: bool = False,
) -> None:
    from filmlog.imports.run import run_import
    from filmlog.present import formats
    from filmlog.values.errors import BadValue

    if "\x00" in where:
        raise BadValue(f"the {source(name).argument} contains a NUL character: type it again")
    from filmlog.imports.engine.source import Choose, Secret

    while True:
        try:
            with open_for(ctx, db, write=True, dry_run=dry_run) as journal, _progress() as bar:
                lookup = _lookup(journal) if options.get("lookup") else None
                summary = run_import(
                    journal,
                    name,
                    where,
                    options=options,
                    dry_run=dry_run,
                    progress=bar,
                    lookup=lookup,
                    convert_tags=convert_tags,
                )
            break
        except Choose as choice:
            # Nothing was written: a terminal asks, and the import runs again with the answer
            if not (sys.stdin.isatty() and sys.stderr.isatty()):
                raise
            options = {**options, choice.option: _ask(choice)}
        except Secret as secret:
            if not (secret.prompt and sys.stdin.isatty() and sys.stderr.isatty()):
                raise
            typed = typer.prompt(secret.prompt, hide_input=True, err=True)
            options = {**options, secret.option: typed}
    if not stdout_is_terminal():
        # The summary goes down a pipe: the person sees what was left out here. (In a
        # terminal the summary below names it, once.)
        for file, reason in summary.skipped_files:
            say(f"Skipped {file}: {reason}")
    if format is CardFormat.json:
        from filmlog.present import json_csv

        out(json_csv.to_json(summary.as_json()))
    elif stdout_is_terminal():
        from filmlog.cli.common import show
        from filmlog.present.housekeeping import import_summary

        show(import_summary(summary))
    else:
        out(formats.import_summary_text(summary))


def _lookup(journal: Any) -> Any:
    """TMDb's answers for a source's --lookup (a token is needed: said before anything)."""
    from filmlog.cli.tmdb import client_for
    from filmlog.imports import enrich

    return enrich.identifier(journal, client_for(journal))


def _ask(choice: Any) -> str:
    """One of a choice's answers, asked for on the terminal by its number or its name."""
    say(choice.reason)
    for n, answer in enumerate(choice.choices, start=1):
        say(f"  {n}. {answer}")
    while True:
        typed = typer.prompt(choice.option.replace("_", " ").capitalize(), err=True).strip()
        if typed.isdigit() and 1 <= int(typed) <= len(choice.choices):
            return str(choice.choices[int(typed) - 1])
        if typed:
            return typed  # a name: the source finds it (or says it is not there)


@contextmanager
def _progress() -> Iterator[Callable[[int, int], None] | None]:
    """A bar of the records read on a terminal (stderr); nothing when it is not one."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        "Importing",
        BarColumn(),
        MofNCompleteColumn(),
        "records",
        TimeElapsedColumn(),
        transient=True,
        console=console(stderr=True),
    ) as bar:
        task = bar.add_task("import", total=0)
        total = done = shown = 0

        def progress(read: int, more: int) -> None:
            nonlocal total, done, shown
            total += more
            done += read
            # Redrawn every 1% of the way or so: a redraw per record would cost more than
            # the record.
            if more or done - shown >= max(total // 100, 50):
                shown = done
                bar.update(task, completed=done, total=max(total, done))

        yield progress


def _configured(source: Source, options: dict[str, Any]) -> str:
    """What a source without an argument reads: its server, from --server or the settings."""
    from filmlog.values.errors import BadValue

    where = source.configured(options) if source.configured else None
    if not where:
        raise BadValue(
            f"which server? give --server URL, or set it once with"
            f" `filmlog config set {source.name}-server URL`"
        )
    return where


def _option_parameter(option: Option) -> inspect.Parameter:
    kind: Any = option.type
    if option.choices:
        kind = Literal[option.choices]
    if option.multiple:
        kind = list[kind]
    if option.type is not bool:
        kind = kind | None
    return inspect.Parameter(
        option.name,
        inspect.Parameter.KEYWORD_ONLY,
        default=option.default,
        annotation=Annotated[kind, typer.Option(*option.flags, help=option.help)],
    )


def _command(source: Source) -> Callable[..., None]:
    """`filmlog import NAME ARGUMENT [options]`, made from the source's description."""

    def command(ctx: typer.Context, where: str | None = None, **values: Any) -> None:
        dry_run = values.pop("dry_run")
        format = values.pop("format")
        db = values.pop("db")
        convert = _converting(values.pop("convert_tags"))
        if where is None:
            where = _configured(source, values)
        _import(
            ctx,
            source.name,
            where,
            values,
            dry_run=dry_run,
            db=db,
            format=format,
            convert_tags=convert,
        )

    keyword = inspect.Parameter.KEYWORD_ONLY
    parameters = [
        inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context),
    ]
    if source.argument is not None:  # (a server's source reads its settings instead)
        parameters.append(
            inspect.Parameter(
                "where",
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                annotation=Annotated[
                    str,
                    typer.Argument(
                        metavar=source.argument, help=source.argument_help, show_default=False
                    ),
                ],
            )
        )
    parameters += [
        *(_option_parameter(o) for o in source.options),
        inspect.Parameter("dry_run", keyword, default=False, annotation=DryRunOption),
        inspect.Parameter("convert_tags", keyword, default=None, annotation=ConvertTagsOption),
        inspect.Parameter("format", keyword, default=CardFormat.table, annotation=CardFormatOption),
        inspect.Parameter("db", keyword, default=None, annotation=DbOption),
    ]
    command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    command.__annotations__ = {}
    command.__doc__ = source.help
    command.__name__ = f"import_{source.name.replace('-', '_')}"
    return command


def sync_sources(
    ctx: typer.Context,
    only: str | None,
    verbose: bool,
    dry_run: bool,
    db: Path | None,
    *,
    alone: bool,
) -> int:
    """Each source set up, in its own import; how many failed."""
    from filmlog.imports.run import run_import
    from filmlog.present import formats
    from filmlog.values.errors import FilmlogError

    every = sources().values()
    syncing = [s for s in every if s.configured and only in (None, s.name)]
    if only is not None and not syncing:
        names = ", ".join(s.name for s in every if s.configured)
        raise BadParameter(
            f"--only {only!r} is not a source sync reads: use one of {names}, or folder"
        )
    set_up = [(s, where) for s in syncing if (where := _where(s))]
    if not set_up and only is not None:
        raise FilmlogError(
            f"{only} is not set up for sync: `filmlog config set {syncing[0].set_up_by}`"
        )
    if not set_up and alone:
        settings = [s.set_up_by.split()[0] for s in syncing]
        raise FilmlogError(
            f"nothing to sync: follow your feed with `filmlog config set {syncing[0].set_up_by}`,"
            f" or set {', '.join(settings[1:-1])} or {settings[-1]} (and its token),"
            " or a sync-folder shared with your other machines"
        )
    failed = 0
    converting = _converting(None)
    for each, where in set_up:
        try:
            with open_for(ctx, db, write=True, dry_run=dry_run) as journal:
                summary = run_import(
                    journal, each.name, where, dry_run=dry_run, convert_tags=converting
                )
        except FilmlogError as exc:  # one line, and the next source still runs
            say(f"{each.name}: {exc.message}")
            failed += 1
            continue
        except Exception as exc:  # a bug of ours: said, and the other sources still run
            if debug_enabled(ctx):
                raise
            say(
                f"{each.name}: failed unexpectedly ({type(exc).__name__}); nothing of it was"
                " written. Run again with FILMLOG_DEBUG=1 to see the details, and please report it."
            )
            failed += 1
            continue
        if verbose:
            out(formats.import_summary_text(summary))
        elif summary.changed():
            say(formats.sync_line(each.synced_as.format(path=where), summary))
    return failed


def _where(source: Source) -> str | None:
    assert source.configured is not None
    return source.configured({})


def import_list(
    ctx: typer.Context,
    format: CardFormatOption = CardFormat.table,
    db: DbOption = None,
) -> None:
    """The imports made into this journal, with what each added.

    Example: filmlog import list
    """
    from filmlog.imports.engine.summary import of_kind
    from filmlog.imports.engine.undo import history
    from filmlog.present import json_csv

    with open_for(ctx, db, write=False) as journal:
        records = history(journal.conn)
    if format is CardFormat.json:
        json_csv.write_json_rows(sys.stdout, records)
        return
    if stdout_is_terminal():
        from filmlog.cli.common import show
        from filmlog.present.housekeeping import imports_table

        if records:
            show(imports_table(records))
        else:
            say("No imports yet: `filmlog import letterboxd PATH` brings in an export.")
        return
    for r in records:
        added = ", ".join(of_kind(c["added"], k) for k, c in r.counts.items() if c.get("added"))
        state = f" (undone {r.undone_at})" if r.undone_at else ""
        out(f"{r.id}\t{r.imported_at}\t{r.source}\t{r.path}\t{added or 'nothing added'}{state}")


def import_undo(
    ctx: typer.Context,
    import_id: Annotated[
        int | None, typer.Argument(metavar="ID", help="The import's id (default: the latest).")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Undo without being asked.")] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Undo even when some records were changed since (kept)."),
    ] = False,
    db: DbOption = None,
) -> None:
    """Take back an import: remove what it added and restore what it changed.

    What you changed after the import (an entry edited, a review written, a
    film logged or put on a list) is never taken back: the undo is refused,
    naming those records, unless --force says to undo the rest and keep them.
    Asks first in a terminal; elsewhere, --yes is required.

    Example: filmlog import undo 3
    """
    from filmlog.imports.engine.undo import ChangedSince, plan, undo

    with open_for(ctx, db, write=True) as journal:
        planned = plan(journal.conn, import_id)
        record = planned.record
        what = f"import {record.id} ({record.source}, {record.path})"
        if planned.nothing:
            done = undo(journal, record.id)
            say(f"The last import, {what}, changed nothing: there is nothing to undo.")
            return
        if planned.changed_since and not force:
            raise ChangedSince(
                f"{what} has {counted(len(planned.changed_since), 'record')} changed since:"
                " undoing it keeps those and takes back the rest; add --force to do that",
                [f"  {line}" for line in planned.changed_since[:20]],
            )
        question = (
            f"Undo {what}? It removes {counted(planned.entries, 'entry', 'entries')}"
            f" and {counted(planned.films, 'film')}."
        )
        if record.source == "merge":
            question = f"Undo {what}? What it merged comes apart, as it was before."
        elif record.source == "tags":
            question = f"Undo {what}? The tags come back on their viewings."
        if not confirm(question, yes):
            say("Nothing undone.")
            return
        done = undo(journal, record.id, force=force)
    message = (
        f"Undid {what}: removed {counted(done.entries, 'entry', 'entries')}"
        f" and {counted(done.films, 'film')}"
    )
    if record.source == "merge":
        message = f"Undid {what}: apart again, as before the merge"
    elif record.source == "tags":
        message = f"Undid {what}: the tags are back"
    if done.restored:
        message += f", restored {counted(done.restored, 'value')}"
    if done.kept:
        message += f"; kept {counted(len(done.kept), 'record')} changed since"
    say(message + ".")


# The group's own commands beside the sources'.
_OWN: dict[str, Callable[..., None]] = {"list": import_list, "undo": import_undo}
