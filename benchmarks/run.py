"""filmlog against the tools a power user would otherwise reach for, on the same data.

Builds a synthetic journal (100,000 entries over 30,000 films by over 2,000
directors, reviews of ~80 words, tags) through filmlog's own import path in a
temporary folder, then times whole processes: each filmlog command beside its
peer, interleaved run by run so machine noise hits both sides, reporting the
median, min and max of the runs after a warm-up, and each process's peak
memory. Prints a table and writes the same as JSON.

    python benchmarks/run.py                  # the full run (a few minutes)
    python benchmarks/run.py --entries 10000  # a quicker, smaller one

Standard library only, beside filmlog itself and the sqlite-utils it installs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import TAGS, films, review, write_letterboxd_diary

BIN = Path(sys.executable).parent
TYPER_APP = '''
import typer

app = typer.Typer()


@app.command()
def hello(name: str) -> None:
    """Say hello."""
    print(f"Hello {name}")


@app.command()
def goodbye(name: str) -> None:
    """Say goodbye."""
    print(f"Goodbye {name}")


if __name__ == "__main__":
    app()
'''
# The least a command like `filmlog list --director` can be: Typer, sqlite3, one query,
# plain rows out (the floor its start-up and work are held to).
BARE_LIST = '''
import sqlite3
import sys

import typer

app = typer.Typer()


@app.command("list")
def list_films(director: str = typer.Option(...), db: str = typer.Option(...)) -> None:
    """Films by a director (given by its key: the floor does no folding)."""
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT f.title, f.year, f.rating FROM films f JOIN film_directors fd"
        " ON fd.film_id = f.id JOIN people p ON p.id = fd.person_id"
        " WHERE p.name_key = ? ORDER BY f.title_key",
        [director],
    )
    sys.stdout.write("".join("\\t".join(map(str, r)) + "\\n" for r in rows))


@app.command()
def other() -> None:
    """Another command."""


if __name__ == "__main__":
    app()
'''


def command(name: str) -> list[str]:
    """An installed console script beside this Python, else `python -m`."""
    script = BIN / name
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", name.replace("-", "_")]


@dataclass
class Timing:
    seconds: list[float] = field(default_factory=list)
    peak_kb: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


# Memory is measured through a small launcher: a child forked from this
# process (which holds a whole journal in memory) would start with its size.
LAUNCHER = (
    "import os, sys\n"
    "pid = os.fork()\n"
    "if pid == 0:\n"
    "    os.execv(sys.argv[1], sys.argv[1:])\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "sys.stderr.write(f'maxrss={usage.ru_maxrss}\\n')\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def peak_memory(argv: list[str], stdin: bytes | None = None) -> int:
    """The peak resident memory (KB) of one run of argv."""
    program = shutil.which(argv[0]) or argv[0]
    result = subprocess.run(
        [sys.executable, "-c", LAUNCHER, program, *argv[1:]],
        input=stdin,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    for line in result.stderr.decode(errors="replace").splitlines():
        if line.startswith("maxrss="):
            return int(line.split("=", 1)[1])
    return 0


def timed(
    argv: list[str], stdin: bytes | None = None, env: dict[str, str] | None = None
) -> tuple[float, int]:
    """Run one whole process; its wall time and rusage peak memory (KB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    if stdin is not None:
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
    # wait4 gives this child's own rusage (getrusage(RUSAGE_CHILDREN) keeps only
    # the largest child so far).
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(argv)}\n{err}")
    return elapsed, usage.ru_maxrss


@dataclass
class Pair:
    name: str
    ours: list[str]
    theirs: list[str]
    peer: str
    target: float
    setup: Callable[[], None] | None = None
    stdin: bytes | None = None
    max_mb: float | None = None  # a peak memory target, for whole-journal outputs
    # What the least possible program takes for the same work (floor.py), timed with both.
    floor: list[str] | None = None
    filmlog: Timing = field(default_factory=Timing)
    other: Timing = field(default_factory=Timing)
    bare: Timing = field(default_factory=Timing)

    @property
    def sides(self) -> tuple[str, ...]:
        return ("ours", "theirs", "floor") if self.floor else ("ours", "theirs")

    def run(self, which: str) -> None:
        if self.setup:
            self.setup()
        argv = {"ours": self.ours, "theirs": self.theirs, "floor": self.floor}[which]
        assert argv is not None
        stdin = self.stdin if which == "theirs" else None
        seconds, _ = timed(argv, stdin)
        timing = {"ours": self.filmlog, "theirs": self.other, "floor": self.bare}[which]
        timing.seconds.append(seconds)

    def measure_memory(self) -> None:
        for which, timing in (("ours", self.filmlog), ("theirs", self.other)):
            if self.setup:
                self.setup()
            argv = self.ours if which == "ours" else self.theirs
            stdin = self.stdin if which == "theirs" else None
            timing.peak_kb = peak_memory(argv, stdin)

    @property
    def ratio(self) -> float:
        return self.filmlog.median / self.other.median

    @property
    def passed(self) -> bool:
        memory_ok = self.max_mb is None or self.filmlog.peak_kb / 1024 <= self.max_mb
        return self.ratio <= self.target and memory_ok

    def as_json(self) -> dict[str, object]:
        report: dict[str, object] = {
            "name": self.name,
            "peer": self.peer,
            "target_ratio": self.target,
            "max_mb": self.max_mb,
            "ratio": round(self.ratio, 3),
            "passed": self.passed,
            "filmlog": _timing_json(self.filmlog),
            "peer_timing": _timing_json(self.other),
        }
        if self.bare.seconds:
            report["floor"] = _timing_json(self.bare)
            report["floor_ratio"] = round(self.bare.median / self.other.median, 3)
            report["over_floor"] = round(self.filmlog.median / self.bare.median, 3)
        return report


def _timing_json(t: Timing) -> dict[str, object]:
    return {
        "median_ms": round(t.median * 1000, 1),
        "min_ms": round(min(t.seconds) * 1000, 1),
        "max_ms": round(max(t.seconds) * 1000, 1),
        "runs": len(t.seconds),
        "peak_rss_kb": t.peak_kb,
    }


def build_journal(path: Path, entries: int, film_count: int, directors: int, seed: int = 7) -> None:
    """A journal of made-up history, written the way an import writes it."""
    from filmlog.imports.engine.session import Cited, Same, Summary, Viewing
    from filmlog.imports.run import importing
    from filmlog.journal.db import open_journal

    rng = random.Random(seed)
    catalogue = films(film_count, directors, seed)
    made_up = Summary(source="benchmark", path="synthetic")
    with (
        open_journal(path, write=True) as journal,
        importing(journal, made_up, same=Same.NEVER) as session,
    ):
        ids = []
        for i, (title, year, director) in enumerate(catalogue):
            names = [director]
            if i % 3 == 0:  # co-directed films bring in the rest of the directors
                names.append(f"Co-director {i % max(directors // 4, 1)}")
            cited = Cited(title, year, directors=tuple(names), runtime=rng.randint(70, 190))
            ids.append(session.film(cited))
        for i in range(entries):
            fid = ids[i] if i < film_count else rng.choice(ids)
            watched = f"{rng.randint(2005, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            viewing = Viewing(
                watched=watched,
                rating=rng.choice([None, *range(1, 11)]),
                rewatch=i >= film_count,
                review=review(rng) if i % 3 == 0 else None,
                tags=rng.sample(TAGS, rng.randint(0, 2)),
            )
            session.viewing(fid, viewing)


def sqlite_utils_query(db: Path, sql: str, **params: str) -> list[str]:
    argv = [*command("sqlite-utils"), "query", str(db), sql]
    for name, value in params.items():
        argv += ["-p", name, value]
    return argv


def pairs(journal: Path, work: Path, diary_csv: Path | None) -> list[Pair]:
    conn = sqlite3.connect(journal)
    director, dkey = conn.execute(
        "SELECT p.name, p.name_key FROM people p JOIN film_directors fd ON fd.person_id = p.id"
        " GROUP BY p.id ORDER BY abs(count(*) - 20), p.id LIMIT 1"
    ).fetchone()
    title, tkey = conn.execute(
        "SELECT f.title, f.title_key FROM films f JOIN entries e ON e.film_id = f.id"
        " GROUP BY f.id HAVING count(*) >= 3 LIMIT 1"
    ).fetchone()
    conn.close()
    fl = [*command("filmlog"), "--db", str(journal)]
    hello = work / "hello_typer.py"
    hello.write_text(TYPER_APP)
    bare_list = work / "bare_list.py"
    bare_list.write_text(BARE_LIST)
    result = [
        Pair(
            "--help",
            [*command("filmlog"), "--help"],
            [sys.executable, str(hello), "--help"],
            "a two-command Typer app --help",
            1.0,
        ),
        Pair(
            f"list --director ({director})",
            [*fl, "list", "--director", director],
            sqlite_utils_query(
                journal,
                "SELECT f.title, f.year, f.rating, (SELECT count(*) FROM entries e"
                " WHERE e.film_id = f.id) AS seen FROM films f JOIN film_directors fd"
                " ON fd.film_id = f.id JOIN people p ON p.id = fd.person_id"
                " WHERE p.name_key = :k ORDER BY f.title_key",
                k=dkey,
            ),
            "sqlite-utils query",
            0.8,
        ),
        Pair(
            "list --director, start-up and all",
            [*fl, "list", "--director", director],
            [sys.executable, str(bare_list), "list", "--director", dkey, "--db", str(journal)],
            "a bare Typer + sqlite3 app",
            1.15,
        ),
        Pair(
            "show TITLE",
            [*fl, "show", title],
            sqlite_utils_query(
                journal,
                "SELECT f.title, f.year, e.watched, e.rating, e.review FROM films f"
                " JOIN entries e ON e.film_id = f.id WHERE f.title_key = :k"
                " ORDER BY e.watched",
                k=tkey,
            ),
            "sqlite-utils query",
            0.8,
        ),
        Pair(
            "diary --limit 20",
            [*fl, "diary", "--limit", "20"],
            sqlite_utils_query(
                journal,
                "SELECT e.watched, f.title, f.year, e.rating FROM entries e JOIN films f"
                " ON f.id = e.film_id ORDER BY e.watched DESC LIMIT 20",
            ),
            "sqlite-utils query",
            0.8,
        ),
        Pair(
            "search pineapple",
            [*fl, "search", "pineapple"],
            sqlite_utils_query(
                journal,
                "SELECT rowid, snippet(search, -1, '[', ']', '…', 16) FROM search"
                " WHERE search MATCH 'pineapple' ORDER BY rank LIMIT 20",
            ),
            "sqlite-utils query",
            0.8,
        ),
    ]
    # Duplicates: films and viewings (issue: under 2 s on 100,000 entries), beside the
    # self-join on title keys a power user would write for the films alone.
    result.append(
        Pair(
            "duplicates",
            [*fl, "duplicates"],
            sqlite_utils_query(
                journal,
                "SELECT a.id, b.id, a.title, a.year, b.year FROM films a JOIN films b"
                " ON b.title_key = a.title_key AND b.id > a.id",
            ),
            "sqlite-utils query (title self-join)",
            2.0,
        )
    )
    # next: the watchlist ranked (issue: under 300 ms with 5,000 films on it), beside the
    # query a power user would write: the watchlist with each director's average rating.
    wanting = work / "wanting.db"
    shutil.copy(journal, wanting)
    want = sqlite3.connect(wanting)
    with want:
        chosen = [r[0] for r in want.execute("SELECT id FROM films ORDER BY id LIMIT 5000")]
        want.executemany("UPDATE films SET seen = 0 WHERE id = ?", [(i,) for i in chosen])
        want.executemany(
            "INSERT OR IGNORE INTO watchlist (film_id, added_at) VALUES (?, '2023-01-01')",
            [(i,) for i in chosen],
        )
    want.close()
    result.append(
        Pair(
            "next (5,000 on the watchlist)",
            [*command("filmlog"), "--db", str(wanting), "next"],
            sqlite_utils_query(
                wanting,
                "SELECT f.title, avg(o.rating) AS liked FROM watchlist w JOIN films f"
                " ON f.id = w.film_id JOIN film_directors fd ON fd.film_id = f.id"
                " JOIN film_directors od ON od.person_id = fd.person_id JOIN films o"
                " ON o.id = od.film_id AND o.rating IS NOT NULL GROUP BY f.id"
                " ORDER BY liked DESC LIMIT 10",
            ),
            "sqlite-utils query (director averages)",
            3.0,
        )
    )
    # Whole-journal outputs, beside the query a power user would stream the same rows
    # with: every entry joined to its film, in the diary's order, as JSON lines.
    every_entry = sqlite_utils_query(
        journal,
        "SELECT e.*, f.title, f.year FROM entries e JOIN films f ON f.id = e.film_id"
        " ORDER BY e.watched DESC, e.id DESC",
    )
    every_entry.append("--nl")
    tsv_entries = [*every_entry[:-1], "--tsv"]
    result += [
        Pair(
            "diary --format json (every entry)",
            [*fl, "diary", "--format", "json"],
            every_entry,
            "sqlite-utils query --nl",
            1.0,
            max_mb=50,
        ),
        Pair(
            "export json",
            [*fl, "export", "json"],
            every_entry,
            "sqlite-utils query --nl",
            1.0,
            max_mb=50,
        ),
        Pair(
            "export csv",
            [*fl, "export", "csv"],
            every_entry,
            "sqlite-utils query --nl",
            1.0,
            max_mb=50,
        ),
        Pair(
            "diary, piped (every entry)",
            [*fl, "diary"],
            tsv_entries,
            "sqlite-utils query --tsv",
            1.0,
            max_mb=50,
        ),
        Pair(
            "list, piped (every film)",
            [*fl, "list"],
            [
                *sqlite_utils_query(
                    journal,
                    "SELECT f.title, f.year, (SELECT group_concat(p.name, ', ') FROM film_directors"
                    " fd JOIN people p ON p.id = fd.person_id WHERE fd.film_id = f.id), f.rating,"
                    " (SELECT count(*) FROM entries e WHERE e.film_id = f.id),"
                    " (SELECT max(watched) FROM entries e WHERE e.film_id = f.id)"
                    " FROM films f WHERE f.seen ORDER BY f.title_key",
                ),
                "--tsv",
            ],
            "sqlite-utils query --tsv",
            1.0,
            max_mb=50,
        ),
    ]
    add_db = work / "add.db"
    shutil.copy(journal, add_db)
    result.append(
        Pair(
            "add (one entry)",
            [*command("filmlog"), "--db", str(add_db), "add", "Benchmark Film", "-r", "4"],
            [*command("sqlite-utils"), "insert", str(add_db), "entries", "-"],
            "sqlite-utils insert (one row)",
            1.0,
            stdin=json.dumps(
                {
                    "film_id": 1,
                    "watched": "2026-11-26",
                    "rating": 8,
                    "created_at": "now",
                    "updated_at": "now",
                }
            ).encode(),
        )
    )
    result.append(_sync_nothing_new(journal, work))
    result.append(_import_start_up(work))
    if diary_csv is not None:
        empty = work / "empty.db"
        from filmlog.journal.db import open_journal

        open_journal(empty, write=True).close()
        target = work / "import.db"
        peer_target = work / "peer.db"

        def fresh() -> None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
                Path(f"{peer_target}{suffix}").unlink(missing_ok=True)
            shutil.copy(empty, target)

        rows = sum(1 for _ in diary_csv.open()) - 1
        result.append(
            Pair(
                f"import letterboxd ({rows:,} rows)",
                [*command("filmlog"), "--db", str(target), "import", "letterboxd", str(diary_csv)],
                [
                    *command("sqlite-utils"),
                    "insert",
                    str(peer_target),
                    "diary",
                    str(diary_csv),
                    "--csv",
                ],
                "sqlite-utils insert --csv",
                0.4,
                setup=fresh,
                floor=[
                    sys.executable,
                    str(Path(__file__).parent / "floor.py"),
                    str(target),
                    str(diary_csv),
                ],
            )
        )
    return result


def _sync_nothing_new(journal: Path, work: Path) -> Pair:
    """`sync` through a folder another machine shares, when neither has anything new: the
    cron line's usual run, beside the least a command reading the journal does."""
    synced, other, folder = work / "synced.db", work / "other-machine.db", work / "Sync"
    shutil.copy(journal, synced)
    folder.mkdir()
    quiet = {**os.environ, "FILMLOG_CONFIG": str(work / "no-config.json")}
    subprocess.run(
        [*command("filmlog"), "--db", str(other), "add", "Benchmark Film", "-w", "2026-01-01"],
        check=True,
        capture_output=True,
        env=quiet,
    )
    for db in (other, synced, other, synced):  # both joined, each has the other's files
        subprocess.run(
            [*command("filmlog"), "--db", str(db), "sync", "--folder", str(folder)],
            check=True,
            capture_output=True,
            env=quiet,
        )
    return Pair(
        "sync (a sync folder, nothing new)",
        [*command("filmlog"), "--db", str(synced), "sync", "--folder", str(folder)],
        [*command("filmlog"), "--db", str(synced), "list", "--limit", "1"],
        "filmlog list --limit 1",
        1.3,
    )


def _import_start_up(work: Path) -> Pair:
    """`import letterboxd` of a diary the journal has already: the import command's own
    start-up (its modules, the lock, the checks, nothing new written), beside `list`."""
    small, diary = work / "small.db", work / "one-row-diary.csv"
    diary.write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
        "2026-01-02,Benchmark Film,2001,https://boxd.it/bench1,4,,,2026-01-01\n"
    )
    fl = [*command("filmlog"), "--db", str(small)]
    subprocess.run([*fl, "import", "letterboxd", str(diary)], check=True, capture_output=True)
    return Pair(
        "import letterboxd, nothing new (start-up)",
        [*fl, "import", "letterboxd", str(diary)],
        [*fl, "list", "--limit", "1"],
        "filmlog list --limit 1",
        1.3,
    )


def scale_curve(work: Path, sizes: list[int], runs: int) -> list[dict[str, object]]:
    """`list` on journals of growing size: it should stay near its time at the smallest."""
    curve = []
    for entries in sizes:
        path = work / f"scale-{entries}.db"
        build_journal(path, entries, max(entries * 3 // 10, 30), max(entries // 50, 20))
        conn = sqlite3.connect(path)
        (director,) = conn.execute(
            "SELECT p.name FROM people p JOIN film_directors fd ON fd.person_id = p.id"
            " GROUP BY p.id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        conn.close()
        row: dict[str, object] = {"entries": entries}
        for label, args in (
            ("list --limit 20", ["list", "--limit", "20"]),
            ("list --director", ["list", "--director", director]),
        ):
            argv = [*command("filmlog"), "--db", str(path), *args]
            timed(argv)
            row[label] = round(statistics.median(timed(argv)[0] for _ in range(runs)) * 1000, 1)
        for label, args in (
            ("diary --format json", ["diary", "--format", "json"]),
            ("export json", ["export", "json"]),
            ("export csv", ["export", "csv"]),
        ):
            argv = [*command("filmlog"), "--db", str(path), *args]
            row[f"{label} MB"] = round(peak_memory(argv) / 1024, 1)
        curve.append(row)
    base = curve[0]
    for row in curve:
        for label in ("list --limit 20", "list --director"):
            row[f"{label} vs smallest"] = round(row[label] / base[label], 2)  # type: ignore[operator]
    return curve


def editable() -> bool:
    """filmlog installed in editable mode (`pip install -e`): its import hook makes every
    start-up slower than a user's `pip install .` by some 20 ms on this kind of machine."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        said = distribution("filmlog").read_text("direct_url.json")
    except PackageNotFoundError:
        return False
    return bool(said and json.loads(said).get("dir_info", {}).get("editable"))


def machine() -> dict[str, object]:
    from importlib.metadata import version

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "system": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "versions": {p: version(p) for p in ("filmlog", "typer", "rich", "sqlite-utils")},
        "filmlog_install": "editable" if editable() else "regular",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--films", type=int, default=30_000)
    parser.add_argument("--directors", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command")
    parser.add_argument("--no-import", action="store_true", help="skip the import benchmark")
    parser.add_argument("--no-scale", action="store_true", help="skip the 1k/10k/100k curve")
    parser.add_argument("--output", type=Path, default=Path("benchmarks/results.json"))
    args = parser.parse_args()
    if editable():
        print(
            "filmlog is installed in editable mode, which slows its start-up: for figures a"
            " user would see, run this from an environment made with `pip install .`",
            file=sys.stderr,
        )

    with tempfile.TemporaryDirectory(prefix="filmlog-bench-") as tmp:
        work = Path(tmp)
        journal = work / "journal.db"
        print(
            f"Building a journal of {args.entries:,} entries over {args.films:,} films…",
            file=sys.stderr,
        )
        build_journal(journal, args.entries, args.films, args.directors)
        diary = None
        if not args.no_import:
            diary = write_letterboxd_diary(work / "export" / "diary.csv", args.entries, args.films)
        benchmarks = pairs(journal, work, diary)
        for pair in benchmarks:
            print(f"Timing {pair.name}…", file=sys.stderr)
            for run in range(args.runs + 1):  # the first run warms caches and is dropped
                sides = pair.sides
                for which in sides[run % len(sides) :] + sides[: run % len(sides)]:
                    pair.run(which)
                if run == 0:
                    pair.filmlog, pair.other, pair.bare = Timing(), Timing(), Timing()
            pair.measure_memory()
        curve = [] if args.no_scale else scale_curve(work, [1_000, 10_000, 100_000], args.runs)

    report = {
        "machine": machine(),
        "journal": {"entries": args.entries, "films": args.films, "directors": args.directors},
        "benchmarks": [p.as_json() for p in benchmarks],
        "scale": curve,
    }
    print_table(report)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nWrote {args.output}", file=sys.stderr)


def print_table(report: dict) -> None:  # type: ignore[type-arg]
    m = report["machine"]
    print(f"Machine: {m['cpu']}, {m['cores']} cores, Python {m['python']}, SQLite {m['sqlite']}")
    print(f"Versions: {', '.join(f'{k} {v}' for k, v in m['versions'].items())}")
    print(f"filmlog install: {m['filmlog_install']}\n")
    head = f"{'command':<34} {'filmlog ms':>18} {'peer ms':>18} {'ratio':>6} {'target':>7}  result"
    print(head)
    print("-" * len(head))
    for b in report["benchmarks"]:
        ours, theirs = b["filmlog"], b["peer_timing"]
        cell = lambda t: f"{t['median_ms']:.0f} ({t['min_ms']:.0f}-{t['max_ms']:.0f})"  # noqa: E731
        verdict = "pass" if b["passed"] else "FAIL"
        if b["max_mb"] is not None:
            verdict += f" ({ours['peak_rss_kb'] / 1024:.0f} MB, ≤{b['max_mb']:.0f})"
        print(
            f"{b['name']:<34} {cell(ours):>18} {cell(theirs):>18} {b['ratio']:>6.2f}"
            f" {'≤' + str(b['target_ratio']):>7}  {verdict}   vs {b['peer']}"
        )
        if "floor" in b:
            print(
                f"{'  floor: the same rows, bare SQL':<34} {cell(b['floor']):>18}"
                f" {cell(theirs):>18} {b['floor_ratio']:>6.2f}   (benchmarks/floor.py)"
            )
            print(f"{'  filmlog over its floor':<34} {b['over_floor']:>45.2f}")
    peaks = [
        f"{b['name'].split(' (')[0]} {b['filmlog']['peak_rss_kb'] / 1024:.0f}"
        f" vs {b['peer_timing']['peak_rss_kb'] / 1024:.0f}"
        for b in report["benchmarks"]
    ]
    print("\nPeak memory (MB, filmlog vs peer): " + ", ".join(peaks))
    if report["scale"]:
        print("\nAs the journal grows (median ms against the smallest; peak MB):")
        for row in report["scale"]:
            print(
                f"  {row['entries']:>7,} entries: list --limit 20 {row['list --limit 20']:.0f}"
                f" ({row['list --limit 20 vs smallest']}x), list --director"
                f" {row['list --director']:.0f} ({row['list --director vs smallest']}x);"
                f" diary --format json {row['diary --format json MB']} MB,"
                f" export json {row['export json MB']} MB, export csv {row['export csv MB']} MB"
            )


if __name__ == "__main__":
    main()
