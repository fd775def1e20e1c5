"""`filmlog next`: the watchlist ranked by the person's own ratings, each with why."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def tastes(factory):
    for title, year, director, rating in (
        ("In the Mood for Love", 2000, "Wong Kar-Wai", "5"),
        ("Chungking Express", 1994, "Wong Kar-Wai", "4.5"),
        ("Happy Together", 1997, "Wong Kar-Wai", "4.5"),
        ("Transformers", 2007, "Michael Bay", "1"),
        ("Armageddon", 1998, "Michael Bay", "1.5"),
        ("Heat", 1995, "Michael Mann", "4"),
    ):
        factory.log(
            title,
            year,
            directors=director,
            rating=rating,
            watched="2024-01-01",
            runtime=100 if title != "Heat" else 170,
        )
    factory.want("Bad Boys", 1995, ["Michael Bay"])
    factory.want("Fallen Angels", 1995, ["Wong Kar-Wai"])
    factory.want("A Film Without Facts")
    return factory


def ranked(cli, *args: str) -> list[dict]:
    return json.loads(cli("next", "-f", "json", *args, ok=True).stdout)


def test_the_watchlist_is_ranked_by_what_the_person_rates_and_says_why(cli, tastes) -> None:
    found = ranked(cli)
    assert [f["title"] for f in found] == ["Fallen Angels", "A Film Without Facts", "Bad Boys"]
    assert found[0]["why"].startswith("you rate Wong Kar-Wai ★★★★½")
    assert "over 3 films" in found[0]["why"]
    assert found[-1]["why"].startswith("you rate Michael Bay ★")
    assert "no facts known" in found[1]["why"]
    assert ranked(cli) == found  # the same answer every time


def test_limit_runtime_and_a_directors_unseen_films(cli, tastes) -> None:
    cli("edit", "Fallen Angels", "--runtime", "99", ok=True)
    assert [f["title"] for f in ranked(cli, "--limit", "1")] == ["Fallen Angels"]
    assert [f["title"] for f in ranked(cli, "--max-runtime", "98")] == []
    assert [f["title"] for f in ranked(cli, "--max-runtime", "120")] == ["Fallen Angels"]
    assert [f["title"] for f in ranked(cli, "--unseen-by", "michael bay")] == ["Bad Boys"]


def test_with_a_companion_their_viewings_speak(cli, factory) -> None:
    factory.log("Alien", 1979, directors="Ridley Scott", rating="5", companions=["Kyle"])
    factory.log("Gladiator", 2000, directors="Ridley Scott", rating="1")
    factory.log("Heat", 1995, directors="Michael Mann", rating="1", companions=["Kyle"])
    factory.want("Blade Runner", 1982, ["Ridley Scott"])
    factory.want("Collateral", 2004, ["Michael Mann"])
    with_kyle = ranked(cli, "--with", "kyle")
    assert with_kyle[0]["title"] == "Blade Runner"
    result = cli("next", "--with", "nobody", ok=True)
    assert "Nothing rated with nobody yet" in result.stderr


def test_an_empty_watchlist_prints_nothing_piped(cli, journal) -> None:
    cli("add", "Heat", ok=True)
    result = cli("next", ok=True)
    assert result.stdout == ""


def test_the_assistant_gets_the_same_answer(cli, tastes, journal) -> None:
    from filmlog.present.assistant import Tools

    answer = Tools(journal, False).watch_next(limit=2)
    assert [r["title"] for r in answer["results"]] == [f["title"] for f in ranked(cli, "-n", "2")]
