"""`filmlog mcp`: the journal as an MCP server for an assistant, on stdio."""

from __future__ import annotations

from typing import Annotated

import typer

from filmlog.cli.common import DbOption, resolve_path, say


def mcp(
    ctx: typer.Context,
    allow_writes: Annotated[
        bool,
        typer.Option(
            "--allow-writes",
            help="Also offer log_viewing and add_to_watchlist (without, the journal is read only).",
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Serve your journal to an assistant: a Model Context Protocol server on stdio.

    Tools: search_reviews, show_film, list_films, diary, on_this_day, stats,
    watchlist, lists, list_items, duplicates, watch_next; with --allow-writes also
    log_viewing and add_to_watchlist. Nothing is sent anywhere: the assistant's client runs
    this command and talks to it over stdin and stdout.

    Example: claude mcp add filmlog -- filmlog mcp
    """
    import os
    import signal
    import sys

    from filmlog.cli.app import INTERRUPTED, interrupted
    from filmlog.present.assistant import server

    path = resolve_path(ctx, db)
    app = server(path, allow_writes=allow_writes)
    if sys.stdin.isatty():  # a person, not a client: say what this is rather than wait mutely
        say(
            f"filmlog mcp serves {path} to an assistant over stdin and stdout: its client runs"
            " this command (the README shows how). Ctrl-C stops it."
        )

    def stop(_signum: int, _frame: object) -> None:
        # The server's reader of stdin is a thread that only a line would wake, and the
        # event loop waits for it: leave at once (a write is one transaction, done or not).
        say(interrupted())
        sys.stderr.flush()
        os._exit(INTERRUPTED)

    signal.signal(signal.SIGINT, stop)
    app.run("stdio")
