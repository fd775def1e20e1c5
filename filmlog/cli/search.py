"""The search command: words in reviews, titles, directors and tags."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from filmlog.cli.common import (
    CardFormat,
    CardFormatOption,
    DbOption,
    open_for,
    say,
    show,
    stdout_is_terminal,
)


def search(
    ctx: typer.Context,
    query: Annotated[
        str,
        typer.Argument(
            metavar="QUERY", help='Words to find; melan* for a prefix, "two words" for a phrase.'
        ),
    ],
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most N films.", min=1)] = 20,
    format: CardFormatOption = CardFormat.table,
    db: DbOption = None,
) -> None:
    """Search your reviews, titles, directors and tags, best matches first.

    Case and accents do not matter (Agnes finds Agnès).

    Example: filmlog search "melancholy neon"
    """
    from filmlog import formats
    from filmlog.search import search as find

    with open_for(ctx, db, write=False) as journal:
        hits = find(journal.conn, query, limit)
    if format is CardFormat.json:
        formats.write_json_rows(sys.stdout, hits)
    elif not stdout_is_terminal():
        formats.write_lines(sys.stdout, hits, formats.hit_fields)
    elif hits:
        from filmlog.render import search_hits

        show(search_hits(hits))
    else:
        say(f"Nothing in the journal matches {query!r}.")
