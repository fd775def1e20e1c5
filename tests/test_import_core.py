"""The import core every source goes through: dates, columns, dialects, hints, the registry."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from filmlog.imports.reading import cells
from filmlog.values.checks import MAX_TITLE_LENGTH
from filmlog.values.errors import BadValue
from tests.conftest import count, rows
from tests.test_import import export, summary

# ---------------------------------------------------------------- the date rule


@pytest.mark.parametrize(
    ("written", "order", "day"),
    [
        ("2022-06-30", "ymd", "2022-06-30"),
        ("2022-06-30 21:15:00", "ymd", "2022-06-30"),
        ("2022-06-30T21:15:00Z", "dmy", "2022-06-30"),
        ("6/30/2022", "mdy", "2022-06-30"),
        ("30/06/2022", "dmy", "2022-06-30"),
        ("30.06.2022", "dmy", "2022-06-30"),
        ("30-06-2022", "dmy", "2022-06-30"),
        ("2022/06/30", "mdy", "2022-06-30"),
        ("30/06/22", "dmy", "2022-06-30"),
        ("Jun 30, 2022", "mdy", "2022-06-30"),
    ],
)
def test_each_way_a_date_is_written(written: str, order: str, day: str) -> None:
    assert cells.read_day(written, order).isoformat() == day


@pytest.mark.parametrize(
    "written",
    ["2022-W01-1", "2022-13-01", "2022-02-30", "2022-0--30", "2022-06-3x", "+022-06-30"],
)
def test_a_date_that_only_looks_like_iso_is_no_date(written: str) -> None:
    """The quick reading of 2022-06-30 takes nothing the full rule would not (an ISO week,
    a month 13, a sign): every such cell is still refused, in every order."""
    for order in cells.ORDERS:
        with pytest.raises(ValueError):
            cells.read_day(written, order)


@given(st.dates(min_value=dt.date(1870, 1, 1)), st.sampled_from(cells.ORDERS))
def test_an_iso_date_reads_as_itself_in_any_order(day: dt.date, order: str) -> None:
    assert cells.read_day(day.isoformat(), order) == day
    assert cells.read_day(f" {day.isoformat()}\t", order) == day
    assert cells.order_of([day.isoformat()], today=dt.date.max) == "ymd"


def test_digits_of_another_script_still_read_as_a_date() -> None:
    assert cells.read_day("٢٠٢٢-٠٦-٣٠", "ymd") == dt.date(2022, 6, 30)


def test_a_file_is_read_in_the_one_order_that_fits_all_its_dates() -> None:
    assert cells.order_of(["6/30/2022", "1/2/2022"]) == "mdy"
    assert cells.order_of(["30/06/2022", "1/2/2022"]) == "dmy"
    # A day ahead fits no viewing: 28-06-23 is 28 June 2023, not 23 June 2028.
    assert cells.order_of(["28-06-23"], today=dt.date(2026, 12, 1)) == "dmy"
    # Dates that read one way in every order choose nothing.
    assert cells.order_of(["2022-06-30", "2022-01-02"]) == "ymd"


def test_dates_that_fit_several_orders_ask_which() -> None:
    with pytest.raises(cells.AmbiguousDates) as raised:
        cells.order_of(["01/02/2022", "03/04/2022"])
    assert raised.value.message == (
        "the dates could be read as day/month/year or month/day/year (e.g. '01/02/2022'):"
        " say which with --date-order dmy or --date-order mdy"
    )
    assert cells.order_of(["01/02/2022"], given="dmy") == "dmy"


def test_a_date_no_order_reads_is_named() -> None:
    with pytest.raises(BadValue, match="'31/31/2022' is not a date in any order"):
        cells.order_of(["31/31/2022", "01/02/2022"])
    with pytest.raises(BadValue, match="more than one order of day and month"):
        cells.order_of(["30/06/2022", "6/30/2022"])


MDY_DIARY = (
    "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
    "6/30/2022,Heat,1995,https://boxd.it/a,4,,,6/29/2022\n"
    "1/3/2023,Ikiru,1952,https://boxd.it/b,5,,,1/2/2023\n"
)


def test_a_diary_re_saved_month_first_imports(cli, journal, tmp_path) -> None:
    summary(cli, "letterboxd", str(export(tmp_path, {"diary.csv": MDY_DIARY})))
    assert rows(journal, "SELECT watched, created_at FROM entries ORDER BY id") == [
        ("2022-06-29", "2022-06-30T00:00:00+00:00"),
        ("2023-01-02", "2023-01-03T00:00:00+00:00"),
    ]


def test_an_ambiguous_file_stops_in_one_line_until_the_order_is_given(
    cli, journal, tmp_path
) -> None:
    text = (
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
        "02/03/2022,Heat,1995,https://boxd.it/a,4,,,01/03/2022\n"
    )
    folder = export(tmp_path, {"diary.csv": text})
    result = cli("import", "letterboxd", str(folder))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {folder / 'diary.csv'}: the dates could be read as day/month/year or"
        " month/day/year (e.g. '01/03/2022'): say which with --date-order dmy or"
        " --date-order mdy\n"
    )
    assert not journal.exists()
    summary(cli, "letterboxd", str(folder), "--date-order", "dmy")
    assert rows(journal, "SELECT watched FROM entries") == [("2022-03-01",)]


def test_a_file_whose_dates_fit_several_orders_takes_the_order_of_the_export(
    cli, journal, tmp_path
) -> None:
    folder = export(
        tmp_path,
        {
            "diary.csv": "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
            "30/06/2022,Heat,1995,https://boxd.it/a,4,,,29/06/2022\n",
            "watchlist.csv": "Date,Name,Year,Letterboxd URI\n01/02/2023,Stalker,1979,https://boxd.it/s\n",
        },
    )
    summary(cli, "letterboxd", str(folder))
    assert rows(journal, "SELECT added_at FROM watchlist") == [("2023-02-01",)]


def test_a_watched_date_ahead_is_refused_as_a_typed_one(cli, journal, tmp_path) -> None:
    text = "Name,Year,Watched Date\nHeat,1995,2099-01-01\n"
    result = cli("import", "letterboxd", str(export(tmp_path, {"diary.csv": text})))
    assert result.exit_code == 1
    assert "diary.csv, line 2: invalid date '2099-01-01': 2099-01-01 is in the future" in (
        result.stderr
    )


def test_rows_sharing_a_tags_cell_each_have_its_tags(cli, journal, tmp_path) -> None:
    """A diary's tags cells repeat (read once each): every row still gets its own tags,
    however the cell is spaced, and a bad tag is refused on each row that has it."""
    text = (
        "Name,Year,Tags,Watched Date\n"
        'Heat,1995,"cinema, 35mm",2020-01-01\n'
        'Ran,1985,"cinema, 35mm",2020-01-02\n'
        'Ikiru,1952," cinema,35mm ",2020-01-03\n'
        "Stalker,1979,,2020-01-04\n"
        'Heat,1995,"cinema, 35mm",2020-02-01\n'
    )
    summary(cli, "letterboxd", str(export(tmp_path, {"diary.csv": text})))
    tagged = rows(
        journal,
        "SELECT e.watched, group_concat(t.name, '|') FROM entries e"
        " LEFT JOIN (SELECT * FROM entry_tags ORDER BY tag_id) et ON et.entry_id = e.id"
        " LEFT JOIN tags t ON t.id = et.tag_id GROUP BY e.id ORDER BY e.watched",
    )
    assert tagged == [
        ("2020-01-01", "cinema|35mm"),
        ("2020-01-02", "cinema|35mm"),
        ("2020-01-03", "cinema|35mm"),
        ("2020-01-04", None),
        ("2020-02-01", "cinema|35mm"),
    ]
    assert rows(journal, "SELECT count(*) FROM tags") == [(2,)]
    long = "x" * (MAX_TITLE_LENGTH + 1)
    for first in ("ok", f"ok, {long}"):  # refused on the first row that has the cell
        bad = (
            "Name,Year,Tags,Watched Date\n"
            f'Heat,1995,"{first}",2021-01-01\nRan,1985,"ok, {long}",2021-01-02\n'
        )
        folder = export(tmp_path / str(len(first)), {"diary.csv": bad})
        result = cli("import", "letterboxd", str(folder))
        line = 2 if long in first else 3
        assert result.exit_code == 1
        assert f"diary.csv, line {line}: invalid tag" in result.stderr
    assert rows(journal, "SELECT count(*) FROM entries") == [(5,)]  # nothing more written


# ---------------------------------------------------- columns, dialects, encodings


def test_column_names_in_any_case_and_spacing(cli, journal, tmp_path) -> None:
    text = "name;YEAR;watched_date;Rating\r\nHeat;1995;2020-01-01;4,5\r\n"
    summary(cli, "letterboxd", str(export(tmp_path, {"diary.csv": "\ufeff" + text})))
    assert rows(
        journal, "SELECT f.title, f.year, e.watched, e.rating FROM entries e JOIN films f"
    ) == [("Heat", 1995, "2020-01-01", 9)]


def test_text_a_spreadsheet_encoded_twice_is_mended(cli, journal, tmp_path) -> None:
    twice = "Amélie".encode().decode("latin-1")  # what the re-save left: AmÃ©lie
    text = f"Name,Year,Watched Date\n{twice},2001,2020-01-01\nSão Paulo S.A.,1965,2020-01-02\n"
    summary(cli, "letterboxd", str(export(tmp_path, {"diary.csv": text})))
    assert rows(journal, "SELECT title FROM films ORDER BY id") == [
        ("Amélie",),
        ("São Paulo S.A.",),
    ]


# -------------------------------------------------------- a file given to the wrong import

IMDB_RATINGS = (
    "Const,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,"
    "Genres,Num Votes,Release Date,Directors\n"
    "tt0113277,9,2019-01-01,Heat,https://x/,movie,8,170,1995,Crime,1,1995-12-15,Michael Mann\n"
)


def test_an_imdb_file_given_to_the_letterboxd_import_says_which_command(
    cli, journal, tmp_path
) -> None:
    target = tmp_path / "ratings.csv"
    target.write_text(IMDB_RATINGS)
    result = cli("import", "letterboxd", str(target))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {target}: this looks like an IMDb export, not a Letterboxd export:"
        f" use `filmlog import imdb {target}`\n"
    )
    assert not journal.exists()


def test_a_letterboxd_file_given_to_the_imdb_import_says_which_command(
    cli, journal, tmp_path
) -> None:
    target = tmp_path / "diary.csv"
    target.write_text(MDY_DIARY)
    result = cli("import", "imdb", str(target))
    assert result.exit_code == 1
    assert f"use `filmlog import letterboxd {target}`" in result.stderr
    assert len(result.stderr.splitlines()) == 1


# ------------------------------------------------------------------- round trips


def test_the_csv_export_letterboxd_takes_reads_back(cli, factory, journal, tmp_path) -> None:
    factory.log("Chungking Express", 1994, rating="4.5", watched="2024-01-01", review="Neon.")
    factory.log("Chungking Express", 1994, rating="5", watched="2025-02-01")
    factory.log("Heat", 1995, watched="2020-05-05", tags=["crime"])
    out = tmp_path / "letterboxd.csv"
    cli("export", "letterboxd", "-o", str(out), ok=True)
    fresh = tmp_path / "fresh.db"
    done = summary(cli, "letterboxd", str(out), "--db", str(fresh))
    assert done["counts"]["entries"]["added"] == 3
    query = (
        "SELECT f.title, f.year, e.watched, e.rating, e.rewatch, e.review,"
        " (SELECT group_concat(t.name) FROM entry_tags et JOIN tags t ON t.id = et.tag_id"
        "  WHERE et.entry_id = e.id) FROM entries e JOIN films f ON f.id = e.film_id"
        " ORDER BY e.watched"
    )
    assert rows(fresh, query) == rows(journal, query)
    assert count(fresh, "films") == 2


def test_a_json_export_gives_back_the_same_lists(cli, factory, journal, tmp_path) -> None:
    factory.log("Heat", 1995)
    factory.listed("Crime", "Heat")
    conn = sqlite3.connect(journal)
    conn.execute(
        "UPDATE lists SET created_at = '2020-01-01T10:00:00+00:00',"
        " updated_at = '2021-02-02T10:00:00+00:00'"
    )
    conn.commit()
    conn.close()
    out = tmp_path / "journal.json"
    cli("export", "json", "-o", str(out), ok=True)
    fresh = tmp_path / "fresh.db"
    cli("import", "json", str(out), "--db", str(fresh), ok=True)
    query = "SELECT name, description, created_at, updated_at FROM lists"
    assert rows(fresh, query) == rows(journal, query)


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("I loved <i>Nikki<i> so much", "I loved *Nikki* so much"),
        ("<i>one line<br>and the next</i> end", "*one line*  \n*and the next* end"),
        ("<b>bold <i>both</b> italic</i>", "**bold *both*** *italic*"),
        ("an <i>open italic", "an *open italic*"),
        ("closing</i> with nothing open", "closing with nothing open"),
    ],
)
def test_unbalanced_review_markup_becomes_readable_markdown(html: str, markdown: str) -> None:
    from filmlog.imports.reading.markup import markdown_from_html

    assert markdown_from_html(html) == markdown


# --------------------------------------------------------------------- the registry


SOURCE_MODULE = '''
"""A made-up networked source: films as lines "title;year;watched", from a server."""

from filmlog.imports.engine.session import Cited, Item, Viewing
from filmlog.imports.engine.source import Option, Source
from filmlog.journal import config
from filmlog.journal.config import Setting
from filmlog.online.fetch import Fetcher


def read(session, given):
    fetcher = Fetcher("Lines", needed_by="reading your lines")
    try:
        text = fetcher.get(given.where.rstrip("/") + "/plays").text
    finally:
        fetcher.close()
    lines = text.splitlines()
    session.expect(len(lines))
    for line in session.each("Lines plays", lines, "item"):
        title, year, watched = line.split(";")
        fid = session.film(Cited(title, int(year)))
        session.sync(fid, Item("lines", f"{title}|{watched}", {"watched": watched}), Viewing(watched))


SOURCE = Source(
    name="lines",
    read=read,
    help="Import the films a Lines server says you played.",
    argument=None,
    title="Lines at {path}",
    options=(Option("server", ("--server",), "The server (default: lines-server)."),),
    configured=lambda options: options.get("server") or config.get("lines-server"),
    synced_as="Lines at {path}",
    set_up_by="lines-server URL",
    settings=(Setting("lines-server", "your Lines server's address", server=True),),
)
'''


def test_a_new_source_is_one_module_and_one_registration(tmp_path: Path) -> None:
    """A copy of filmlog with one module more in sources/ and its line in the registry:
    its command, its setting, `config`, `sync` and `import list` know it, with no other
    edit (run as a user runs it, in a process of its own)."""
    import shutil
    import subprocess
    import sys

    import filmlog
    from tests.conftest import subprocess_env
    from tests.fake_web import FakeWeb

    copy = tmp_path / "copy"
    shutil.copytree(Path(filmlog.__file__).parent, copy / "filmlog")
    (copy / "filmlog" / "imports" / "sources" / "lines.py").write_text(SOURCE_MODULE)
    registry = copy / "filmlog" / "imports" / "registry.py"
    text = registry.read_text()
    registry.write_text(
        text.replace(
            '"kodi": "kodi:SOURCE",', '"kodi": "kodi:SOURCE",\n    "lines": "lines:SOURCE",'
        )
    )
    journal = tmp_path / "copy.db"
    env = subprocess_env(
        PYTHONPATH=str(copy),
        FILMLOG_DB=str(journal),
        FILMLOG_CONFIG=str(tmp_path / "config.json"),
    )

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "filmlog", *args],
            env=env,
            capture_output=True,
            text=True,
            cwd=tmp_path,  # (-m puts the folder it is run from first on the path)
        )
        assert done.returncode == 0, done.stderr
        return done

    web = FakeWeb()
    try:
        web.answer("/plays", 200, body=b"Heat;1995;2020-01-01\nIkiru;1952;2021-03-04\n")
        assert "lines" in run("import", "--help").stdout
        assert "lines-server" in run("config", "show").stdout
        run("config", "set", "lines-server", web.url.replace("http://", ""))
        done = json.loads(run("import", "lines", "-f", "json").stdout)
        assert done["counts"]["entries"] == {"added": 2, "updated": 0, "skipped": 0}
        web.answers["/plays"].clear()
        web.answer("/plays", 200, body=b"Heat;1995;2020-01-01\nRan;1985;2022-05-06\n")
        synced = run("sync")
        assert synced.stderr.startswith(f"Synced Lines at {web.url}: 1 new entry")
        listed = json.loads(run("import", "list", "-f", "json").stdout)
        assert [r["source"] for r in listed] == ["lines", "lines"]
        assert count(journal, "entries") == 3
    finally:
        web.close()


def test_every_source_has_its_command_and_options() -> None:
    from typer.main import get_group

    from filmlog.cli.imports import app
    from filmlog.imports.registry import sources

    group = get_group(app)
    for name, source in sources().items():
        command = group.get_command(None, name)
        flags = {f for p in command.params for f in getattr(p, "opts", [])}
        for option in source.options:
            assert set(option.flags) <= flags, name
        assert {"--dry-run", "--format", "--db"} <= flags
        assert command.params[0].metavar == source.argument
