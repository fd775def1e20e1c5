"""The real exports, each changed in one way people's exports are changed, against the contract.

For every valid export in ../shared/realworld/letterboxd, copies are made
with one change each. A change a person would not notice (a BOM, other line
ends, columns in another order, an extra column, a repeated row, a list
without its first line) must give the same journal as the export itself. A
list or liked-films file destroyed is left out and named, the rest comes in.
A history file destroyed refuses the whole import, names the file, and
writes nothing. Never a traceback, and never the word "damaged": the journal
is healthy throughout.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SHARED, rows
from tests.test_import_realworld import RESAVED

REALWORLD = SHARED / "realworld" / "letterboxd"
pytestmark = pytest.mark.skipif(not REALWORLD.exists(), reason="../shared/realworld is absent")


def exports() -> list[Path]:
    """Folders holding a whole export (a diary beside other files)."""
    if not REALWORLD.exists():
        return []
    found = []
    for owner in sorted(REALWORLD.iterdir()):
        if owner.name in RESAVED:
            continue
        for diary in sorted(owner.rglob("diary.csv")):
            if (
                not {"deleted", "orphaned"} & set(diary.parts)
                and len(list(diary.parent.iterdir())) > 1
            ):
                found.append(diary.parent)
    return found


# Changes -----------------------------------------------------------------


def _rewrite(path: Path, change: Callable[[list[list[str]]], list[list[str]]]) -> None:
    """Rewrite a one-table CSV file through csv, keeping its line ends."""
    raw = path.read_bytes()
    ending = "\r\n" if b"\r\n" in raw else "\n"
    records = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator=ending).writerows(change(records))
    path.write_bytes(out.getvalue().encode("utf-8"))


def add_bom(folder: Path) -> None:
    diary = folder / "diary.csv"
    diary.write_bytes(codecs.BOM_UTF8 + diary.read_bytes())


def flip_line_ends(folder: Path) -> None:
    for path in folder.rglob("*.csv"):
        raw = path.read_bytes()
        if b"\r\n" in raw:
            path.write_bytes(raw.replace(b"\r\n", b"\n"))
        else:
            path.write_bytes(raw.replace(b"\n", b"\r\n"))


def reorder_columns(folder: Path) -> None:
    _rewrite(folder / "diary.csv", lambda records: [list(reversed(r)) for r in records])


def add_a_column(folder: Path) -> None:
    _rewrite(
        folder / "diary.csv",
        lambda records: [[*records[0], "Mood"]] + [[*r, "calm"] for r in records[1:]],
    )


def repeat_a_row(folder: Path) -> None:
    _rewrite(folder / "diary.csv", lambda records: records + records[1:2])


def first_list(folder: Path) -> Path:
    return sorted((folder / "lists").glob("*.csv"))[0]


def drop_a_list_first_line(folder: Path) -> None:
    path = first_list(folder)
    path.write_bytes(path.read_bytes().split(b"\n", 1)[1])


def destroy(relative: str | Callable[[Path], Path]) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        path = relative(folder) if callable(relative) else folder / relative
        path.write_bytes(b"\x00" * max(path.stat().st_size, 1))

    return change


SAME = {
    "bom": add_bom,
    "line-ends-flipped": flip_line_ends,
    "columns-reordered": reorder_columns,
    "extra-column": add_a_column,
    "row-repeated": repeat_a_row,
    "list-first-line-dropped": drop_a_list_first_line,
}
SKIPPED = {"list-destroyed": destroy(first_list), "likes-destroyed": destroy("likes/films.csv")}
REFUSED = {"diary-destroyed": destroy("diary.csv")}


def needs(name: str, folder: Path) -> bool:
    if "list" in name:
        return (folder / "lists").is_dir() and any((folder / "lists").glob("*.csv"))
    if "likes" in name:
        return (folder / "likes" / "films.csv").exists()
    return True


# What a journal holds, without the ids and times an import gives -----------


def contents(journal: Path) -> dict[str, list[tuple]]:
    return {
        "entries": sorted(
            rows(
                journal,
                "SELECT f.title, f.year, e.watched, e.rating, e.rewatch, e.liked, e.review,"
                " e.letterboxd_uri, (SELECT group_concat(name, '|') FROM (SELECT t.name FROM"
                " entry_tags et JOIN tags t ON t.id = et.tag_id WHERE et.entry_id = e.id"
                " ORDER BY t.name)) FROM entries e JOIN films f ON f.id = e.film_id",
            ),
            key=repr,
        ),
        "films": sorted(
            rows(journal, "SELECT title, year, rating, liked, seen, letterboxd_uri FROM films"),
            key=repr,
        ),
        "watchlist": sorted(
            rows(
                journal,
                "SELECT f.title, w.added_at FROM watchlist w JOIN films f ON f.id = w.film_id",
            ),
            key=repr,
        ),
        "lists": rows(
            journal,
            "SELECT l.name, li.position, f.title FROM lists l JOIN list_items li"
            " ON li.list_id = l.id JOIN films f ON f.id = li.film_id ORDER BY l.name, li.position",
        ),
    }


OWN_ENTRY = ("Heat", "-y", "1995", "-w", "2020-02-02")
_baselines: dict[Path, dict[str, list[tuple]]] = {}


def baseline(cli, folder: Path, tmp_path: Path) -> dict[str, list[tuple]]:
    """The journal the unchanged export gives (once per export and test process)."""
    if folder not in _baselines:
        journal = tmp_path / "baseline.db"
        cli("--db", str(journal), "add", *OWN_ENTRY, ok=True)
        result = cli("--db", str(journal), "import", "letterboxd", str(folder))
        assert result.exit_code == 0, result.stderr
        _baselines[folder] = contents(journal)
    return _baselines[folder]


def cases() -> list[tuple[Path, str]]:
    names = [*SAME, *SKIPPED, *REFUSED]
    return [(folder, name) for folder in exports() for name in names if needs(name, folder)]


@pytest.mark.parametrize(
    ("source", "change"), cases(), ids=lambda v: v if isinstance(v, str) else v.parent.name
)
def test_a_changed_export_keeps_the_contract(cli, journal, tmp_path, source, change) -> None:
    expected = baseline(cli, source, tmp_path)
    folder = tmp_path / "export"
    shutil.copytree(source, folder)
    mutate = {**SAME, **SKIPPED, **REFUSED}[change]
    mutate(folder)
    cli("add", *OWN_ENTRY, ok=True)  # the user's own entry, before the import
    own = contents(journal)
    result = cli("import", "letterboxd", str(folder), "--format", "json")
    assert "Traceback" not in result.stderr
    assert "damaged" not in result.stderr + result.stdout

    if change in REFUSED:
        assert result.exit_code == 1
        assert result.stderr.count("\n") == 1 and "diary.csv" in result.stderr
        assert contents(journal) == own
        assert rows(journal, "SELECT count(*) FROM imports") == [(0,)]
        return

    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    got = contents(journal)
    if change in SAME:
        assert got == expected
        if change == "row-repeated":
            assert summary["counts"]["entries"]["skipped"] == 1
        assert summary["files_not_imported"] == []
        return

    (skipped,) = summary["files_not_imported"]
    assert "zero bytes" in skipped["reason"]
    assert f"Skipped {skipped['file']}: " in result.stderr
    assert got["entries"] == expected["entries"]
    if change == "list-destroyed":
        name = first_list(source)
        assert skipped["file"].endswith(f"lists/{name.name}")
        assert len({r[0] for r in got["lists"]}) == len({r[0] for r in expected["lists"]}) - 1
    else:
        assert skipped["file"].endswith("likes/films.csv")
        assert got["lists"] == expected["lists"]
