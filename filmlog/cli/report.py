"""`filmlog report`: the year in film as one HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from filmlog.cli.common import DbOption, bulk_stdout, open_for, say, stdout_is_terminal
from filmlog.values.checks import check_year
from filmlog.values.errors import FilmlogError


def report(
    ctx: typer.Context,
    year: Annotated[
        int | None, typer.Option("--year", "-y", help="Only this year (default: all time).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (default: stdout).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    open_it: Annotated[
        bool, typer.Option("--open", help="Open the page in your web browser.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Your year in film (or all time) as one web page: numbers, charts, reviews.

    The page is a single HTML file that loads nothing from anywhere: open it,
    print it, or send it to a friend. Without -o it goes to stdout; --open
    without -o writes it to a temporary file and opens that.

    Example: filmlog report --year 2025 -o 2025.html --open
    """
    import os
    import tempfile

    from filmlog.journal.files import check_target, writing_text
    from filmlog.present.report import data, page

    if year is not None:
        check_year(year)
    if output is not None:
        check_target(output, force=force)
    elif open_it:
        fd, name = tempfile.mkstemp(prefix=f"filmlog-{year or 'all-time'}-", suffix=".html")
        os.close(fd)
        output, force = Path(name), True
    with open_for(ctx, db, write=False) as journal:
        if not data.entries_in(journal.conn, year):
            raise FilmlogError(
                f"no entries in {year}: `filmlog stats` shows the years you have"
                if year
                else "no entries yet: log a film with `filmlog add` first"
            )
        if output is None:
            if stdout_is_terminal():
                say("Tip: -o FILE.html writes the page to a file; --open shows it.")
            with bulk_stdout() as stream:
                page.write(journal.conn, year, stream)
            return
        with writing_text(output, force=force) as f:
            page.write(journal.conn, year, f)
    say(f"Wrote {output}.")
    if open_it:
        _open(output)


def _open(path: Path) -> None:
    import webbrowser

    if not webbrowser.open(path.resolve().as_uri()):
        say(f"No web browser found: open {path} yourself.")
