"""The sync folder's files: one folder per machine, written by that machine alone.

    FOLDER/<machine id>/machine.json            who it is (host name, where its journal is)
    FOLDER/<machine id>/changes-0000000042.jsonl  what changed there, one file per sync
    FOLDER/<machine id>/snapshot-0000000040.jsonl all it knew after its 40th file

A file is written under a hidden temporary name and renamed when complete, and ends with
a line counting what it holds: a file still arriving, cut short or under a sync tool's
temporary name is not read until it is whole. Nothing else in the folder is read (a sync
tool's own files, a "conflicted copy").
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filmlog.values.errors import FilmlogError

FORMAT = 1  # of the files; a machine writing a later one is running a newer filmlog
MACHINE_ID = re.compile(r"^[0-9a-f]{16}$")
FILE = re.compile(r"^(changes|snapshot)-(\d{10})\.jsonl$")


class FolderError(FilmlogError):
    """The folder cannot be used: missing, unwritable, full, or from a newer filmlog."""


@dataclass(frozen=True)
class Written:
    """A whole file of another machine's (or this one's): what it holds, in order."""

    machine: str
    kind: str  # changes or snapshot
    seq: int
    stamp: str
    lines: list[dict[str, Any]]


def host() -> str:
    return socket.gethostname() or "unknown"


def check_folder(folder: Path) -> None:
    if not folder.exists():
        raise FolderError(
            f"{folder} does not exist: create it (or let your sync tool make"
            " it), or set another with `filmlog config set sync-folder PATH`"
        )
    if not folder.is_dir():
        raise FolderError(f"{folder} is not a folder: give a folder's path")


def write_atomic(path: Path, text: str) -> None:
    """The whole file or none of it, under its name; a hidden name while it is written."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise _unwritable(path, exc) from None


def _unwritable(path: Path, exc: OSError) -> FolderError:
    folder = path.parent.parent
    if exc.errno == errno.ENOSPC:
        why = "the disk is full"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "it cannot be written here (read only?)"
    else:
        why = exc.strerror or type(exc).__name__
    return FolderError(f"cannot write to the sync folder {folder}: {why}; the journal is unchanged")


def file_text(machine: str, kind: str, seq: int, stamp: str, lines: list[dict]) -> str:
    head = {"filmlog_sync": FORMAT, "machine": machine, "kind": kind, "seq": seq, "stamp": stamp}
    body = [json.dumps(head, ensure_ascii=False)]
    body += [json.dumps(line, ensure_ascii=False, separators=(",", ":")) for line in lines]
    body.append(json.dumps({"end": len(lines)}))
    return "\n".join(body) + "\n"


def file_name(kind: str, seq: int) -> str:
    return f"{kind}-{seq:010d}.jsonl"


def write_machine(folder: Path, machine: str, home: str) -> None:
    card = {"filmlog_sync": FORMAT, "machine": machine, "name": host(), "home": home}
    path = folder / machine / "machine.json"
    text = json.dumps(card, indent=2) + "\n"
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    write_atomic(path, text)


def read_machine(folder: Path, machine: str) -> dict[str, Any] | None:
    """A machine's card, or None while it is not there (or not whole)."""
    try:
        card = json.loads((folder / machine / "machine.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(card, dict):
        return None
    _check_format(card, folder / machine / "machine.json")
    return card


def _check_format(head: dict[str, Any], path: Path) -> None:
    version = head.get("filmlog_sync")
    if isinstance(version, int) and version > FORMAT:
        raise FolderError(
            f"{path} was written by a newer filmlog (sync format {version}): upgrade filmlog"
            " on this machine to sync with it; nothing was applied"
        )


def machines(folder: Path) -> list[str]:
    """The machines with a folder here, by id."""
    try:
        return sorted(p.name for p in folder.iterdir() if MACHINE_ID.match(p.name) and p.is_dir())
    except OSError as exc:
        raise FolderError(f"cannot read the sync folder {folder}: {exc.strerror or exc}") from None


def listing(folder: Path, machine: str) -> dict[str, dict[int, Path]]:
    """A machine's change and snapshot files by number (whole or not)."""
    found: dict[str, dict[int, Path]] = {"changes": {}, "snapshot": {}}
    try:
        names = os.listdir(folder / machine)
    except OSError:
        return found
    for name in names:
        if m := FILE.match(name):
            found[m.group(1)][int(m.group(2))] = folder / machine / name
    return found


def read_whole(path: Path, machine: str) -> Written | None:
    """The file's changes, or None when it is not whole yet (or not one of ours)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    rows = text.split("\n")
    if len(rows) < 3 or rows[-1] != "":
        return None
    try:
        head = json.loads(rows[0])
        end = json.loads(rows[-2])
        lines = [json.loads(row) for row in rows[1:-2]]
    except ValueError:
        return None
    if not isinstance(head, dict) or not isinstance(end, dict):
        return None
    _check_format(head, path)
    m = FILE.match(path.name)
    if (
        m is None
        or head.get("machine") != machine
        or head.get("seq") != int(m.group(2))
        or head.get("kind") != m.group(1)
        or end.get("end") != len(lines)
        or not isinstance(head.get("stamp"), str)
        or not all(isinstance(line, dict) for line in lines)
    ):
        return None
    return Written(machine, m.group(1), int(m.group(2)), head["stamp"], lines)


def remove_files(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):  # another time: the snapshot covers them
            path.unlink()
