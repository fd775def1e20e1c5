"""`filmlog next`: what to watch next, and why, from your own history."""

from __future__ import annotations

from typing import Annotated

import typer

from filmlog.cli.common import DbOption, TableFormat, TableFormatOption, emit_listing, open_for, say


def next_film(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many.", min=1)] = 10,
    max_runtime: Annotated[
        int | None, typer.Option("--max-runtime", help="At most this many minutes.", min=1)
    ] = None,
    with_whom: Annotated[
        str | None, typer.Option("--with", help="Ranked by what you liked watching with them.")
    ] = None,
    unseen_by: Annotated[
        str | None,
        typer.Option(
            "--unseen-by", help="A director's films you have not seen, not the watchlist."
        ),
    ] = None,
    format: TableFormatOption = TableFormat.table,
    db: DbOption = None,
) -> None:
    """What to watch next: your watchlist ranked by what your own ratings say you like.

    Each film is scored by your average rating of its directors, genres, countries and
    decade against your overall average (counted by how many of each you have rated), with
    a small lift for a film long waiting; each says why. Offline and the same every time:
    `filmlog watchlist pick` is the random pick.

    Example: filmlog next --limit 5 --max-runtime 120
    """
    from filmlog.journal import suggest
    from filmlog.present import render

    with open_for(ctx, db, write=False) as journal:
        ranked = suggest.rank(
            journal.conn,
            limit=limit,
            max_runtime=max_runtime,
            with_whom=with_whom,
            unseen_by=unseen_by,
        )
        if with_whom is not None and not ranked.with_found:
            say(f"Nothing rated with {with_whom} yet: ranked by all your ratings.")
        empty = (
            f"No film of {unseen_by}'s that you have not seen is in the journal."
            if unseen_by
            else "Nothing on your watchlist to rank: `filmlog watchlist add TITLE`."
        )
        emit_listing(
            ranked.suggestions,
            format,
            csv_columns=("title", "year", "directors", "runtime", "score", "why"),
            plain=lambda s: (s.title, s.year or "", f"{s.score:.2f}", s.why),
            table=lambda: render.next_table,
            empty=empty,
        )
    if ranked.suggestions and ranked.unknown_share > 0.5:
        say(
            "Most of these films have no facts yet, so they are ranked by how long they have"
            " waited: `filmlog enrich --missing` fills them in from TMDb."
        )
