"""enrich and add --lookup against a fake TMDb on 127.0.0.1; no test reaches the internet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import stamina

from tests.conftest import count, rows
from tests.fake_tmdb import TOKEN


def letterboxd_export(tmp_path: Path) -> Path:
    folder = tmp_path / "lb"
    folder.mkdir()
    (folder / "diary.csv").write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
        "2024-01-02,Chungking Express,1994,https://boxd.it/a1,4.5,,,2024-01-01\n"
        "2024-01-03,Solaris,1972,https://boxd.it/a2,5,,,2024-01-02\n"
        "2024-01-04,The Matrix,1999,https://boxd.it/a3,4,,,2024-01-03\n"
        "2024-01-05,Some Home Movie,2011,https://boxd.it/a4,3,,,2024-01-04\n"
    )
    return folder


def test_enrich_all_after_a_letterboxd_import(cli, journal: Path, tmdb, tmp_path) -> None:
    cli("import", "letterboxd", str(letterboxd_export(tmp_path)), ok=True)
    assert cli("list", "--director", "Wong Kar-Wai", "-f", "json", ok=True).stdout == "[]\n"
    result = cli("enrich", "--all")
    assert result.exit_code == 0, result.stderr
    assert "Changed 3 of 4 films; 1 not found, 0 ambiguous" in result.stderr
    assert "Not found on TMDb: Some Home Movie (2011)" in result.stdout
    assert "TMDB" in result.stderr  # attribution
    listed = json.loads(cli("list", "--director", "wong kar wai", "-f", "json", ok=True).stdout)
    assert [f["title"] for f in listed] == ["Chungking Express"]
    ck = json.loads(cli("show", "chungking", "-f", "json", ok=True).stdout)
    assert ck["original_title"] == "重慶森林"
    assert ck["runtime"] == 102
    assert ck["imdb_id"] == "tt0109424"
    assert ck["tmdb_id"] == 11104
    assert ck["genres"] == ["Drama", "Romance"]
    matrix = json.loads(cli("show", "matrix", "-f", "json", ok=True).stdout)
    assert matrix["directors"] == ["Lana Wachowski", "Lilly Wachowski"]
    assert rows(
        journal,
        "SELECT country FROM film_countries fc JOIN films f ON f.id = fc.film_id"
        " WHERE f.title = 'Chungking Express'",
    ) == [("Hong Kong",)]
    assert tmdb.auth == {f"Bearer {TOKEN}"}
    # Everything asked is kept: the second run sends nothing.
    sent = sum(tmdb.requests.values())
    again = cli("enrich", "--all", ok=True)
    assert sum(tmdb.requests.values()) == sent
    assert "0 requests sent" in again.stderr
    assert "Changed 0 of 4" in again.stderr


def test_search_by_original_title(cli, journal: Path, tmdb) -> None:
    cli("add", "重慶森林", "-y", "1994", ok=True)
    result = cli("enrich", "重慶森林", ok=True)
    assert "tmdb id: — → 11104" in result.stdout
    data = json.loads(cli("show", "重慶森林", "-f", "json", ok=True).stdout)
    assert data["directors"] == ["Wong Kar-wai"]
    assert data["title"] == "重慶森林"  # the title you typed stays


def test_two_films_with_one_title_are_not_guessed(cli, journal: Path, tmdb) -> None:
    cli("add", "Solaris", ok=True)
    result = cli("enrich", "--missing", ok=True)
    assert "1 ambiguous" in result.stderr
    assert (
        "Solaris is ambiguous: Solaris / Солярис (1972) [tmdb 593]; Solaris (2002)" in result.stdout
    )
    assert rows(journal, "SELECT tmdb_id, runtime FROM films") == [(None, None)]


def test_year_tells_them_apart_and_one_year_off_is_tolerated(cli, journal: Path, tmdb) -> None:
    cli("add", "Solaris", "-y", "1972", ok=True)
    cli("add", "Heat", "-y", "1996", ok=True)  # a year off: still the only Heat
    cli("enrich", "--all", ok=True)
    assert rows(journal, "SELECT title, tmdb_id FROM films ORDER BY id") == [
        ("Solaris", 593),
        ("Heat", 949),
    ]


def test_an_imdb_id_is_looked_up_directly(cli, journal: Path, tmdb) -> None:
    cli("add", "Solyaris", "-y", "1972", ok=True)
    cli("edit", "solyaris", "--imdb", "tt0069293", ok=True)
    cli("enrich", "solyaris", ok=True)
    assert tmdb.requests["find/tt0069293"] == 1
    assert tmdb.requests["search/movie"] == 0
    assert rows(journal, "SELECT tmdb_id FROM films") == [(593,)]


def test_facts_you_gave_are_kept_unless_refresh(cli, journal: Path, tmdb) -> None:
    cli("add", "Heat", "-y", "1995", "-d", "M. Mann", ok=True)
    cli("edit", "heat", "--runtime", "171", ok=True)
    out = cli("enrich", "heat", ok=True).stdout
    assert "runtime" not in out and "directors" not in out
    assert rows(journal, "SELECT runtime, tmdb_id FROM films") == [(171, 949)]
    out = cli("enrich", "heat", "--refresh", ok=True).stdout
    assert "runtime: 171 → 170" in out
    assert "directors: M. Mann → Michael Mann" in out
    assert rows(journal, "SELECT runtime FROM films") == [(170,)]


def test_dry_run_changes_nothing(cli, journal: Path, tmdb) -> None:
    cli("add", "Heat", "-y", "1995", ok=True)
    before = rows(journal, "SELECT * FROM films")
    result = cli("enrich", "--all", "--dry-run", ok=True)
    assert "runtime: — → 170" in result.stdout
    assert "Would change 1 of 1" in result.stderr
    assert rows(journal, "SELECT * FROM films") == before
    assert count(journal, "tmdb_cache") == 0


def test_429_is_waited_out(cli, journal: Path, tmdb) -> None:
    tmdb.trouble["search/movie"] = ["429"]
    cli("add", "Heat", "-y", "1995", ok=True)
    cli("enrich", "heat", ok=True)
    assert tmdb.requests["search/movie"] == 2
    assert rows(journal, "SELECT tmdb_id FROM films") == [(949,)]


def test_a_500_then_success(cli, journal: Path, tmdb) -> None:
    tmdb.trouble["movie/"] = ["500"]
    cli("add", "Heat", "-y", "1995", ok=True)
    cli("enrich", "heat", ok=True)
    assert tmdb.requests["movie/949"] == 2
    assert rows(journal, "SELECT runtime FROM films") == [(170,)]


def test_malformed_json_changes_nothing(cli, journal: Path, tmdb) -> None:
    tmdb.trouble["movie/"] = ["garbage"]
    cli("add", "Heat", "-y", "1995", ok=True)
    before = rows(journal, "SELECT * FROM films")
    result = cli("enrich", "heat")
    assert result.exit_code == 1
    assert "not JSON" in result.stderr
    assert rows(journal, "SELECT * FROM films") == before


def test_a_timeout_is_retried_then_reported(tmp_path: Path, tmdb) -> None:
    from filmlog.imports.enrich import look_up
    from filmlog.journal.db import open_journal
    from filmlog.online.tmdb import Client, TmdbError
    from filmlog.values.models import Film

    tmdb.trouble["search/movie"] = ["slow"] * 10
    client = Client(TOKEN, tmdb.url, timeout=0.3)
    with stamina.set_testing(True, attempts=5), pytest.raises(TmdbError, match="in time"):
        look_up(client, Film(id=1, title="Heat", year=1995))
    assert tmdb.requests["search/movie"] == 5  # the first try and every retry
    tmdb.trouble["search/movie"] = ["slow"]
    journal = open_journal(tmp_path / "j.db", write=True)
    journal.close()
    client = Client(TOKEN, tmdb.url, timeout=0.3)
    with stamina.set_testing(True, attempts=5):
        assert look_up(client, Film(id=1, title="Heat", year=1995)).facts.runtime == 170


def test_without_a_network_nothing_changes(cli, journal: Path, tmdb, monkeypatch) -> None:
    monkeypatch.setenv("FILMLOG_TMDB_URL", "http://127.0.0.1:9/3")  # nothing listens there
    cli("add", "Heat", "-y", "1995", ok=True)
    before = rows(journal, "SELECT * FROM films")
    result = cli("enrich", "--all")
    assert result.exit_code == 1
    assert "cannot reach TMDb" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert rows(journal, "SELECT * FROM films") == before
    assert cli("list", ok=True).stdout.startswith("Heat")  # everything else works offline


def test_without_a_token(cli, journal: Path, tmdb, monkeypatch) -> None:
    monkeypatch.delenv("FILMLOG_TMDB_TOKEN")
    cli("add", "Heat", ok=True)
    result = cli("enrich", "--all")
    assert result.exit_code == 1
    assert "no TMDb token" in result.stderr
    assert "FILMLOG_TMDB_TOKEN" in result.stderr
    assert sum(tmdb.requests.values()) == 0


def test_enrich_needs_one_target(cli, journal: Path, tmdb) -> None:
    assert cli("enrich").exit_code == 2
    assert cli("enrich", "heat", "--all").exit_code == 2


def test_add_lookup_fills_in_the_facts(cli, journal: Path, tmdb) -> None:
    result = cli("add", "Chungking Express", "-y", "1994", "-r", "5", "--lookup", ok=True)
    assert "TMDb:" in result.stderr
    data = json.loads(cli("show", "chungking", "-f", "json", ok=True).stdout)
    assert data["directors"] == ["Wong Kar-wai"]
    assert data["runtime"] == 102


def test_add_lookup_offline_still_logs(cli, journal: Path, tmdb, monkeypatch) -> None:
    monkeypatch.setenv("FILMLOG_TMDB_URL", "http://127.0.0.1:9/3")
    result = cli("add", "Heat", "-y", "1995", "--lookup", ok=True)
    assert "Could not look the film up" in result.stderr
    assert count(journal, "entries") == 1


def test_lookup_setting_turns_it_on(cli, journal: Path, tmdb, tmp_path: Path) -> None:
    cli("config", "set", "lookup", "true", ok=True)
    cli("add", "Heat", "-y", "1995", ok=True)
    assert rows(journal, "SELECT tmdb_id FROM films") == [(949,)]
    cli("add", "Ran", "-y", "1985", "--no-lookup", ok=True)
    assert rows(journal, "SELECT tmdb_id FROM films WHERE title = 'Ran'") == [(None,)]


def test_config_keeps_the_token_private(cli, tmp_path: Path, tmdb, monkeypatch) -> None:
    monkeypatch.delenv("FILMLOG_TMDB_TOKEN")
    cli("config", "set", "tmdb-token", "abcdefghijklmnopqrstuvwxyz", ok=True)
    path = tmp_path / "config" / "config.json"
    assert path.stat().st_mode & 0o777 == 0o600
    shown = json.loads(cli("config", "show", "-f", "json", ok=True).stdout)
    assert shown["tmdb-token"]["value"] == "abcd…wxyz"
    assert "abcdefghijklmnopqrstuvwxyz" not in cli("config", "show", ok=True).stdout
    assert cli("config", "set", "colour", "red").exit_code == 2
    cli("config", "unset", "tmdb-token", ok=True)
    assert json.loads(path.read_text()) == {}


@pytest.mark.slow
def test_a_real_letterboxd_export_then_enrich(cli, journal: Path, tmdb, tmp_path: Path) -> None:
    import shutil

    from tests.conftest import SHARED

    source = SHARED / "realworld" / "letterboxd" / "hy0pr0b__MovieMind" / "letterboxd"
    if not source.exists():
        pytest.skip("../shared/realworld is absent")
    export = tmp_path / "export"
    shutil.copytree(source, export)
    cli("import", "letterboxd", str(export), ok=True)
    films = count(journal, "films")
    result = cli("enrich", "--all")
    assert result.exit_code == 0, result.stderr
    assert f"Changed 2 of {films} films" in result.stderr
    nolan = json.loads(cli("list", "--director", "christopher nolan", "-f", "json", ok=True).stdout)
    assert [(f["title"], f["year"]) for f in nolan] == [
        ("Interstellar", 2014),
        ("Oppenheimer", 2023),
    ]


def test_an_answer_with_control_characters_is_taken_by_the_rules(cli, journal, tmdb, monkeypatch):
    from tests import fake_tmdb

    hostile = dict(fake_tmdb.MOVIES[949])
    hostile["genres"] = [{"id": 1, "name": "Crime\x1b[2J"}, {"id": 2, "name": "Drama"}]
    hostile["original_title"] = "Heat\x07"
    monkeypatch.setitem(fake_tmdb.MOVIES, 949, hostile)
    cli("add", "Heat", "-y", "1995", ok=True)
    result = cli("enrich", "heat")
    assert result.exit_code == 0, result.stderr
    data = json.loads(cli("show", "Heat", "-f", "json", ok=True).stdout)
    assert data["genres"] == ["Drama"] and data["original_title"] is None
    assert data["directors"] == ["Michael Mann"]
