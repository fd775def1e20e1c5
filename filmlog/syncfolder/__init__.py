"""One journal on several machines, through a folder a sync tool carries between them
(Syncthing, Dropbox, iCloud Drive, Nextcloud, a git repository).

Each machine writes only its own files (see files.py), so the sync tool never sees two
machines write one file. What travels is changes: each film, viewing, list and list
item has a uid that is the same on every machine, and each change a stamp every machine
orders the same way (stamps.py), so every journal ends the same whatever order the files
arrive in. A sync writes this machine's changes, then takes the others' (apply.py).
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filmlog.journal.db import Journal
from filmlog.syncfolder import files
from filmlog.syncfolder.capture import unwatch, watch, watching
from filmlog.syncfolder.files import FolderError
from filmlog.syncfolder.ledger import Ledger
from filmlog.syncfolder.publish import Publisher, mark_everything
from filmlog.syncfolder.stamps import Clock, valid

__all__ = ["FolderError", "Synced", "publish", "sync"]

SNAPSHOT_AFTER_FILES = 64  # change files since the last snapshot
SNAPSHOT_AFTER_BYTES = 2_000_000


@dataclass
class Synced:
    """What a sync did."""

    machine: str
    wrote: int = 0  # changes written to this machine's file
    came: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)  # by machine
    waiting: list[str] = field(default_factory=list)  # machines whose next file is not whole
    skipped: int = 0  # lines of others' files this journal could not take
    snapshot: bool = False
    joined: bool = False
    renewed: bool = False  # took a new machine id (asked, or a copy that never synced)

    def news(self) -> bool:
        return any(self.came.values())


@dataclass
class _Machine:
    id: str
    home: str | None
    folder: str | None
    clock: str | None
    seq: int
    snapshot: int


def _load(conn: sqlite3.Connection) -> _Machine:
    row = conn.execute("SELECT id, home, folder, clock, seq, snapshot FROM sync_machine").fetchone()
    return _Machine(*row)


def _save(conn: sqlite3.Connection, me: _Machine) -> None:
    conn.execute(
        "UPDATE sync_machine SET home = ?, folder = ?, clock = ?, seq = ?, snapshot = ?",
        [me.home, me.folder, me.clock, me.seq, me.snapshot],
    )


def home_of(path: Path | None) -> str:
    """Where the journal file is: this host, and the file itself (a copy is another file,
    a journal moved on its disk the same one)."""
    if path is None:
        return f"{files.host()}:memory"
    st = os.stat(path)
    return f"{files.host()}:{st.st_dev}:{st.st_ino}"


def _check_home(journal: Journal, me: _Machine, folder: Path, *, new_machine: bool) -> bool:
    """Whether this journal is the machine its id names; True when it took a new id.

    A journal notes the file it first synced from (host, device, inode), and the folder
    its machine's card: a copy of a journal that synced is refused (it would write as
    the other machine), and a copy that never synced simply takes an id of its own."""
    here = home_of(journal.path)
    card = files.read_machine(folder, me.id)
    elsewhere = card is not None and card.get("home") not in (None, here)
    never_synced = me.home is None and me.seq == 0
    if new_machine or (elsewhere and never_synced):
        me.id, me.home, me.seq, me.snapshot = secrets.token_hex(8), here, 0, 0
        journal.conn.execute("UPDATE sync_machine SET id = ?", [me.id])
        return True
    if me.home is not None and me.home != here:
        raise FolderError(
            f"this journal synced as machine {me.id} from another file ({me.home}): it is a"
            " copy, and two journals must not sync as one machine. Run `filmlog sync"
            " --new-machine` to give this one its own id"
        )
    if card is not None and elsewhere:
        raise FolderError(
            f"machine id {me.id} is already used by the journal on {card.get('name', '?')}"
            f" ({card.get('home')}): this journal is a copy of it. Run `filmlog sync"
            " --new-machine` to give this one its own id"
        )
    me.home = here
    return False


def publish(journal: Journal, folder: Path) -> Synced:
    """This machine's changes since its last sync, written to its own file (after a write
    command, when a sync folder is set): nothing is taken from the others. A journal
    that never synced joins the folder here: all it holds is written."""
    conn = journal.conn
    joining = not watching(conn)
    if not joining and conn.execute("SELECT 1 FROM sync_dirty LIMIT 1").fetchone() is None:
        return Synced(machine="")
    files.check_folder(folder)
    with journal.transaction():
        me = _load(conn)
        done = Synced(me.id, renewed=_check_home(journal, me, folder, new_machine=False))
        if joining:
            watch(conn)
            mark_everything(conn)
        clock = Clock(me.id, me.clock)
        stamp, lines = _publish(conn, me, clock, joining=joining)
        done.wrote, done.joined, done.machine = _write(folder, me, stamp, lines), joining, me.id
        files.write_machine(folder, me.id, me.home or "")
        me.clock, me.folder = clock.latest, str(folder)
        _save(conn, me)
    return done


def sync(journal: Journal, folder: Path, *, new_machine: bool = False) -> Synced:
    """Write this machine's changes, take the other machines', in one transaction: a
    folder that cannot be read or written leaves the journal as it was."""
    files.check_folder(folder)
    conn = journal.conn
    with journal.transaction():
        me = _load(conn)
        renewed = _check_home(journal, me, folder, new_machine=new_machine)
        done = Synced(machine=me.id, renewed=renewed)
        theirs = _whole_files(conn, folder, me.id, done)  # a newer filmlog's: refused first
        if not watching(conn):
            watch(conn)
            mark_everything(conn)
            done.joined = True
        clock = Clock(me.id, me.clock)
        stamp, lines = _publish(conn, me, clock, joining=done.joined)
        if theirs:
            unwatch(conn)
        echoes = _take(journal, me, theirs, clock, done)
        if theirs:
            watch(conn)
        if echoes:
            later = clock.stamp()
            lines += [{"k": kind, "u": uid, "g": 1, "t": later} for kind, uid in echoes]
        conn.execute("DELETE FROM sync_dirty")  # what was taken is no change of this machine's
        done.wrote = _write(folder, me, stamp, lines)
        files.write_machine(folder, me.id, me.home or "")
        done.snapshot = _compact(conn, me, folder, clock)
        # A cron sync that found nothing writes nothing: the journal file is not touched.
        if (
            theirs
            or done.wrote
            or done.joined
            or done.snapshot
            or renewed
            or me.folder != str(folder)
        ):
            me.clock, me.folder = clock.latest, str(folder)
            _save(conn, me)
    return done


def _publish(
    conn: sqlite3.Connection, me: _Machine, clock: Clock, joining: bool = False
) -> tuple[str, list[dict]]:
    """This machine's changes since its last sync, stamped now (before another machine's
    stamps move the clock: an edit made before this sync is not made later by it)."""
    stamp = clock.stamp()
    return stamp, Publisher(conn, Ledger(conn, me.id), joining).lines(stamp)


def _write(folder: Path, me: _Machine, stamp: str, lines: list[dict]) -> int:
    if not lines:
        return 0
    # A number never used: a file written by a sync whose journal write then failed stays.
    mine = files.listing(folder, me.id)
    me.seq = max([me.seq, *mine["changes"], *mine["snapshot"]]) + 1
    text = files.file_text(me.id, "changes", me.seq, stamp, lines)
    files.write_atomic(folder / me.id / files.file_name("changes", me.seq), text)
    files.write_machine(folder, me.id, me.home or "")
    return len(lines)


def _whole_files(
    conn: sqlite3.Connection, folder: Path, me: str, done: Synced
) -> list[tuple[str, str, list[files.Written]]]:
    """Each other machine's files not yet taken, in order, as far as they are whole."""
    seen = {r[0]: r[1] for r in conn.execute("SELECT machine, seq FROM sync_seen")}
    found = []
    for machine in files.machines(folder):
        if machine == me:
            continue
        card = files.read_machine(folder, machine)
        name = f"{card.get('name')} ({machine[:8]})" if card else machine
        have = files.listing(folder, machine)
        pos, taking = seen.get(machine, 0), []
        following = have["changes"].get(pos + 1)
        whole = files.read_whole(following, machine) if following else None
        if whole is None:
            for number in sorted((n for n in have["snapshot"] if n > pos), reverse=True):
                if snapshot := files.read_whole(have["snapshot"][number], machine):
                    taking.append(snapshot)
                    pos = number
                    break
        else:
            taking.append(whole)
            pos += 1
        while (path := have["changes"].get(pos + 1)) and (
            written := files.read_whole(path, machine)
        ):
            taking.append(written)
            pos += 1
        if any(n > pos for n in [*have["changes"], *have["snapshot"]]):
            done.waiting.append(name)
        if taking:
            found.append((machine, name, taking))
    return found


def _take(
    journal: Journal,
    me: _Machine,
    theirs: list[tuple[str, str, list[files.Written]]],
    clock: Clock,
    done: Synced,
) -> list[tuple[str, str]]:
    """Take the other machines' changes; what this machine must say gone in turn."""
    if not theirs:
        return []
    from filmlog.syncfolder.apply import Applier

    ledger = Ledger(journal.conn, me.id)
    applier = Applier(journal, ledger)
    lines: list[tuple[str, int, str, dict[str, Any]]] = []
    for machine, _, written in theirs:
        for n, each in enumerate(written):
            for line in each.lines:
                stamp = line.get("t", each.stamp)
                if valid(stamp):
                    lines.append((str(stamp), n, machine, line))
                else:
                    applier.skipped += 1
    lines.sort(key=lambda x: (x[0], x[1]))
    for stamp, _, machine, line in lines:
        clock.saw(stamp)
        applier.take(line, machine, stamp)
    applier.retry()
    ledger.save()
    names = {machine: name for machine, name, _ in theirs}
    for machine, counts in applier.counts.items():
        done.came[names.get(machine, machine)] = counts
    done.skipped = applier.skipped + applier.writes.skipped
    for machine, name, written in theirs:
        journal.conn.execute(
            "INSERT INTO sync_seen (machine, name, seq) VALUES (?, ?, ?) ON CONFLICT (machine)"
            " DO UPDATE SET name = excluded.name, seq = excluded.seq",
            [machine, name, written[-1].seq],
        )
    return applier.echoes


def _compact(conn: sqlite3.Connection, me: _Machine, folder: Path, clock: Clock) -> bool:
    """Rewrite this machine's files as one snapshot of all it knows when they have grown
    (or when one of them went missing: the sync tool lost it)."""
    from filmlog.syncfolder.snapshot import snapshot_lines

    mine = files.listing(folder, me.id)
    since = {n: p for n, p in mine["changes"].items() if n > me.snapshot}
    lost = any(n not in since for n in range(me.snapshot + 1, me.seq + 1)) or (
        me.snapshot > 0 and me.snapshot not in mine["snapshot"]
    )
    sizes = {n: p.stat().st_size for n, p in since.items() if p.exists()}
    # Rewritten once the changes outweigh what a snapshot costs: the last snapshot, or the
    # first file, which said all the journal held when it joined.
    if me.snapshot:
        base, extra = mine["snapshot"][me.snapshot].stat().st_size, sum(sizes.values())
    else:
        first = sizes.get(min(sizes), 0) if sizes else 0
        base, extra = first, sum(sizes.values()) - first
    grown = len(since) >= SNAPSHOT_AFTER_FILES or extra >= max(SNAPSHOT_AFTER_BYTES, base)
    if me.seq == 0 or not (lost or grown):
        return False
    stamp = clock.stamp()
    lines = snapshot_lines(conn, Ledger(conn, me.id))
    me.seq = max([me.seq, *mine["changes"], *mine["snapshot"]]) + (1 if lost else 0)
    text = files.file_text(me.id, "snapshot", me.seq, stamp, lines)
    files.write_atomic(folder / me.id / files.file_name("snapshot", me.seq), text)
    old = [p for n, p in mine["changes"].items() if n <= me.seq]
    old += [p for n, p in mine["snapshot"].items() if n < me.seq]
    files.remove_files(old)
    me.snapshot = me.seq
    return True
