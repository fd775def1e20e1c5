"""Jellyfin, Emby, Plex and Kodi: played films imported from fake servers on 127.0.0.1 that
answer as their APIs document, and `sync` reading every source set up."""

from __future__ import annotations

import json
import shutil
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

from tests.conftest import SHARED, count, nothing_new, rows, subprocess_env
from tests.fake_media import (
    API_KEY,
    PASSWORD,
    TOKEN,
    FakeJellyfin,
    FakeKodi,
    FakePlex,
    film,
    plex_film,
    plex_play,
)
from tests.test_import import DIARY, export

KODI = SHARED / "realworld" / "kodi"


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    monkeypatch.setenv("FILMLOG_CONFIG", str(tmp_path / "settings" / "config.json"))


@pytest.fixture
def jellyfin() -> Iterator[FakeJellyfin]:
    server = FakeJellyfin()
    server.films["u-anna"] = [
        film("a1", "Heat", 1995, "2024-03-01T22:30:00.0000000Z", tmdb="949", imdb="tt0113277"),
        film("a2", "Ran", 1985, "2024-03-02T23:30:00.0000000Z", tmdb="11645"),  # 00:30 in Berlin
        film("a3", "Ikiru", 1952, None, plays=2),  # marked played, no date
    ]
    server.films["u-ben"] = [film("b1", "Stalker", 1979, "2024-03-05T20:00:00Z")]
    server.episodes_played = 37
    yield server
    server.close()


def imported(cli, *args: str) -> dict:
    result = cli("import", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def entries(journal: Path) -> list[tuple]:
    return rows(
        journal,
        "SELECT f.title, e.watched, e.rewatch FROM entries e JOIN films f ON f.id = e.film_id"
        " ORDER BY e.watched, f.title",
    )


def test_jellyfin_with_an_api_key_brings_the_users_played_films(cli, journal, jellyfin):
    cli("config", "set", "jellyfin-token", API_KEY, ok=True)
    result = imported(cli, "jellyfin", "--server", jellyfin.url, "--user", "Anna")
    assert entries(journal) == [("Heat", "2024-03-01", 0), ("Ran", "2024-03-03", 0)]
    assert rows(journal, "SELECT title, seen, tmdb_id FROM films ORDER BY title") == [
        ("Heat", 1, 949),
        ("Ikiru", 1, None),
        ("Ran", 1, 11645),
    ]
    assert result["rows_not_imported"] == {"episodes played (filmlog keeps films)": 37}
    # Jellyfin 12 takes the token in the Authorization header, named as it asks
    said = [h["authorization"] for h in jellyfin.headers if "authorization" in h]
    assert said and all(
        s.startswith("MediaBrowser ") and f'Token="{API_KEY}"' in s and "DeviceId=" in s
        for s in said
    )
    assert not any("x-emby-token" in h for h in jellyfin.headers)
    assert nothing_new(imported(cli, "jellyfin", "--server", jellyfin.url, "--user", "anna"))
    # A later play of Heat: the server's LastPlayedDate moves on, a new viewing comes in.
    jellyfin.films["u-anna"][0]["UserData"]["LastPlayedDate"] = "2024-06-01T20:00:00Z"
    again = imported(cli, "jellyfin", "--server", jellyfin.url, "--user", "anna")
    assert again["counts"]["entries"]["added"] == 1
    assert ("Heat", "2024-06-01", 1) in entries(journal)


def test_a_server_that_pages_badly_or_slowly_doubles_nothing(cli, journal, jellyfin):
    cli("config", "set", "jellyfin-token", API_KEY, ok=True)
    jellyfin.films["u-anna"] += [
        film(f"x{n}", f"Film {n}", 2000 + n, "2024-01-01T12:00:00Z") for n in range(7)
    ]
    jellyfin.page_size = 2  # fewer than asked for, a page at a time
    jellyfin.delay = 0.2
    imported(cli, "jellyfin", "--server", jellyfin.url, "--user", "anna")
    assert count(journal, "entries") == 9
    jellyfin.repeat_pages = True  # the first page again and again: it stops, nothing doubled
    assert nothing_new(imported(cli, "jellyfin", "--server", jellyfin.url, "--user", "anna"))


def test_a_refused_token_says_which_setting_to_fix_and_writes_nothing(cli, journal, jellyfin):
    cli("config", "set", "jellyfin-token", "not-a-token", ok=True)
    result = cli("import", "jellyfin", "--server", jellyfin.url, "--user", "anna")
    assert result.exit_code == 1
    assert "refused the token (401)" in result.stderr
    assert "filmlog config set jellyfin-token TOKEN" in result.stderr
    assert result.stderr.count("\n") == 1 and count(journal, "films") == 0


def test_an_api_key_and_several_users_asks_for_one(cli, journal, jellyfin):
    cli("config", "set", "jellyfin-token", API_KEY, ok=True)
    result = cli("import", "jellyfin", "--server", jellyfin.url)
    assert (
        result.exit_code == 1
        and "2 users (anna, ben): pick yours with --user NAME" in result.stderr
    )
    no_token = cli("config", "unset", "jellyfin-token", ok=True)
    assert no_token.exit_code == 0
    piped = cli("import", "jellyfin", "--server", jellyfin.url, "--user", "anna")
    assert piped.exit_code == 1
    assert "cannot ask for anna's Jellyfin password here (not a terminal)" in piped.stderr
    nobody = cli("import", "jellyfin", "--server", jellyfin.url)
    assert nobody.exit_code == 1 and "no Jellyfin token: give --user NAME" in nobody.stderr


def test_signing_in_asks_the_password_in_a_terminal_and_keeps_only_the_token(
    journal, jellyfin, tmp_path
):
    settings = tmp_path / "settings" / "config.json"
    child = pexpect.spawn(
        sys.executable,
        [
            "-m",
            "filmlog",
            "--db",
            str(journal),
            "import",
            "jellyfin",
            "--server",
            jellyfin.url,
            "--user",
            "anna",
        ],
        env=subprocess_env(FILMLOG_CONFIG=str(settings), TZ="UTC", COLUMNS="100"),
        encoding="utf-8",
        timeout=30,
    )
    child.expect("Password of anna on Jellyfin: ")
    child.sendline(PASSWORD)
    child.expect("Import 1; undo it")
    child.expect(pexpect.EOF)
    kept = json.loads(settings.read_text())
    assert kept["jellyfin-token"] == TOKEN and kept["jellyfin-user"] == "anna"
    assert PASSWORD not in settings.read_text()
    assert stat.S_IMODE(settings.stat().st_mode) == 0o600
    assert count(journal, "entries") == 2


def test_emby_takes_its_token_as_x_emby_token(cli, journal):
    emby = FakeJellyfin(emby=True)
    emby.films["u-anna"] = [film("e1", "Heat", 1995, "2024-03-01T20:00:00Z", tmdb="949")]
    try:
        cli("config", "set", "emby-token", API_KEY, ok=True)
        cli("config", "set", "emby-user", "anna", ok=True)
        imported(cli, "emby", "--server", emby.url)
        assert entries(journal) == [("Heat", "2024-03-01", 0)]
        assert all(h.get("x-emby-token") == API_KEY for h in emby.headers)
    finally:
        emby.close()


def test_a_play_logged_that_day_from_letterboxd_is_that_viewing(cli, journal, jellyfin, tmp_path):
    diary = DIARY + "2024-03-02,Heat,1995,https://boxd.it/h1,4.5,No,,2024-03-01\r\n"
    cli("import", "letterboxd", str(export(tmp_path, {"diary.csv": diary})), ok=True)
    cli("config", "set", "jellyfin-token", API_KEY, ok=True)
    imported(cli, "jellyfin", "--server", jellyfin.url, "--user", "anna")
    assert rows(
        journal,
        "SELECT count(*), max(e.rating) FROM entries e JOIN films f ON f.id = e.film_id WHERE f.title = 'Heat'",
    ) == [(1, 9)]


@pytest.fixture
def plex() -> Iterator[FakePlex]:
    server = FakePlex()
    server.metadata = {
        "10": plex_film("10", "Heat", 1995, tmdb=949, imdb="tt0113277", views=2, last=1717272000),
        "11": plex_film("11", "Ran", 1985, tmdb=11645, views=1, last=1709330400),
    }
    server.history = [
        plex_play(1, "10", "Heat", 1709330400),  # 2024-03-01 22:00 UTC: 23:00 in Berlin
        plex_play(2, "11", "Ran", 1709416800),
        plex_play(3, "10", "Heat", 1717272000),  # 2024-06-01
        plex_play(4, "77", "Pilot", 1709420000, kind="episode"),
    ]
    yield server
    server.close()


def test_plex_brings_every_play_of_the_owners_history(cli, journal, plex):
    cli("config", "set", "plex-token", TOKEN, ok=True)
    result = imported(cli, "plex", "--server", plex.url)
    assert entries(journal) == [
        ("Heat", "2024-03-01", 0),
        ("Ran", "2024-03-02", 0),
        ("Heat", "2024-06-01", 1),
    ]
    assert result["rows_not_imported"] == {"episode plays (filmlog keeps films)": 1}
    assert all(
        h.get("x-plex-token") == TOKEN and h.get("accept") == "application/json"
        for h in plex.headers
    )
    plex.history.append(plex_play(5, "11", "Ran", 1719835200))  # 2024-07-01
    again = imported(cli, "plex", "--server", plex.url)
    assert again["counts"]["entries"] == {"added": 1, "updated": 0, "skipped": 3}


def test_a_shared_plex_user_gets_one_viewing_per_film_viewed(cli, journal, plex):
    cli("config", "set", "plex-token", API_KEY, ok=True)
    imported(cli, "plex", "--server", plex.url)
    assert entries(journal) == [("Ran", "2024-03-01", 0), ("Heat", "2024-06-01", 0)]


def test_plex_without_a_token_says_where_to_find_one(cli, journal, plex):
    result = cli("import", "plex", "--server", plex.url)
    assert (
        result.exit_code == 1 and "X-Plex-Token" in result.stderr and "plex-token" in result.stderr
    )


@pytest.mark.skipif(not KODI.exists(), reason="../shared/realworld is absent")
@pytest.mark.parametrize(
    ("name", "films", "episodes"),
    [
        ("kevin010717__Kodi/videodb.xml", 11, 10),
        ("hanshenrik32__mythtv-controller/MyVideos107.db", 2, 0),
    ],
)
def test_the_shared_kodi_files_bring_their_played_films(
    cli, journal, tmp_path, name, films, episodes
):
    path = shutil.copy(KODI / name, tmp_path / Path(name).name)
    result = imported(cli, "kodi", str(path))
    assert result["counts"]["entries"]["added"] == films == count(journal, "entries")
    assert result["rows_not_imported"].get("episodes played (filmlog keeps films)", 0) == episodes
    # Started and left (a last-played time, no play count) is no viewing.
    assert "Dunkirk" not in {t for (t,) in rows(journal, "SELECT title FROM films")}
    assert nothing_new(imported(cli, "kodi", str(path)))


def test_kodi_over_json_rpc_and_sync_of_every_source_set_up(cli, journal, jellyfin, plex):
    kodi = FakeKodi()
    kodi.movies = [
        {
            "movieid": 4,
            "title": "Solaris",
            "year": 1972,
            "playcount": 1,
            "lastplayed": "2024-04-01 21:00:00",
            "uniqueid": {"tmdb": "593"},
            "label": "Solaris",
        },
        {
            "movieid": 5,
            "title": "Mirror",
            "year": 1975,
            "playcount": 0,
            "lastplayed": "",
            "uniqueid": {},
            "label": "Mirror",
        },
    ]
    kodi.episodes_played = 4
    try:
        for setting, value in [
            ("jellyfin-server", jellyfin.url),
            ("jellyfin-token", API_KEY),
            ("jellyfin-user", "anna"),
            ("plex-server", plex.url),
            ("plex-token", TOKEN),
            ("kodi-server", kodi.url),
        ]:
            cli("config", "set", setting, value, ok=True)
        first = cli("sync", ok=True)
        lines = first.stderr.splitlines()
        assert [line.split(":")[0] for line in lines] == [
            "Synced Jellyfin at http",
            "Synced Plex at http",
            "Synced Kodi at http",
        ]
        assert "2 new entries" in lines[0] and "(import 1;" in lines[0]
        assert first.stdout == ""
        assert (cli("sync", ok=True).stderr, cli("sync", ok=True).stdout) == ("", "")
        assert ("Solaris", "2024-04-01", 0) in entries(journal)
        only = cli("sync", "--only", "kodi", "--verbose", ok=True)
        assert "Kodi" in only.stdout and "Jellyfin" not in only.stdout
        plex.close()  # one source down: one line, the others still run, exit 1
        jellyfin.films["u-anna"][1]["UserData"]["LastPlayedDate"] = "2024-08-01T20:00:00Z"
        down = cli("sync")
        assert down.exit_code == 1
        assert any(line.startswith("plex: cannot reach Plex") for line in down.stderr.splitlines())
        assert any(line.startswith("Synced Jellyfin") for line in down.stderr.splitlines())
        assert cli("sync", "--only", "nosuch").exit_code == 2
    finally:
        kodi.close()


@pytest.mark.parametrize("source", ["jellyfin", "emby", "plex"])
def test_a_server_source_without_a_server_says_how_to_name_one(cli, journal, source):
    result = cli("import", source)
    assert result.exit_code == 2
    assert f"`filmlog config set {source}-server URL`" in result.stderr
    assert result.stderr.count("\n") == 1 or "Usage" in result.stderr


def test_kodi_refuses_what_is_not_kodis_in_one_line(cli, journal, tmp_path):
    bad = tmp_path / "MyVideos131.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    result = cli("import", "kodi", str(bad))
    assert result.exit_code == 1 and "not a Kodi video database" in result.stderr
    xml = tmp_path / "videodb.xml"
    xml.write_text("<videodb><movie><title>Heat", encoding="utf-8")
    result = cli("import", "kodi", str(xml))
    assert result.exit_code == 1 and "not a Kodi library export" in result.stderr
    assert not journal.exists() or count(journal, "films") == 0


def test_a_server_that_fails_half_way_leaves_the_journal_as_it_was(cli, journal, jellyfin):
    cli("config", "set", "jellyfin-token", API_KEY, ok=True)
    jellyfin.films["u-anna"] += [
        film(f"x{n}", f"Film {n}", 2000 + n, "2024-01-01T12:00:00Z") for n in range(5)
    ]
    jellyfin.page_size = 3
    jellyfin.broken_from = 3  # the second page fails
    result = cli("import", "jellyfin", "--server", jellyfin.url, "--user", "anna")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "Jellyfin at 127.0.0.1" in result.stderr
    assert count(journal, "films") == 0 if journal.exists() else True
    assert "Traceback" not in result.stderr


class KodiWithPassword(FakeKodi):
    """Kodi's web server with its user and password on (HTTP basic authentication)."""

    def route(self, method, path, query, headers, body):
        import base64

        expected = "Basic " + base64.b64encode(b"kodi:s3cret pass").decode()
        if headers.get("Authorization") != expected:
            return 401, b""
        return super().route(method, path, query, headers, body)


def test_kodis_password_is_sent_and_never_shown_or_kept(cli, journal, tmp_path):
    kodi = KodiWithPassword()
    kodi.movies = [
        {
            "movieid": 4,
            "title": "Solaris",
            "year": 1972,
            "playcount": 1,
            "lastplayed": "2024-04-01 21:00:00",
            "uniqueid": {},
        },
    ]
    host = kodi.url.removeprefix("http://")
    try:
        typed = f"http://kodi:s3cret%20pass@{host}"
        result = cli("import", "kodi", typed, "--format", "json")
        assert result.exit_code == 0, result.stderr
        cli("config", "set", "kodi-server", typed, ok=True)
        synced = cli("sync", "-v")
        assert synced.exit_code == 0, synced.stderr
    finally:
        kodi.close()
    assert count(journal, "entries") == 1
    shown = cli("config", "show", "--format", "json", ok=True).stdout
    everything = "\n".join(
        [
            result.stdout,
            result.stderr,
            synced.stdout,
            synced.stderr,
            shown,
            cli("import", "list", "--format", "json", ok=True).stdout,
            (tmp_path / "settings" / "config.json")
            .read_text()
            .replace('"kodi-password": "s3cret pass"', ""),
            "\n".join(str(r) for r in rows(journal, "SELECT * FROM imports")),
            "\n".join(str(r) for r in rows(journal, "SELECT * FROM sync_items")),
        ]
    )
    assert "s3cret" not in everything
    assert json.loads(shown)["kodi-password"]["value"] == "…"
    assert json.loads(shown)["kodi-server"]["value"] == f"http://{host}"


def test_a_wrong_kodi_password_is_one_line_without_it(cli, journal):
    kodi = KodiWithPassword()
    try:
        result = cli("import", "kodi", f"http://kodi:wrong@{kodi.url.removeprefix('http://')}")
    finally:
        kodi.close()
    assert result.exit_code == 1
    assert "wrong" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "kodi-password" in result.stderr


@pytest.mark.parametrize("folder", ["Kodi #2", "Kodi ?x", "a%2Fb", "plain"])
def test_a_kodi_database_path_names_that_file_and_no_other(cli, journal, tmp_path, folder):
    databases = sorted(KODI.rglob("MyVideos*.db")) if KODI.exists() else []
    if not databases:
        pytest.skip("../shared/realworld is absent")
    place = tmp_path / folder
    place.mkdir()
    path = Path(shutil.copy(databases[0], place / databases[0].name))
    before = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("journal.db"))
    result = cli("import", "kodi", str(path))
    assert result.exit_code == 0, result.stderr
    after = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("journal.db"))
    assert after == before  # no stray file made
    assert sorted(p.name for p in place.iterdir()) == [path.name]


@pytest.mark.parametrize("length", [13, 20, 23, 24, 40])
def test_a_token_is_set_from_stdin_and_masked_to_a_third_at_most(cli, tmp_path, length):
    token = "abcdefghijklmnopqrstuvwxyz0123456789ABCD"[:length]
    said = cli("config", "set", "plex-token", input=token + "\n", ok=True)
    assert token not in said.stderr + said.stdout
    shown = json.loads(cli("config", "show", "--format", "json", ok=True).stdout)
    masked = shown["plex-token"]["value"]
    visible = len(masked.replace("…", ""))
    assert visible * 3 <= length, masked
    saved = json.loads((tmp_path / "settings" / "config.json").read_text())
    assert saved["plex-token"] == token


def test_a_setting_that_is_no_secret_needs_its_value(cli):
    result = cli("config", "set", "plex-server", input="http://nas:32400\n")
    assert result.exit_code == 2


def test_episodes_a_server_returns_as_films_are_left_out(cli, journal, jellyfin):
    episode = film("e1", "Pilot", 2019, "2024-03-09T20:00:00Z")
    episode["Type"] = "Episode"
    series = film("s1", "Dark", 2017, "2024-03-09T20:00:00Z")
    series["Type"] = "Series"
    jellyfin.films["u-anna"] += [episode, series]
    cli("config", "set", "jellyfin-token", API_KEY, ok=True)
    result = imported(cli, "jellyfin", "--server", jellyfin.url, "--user", "anna")
    titles = {t for (t,) in rows(journal, "SELECT title FROM films")}
    assert "Pilot" not in titles and "Dark" not in titles
    assert result["rows_not_imported"]["episodes played (filmlog keeps films)"] == 37 + 2


@pytest.mark.parametrize(
    ("source", "setting"),
    [("plex", "plex-server URL"), ("emby", "emby-server URL"), ("kodi", "kodi-server URL")],
)
def test_sync_only_a_source_not_set_up_names_its_setting(cli, journal, source, setting):
    result = cli("sync", "--only", source)
    assert result.exit_code == 1
    assert f"{source} is not set up for sync: `filmlog config set {setting}" in result.stderr
    assert not journal.exists() or count(journal, "imports") == 0


def test_a_kodi_library_of_unplayed_films_says_so_not_an_empty_table(cli, journal, tmp_path):
    xml = tmp_path / "videodb.xml"
    xml.write_text(
        "<videodb><version>1</version>"
        "<movie><title>Heat</title><year>1995</year><playcount>0</playcount></movie>"
        "<movie><title>Ran</title><year>1985</year></movie></videodb>",
        encoding="utf-8",
    )
    shown = cli("import", "kodi", str(xml), ok=True).stdout
    assert "added" not in shown  # no table of no rows
    assert "films in the library never played: 2" in shown
    assert "Nothing to import in it: the journal is unchanged." in shown
    assert "already had" not in shown
    assert count(journal, "films") == 0
