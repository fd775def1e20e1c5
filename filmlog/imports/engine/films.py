"""The films an import knows of, in memory, and how a record of a source finds its film.

A record names a film by its ids when it has them (IMDb, then TMDb, then
Letterboxd, then Trakt: film_ids.KINDS), else by its title and year. Kept
in memory for the length of the import, so that a 100,000-row diary costs no
query per row to find its films.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from filmlog.values.film_ids import COLUMNS, KINDS, NO_IDS, FilmIds
from filmlog.values.keys import key


class Cited:
    """A film as a source names it, before the journal finds or makes it.

    (A plain class: made once a row, and a dataclass costs the import's start-up half a
    millisecond to make.)"""

    __slots__ = ("directors", "genres", "ids", "original_title", "runtime", "title", "year")

    def __init__(
        self,
        title: str,
        year: int | None = None,
        ids: FilmIds = NO_IDS,
        original_title: str | None = None,
        runtime: int | None = None,
        directors: tuple[str, ...] = (),
        genres: tuple[str, ...] = (),
    ) -> None:
        self.title = title
        self.year = year
        self.ids = ids
        self.original_title = original_title
        self.runtime = runtime
        self.directors = directors
        self.genres = genres

    def titled(self, title: str) -> Cited:
        """The same film under another title (its title as the journal keeps it)."""
        return Cited(
            title,
            self.year,
            self.ids,
            self.original_title,
            self.runtime,
            self.directors,
            self.genres,
        )

    @property
    def plain(self) -> bool:
        """Nothing but a title and a year: such a film is looked up once per import."""
        if self.ids is not NO_IDS and self.ids:  # (most rows name none: no call)
            return False
        return not (self.original_title or self.runtime or self.directors or self.genres)


class KnownFilms:
    """Every film of the journal and of the import, by id, by title key and by year."""

    def __init__(self, read: Callable[..., Any], *, exact_years: bool = False) -> None:
        """The journal's films, read once with read (the import's writer's read_had)."""
        self.by_title: dict[str, list[int]] = defaultdict(list)
        self.by_original: dict[str, list[int]] = defaultdict(list)
        self.by_id: dict[tuple[str, str | int], int] = {}
        self.year_of: dict[int, int | None] = {}
        self.title_of: dict[int, str] = {}
        self.ids_of: dict[int, FilmIds] = {}
        self.made: set[int] = set()  # films this import made
        # A source that never leaves a year out by accident (filmlog's own export): a
        # film of another year is always another film.
        self.exact_years = exact_years
        self._keyed = ("", key(""))  # the last title keyed (a film is found, then made)
        columns = ", ".join(COLUMNS[k] for k in KINDS if k in COLUMNS)
        for fid, title, tk, ok, year, *ids in read(
            f"SELECT id, title, title_key, original_title_key, year, {columns} FROM films"
        ):
            kinds = [k for k in KINDS if k in COLUMNS]
            self.add(fid, title, year, tk, ok, FilmIds(dict(zip(kinds, ids, strict=True))))
        for fid, kind, value in read("SELECT film_id, kind, value FROM film_ids"):
            self.learn(fid, FilmIds({kind: value}))
        # Titles of films merged away: that title (and year) is the merged film
        self.aliases: dict[tuple[str, int | None], int] = {
            (tk, year): fid
            for fid, tk, year in read("SELECT film_id, title_key, year FROM film_titles")
        }

    def key_of(self, title: str) -> str:
        """The title's key (values.keys.key), worked out once for the finding and the
        making of one film."""
        if title != self._keyed[0]:
            self._keyed = (title, key(title))
        return self._keyed[1]

    def __contains__(self, fid: int) -> bool:
        return fid in self.year_of

    def add(
        self, fid: int, title: str, year: int | None, tk: str, ok: str | None, ids: FilmIds
    ) -> None:
        self.title_of[fid] = title
        self.year_of[fid] = year
        self.by_title[tk].append(fid)
        if ok and ok != tk:
            self.by_original[ok].append(fid)
        if ids is not NO_IDS:  # (most films of a diary have none: no call)
            self.learn(fid, ids)

    def learn(self, fid: int, ids: FilmIds, year: int | None = None) -> None:
        """Ids (and a year) the film has now."""
        if year is not None:
            self.year_of[fid] = year
        if not ids:
            return
        merged = self.ids_of.get(fid, NO_IDS).or_else(ids)
        self.ids_of[fid] = merged
        for kind, value in merged.items():
            self.by_id[(kind, value)] = fid
        for kind, value in ids.items():  # a merged film's second id of a kind names it too
            self.by_id.setdefault((kind, value), fid)

    def with_id(self, ids: FilmIds) -> int | None:
        """The film one of these ids names, asked in the order of film_ids.KINDS."""
        for kind, value in ids.items():
            found = self.by_id.get((kind, value))
            if found is not None:
                return found
        return None

    def taken(self, ids: FilmIds, fid: int) -> set[str]:
        """The kinds of these ids another film already has (an id belongs to one film)."""
        if not ids:
            return set()
        return {k for k, v in ids.items() if self.by_id.get((k, v), fid) != fid}

    def find(self, cited: Cited) -> int | None:
        """The film a record names: by an id, else by its title (or original title) and year."""
        ids = cited.ids
        found = None if ids is NO_IDS else self.with_id(ids)
        k = self.key_of(cited.title)
        if found is None and self.aliases:
            found = self.aliases.get((k, cited.year))
        if found is None:
            found = self._by_title(k, cited.title, cited.year, ids)
        if found is None and cited.original_title:
            original = cited.original_title
            found = self._by_title(key(original), original, cited.year, cited.ids)
        return found

    def label(self, fid: int) -> str:
        year = self.year_of[fid]
        return f"{self.title_of[fid]} ({year})" if year else self.title_of[fid]

    def several(self, cited: Cited) -> list[int]:
        """The films the journal had before the import that a record without a year and
        ids could be, when there are several of its title (else none)."""
        if cited.year is not None or cited.ids or self.with_id(cited.ids) is not None:
            return []
        k = key(cited.title)
        older = [
            c
            for c in dict.fromkeys(self.by_title.get(k, []) + self.by_original.get(k, []))
            if c not in self.made
        ]
        return older if len(older) > 1 else []

    def _by_title(self, k: str, title: str, year: int | None, ids: FilmIds) -> int | None:
        """A film of this title: the same year, else (a year known on one side only)
        the one film the journal had before the import; never a film the source
        itself told apart (made by this import under another spelling or year, or
        with another id)."""
        named = self.by_title.get(k)
        original = self.by_original.get(k)
        if original:
            named = [*(named or ()), *original]
        if not named:
            return None
        candidates = [
            c for c in dict.fromkeys(named) if not self.ids_of.get(c, NO_IDS).differs_from(ids)
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
