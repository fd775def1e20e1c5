"""The search command: words in reviews, titles, directors and tags."""

from __future__ import annotations

from typing import Annotated

import typer

from filmlog.cli.common import (
    CardFormat,
    CardFormatOption,
    Counted,
    DbOption,
    bulk_stdout,
    console,
    open_for,
    say,
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
    from filmlog.journal.search import search as find
    from filmlog.present import formats, json_csv

    with open_for(ctx, db, write=False) as journal:
        hits = find(journal.conn, query, limit)
        if format is CardFormat.json or not stdout_is_terminal():
            with bulk_stdout() as stream:
                if format is CardFormat.json:
                    json_csv.write_json_rows(stream, hits)
                else:
                    formats.write_lines(stream, hits, formats.hit_fields)
            return
        from filmlog.cli.pager import show_rows
        from filmlog.present.render import search_hits

        counted = Counted(hits)
        if not show_rows(console(), counted, search_hits):
            say(f"Nothing in the journal matches {query!r}.")
        elif counted.n >= limit:
            from filmlog.journal.search import count

            total = count(journal.conn, query)
            if total > counted.n:
                say(f"{counted.n:,} of {total:,} films; --limit for more.")
