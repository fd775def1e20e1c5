"""Crafted files, each a one-line refusal naming the input, the journal unchanged.

filmlog's own JSON export restores through the same value rules as typing
(a year 1999.5 or true, a runtime "abc", a TMDb id of 30 digits, spoilers
"no" are refused, never stored to break `list` later). And a fuzz test:
every source's reader is fed random mutations of real and made files, and
each answer is either an import or one line, never "failed unexpectedly".
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.conftest import SHARED, rows


def _export(cli, tmp_path: Path) -> dict:
    cli("add", "Heat", "-y", "1995", "-w", "2024-01-02", "-r", "4", "--review", "Good.", ok=True)
    path = tmp_path / "journal.json"
    cli("export", "json", "-o", str(path), ok=True)
    return json.loads(path.read_text())


FILM_VALUES = {
    "year": [1999.5, -5, True, "1999", 10**30],
    "runtime": ["abc", -100, 1.5, 10**30],
    "tmdb_id": [-1, "1" * 30, True, {"a": 1}],
    "imdb_id": ["nope", 12],
    "rated_at": ["not a date", 5],
    "title": [{"a": 1}, ["x"], 5, ""],
    "seen": ["no", 2],
    "directors": ["Michael Mann", [1]],
}
ENTRY_VALUES = {
    "spoilers": ["no", "yes"],
    "rating": [11, "eleven", True, {"a": 1}],
    "review": [{"a": 1}, "\ud800 lone surrogate"],
    "watched": ["1401-01-01", "2999-01-01", 5],
    "tags": ["x", [1]],
    "created_at": ["then"],
}
CASES = [("film", k, v) for k, vs in FILM_VALUES.items() for v in vs] + [
    ("entry", k, v) for k, vs in ENTRY_VALUES.items() for v in vs
]


@pytest.mark.parametrize(
    ("where", "name", "value"), CASES, ids=[f"{w}.{n}={v!r}"[:40] for w, n, v in CASES]
)
def test_json_restores_by_the_rules_of_typing(cli, journal, tmp_path, where, name, value) -> None:
    doc = _export(cli, tmp_path)
    target = doc["films"][0] if where == "film" else doc["films"][0]["entries"][0]
    target[name] = value
    crafted = tmp_path / "crafted.json"
    crafted.write_text(json.dumps(doc, ensure_ascii=True), encoding="utf-8")
    other = tmp_path / "other.db"
    cli("--db", str(other), "add", "Mine", ok=True)
    result = cli("--db", str(other), "import", "json", str(crafted))
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "unexpectedly" not in lines[0]
    assert "crafted.json" in lines[0]
    assert rows(other, "SELECT title FROM films") == [("Mine",)]
    for command in (("list", "--format", "json"), ("diary", "--format", "json"), ("stats",)):
        assert cli("--db", str(other), *command).exit_code == 0


REAL = SHARED / "realworld"
SEEDS = [
    ("letterboxd", "letterboxd", "diary.csv"),
    ("imdb", "imdb", "*.csv"),
    ("trakt", "trakt", "*.json"),
    ("netflix", "netflix", "*.csv"),
    ("csv", "spreadsheets", "*.csv"),
    ("letterboxd-rss", "letterboxd-rss", "*.xml"),
    ("kodi", "kodi", "*.xml"),
]


def _seed(folder: str, pattern: str) -> Path | None:
    found = sorted((REAL / folder).rglob(pattern)) if REAL.exists() else []
    found = [p for p in found if 0 < p.stat().st_size < 200_000]
    return found[0] if found else None


def _mutations(data: bytes, rng: random.Random) -> list[bytes]:
    """Random damage of the kinds crafted files carry: bytes flipped, cut short, lines
    doubled or dropped, huge numbers, deep nesting, control characters."""
    out = []
    for _ in range(12):
        b = bytearray(data)
        kind = rng.randrange(7)
        if kind == 0 and b:
            for _ in range(rng.randrange(1, 20)):
                b[rng.randrange(len(b))] = rng.randrange(256)
        elif kind == 1:
            b = b[: rng.randrange(len(b) + 1)]
        elif kind == 2:
            lines = bytes(b).split(b"\n")
            rng.shuffle(lines)
            b = bytearray(b"\n".join(lines))
        elif kind == 3:
            at = rng.randrange(len(b) + 1)
            b[at:at] = b"9" * rng.randrange(20, 400)
        elif kind == 4:
            at = rng.randrange(len(b) + 1)
            b[at:at] = b"[" * 3000 + b"<div>" * 3000
        elif kind == 5:
            at = rng.randrange(len(b) + 1)
            b[at:at] = bytes([0x1B, 0x5B, 0x32, 0x4A, 0x00, 0xFF, 0xFE])
        else:
            lines = bytes(b).split(b"\n")
            b = bytearray(b"\n".join(lines[:1] + lines[1:2] * 50 + lines[1:]))
        out.append(bytes(b))
    return out


@pytest.mark.slow
@pytest.mark.parametrize(("source", "folder", "pattern"), SEEDS, ids=[s for s, *_ in SEEDS])
def test_fuzzed_real_files_import_or_refuse_in_one_line(cli, tmp_path, source, folder, pattern):
    seed = _seed(folder, pattern)
    if seed is None:
        pytest.skip("../shared/realworld is absent")
    rng = random.Random(f"{source}:{seed.name}")
    for n, data in enumerate(_mutations(seed.read_bytes(), rng)):
        db = tmp_path / f"j{n}.db"
        assert cli("--db", str(db), "add", "Mine").exit_code == 0
        before = db.read_bytes()
        crafted = tmp_path / f"m{n}" / seed.name
        crafted.parent.mkdir()
        crafted.write_bytes(data)
        result = cli("--db", str(db), "import", source, str(crafted), "--format", "json")
        assert "unexpectedly" not in result.stderr, (n, result.stderr)
        assert "Traceback" not in result.stderr
        if result.exit_code != 0:
            lines = result.stderr.strip().splitlines()
            assert lines and lines[-1].startswith("Error: "), (n, result.stderr)
            assert len(lines[-1]) < 2000, len(lines[-1])
            assert db.read_bytes() == before, n
