from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from filmlog.cli import app
from filmlog.exports.journal_json import write
from filmlog.imports.run import run_import
from filmlog.journal.db import open_journal
from filmlog.journal.store import add_entry
from filmlog.values.models import NewEntry
from tests.conftest import nothing_new


@pytest.fixture
def journal_with_films(factory, journal: Path) -> Path:
    factory.log(
        "Chungking Express",
        1994,
        directors="Wong Kar-Wai",
        rating="4.5",
        watched="2024-01-01",
        review="Neon *and* rain.\n\nTwo stories.",
        tags="hong kong",
        liked=True,
    )
    factory.log("Chungking Express", 1994, rating="5", watched="2025-02-01")
    factory.log("Solaris", 1972, directors="Andrei Tarkovsky", watched="unknown")
    return journal


def document(conn) -> dict:
    """The JSON export of a journal, read back as data."""
    out = io.StringIO()
    write(conn, out)
    return json.loads(out.getvalue())


def without_time(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k != "exported_at"}


def test_json_round_trip_gives_the_same_journal(cli, journal_with_films: Path, tmp_path: Path):
    out = tmp_path / "journal.json"
    cli("export", "json", "-o", str(out), ok=True)
    assert out.stat().st_mode & 0o777 == 0o600
    other = tmp_path / "other.db"
    cli("--db", str(other), "import", "json", str(out), ok=True)
    again = json.loads(cli("--db", str(other), "export", "json", ok=True).stdout)
    assert without_time(again) == without_time(json.loads(out.read_text()))


def test_json_import_twice_adds_nothing(cli, journal_with_films: Path, tmp_path: Path) -> None:
    out = tmp_path / "journal.json"
    cli("export", "json", "-o", str(out), ok=True)
    result = json.loads(cli("import", "json", str(out), "-f", "json", ok=True).stdout)
    assert nothing_new(result)
    assert result["counts"]["entries"]["added"] == 0


def test_json_from_a_newer_filmlog_is_refused(cli, journal: Path, tmp_path: Path) -> None:
    out = tmp_path / "journal.json"
    out.write_text(json.dumps({"format": "filmlog-journal", "version": 99, "films": []}))
    result = cli("import", "json", str(out))
    assert result.exit_code == 1
    assert "newer filmlog" in result.stderr
    out.write_text("{not json")
    result = cli("import", "json", str(out))
    assert result.exit_code == 1
    assert "not JSON" in result.stderr


def test_csv_export_has_a_row_per_entry(cli, journal_with_films: Path) -> None:
    out = cli("export", "csv", ok=True).stdout
    parsed = list(csv.DictReader(io.StringIO(out)))
    assert [(r["title"], r["watched"], r["rating"]) for r in parsed] == [
        ("Solaris", "", ""),
        ("Chungking Express", "2024-01-01", "4.5"),
        ("Chungking Express", "2025-02-01", "5.0"),
    ]
    assert parsed[1]["directors"] == "Wong Kar-Wai"
    assert parsed[1]["review"] == "Neon *and* rain.\n\nTwo stories."


def test_letterboxd_export_reads_back_in(cli, journal_with_films: Path, tmp_path: Path) -> None:
    out = cli("export", "letterboxd", ok=True).stdout
    header = out.splitlines()[0].split(",")
    assert header[:6] == ["LetterboxdURI", "tmdbID", "imdbID", "Title", "Year", "Directors"]
    assert {"WatchedDate", "Rating", "Rewatch", "Tags", "Review"} <= set(header)
    parsed = list(csv.DictReader(io.StringIO(out)))
    assert [(r["Title"], r["WatchedDate"], r["Rating"], r["Rewatch"]) for r in parsed] == [
        ("Solaris", "", "", ""),
        ("Chungking Express", "2024-01-01", "4.5", ""),
        ("Chungking Express", "2025-02-01", "5", "true"),
    ]


def test_markdown_export(cli, journal_with_films: Path) -> None:
    out = cli("export", "markdown", ok=True).stdout
    assert out.startswith("# Film journal\n")
    assert (
        out.index("## February 2025") < out.index("## January 2024") < out.index("## Date unknown")
    )
    assert "### Chungking Express (1994)" in out
    assert "Neon *and* rain.\n\nTwo stories." in out


def test_export_refuses_to_overwrite(cli, journal_with_films: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("keep me")
    result = cli("export", "json", "-o", str(target))
    assert result.exit_code == 1
    assert "--force" in result.stderr
    assert target.read_text() == "keep me"
    cli("export", "json", "-o", str(target), "--force", ok=True)
    assert json.loads(target.read_text())["format"] == "filmlog-journal"


def test_export_never_follows_a_symlink_without_force(cli, journal_with_films, tmp_path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("do not touch")
    link = tmp_path / "link.json"
    os.symlink(precious, link)
    result = cli("export", "json", "-o", str(link))
    assert result.exit_code == 1
    assert precious.read_text() == "do not touch"


titles = st.text(
    alphabet=string.ascii_letters + string.digits + " '\",;:!?-éèñøß重慶森林★½",
    min_size=1,
    max_size=30,
).filter(lambda t: t.strip())
reviews = st.one_of(
    st.none(),
    st.text(alphabet=string.printable + "é★", max_size=200).filter(lambda t: t.strip()),
)
entries = st.fixed_dictionaries(
    {
        "title": titles,
        "year": st.one_of(st.none(), st.integers(1890, 2025)),
        "directors": st.lists(titles, max_size=2),
        "rating": st.one_of(st.none(), st.integers(1, 10)),
        "watched": st.one_of(
            st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31)).map(dt.date.isoformat)
        ),
        "review": reviews,
        "tags": st.lists(
            st.text(alphabet=string.ascii_lowercase + " ", min_size=1, max_size=8).filter(
                str.strip
            ),
            max_size=3,
        ),
        "rewatch": st.booleans(),
        "liked": st.booleans(),
        "spoilers": st.booleans(),
    }
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(entries, min_size=1, max_size=12))
def test_json_round_trip_property(tmp_path: Path, generated: list[dict]) -> None:
    import uuid

    source = tmp_path / f"{uuid.uuid4().hex}.db"
    target = tmp_path / f"{uuid.uuid4().hex}.db"
    export_file = tmp_path / f"{uuid.uuid4().hex}.json"
    with open_journal(source, write=True) as j:
        for values in generated:
            try:
                add_entry(j, NewEntry(**values))
            except Exception as exc:  # an ambiguous title: the journal refuses, fine
                assert "give its --year" in str(exc)
        doc = document(j.conn)
    export_file.write_text(json.dumps(doc, ensure_ascii=False))
    with open_journal(target, write=True) as j:
        run_import(j, "json", export_file)
        back = document(j.conn)
    assert without_time(back) == without_time(doc)


def test_films_told_apart_only_by_year_stay_apart(cli, journal: Path, tmp_path: Path) -> None:
    # (a year-less film is the title's film when it is the only one: --year none makes
    # the second)
    cli("add", "0", "-y", "1890", ok=True)
    cli("add", "0", "--year", "none", ok=True)
    out = tmp_path / "journal.json"
    cli("export", "json", "-o", str(out), ok=True)
    other = tmp_path / "other.db"
    cli("--db", str(other), "import", "json", str(out), ok=True)
    again = json.loads(cli("--db", str(other), "export", "json", ok=True).stdout)
    assert [(f["title"], f["year"]) for f in again["films"]] == [("0", 1890), ("0", None)]


def _both(conn, monkeypatch) -> tuple[str, str]:
    """The streaming export and the former in-memory one, at the same moment."""
    from filmlog.exports import journal_json
    from tests import journal_json_oracle

    monkeypatch.setattr(journal_json, "now", lambda: "2026-11-28T00:00:00+00:00")
    monkeypatch.setattr(journal_json_oracle, "now", lambda: "2026-11-28T00:00:00+00:00")
    streamed = io.StringIO()
    journal_json.write(conn, streamed)
    before = io.StringIO()
    journal_json_oracle.write(conn, before)
    return streamed.getvalue(), before.getvalue()


def test_the_streamed_json_export_is_byte_for_byte_the_same(
    factory, journal, tmp_path, monkeypatch
):
    factory.log(
        "Chungking Express",
        1994,
        directors="Wong Kar-Wai, Christopher Doyle",
        rating="4.5",
        watched="2024-01-01",
        review='Neon "and" rain.\n\nTwo\tstories ★',
        tags="hong kong, neon",
        liked=True,
        spoilers=True,
    )
    factory.log("Chungking Express", 1994, rating="5", watched="2025-02-01")
    factory.log("重慶森林", watched="unknown")
    factory.want("Ran", 1985, ["Akira Kurosawa"])
    factory.listed("Hong Kong", "Chungking Express", "重慶森林")
    factory.listed("Empty", "Ran")
    cli = CliRunner()
    edit = [
        "--db",
        str(journal),
        "edit",
        "Ran",
        "--genre",
        "Drama, War",
        "--runtime",
        "162",
        "--imdb",
        "tt0089881",
        "--original-title",
        "乱",
    ]
    assert cli.invoke(app, edit).exit_code == 0
    other = {
        "format": "filmlog-journal",
        "version": 1,
        "films": [
            {
                "id": 50,
                "title": "Heat",
                "year": 1995,
                "tmdb_id": 949,
                "rating": 4.0,
                "seen": True,
                "countries": ["United States of America", "Côte d'Ivoire"],
                "directors": ["Michael Mann"],
                "created_at": "2020-01-01T00:00:00+00:00",
                "updated_at": "2020-01-01T00:00:00+00:00",
            }
        ],
    }
    (tmp_path / "other.json").write_text(json.dumps(other))
    assert (
        cli.invoke(
            app, ["--db", str(journal), "import", "json", str(tmp_path / "other.json")]
        ).exit_code
        == 0
    )
    streamed, before = _both_conn(journal, monkeypatch)
    assert streamed == before
    doc = json.loads(streamed)
    assert doc["films"][0]["entries"][0]["tags"] == ["hong kong", "neon"]
    assert {tuple(f["countries"]) for f in doc["films"]} >= {
        ("United States of America", "Côte d'Ivoire")
    }
    assert {tuple(f["genres"]) for f in doc["films"]} >= {("Drama", "War")}


def _both_conn(journal, monkeypatch) -> tuple[str, str]:
    with open_journal(journal, write=False) as j:
        return _both(j.conn, monkeypatch)


def test_an_empty_journal_exports_the_same(journal, monkeypatch) -> None:
    with open_journal(journal, write=True) as j:
        streamed, before = _both(j.conn, monkeypatch)
    assert streamed == before
    assert json.loads(streamed)["films"] == []


REAL = Path(__file__).resolve().parents[1].parent / "shared" / "realworld" / "letterboxd"


@pytest.mark.skipif(not REAL.exists(), reason="../shared/realworld is absent")
def test_a_real_export_exports_the_same(cli, journal, tmp_path, monkeypatch) -> None:
    import shutil

    export = shutil.copytree(REAL / "nickwibert__LetterboxdML" / "letterboxd-data", tmp_path / "lb")
    cli("import", "letterboxd", str(export), ok=True)
    with open_journal(journal, write=False) as j:
        streamed, before = _both(j.conn, monkeypatch)
    assert len(streamed) > 100_000 and streamed == before


def test_an_interrupted_export_leaves_no_file(cli, factory, journal, tmp_path, monkeypatch) -> None:
    from filmlog.exports import journal_json

    factory.many(films=300, entries=600)
    target = tmp_path / "out" / "journal.json"
    target.parent.mkdir()
    real = journal_json.ENTRY.render
    calls = 0

    def breaks_half_way(values):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 300:
            raise KeyboardInterrupt  # Ctrl-C with half the journal written
        return real(values)

    monkeypatch.setattr(journal_json.ENTRY, "render", breaks_half_way)
    result = cli("export", "json", "-o", str(target))
    assert result.exit_code == 130
    assert list(target.parent.iterdir()) == []  # no half file, no temporary one
    monkeypatch.setattr(journal_json.ENTRY, "render", real)
    cli("export", "json", "-o", str(target), ok=True)
    assert target.stat().st_mode & 0o777 == 0o600
    assert len(json.loads(target.read_text())["films"]) == 300
