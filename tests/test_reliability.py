"""The journal survives what people do to it: parallel writers, kills, full disks, old files."""

from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.synthetic import write_letterboxd_diary
from tests.conftest import count, rows, subprocess_env


def filmlog(journal: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "filmlog", "--db", str(journal), *args],
        capture_output=True,
        text=True,
        env=subprocess_env(**env),
        timeout=120,
    )


def start(journal: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "filmlog", "--db", str(journal), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=subprocess_env(**env),
    )


def healthy(journal: Path) -> bool:
    conn = sqlite3.connect(journal)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


@pytest.mark.slow
def test_24_writers_at_once_all_land(journal: Path) -> None:
    procs = [start(journal, "add", f"Film {i}", "-r", "4") for i in range(24)]
    results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in procs]
    assert [code for code, _ in results] == [0] * 24, results
    assert count(journal, "entries") == 24
    assert count(journal, "films") == 24
    assert healthy(journal)


def test_a_writer_blocked_too_long_says_busy(cli, journal: Path) -> None:
    cli("add", "Heat", ok=True)
    holder = sqlite3.connect(journal, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = filmlog(journal, "add", "Ran", FILMLOG_BUSY_TIMEOUT="0.3")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1
    assert "busy" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert count(journal, "entries") == 1
    # Readers are not held up by a writer.
    holder = sqlite3.connect(journal, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert filmlog(journal, "list").returncode == 0
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.fixture(scope="module")
def big_diary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_letterboxd_diary(
        tmp_path_factory.mktemp("big") / "diary.csv", entries=30000, film_count=9000
    )


@pytest.mark.slow
def test_sigkill_at_any_moment_leaves_before_or_after(journal: Path, big_diary: Path) -> None:
    assert filmlog(journal, "add", "Mine", "-r", "5").returncode == 0
    started = time.monotonic()
    full = filmlog(journal, "import", "letterboxd", str(big_diary), "--dry-run")
    assert full.returncode == 0
    duration = time.monotonic() - started
    outcomes = set()
    for fraction in (0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 1.0, 1.2):
        proc = start(journal, "import", "letterboxd", str(big_diary))
        time.sleep(duration * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert healthy(journal)
        entries = count(journal, "entries")
        assert entries in (1, 30001), (fraction, entries)
        outcomes.add(entries)
        check = filmlog(journal, "db", "check")
        assert check.returncode == 0, check.stdout
        if entries == 30001:
            assert filmlog(journal, "import", "undo", "--yes").returncode == 0
            assert count(journal, "entries") == 1
    assert 1 in outcomes  # at least one kill landed mid-import
    assert rows(journal, "SELECT title FROM films") == [("Mine",)]
    finished = filmlog(journal, "import", "letterboxd", str(big_diary))
    assert finished.returncode == 0
    assert count(journal, "entries") == 30001


@pytest.mark.slow
def test_ctrl_c_during_an_import_rolls_back(journal: Path, big_diary: Path) -> None:
    assert filmlog(journal, "add", "Mine").returncode == 0
    started = time.monotonic()
    assert filmlog(journal, "import", "letterboxd", str(big_diary), "--dry-run").returncode == 0
    duration = time.monotonic() - started
    proc = start(journal, "import", "letterboxd", str(big_diary))
    time.sleep(duration * 0.6)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the import finished before the signal; machine too fast for this test")
    assert proc.returncode == 130
    assert "Interrupted" in err
    assert "Traceback" not in err
    assert count(journal, "entries") == 1
    assert healthy(journal)


def test_an_older_journal_is_upgraded_after_a_backup(journal: Path) -> None:
    from sqlite_utils import Database

    from filmlog.journal import migrations

    db = Database(journal)
    migrations.migrations().apply(db, stop_before=migrations.NAMES[1])
    db.execute(
        "INSERT INTO films (title, title_key, year, seen, created_at, updated_at)"
        " VALUES ('Heat', 'heat', 1995, 1, 'then', 'then')"
    )
    db.conn.commit()
    db.close()
    result = filmlog(journal, "list")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Heat\t1995")
    backups = list(journal.parent.glob("journal.db.bak-*"))
    assert len(backups) == 1
    assert re.fullmatch(r"journal\.db\.bak-\d{8}-\d{6}", backups[0].name)
    assert backups[0].stat().st_mode & 0o777 == 0o600
    old = sqlite3.connect(backups[0])
    assert [r[0] for r in old.execute("SELECT name FROM _sqlite_migrations")] == [
        migrations.NAMES[0]
    ]
    old.close()
    applied = [r[0] for r in rows(journal, "SELECT name FROM _sqlite_migrations")]
    assert applied == list(migrations.NAMES)


def test_a_full_disk_fails_cleanly(cli, journal: Path, tmp_path: Path) -> None:
    cli("add", "Heat", ok=True)
    pages = rows(journal, "PRAGMA page_count")[0][0]
    diary = write_letterboxd_diary(tmp_path / "diary.csv", entries=3000, film_count=1000)
    before = rows(journal, "SELECT * FROM entries")
    result = filmlog(
        journal, "import", "letterboxd", str(diary), FILMLOG_MAX_PAGE_COUNT=str(pages + 5)
    )
    assert result.returncode == 1
    assert "disk is full" in result.stderr
    assert "Traceback" not in result.stderr
    assert rows(journal, "SELECT * FROM entries") == before
    assert healthy(journal)


READ_ONLY_MOUNT = 'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" "$0" && exec "$@"'


def _read_only_runner(folder: Path) -> list[str] | None:
    """How to run a command that sees folder read-only, even as root (who ignores modes).

    As root: in a private mount namespace with folder bind-mounted read-only.
    Otherwise: plain, after taking the write bits away.
    """
    if os.geteuid() != 0:
        return []
    prefix = ["unshare", "-m", "sh", "-c", READ_ONLY_MOUNT, str(folder)]
    try:
        probe = subprocess.run(
            [*prefix, "sh", "-c", f"! touch {folder}/probe 2>/dev/null"],
            capture_output=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return prefix if probe.returncode == 0 else None


def test_a_read_only_journal_can_be_read_not_written(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    journal = folder / "journal.db"
    assert filmlog(journal, "add", "Heat", "-y", "1995", "-r", "4").returncode == 0
    prefix = _read_only_runner(folder)
    if prefix is None:
        pytest.skip("cannot make a read-only folder here")
    journal.chmod(0o444)
    folder.chmod(0o555)
    before = journal.read_bytes()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*prefix, sys.executable, "-m", "filmlog", "--db", str(journal), *args],
            capture_output=True,
            text=True,
            env=subprocess_env(),
            timeout=60,
        )

    try:
        for args in (["list"], ["show", "heat"], ["diary"], ["export", "json"], ["db", "info"]):
            result = run(*args)
            assert result.returncode == 0, (args, result.stderr)
            assert "Heat" in result.stdout or "films" in result.stdout
        result = run("add", "Ran")
        assert result.returncode == 1
        assert "read-only" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert journal.read_bytes() == before
    finally:
        folder.chmod(0o755)


def _as_someone_who_cannot_write(folder: Path, journal: Path) -> list[str] | None:
    """A prefix that runs a command as someone who may read folder but not write it.

    As root (who ignores file modes): the folder and journal are given to
    nobody (65534), and the command runs without the capabilities that let
    root write anyway. Otherwise the folder is the user's own, made 0555.
    """
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return []
    if shutil.which("setpriv") is None:
        return None
    os.chown(folder, 65534, 65534)
    os.chown(journal, 65534, 65534)
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


READ_COMMANDS = {  # each read command, and what its output must hold
    ("show", "heat"): "Heat (1995)",
    ("list",): "Heat",
    ("diary",): "Heat",
    ("search", "heat"): "Heat",
    ("stats",): "films",
    ("export", "json"): '"title": "Heat"',
    ("db", "info"): "entries",
    ("db", "check"): "healthy",
}


def test_a_copy_of_a_journal_in_a_folder_not_yours_can_be_read(tmp_path: Path) -> None:
    source = tmp_path / "journal.db"
    assert filmlog(source, "add", "Heat", "-y", "1995", "-r", "4").returncode == 0
    share = tmp_path / "share"
    share.mkdir(mode=0o755)
    journal = share / "journal.db"
    copy = sqlite3.connect(journal)
    sqlite3.connect(source).backup(copy)  # one consistent file, still in WAL mode
    copy.close()
    assert rows(journal, "PRAGMA journal_mode") == [("wal",)]
    journal.chmod(0o444)
    prefix = _as_someone_who_cannot_write(share, journal)
    if prefix is None:
        pytest.skip("no way to run as someone who cannot write here")
    before = journal.read_bytes()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*prefix, sys.executable, "-m", "filmlog", "--db", str(journal), *args],
            capture_output=True,
            text=True,
            env=subprocess_env(),
            timeout=60,
        )

    try:
        assert run("add", "Probe").returncode == 1  # the runner really cannot write here
        for args, shown in READ_COMMANDS.items():
            result = run(*args)
            assert result.returncode == 0, (args, result.stderr)
            assert shown in result.stdout, (args, result.stdout)
        result = run("add", "Ran")
        assert result.returncode == 1
        assert (
            result.stderr.strip()
            == f"Error: the journal {journal} is read-only: nothing was changed"
        )
        assert journal.read_bytes() == before
        assert sorted(p.name for p in share.iterdir()) == ["journal.db"]
    finally:
        share.chmod(0o755)


@pytest.mark.slow
def test_backup_is_consistent_while_another_writes(journal: Path, tmp_path: Path) -> None:
    assert filmlog(journal, "add", "First").returncode == 0
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\nfrom pathlib import Path\nfrom filmlog.db import open_journal\n"
            "from filmlog.values.models import NewEntry\nfrom filmlog.journal.store import add_entry\n"
            "for i in range(300):\n"
            "    with open_journal(Path(sys.argv[1]), write=True) as j:\n"
            "        add_entry(j, NewEntry(title=f'Film {i}', review='words ' * 200))\n",
            str(journal),
        ],
        env=subprocess_env(),
    )
    copies = []
    try:
        for i in range(5):
            time.sleep(0.3)
            target = tmp_path / f"copy{i}.db"
            result = filmlog(journal, "db", "backup", str(target))
            assert result.returncode == 0, result.stderr
            copies.append(target)
    finally:
        writer.wait(timeout=120)
    for target in copies:
        assert target.stat().st_mode & 0o777 == 0o600
        assert healthy(target)
        films, entries = count(target, "films"), count(target, "entries")
        assert films == entries  # each add is a film and its entry, never half
    again = filmlog(journal, "db", "backup", str(copies[0]))
    assert again.returncode == 1
    assert "--force" in again.stderr


def test_db_check_finds_damage(cli, journal: Path) -> None:
    for i in range(60):
        cli("add", f"Film {i}", "--review", "words " * 100, ok=True)
    conn = sqlite3.connect(journal)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    assert filmlog(journal, "db", "check").returncode == 0
    data = bytearray(journal.read_bytes())
    for page in range(pages // 2, pages - 1):
        start = page * page_size
        data[start : start + 64] = b"\xff" * 64
    journal.write_bytes(bytes(data))
    result = filmlog(journal, "db", "check")
    assert result.returncode == 1
    assert "problem" in result.stdout or "damaged" in result.stdout
    assert "Traceback" not in result.stderr
    before = journal.read_bytes()
    repair = filmlog(journal, "db", "check", "--repair")
    assert repair.returncode == 1
    (line,) = repair.stderr.strip().splitlines()
    assert line.startswith(f"Error: cannot repair {journal}: the journal itself is damaged")
    assert line.endswith("restore a backup (or the export you last made)")
    assert "filmlog db check" not in line
    assert journal.read_bytes() == before


def _full_disk(command: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """command run with a 256 KB disk at $FULL (a tmpfs of its own: nothing else is touched)."""
    if shutil.which("unshare") is None:
        pytest.skip("no unshare here")
    script = f'mount -t tmpfs -o size=256k tmpfs "$FULL" && {command}'
    done = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
        env=subprocess_env(FULL=str(tmp_path / "full"), PYTHON=sys.executable),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if "mount:" in done.stderr or "unshare:" in done.stderr:
        pytest.skip(f"cannot make a small disk here: {done.stderr.strip()}")
    return done


@pytest.mark.parametrize("how", ["-o", "redirect"])
def test_a_full_disk_names_the_file_and_leaves_no_partial_one(factory, journal, tmp_path, how):
    factory.many(films=300, entries=3000)  # a JSON export of some 1.5 MB
    (tmp_path / "full").mkdir()
    target = '"$FULL/journal.json"'
    export = f'"$PYTHON" -m filmlog --db {journal} export json'
    command = f"{export} -o {target}" if how == "-o" else f"{export} > {target}"
    listing = f'ls -a "$FULL"; if [ -e {target} ]; then wc -c < {target}; fi'
    done = _full_disk(f"{command}; echo rc=$?; {listing}", tmp_path)
    assert "rc=1" in done.stdout, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(f"Error: could not write {tmp_path / 'full' / 'journal.json'}:")
    assert "No space left on device" in line
    listed = done.stdout.split()
    assert not [name for name in listed if name.endswith(".tmp")]  # no temporary file left
    if how == "-o":
        assert "journal.json" not in listed
    else:
        assert line.endswith("; the file is left empty") and listed[-1] == "0"
