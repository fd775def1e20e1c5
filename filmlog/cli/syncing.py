"""`filmlog sync`: the sources set up, and the sync folder shared with other machines;
and the quiet write of this machine's changes after every command that writes (when a
folder is set)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from filmlog.cli.common import DbOption, open_for, out, resolve_path, say

DryRunOption = Annotated[
    bool,
    typer.Option("--dry-run", help="Show what the sources would bring; the folder is not read."),
]


def sync(
    ctx: typer.Context,
    only: Annotated[
        str | None,
        typer.Option("--only", help="Sync this source alone (jellyfin, plex, …, or folder)."),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Say what came in, or that nothing did.")
    ] = False,
    folder: Annotated[
        Path | None,
        typer.Option(
            "--folder",
            help="Share the journal through this folder (default: the sync-folder setting).",
            show_default=False,
        ),
    ] = None,
    new_machine: Annotated[
        bool,
        typer.Option(
            "--new-machine", help="Give this journal a machine id of its own (a copied journal)."
        ),
    ] = False,
    dry_run: DryRunOption = False,
    db: DbOption = None,
) -> None:
    """Bring in what is new from your feed, your media servers and your other machines.

    Reads each source set up: your Letterboxd feed, Jellyfin, Emby, Plex, Kodi. With a
    sync folder (filmlog config set sync-folder ~/Sync/filmlog), writes this machine's
    changes to its own files there and takes what your other machines wrote: one journal
    on all of them, carried by Syncthing, Dropbox or git.

    Each source is read in its own import (undone on its own); quiet when nothing is new,
    so it can run from cron: */30 * * * * filmlog sync. A source that fails is one line
    and the others still run; the exit code is then 1.

    Example: filmlog sync --verbose
    """
    from filmlog.imports.registry import REGISTERED
    from filmlog.journal import config
    from filmlog.values.errors import FilmlogError

    chosen = folder_set(folder) if only in (None, "folder") else None
    shared = None if dry_run else chosen
    if only == "folder" and chosen is None:
        raise FilmlogError(
            "no sync folder is set: `filmlog config set sync-folder PATH`, or give --folder"
        )
    failed = 0
    # The sources' module is loaded only when one is set up: a sync through the folder
    # alone starts as fast as `filmlog list`.
    if only != "folder" and (chosen is None or config.of_sources(REGISTERED)):
        from filmlog.cli.imports import sync_sources

        failed = sync_sources(ctx, only, verbose, dry_run, db, alone=chosen is None)
    if dry_run and chosen is not None:
        say(f"A dry run does not read the sync folder {chosen}: nothing is written there.")
    if shared is not None:
        try:
            sync_folder(ctx, db, shared, verbose=verbose, new_machine=new_machine)
        except FilmlogError as exc:
            say(f"sync folder: {exc.message}")
            failed += 1
    if failed:
        raise typer.Exit(1)


def folder_set(given: Path | None) -> Path | None:
    from filmlog.journal import config

    if given is not None:
        return given.expanduser().absolute()
    setting = config.get("sync-folder")
    return Path(setting).expanduser() if setting else None


def sync_folder(
    ctx: typer.Context, db: Path | None, folder: Path, *, verbose: bool, new_machine: bool
) -> None:
    """One sync through the folder (FilmlogError on a folder that cannot be used)."""
    from filmlog.syncfolder import sync

    with open_for(ctx, db, write=True) as journal:
        done = sync(journal, folder, new_machine=new_machine)
    shown = out if verbose else say
    if new_machine:
        say(f"This journal syncs as machine {done.machine} now.")
    elif done.renewed:
        say(
            f"This journal is a copy of another whose id the folder knows: it syncs as"
            f" machine {done.machine} of its own."
        )
    for machine, counts in done.came.items():
        shown(f"From {machine}: {told(counts)}.")
    if not verbose:
        return
    if done.joined:
        out(f"This journal joined {folder} as machine {done.machine}.")
    if done.wrote:
        out(
            f"Wrote {done.wrote} change{'s' if done.wrote != 1 else ''} to {folder / done.machine}."
        )
    if not done.news():
        out(f"Nothing new from the other machines in {folder}.")
    for machine in done.waiting:
        out(f"Waiting for the rest of {machine}'s files to arrive.")
    if done.skipped:
        out(f"Left out {done.skipped} change(s) this journal cannot hold.")
    if done.snapshot:
        out(f"Rewrote this machine's files in {folder} as one snapshot.")


KIND_WORDS = {"film": "film", "entry": "viewing", "list": "list", "item": "list item"}


def told(counts: Counter[tuple[str, str]]) -> str:
    """'2 films and 3 viewings new, 1 viewing removed'."""
    from filmlog.values.display import counted

    parts = []
    for action in ("new", "changed", "removed"):
        things = [
            counted(counts[(kind, action)], word)
            for kind, word in KIND_WORDS.items()
            if counts[(kind, action)]
        ]
        if things:
            joined = ", ".join(things[:-1]) + " and " + things[-1] if len(things) > 1 else things[0]
            parts.append(f"{joined} {action}")
    return ", ".join(parts)


def publish_after(ctx: typer.Context, db: Path | None) -> None:
    """After a command that wrote: its changes to this machine's files, when a folder is
    set (a journal that never synced joins the folder then). A folder away is one line:
    the next sync writes them."""
    folder = folder_set(None)
    if folder is None:
        return
    path = resolve_path(ctx, db)

    def publish() -> None:
        from filmlog.journal.db import open_journal
        from filmlog.syncfolder import publish as write_changes
        from filmlog.values.errors import FilmlogError

        if not path.exists():
            return
        try:
            with open_journal(path, write=True) as journal:
                done = write_changes(journal, folder)
            if done.renewed:
                say(f"This journal is a copy of another: it syncs as machine {done.machine}.")
        except FilmlogError as exc:
            say(f"Not written to the sync folder yet ({exc.message}); `filmlog sync` will.")

    ctx.call_on_close(publish)
