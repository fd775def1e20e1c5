"""Every real export in ../shared/realworld imports, faithfully (those re-saved by a
spreadsheet too: semicolons, day-first dates)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from filmlog.values.keys import key
from tests.conftest import SHARED, count, nothing_new, rows

REALWORLD = SHARED / "realworld"
pytestmark = pytest.mark.skipif(not REALWORLD.exists(), reason="../shared/realworld is absent")

# Exports re-saved by a spreadsheet: semicolons (the first), day-first dates with dashes and
# no Letterboxd URI column (the second). Checked on their own, below.
RESAVED = {"guilhermelMoraes__letterboxd-data-dump", "K-ashvi__Analysis-of-Letterboxd-Data"}
# Exports whose dates a spreadsheet wrote day first (30/06/2022), as the realworld README says.
DAY_FIRST = {"lipaugus__watchlist-dreams"}


def letterboxd_exports() -> list[Path]:
    if not REALWORLD.exists():
        return []
    found = []
    for owner in sorted((REALWORLD / "letterboxd").iterdir()):
        if owner.name in RESAVED:
            continue
        diaries = [
            p
            for p in owner.rglob("*.csv")
            if p.name.endswith("diary.csv")
            and "deleted" not in p.parts
            and "orphaned" not in p.parts
        ]
        found += [p.parent if p.name == "diary.csv" else p for p in diaries]
    return found


def imdb_exports(lists: bool = False) -> list[Path]:
    """IMDb's ratings exports, or (lists) its list and watchlist exports."""
    found = sorted((REALWORLD / "imdb").rglob("*.csv")) if REALWORLD.exists() else []
    return [p for p in found if ("watchlist" in p.name.lower()) == lists]


def read(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def list_file(path: Path) -> tuple[dict[str, str], list[dict[str, str]]]:
    """A list file read by hand: the row about the list, and its films in order."""
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    about_at = next(i for i, line in enumerate(lines) if line.startswith("Date,Name,Tags,URL"))
    films_at = next(i for i, line in enumerate(lines) if line.startswith("Position,Name"))
    about = next(csv.DictReader(lines[about_at:films_at]))
    return about, list(csv.DictReader(lines[films_at:]))


def copy_of(path: Path, tmp_path: Path) -> Path:
    """CI's shared folder is read-only: tests work on a copy."""
    target = tmp_path / "export" / path.name
    if path.is_dir():
        shutil.copytree(path, target)
    else:
        target.parent.mkdir(parents=True)
        shutil.copy(path, target)
    return target


# Exports that wait for an issue: strict, so each fails loudly once its issue lands.
WAITING: dict[str, str] = {}


def waiting(paths: list[Path], reasons: dict[str, str]) -> list[object]:
    """The paths as parameters, those whose owner waits for an issue marked strict xfail."""
    marked: list[object] = []
    for path in paths:
        owner = next((o for o in reasons if o in path.parts), None)
        marks = [pytest.mark.xfail(strict=True, reason=reasons[owner])] if owner else []
        marked.append(pytest.param(path, marks=marks))
    return marked


@pytest.mark.parametrize(
    "export",
    waiting(letterboxd_exports(), WAITING),
    ids=lambda p: p.parent.name + "/" + p.name,
)
def test_letterboxd_export_imports_faithfully(cli, journal: Path, export: Path, tmp_path) -> None:
    day_first = any(owner in export.parts for owner in DAY_FIRST)
    export = copy_of(export, tmp_path)
    folder = export if export.is_dir() else export.parent
    diary = read(export) if export.is_file() else read(folder / "diary.csv")
    reviews = read(folder / "reviews.csv") if export.is_dir() else []
    ratings = read(folder / "ratings.csv") if export.is_dir() else []
    watchlist = read(folder / "watchlist.csv") if export.is_dir() else []
    likes = read(folder / "likes" / "films.csv") if export.is_dir() else []
    lists = sorted((folder / "lists").glob("*.csv")) if export.is_dir() else []

    result = cli("import", "letterboxd", str(export), "--format", "json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)

    def day(text: str) -> str | None:
        if not text:
            return None
        if day_first:
            return dt.datetime.strptime(text, "%d/%m/%Y").date().isoformat()
        return text

    # Every diary row is an entry; a review without a diary entry is one more.
    diary_uris = {r["Letterboxd URI"] for r in diary if r["Letterboxd URI"]}
    diary_days = {(r["Name"], r["Watched Date"]) for r in diary if not r["Letterboxd URI"]}
    # A review written without a watched date on the day of a diary entry of its film
    # (written first, logged later) is that entry's review.
    watched_days = {(r["Name"], r["Year"], day(r["Watched Date"])) for r in diary}
    reviewed = {
        (r["Name"], r["Year"], day(r["Watched Date"])) for r in reviews if r["Watched Date"]
    }

    def joins(r: dict) -> bool:
        written = (r["Name"], r["Year"], day(r["Date"]))
        return not r["Watched Date"] and written in watched_days and written not in reviewed

    review_only = [
        r
        for r in reviews
        if r["Letterboxd URI"] not in diary_uris
        and not joins(r)
        and (r["Letterboxd URI"] or (r["Name"], r["Watched Date"]) not in diary_days)
    ]
    assert count(journal, "entries") == len(diary) + len(review_only)
    assert summary["counts"]["entries"]["added"] == len(diary) + len(review_only)
    for row in diary:
        if row["Letterboxd URI"]:
            (stored,) = rows(
                journal,
                "SELECT e.watched, e.rating, f.title FROM entries e JOIN films f"
                " ON f.id = e.film_id WHERE e.letterboxd_uri = ?",
                row["Letterboxd URI"],
            )
            assert stored[0] == day(row["Watched Date"])
            assert stored[1] == (int(float(row["Rating"]) * 2) if row["Rating"] else None)
            assert key(stored[2]) == key(row["Name"])

    # Every review arrived, word for word.
    with_text = [r for r in reviews if r["Review"].strip()]
    assert rows(journal, "SELECT count(*) FROM entries WHERE review IS NOT NULL")[0][0] == len(
        with_text
    )
    for r in with_text:
        # A review without a URI is found by its film and day (which may be unknown).
        (stored,) = rows(
            journal,
            "SELECT review FROM entries e JOIN films f ON f.id = e.film_id"
            " WHERE e.letterboxd_uri = ?1"
            " OR (?1 = '' AND f.title = ?2 AND e.watched IS ?3)"
            " OR (?4 AND f.title = ?2 AND e.watched = ?5)",
            r["Letterboxd URI"],
            r["Name"],
            day(r["Watched Date"]),
            joins(r),
            day(r["Date"]),
        )
        # The words a reader sees: the text outside the markup (a tag may hold spaces).
        words = [w for w in re.sub(r"<[^>]*>", " ", r["Review"]).split() if w.isalpha()]
        for word in words:
            assert word in stored[0], (word, r["Name"])
        # Reviews without markup are stored byte for byte (line ends made \n).
        if "<" not in r["Review"] and "&" not in r["Review"]:
            assert stored[0] == r["Review"].replace("\r\n", "\n").strip()

    # Every rated film carries its current rating; on a first import, all are new.
    if ratings:
        assert summary["counts"]["ratings"] == {"added": len(ratings), "updated": 0, "skipped": 0}
    for r in ratings:
        stored = rows(
            journal,
            "SELECT rating FROM films WHERE letterboxd_uri = ?",
            r["Letterboxd URI"],
        )
        assert stored == [(int(float(r["Rating"]) * 2),)], r["Name"]

    # Every list, its films in the file's order. A list exported twice (renamed between
    # two exports, both files kept) is one list: the file read last gives its order and
    # name, and the films only the other file has stay after them.
    by_url: dict[str, list[Path]] = {}
    for path in lists:
        by_url.setdefault(list_file(path)[0]["URL"], []).append(path)
    for url, paths in by_url.items():
        stored = rows(
            journal,
            "SELECT f.title, f.year FROM lists l JOIN list_items li ON li.list_id = l.id"
            " JOIN films f ON f.id = li.film_id WHERE l.letterboxd_uri = ? ORDER BY li.position",
            url,
        )
        stored_films = [(key(t), y) for t, y in stored]
        for n, path in enumerate(sorted(paths, key=lambda p: p.name), start=1):
            about, films = list_file(path)
            expected = [(key(f["Name"]), int(f["Year"]) if f["Year"] else None) for f in films]
            if n == len(paths):
                assert stored_films[: len(expected)] == expected, path.name
                (name,) = rows(journal, "SELECT name FROM lists WHERE letterboxd_uri = ?", url)
                # (spaces around it trimmed; a name another list has takes " (2)")
                assert key(name[0]).startswith(key(about["Name"])), path.name
            else:
                assert set(expected) <= set(stored_films), path.name

    # A film is one film by its Letterboxd URI: two films may share a title and year
    # (the two Draculas of 2025).
    assert count(journal, "watchlist") == len(
        {r["Letterboxd URI"] or (key(r["Name"]), r["Year"]) for r in watchlist}
    )
    assert rows(journal, "SELECT count(*) FROM films WHERE liked = 1")[0][0] >= len(likes)
    assert count(journal, "lists") == len(by_url)

    # The same export again adds nothing.
    before = {t: count(journal, t) for t in ("films", "entries", "watchlist", "list_items")}
    again = json.loads(cli("import", "letterboxd", str(export), "-f", "json", ok=True).stdout)
    assert all(c["added"] == 0 and c["updated"] == 0 for c in again["counts"].values())
    assert nothing_new(again)
    assert {t: count(journal, t) for t in before} == before


def test_an_export_saved_with_semicolons_imports(cli, journal: Path, tmp_path) -> None:
    export = copy_of(REALWORLD / "letterboxd" / "guilhermelMoraes__letterboxd-data-dump", tmp_path)
    with (export / "diary.csv").open(encoding="utf-8-sig", newline="") as f:
        diary = list(csv.DictReader(f, delimiter=";"))
    summary = json.loads(cli("import", "letterboxd", str(export), "-f", "json", ok=True).stdout)
    assert summary["counts"]["entries"]["added"] == len(diary) == count(journal, "entries")
    for row in diary:
        (stored,) = rows(
            journal,
            "SELECT e.watched, e.rating, f.title, f.year FROM entries e JOIN films f"
            " ON f.id = e.film_id WHERE e.letterboxd_uri = ?",
            row["Letterboxd URI"],
        )
        rating = int(float(row["Rating"]) * 2) if row["Rating"] else None
        assert stored == (row["Watched Date"], rating, stored[2], int(row["Year"]))
        assert key(stored[2]) == key(mended(row["Name"]))


def mended(text: str) -> str:
    """The file holds some titles encoded twice (UTF-8 read as Latin-1, saved as UTF-8)."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def test_an_export_with_day_first_dates_imports(cli, journal: Path, tmp_path) -> None:
    export = copy_of(REALWORLD / "letterboxd" / "K-ashvi__Analysis-of-Letterboxd-Data", tmp_path)
    diary = read(export / "diary.csv")
    cli("import", "letterboxd", str(export), ok=True)
    stored = Counter(rows(journal, "SELECT watched FROM entries"))
    expected = Counter(
        (dt.datetime.strptime(r["Watched Date"], "%d-%m-%Y").date().isoformat(),) for r in diary
    )
    assert stored == expected and sum(expected.values()) == len(diary)


FILM_TYPES_SKIPPED = ("series", "serie", "episode", "episodio", "game")


@pytest.mark.parametrize("export", imdb_exports(), ids=lambda p: "/".join(p.parts[-4:]))
def test_imdb_export_imports_faithfully(cli, journal: Path, export: Path, tmp_path: Path) -> None:
    export = copy_of(export, tmp_path)
    raw = export.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    source = list(csv.DictReader(text.splitlines()))
    films = [r for r in source if not any(w in r["Title Type"].lower() for w in FILM_TYPES_SKIPPED)]
    result = cli("import", "imdb", str(export), "--format", "json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert count(journal, "films") == len({r["Const"] for r in films})
    assert sum(summary["rows_not_imported"].values()) == len(source) - len(films)
    for r in films:
        ((title, year, rating, rated_at),) = rows(
            journal, "SELECT title, year, rating, rated_at FROM films WHERE imdb_id = ?", r["Const"]
        )
        assert rating == int(r["Your Rating"])
        assert rated_at == r["Date Rated"]
        assert year == (int(r["Year"]) if r["Year"] else None)
        assert title == " ".join(r["Title"].replace("\u00a0", " ").split(" ")).strip()
    with_directors = [r for r in films if r.get("Directors")]
    if with_directors:
        r = with_directors[0]
        names = [n.strip() for n in r["Directors"].split(",")]
        data = json.loads(cli("show", f"{r['Title']} ({r['Year']})", "-f", "json", ok=True).stdout)
        assert data["directors"] == names
    again = json.loads(cli("import", "imdb", str(export), "-f", "json", ok=True).stdout)
    assert nothing_new(again)


def imdb_rows(path: Path) -> list[dict[str, str]]:
    """An IMDb file read by hand (UTF-8 or Windows-1252), its columns by one spelling."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    spelled = {"title type": "Title Type", "created": "Created", "const": "Const", "year": "Year"}
    return [
        {spelled.get(k.lower(), k): v for k, v in r.items()}
        for r in csv.DictReader(text.splitlines())
    ]


@pytest.mark.parametrize("export", imdb_exports(lists=True), ids=lambda p: "/".join(p.parts[-2:]))
@pytest.mark.parametrize("as_list", [False, True], ids=["watchlist", "named-list"])
def test_imdb_list_export_imports_whole(cli, journal: Path, export: Path, tmp_path, as_list):
    source = imdb_rows(export)
    films = [r for r in source if not any(w in r["Title Type"].lower() for w in FILM_TYPES_SKIPPED)]
    path = copy_of(export, tmp_path)
    if as_list:
        path = path.rename(path.with_name("To see one day.csv"))
    summary = json.loads(cli("import", "imdb", str(path), "-f", "json", ok=True).stdout)
    assert sum(summary["rows_not_imported"].values()) == len(source) - len(films)
    if as_list:
        shown = json.loads(cli("lists", "show", "To see one day", "-f", "json", ok=True).stdout)
        assert [i["imdb_id"] for i in shown["items"]] == [r["Const"] for r in films]
    else:
        stored = dict(
            rows(
                journal,
                "SELECT f.imdb_id, w.added_at FROM watchlist w JOIN films f ON f.id = w.film_id",
            )
        )
        assert set(stored) == {r["Const"] for r in films}
        first = films[0]
        assert stored[first["Const"]] == cells_day(first["Created"])
    again = json.loads(cli("import", "imdb", str(path), "-f", "json", ok=True).stdout)
    assert nothing_new(again)


def cells_day(created: str) -> str:
    """IMDb's created stamp as a day: 2014-08-22, or the old 'Thu Aug 14 16:20:52 2014'."""
    if created[:4].isdigit():
        return created[:10]
    return (
        dt.datetime.strptime(" ".join(created.split()), "%a %b %d %H:%M:%S %Y").date().isoformat()
    )


def test_imdb_after_letterboxd_merges_films(cli, journal: Path, tmp_path: Path) -> None:
    lb = tmp_path / "lb"
    lb.mkdir()
    (lb / "diary.csv").write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
        "2021-01-02,Miller's Crossing,1990,https://boxd.it/aa1,4,,,2021-01-01\n"
    )
    cli("import", "letterboxd", str(lb), ok=True)
    imdb_file = tmp_path / "ratings.csv"
    imdb_file.write_text(
        "Const,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,"
        "Genres,Num Votes,Release Date,Directors\n"
        "tt0100150,8,2021-01-03,Miller's Crossing,https://www.imdb.com/title/tt0100150/,movie,"
        '7.7,115,1990,"Crime, Drama",130579,1990-09-21,"Joel Coen, Ethan Coen"\n'
    )
    cli("import", "imdb", str(imdb_file), ok=True)
    assert rows(journal, "SELECT title, imdb_id, runtime FROM films") == [
        ("Miller's Crossing", "tt0100150", 115)
    ]
    data = json.loads(cli("show", "miller", "-f", "json", ok=True).stdout)
    assert data["directors"] == ["Joel Coen", "Ethan Coen"]
    assert data["genres"] == ["Crime", "Drama"]
    assert len(data["entries"]) == 1


def test_largest_export_summary(cli, journal: Path, tmp_path: Path) -> None:
    """The summary table a person sees for the largest real export."""
    export = copy_of(REALWORLD / "letterboxd" / "mBaratta96__letterboxd-plots" / "data", tmp_path)
    out = cli("import", "letterboxd", str(export), ok=True).stdout
    assert out.splitlines()[1].split() == ["added", "updated", "skipped"]
    table = {
        line.split()[0]: line.split()[1:] for line in out.splitlines()[2:10] if line[:1] != " "
    }
    diary = read(export / "diary.csv")
    assert table["entries"][0] == str(len(diary))
    counted = Counter(r["Name"] for r in read(export / "watchlist.csv"))
    assert int(table["watchlist"][0]) == sum(counted.values())
