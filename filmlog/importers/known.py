"""The films an import knows of, in memory, and how a row of an export finds its film.

A row names a film by its ids (IMDb, TMDb, Letterboxd) when it has them, else
by title and year. Kept in memory for the length of the import, so that a
100,000-row diary costs no query per row to find its films.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from filmlog.keys import key


@dataclass(frozen=True)
class Ids:
    """The ids that say which film a film is, wherever they are known."""

    imdb: str | None = None
    tmdb: int | None = None
    letterboxd: str | None = None

    def differs_from(self, other: Ids) -> bool:
        """Whether the two name different films: an id both know, unequal.

        Letterboxd links come in two forms (https://boxd.it/… in newer exports,
        https://letterboxd.com/film/slug/ in older ones and in feeds): only two
        of one form can tell films apart.
        """
        if self.imdb and other.imdb and self.imdb != other.imdb:
            return True
        if self.tmdb and other.tmdb and self.tmdb != other.tmdb:
            return True
        mine, theirs = self.letterboxd, other.letterboxd
        return bool(mine and theirs and _short(mine) == _short(theirs) and mine != theirs)

    def key(self) -> tuple[str | int | None, ...]:
        return (self.imdb, self.tmdb, self.letterboxd)

    def or_else(self, other: Ids) -> Ids:
        """These ids, with other's where these have none."""
        return Ids(
            self.imdb if self.imdb is not None else other.imdb,
            self.tmdb if self.tmdb is not None else other.tmdb,
            self.letterboxd if self.letterboxd is not None else other.letterboxd,
        )

    def only(self, keep: Callable[[int, str | int], bool]) -> Ids:
        """These ids, each kept when keep(which, value) says so."""
        imdb, tmdb, lb = (
            v if v is not None and keep(w, v) else None for w, v in enumerate(self.key())
        )
        return Ids(imdb, tmdb, lb)  # type: ignore[arg-type]


def _short(uri: str) -> bool:
    return "boxd.it/" in uri


class KnownFilms:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.by_title: dict[str, list[int]] = defaultdict(list)
        self.by_original: dict[str, list[int]] = defaultdict(list)
        self.by_id: dict[tuple[int, str | int], int] = {}  # (which id, value) -> film
        self.year_of: dict[int, int | None] = {}
        self.title_of: dict[int, str] = {}
        self.ids_of: dict[int, Ids] = {}
        self.made: set[int] = set()  # films this import made
        # A source that never leaves a year out by accident (filmlog's own
        # export): a film of another year is always another film.
        self.exact_years = False
        for fid, title, tk, ok, year, imdb, tmdb, lb in conn.execute(
            "SELECT id, title, title_key, original_title_key, year, imdb_id, tmdb_id,"
            " letterboxd_uri FROM films"
        ):
            self.add(fid, title, year, tk, ok, Ids(imdb, tmdb, lb))

    def __contains__(self, fid: int) -> bool:
        return fid in self.year_of

    def add(
        self, fid: int, title: str, year: int | None, tk: str, ok: str | None, ids: Ids
    ) -> None:
        self.title_of[fid] = title
        self.year_of[fid] = year
        self.by_title[tk].append(fid)
        if ok and ok != tk:
            self.by_original[ok].append(fid)
        self.learn(fid, ids)

    def learn(self, fid: int, ids: Ids, year: int | None = None) -> None:
        """Ids (and a year) the film has now."""
        merged = self.ids_of.get(fid, Ids()).or_else(ids)
        self.ids_of[fid] = merged
        for which, value in enumerate(merged.key()):
            if value is not None:
                self.by_id[(which, value)] = fid
        if year is not None:
            self.year_of[fid] = year

    def with_id(self, ids: Ids) -> int | None:
        """The film one of these ids names, checked in the order IMDb, TMDb, Letterboxd."""
        for which, value in enumerate(ids.key()):
            if value is not None and (which, value) in self.by_id:
                return self.by_id[(which, value)]
        return None

    def taken(self, ids: Ids) -> Ids:
        """Of these ids, those another film already has (not to be given twice)."""
        return ids.only(lambda which, value: (which, value) in self.by_id)

    def find(
        self, title: str, year: int | None, ids: Ids, original: str | None = None
    ) -> int | None:
        """The film a row names: by an id, else by its title (or original title) and year."""
        found = self.with_id(ids)
        if found is None:
            found = self._by_title(key(title), title, year, ids)
        if found is None and original:
            found = self._by_title(key(original), original, year, ids)
        return found

    def _by_title(self, k: str, title: str, year: int | None, ids: Ids) -> int | None:
        """A film of this title: the same year, else (a year known on one side only)
        the one film the journal had before the import; never a film the source
        itself told apart (made by this import under another spelling or year, or
        with another id)."""
        candidates = [
            c
            for c in dict.fromkeys(self.by_title.get(k, []) + self.by_original.get(k, []))
            if not self.ids_of.get(c, Ids()).differs_from(ids)
        ]
        same_year = [c for c in candidates if self.year_of[c] == year]
        exact = [c for c in same_year if self.title_of[c] == title]
        if exact:
            return exact[0]
        older = [c for c in candidates if c not in self.made]
        same_year = [c for c in same_year if c in older]
        if same_year:
            return same_year[0]
        if self.exact_years:
            return None
        if year is not None:
            yearless = [c for c in older if self.year_of[c] is None]
            return yearless[0] if len(yearless) == 1 else None
        return older[0] if len(older) == 1 else None
