"""`filmlog import netflix`: the viewing history and the full download, films told from
episodes, dates in the account's locale, profiles."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.conftest import SHARED, count, nothing_new, rows

NETFLIX = SHARED / "realworld" / "netflix"
shared = pytest.mark.skipif(not NETFLIX.exists(), reason="../shared/realworld is absent")
HISTORIES = sorted(NETFLIX.rglob("NetflixViewingHistory*.csv")) if NETFLIX.exists() else []
# What a person sees as an episode: Netflix's season part, in the files' languages.
SEASON = re.compile(r": (Season|Seizoen|Sezon|Temporada|シーズン|Sezon) ?\d", re.IGNORECASE)
ACTIVITY = (
    "Profile Name,Start Time,Duration,Attributes,Title,Supplemental Video Type,Device Type,"
    "Bookmark,Latest Bookmark,Country\n"
)


def activity(*rows_: tuple[str, str, str, str, str]) -> str:
    """Rows of ViewingActivity.csv: profile, start (UTC), duration, title, extra type."""
    return ACTIVITY + "".join(
        f'{p},{start},{duration},,"{title}",{extra},TV,{duration},{duration},NL (Netherlands)\n'
        for p, start, duration, title, extra in rows_
    )


def write(tmp_path: Path, files: dict[str, str], name: str = "netflix") -> Path:
    folder = tmp_path / name
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return folder


def imported(cli, *args: str) -> dict:
    result = cli("import", "netflix", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(autouse=True)
def amsterdam(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Amsterdam")


@shared
@pytest.mark.parametrize("history", HISTORIES, ids=lambda p: "/".join(p.parts[-3:]))
def test_each_shared_history_brings_films_and_no_season_episodes(cli, journal, tmp_path, history):
    path = shutil.copy(history, tmp_path / "NetflixViewingHistory.csv")
    result = imported(cli, str(path))
    titles = [t for (t,) in rows(journal, "SELECT title FROM films")]
    assert titles and not [t for t in titles if SEASON.search(t)]
    episodes = result["rows_not_imported"]["episodes (filmlog keeps films)"]
    lines = len(Path(path).read_text(encoding="utf-8-sig").splitlines()) - 1
    assert result["counts"]["entries"]["added"] + episodes <= lines
    assert count(journal, "films WHERE year IS NOT NULL") == 0  # Netflix writes no years
    assert nothing_new(imported(cli, str(path)))


@shared
def test_day_first_dates_of_the_dutch_file_are_read_as_days(cli, journal, tmp_path):
    path = shutil.copy(
        NETFLIX / "gmathijs__Netflix-reorganise" / "NetflixViewingHistory.csv", tmp_path
    )
    imported(cli, str(path))
    # "Safe","28-06-23": 28 June 2023 (2028-06-23 would be after today)
    assert ("2023-06-28",) in rows(journal, "SELECT watched FROM entries")
    assert rows(journal, "SELECT max(watched) <= date('now') FROM entries") == [(1,)]


@shared
def test_a_full_download_of_several_profiles_asks_for_one(cli, journal, tmp_path):
    folder = shutil.copytree(NETFLIX / "allanmviana__Netflix-Screen-Time", tmp_path / "download")
    refused = cli("import", "netflix", str(folder))
    assert refused.exit_code == 1
    assert "holds 5 profiles" in refused.stderr and "Xandin Careca (3,784 rows)" in refused.stderr
    assert "--profile NAME" in refused.stderr and refused.stderr.count("\n") == 1
    result = imported(cli, str(folder), "--profile", "mamae")  # Mamãe, without the accent
    assert result["counts"]["entries"]["added"] > 0
    skipped = result["rows_not_imported"]
    assert skipped["trailers, teasers and other extras (not viewings)"] > 0
    assert nothing_new(imported(cli, str(folder), "--profile", "MAMÃE"))


def test_sittings_of_a_day_add_up_and_extras_and_short_ones_are_not_viewings(
    cli, journal, tmp_path
):
    text = activity(
        ("Ana", "2024-03-01 20:00:00", "00:12:00", "Heat", ""),
        ("Ana", "2024-03-01 21:00:00", "00:15:30", "Heat", ""),  # 27 minutes that day
        ("Ana", "2024-03-02 20:00:00", "00:10:00", "Ran", ""),  # ten minutes: a look
        ("Ana", "2024-03-02 19:00:00", "00:01:00", "Trailer: Ran", "TRAILER"),
        ("Ana", "2024-03-03 23:30:00", "01:50:00", "Solaris", ""),  # 00:30 in Amsterdam
    )
    result = imported(cli, str(write(tmp_path, {"ViewingActivity.csv": text})))
    assert rows(
        journal,
        "SELECT f.title, e.watched FROM entries e JOIN films f ON f.id = e.film_id ORDER BY 2",
    ) == [
        ("Heat", "2024-03-01"),
        ("Solaris", "2024-03-04"),
    ]
    assert result["rows_not_imported"] == {
        "trailers, teasers and other extras (not viewings)": 1,
        "viewings shorter than 20 minutes": 1,
    }
    again = imported(
        cli, str(write(tmp_path, {"ViewingActivity.csv": text}, "b")), "--min-minutes", "5"
    )
    assert again["counts"]["entries"]["added"] == 1  # Ran, now long enough


def test_my_list_and_ratings_of_the_chosen_profile(cli, journal, tmp_path):
    files = {
        "CONTENT_INTERACTION/ViewingActivity.csv": activity(
            ("Ana", "2024-03-01 20:00:00", "01:50:00", "Heat", ""),
            ("Ana", "2024-03-02 20:00:00", "00:40:00", "Dark: Season 1: Secrets", ""),
            ("Bo", "2024-03-02 20:00:00", "01:40:00", "Ran", ""),
        ),
        "CONTENT_INTERACTION/MyList.csv": "Profile Name,Title Name,Country,Utc Title Add Date\n"
        "Ana,Solaris,Netherlands,2024-01-05\nAna,Dark,Netherlands,2024-01-06\n"
        "Bo,Stalker,Netherlands,2024-01-07\n",
        "CONTENT_INTERACTION/Ratings.csv": "Profile Name,Title Name,Rating Type,Star Value,"
        "Thumbs Value,Device Model,Event Utc Ts,Region View Date\n"
        "Ana,Heat,thumb,,3,TV,2024-03-02 10:00:00,\nAna,Ikiru,star,4,,TV,2015-03-02 10:00:00,\n"
        "Ana,Ran,thumb,,1,TV,2024-03-02 10:00:00,\n",
    }
    archive = tmp_path / "netflix-report.zip"
    folder = write(tmp_path, files)
    with zipfile.ZipFile(archive, "w") as z:
        for path in folder.rglob("*.csv"):
            z.write(path, f"netflix-report/{path.relative_to(folder)}")
    result = imported(cli, str(archive), "--profile", "Ana")
    assert rows(journal, "SELECT f.title FROM watchlist w JOIN films f ON f.id = w.film_id") == [
        ("Solaris",)
    ]
    assert rows(journal, "SELECT title, liked, rating FROM films ORDER BY title") == [
        ("Heat", 1, None),
        ("Ikiru", 0, 8),
        ("Solaris", 0, None),
    ]
    assert result["rows_not_imported"]["series on My List"] == 1
    assert count(journal, "films WHERE title = 'Ran'") == 0  # thumbs down, and Bo's viewing


def test_films_are_told_from_episodes_by_shape_and_by_shared_series_names(cli, journal, tmp_path):
    text = "Title,Date\n" + "".join(
        f'"{t}","30.06.2022"\n'
        for t in (
            "Odlotowe agentki: Mały problem",
            "Odlotowe agentki: Wielki problem",
            "Carmen Sandiego: Sezon 2: Przekręt",
            "La casa de papel: Parte 3: Episodio 1",
            "ザ・コード: シーズン1: エピソード3",
            "Kill Bill: Vol. 1",
            "Kill Bill: Vol. 2",
            "Mission: Impossible",
            "Heat",
        )
    )
    result = imported(cli, str(write(tmp_path, {"NetflixViewingHistory.csv": text})), "--dry-run")
    assert result["rows_not_imported"] == {"episodes (filmlog keeps films)": 5}
    assert (
        "Films (4): Heat, Kill Bill: Vol. 1, Kill Bill: Vol. 2, Mission: Impossible."
        in result["notes"]
    )
    assert any(
        n.startswith(
            "Series recognised (4): Carmen Sandiego, La casa de papel, Odlotowe agentki, ザ・コード"
        )
        for n in result["notes"]
    )


def test_a_title_matching_one_film_of_the_journal_is_that_film_and_viewing(cli, journal, tmp_path):
    cli(
        "add",
        "Chungking Express",
        "--year",
        "1994",
        "--watched",
        "2024-03-01",
        "--rating",
        "5",
        ok=True,
    )
    text = (
        'Title,Date\n"Chungking express","3/1/24"\n"Chungking Express","3/9/24"\n"Heat","3/20/24"\n'
    )
    result = imported(cli, str(write(tmp_path, {"NetflixViewingHistory.csv": text})))
    assert result["counts"]["entries"] == {"added": 2, "updated": 0, "skipped": 1}
    assert rows(journal, "SELECT title, year FROM films ORDER BY id") == [
        ("Chungking Express", 1994),
        ("Heat", None),
    ]
    assert rows(journal, "SELECT watched, rewatch FROM entries WHERE film_id = 1 ORDER BY 1") == [
        ("2024-03-01", 0),
        ("2024-03-09", 1),
    ]


def test_dates_that_read_two_ways_ask_for_the_order(cli, journal, tmp_path):
    text = 'Title,Date\n"Heat","06/02/24"\n"Ran","07/03/24"\n'
    folder = write(tmp_path, {"NetflixViewingHistory.csv": text})
    result = cli("import", "netflix", str(folder))
    assert result.exit_code == 1 and "--date-order dmy or --date-order mdy" in result.stderr
    imported(cli, str(folder), "--date-order", "dmy")
    assert rows(journal, "SELECT watched FROM entries ORDER BY 1") == [
        ("2024-02-06",),
        ("2024-03-07",),
    ]


def test_a_file_that_is_not_netflixs_says_what_it_is(cli, journal, tmp_path):
    other = write(
        tmp_path,
        {
            "ratings.csv": "Const,Your Rating,Date Rated,Title,Title Type\ntt0113277,9,2024-01-01,Heat,movie\n"
        },
    )
    result = cli("import", "netflix", str(other / "ratings.csv"))
    assert result.exit_code == 1
    assert "filmlog import imdb" in result.stderr


def test_lookup_leaves_series_out_and_gives_films_their_year_and_facts(
    cli, journal, tmp_path, tmdb
):
    text = 'Title,Date\n"Dark","3/10/24"\n"Dark","3/11/24"\n"Chungking Express","3/12/24"\n'
    text += '"Heat","3/13/24"\n"A Film Nobody Knows","3/14/24"\n'
    folder = write(tmp_path, {"NetflixViewingHistory.csv": text})
    result = imported(cli, str(folder), "--lookup")
    assert result["rows_not_imported"] == {"series, by TMDb (filmlog keeps films)": 2}
    assert rows(journal, "SELECT title, year, tmdb_id FROM films ORDER BY title") == [
        ("A Film Nobody Knows", None, None),
        ("Chungking Express", 1994, 11104),
        ("Heat", 1995, 949),
    ]
    shown = json.loads(cli("show", "Chungking Express", "--format", "json", ok=True).stdout)
    assert shown["directors"] == ["Wong Kar-wai"]
    assert tmdb.requests["search/tv"] == 4
    # Asked again, the answers come from the journal's cache: nothing is sent.
    asked = sum(tmdb.requests.values())
    assert nothing_new(imported(cli, str(folder), "--lookup"))
    assert sum(tmdb.requests.values()) == asked


def test_lookup_without_a_token_says_it_needs_one(cli, journal, tmp_path, monkeypatch):
    monkeypatch.delenv("FILMLOG_TMDB_TOKEN", raising=False)
    folder = write(tmp_path, {"NetflixViewingHistory.csv": 'Title,Date\n"Heat","3/13/24"\n'})
    result = cli("import", "netflix", str(folder), "--lookup")
    assert result.exit_code == 1
    assert "no TMDb token" in result.stderr and "FILMLOG_TMDB_TOKEN" in result.stderr
    assert count(journal, "films") == 0


@pytest.mark.parametrize(
    "title",
    [
        "Dark: Staffel 1: Geheimnisse",
        "Lupin: Partie 1: Chapitre 1",
        "Squid Game: 1. évad: Piros lámpa",
        "Kameňák: Řada 1",
        "Borgen: Sæson 1: Afsnit 2",
        "Bron: Säsong 2",
        "Cobra Kai: Kausi 3",
        "Sex Education: Σεζόν 2",
        "Fauda: עונה 1",
        "Kingdom: 시즌 2",
        "Kingdom: 第2季",
        "Emily in Paris: Sezonul 1",
        "Chernobyl: Miniseries",
        "Ozark: Staffel II",
    ],
)
def test_an_episode_alone_is_known_by_its_shape_in_netflixs_languages(title):
    from filmlog.imports.sources.netflix import series_of

    episodes, series = series_of([title])
    assert episodes == {title} and series == {title.split(":")[0]}


@pytest.mark.parametrize(
    "title", ["Kill Bill: Vol. 1", "Mission: Impossible", "John Wick: Chapter 2"]
)
def test_a_film_with_a_subtitle_or_a_part_is_a_film(title):
    from filmlog.imports.sources.netflix import series_of

    assert series_of([title]) == (set(), set())


FRANCHISES = [
    "Mission: Impossible II",
    "Mission: Impossible III",
    "The Hunger Games: Mockingjay - Part 1",
    "The Hunger Games: Mockingjay - Part 2",
    "A Christmas Prince",
    "A Christmas Prince: The Royal Wedding",
    "A Christmas Prince: The Royal Baby",
]


def test_a_franchises_films_are_films_not_episodes(cli, journal, tmp_path) -> None:
    rows_ = [f'"{t}","3/{n + 13}/24"' for n, t in enumerate(FRANCHISES)]
    rows_ += [
        '"Dark: Season 1: Secrets","3/20/24"',
        '"Dark: Season 1: Lies","3/21/24"',
        '"Community: Community","3/22/24"',
        '": ","3/23/24"',
        '"The Lord of the Rings: The Fellowship of the Ring","3/24/24"',
        '"The Lord of the Rings: The Two Towers","3/25/24"',
        '"Captain America: The First Avenger","3/26/24"',
        '"Captain America: Civil War","3/27/24"',
    ]
    history = tmp_path / "NetflixViewingHistory.csv"
    history.write_text("Title,Date\n" + "\n".join(rows_) + "\n")
    cli("add", "Captain America: Civil War", "-y", "2016", ok=True)  # a film of the journal
    dry = json.loads(
        cli(
            "import",
            "netflix",
            str(history),
            "--dry-run",
            "--format",
            "json",
            "--films",
            "The Lord of the Rings",
        ).stdout
    )
    films_note = next(n for n in dry["notes"] if n.startswith("Films ("))
    for title in [
        *FRANCHISES,
        "The Lord of the Rings: The Two Towers",
        "Captain America: Civil War",
    ]:
        assert title in films_note, title
    series_note = next(n for n in dry["notes"] if n.startswith("Series recognised"))
    assert "Dark" in series_note and "Community" in series_note
    assert "Community: Community" not in films_note and "Dark:" not in films_note
    assert ": ," not in films_note and "Films (" in films_note


def test_the_dry_run_lists_every_film_and_series(cli, journal, tmp_path) -> None:
    history = tmp_path / "NetflixViewingHistory.csv"
    history.write_text(
        "Title,Date\n" + "\n".join(f'"Film number {n}","3/21/24"' for n in range(60)) + "\n"
    )
    dry = json.loads(cli("import", "netflix", str(history), "--dry-run", "--format", "json").stdout)
    films_note = next(n for n in dry["notes"] if n.startswith("Films ("))
    assert "Film number 59" in films_note and "more" not in films_note


def test_lookup_asks_only_of_titles_the_journal_lacks(cli, journal, tmp_path, tmdb):
    cli("add", "Heat", "-y", "1995", ok=True)
    text = 'Title,Date\n"Heat","3/13/24"\n"Chungking Express","3/14/24"\n'
    folder = write(tmp_path, {"NetflixViewingHistory.csv": text})
    imported(cli, str(folder), "--lookup")
    assert tmdb.requests["search/tv"] == 1  # Chungking Express only: Heat is known


def test_a_re_saved_full_download_reads_its_times(cli, journal, tmp_path, monkeypatch) -> None:
    """A spreadsheet's re-save writes 10/20/2021 21:36 (no seconds, its locale's order, a
    12-hour clock): still UTC, and still read."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    folder = write(
        tmp_path,
        {
            "CONTENT_INTERACTION/ViewingActivity.csv": activity(
                ("Anna", "10/20/2021 21:36", "1:50:00", "Heat", ""),
                ("Anna", "10/25/2021 9:05:10 AM", "1:50:00", "Ran", ""),
            )
        },
    )
    cli("import", "netflix", str(folder), ok=True)
    assert rows(
        journal,
        "SELECT f.title, e.watched FROM entries e JOIN films f ON f.id = e.film_id"
        " ORDER BY e.watched",
    ) == [("Heat", "2021-10-21"), ("Ran", "2021-10-25")]


def test_a_bad_start_time_names_the_file_and_line_as_written(cli, journal, tmp_path) -> None:
    folder = write(
        tmp_path,
        {
            "CONTENT_INTERACTION/ViewingActivity.csv": activity(
                ("Anna", "2023-01-05 20:00:00", "1:50:00", "Heat", ""),
                ("Anna", "2023-13-45 20:00:00", "1:50:00", "Ran", ""),
            )
        },
    )
    result = cli("import", "netflix", str(folder))
    assert result.exit_code != 0
    assert "ViewingActivity.csv, line 3: '2023-13-45 20:00:00' is not a date" in result.stderr
    assert "+00:00" not in result.stderr
    assert count(journal, "entries") == 0
