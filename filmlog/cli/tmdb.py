"""enrich and config: film facts from TMDb, with the user's own token."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from filmlog.cli.common import (
    CardFormat,
    CardFormatOption,
    DbOption,
    open_for,
    out,
    say,
    stdin_is_terminal,
    stdout_is_terminal,
)
from filmlog.cli.completion import complete_title
from filmlog.values.display import counted
from filmlog.values.errors import BadValue, FilmlogError

if TYPE_CHECKING:
    from filmlog.imports.enrich import Outcome
    from filmlog.journal.db import Journal
    from filmlog.online.tmdb import Client

config_app = typer.Typer(
    add_completion=False,
    help="Your settings: TMDb token, lookups on add, the feed and media servers to sync.",
    no_args_is_help=True,
)


@config_app.callback()
def config_callback() -> None:
    """Your settings: TMDb token, lookups on add, the feed and media servers to sync."""
    from filmlog.imports.registry import sources

    sources()  # each source declares the settings it reads when it is loaded


def client_for(journal: Journal, *, refresh: bool = False) -> Client:
    from filmlog.journal import config
    from filmlog.online.tmdb import HOW_TO_GET_A_TOKEN, Client, load_cache

    token = config.get("tmdb-token")
    if not token:
        raise FilmlogError(HOW_TO_GET_A_TOKEN)
    return Client(
        token,
        config.get("tmdb-url") or "https://api.themoviedb.org/3",
        cache=load_cache(journal.conn),
        use_cache=not refresh,
    )


def enrich(
    ctx: typer.Context,
    title: Annotated[
        str | None,
        typer.Argument(metavar="TITLE", help="One film to look up.", autocompletion=complete_title),
    ] = None,
    all_films: Annotated[bool, typer.Option("--all", help="Every film in the journal.")] = False,
    missing: Annotated[
        bool, typer.Option("--missing", help="Films not looked up yet or without directors.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; change nothing.")
    ] = False,
    refresh: Annotated[
        bool,
        typer.Option("--refresh", help="Ask TMDb again and replace facts that differ."),
    ] = False,
    format: CardFormatOption = CardFormat.table,
    db: DbOption = None,
) -> None:
    """Fill in directors, original title, runtime, genres, countries and IMDb id from TMDb.

    Needs your own TMDb token (FILMLOG_TMDB_TOKEN or `filmlog config set
    tmdb-token`). Sends films' titles and years (or IMDb ids), nothing else;
    answers are kept in the journal, so asking again costs nothing. Facts you
    have are kept unless --refresh is given. This product uses the TMDB API but
    is not endorsed or certified by TMDB.

    Example: filmlog enrich --missing
    """
    from filmlog.imports import enrich as lookups

    if sum((title is not None, all_films, missing)) != 1:
        raise BadValue("name one film (TITLE), or give --all or --missing")
    with open_for(ctx, db, write=True, dry_run=dry_run) as journal:
        films = lookups.films_to_enrich(journal.conn, title=title, everything=all_films)
        client = client_for(journal, refresh=refresh)
        try:
            with _progress(len(films)) as advance:
                outcomes = lookups.run(journal, client, films, refresh=refresh, done=advance)
            if stdin_is_terminal() and stdout_is_terminal() and not dry_run:
                _settle_ambiguous(journal, client, outcomes, refresh)
        finally:
            client.close()
    _report(outcomes, client, format, dry_run)
    by = {s: [o for o in outcomes if o.status is s] for s in lookups.Status}
    changed = sum(1 for o in by[lookups.MATCHED] if o.changes)
    say(
        f"{'Would change' if dry_run else 'Changed'} {changed} of {counted(len(outcomes), 'film')};"
        f" {len(by[lookups.UNMATCHED])} not found, {len(by[lookups.AMBIGUOUS])} ambiguous;"
        f" {counted(client.sent, 'request')} sent to TMDb."
    )
    from filmlog.online.tmdb import ATTRIBUTION

    say(ATTRIBUTION)


class _progress:
    """A progress bar on a terminal for more than a few films."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar = None

    def __enter__(self):  # type: ignore[no-untyped-def]
        if self.total > 3 and sys.stderr.isatty():
            from rich.progress import Progress

            from filmlog.cli.common import console

            self.bar = Progress(console=console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("Asking TMDb", total=self.total)
        return self.advance

    def advance(self, _outcome: object = None) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _settle_ambiguous(
    journal: Journal, client: Client, outcomes: list[Outcome], refresh: bool
) -> None:
    """In a terminal, let the person choose among equally good candidates."""
    from filmlog.imports.enrich import AMBIGUOUS, MATCHED, apply

    for outcome in outcomes:
        if outcome.status is not AMBIGUOUS:
            continue
        choose(client, outcome, f"{outcome.film.label} could be:", "0 to skip")
        if outcome.status is MATCHED:
            apply(journal, outcome, refresh=refresh)


def choose(client: Client, outcome: Outcome, heading: str, none: str) -> None:
    """Offer TMDb's equally good candidates; the one the person picks is the film's."""
    from filmlog.imports.enrich import take

    say(heading)
    for n, c in enumerate(outcome.candidates, start=1):
        say(f"  {n}) {c.label}")
    choice = typer.prompt(f"Which one? ({none})", default=0, type=int, err=True)
    if 1 <= choice <= len(outcome.candidates):
        take(client, outcome, outcome.candidates[choice - 1])


def _report(outcomes: list[Outcome], client: Client, format: CardFormat, dry_run: bool) -> None:
    from filmlog.imports.enrich import AMBIGUOUS, MATCHED, UNMATCHED
    from filmlog.present import json_csv

    if format is CardFormat.json:
        out(
            json_csv.to_json(
                [
                    {
                        "film_id": o.film.id,
                        "title": o.film.title,
                        "year": o.film.year,
                        "status": o.status,
                        "tmdb_id": o.facts.tmdb_id if o.facts else None,
                        "changes": o.changes,
                        "candidates": [c.label for c in o.candidates],
                    }
                    for o in outcomes
                ]
            )
        )
        return
    for o in outcomes:
        if o.status == MATCHED and o.changes:
            out(f"{o.film.label}: " + "; ".join(o.changes))
    unmatched = [o.film.label for o in outcomes if o.status == UNMATCHED]
    if unmatched:
        out("Not found on TMDb: " + ", ".join(unmatched))
    for o in outcomes:
        if o.status == AMBIGUOUS:
            out(f"{o.film.label} is ambiguous: " + "; ".join(c.label for c in o.candidates))


@config_app.command("set")
def config_set(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="tmdb-token, tmdb-url, lookup, letterboxd-user.")
    ],
    value: Annotated[
        str | None,
        typer.Argument(
            metavar="[VALUE]",
            help="Its value. Leave a token or password out to type it unseen (or pipe it in),"
            " so that it stays out of your shell's history.",
        ),
    ] = None,
) -> None:
    """Save a setting in your config file (readable by you only).

    Example: filmlog config set tmdb-token      (then paste the token; it is not shown)
    """
    from filmlog.journal import config

    if value is None:
        value = _secret_typed(name)
    where = config.set_value(name, value)
    say(f"Saved {name} ({config.shown()[name]['value']}) in {where}.")


def _secret_typed(name: str) -> str:
    """A token or password typed unseen in a terminal, else the first line of stdin."""
    from filmlog.journal import config

    if not config.is_secret(name):
        raise typer.BadParameter(f"give the value of {name}: filmlog config set {name} VALUE")
    if sys.stdin.isatty():
        typed = typer.prompt(name, hide_input=True, err=True)
    else:
        typed = sys.stdin.readline()
    typed = typed.strip()
    if not typed:
        raise BadValue(f"no {name} given: paste it, or pipe it in (… | filmlog config set {name})")
    return typed


@config_app.command("unset")
def config_unset(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The setting to remove.")],
) -> None:
    """Remove a setting from your config file.

    Example: filmlog config unset tmdb-token
    """
    from filmlog.journal import config

    if config.unset(name):
        say(f"Removed {name} from {config.path()}.")
    else:
        say(f"{name} is not set in {config.path()}: nothing to remove.")


@config_app.command("show")
def config_show(format: CardFormatOption = CardFormat.table) -> None:
    """Your settings and where each comes from (the token masked).

    Example: filmlog config show
    """
    from filmlog.journal import config
    from filmlog.present import json_csv

    shown = config.shown()
    if format is CardFormat.json:
        out(json_csv.to_json(shown))
        return
    if stdout_is_terminal():
        from filmlog.cli.common import show
        from filmlog.present.housekeeping import settings_table

        show(settings_table(shown))
        return
    for name, setting in shown.items():
        out(f"{name}\t{setting['value'] or '-'}\t{setting['from']}")
