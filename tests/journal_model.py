"""A model of the journal in plain Python, and two ways to drive the real one.

The model says what the journal must hold after a command, with the rules
the README states: a film's rating is its latest rated entry's (the latest
by watched date, then by id; an undated entry comes before every dated one);
a film with no rated entry keeps the rating it came with, and loses it when
its last rated entry loses its rating or goes; `add --liked` and `edit
--liked` like the film, `edit --no-liked` un-likes it unless another of its
entries is liked; a viewing logged after (or on the day of) another of the
same film is a rewatch; a film logged comes off the watchlist; names and
tags are shown as first typed.

The drivers run commands on a real journal file, one through the library
and one through the CLI (CliRunner), and read it back through the JSON of
`list`, `diary`, `watchlist list` and `lists show`. Both give the journal
in the same plain shape as the model, so the two can be compared.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filmlog.values.keys import key


@dataclass
class MEntry:
    id: int | None  # the journal's id, once known
    watched: str | None
    rating: int | None  # half stars
    rewatch: bool = False
    liked: bool = False
    review: str | None = None
    spoilers: bool = False
    tags: list[str] = field(default_factory=list)  # keys
    created: str | None = None  # when an export says it was made (the journal keeps it)

    def content(self) -> tuple[Any, ...]:
        return (
            self.watched,
            self.rating,
            self.rewatch,
            self.liked,
            self.review,
            self.spoilers,
            tuple(sorted(self.tags)),
        )


@dataclass
class MFilm:
    title: str
    year: int | None
    directors: list[str] = field(default_factory=list)  # keys, in order
    rating: int | None = None
    liked: bool = False
    seen: bool = False
    entries: list[MEntry] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def latest_rated(self) -> MEntry | None:
        rated = [e for e in self.entries if e.rating is not None]
        return max(rated, key=lambda e: (e.watched or "", e.id or 0)) if rated else None

    def refresh_rating(self, lost: bool = False) -> None:
        """The latest rated entry's rating; none when the last rated one was lost."""
        latest = self.latest_rated()
        if latest is not None:
            self.rating = latest.rating
        elif lost:
            self.rating = None


class Refused(Exception):
    """The command must fail with this exit code and change nothing."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class Edit:
    """What an `edit` asks for; None leaves a value as it is."""

    entry_id: int | None = None
    film_label: str | None = None
    set_year: int | None = None  # the film's new year
    rating: int | str | None = None  # half stars, or "none"
    watched: str | None = None  # a date, or "unknown"
    review: str | None = None  # "" removes it
    tags: list[str] | None = None  # [] removes them
    rewatch: bool | None = None
    liked: bool | None = None
    spoilers: bool | None = None
    title: str | None = None
    directors: list[str] | None = None

    def changes_entry(self) -> bool:
        values = (
            self.rating,
            self.watched,
            self.review,
            self.tags,
            self.rewatch,
            self.liked,
            self.spoilers,
        )
        return any(v is not None for v in values)

    def changes_film(self) -> bool:
        return self.title is not None or self.directors is not None or self.set_year is not None


class Model:
    def __init__(self) -> None:
        self.films: list[MFilm] = []
        self.watchlist: list[MFilm] = []
        self.lists: dict[str, tuple[str, list[tuple[int, MFilm]]]] = {}  # key -> (name, items)
        self.spelling: dict[str, str] = {}  # a name's or tag's key -> its first spelling

    # Lookups ---------------------------------------------------------------

    def named(self, text: str) -> str:
        self.spelling.setdefault(key(text), " ".join(text.split()))
        return key(text)

    def exact(self, title: str, year: int | None) -> list[MFilm]:
        return [
            f for f in self.films if key(f.title) == key(title) and (year is None or f.year == year)
        ]

    @staticmethod
    def split(label: str) -> tuple[str, int | None]:
        m = re.fullmatch(r"(.*\S)\s*\((\d{4})\)", label)
        return (m[1], int(m[2])) if m else (label, None)

    def resolve(self, label: str) -> MFilm:
        """The film a label names, as `titles.resolve` finds it among exact titles."""
        found = self.exact(*self.split(label))
        if len(found) != 1:
            raise Refused(1)
        return found[0]

    def entry(self, entry_id: int) -> tuple[MFilm, MEntry]:
        for film in self.films:
            for e in film.entries:
                if e.id == entry_id:
                    return film, e
        raise Refused(1)

    # Commands --------------------------------------------------------------

    def film_of(self, title: str, year: int | None) -> MFilm:
        """The film a typed title and year name (titles.film_of), made when there is none:
        "Title (Year)" is that title of that year; a title's one film without a year is
        the film of any year given, and takes it; several films: refused."""
        title = title.strip()
        if year is None:
            bare, in_title = self.split(title)
            if in_title is not None and not self.exact(title, None):
                title, year = bare, in_title
        same = self.exact(title, None)
        found = [f for f in same if year is None or f.year == year]
        if year is not None and not found and len(same) == 1 and same[0].year is None:
            found = same
        if len(found) > 1:
            raise Refused(1)
        if not found:
            film = MFilm(title, year)
            self.films.append(film)
            return film
        if found[0].year is None and year is not None:
            found[0].year = year
        return found[0]

    def add(self, title: str, year: int | None, directors: list[str], entry: MEntry) -> MFilm:
        film = self.film_of(title, year)
        self.fill_directors(film, directors)
        earlier = [
            e
            for e in film.entries
            if entry.watched is None or e.watched is None or e.watched <= entry.watched
        ]
        seen_unlogged = film.seen and not film.entries
        entry.rewatch = entry.rewatch or bool(earlier) or seen_unlogged
        entry.tags = list(dict.fromkeys(self.named(t) for t in entry.tags))
        film.entries.append(entry)
        film.seen = True
        film.liked = film.liked or entry.liked
        film.refresh_rating()
        if film in self.watchlist:
            self.watchlist.remove(film)
        return film

    def fill_directors(self, film: MFilm, directors: list[str]) -> None:
        """A film's directors are given once: logging or wanting it again keeps them."""
        if not film.directors:
            for d in directors:
                if key(d) not in film.directors:
                    film.directors.append(self.named(d))

    def edit(self, edit: Edit) -> None:
        if edit.entry_id is not None:
            film, target = self.entry(edit.entry_id)
        else:
            assert edit.film_label is not None
            film = self.resolve(edit.film_label)
            target = max(film.entries, key=lambda e: (e.watched or "", e.id or 0), default=None)
        if not edit.changes_entry() and not edit.changes_film():
            raise Refused(2)
        if edit.changes_entry() and target is None:
            raise Refused(1)
        new_title = edit.title if edit.title is not None else film.title
        new_year = edit.set_year if edit.set_year is not None else film.year
        if any(
            f is not film and key(f.title) == key(new_title) and f.year == new_year
            for f in self.films
        ):
            raise Refused(2)
        if target is not None and edit.changes_entry():
            had_rating = target.rating is not None
            if edit.rating is not None:
                target.rating = None if edit.rating == "none" else int(edit.rating)
            if edit.watched is not None:
                target.watched = None if edit.watched == "unknown" else edit.watched
            if edit.review is not None:
                target.review = edit.review or None
            if edit.tags is not None:
                target.tags = list(dict.fromkeys(self.named(t) for t in edit.tags))
            for flag in ("rewatch", "spoilers"):
                if getattr(edit, flag) is not None:
                    setattr(target, flag, getattr(edit, flag))
            if edit.liked is not None:
                target.liked = edit.liked
                film.liked = edit.liked or any(e.liked for e in film.entries)
            film.refresh_rating(lost=had_rating and target.rating is None)
        film.title, film.year = new_title.strip(), new_year
        if edit.directors is not None:
            film.directors = list(dict.fromkeys(self.named(d) for d in edit.directors))

    def remove_entry(self, entry_id: int) -> None:
        film, target = self.entry(entry_id)
        film.entries.remove(target)
        film.refresh_rating(lost=target.rating is not None)

    def remove_film(self, label: str) -> None:
        film = self.resolve(label)
        self.films.remove(film)
        if film in self.watchlist:
            self.watchlist.remove(film)
        for _, items in self.lists.values():
            items[:] = [(p, f) for p, f in items if f is not film]

    def want(self, title: str, year: int | None, directors: list[str]) -> None:
        film = self.film_of(title, year)
        self.fill_directors(film, directors)
        if film not in self.watchlist:
            self.watchlist.append(film)

    def unwant(self, label: str) -> None:
        film = self.resolve(label)
        if film not in self.watchlist:
            raise Refused(1)
        self.watchlist.remove(film)
        self.forget_if_unused(film)

    def forget_if_unused(self, film: MFilm) -> None:
        """A film only ever wanted or listed goes with its last use."""
        listed = any(f is film for _, items in self.lists.values() for _, f in items)
        if not film.seen and not film.entries and not listed and film not in self.watchlist:
            self.films.remove(film)

    def list_add(self, name: str, labels: list[str]) -> None:
        films = []
        for label in labels:
            try:
                films.append(self.resolve(label))
            except Refused:
                if self.exact(*self.split(label)):
                    raise
                films.append(MFilm(*self.split(label)))  # a film new to the journal
                self.films.append(films[-1])
        listed = self.lists.setdefault(key(name), (" ".join(name.split()), []))[1]
        for film in films:
            if all(f is not film for _, f in listed):
                listed.append((max((p for p, _ in listed), default=0) + 1, film))

    def list_rm(self, name: str, label: str | None) -> None:
        if key(name) not in self.lists:
            raise Refused(1)
        if label is None:
            _, items = self.lists.pop(key(name))
            for _, film in items:
                self.forget_if_unused(film)
            return
        film = self.resolve(label)
        items = self.lists[key(name)][1]
        gone = [p for p, f in items if f is film]
        if not gone:
            raise Refused(1)
        items[:] = [(p - 1 if p > gone[0] else p, f) for p, f in items if f is not film]
        self.forget_if_unused(film)

    def import_json(self, doc: dict[str, Any]) -> None:
        """What `import json` of a filmlog export does to the journal."""
        before = {id(f): list(f.entries) for f in self.films}
        made: dict[int, MFilm] = {}
        for d in doc["films"]:
            same = [
                f for f in self.films if key(f.title) == key(d["title"]) and f.year == d["year"]
            ]
            if same:
                film = same[0]
                if not film.directors:
                    film.directors = [self.named(n) for n in d["directors"]]
                old = {(*e.content()[:2], e.review) for e in before.get(id(film), [])}
                # the entry the journal had with the export's id and creation time is that
                # entry, whatever it holds now
                had = {(e.id, e.created) for e in before.get(id(film), []) if e.created}
            else:
                film = MFilm(d["title"], d["year"], [self.named(n) for n in d["directors"]])
                film.rating = None if d["rating"] is None else int(d["rating"] * 2)
                film.liked, film.seen = d["liked"], d["seen"]
                self.films.append(film)
                old = set()
                had = set()
            made[d["id"]] = film
            rated = False
            for e in d["entries"]:
                rating = None if e["rating"] is None else int(e["rating"] * 2)
                if (e["watched"], rating, e["review"]) in old or (e["id"], e["created_at"]) in had:
                    continue
                film.entries.append(
                    MEntry(
                        None,
                        e["watched"],
                        rating,
                        e["rewatch"],
                        e["liked"],
                        e["review"],
                        e["spoilers"],
                        [self.named(t) for t in e["tags"]],
                        created=e["created_at"],
                    )
                )
                film.seen = True
                film.liked = film.liked or e["liked"]
                rated = rated or rating is not None
            film.pending_rating = rated and bool(same)  # type: ignore[attr-defined]
        # a film the export gives a viewing of leaves the watchlist (as `add` takes it
        # off), unless the export has it on its watchlist
        logged = [f for f in self.films if len(f.entries) > len(before.get(id(f), []))]
        wanted = [made[item["film_id"]] for item in doc["watchlist"]]
        self.watchlist = [
            f
            for f in self.watchlist
            if not any(f is g for g in logged) or any(f is g for g in wanted)
        ]
        for item in doc["watchlist"]:
            film = made[item["film_id"]]
            if film not in self.watchlist:
                self.watchlist.append(film)

    def settle_ratings(self) -> None:
        """After an import's new entries have ids: existing films take their latest rating."""
        for film in self.films:
            if getattr(film, "pending_rating", False):
                film.refresh_rating()
            film.pending_rating = False  # type: ignore[attr-defined]

    # The journal's shape ---------------------------------------------------

    def snapshot(self) -> Model:
        return copy.deepcopy(self)

    def shape(self) -> dict[str, Any]:
        def names(keys: list[str]) -> list[str]:
            return [self.spelling[k] for k in keys]

        films = {}
        for f in self.films:
            if not f.seen:
                continue
            dated = [e.watched for e in f.entries if e.watched]
            films[(f.title, f.year)] = {
                "directors": names(f.directors),
                "rating": f.rating,
                "liked": f.liked,
                "watched_count": len(f.entries),
                "last_watched": max(dated, default=None),
                "entries": sorted(
                    (
                        (
                            e.watched,
                            e.rating,
                            e.rewatch,
                            e.liked,
                            e.review,
                            e.spoilers,
                            tuple(sorted(names(e.tags), key=key)),
                        )
                        for e in f.entries
                    ),
                    key=repr,
                ),
            }
        return {
            "films": films,
            "watchlist": sorted(
                (
                    (f.title, f.year, tuple(names(f.directors)), f.rating, f.liked, f.seen)
                    for f in self.watchlist
                ),
                key=repr,
            ),
            "lists": {
                name: [(p, f.title, f.year) for p, f in sorted(items, key=lambda i: i[0])]
                for name, items in self.lists.values()
            },
        }


def shape_of(
    films: list[dict], diary: list[dict], watchlist: list[dict], lists: dict[str, list[dict]]
) -> dict[str, Any]:
    """The journal's JSON listings in the model's shape."""
    by_film: dict[int, list[dict]] = {}
    for e in diary:
        by_film.setdefault(e["film_id"], []).append(e)

    def half(stars: float | None) -> int | None:
        return None if stars is None else int(stars * 2)

    return {
        "films": {
            (f["title"], f["year"]): {
                "directors": f["directors"],
                "rating": half(f["rating"]),
                "liked": f["liked"],
                "watched_count": f["watched_count"],
                "last_watched": f["last_watched"],
                "entries": sorted(
                    (
                        (
                            e["watched"],
                            half(e["rating"]),
                            e["rewatch"],
                            e["liked"],
                            e["review"],
                            e["spoilers"],
                            tuple(e["tags"]),
                        )
                        for e in by_film.get(f["id"], [])
                    ),
                    key=repr,
                ),
            }
            for f in films
        },
        "watchlist": sorted(
            (
                (
                    w["title"],
                    w["year"],
                    tuple(w["directors"]),
                    half(w["rating"]),
                    w["liked"],
                    w["seen"],
                )
                for w in watchlist
            ),
            key=repr,
        ),
        "lists": {
            name: [(i["position"], i["title"], i["year"]) for i in items]
            for name, items in lists.items()
        },
    }


# Drivers -----------------------------------------------------------------


class LibraryDriver:
    """Runs each command through filmlog's library, as the CLI would, one journal open each."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _open(self, write: bool = True):  # type: ignore[no-untyped-def]
        from filmlog.journal.db import open_journal

        return open_journal(self.path, write=write)

    def _run(self, fn):  # type: ignore[no-untyped-def]
        from filmlog.values.errors import FilmlogError

        try:
            with self._open() as journal:
                return fn(journal)
        except FilmlogError as exc:
            raise Refused(exc.exit_code) from exc

    def add(self, title: str, year: int | None, directors: list[str], e: MEntry) -> int:
        from filmlog.journal import store
        from filmlog.values.checks import check_name, check_title
        from filmlog.values.models import NewEntry

        new = NewEntry(
            title=check_title(title),
            year=year,
            directors=[check_name(d) for d in directors],
            rating=e.rating,
            watched=e.watched,
            review=e.review,
            tags=[check_name(t, "tag") for t in e.tags],
            rewatch=e.rewatch,
            liked=e.liked,
            spoilers=e.spoilers,
        )
        return int(self._run(lambda j: store.add_entry(j, new).entry.id))

    def edit(self, edit: Edit) -> None:
        from filmlog.journal import edits

        entry = edits.EntryChanges(
            rating=edit.rating if isinstance(edit.rating, int) else None,
            clear_rating=edit.rating == "none",
            watched=edit.watched if edit.watched not in (None, "unknown") else None,
            clear_watched=edit.watched == "unknown",
            review=edit.review,
            tags=edit.tags,
            rewatch=edit.rewatch,
            liked=edit.liked,
            spoilers=edit.spoilers,
        )
        film = edits.FilmChanges(title=edit.title, year=edit.set_year, directors=edit.directors)

        def run(journal):  # type: ignore[no-untyped-def]
            target = edits.edit_target(
                journal.conn, title=edit.film_label, entry_id=edit.entry_id, year=None
            )
            edits.edit_or_nothing(journal, target, entry, film)

        self._run(run)

    def remove_entry(self, entry_id: int) -> None:
        from filmlog.journal import store

        self._run(lambda j: store.remove_entry(j, entry_id))

    def remove_film(self, label: str) -> None:
        from filmlog.journal import store, titles

        self._run(lambda j: store.remove_film(j, titles.resolve(j.conn, label).id))

    def want(self, title: str, year: int | None, directors: list[str]) -> None:
        from filmlog.journal import watchlist

        self._run(lambda j: watchlist.want(j, title, year, directors))

    def unwant(self, label: str) -> None:
        from filmlog.journal import watchlist

        self._run(lambda j: watchlist.remove(j, label))

    def list_add(self, name: str, labels: list[str]) -> None:
        from filmlog.journal import lists

        self._run(lambda j: lists.add(j, name, labels))

    def list_rm(self, name: str, label: str | None) -> None:
        from filmlog.journal import lists

        self._run(lambda j: lists.remove(j, name, label))

    def import_json(self, doc: dict[str, Any], into: Path | None = None) -> bool:
        """Import a document; whether the import was recorded (it changed something)."""
        from filmlog.imports.run import run_import
        from filmlog.journal.db import open_journal

        source = self.path.with_name("import.json")
        source.write_text(json.dumps(doc), encoding="utf-8")
        with open_journal(into or self.path, write=True) as journal:
            return run_import(journal, "json", source).import_id is not None

    def undo(self) -> None:
        from filmlog.imports.engine.undo import undo

        self._run(lambda j: undo(j))

    def export_json(self) -> dict[str, Any]:
        import io

        from filmlog.exports.journal_json import write

        out = io.StringIO()
        with self._open(write=False) as journal:
            write(journal.conn, out)
        return json.loads(out.getvalue())

    def shape(self, path: Path | None = None) -> dict[str, Any]:
        from filmlog.journal import listing, lists, watchlist
        from filmlog.journal.db import open_journal

        with open_journal(path or self.path, write=False) as journal:
            conn = journal.conn
            return shape_of(
                [r.as_json() for r in listing.list_films(conn, listing.FilmFilter())],
                [r.as_json() for r in listing.diary(conn, listing.DiaryFilter())],
                [w.as_json() for w in watchlist.items(conn)],
                {n.name: [i.as_json() for i in lists.items(conn, n)] for n in lists.overview(conn)},
            )

    def entry_ids(self) -> list[dict[str, Any]]:
        from filmlog.journal import listing

        with self._open(write=False) as journal:
            return [r.as_json() for r in listing.diary(journal.conn, listing.DiaryFilter())]


class CliDriver(LibraryDriver):
    """Runs each command as a person types it, through the CLI, reading its JSON output."""

    def __init__(self, path: Path) -> None:
        from typer.testing import CliRunner

        super().__init__(path)
        self.runner = CliRunner()

    def cli(self, *args: str, db: Path | None = None) -> Any:
        from filmlog.cli import app

        result = self.runner.invoke(
            app, ["--db", str(db or self.path), *args], catch_exceptions=False
        )
        assert "Traceback" not in result.stderr, result.stderr
        if result.exit_code != 0:
            raise Refused(result.exit_code)
        return result

    @staticmethod
    def _stars(half: int) -> str:
        return f"{half / 2:g}"

    def add(self, title: str, year: int | None, directors: list[str], e: MEntry) -> int:
        args = ["add", title, "-w", e.watched or "unknown"]
        args += ["-y", str(year)] if year else []
        for d in directors:
            args += ["-d", d]
        args += ["-r", self._stars(e.rating)] if e.rating else []
        args += ["--review", e.review] if e.review else []
        for t in e.tags:
            args += ["-t", t]
        args += [
            flag
            for flag, on in (
                ("--rewatch", e.rewatch),
                ("--liked", e.liked),
                ("--spoilers", e.spoilers),
            )
            if on
        ]
        result = self.cli(*args)
        return int(re.search(r"\(entry (\d+)\)", result.stderr)[1])  # type: ignore[index]

    def edit(self, edit: Edit) -> None:
        args = ["edit"]
        args += ["--entry", str(edit.entry_id)] if edit.entry_id is not None else [edit.film_label]
        args += ["--set-year", str(edit.set_year)] if edit.set_year is not None else []
        if edit.rating is not None:
            args += ["--rating", "none" if edit.rating == "none" else self._stars(int(edit.rating))]
        args += ["--watched", edit.watched] if edit.watched is not None else []
        args += ["--review", edit.review] if edit.review is not None else []
        if edit.tags == []:
            args.append("--no-tags")
        for t in edit.tags or []:
            args += ["-t", t]
        for flag in ("rewatch", "liked", "spoilers"):
            value = getattr(edit, flag)
            if value is not None:
                args.append(f"--{flag}" if value else f"--no-{flag}")
        args += ["--title", edit.title] if edit.title is not None else []
        for d in edit.directors or []:
            args += ["-d", d]
        self.cli(*args)

    def remove_entry(self, entry_id: int) -> None:
        self.cli("rm", "--entry", str(entry_id), "--yes")

    def remove_film(self, label: str) -> None:
        self.cli("rm", label, "--yes")

    def want(self, title: str, year: int | None, directors: list[str]) -> None:
        args = ["watchlist", "add", title, *(["-y", str(year)] if year else [])]
        for d in directors:
            args += ["-d", d]
        self.cli(*args)

    def unwant(self, label: str) -> None:
        self.cli("watchlist", "rm", label)

    def list_add(self, name: str, labels: list[str]) -> None:
        self.cli("lists", "add", name, *labels)

    def list_rm(self, name: str, label: str | None) -> None:
        self.cli("lists", "rm", name, *([label] if label else []), "--yes")

    def import_json(self, doc: dict[str, Any], into: Path | None = None) -> bool:
        source = self.path.with_name("import.json")
        source.write_text(json.dumps(doc), encoding="utf-8")
        result = self.cli("import", "json", str(source), "-f", "json", db=into)
        return json.loads(result.stdout)["import_id"] is not None

    def undo(self) -> None:
        self.cli("import", "undo", "--yes")

    def export_json(self) -> dict[str, Any]:
        return json.loads(self.cli("export", "json").stdout)

    def shape(self, path: Path | None = None) -> dict[str, Any]:
        def read(*args: str) -> Any:
            return json.loads(self.cli(*args, "-f", "json", db=path).stdout)

        named = read("lists")
        return shape_of(
            read("list"),
            read("diary"),
            read("watchlist", "list"),
            {n["name"]: read("lists", "show", n["name"]).get("items", []) for n in named},
        )
