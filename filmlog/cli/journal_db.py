"""The `db` commands: where the journal is and what it holds."""

from __future__ import annotations

import typer

from filmlog import formats, migrations, store
from filmlog.cli.common import CardFormat, CardFormatOption, DbOption, open_for, out, resolve_path

app = typer.Typer(help="The journal file: where it is and what it holds.", no_args_is_help=True)


@app.command("path")
def path_command(ctx: typer.Context, db: DbOption = None) -> None:
    """Print the journal's path, e.g. to open it with sqlite-utils or Datasette.

    Example: sqlite-utils tables "$(filmlog db path)"
    """
    out(str(resolve_path(ctx, db)))


@app.command("info")
def info_command(
    ctx: typer.Context,
    format: CardFormatOption = CardFormat.table,
    db: DbOption = None,
) -> None:
    """Counts and the schema version of the journal.

    Example: filmlog db info --format json
    """
    path = resolve_path(ctx, db)
    with open_for(ctx, db, write=False) as journal:
        counts = store.counts(journal.conn)
        applied = [
            r[0]
            for r in journal.conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id",
                [migrations.MIGRATION_SET],
            )
        ]
    info = {
        "path": str(path),
        "exists": path.exists(),
        "size": path.stat().st_size if path.exists() else 0,
        "schema": applied[-1] if applied and path.exists() else None,
        "migrations": applied if path.exists() else [],
        **counts,
    }
    if format is CardFormat.json:
        out(formats.to_json(info))
        return
    width = max(len(k) for k in info)
    for name, value in info.items():
        if name == "migrations":
            continue
        out(f"{name.ljust(width)}  {value if value is not None else '-'}")
