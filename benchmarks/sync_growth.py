"""How large a sync folder grows: a machine logging and editing viewings, each command
writing its change file at once (as with a sync folder set) and a sync every few
commands (cron), measured after N changes. Prints bytes, files and the time per change.

    python benchmarks/sync_growth.py --changes 10000 --every 10
    python benchmarks/sync_growth.py --changes 730 --every 2     # a year: log and edit daily
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from filmlog.journal import edits, store
from filmlog.journal.db import open_journal
from filmlog.syncfolder import publish, sync
from filmlog.values.models import NewEntry


def grow(work: Path, changes: int, every: int, seed: int = 7) -> dict[str, object]:
    rng = random.Random(seed)
    folder = work / "Sync"
    folder.mkdir()
    path = work / "journal.db"
    other = work / "other.db"
    with open_journal(other, write=True) as journal:
        sync(journal, folder)  # another machine of the folder, so snapshots have a reader
    entries: list[int] = []
    started = time.perf_counter()
    for n in range(changes):
        with open_journal(path, write=True) as journal:
            if not entries or n % 2 == 0:
                saved = store.add_entry(
                    journal,
                    NewEntry(
                        title=f"Film {rng.randrange(changes)}",
                        year=rng.randrange(1920, 2026),
                        directors=[f"Director {rng.randrange(500)}"],
                        rating=rng.randrange(1, 11),
                        watched=f"20{rng.randrange(10, 26)}-0{rng.randrange(1, 10)}-15",
                        review="A few words about it." if rng.random() < 0.3 else None,
                    ),
                )
                entries.append(saved.entry.id)
            else:
                edits.edit_entry(
                    journal,
                    rng.choice(entries),
                    edits.EntryChanges(rating=rng.randrange(1, 11)),
                )
            if n == 0:
                sync(journal, folder)  # joins the folder
            elif n % every == 0:
                sync(journal, folder)
            else:
                publish(journal, folder)
    with open_journal(path, write=True) as journal:
        sync(journal, folder)
    seconds = time.perf_counter() - started
    with open_journal(other, write=True) as journal:
        sync(journal, folder)
    files = [p for p in folder.rglob("*") if p.is_file()]
    return {
        "changes": changes,
        "sync_every": every,
        "bytes": sum(p.stat().st_size for p in files),
        "files": len(files),
        "ms_per_change": round(seconds / changes * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--every", type=int, default=10, help="a sync every N changes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="filmlog-sync-") as tmp:
        print(json.dumps(grow(Path(tmp), args.changes, args.every), indent=2))


if __name__ == "__main__":
    main()
