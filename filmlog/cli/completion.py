"""Shell completion: film titles as matching finds them, inserted so that the shell reads them.

Titles are offered by the start of their comparison key (case, accents and
punctuation aside, as `show` matches them): `chu<Tab>` gives Chungking
Express. Typer's own completion keeps only what starts with the typed text
letter for letter, and bash inserts a title with a space as two words; the
shell classes here fix both (bash gets the title escaped, unless the word
was opened with a quote; zsh adds it without matching it again; fish matches
in its own way). Quick: it reads SQLite directly and loads neither Rich nor
sqlite-utils.
"""

from __future__ import annotations

import os
import re
import sqlite3
from typing import Any, ClassVar

import typer

from filmlog.journal.paths import journal_path


class _Typed:
    """What the person typed of the word being completed, and the titles offered for it."""

    word: ClassVar[str | None] = None  # set by the shell classes (None: Typer's filter)
    titles: ClassVar[set[str]] = set()


def complete_title(ctx: typer.Context, incomplete: str) -> list[str]:
    """Titles in the journal that start with what was typed (case and accents aside)."""
    root = ctx.find_root()
    chosen = ctx.params.get("db") or root.params.get("db")
    path = journal_path(chosen)
    if not path.is_file():
        return []
    from filmlog.journal.db import connect_for_reading
    from filmlog.journal.store import titles_starting

    typed = _Typed.word if _Typed.word is not None else incomplete
    try:
        conn = connect_for_reading(path)
        try:
            found = titles_starting(conn, typed)
        finally:
            conn.close()
    except sqlite3.Error:
        return []  # completion must never print errors into the shell
    _Typed.titles |= set(found)
    return found


_UNSAFE = re.compile(r"([^\w@%+=:,./-])")


def _bash_word(value: str) -> str:
    """value as one bash word: every character the shell would read otherwise escaped."""
    return _UNSAFE.sub(r"\\\1", value)


def _zsh_word(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


def register() -> None:
    """Put filmlog's shell classes in the place of Typer's (run before completing)."""
    from typer._click.shell_completion import add_completion_class
    from typer._completion_classes import BashComplete, FishComplete, ZshComplete

    class Matching:
        """Completes with the typed word taken as matching takes it, for titles."""

        def get_completions(self, args: list[str], incomplete: str) -> list[Any]:
            _Typed.word, _Typed.titles = incomplete, set()
            try:
                items = super().get_completions(args, "")  # type: ignore[misc]
            finally:
                _Typed.word = None
            return [
                item
                for item in items
                if item.value in _Typed.titles or item.value.startswith(incomplete)
            ]

    class Bash(Matching, BashComplete):
        def format_completion(self, item: Any) -> str:
            words = os.environ.get("COMP_WORDS", "")
            quoted = re.search(r"""["']\S*$""", words) is not None
            return item.value if quoted else _bash_word(item.value)

    class Zsh(Matching, ZshComplete):
        def complete(self) -> str:
            args, incomplete = self.get_completion_args()
            values = [item.value for item in self.get_completions(args, incomplete)]
            if not values:
                return "_files"
            # -U: the word typed is replaced by what matched it (case and accents aside)
            return "compadd -U -- " + " ".join(_zsh_word(v) for v in values)

    class Fish(Matching, FishComplete):
        pass

    for cls, shell in ((Bash, "bash"), (Zsh, "zsh"), (Fish, "fish")):
        add_completion_class(cls, shell)
