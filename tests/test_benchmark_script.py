"""The benchmark script runs end to end (on a tiny journal; its timings are not checked here)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.synthetic import write_letterboxd_diary
from filmlog.journal.db import open_journal
from tests.conftest import count, rows

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_benchmark_script_runs_and_writes_its_report(tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--entries",
            "600",
            "--films",
            "200",
            "--directors",
            "40",
            "--runs",
            "1",
            "--no-scale",
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(output.read_text())
    names = [b["name"] for b in report["benchmarks"]]
    assert names[0] == "--help"
    assert any(n.startswith("import letterboxd") for n in names)
    for bench in report["benchmarks"]:
        assert bench["filmlog"]["runs"] == 1
        assert bench["ratio"] > 0
    (imported,) = [b for b in report["benchmarks"] if b["name"].startswith("import letterboxd (")]
    assert imported["floor"]["runs"] == 1 and imported["floor_ratio"] > 0
    assert imported["over_floor"] > 0
    assert any(b["peer"] == "a bare Typer + sqlite3 app" for b in report["benchmarks"])
    assert any(b["name"].startswith("import letterboxd, nothing new") for b in report["benchmarks"])
    assert "floor: the same rows" in result.stdout
    assert "ratio" in result.stdout and "Machine:" in result.stdout
    assert report["machine"]["filmlog_install"] in ("editable", "regular")
    assert f"filmlog install: {report['machine']['filmlog_install']}" in result.stdout


def test_the_floor_writes_what_the_import_writes(cli, journal: Path, tmp_path: Path) -> None:
    """floor.py is a floor of the same work: the same films, entries, tags and search
    documents as `import letterboxd` makes of the file, and a journal `db check` passes."""
    diary = write_letterboxd_diary(tmp_path / "diary.csv", 600, 200)
    open_journal(journal, write=True).close()
    bare = tmp_path / "floor.db"
    shutil.copy(journal, bare)
    cli("import", "letterboxd", str(diary), ok=True)
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "floor.py"), str(bare), str(diary)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for table in ("films", "entries", "entry_tags", "tags", "search", "imports"):
        assert count(bare, table) == count(journal, table), table
    watched = "SELECT count(*) FROM entries WHERE rating IS NOT NULL AND watched IS NOT NULL"
    assert rows(bare, watched) == rows(journal, watched)
    named = "SELECT letterboxd_uri FROM entries WHERE uid IS NOT NULL ORDER BY letterboxd_uri"
    assert rows(bare, named) == rows(journal, named)
    rated = "SELECT title, year, rating, rated_at FROM films ORDER BY title, year"
    assert rows(bare, rated) == rows(journal, rated)
    assert cli("--db", str(bare), "db", "check").exit_code == 0
