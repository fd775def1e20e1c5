"""Text from people, files and servers never steers the terminal; stored text stays as written.

A review can hold an escape sequence that sets the window title or clears the
screen (typed, imported, or from a feed). Whatever filmlog draws on a
terminal shows such characters as symbols; JSON, CSV and the journal keep
them exactly. Every renderer is checked (a new one must be added here), and
every command that draws user text is run in a real terminal.
"""

from __future__ import annotations

import inspect
import io
import json
import re
import sys
from pathlib import Path

import pexpect
import pytest

from filmlog.imports.engine.summary import Count, Summary
from filmlog.imports.engine.undo import ImportRecord
from filmlog.journal.company import TagCount
from filmlog.journal.duplicates import Group, Member
from filmlog.journal.lists import ListItem, NamedList
from filmlog.journal.search import Hit
from filmlog.journal.suggest import Suggestion
from filmlog.journal.watchlist import WatchItem
from filmlog.present import housekeeping, render
from filmlog.values.display import is_safe, printable
from filmlog.values.models import Entry, Film, FilmCard
from filmlog.values.rows import DiaryRow, FilmRow
from tests.conftest import rows, subprocess_env

# A window title, a screen clear, an 8-bit CSI, a bidi override, a bell, a carriage return.
EVIL = "hello \x1b]2;PWNED\x1b\\ world \x1b[2J \x9b31m \u202eevil\u202c \x07 \r over"
# What Rich itself writes: colours and styles (SGR), its own links (OSC 8), and the
# cursor moves of a progress line (hide and show the cursor, erase the line, go up).
RICH_OWN = re.compile(
    r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b\x07]*(?:\x1b\\|\x07)"
    r"|\x1b\[\?25[lh]|\r?\x1b\[2K|\x1b\[\d*A"
)
ACTED_ON = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def assert_harmless(output: str, shown: str = "") -> None:
    """Nothing but Rich's own styles and links acts on the terminal; shown is still seen.

    (A carriage return of the person's becomes ␍: those left are the terminal's own
    line ends and a progress line's returns.)
    """
    rest = RICH_OWN.sub("", output.replace("\r", ""))
    found = ACTED_ON.search(rest)
    where = rest[max(found.start() - 40, 0) : found.end() + 40] if found else ""
    assert found is None, f"{found[0] if found else ''!r} reached the terminal: {where!r}"
    assert shown in rest


def test_printable_shows_every_control_and_keeps_the_length() -> None:
    shown = printable(EVIL)
    assert is_safe(shown)
    assert len(shown) == len(EVIL)
    assert "␛]2;PWNED" in shown and "\t" in printable("a\tb") and "\n" in printable("a\nb")
    assert printable("Chungking Express 重慶森林") == "Chungking Express 重慶森林"


def _film() -> Film:
    return Film(
        1,
        EVIL,
        1994,
        directors=[EVIL],
        original_title=EVIL,
        genres=[EVIL],
        countries=[EVIL],
        imdb_id=EVIL,
        rating=9,
        liked=True,
        seen=True,
    )


def _entry() -> Entry:
    return Entry(1, 1, "2024-01-01", 9, review=EVIL, spoilers=True, tags=[EVIL])


def _diary_row() -> DiaryRow:
    return DiaryRow(
        1,
        1,
        EVIL,
        1994,
        [EVIL],
        "2024-01-01",
        9,
        True,
        True,
        [EVIL],
        EVIL,
        True,
        "2024-01-01T00:00:00+00:00",
        "2024-01-01T00:00:00+00:00",
    )


def _summary() -> Summary:
    summary = Summary(source="letterboxd", path=EVIL)
    summary.count("entries", Count.ADDED)
    summary.skipped_rows[EVIL] += 1
    summary.ignored_files.append(EVIL)
    summary.not_imported(EVIL, EVIL, 3)
    return summary


def _stats() -> dict[str, object]:
    return {
        "year": None,
        "films": 1,
        "entries": 1,
        "rewatches": 0,
        "reviews": 1,
        "hours": 1.5,
        "entries_with_runtime": 1,
        "ratings": {"4.5": 1},
        "per_year": {"2024": 1},
        "undated": 0,
        "decades": {"1990s": 1},
        "top_directors": [{"name": EVIL, "films": 1}],
        "top_tags": [{"name": EVIL, "entries": 1}],
        "highest_rated": [{"title": EVIL, "year": 1994, "rating": 4.5, "watched": 1}],
    }


# Each renderer with hostile values in every field it draws.
CASES = {
    "words": lambda: render.words(EVIL),
    "markdown": lambda: render.markdown(EVIL),
    "film_card": lambda: render.film_card(FilmCard(_film(), [_entry(), _entry()])),
    "review_panel": lambda: render.review_panel(_entry()),
    "films_table": lambda: render.films_table([FilmRow(1, EVIL, 1994, [EVIL], 9, 2, None, True)]),
    "DiaryTable": lambda: render.DiaryTable()([_diary_row()]),
    "diary_table": lambda: render.diary_table([_diary_row()]),
    "import_summary": lambda: housekeeping.import_summary(_summary()),
    "search_hits": lambda: render.search_hits(
        [Hit(1, EVIL, 1994, [EVIL], 9, 1, "2024-01-01", "review", EVIL, [(0, 5)])]
    ),
    "stats_report": lambda: render.stats_report(_stats()),
    "watchlist_table": lambda: render.watchlist_table([WatchItem(_film(), "2024-01-01")]),
    "lists_table": lambda: render.lists_table([NamedList(1, EVIL, EVIL, 1)]),
    "list_heading": lambda: render.list_heading(NamedList(1, EVIL, EVIL, 1)),
    "list_items_table": lambda: render.list_items_table([ListItem(1, _film(), EVIL)]),
    "imports_table": lambda: housekeeping.imports_table(
        [ImportRecord(1, EVIL, EVIL, "2024-01-01T00:00:00+00:00", {"entries": {"added": 1}}, None)]
    ),
    "duplicates_table": lambda: housekeeping.duplicates_table(
        [
            Group(
                "films", ["same id"], EVIL, [Member(1, EVIL, {"viewings": 1, "sources": [EVIL]})]
            ),
            Group("viewings", ["same day"], EVIL, [Member(2, EVIL, {})], EVIL),
        ]
    ),
    "next_table": lambda: render.next_table(
        [Suggestion(1, EVIL, 1999, [EVIL], 90, "2024-01-01", 0.5, EVIL, True)]
    ),
    "tags_table": lambda: housekeeping.tags_table([TagCount(EVIL, 3)]),
    "settings_table": lambda: housekeeping.settings_table({EVIL: {"value": EVIL, "from": EVIL}}),
    "plain_text": lambda: render.words(render.plain_text(render.stats_report(_stats()))),
    "svg": lambda: render.words(render.svg(render.stats_report(_stats()), EVIL)),
}


def test_every_renderer_is_checked() -> None:
    """A new renderer needs a case here, with hostile text in what it draws."""
    public = {
        name
        for module in (render, housekeeping)
        for name, value in vars(module).items()
        if not name.startswith("_")
        and (inspect.isfunction(value) or inspect.isclass(value))
        and value.__module__ == module.__name__
    }
    assert public == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_renderers_draw_hostile_text_harmlessly(name: str) -> None:
    from rich.console import Console

    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, color_system="truecolor", width=120)
    console.print(CASES[name]())
    assert_harmless(stream.getvalue(), "PWNED" if name != "stats_report" else "")


def hostile_journal(cli, journal: Path, tmp_path: Path) -> None:
    """A journal whose user text is hostile where the journal may hold it as written."""
    cli(
        "add",
        "Chungking Express",
        "-y",
        "1994",
        "-r",
        "4.5",
        "--review",
        EVIL,
        "-t",
        "neon",
        ok=True,
    )
    cli("add", "Fallen \u202eAngels", "-y", "1995", "--review", EVIL, "--spoilers", ok=True)
    cli("watchlist", "add", "Ashes of \u202eTime", "-y", "1994", ok=True)
    cli("lists", "add", "Hong Kong", "Chungking Express", ok=True)
    exported = json.loads(cli("export", "json", ok=True).stdout)
    exported["lists"][0]["description"] = EVIL
    exported["lists"][0]["films"][0]["note"] = EVIL
    exported["lists"][0]["name"] = "Hong Kong \u202enights"
    exported["lists"][0]["id"] = 99
    (tmp_path / "hostile.json").write_text(json.dumps(exported), encoding="utf-8")
    cli("import", "json", str(tmp_path / "hostile.json"), ok=True)


def spawn(args: list[str], journal: Path) -> str:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "filmlog", "--db", str(journal), *args],
        env=subprocess_env(COLUMNS="120", LINES="200", TERM="xterm-256color", FILMLOG_PAGER=""),
        encoding="utf-8",
        timeout=30,
        dimensions=(200, 120),
    )
    output = child.read()
    child.close()
    return output


# Each command, and what of the hostile text it shows (as symbols).
COMMANDS = [
    (["show", "Chungking Express"], "␛]2;PWNED␛\\ world ␛[2J �31m �evil� ␇ ␍ over"),
    (["show", "Fallen"], "Angels"),
    (["list"], "Angels"),
    (["diary"], "Angels"),
    (["search", "hello"], "PWNED"),
    (["lists"], "PWNED"),
    (["lists", "show", "Hong Kong nights"], "PWNED"),
    (["lists", "show", "Hong Kong nights", "-f", "json"], "PWNED"),
    (["watchlist", "list"], "Time"),
    (["stats"], "neon"),
    (["diary", "-f", "csv"], "PWNED"),
    (["list", "-f", "json"], "Angels"),
    (["export", "markdown"], "PWNED"),
    (["export", "csv"], "PWNED"),
    (["import", "list"], "Import"),
]


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_commands_in_a_terminal_draw_hostile_text_harmlessly(cli, journal, tmp_path) -> None:
    hostile_journal(cli, journal, tmp_path)
    for args, shown in COMMANDS:
        assert_harmless(spawn(args, journal), shown)
    # A message that names a file the person gave, and one that quotes a title.
    assert_harmless(spawn(["import", "letterboxd", EVIL], journal), "PWNED")
    assert_harmless(spawn(["show", EVIL.replace("\x1b", "")], journal), "PWNED")


def test_json_and_the_journal_keep_the_text_exactly(cli, journal, tmp_path) -> None:
    hostile_journal(cli, journal, tmp_path)
    assert rows(journal, "SELECT review FROM entries WHERE review IS NOT NULL")[0] == (EVIL,)
    out = cli("diary", "-f", "json", ok=True).stdout
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    assert {e["review"] for e in json.loads(out)} == {EVIL}
    (film,) = [
        f for f in json.loads(cli("list", "-f", "json", ok=True).stdout) if "Fallen" in f["title"]
    ]
    assert film["title"] == "Fallen \u202eAngels"
    csv_out = cli("diary", "-f", "csv", ok=True).stdout
    assert EVIL.replace("\r", "") in csv_out.replace("\r", "")  # CSV, piped: as written
    piped = cli("show", "Chungking Express", ok=True).stdout
    assert EVIL in piped  # plain text, piped: as written, for the program reading it
