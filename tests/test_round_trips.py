"""Every export format that carries viewings comes back through filmlog's own importers
with every viewing it carries: its film, date (or none), rating, rewatch, tags, review.

(A CSV row with no date and nothing of a viewing on it, no review, tags or rewatch, is a
film seen or rated, in Letterboxd's format and any spreadsheet's: such a viewing is not
carried by them, only by the JSON export.)

Generated journals hold what real ones do and round trips lose first: a film watched
twice, twice on one day, a review written without a date, titles shared across years.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SHARED

FORMATS = {"json": "json", "letterboxd": "letterboxd", "csv": "csv"}

words = st.lists(
    st.sampled_from(["neon", "rain", "Faye", "quiet", "night", "tea"]), min_size=1, max_size=6
)
viewing = st.fixed_dictionaries(
    {
        "film": st.sampled_from(
            [("Solaris", 1972), ("Solaris", 2002), ("Heat", 1995), ("Ran", 1985)]
        ),
        "watched": st.one_of(
            st.none(), st.sampled_from(["2024-01-02", "2024-03-04", "2023-12-31"])
        ),
        "rating": st.one_of(st.none(), st.sampled_from(["1", "2.5", "4", "5"])),
        "rewatch": st.booleans(),
        "tags": st.lists(st.sampled_from(["cinema", "home", "w-kyle"]), max_size=2, unique=True),
        "review": st.one_of(st.none(), words.map(" ".join)),
    }
)


def carried(found: Counter, fmt: str) -> Counter:
    if fmt == "json":
        return found
    return Counter(
        {row: n for row, n in found.items() if row[2] is not None or row[4] or row[5] or row[6]}
    )


def viewings(path: Path) -> Counter:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT f.title, f.year, e.watched, e.rating, e.rewatch, e.review,"
            " (SELECT group_concat(t.name, ',') FROM (SELECT t.name FROM entry_tags et"
            "  JOIN tags t ON t.id = et.tag_id WHERE et.entry_id = e.id ORDER BY t.name) t)"
            " FROM entries e JOIN films f ON f.id = e.film_id"
        ).fetchall()
    finally:
        conn.close()
    return Counter(rows)


def _log(cli, db: Path, v: dict) -> None:
    title, year = v["film"]
    args = ["--db", str(db), "add", title, "-y", str(year), "--new"]
    args += ["-w", v["watched"] or "unknown"]
    if v["rating"]:
        args += ["-r", v["rating"]]
    if v["rewatch"]:
        args.append("--rewatch")
    for tag in v["tags"]:
        args += ["-t", tag]
    if v["review"]:
        args += ["--review", v["review"]]
    assert cli(*args).exit_code == 0


@pytest.mark.parametrize("fmt", list(FORMATS))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(logged=st.lists(viewing, min_size=1, max_size=8))
def test_every_viewing_comes_back(cli, tmp_path, fmt, logged) -> None:
    folder = Path(tmp_path) / f"run-{abs(hash(str(logged)))}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    original, copy = folder / "a.db", folder / "b.db"
    for v in logged:
        _log(cli, original, v)
    exported = folder / f"export.{'json' if fmt == 'json' else 'csv'}"
    assert cli("--db", str(original), "export", fmt, "-o", str(exported)).exit_code == 0
    args = ["--rating-scale", "5"] if fmt == "csv" else []
    result = cli("--db", str(copy), "import", FORMATS[fmt], str(exported), *args)
    assert result.exit_code == 0, result.stderr
    assert viewings(copy) == carried(viewings(original), fmt)
    again = cli("--db", str(copy), "import", FORMATS[fmt], str(exported), *args)
    assert again.exit_code == 0 and viewings(copy) == carried(viewings(original), fmt)


LETTERBOXD = SHARED / "realworld" / "letterboxd"


@pytest.mark.slow
@pytest.mark.parametrize("export", ["HanielB__abstract", "willshuttleworth__letterboxd"])
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_a_real_journal_comes_back_whole(cli, tmp_path, export, fmt) -> None:
    found = sorted((LETTERBOXD / export).rglob("diary.csv")) if LETTERBOXD.exists() else []
    if not found:
        pytest.skip("../shared/realworld is absent")
    original, copy = tmp_path / "a.db", tmp_path / "b.db"
    assert cli("--db", str(original), "import", "letterboxd", str(found[0].parent)).exit_code == 0
    exported = tmp_path / f"export.{'json' if fmt == 'json' else 'csv'}"
    assert cli("--db", str(original), "export", fmt, "-o", str(exported)).exit_code == 0
    args = ["--rating-scale", "5"] if fmt == "csv" else []
    result = cli("--db", str(copy), "import", FORMATS[fmt], str(exported), *args)
    assert result.exit_code == 0, result.stderr
    assert viewings(copy) == carried(viewings(original), fmt)


# Two sources of one person's history: a Letterboxd diary (films with years, ratings) and
# a Netflix history (titles alone, by day). Titles here are each one film.
diary_row = st.tuples(
    st.sampled_from([("Heat", 1995), ("Ran", 1985), ("Chungking Express", 1994)]),
    st.sampled_from(["2024-01-02", "2024-03-04", "2023-12-31"]),
    st.sampled_from(["", "2", "3.5", "5"]),
)
netflix_row = st.tuples(
    st.sampled_from(["Heat", "Ran", "Chungking Express"]),
    st.sampled_from(["2024-01-02", "2024-03-04", "2023-12-31"]),
)


def _journal(path: Path) -> tuple:
    conn = sqlite3.connect(path)
    try:
        return (
            Counter(
                conn.execute(
                    "SELECT f.title, f.year, e.watched, e.rating FROM entries e"
                    " JOIN films f ON f.id = e.film_id"
                ).fetchall()
            ),
            sorted(conn.execute("SELECT title, year, rating, seen FROM films").fetchall()),
        )
    finally:
        conn.close()


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    diary=st.lists(diary_row, min_size=1, max_size=6, unique_by=lambda r: (r[0], r[1])),
    plays=st.lists(netflix_row, min_size=1, max_size=6, unique=True),
)
def test_two_sources_in_either_order_give_one_journal(cli, tmp_path, diary, plays) -> None:
    folder = Path(tmp_path) / f"order-{abs(hash(str((diary, plays))))}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    lb = folder / "diary.csv"
    lb.write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
        + "".join(
            f"{day},{title},{year},https://boxd.it/e{n},{rating},,,{day}\n"
            for n, ((title, year), day, rating) in enumerate(diary)
        )
    )
    nf = folder / "NetflixViewingHistory.csv"
    nf.write_text(
        "Title,Date\n"
        + "".join(f'"{title}",{day[5:7]}/{day[8:]}/{day[:4]}\n' for title, day in plays)
    )
    steps = {"letterboxd": ("letterboxd", str(lb)), "netflix": ("netflix", str(nf))}
    journals = []
    for order in (("letterboxd", "netflix"), ("netflix", "letterboxd")):
        db = folder / f"{order[0]}-first.db"
        for name in order:
            result = cli("--db", str(db), "import", *steps[name], "--date-order", "mdy")
            assert result.exit_code == 0, result.stderr
        journals.append(_journal(db))
        for name in order:  # again: nothing added
            assert (
                cli("--db", str(db), "import", *steps[name], "--date-order", "mdy").exit_code == 0
            )
        assert _journal(db) == journals[-1]
    assert journals[0] == journals[1]
