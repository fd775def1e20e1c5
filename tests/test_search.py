from __future__ import annotations

import json
from pathlib import Path

import pytest

from filmlog.journal.search import fts_query


@pytest.fixture
def films(factory, journal: Path) -> Path:
    factory.log(
        "Chungking Express",
        1994,
        directors="Wong Kar-Wai",
        rating="4.5",
        review="A melancholy neon dream of Hong Kong.",
        tags="hong kong",
    )
    factory.log(
        "Fallen Angels",
        1995,
        directors="Wong Kar-Wai",
        review="Darker than Chungking Express; the neon is colder.",
    )
    factory.log("Cléo from 5 to 7", 1962, directors="Agnès Varda", review="Paris in real time.")
    factory.log("Heat", 1995, directors="Michael Mann", tags="heist")
    return journal


def search(cli, *args: str) -> list[dict]:
    result = cli("search", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_a_title_match_outranks_a_passing_mention(cli, films: Path) -> None:
    hits = search(cli, "chungking")
    assert [h["title"] for h in hits] == ["Chungking Express", "Fallen Angels"]
    assert hits[0]["field"] == "title"
    assert hits[1]["field"] == "review"


def test_review_words_and_highlighting(cli, films: Path) -> None:
    (hit, other) = search(cli, "neon")
    assert {hit["title"], other["title"]} == {"Chungking Express", "Fallen Angels"}
    for h in (hit, other):
        assert h["matches"]
        for start, end in h["matches"]:
            assert h["excerpt"][start:end].lower() == "neon"
        assert h["entry_id"] is not None
        assert h["watched"]


def test_accents_and_case_do_not_matter(cli, films: Path) -> None:
    assert [h["title"] for h in search(cli, "agnes varda")] == ["Cléo from 5 to 7"]
    assert [h["title"] for h in search(cli, "CLEO")] == ["Cléo from 5 to 7"]


def test_prefix_and_phrase(cli, films: Path) -> None:
    assert [h["title"] for h in search(cli, "melan*")] == ["Chungking Express"]
    assert [h["title"] for h in search(cli, '"neon dream"')] == ["Chungking Express"]
    assert search(cli, '"dream neon"') == []


def test_tags_and_directors_are_searched(cli, films: Path) -> None:
    assert [h["title"] for h in search(cli, "heist")] == ["Heat"]
    assert {h["title"] for h in search(cli, "michael mann")} == {"Heat"}


@pytest.mark.parametrize(
    "query", ['"', "(", "NEAR", "a OR", "AND", "col:umn", "^start", "x -y", "'"]
)
def test_search_syntax_is_never_an_error(cli, films: Path, query: str) -> None:
    result = cli("search", query, "--format", "json")
    assert result.exit_code in (0, 2)
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        json.loads(result.stdout)
    else:
        assert "nothing to search for" in result.stderr


@pytest.mark.parametrize("query", ["", "   ", '""'])
def test_nothing_to_search_for(cli, films: Path, query: str) -> None:
    result = cli("search", query)
    assert result.exit_code == 2
    assert "nothing to search for" in result.stderr


def test_fts_query_quotes_every_word() -> None:
    assert fts_query("neon NEAR rain") == '"neon" "NEAR" "rain"'
    assert fts_query("melan*") == '"melan"*'
    assert fts_query('"two words" hong-kong') == '"two words" "hong kong"'


def test_index_follows_add_edit_rm_and_import(cli, films: Path, tmp_path: Path) -> None:
    cli("edit", "heat", "--review", "Pacino and De Niro in the diner.", ok=True)
    assert [h["title"] for h in search(cli, "diner")] == ["Heat"]
    cli("edit", "heat", "--title", "Heat (Director's Cut)", ok=True)
    assert [h["title"] for h in search(cli, "director's")] == ["Heat (Director's Cut)"]
    cli("edit", "heat", "--no-tags", ok=True)
    assert search(cli, "heist") == []
    assert cli("rm", "heat", "--yes").exit_code == 1  # rm takes the exact title only
    cli("rm", "Heat (Director's Cut)", "--yes", ok=True)
    assert search(cli, "diner") == []
    export = tmp_path / "lb"
    export.mkdir()
    (export / "diary.csv").write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
        "2024-01-02,Ran,1985,https://boxd.it/a,4,,samurai,2024-01-01\n"
    )
    (export / "reviews.csv").write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n"
        "2024-01-02,Ran,1985,https://boxd.it/a,4,,King Lear on horseback.,samurai,2024-01-01\n"
    )
    cli("import", "letterboxd", str(export), ok=True)
    assert [h["title"] for h in search(cli, "horseback")] == ["Ran"]
    assert [h["title"] for h in search(cli, "samurai")] == ["Ran"]
    assert cli("db", "check", ok=True).stdout.endswith("search index checked)\n")
    cli("import", "undo", "--yes", ok=True)
    assert search(cli, "horseback") == []
    assert cli("db", "check").exit_code == 0


def test_db_check_finds_and_repairs_a_stale_index(cli, films: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(films)
    conn.execute("DELETE FROM search WHERE rowid % 2 = 1")
    conn.commit()
    conn.close()
    result = cli("db", "check")
    assert result.exit_code == 1
    assert "entry documents" in result.stdout
    assert cli("db", "check", "--repair", ok=True).stdout.endswith("search index checked)\n")
    assert [h["title"] for h in search(cli, "melancholy")] == ["Chungking Express"]


def test_plain_output(cli, films: Path) -> None:
    out = cli("search", "paris", ok=True).stdout
    assert out.startswith("Cléo from 5 to 7\t1962\t")
    assert "Paris in real time." in out


def test_an_emoji_or_punctuation_is_searched_as_written(cli, journal: Path) -> None:
    cli("add", "Shaun the Sheep", "--review", "So many 🐑 and a dog!!! Great.", ok=True)
    cli("add", "Babe", "--review", "No sheep emoji here.", ok=True)
    (hit,) = search(cli, "🐑")
    assert (hit["title"], hit["field"]) == ("Shaun the Sheep", "review")
    assert hit["excerpt"][hit["matches"][0][0] : hit["matches"][0][1]] == "🐑"
    (hit,) = search(cli, "!!!")
    assert hit["excerpt"][slice(*hit["matches"][0])] == "!!!"
    assert search(cli, "()") == []  # searched, and nothing holds it


def test_excerpts_show_text_not_markdown(cli, journal: Path) -> None:
    cli(
        "add",
        "Heat",
        "--review",
        "# Big\n\n**Pacino** and [De Niro](https://x.org) *diner*.",
        ok=True,
    )
    (hit,) = search(cli, "diner")
    assert hit["excerpt"] == "Big\n\nPacino and De Niro diner."
    assert hit["excerpt"][slice(*hit["matches"][0])] == "diner"


def test_search_counts_every_film_it_matches(factory, journal: Path) -> None:
    from filmlog.journal.db import open_journal
    from filmlog.journal.search import count, search

    for n in range(30):
        factory.log(f"Film {n}", review=f"a neon night {n}")
    with open_journal(journal, write=False) as j:
        assert len(list(search(j.conn, "neon", 20))) == 20
        assert count(j.conn, "neon") == 30
        assert count(j.conn, "🐑") == 0
