"""Filling in films' facts from TMDb: finding the right film, then taking its facts.

Matching never guesses: the exact title (or original title) and year first;
a year one off only when a single film could be meant; several equally good
candidates leave the film as it is and are reported. Facts already in the
journal are kept unless a refresh is asked for, and then each change is said.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from filmlog.imports.engine.source import Identified
from filmlog.journal import edits, names, store, titles
from filmlog.journal.db import Journal
from filmlog.online.tmdb import Client, Offline, TmdbError, save_answers
from filmlog.values.checks import check_name, check_title
from filmlog.values.display import counted
from filmlog.values.errors import BadValue, Stopped
from filmlog.values.keys import key
from filmlog.values.models import Film

T = TypeVar("T")

WORKERS = 8  # lookups in flight at once (TMDb's rate limit is the real bound)


class Status(StrEnum):
    """What a film's lookup came to."""

    MATCHED = "matched"
    UNMATCHED = "unmatched"
    AMBIGUOUS = "ambiguous"


MATCHED, UNMATCHED, AMBIGUOUS = Status.MATCHED, Status.UNMATCHED, Status.AMBIGUOUS


@dataclass
class Candidate:
    tmdb_id: int
    title: str
    original_title: str
    year: int | None

    @property
    def label(self) -> str:
        extra = f" / {self.original_title}" if self.original_title != self.title else ""
        return f"{self.title}{extra} ({self.year or '?'}) [tmdb {self.tmdb_id}]"


@dataclass
class Facts:
    tmdb_id: int
    title: str
    original_title: str | None
    year: int | None
    runtime: int | None
    imdb_id: str | None
    directors: list[str]
    genres: list[str]
    countries: list[str]

    def summary(self) -> str:
        parts = [f"{self.title} ({self.year or '?'})"]
        if self.directors:
            parts.append("by " + ", ".join(self.directors))
        if self.runtime:
            parts.append(f"{self.runtime} min")
        return ", ".join(parts)


@dataclass
class Outcome:
    film: Film
    status: Status
    facts: Facts | None = None
    candidates: list[Candidate] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)  # for the cache
    changes: list[str] = field(default_factory=list)


def _year(release_date: str | None) -> int | None:
    if release_date and len(release_date) >= 4 and release_date[:4].isdigit():
        return int(release_date[:4])
    return None


def _tmdb_id(value: Any) -> int:
    """A TMDb id as an answer gives it: a whole number SQLite can hold, or a ValueError."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"a TMDb id that is {type(value).__name__}")
    number = int(str(value)[:20])
    if not 0 < number < 2**63:
        raise ValueError("a TMDb id out of range")
    return number


def _shaped(fn: Callable[..., T]) -> Callable[..., T]:
    """An answer of TMDb's that is not the shape its API documents (results that are not a
    list, an id of 30 digits) is one line, as TMDb's other failures are."""

    @functools.wraps(fn)
    def checked(*args: Any, **kwargs: Any) -> T:
        try:
            return fn(*args, **kwargs)
        except (TypeError, ValueError, KeyError, AttributeError, IndexError, OverflowError) as exc:
            raise TmdbError(
                f"TMDb answered something that is not its API ({type(exc).__name__}); try again"
                " later, or check tmdb-url"
            ) from exc

    return checked


def _candidate(r: dict[str, Any]) -> Candidate:
    return Candidate(
        _tmdb_id(r["id"]),
        r.get("title") or "",
        r.get("original_title") or r.get("title") or "",
        _year(r.get("release_date")),
    )


@_shaped
def look_up(client: Client, film: Film) -> Outcome:
    """Find the film on TMDb and fetch its facts (no journal access: runs in threads)."""
    answers: dict[str, str] = {}
    outcome = Outcome(film, UNMATCHED, answers=answers)
    if film.tmdb_id:
        chosen = [Candidate(film.tmdb_id, film.title, film.original_title or film.title, film.year)]
    elif film.imdb_id:
        found = client.get(f"find/{film.imdb_id}", answers, external_source="imdb_id") or {}
        chosen = [_candidate(r) for r in (found.get("movie_results") or [])[:1]]
    else:
        chosen = []
    if not chosen:
        chosen, outcome.candidates = _search(client, film, answers)
        if len(chosen) != 1:
            outcome.status = AMBIGUOUS if outcome.candidates else UNMATCHED
            return outcome
    outcome.facts = details(client, chosen[0].tmdb_id, answers)
    outcome.status = MATCHED if outcome.facts else UNMATCHED
    return outcome


def _search(
    client: Client, film: Film, answers: dict[str, str]
) -> tuple[list[Candidate], list[Candidate]]:
    """(the one match, or none) and the equally good candidates when there are several."""
    names = {key(film.title)} | ({key(film.original_title)} if film.original_title else set())

    def same_title(c: Candidate) -> bool:
        return key(c.title) in names or key(c.original_title) in names

    def results(**params: Any) -> list[Candidate]:
        data = client.get("search/movie", answers, query=film.title, **params) or {}
        return [_candidate(r) for r in data.get("results") or [] if r.get("id")]

    found = [c for c in results(year=film.year, include_adult="false") if same_title(c)]
    exact = [c for c in found if film.year is None or c.year == film.year]
    if len(exact) == 1:
        return exact, []
    if len(exact) > 1:
        return [], exact
    if film.year is None:
        return [], []
    # One year off (a festival premiere, a late release) only when one film could be meant.
    near = [
        c
        for c in results(include_adult="false")
        if same_title(c) and c.year in (film.year - 1, film.year + 1)
    ]
    if len(near) == 1:
        return near, []
    return [], near


def details(client: Client, tmdb_id: int, answers: dict[str, str]) -> Facts | None:
    data = client.get(f"movie/{tmdb_id}", answers, append_to_response="credits")
    if not data:
        return None
    crew = (data.get("credits") or {}).get("crew") or []
    directors: list[str] = []
    for person in crew:
        if person.get("job") == "Director" and person.get("name") not in directors:
            directors.append(person["name"])
    runtime = data.get("runtime")
    imdb_id = data.get("imdb_id") or None
    return Facts(
        tmdb_id=_tmdb_id(data["id"]),
        title=_text(data.get("title")) or "",
        original_title=_text(data.get("original_title")),
        year=_year(data.get("release_date")),
        runtime=int(runtime) if isinstance(runtime, int) and runtime > 0 else None,
        imdb_id=imdb_id if isinstance(imdb_id, str) and re.fullmatch(r"tt\d+", imdb_id) else None,
        directors=_names(directors, "director"),
        genres=_names([g.get("name") for g in data.get("genres") or []], "genre"),
        countries=_names(
            [c.get("name") for c in data.get("production_countries") or []], "country"
        ),
    )


def _text(value: Any) -> str | None:
    """A title from TMDb, by the rule of every title (none when it breaks it)."""
    try:
        return check_title(value) if isinstance(value, str) and value.strip() else None
    except BadValue:
        return None


def _names(values: list[Any], what: str) -> list[str]:
    """Names from TMDb, by the rule of every name: one that breaks it is left out."""
    kept = []
    for value in values:
        if isinstance(value, str):
            try:
                kept.append(check_name(value, what))
            except BadValue:
                continue
    return list(dict.fromkeys(kept))


def apply(journal: Journal, outcome: Outcome, *, refresh: bool = False) -> list[str]:
    """Write a film's facts in one transaction, with the answers for the cache.

    Returns what changed, as `field: old → new` lines. (A dry run is this on a
    copy of the journal: see db.open_scratch.)
    """
    return _apply(journal, outcome, refresh)


def _apply(journal: Journal, outcome: Outcome, refresh: bool) -> list[str]:
    facts = outcome.facts
    assert facts is not None
    film = outcome.film
    changes: list[str] = []
    with journal.transaction():
        conn = journal.conn
        current = store.get_film(conn, film.id)
        taken = store.film_with_id(conn, "tmdb", facts.tmdb_id, film.id)
        if taken:
            save_answers(conn, outcome.answers)
            return [f"not changed: {taken[1]} ({taken[2]}) in the journal is that TMDb film"]
        values: dict[str, Any] = {}
        for name, new in (
            ("tmdb_id", facts.tmdb_id),
            ("year", facts.year),
            ("original_title", facts.original_title),
            ("runtime", facts.runtime),
            ("imdb_id", facts.imdb_id),
        ):
            old = getattr(current, name)
            if new is None or old == new or (old is not None and not refresh):
                continue
            if name == "imdb_id" and store.film_with_id(conn, "imdb", new, film.id):
                continue  # another film's: an id belongs to one film
            values[name] = new
            changes.append(f"{name.replace('_', ' ')}: {old if old is not None else '—'} → {new}")
        if values:
            edit = edits.FilmChanges(
                year=values.get("year"),
                original_title=values.get("original_title"),
                runtime=values.get("runtime"),
                imdb_id=values.get("imdb_id"),
            )
            edits.edit_film(journal, film.id, edit)
            if "tmdb_id" in values:
                conn.execute("UPDATE films SET tmdb_id = ? WHERE id = ?", [facts.tmdb_id, film.id])
        for label, old_list, new_list, setter in (
            ("directors", current.directors, facts.directors, names.set_directors),
            ("genres", current.genres, facts.genres, names.set_genres),
        ):
            if new_list and [key(n) for n in old_list] != [key(n) for n in new_list]:
                if old_list and not refresh:
                    continue
                setter(journal, film.id, new_list)
                changes.append(f"{label}: {', '.join(old_list) or '—'} → {', '.join(new_list)}")
        old_countries = [
            r[0]
            for r in conn.execute(
                "SELECT country FROM film_countries WHERE film_id = ? ORDER BY rowid", [film.id]
            )
        ]
        if facts.countries and old_countries != facts.countries and (refresh or not old_countries):
            names.set_countries(journal, film.id, facts.countries)
            changes.append(
                f"countries: {', '.join(old_countries) or '—'} → {', '.join(facts.countries)}"
            )
        save_answers(conn, outcome.answers)
        outcome.changes = changes
    return changes


# Running a lookup over many films ---------------------------------------------


def films_to_enrich(
    conn: sqlite3.Connection, *, title: str | None = None, everything: bool = False
) -> list[Film]:
    """One film by its title; every film; or (neither) those not looked up yet or
    without directors."""
    if title is not None:
        return [store.get_film(conn, titles.resolve(conn, title).id)]
    lacking = (
        "f.tmdb_id IS NULL OR NOT EXISTS (SELECT 1 FROM film_directors fd WHERE fd.film_id = f.id)"
    )
    where = "1" if everything else lacking
    ids = [r[0] for r in conn.execute(f"SELECT f.id FROM films f WHERE {where} ORDER BY id")]
    return [store.get_film(conn, i) for i in ids]


def run(
    journal: Journal,
    client: Client,
    films: list[Film],
    *,
    refresh: bool = False,
    done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Look films up in parallel and write each one's facts as soon as they arrive.

    Films whose facts arrived are kept whatever happens next: Ctrl-C, or the
    network lost after the first film, stops with what was done (Stopped).
    done is told of each film as it is finished, for a progress bar.
    """
    outcomes: list[Outcome] = []
    kept = 0
    pool = ThreadPoolExecutor(max_workers=WORKERS)
    futures: dict[Future[Outcome], Film] = {pool.submit(look_up, client, f): f for f in films}
    try:
        for future in as_completed(futures):
            try:
                outcome = future.result()
            except Offline:
                if kept == 0:
                    raise
                raise Stopped(
                    f"lost TMDb after {counted(kept, 'film')} (their facts are kept):"
                    " try again later"
                ) from None
            if outcome.status is Status.MATCHED:
                apply(journal, outcome, refresh=refresh)
                kept += 1
            elif outcome.answers:
                with journal.transaction():  # not found is worth remembering too
                    save_answers(journal.conn, outcome.answers)
            outcomes.append(outcome)
            if done:
                done(outcome)
    except KeyboardInterrupt:
        raise Stopped(
            f"Interrupted: kept the facts of {counted(kept, 'film')}; run enrich again for the rest"
        ) from None
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    order = {f.id: i for i, f in enumerate(films)}
    return sorted(outcomes, key=lambda o: order[o.film.id])


def take(client: Client, outcome: Outcome, candidate: Candidate) -> None:
    """The person chose this candidate among equals: its facts are the film's."""
    outcome.facts = details(client, candidate.tmdb_id, outcome.answers)
    if outcome.facts:
        outcome.status = Status.MATCHED


def identifier(journal: Journal, client: Client) -> Callable[[list[str]], dict[str, Identified]]:
    """An import's --lookup: titles without a year, each asked of TMDb as a film and as a
    series, in parallel; the answers kept in the journal's cache, in the import's
    transaction."""

    def identify(titles: list[str]) -> dict[str, Identified]:
        answers: dict[str, str] = {}
        found: dict[str, Identified] = {}
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            futures = {pool.submit(_identify, client, t): t for t in dict.fromkeys(titles)}
            for future in as_completed(futures):
                identified, asked = future.result()
                answers |= asked
                if identified is not None:
                    found[futures[future]] = identified
        save_answers(journal.conn, answers)
        return found

    return identify


@_shaped
def _identify(client: Client, title: str) -> tuple[Identified | None, dict[str, str]]:
    answers: dict[str, str] = {}
    wanted = key(title)
    movies = client.get("search/movie", answers, query=title, include_adult="false") or {}
    films = [
        _candidate(r)
        for r in movies.get("results") or []
        if r.get("id") and wanted in (key(r.get("title") or ""), key(r.get("original_title") or ""))
    ]
    shows = client.get("search/tv", answers, query=title, include_adult="false") or {}
    series = [
        r
        for r in shows.get("results") or []
        if wanted in (key(r.get("name") or ""), key(r.get("original_name") or ""))
    ]
    if series and not films:
        return Identified(series=True), answers
    if len(films) != 1:
        return None, answers  # not known, or several films of that title: no year to give
    facts = details(client, films[0].tmdb_id, answers)
    if facts is None:
        return None, answers
    return Identified(
        series=False,
        year=facts.year,
        tmdb_id=facts.tmdb_id,
        imdb_id=facts.imdb_id,
        original_title=facts.original_title,
        runtime=facts.runtime,
        directors=tuple(facts.directors),
        genres=tuple(facts.genres),
    ), answers
