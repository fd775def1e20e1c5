"""`filmlog import trakt`: Trakt's data export and backup tools' copies of its API, in the
shapes Trakt writes (history pages, ratings, watched summary, watchlist, lists)."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SHARED, count, nothing_new, rows
from tests.test_import import DIARY, export

TRAKT = SHARED / "realworld" / "trakt"
OFFICIAL = TRAKT / "juanfernandes__juanfernandes-uk" / "scripts"
BACKUP = TRAKT / "Hit360D__pyproj" / "trakt"
shared = pytest.mark.skipif(not TRAKT.exists(), reason="../shared/realworld is absent")


def movie(title: str | None, year: int | None, trakt: int, imdb: str | None = None, tmdb=None):
    ids: dict[str, Any] = {"trakt": trakt, "slug": f"{(title or 'x').lower()}-{year}"}
    ids |= {"imdb": imdb, "tmdb": tmdb}
    return {"title": title, "year": year, "ids": ids}


def play(n: int, film: dict, watched_at: str, action: str = "watch") -> dict:
    return {"id": n, "watched_at": watched_at, "action": action, "type": "movie", "movie": film}


def episode_play(n: int, watched_at: str = "2024-01-02T20:00:00.000Z") -> dict:
    return {
        "id": n,
        "watched_at": watched_at,
        "action": "watch",
        "type": "episode",
        "episode": {"season": 1, "number": n, "title": "Pilot", "ids": {"trakt": 900 + n}},
        "show": {"title": "Absentia", "year": 2017, "ids": {"trakt": 121210}},
    }


HEAT = movie("Heat", 1995, 1001, "tt0113277", 949)
SOLARIS = movie("Solaris", 1972, 1002, "tt0069293", 593)
TOTORO = movie("My Neighbor Totoro", 1988, 1003, "tt0096283", 8392)


def write(tmp_path: Path, files: dict[str, Any], name: str = "trakt") -> Path:
    folder = tmp_path / name
    for rel, records in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(records, indent=2), encoding="utf-8")
    return folder


def summary(cli, *args: str) -> dict:
    result = cli("import", "trakt", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(autouse=True)
def london(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/London")


@shared
def test_the_official_export_brings_its_film_plays_on_their_local_days(cli, journal, tmp_path):
    folder = shutil.copytree(OFFICIAL, tmp_path / "export")
    first = summary(cli, str(folder))
    assert first["counts"]["entries"] == {"added": 11, "updated": 0, "skipped": 0}
    assert first["rows_not_imported"] == {"episode plays (filmlog keeps films)": 7854}
    days = dict(
        rows(journal, "SELECT f.title, e.watched FROM entries e JOIN films f ON f.id = e.film_id")
    )
    # 00:55 UTC on 5 November is still 5 November in London (GMT), but 4 November in Los Angeles
    assert days["Halloween 5: The Revenge of Michael Myers"] == "2023-11-05"
    # the check-in: 00:46 UTC on 26 June 2021 is 01:46 in London (BST)
    assert days["Believe Me: The Abduction of Lisa McVey"] == "2021-06-26"
    ids = rows(journal, "SELECT count(*) FROM film_ids WHERE kind = 'trakt'")
    assert ids == [(11,)]
    assert nothing_new(summary(cli, str(folder)))
    assert count(journal, "entries") == 11


@shared
def test_the_time_zone_decides_the_day(cli, journal, tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    summary(cli, str(OFFICIAL))
    watched = rows(
        journal,
        "SELECT e.watched FROM entries e JOIN films f ON f.id = e.film_id WHERE f.year = 1989",
    )
    assert watched == [("2023-11-04",)]


@shared
def test_the_export_zipped_reads_as_the_folder(cli, journal, tmp_path):
    archive = tmp_path / "trakt-export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for page in OFFICIAL.glob("*.json"):
            z.write(page, f"export/history/{page.name}")
    assert summary(cli, str(archive))["counts"]["entries"]["added"] == 11


@shared
def test_a_backup_folder_brings_history_ratings_watched_films_and_watchlist(cli, journal, tmp_path):
    folder = shutil.copytree(BACKUP, tmp_path / "backup")
    first = summary(cli, str(folder))
    counts = first["counts"]
    assert counts["entries"]["added"] == 10
    assert counts["ratings"]["added"] == 1
    assert counts["watchlist"]["added"] == 5
    assert rows(journal, "SELECT rating FROM films WHERE title = 'Your Name.'") == [(10,)]
    # The watched summary marks films seen, with no viewings of its own.
    assert count(journal, "films WHERE seen") == 10 + counts["watched"]["added"]
    assert count(journal, "entries") == 10
    assert first["rows_not_imported"]["collection (what you own, not what you watched)"] == 10
    assert first["rows_not_imported"]["shows (watched summary)"] == 194
    assert nothing_new(summary(cli, str(folder)))


def test_a_newer_export_adds_only_the_newer_plays(cli, journal, tmp_path):
    older = [play(2, HEAT, "2024-03-01T21:00:00.000Z"), play(1, SOLARIS, "2024-02-01T21:00:00Z")]
    summary(cli, str(write(tmp_path, {"watched-history-1.json": older}, "old")))
    newer = [play(3, TOTORO, "2024-04-01T10:00:00.000Z"), *older]
    again = summary(cli, str(write(tmp_path, {"watched-history-1.json": newer}, "new")))
    assert again["counts"]["entries"] == {"added": 1, "updated": 0, "skipped": 2}
    assert count(journal, "entries") == 3


def test_two_plays_of_one_film_are_two_viewings_the_later_a_rewatch(cli, journal, tmp_path):
    plays = [play(2, HEAT, "2024-05-01T22:00:00Z"), play(1, HEAT, "2024-03-01T21:00:00Z")]
    summary(cli, str(write(tmp_path, {"watched-history-1.json": plays})))
    assert rows(journal, "SELECT watched, rewatch FROM entries ORDER BY watched") == [
        ("2024-03-01", 0),
        ("2024-05-01", 1),
    ]


@pytest.mark.parametrize("first", ["letterboxd", "trakt"])
def test_trakt_and_letterboxd_of_the_same_viewings_double_nothing_in_either_order(
    cli, journal, tmp_path, first
):
    diary = DIARY + "2024-03-02,Heat,1995,https://boxd.it/h1,4.5,No,,2024-03-01\r\n"
    letterboxd = export(tmp_path, {"diary.csv": diary})
    trakt = write(tmp_path, {"watched-history-1.json": [play(7, HEAT, "2024-03-01T21:00:00Z")]})
    ratings = write(
        tmp_path,
        {
            "ratings-movies.json": [
                {"rated_at": "2024-03-02T10:00:00Z", "rating": 8, "type": "movie", "movie": HEAT}
            ]
        },
        "ratings",
    )
    imports = [("letterboxd", letterboxd), ("trakt", trakt)]
    for name, path in imports if first == "letterboxd" else imports[::-1]:
        assert cli("import", name, str(path)).exit_code == 0
    assert rows(journal, "SELECT watched, rating FROM entries") == [("2024-03-01", 9)]
    assert count(journal, "films") == 1
    summary(cli, str(ratings))
    # A rating given later than the viewing's wins: Trakt's 8 of the next day.
    assert rows(journal, "SELECT rating, rated_at FROM films") == [(8, "2024-03-02")]


def test_ratings_of_one_to_ten_become_half_stars_with_their_day(cli, journal, tmp_path):
    rated = [
        {"rated_at": "2024-01-05T23:30:00.000Z", "rating": 10, "type": "movie", "movie": HEAT},
        {"rated_at": "2024-01-06T08:00:00.000Z", "rating": 1, "type": "movie", "movie": SOLARIS},
        {
            "rated_at": "2024-01-07T08:00:00.000Z",
            "rating": 8,
            "type": "show",
            "show": {"title": "Dark"},
        },
    ]
    result = summary(cli, str(write(tmp_path, {"ratings_movies.json": rated})))
    assert rows(journal, "SELECT title, rating, rated_at FROM films ORDER BY title") == [
        ("Heat", 10, "2024-01-05"),
        ("Solaris", 1, "2024-01-06"),
    ]
    assert result["rows_not_imported"] == {"shows (ratings)": 1}
    listed = cli("list", "--format", "json", ok=True)
    assert {f["title"]: f["rating"] for f in json.loads(listed.stdout)} == {
        "Heat": 5,
        "Solaris": 0.5,
    }


def test_the_watched_summary_marks_films_seen_and_never_dates_a_viewing(cli, journal, tmp_path):
    watched = [
        {"plays": 3, "last_watched_at": "2015-01-01T00:00:00Z", "movie": HEAT},
        {"plays": 1, "last_watched_at": "2015-01-01T00:00:00Z", "movie": SOLARIS},
    ]
    history = [play(1, HEAT, "2024-03-01T21:00:00Z")]
    files = {"watched-movies.json": watched, "watched-history-1.json": history}
    result = summary(cli, str(write(tmp_path, files)))
    assert rows(journal, "SELECT watched FROM entries") == [("2024-03-01",)]
    assert rows(journal, "SELECT title, seen FROM films ORDER BY title") == [
        ("Heat", 1),
        ("Solaris", 1),
    ]
    assert result["counts"]["watched"]["added"] == 1


def test_the_watchlist_keeps_films_not_seen_and_lists_keep_their_order_and_notes(
    cli, journal, tmp_path
):
    def listed(rank, film, notes=None, listed_at="2024-02-01T12:00:00.000Z"):
        return {
            "rank": rank,
            "id": 50 + rank,
            "listed_at": listed_at,
            "notes": notes,
            "type": "movie",
            "movie": film,
        }

    about = [
        {
            "name": "Slow cinema",
            "description": "Films that take their time.",
            "privacy": "private",
            "created_at": "2023-05-01T10:00:00.000Z",
            "updated_at": "2024-02-01T10:00:00.000Z",
            "item_count": 3,
            "ids": {"trakt": 123, "slug": "slow-cinema"},
        }
    ]
    show = {
        "rank": 2,
        "id": 99,
        "listed_at": "2024-02-01T12:00:00Z",
        "type": "show",
        "show": {"title": "Dark", "ids": {"trakt": 5}},
    }
    files = {
        "watched-history-1.json": [play(1, HEAT, "2024-03-01T21:00:00Z")],
        "lists-watchlist.json": [
            listed(1, HEAT),
            listed(2, TOTORO, listed_at="2023-12-24T23:30:00Z"),
        ],
        "lists-lists.json": about,
        "lists/lists-list-123-slow-cinema.json": [
            listed(3, HEAT),
            show,
            listed(1, SOLARIS, "the long one"),
        ],
    }
    result = summary(cli, str(write(tmp_path, files)))
    assert rows(
        journal, "SELECT f.title, w.added_at FROM watchlist w JOIN films f ON f.id = w.film_id"
    ) == [("My Neighbor Totoro", "2023-12-24")]
    shown = json.loads(cli("lists", "show", "Slow cinema", "--format", "json", ok=True).stdout)
    assert [(i["title"], i.get("note")) for i in shown["items"]] == [
        ("Solaris", "the long one"),
        ("Heat", None),
    ]
    assert shown["description"] == "Films that take their time."
    assert result["rows_not_imported"] == {"shows (lists)": 1}


def test_a_play_naming_no_film_is_refused_with_its_file_and_item(cli, journal, tmp_path):
    plays = [
        play(1, HEAT, "2024-03-01T21:00:00Z"),
        play(2, movie(None, None, None), "2024-03-02T21:00:00Z"),
    ]
    plays[1]["movie"]["ids"] = {}
    result = cli("import", "trakt", str(write(tmp_path, {"watched-history-1.json": plays})))
    assert result.exit_code == 1
    assert "watched-history-1.json, item 2: the film has neither a title nor ids" in result.stderr
    assert "Traceback" not in result.stderr
    assert count(journal, "entries") == 0


def test_an_item_naming_no_film_elsewhere_is_skipped_with_a_reason(cli, journal, tmp_path):
    items = [
        {"rank": 1, "listed_at": "2024-02-01T12:00:00Z", "type": "movie", "movie": {"ids": {}}}
    ]
    result = summary(cli, str(write(tmp_path, {"watchlist_movies.json": items})))
    assert result["rows_not_imported"] == {
        "watchlist items: the film has neither a title nor ids": 1
    }


def test_collection_comments_and_favourites_are_named_as_not_imported(cli, journal, tmp_path):
    files = {
        "collection-movies.json": [{"collected_at": "2021-02-03T02:14:55Z", "movie": HEAT}],
        "comments.json": [{"type": "movie", "movie": HEAT, "comment": {"comment": "Great."}}],
        "favorites-movies.json": [{"rank": 1, "listed_at": "2024-01-01T00:00:00Z", "movie": HEAT}],
        "user-profile.json": {"username": "someone", "private": False},
        "watched-history-1.json": [play(1, HEAT, "2024-03-01T21:00:00Z")],
    }
    result = summary(cli, str(write(tmp_path, files)))
    assert set(result["rows_not_imported"]) == {
        "collection (what you own, not what you watched)",
        "comments (filmlog keeps your reviews, not comments)",
        "favourites (filmlog has no favourites; like the films instead)",
    }
    assert result["ignored_files"] == ["user-profile.json"]
    text = cli("import", "trakt", str(tmp_path / "trakt"), "--dry-run", ok=True).stdout
    assert "collection (what you own, not what you watched): 1" in text


def test_extra_fields_are_ignored_and_a_film_is_found_by_its_trakt_id(cli, journal, tmp_path):
    film = movie("Heat", 1995, 1001) | {
        "images": {"poster": ["x.jpg"]},
        "colors": {"poster": ["#000"]},
    }
    film["ids"] |= {"plex": {"guid": "abc"}}
    summary(
        cli,
        str(
            write(
                tmp_path, {"watched-history-1.json": [play(1, film, "2024-03-01T21:00:00Z")]}, "a"
            )
        ),
    )
    renamed = movie("Heat (Director's Cut)", 1995, 1001)
    summary(
        cli,
        str(
            write(
                tmp_path,
                {"watched-history-1.json": [play(2, renamed, "2024-04-01T21:00:00Z")]},
                "b",
            )
        ),
    )
    assert count(journal, "films") == 1
    assert count(journal, "entries") == 2


def test_dry_run_writes_nothing_and_undo_takes_it_back(cli, journal, tmp_path):
    folder = write(tmp_path, {"watched-history-1.json": [play(1, HEAT, "2024-03-01T21:00:00Z")]})
    dry = summary(cli, str(folder), "--dry-run")
    assert dry["counts"]["entries"]["added"] == 1 and dry["import_id"] is None
    assert count(journal, "entries") == 0
    summary(cli, str(folder))
    cli("import", "undo", "--yes", ok=True)
    assert count(journal, "entries") == count(journal, "films") == 0
    assert summary(cli, str(folder))["counts"]["entries"]["added"] == 1


def test_files_that_are_not_trakts_say_so(cli, journal, tmp_path):
    other = tmp_path / "notes.json"
    other.write_text('[{"hello": "world"}]', encoding="utf-8")
    result = cli("import", "trakt", str(other))
    assert result.exit_code == 1
    assert "notes.json: not a file of a Trakt export" in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    result = cli("import", "trakt", str(empty))
    assert result.exit_code == 1 and "no Trakt export here" in result.stderr
    page = write(tmp_path, {"watched-history-1.json": [play(1, HEAT, "2024-03-01T21:00:00Z")]})
    result = cli("import", "letterboxd", str(page / "watched-history-1.json"))
    assert result.exit_code == 1
    assert "this looks like a Trakt export" in result.stderr
    assert "filmlog import trakt" in result.stderr
    broken = tmp_path / "broken" / "watched-history-1.json"
    broken.parent.mkdir()
    broken.write_text('[{"id": 1, "watched_at": ', encoding="utf-8")
    result = cli("import", "trakt", str(broken.parent))
    assert result.exit_code == 1 and "not JSON as Trakt writes it" in result.stderr
    assert count(journal, "entries") == 0


def test_one_backup_file_holding_each_kind_by_name_reads_each_part(cli, journal, tmp_path):
    backup = {
        "history": [play(1, HEAT, "2024-03-01T21:00:00Z")],
        "ratings": [
            {"rated_at": "2024-03-02T10:00:00Z", "rating": 7, "type": "movie", "movie": SOLARIS}
        ],
        "watchlist": [
            {"rank": 1, "listed_at": "2024-01-01T10:00:00Z", "type": "movie", "movie": TOTORO}
        ],
        "user": {"username": "someone"},
    }
    path = tmp_path / "trakt-backup.json"
    path.write_text(json.dumps(backup), encoding="utf-8")
    result = summary(cli, str(path))
    assert result["counts"]["entries"]["added"] == 1
    assert rows(journal, "SELECT title, rating FROM films WHERE rating IS NOT NULL") == [
        ("Solaris", 7)
    ]
    assert rows(journal, "SELECT count(*) FROM watchlist") == [(1,)]
    backup["history"][0]["movie"] = {"ids": {}}
    path.write_text(json.dumps(backup), encoding="utf-8")
    refused = cli("import", "trakt", str(path))
    assert (
        "trakt-backup.json (history), item 1: the film has neither a title nor ids"
        in refused.stderr
    )


def test_trakt_ids_survive_the_json_export_and_the_plays_are_not_doubled_after(
    cli, journal, tmp_path, monkeypatch
):
    folder = write(
        tmp_path,
        {"watched-history-1.json": [play(1, movie("Heat", 1995, 1001), "2024-03-01T21:00:00Z")]},
    )
    summary(cli, str(folder))
    out = tmp_path / "journal.json"
    cli("export", "json", "-o", str(out), ok=True)
    assert json.loads(out.read_text())["films"][0]["other_ids"] == {"trakt": 1001}
    monkeypatch.setenv("FILMLOG_DB", str(tmp_path / "restored.db"))
    cli("import", "json", str(out), ok=True)
    again = summary(cli, str(folder))
    assert again["counts"]["entries"] == {"added": 0, "updated": 0, "skipped": 1}
    assert rows(tmp_path / "restored.db", "SELECT kind, value FROM film_ids") == [("trakt", "1001")]


@pytest.mark.parametrize("name", ["lists/lists-slow-cinema.json", "lists/slow-cinema.json"])
def test_a_list_file_named_by_its_slug_alone_takes_its_name(cli, journal, tmp_path, name):
    about = [
        {
            "name": "Slow Cinema",
            "description": "Patience.",
            "privacy": "public",
            "ids": {"trakt": 9, "slug": "slow-cinema"},
        }
    ]
    item = {
        "rank": 1,
        "id": 1,
        "listed_at": "2024-02-01T12:00:00Z",
        "notes": None,
        "type": "movie",
        "movie": SOLARIS,
    }
    summary(cli, str(write(tmp_path, {"lists/lists-lists.json": about, name: [item]})))
    assert json.loads(cli("lists", "-f", "json", ok=True).stdout)[0]["name"] == "Slow Cinema"
