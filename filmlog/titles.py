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

from filmlog.errors import Ambiguous, NotFound
from filmlog.keys import key

# rapidfuzz's ratio for one wrong, missing or extra letter in a title of
# eight letters or more is ~88 and above; unrelated titles score far lower.
FUZZY_CUTOFF = 85.0
SUGGEST_CUTOFF = 55.0
MAX_CANDIDATES = 10

_TITLE_YEAR = re.compile(r"^(?P<title>.*\S)\s*\((?P<year>\d{4})\)$")


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


def exact_matches(conn: sqlite3.Connection, title: str, year: int | None) -> list[FilmRef]:
    """Films whose title or original title is this one (by key), in this year if given."""
    k = key(title)
    sql = (
        "SELECT id, title, year FROM films WHERE title_key = :k"
        " UNION SELECT id, title, year FROM films WHERE original_title_key = :k"
    )
    rows = [FilmRef(*r) for r in conn.execute(sql, {"k": k})]
    if year is not None:
        rows = [r for r in rows if r.year == year]
    return sorted(rows, key=lambda r: (r.year or 0, r.id))


def resolve(conn: sqlite3.Connection, text: str, year: int | None = None) -> FilmRef:
    """The one film meant by text, or NotFound / Ambiguous with the candidates."""
    title, year_in_title = split_year(text)
    attempts = [(title, year if year is not None else year_in_title)]
    if year_in_title is not None:
        attempts.append((text.strip(), year))  # a title that itself ends in "(1984)"
    for attempt_title, attempt_year in attempts:
        found = _find(conn, attempt_title, attempt_year)
        if len(found) == 1:
            return found[0]
        if found:
            raise _ambiguous(text, found)
    year = attempts[0][1]
    raise NotFound(
        f"no film matching {text!r}{_in_year(year)} in the journal",
        _suggestions(conn, title),
    )


def near_match(conn: sqlite3.Connection, title: str, year: int | None) -> FilmRef | None:
    """For ``add``: the one film a new title probably means, when none has it exactly."""
    if exact_matches(conn, title, year):
        return None
    found = _find(conn, title, year)
    return found[0] if len(found) == 1 else None


def _find(conn: sqlite3.Connection, title: str, year: int | None) -> list[FilmRef]:
    k = key(title)
    for finder in (_exact, _prefix, _substring, _fuzzy):
        found = finder(conn, k, title, year)
        if found:
            return found
    return []


def _in_year(year: int | None) -> str:
    return f" from {year}" if year else ""


def _ambiguous(text: str, found: list[FilmRef]) -> Ambiguous:
    shown = found[:MAX_CANDIDATES]
    more = len(found) - len(shown)
    details = [f"  {f.label}" for f in shown] + ([f"  … and {more} more"] if more > 0 else [])
    return Ambiguous(
        f"{text!r} matches {len(found)} films: add --year or write the title in full, "
        'e.g. "Title (1994)"',
        details,
    )


def _where_year(year: int | None) -> tuple[str, dict[str, object]]:
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


def _substring(conn: sqlite3.Connection, k: str, title: str, year: int | None) -> list[FilmRef]:
    if len(k) < 3:
        return []  # "a" is in nearly every title; it names none of them
    cond, params = _where_year(year)
    sql = (
        "SELECT id, title, year FROM films"
        " WHERE (instr(title_key, :k) > 0 OR instr(coalesce(original_title_key, ''), :k) > 0)"
        + cond
        + f" ORDER BY title, year LIMIT {MAX_CANDIDATES * 5}"
    )
    return [FilmRef(*r) for r in conn.execute(sql, {"k": k, **params})]


def _fuzzy(conn: sqlite3.Connection, k: str, title: str, year: int | None) -> list[FilmRef]:
    if len(k) < 4:
        return []
    from rapidfuzz import fuzz, process

    cond, params = _where_year(year)
    films = {
        r[0]: (FilmRef(r[0], r[1], r[2]), r[3])
        for r in conn.execute("SELECT id, title, year, title_key FROM films WHERE 1" + cond, params)
    }
    scored = process.extract(
        k,
        {fid: tk for fid, (_, tk) in films.items()},
        scorer=fuzz.ratio,
        score_cutoff=FUZZY_CUTOFF,
        limit=MAX_CANDIDATES,
    )
    if not scored:
        return []
    best = scored[0][1]
    return [films[fid][0] for _, score, fid in scored if score == best]


def _suggestions(conn: sqlite3.Connection, title: str) -> list[str]:
    """The closest titles, to show with a 'not found'."""
    from rapidfuzz import fuzz, process

    films = {r[0]: FilmRef(*r) for r in conn.execute("SELECT id, title, year FROM films")}
    if not films:
        return []
    scored = process.extract(
        title,
        {fid: f.title for fid, f in films.items()},
        scorer=fuzz.WRatio,
        processor=lambda s: key(s) if isinstance(s, str) else s,
        score_cutoff=SUGGEST_CUTOFF,
        limit=3,
    )
    if not scored:
        return []
    return ["Closest: " + ", ".join(films[fid].label for _, _, fid in scored)]
