"""The filmlog command line: a thin layer over the library.

Each command parses its options, calls the store and hands the result to a
renderer; errors become exit codes in ``filmlog.cli.app``.
"""

from __future__ import annotations

from filmlog.cli import browse, collections, entries, journal_db, search, transfer
from filmlog.cli.app import app, run

app.command("add")(entries.add)
app.command("show")(browse.show_film)
app.command("list")(browse.list_films)
app.command("diary")(browse.diary)
app.command("edit")(entries.edit)
app.command("rm")(entries.rm)
app.command("search")(search.search)
app.command("stats")(collections.stats)
app.add_typer(collections.watchlist_app, name="watchlist")
app.add_typer(collections.lists_app, name="lists")
app.add_typer(transfer.app, name="import")
app.command("export")(transfer.export)
app.add_typer(journal_db.app, name="db")


def main() -> None:
    run()


__all__ = ["app", "main"]
