from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from filmlog.journal import listing, store
from filmlog.journal.db import open_journal
from filmlog.present import housekeeping, render


def text_of(renderable: object, width: int = 100) -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def test_film_card_shows_facts_entries_and_reviews(cli, journal: Path) -> None:
    cli(
        "add",
        "Solaris",
        "-y",
        "1972",
        "-d",
        "Andrei Tarkovsky",
        "-r",
        "4",
        "-w",
        "2020-01-01",
        "--review",
        "A *slow* film about **grief**.\n\nSecond paragraph.",
        ok=True,
    )
    cli(
        "add",
        "Solaris",
        "-y",
        "1972",
        "-r",
        "5",
        "-w",
        "2024-01-01",
        "--spoilers",
        "--review",
        "Kelvin stays on the island.",
        "-t",
        "space",
        ok=True,
    )
    with open_journal(journal, write=False) as j:
        card = store.film_card(j.conn, 1)
    text = text_of(render.film_card(card))
    assert "Solaris (1972)" in text
    assert "Andrei Tarkovsky" in text
    assert "★★★★★" in text and "average 4.5 over 2" in text
    assert "2020-01-01" in text and "2024-01-01" in text
    assert "↻ rewatch" in text
    assert "space" in text
    # Markdown is rendered: emphasis markers are gone, the words stay.
    assert "A slow film about grief." in text
    assert "Second paragraph." in text
    assert "⚠ contains spoilers" in text
    assert "Kelvin stays on the island." in text


def test_tables(factory, journal: Path) -> None:
    factory.log("Heat", 1995, directors="Michael Mann", rating="4.5", watched="2024-12-24")
    factory.log("Ran", 1985, watched="2025-01-05")
    with open_journal(journal, write=False) as j:
        films = list(listing.list_films(j.conn, listing.FilmFilter()))
        entries = list(listing.diary(j.conn, listing.DiaryFilter()))
    text = text_of(render.films_table(films))
    assert "Heat" in text and "Michael Mann" in text and "★★★★½" in text
    diary = text_of(render.diary_table(entries))
    assert diary.index("January 2025") < diary.index("Ran") < diary.index("December 2024")
    assert diary.index("December 2024") < diary.index("Heat")


def test_a_diary_shown_in_chunks_heads_each_month_once(factory, journal: Path) -> None:
    for day in ("2025-01-05", "2025-01-04", "2025-01-03", "2024-12-24"):
        factory.log("Heat", 1995, watched=day)
    with open_journal(journal, write=False) as j:
        rows = list(listing.diary(j.conn, listing.DiaryFilter()))
    table = render.DiaryTable()
    text = text_of(table(rows[:2], True)) + text_of(table(rows[2:], False))
    assert text.count("January 2025") == 1 and text.count("December 2024") == 1
    assert text.count("Film") == 1  # the header, on the first chunk only


def test_the_card_warns_before_a_spoiling_review_and_names_the_viewing(cli, journal) -> None:
    cli("add", "Heat", "-y", "1995", "-w", "2024-01-01", "--review", "First time.", ok=True)
    cli(
        "add",
        "Heat",
        "-y",
        "1995",
        "-w",
        "2024-01-01",
        "--spoilers",
        "--review",
        "He dies at the airport; see [the scene](https://example.com/scene).",
        ok=True,
    )
    cli("watchlist", "add", "Ran", "-y", "1985", ok=True)
    with open_journal(journal, write=False) as j:
        card = store.film_card(j.conn, 1)
        wanted = store.film_card(j.conn, 2)
    text = text_of(render.film_card(card))
    assert text.index("⚠ contains spoilers") < text.index("He dies at the airport")
    assert "2024-01-01 · entry 1" in text and "2024-01-01 · entry 2" in text  # two that day
    assert "https://example.com/scene" in text  # no clickable links here: the address shows
    assert "Watchlist" in text_of(render.film_card(wanted))
    assert "on it since" in text_of(render.film_card(wanted))


def test_the_card_shows_the_letterboxd_address(cli, journal, tmp_path) -> None:
    (tmp_path / "watched.csv").write_text(
        "Date,Name,Year,Letterboxd URI\n2020-01-01,Ran,1985,https://boxd.it/r\n"
    )
    cli("import", "letterboxd", str(tmp_path / "watched.csv"), ok=True)
    with open_journal(journal, write=False) as j:
        text = text_of(render.film_card(store.film_card(j.conn, 1)))
    assert "Letterboxd" in text and "https://boxd.it/r" in text


def test_at_70_columns_tags_and_names_keep_their_words(factory, journal: Path) -> None:
    factory.log(
        "Chungking Express",
        1994,
        directors="Wong Kar-Wai",
        rating="4.5",
        tags="cinematography, hong kong, melancholy",
        liked=True,
        watched="2024-01-01",
    )
    factory.log("Chungking Express", 1994, tags="nineties", watched="2024-02-01")
    with open_journal(journal, write=False) as j:
        diary = list(listing.diary(j.conn, listing.DiaryFilter(brief=True)))
        films = list(listing.list_films(j.conn, listing.FilmFilter()))
    drawn = text_of(render.DiaryTable()(diary), width=70) + text_of(
        render.films_table(films), width=70
    )
    for word in ("cinematography", "melancholy", "Kar-Wai", "Rating", "Chungking"):
        assert word in drawn, word
    assert "↻" in drawn and "♥" in drawn  # rewatch and like, beside the film


def test_the_imports_table_keeps_its_last_column_whole_at_any_width() -> None:
    from filmlog.imports.engine.undo import ImportRecord

    long_path = "/home/anna/a very long folder name for exports/letterboxd-export-2026-12-06-utc"
    counts = {k: {"added": 6000} for k in ("films", "entries", "ratings", "reviews", "tags")}
    records = [
        ImportRecord(1, "letterboxd", long_path, "2026-12-06T10:00:00+00:00", counts, None),
        ImportRecord(2, "netflix", "nf.csv", "2026-12-06T11:00:00+00:00", {}, "2026-12-07T09:00"),
    ]
    for width in (80, 120):
        text = text_of(housekeeping.imports_table(records), width)
        assert "Undone" in text and "2026-12-07" in text, text
        assert all(len(line) <= width for line in text.splitlines())
    text = text_of(housekeeping.imports_table(records[:1]), 120)
    assert "Undone" not in text  # no column of nothing
