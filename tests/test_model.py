"""The journal checked against a model of it, over random sequences of commands.

A Hypothesis state machine adds, edits (every option, every --no- flag,
--rating none), removes entries and films, keeps the watchlist and lists,
imports small generated JSON exports, undoes them, and exports the journal
and reads it back into a new one. After every step the journal, read
through the JSON of list, diary, watchlist and lists, must be what the model
in tests/journal_model.py says.

In CI it runs a fixed sequence of examples (derandomized), so a red build
always means a change broke something. To search longer and at random:

    FILMLOG_MODEL_EXAMPLES=2000 python -m pytest tests/test_model.py -p no:randomly

The variant through the real CLI is marked slow.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from filmlog.journal.db import open_journal
from filmlog.values.keys import key
from tests.journal_model import CliDriver, Edit, LibraryDriver, MEntry, Model, Refused

TITLES = ["Heat", "Ran", "Solaris", "Stalker", "Amélie", "Chungking Express"]
YEARS = [None, 1972, 1994, 2002]
DIRECTORS = ["Michael Mann", "Agnès Varda", "agnes varda", "Wong Kar-Wai"]
DATES = [None, "2019-05-01", "2020-01-01", "2021-06-15"]
RATINGS = [None, *range(1, 11)]
TAGS = ["neon", "Hong Kong", "hong kong", "rain"]
REVIEWS = [None, "Slow.", "Two cops, *one* snack bar.\n\nA second paragraph."]
LISTS = ["Best", "Hong Kong nights", "best"]
STAMP = "2024-01-01T00:00:00+00:00"

titles = st.sampled_from(TITLES)
years = st.sampled_from(YEARS)
directors = st.lists(st.sampled_from(DIRECTORS), max_size=2, unique_by=key)
some_directors = st.lists(st.sampled_from(DIRECTORS), min_size=1, max_size=2, unique_by=key)
tags = st.lists(st.sampled_from(TAGS), max_size=2, unique_by=key)
maybe = st.one_of(st.none(), st.booleans())


@st.composite
def documents(draw: Any) -> dict[str, Any]:
    """A small filmlog JSON export, as filmlog itself would write one."""
    films = []
    pairs = draw(
        st.lists(st.tuples(titles, years), max_size=3, unique_by=lambda p: (key(p[0]), p[1]))
    )
    next_entry = 1
    for n, (title, year) in enumerate(pairs, start=1):
        entries = []
        for _ in range(draw(st.integers(0, 3))):
            rating = draw(st.sampled_from(RATINGS))
            entries.append(
                {
                    "id": next_entry,
                    "watched": draw(st.sampled_from(DATES)),
                    "rating": None if rating is None else rating / 2,
                    "rewatch": draw(st.booleans()),
                    "liked": draw(st.booleans()),
                    "review": draw(st.sampled_from(REVIEWS)),
                    "spoilers": draw(st.booleans()),
                    "tags": draw(tags),
                    "letterboxd_uri": None,
                    "created_at": STAMP,
                    "updated_at": STAMP,
                }
            )
            next_entry += 1
        rated = [e for e in entries if e["rating"] is not None]
        latest = max(rated, key=lambda e: (e["watched"] or "", e["id"])) if rated else None
        films.append(
            {
                "id": n,
                "title": title,
                "year": year,
                "original_title": None,
                "runtime": None,
                "imdb_id": None,
                "tmdb_id": None,
                "letterboxd_uri": None,
                "rating": latest["rating"] if latest else draw(st.sampled_from([None, 3.5])),
                "rated_at": None,
                "seen": bool(entries) or draw(st.booleans()),
                "liked": any(e["liked"] for e in entries) or draw(st.booleans()),
                "directors": draw(directors),
                "genres": [],
                "countries": [],
                "created_at": STAMP,
                "updated_at": STAMP,
                "entries": entries,
            }
        )
    wanted = [{"film_id": f["id"], "added_at": "2024-01-01"} for f in films if draw(st.booleans())]
    return {
        "format": "filmlog-journal",
        "version": 1,
        "filmlog": "test",
        "exported_at": STAMP,
        "films": films,
        "watchlist": wanted,
        "lists": [],
    }


class Journal(RuleBasedStateMachine):
    driver: type[LibraryDriver] = LibraryDriver

    @initialize()
    def start(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="filmlog-model-"))
        self.journal = self.driver(self.folder / "journal.db")
        open_journal(self.folder / "journal.db", write=True).close()
        self.model = Model()
        self.before_import: Model | None = None  # set while the last step was an import

    def teardown(self) -> None:
        if hasattr(self, "folder"):
            shutil.rmtree(self.folder, ignore_errors=True)

    def check(self, on_journal: Any, on_model: Any) -> Any:
        """Run a command on both; they must agree on whether it fails, and how."""
        try:
            result, code = on_journal(), 0
        except Refused as refused:
            result, code = None, refused.code
        trial = self.model.snapshot()
        try:
            on_model(trial, result)
            expected = 0
        except Refused as refused:
            expected = refused.code
        assert code == expected, f"exit {code}, the model expected {expected}"
        if code == 0:
            self.model = trial
        self.before_import = None
        return result

    # What can be named -------------------------------------------------------

    def labels(self) -> list[str]:
        return [f.label for f in self.model.films] or ["Heat"]

    def entry_ids(self) -> list[int]:
        return [e.id for f in self.model.films for e in f.entries if e.id is not None] or [999]

    # Rules -------------------------------------------------------------------

    @rule(
        title=titles,
        year=years,
        names=directors,
        watched=st.sampled_from(DATES),
        rating=st.sampled_from(RATINGS),
        review=st.sampled_from(REVIEWS),
        tagged=tags,
        rewatch=st.booleans(),
        liked=st.booleans(),
        spoilers=st.booleans(),
    )
    def add(self, title, year, names, watched, rating, review, tagged, rewatch, liked, spoilers):  # type: ignore[no-untyped-def]
        def entry(entry_id: int | None = None) -> MEntry:
            return MEntry(entry_id, watched, rating, rewatch, liked, review, spoilers, list(tagged))

        self.check(
            lambda: self.journal.add(title, year, names, entry()),
            lambda model, entry_id: model.add(title, year, names, entry(entry_id)),
        )

    @rule(data=st.data())
    def edit(self, data: st.DataObject) -> None:
        by_entry = data.draw(st.booleans(), "by entry")
        rating = data.draw(st.one_of(st.none(), st.just("none"), st.integers(1, 10)), "rating")
        watched = data.draw(st.one_of(st.none(), st.sampled_from([d or "unknown" for d in DATES])))
        edit = Edit(
            entry_id=data.draw(st.sampled_from(self.entry_ids())) if by_entry else None,
            film_label=None if by_entry else data.draw(st.sampled_from(self.labels())),
            set_year=data.draw(st.sampled_from([None, None, None, 1994, 2002])),
            rating=rating,
            watched=watched,
            review=data.draw(st.one_of(st.none(), st.sampled_from(["", "Rewritten."]))),
            tags=data.draw(st.one_of(st.none(), tags)),
            rewatch=data.draw(maybe, "rewatch"),
            liked=data.draw(maybe, "liked"),
            spoilers=data.draw(maybe, "spoilers"),
            title=data.draw(st.one_of(st.none(), st.none(), titles), "title"),
            directors=data.draw(st.one_of(st.none(), st.none(), some_directors)),
        )
        self.check(lambda: self.journal.edit(edit), lambda model, _: model.edit(edit))

    @rule(data=st.data())
    def remove_entry(self, data: st.DataObject) -> None:
        entry_id = data.draw(st.sampled_from(self.entry_ids()))
        self.check(
            lambda: self.journal.remove_entry(entry_id),
            lambda model, _: model.remove_entry(entry_id),
        )

    @rule(data=st.data())
    def remove_film(self, data: st.DataObject) -> None:
        label = data.draw(st.sampled_from(self.labels()))
        self.check(lambda: self.journal.remove_film(label), lambda m, _: m.remove_film(label))

    @rule(title=titles, year=years, names=directors)
    def want(self, title: str, year: int | None, names: list[str]) -> None:
        self.check(
            lambda: self.journal.want(title, year, names),
            lambda model, _: model.want(title, year, names),
        )

    @rule(data=st.data())
    def unwant(self, data: st.DataObject) -> None:
        label = data.draw(st.sampled_from(self.labels()))
        self.check(lambda: self.journal.unwant(label), lambda m, _: m.unwant(label))

    @rule(data=st.data(), name=st.sampled_from(LISTS))
    def list_add(self, data: st.DataObject, name: str) -> None:
        labels = data.draw(st.lists(st.sampled_from(self.labels()), min_size=1, max_size=3))
        self.check(
            lambda: self.journal.list_add(name, labels),
            lambda model, _: model.list_add(name, labels),
        )

    @rule(data=st.data(), name=st.sampled_from(LISTS))
    def list_rm(self, data: st.DataObject, name: str) -> None:
        label = data.draw(st.one_of(st.none(), st.sampled_from(self.labels())))
        self.check(
            lambda: self.journal.list_rm(name, label),
            lambda model, _: model.list_rm(name, label),
        )

    @rule(doc=documents())
    def import_json(self, doc: dict[str, Any]) -> None:
        before = self.model.snapshot()
        recorded = self.check(
            lambda: self.journal.import_json(doc), lambda model, _: model.import_json(doc)
        )
        self.learn_ids()
        self.model.settle_ratings()
        self.before_import = before if recorded else None

    @precondition(lambda self: self.before_import is not None)
    @rule()
    def undo(self) -> None:
        assert self.before_import is not None
        restored = self.before_import
        self.journal.undo()
        restored.spelling = self.model.spelling  # names and tags stay as first typed
        self.model = restored
        self.before_import = None

    @rule()
    def export_and_read_back(self) -> None:
        doc = self.journal.export_json()
        other = self.folder / "read-back.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{other}{suffix}").unlink(missing_ok=True)
        self.journal.import_json(doc, into=other)
        assert self.journal.shape(other) == self.model.shape()
        self.before_import = None

    # After every step --------------------------------------------------------

    @invariant()
    def the_journal_is_the_model(self) -> None:
        if hasattr(self, "journal"):
            assert self.journal.shape() == self.model.shape()

    def learn_ids(self) -> None:
        """The ids an import gave its entries (interchangeable among equal entries)."""
        known = {e.id for f in self.model.films for e in f.entries}
        free: dict[tuple[Any, ...], list[int]] = {}
        for row in self.journal.entry_ids():
            if row["id"] not in known:
                rating = None if row["rating"] is None else int(row["rating"] * 2)
                content = (
                    row["title"],
                    row["year"],
                    row["watched"],
                    rating,
                    row["rewatch"],
                    row["liked"],
                    row["review"],
                    row["spoilers"],
                    tuple(sorted(key(t) for t in row["tags"])),
                )
                free.setdefault(content, []).append(row["id"])
        for film in self.model.films:
            for e in film.entries:
                if e.id is None:
                    ids = free.get((film.title, film.year, *e.content()), [])
                    if ids:
                        e.id = ids.pop()


def examples(default: int) -> int:
    return int(os.environ.get("FILMLOG_MODEL_EXAMPLES", default))


def run(machine: type[Journal], examples: int, steps: int) -> None:
    long_run = "FILMLOG_MODEL_EXAMPLES" in os.environ
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=examples,
            stateful_step_count=steps,
            derandomize=not long_run,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )


@pytest.mark.timeout(900)
def test_the_library_keeps_to_the_model() -> None:
    run(Journal, examples(80), 30)


class JournalThroughTheCli(Journal):
    driver = CliDriver


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_cli_keeps_to_the_model() -> None:
    run(JournalThroughTheCli, examples(15), 20)
