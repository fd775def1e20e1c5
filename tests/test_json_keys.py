"""The JSON keys the README lists for each command are exactly the keys it emits."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def documented() -> dict[str, dict[str, set[str]]]:
    """README bullets: command -> {"": its keys, "entries": keys of the objects in entries…}.

    A key is a `word` outside parentheses (what is in them explains it).
    """
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("JSON keys are only ever added", 1)[1].split("\nExit codes", 1)[0]
    bullets = re.findall(r"^( *)- `([^`]+)`: (.*?)(?=^ *- `|\Z)", section, re.M | re.S)
    found: dict[str, dict[str, set[str]]] = {}
    command = ""
    for indent, name, text in bullets:
        plain = text
        while re.search(r"\([^()]*\)", plain):
            plain = re.sub(r"\([^()]*\)", "", plain)
        keys = set(re.findall(r"`([a-z_]+)`", plain))
        if indent:
            found[command][name] = keys
        else:
            command = name.replace(" … --format json", "")
            found[command] = {"": keys}
    return found


@pytest.fixture
def full_journal(factory, journal: Path) -> Path:
    factory.log(
        "Heat",
        1995,
        directors="Michael Mann",
        rating="4",
        tags="neon",
        watched="2024-03-01",
        review="Good.",
        companions=["Kyle"],
        place="cinema",
        platform="35mm",
    )
    factory.want("Ran", 1985)
    factory.listed("Best", "Heat")
    return journal


def keys_of(value: object) -> dict[str, set[str]]:
    """An object's keys, and those of the objects in its arrays and per-kind maps."""
    obj = value[0] if isinstance(value, list) else value
    assert isinstance(obj, dict)
    nested: dict[str, set[str]] = {"": set(obj)}
    for name, inner in obj.items():
        if isinstance(inner, list) and inner and isinstance(inner[0], dict):
            nested[name] = set(inner[0])
        elif name == "counts" and inner:
            nested[name] = set(next(iter(inner.values())))
    return nested


COMMANDS = {
    "list": ["list"],
    "diary": ["diary"],
    "show": ["show", "Heat"],
    "search": ["search", "heat"],
    "stats": ["stats", "--year", "2024"],
    "watchlist list": ["watchlist", "list"],
    "lists": ["lists"],
    "lists show": ["lists", "show", "Best"],
    "db info": ["db", "info"],
    "db check": ["db", "check"],
}


@pytest.mark.parametrize("command", [*COMMANDS, "import", "import list"])
def test_the_readme_lists_exactly_the_keys_emitted(cli, full_journal, tmp_path, command):
    if command.startswith("import"):
        export = tmp_path / "lb"
        (export / "lists").mkdir(parents=True)
        (export / "watched.csv").write_text(
            "Date,Name,Year,Letterboxd URI\n2020-01-01,Ikiru,1952,x\n"
        )
        (export / "lists" / "broken.csv").write_bytes(b"\0" * 10)
        args = ["import", "letterboxd", str(export)]
        if command == "import list":
            cli(*args, ok=True)
            args = ["import", "list"]
    else:
        args = COMMANDS[command]
    emitted = keys_of(json.loads(cli(*args, "--format", "json", ok=True).stdout))
    assert documented()[command] == emitted


def test_every_json_listing_is_documented() -> None:
    assert set(documented()) == {*COMMANDS, "import", "import list"}


def test_an_empty_list_shows_its_items_key(cli, journal: Path) -> None:
    cli("add", "Heat", ok=True)
    cli("lists", "add", "Best", "Heat", ok=True)
    cli("lists", "rm", "Best", "Heat", ok=True)
    assert json.loads(cli("lists", "show", "Best", "-f", "json", ok=True).stdout)["items"] == []
