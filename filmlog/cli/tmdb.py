"""enrich and config: film facts from TMDb, with the user's own token."""

from __future__ import annotations

import sys
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
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
from filmlog.errors import BadValue, FilmlogError, Stopped

if TYPE_CHECKING:
    from filmlog.db import Journal
    from filmlog.enrich import Outcome
    from filmlog.models import Film
    from filmlog.tmdb import Client

WORKERS = 8

config_app = typer.Typer(
    help="Your settings: the TMDb token, lookups on add.", no_args_is_help=True
)


def client_for(journal: Journal, *, refresh: bool = False) -> Client:
    from filmlog import config
    from filmlog.tmdb import HOW_TO_GET_A_TOKEN, Client, load_cache

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
    from filmlog import store, titles
    from filmlog.enrich import AMBIGUOUS, MATCHED, UNMATCHED

    if sum((title is not None, all_films, missing)) != 1:
        raise BadValue("name one film (TITLE), or give --all or --missing")
    with open_for(ctx, db, write=True) as journal:
        conn = journal.conn
        if title is not None:
            films = [store.get_film(conn, titles.resolve(conn, title).id)]
        else:
            where = "1" if all_films else (
                "f.tmdb_id IS NULL OR NOT EXISTS (SELECT 1 FROM film_directors fd"
                " WHERE fd.film_id = f.id)"
            )  # fmt: skip
            ids = [
                r[0] for r in conn.execute(f"SELECT f.id FROM films f WHERE {where} ORDER BY id")
            ]
            films = [store.get_film(conn, i) for i in ids]
        client = client_for(journal, refresh=refresh)
        try:
            outcomes = _run(journal, client, films, dry_run=dry_run, refresh=refresh)
        finally:
            client.close()
        if stdin_is_terminal() and stdout_is_terminal() and not dry_run:
            _settle_ambiguous(journal, client, outcomes, refresh)
    _report(outcomes, client, format, dry_run)
    by = {s: [o for o in outcomes if o.status == s] for s in (MATCHED, UNMATCHED, AMBIGUOUS)}
    changed = sum(1 for o in by[MATCHED] if o.changes)
    say(
        f"{'Would change' if dry_run else 'Changed'} {changed} of {len(outcomes)} films;"
        f" {len(by[UNMATCHED])} not found, {len(by[AMBIGUOUS])} ambiguous;"
        f" {client.sent} requests sent to TMDb."
    )
    from filmlog.tmdb import ATTRIBUTION

    say(ATTRIBUTION)


def _run(
    journal: Journal, client: Client, films: list[Film], *, dry_run: bool, refresh: bool
) -> list[Outcome]:
    """Look films up in parallel; write each one's facts as soon as they arrive."""
    from filmlog.enrich import MATCHED, apply, look_up
    from filmlog.tmdb import Offline, save_answers

    outcomes: list[Outcome] = []
    done = 0
    pool = ThreadPoolExecutor(max_workers=WORKERS)
    futures: dict[Future[Outcome], Film] = {pool.submit(look_up, client, f): f for f in films}
    try:
        with _progress(len(films)) as advance:
            for future in as_completed(futures):
                try:
                    outcome = future.result()
                except Offline:
                    if done == 0:
                        raise
                    raise Stopped(
                        f"lost TMDb after {done} films (their facts are kept): try again later"
                    ) from None
                if outcome.status == MATCHED:
                    apply(journal, outcome, refresh=refresh, dry_run=dry_run)
                    done += 1
                elif outcome.answers and not dry_run:
                    with journal.transaction():  # not found is worth remembering too
                        save_answers(journal.conn, outcome.answers)
                outcomes.append(outcome)
                advance()
    except KeyboardInterrupt:
        raise Stopped(
            f"Interrupted: kept the facts of {done} films; run enrich again for the rest"
        ) from None
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    order = {f.id: i for i, f in enumerate(films)}
    return sorted(outcomes, key=lambda o: order[o.film.id])


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

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _settle_ambiguous(
    journal: Journal, client: Client, outcomes: list[Outcome], refresh: bool
) -> None:
    """In a terminal, let the person choose among equally good candidates."""
    from filmlog.enrich import AMBIGUOUS, MATCHED, apply, details

    for outcome in outcomes:
        if outcome.status != AMBIGUOUS:
            continue
        say(f"{outcome.film.label} could be:")
        for n, c in enumerate(outcome.candidates, start=1):
            say(f"  {n}) {c.label}")
        choice = typer.prompt("Which one? (0 to skip)", default=0, type=int, err=True)
        if 1 <= choice <= len(outcome.candidates):
            outcome.facts = details(client, outcome.candidates[choice - 1].tmdb_id, outcome.answers)
            if outcome.facts:
                outcome.status = MATCHED
                apply(journal, outcome, refresh=refresh)


def _report(outcomes: list[Outcome], client: Client, format: CardFormat, dry_run: bool) -> None:
    from filmlog import formats
    from filmlog.enrich import AMBIGUOUS, MATCHED, UNMATCHED

    if format is CardFormat.json:
        out(
            formats.to_json(
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
    name: Annotated[str, typer.Argument(metavar="NAME", help="tmdb-token, tmdb-url or lookup.")],
    value: Annotated[str, typer.Argument(metavar="VALUE", help="Its value.")],
) -> None:
    """Save a setting in your config file (readable by you only).

    Example: filmlog config set tmdb-token eyJhbGciOi…
    """
    from filmlog import config

    where = config.set_value(name, value)
    say(f"Saved {name} in {where}.")


@config_app.command("unset")
def config_unset(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The setting to remove.")],
) -> None:
    """Remove a setting from your config file.

    Example: filmlog config unset tmdb-token
    """
    from filmlog import config

    where = config.unset(name)
    say(f"Removed {name} from {where}.")


@config_app.command("show")
def config_show(format: CardFormatOption = CardFormat.table) -> None:
    """Your settings and where each comes from (the token masked).

    Example: filmlog config show
    """
    from filmlog import config, formats

    shown = config.shown()
    if format is CardFormat.json:
        out(formats.to_json(shown))
        return
    for name, setting in shown.items():
        out(f"{name}\t{setting['value'] or '-'}\t{setting['from']}")
