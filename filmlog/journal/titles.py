"""Finding the film a person means from what they typed: one place for every command.

In order: the exact title (or original title), with the year when given
("Solaris (1972)" or --year); then a title that starts with, then one that
contains, what was typed ("chungking"); then a close spelling ("Chunking
Express"). Several equally good matches are never guessed between.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from filmlog.values.errors import Ambiguous, NotFound
from filmlog.values.keys import key

# rapidfuzz's ratio for one wrong, missing or extra letter in a title of
# eight letters or more is ~88 and above; unrelated titles score far lower.
FUZZY_CUTOFF = 85.0
SUGGEST_CUTOFF = 70.0
MAX_CANDIDATES = 10

_TITLE_YEAR = re.compile(r"^(?P<title>.*\S)\s*\((?P<year>\d{4})\)$")
# `--year none`: the film of that title that has no year (one journal can hold
# "Happy Together" without a year beside "Happy Together (1997)").
NO_YEAR = 0


@dataclass(frozen=True)
class FilmRef:
    id: int
    title: str
    year: int | None

    @property
    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title


def split_year(text: str) -> tuple[str, int | None]:
    """'Solaris (1972)' -> ('Solaris', 1972); other text is left as it is."""
    m = _TITLE_YEAR.match(text.strip())
    if m:
        return m["title"], int(m["year"])
    return text.strip(), None


def typed(conn: sqlite3.Connection, text: str, year: int | None) -> tuple[str, int | None]:
    """A title and --year as a person typed them: "Solaris (1972)" without --year is
    Solaris of 1972 (as `show` reads it), unless the journal has a film called exactly
    that; with --year the text is the title as it stands ("1984 (1984)" stays reachable)."""
    text = text.strip()
    if year is None:
        title, in_title = split_year(text)
        if in_title is not None and not exact_matches(conn, text, None):
            return title, in_title
    return text, year


def film_of(conn: sqlite3.Connection, title: str, year: int | None) -> FilmRef | None:
    """The film a typed title and year name in the journal (None: a film to make), the one
    rule of `add`, `watchlist add`, `lists add` and the assistant's writes.

    Title and year: that film; else the title's one film when it has no year yet (it is
    that film, and takes the year). Title alone: the title's one film. NO_YEAR: the
    title's film without a year. Several: Ambiguous, naming each and how to pick it.
    """
    same = exact_matches(conn, title, None)
    if year == NO_YEAR:
        found = [f for f in same if f.year is None]
    elif year is not None:
        found = [f for f in same if f.year == year]
        if not found and len(same) == 1 and same[0].year is None:
            found = same
    else:
        found = same
    if len(found) > 1:
        raise Ambiguous(
            f"{len(found)} films in the journal are called {title!r}: {_how_to_pick(found)}",
            [f"  {f.label}" for f in found],
        )
    return found[0] if found else None


def _how_to_pick(found: list[FilmRef]) -> str:
    years = [f for f in found if f.year]
    hint = f'give its --year (or write "{years[0].label}")' if years else "give its --year"
    if any(f.year is None for f in found):
        hint += "; --year none for the one without a year"
    return hint


def exact_matches(conn: sqlite3.Connection, title: str, year: int | None) -> list[FilmRef]:
    """Films whose title or original title is this one (by key), in this year if given
    (NO_YEAR: without one)."""
    k = key(title)
    sql = (
        "SELECT id, title, year FROM films WHERE title_key = :k"
        " UNION SELECT id, title, year FROM films WHERE original_title_key = :k"
    )
    rows = [FilmRef(*r) for r in conn.execute(sql, {"k": k})]
    if year is not None:
        rows = [r for r in rows if (r.year or NO_YEAR) == year]
    return sorted(rows, key=lambda r: (r.year or 0, r.id))


def resolve(
    conn: sqlite3.Connection, text: str, year: int | None = None, *, exact: bool = False
) -> FilmRef:
    """The one film meant by text, or NotFound / Ambiguous with the candidates.

    exact: only a film of exactly this title (case, accents and punctuation
    aside), or title and year: what a command that removes something acts on.
    A close title is then only suggested.
    """
    title, year_in_title = split_year(text)
    attempts = [(title, year if year is not None else year_in_title)]
    if year_in_title is not None:
        attempts.append((text.strip(), year))  # a title that itself ends in "(1984)"
    titles = _Titles(conn)
    for attempt_title, attempt_year in attempts:
        if exact:
            found = exact_matches(conn, attempt_title, attempt_year)
        else:
            found = _find(conn, attempt_title, attempt_year, titles)
        if len(found) == 1:
            return found[0]
        if found:
            raise _ambiguous(text, found)
    year = attempts[0][1]
    close = (exact and _find(conn, title, year, titles)[:3]) or _closest(titles, title, year)
    if exact and close:
        raise NotFound(
            f"no film called {text!r}{_in_year(year)} in the journal; give its exact title",
            ["Did you mean " + " or ".join(f'"{f.label}"' for f in close) + "?"],
        )
    hint = ["Closest: " + ", ".join(f.label for f in close)] if close else []
    raise NotFound(f"no film matching {text!r}{_in_year(year)} in the journal", hint)


def near_matches(conn: sqlite3.Connection, title: str, year: int | None) -> list[FilmRef]:
    """For ``add``: the films a new title probably means, when none has it exactly.

    The start of a longer title ("chungking" for Chungking Express), or one
    slip of the keyboard away ("Chunking Expres"). Not a title that holds it
    ("Dated" is no typo of "Undated"), nor one a number or a letter apart: "Heat"
    is not "Heat 2", "Alien" not "Aliens", "Film 10" not "Film 1".
    """
    if exact_matches(conn, title, year):
        return []
    k = key(title)
    if len(k) < 3:
        return []
    starts = [
        ref
        for ref, rest in ((FilmRef(*r[:3]), r[3][len(k) :]) for r in _prefix_rows(conn, k, year))
        if len(rest) >= 3 and not rest.isdigit()
    ]
    if starts:
        return starts[:MAX_CANDIDATES]
    digits = sorted(ch for ch in k if ch.isdigit())
    typos = []
    for ref in _fuzzy(_Titles(conn), k, year):
        other = key(ref.title)
        if sorted(ch for ch in other if ch.isdigit()) == digits and not (
            other.startswith(k) or k.startswith(other)
        ):
            typos.append(ref)
    return typos


def _prefix_rows(conn: sqlite3.Connection, k: str, year: int | None) -> list[tuple[Any, ...]]:
    cond, params = _where_year(year)
    sql = (
        "SELECT id, title, year, title_key FROM films WHERE title_key > :lo AND title_key < :hi"
        + cond
        + f" ORDER BY title_key, year LIMIT {MAX_CANDIDATES * 5}"
    )
    return conn.execute(sql, {"lo": k, "hi": k + "\U0010ffff", **params}).fetchall()


def _find(conn: sqlite3.Connection, title: str, year: int | None, titles: _Titles) -> list[FilmRef]:
    k = key(title)
    for finder in (_exact, _prefix):
        found = finder(conn, k, title, year)
        if found:
            return found
    return _substring(titles, k, year) or _fuzzy(titles, k, year)


def _in_year(year: int | None) -> str:
    return f" from {year}" if year else " without a year" if year == NO_YEAR else ""


def _ambiguous(text: str, found: list[FilmRef]) -> Ambiguous:
    shown = found[:MAX_CANDIDATES]
    more = len(found) - len(shown)
    details = [f"  {f.label}" for f in shown] + ([f"  … and {more} more"] if more > 0 else [])
    dated = [f for f in shown if f.year]
    how = (
        f'write the title with its year, e.g. "{dated[0].label}"'
        if dated
        else ("write more of the title")
    )
    if dated and any(f.year is None for f in shown):
        how += ", or --year none for the one without a year"
    return Ambiguous(f"{text!r} matches {len(found)} films: {how}", details)


def _where_year(year: int | None) -> tuple[str, dict[str, object]]:
    if year == NO_YEAR:
        return " AND year IS NULL", {}
    return (" AND year = :year", {"year": year}) if year is not None else ("", {})


def _exact(conn: sqlite3.Connection, k: str, title: str, year: int | None) -> list[FilmRef]:
    return exact_matches(conn, title, year)


def _prefix(conn: sqlite3.Connection, k: str, title: str, year: int | None) -> list[FilmRef]:
    if not k:
        return []
    cond, params = _where_year(year)
    # A range on the indexed key rather than LIKE, which cannot use the index here.
    sql = (
        "SELECT id, title, year FROM films WHERE title_key >= :lo AND title_key < :hi"
        + cond
        + " UNION SELECT id, title, year FROM films"
        " WHERE original_title_key >= :lo AND original_title_key < :hi"
        + cond
        + f" ORDER BY title, year LIMIT {MAX_CANDIDATES * 5}"
    )
    rows = conn.execute(sql, {"lo": k, "hi": k + "\U0010ffff", **params})
    return [FilmRef(*r) for r in rows]


def _substring(titles: _Titles, k: str, year: int | None) -> list[FilmRef]:
    """Titles (or original titles) that hold what was typed, searched in the keys in memory
    (a scan in SQL of 200,000 titles costs three times as long)."""
    if len(k) < 3:
        return []  # "a" is in nearly every title; it names none of them
    limit = MAX_CANDIDATES * 5
    held = [t for t in titles.keys(year) if k in t][:limit]
    found = titles.films(list(dict.fromkeys(held)), year)
    originals = [t for t in titles.keys(year, "original_title_key") if k in t][:limit]
    if originals:
        seen = {f.id for f in found}
        more = titles.films(list(dict.fromkeys(originals)), year, "original_title_key")
        found += [f for f in more if f.id not in seen]
    return sorted(found, key=lambda f: (f.title, f.year or 0))[:limit]


class _Titles:
    """Every film's title key (and year), read once per lookup through the index of
    keys, which holds both: a typo's fuzzy passes share it, and the films themselves
    are read only for the few keys that win."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._keys: dict[tuple[int | None, str], list[str]] = {}

    def keys(self, year: int | None, column: str = "title_key") -> list[str]:
        if (year, column) not in self._keys:
            # One string split in C: reading 200,000 rows one by one takes five times as long.
            cond, params = _where_year(year)
            joined = self.conn.execute(
                f"SELECT group_concat({column}, char(31)) FROM films"
                f" WHERE {column} IS NOT NULL{cond}",
                params,
            ).fetchone()[0]
            self._keys[(year, column)] = joined.split("\x1f") if joined else []
        return self._keys[(year, column)]

    def films(self, keys: list[str], year: int | None, column: str = "title_key") -> list[FilmRef]:
        """The films of these keys, in the order of the keys."""
        if not keys:
            return []
        cond, params = _where_year(year)
        marks = ", ".join(f":k{n}" for n in range(len(keys)))
        rows = self.conn.execute(
            f"SELECT id, title, year, {column} FROM films WHERE {column} IN ({marks}){cond}",
            {**{f"k{n}": k for n, k in enumerate(keys)}, **params},
        ).fetchall()
        order = {k: n for n, k in enumerate(keys)}
        return [FilmRef(*r[:3]) for r in sorted(rows, key=lambda r: (order[r[3]], r[2] or 0))]


def _fuzzy(titles: _Titles, k: str, year: int | None) -> list[FilmRef]:
    """Titles one slip of the keyboard away (rapidfuzz's ratio at FUZZY_CUTOFF): the best."""
    if len(k) < 4:
        return []
    from rapidfuzz import fuzz, process

    scored = process.extract(
        k, titles.keys(year), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=MAX_CANDIDATES
    )
    if not scored:
        return []
    best = scored[0][1]
    best_keys = dict.fromkeys(match for match, score, _ in scored if score == best)
    return titles.films(list(best_keys), year)


def _closest(titles: _Titles, title: str, year: int | None, limit: int = 3) -> list[FilmRef]:
    """The titles most like what was typed, to suggest with a 'not found': by the whole of
    each title (a short title inside a long one is no likeness), in the year if one was given,
    else in any year."""
    from rapidfuzz import fuzz, process

    k = key(title)
    if not k:
        return []
    for within in (year, None) if year else (None,):
        scored = process.extract(
            k, titles.keys(within), scorer=fuzz.ratio, score_cutoff=SUGGEST_CUTOFF, limit=limit
        )
        if scored:
            return titles.films(list(dict.fromkeys(m for m, _, _ in scored)), within)[:limit]
    return []
