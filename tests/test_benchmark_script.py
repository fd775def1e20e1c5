"""The benchmark script runs end to end (on a tiny journal; its timings are not checked here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

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
    assert "ratio" in result.stdout and "Machine:" in result.stdout
