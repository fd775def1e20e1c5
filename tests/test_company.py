"""With whom, where and on what: `add --with/--at/--on`, `edit` and its `--no-` forms,
`diary`/`list` filters, the card and the JSON keys."""

from __future__ import annotations

import json

from tests.conftest import count, rows


def test_add_keeps_with_whom_where_and_on_what(cli, journal) -> None:
    cli(
        "add",
        "Chungking Express",
        "-y",
        "1994",
        "--with",
        "Kyle",
        "--with",
        "Anna, Ben",
        "--at",
        "Prince Charles Cinema",
        "--on",
        "35mm",
        ok=True,
    )
    card = json.loads(cli("show", "chungking", "-f", "json", ok=True).stdout)
    entry = card["entries"][0]
    assert (entry["companions"], entry["place"], entry["platform"]) == (
        ["Kyle", "Anna", "Ben"],
        "Prince Charles Cinema",
        "35mm",
    )
    plain = cli("show", "chungking", ok=True).stdout
    assert "with Kyle, Anna, Ben · at Prince Charles Cinema · on 35mm" in plain


def test_names_compare_like_directors(cli, journal) -> None:
    cli("add", "Heat", "-y", "1995", "--with", "Zoë", "--at", "The  Cinema", ok=True)
    cli("add", "Ran", "-y", "1985", "--with", "zoe", "--on", "Netflix", ok=True)
    assert count(journal, "companions") == 1
    diary = cli("diary", "--with", "ZOE", "-f", "json", ok=True).stdout
    assert [e["title"] for e in json.loads(diary)] == ["Ran", "Heat"]
    assert [e["companions"] for e in json.loads(diary)] == [["Zoë"], ["Zoë"]]
    listed = json.loads(cli("list", "--at", "the cinema", "-f", "json", ok=True).stdout)
    assert [f["title"] for f in listed] == ["Heat"]
    on = json.loads(cli("diary", "--on", "netflix", "-f", "json", ok=True).stdout)
    assert [e["title"] for e in on] == ["Ran"]
    assert cli("diary", "--with", "nobody", ok=True).stdout == ""


def test_edit_replaces_and_removes_them(cli, journal) -> None:
    cli("add", "Heat", "-y", "1995", "--with", "Kyle", "--at", "home", "--on", "disc", ok=True)
    done = cli("edit", "Heat", "--with", "Anna", "--no-at", ok=True)
    assert "companions: Kyle → Anna" in done.stderr and "place: home → none" in done.stderr
    assert rows(journal, "SELECT place, place_key, platform FROM entries") == [(None, None, "disc")]
    cli("edit", "Heat", "--no-with", "--on", "Criterion Channel", ok=True)
    entry = json.loads(cli("show", "Heat", "-f", "json", ok=True).stdout)["entries"][0]
    assert (entry["companions"], entry["place"], entry["platform"]) == (
        [],
        None,
        "Criterion Channel",
    )


def test_opposite_or_empty_options_are_one_line_and_write_nothing(cli, journal) -> None:
    cli("add", "Heat", "-y", "1995", "--at", "home", ok=True)
    before = journal.read_bytes()
    for args in (
        ["edit", "Heat", "--at", "cinema", "--no-at"],
        ["edit", "Heat", "--with", "Kyle", "--no-with"],
        ["add", "Ran", "--on", " "],
    ):
        result = cli(*args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert journal.read_bytes() == before


def test_search_finds_a_viewing_by_with_whom_and_where(cli, journal, tmp_path) -> None:
    cli("add", "Heat", "-y", "1995", "--with", "Kyle Smith", "--at", "Prince Charles", ok=True)
    cli("add", "Ran", "-y", "1985", "-t", "neon", ok=True)
    found = json.loads(cli("search", "kyle", "-f", "json", ok=True).stdout)
    assert [h["title"] for h in found] == ["Heat"]
    cli("edit", "Heat", "--no-with", "--on", "Criterion Channel", ok=True)
    assert json.loads(cli("search", "kyle", "-f", "json", ok=True).stdout) == []
    assert [
        h["title"] for h in json.loads(cli("search", "criterion", "-f", "json", ok=True).stdout)
    ] == ["Heat"]
    assert "healthy" in cli("db", "check", ok=True).stdout + cli("db", "check").stderr


def test_the_assistant_filters_by_them_too(cli, journal) -> None:
    from filmlog.present.assistant import Tools

    cli("add", "Heat", "-y", "1995", "--with", "Kyle", "--on", "Netflix", ok=True)
    cli("add", "Ran", "-y", "1985", "--at", "cinema", ok=True)
    tools = Tools(journal, False)
    assert [e["title"] for e in tools.diary(with_whom="kyle")["results"]] == ["Heat"]
    assert [f["title"] for f in tools.list_films(at="Cinema")["results"]] == ["Ran"]
    assert [e["platform"] for e in tools.diary(on="netflix")["results"]] == ["Netflix"]
    csv_header = cli("diary", "-f", "csv", ok=True).stdout.splitlines()[0]
    assert csv_header.endswith(",companions,place,platform")
