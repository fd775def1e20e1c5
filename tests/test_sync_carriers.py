"""The sync folder carried by the real things people use: two Syncthing instances (Debian's
package) on 127.0.0.1 with discovery, relays, NAT traversal and reporting off, and a git
repository pushed to a bare one on disk and pulled on the other side.

Each side is a journal of its own (a machine) with its own folder; only the carrier
moves files between the two folders."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import count, rows

FOLDER_ID = "filmlog-journal"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Syncthing:
    """One Syncthing instance, its folder shared with the other instance only."""

    def __init__(self, home: Path, folder: Path) -> None:
        self.home = home
        self.folder = folder
        self.gui_port = _free_port()
        self.listen_port = _free_port()
        self.api_key = f"filmlog-test-{os.getpid()}-{self.gui_port}"
        made = subprocess.run(
            [
                "syncthing",
                "generate",
                f"--home={home}",
                "--no-default-folder",
                "--skip-port-probing",
            ],
            capture_output=True,
            text=True,
            check=True,
            env=self.env(),
        )
        found = re.search(r"Device ID:\s*(\S+)", made.stdout + made.stderr)
        assert found, made.stdout + made.stderr
        self.device = found[1]
        self.process: subprocess.Popen[bytes] | None = None

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "HOME": str(self.home),
            "STNODEFAULTFOLDER": "1",
            "STNOUPGRADE": "1",
            "all_proxy": "",
        }

    def configure(self, other: Syncthing) -> None:
        path = self.home / "config.xml"
        tree = ET.parse(path)
        root = tree.getroot()
        gui = root.find("gui")
        assert gui is not None
        gui.find("address").text = f"127.0.0.1:{self.gui_port}"  # type: ignore[union-attr]
        gui.find("apikey").text = self.api_key  # type: ignore[union-attr]
        options = root.find("options")
        assert options is not None
        for name, value in {
            "listenAddress": f"tcp://127.0.0.1:{self.listen_port}",
            "globalAnnounceEnabled": "false",
            "localAnnounceEnabled": "false",
            "relaysEnabled": "false",
            "natEnabled": "false",
            "startBrowser": "false",
            "urAccepted": "-1",
            "autoUpgradeIntervalH": "0",
            "crashReportingEnabled": "false",
            "stunKeepaliveStartS": "0",
        }.items():
            element = options.find(name)
            if element is None:
                element = ET.SubElement(options, name)
            element.text = value
        peer = ET.SubElement(
            root,
            "device",
            id=other.device,
            name="other",
            compression="metadata",
            introducer="false",
        )
        ET.SubElement(peer, "address").text = f"tcp://127.0.0.1:{other.listen_port}"
        ET.SubElement(peer, "autoAcceptFolders").text = "false"
        folder = ET.SubElement(
            root,
            "folder",
            id=FOLDER_ID,
            label="filmlog",
            path=str(self.folder),
            type="sendreceive",
            rescanIntervalS="1",
            fsWatcherEnabled="true",
            fsWatcherDelayS="1",
        )
        for device in (self.device, other.device):
            ET.SubElement(folder, "device", id=device)
        ET.SubElement(folder, "minDiskFree", unit="%").text = "0"
        tree.write(path)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "syncthing",
                "serve",
                f"--home={self.home}",
                "--no-browser",
                "--no-restart",
                "--no-upgrade",
                f"--logfile={self.home / 'log.txt'}",
            ],
            env=self.env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self.api("GET", "/rest/system/ping")
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("Syncthing did not start: " + self.log())

    def api(self, method: str, path: str) -> object:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}",
            method=method,
            headers={"X-API-Key": self.api_key},
        )
        with urllib.request.urlopen(request, timeout=5) as answer:
            body = answer.read()
        return json.loads(body) if body else None

    def scan(self) -> None:
        self.api("POST", f"/rest/db/scan?folder={FOLDER_ID}")

    def log(self) -> str:
        try:
            return (self.home / "log.txt").read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture
def two_syncthings(tmp_path: Path) -> Iterator[tuple[Syncthing, Syncthing]]:
    if shutil.which("syncthing") is None:
        pytest.skip("Syncthing is not installed (Debian's syncthing package)")
    folders = [tmp_path / "laptop" / "Sync", tmp_path / "desktop" / "Sync"]
    for folder in folders:
        folder.mkdir(parents=True)
    a = Syncthing(tmp_path / "st-laptop", folders[0])
    b = Syncthing(tmp_path / "st-desktop", folders[1])
    a.configure(b)
    b.configure(a)
    a.start()
    b.start()
    try:
        yield a, b
    finally:
        a.stop()
        b.stop()


def _until(check, what: str, carriers: tuple[Syncthing, ...] = (), seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        for carrier in carriers:
            with contextlib.suppress(OSError):
                carrier.scan()
        time.sleep(0.5)
    logs = "\n".join(c.log() for c in carriers)
    raise AssertionError(f"{what} did not happen in {seconds} s\n{logs}")


def test_two_syncthing_instances_carry_a_viewing_and_its_removal(
    cli, tmp_path: Path, two_syncthings
) -> None:
    laptop, desktop = two_syncthings
    dbs = [tmp_path / "laptop" / "filmlog.db", tmp_path / "desktop" / "filmlog.db"]

    def run(i: int, *args: str):
        result = cli("--db", str(dbs[i]), *args)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        return result

    def sync(i: int) -> None:
        run(i, "sync", "--folder", str((laptop, desktop)[i].folder))

    run(0, "add", "Chungking Express", "-y", "1994", "-w", "2024-01-02", "-r", "4.5")
    sync(0)
    laptop.scan()

    def arrived() -> bool:
        sync(1)
        return count(dbs[1], "entries") == 1

    _until(arrived, "the viewing reaching the desktop", (laptop, desktop))
    assert rows(dbs[1], "SELECT title, rating FROM films") == [("Chungking Express", 9)]

    entry = rows(dbs[1], "SELECT id FROM entries")[0][0]
    run(1, "rm", "--entry", str(entry), "--yes")
    sync(1)
    desktop.scan()

    def removed() -> bool:
        sync(0)
        return count(dbs[0], "entries") == 0

    _until(removed, "the removal reaching the laptop", (laptop, desktop))
    # Syncthing never had two machines write one file: no conflict copies
    for folder in (laptop.folder, desktop.folder):
        assert not list(folder.rglob("*sync-conflict*"))


def _git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "filmlog test",
        "GIT_AUTHOR_EMAIL": "test@localhost",
        "GIT_COMMITTER_NAME": "filmlog test",
        "GIT_COMMITTER_EMAIL": "test@localhost",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_a_git_repository_as_the_folder(cli, tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    bare = tmp_path / "journal.git"
    _git(tmp_path, "init", "--bare", "-b", "main", str(bare))
    clones = [tmp_path / "laptop-sync", tmp_path / "desktop-sync"]
    for clone in clones:
        _git(tmp_path, "clone", "-q", str(bare), str(clone))
    dbs = [tmp_path / "laptop.db", tmp_path / "desktop.db"]

    def run(i: int, *args: str):
        result = cli("--db", str(dbs[i]), *args)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        return result

    def sync(i: int) -> None:
        """What a person's script (or cron line) does: pull, sync, commit, push."""
        clone = clones[i]
        if _git(clone, "ls-remote", "--heads", "origin"):
            _git(clone, "pull", "-q", "--rebase", "origin", "main")
        run(i, "sync", "--folder", str(clone))
        _git(clone, "add", "-A")
        if _git(clone, "status", "--porcelain"):
            _git(clone, "commit", "-q", "-m", "filmlog sync")
            _git(clone, "push", "-q", "origin", "HEAD:main")

    run(0, "add", "Heat", "-y", "1995", "-w", "2024-01-02", "-r", "4")
    sync(0)
    run(1, "add", "Ran", "-y", "1985", "-w", "2024-01-03")
    sync(1)  # pulls the laptop's files and pushes its own: never a merge conflict
    sync(0)
    for db in dbs:
        assert rows(db, "SELECT title FROM films ORDER BY title") == [("Heat",), ("Ran",)]
    heat = rows(
        dbs[1], "SELECT e.id FROM entries e JOIN films f ON f.id = e.film_id WHERE f.title = 'Heat'"
    )[0][0]
    run(1, "rm", "--entry", str(heat), "--yes")
    sync(1)
    sync(0)
    assert count(dbs[0], "entries") == 1
