"""The ids that say which film a film is, by kind: IMDb's, TMDb's, Letterboxd's, Trakt's.

One rule for every way ids come in (an import, `enrich`, `edit --imdb`): an id
belongs to one film. A film found by one of its ids is that film; ids are
compared in the order of KINDS (IMDb first: the most widely shared). IMDb,
TMDb and Letterboxd ids are kept in columns of films; the other kinds in
film_ids.
"""

from __future__ import annotations

import re
from collections.abc import ItemsView, Iterator, KeysView, Mapping
from typing import Any

from filmlog.values.errors import BadValue

# (Patterns as text, compiled by `re` when first used and kept in its cache: a command
# that never needs one does not pay the 30-150 µs of compiling it at start-up.)
KINDS = ("imdb", "tmdb", "letterboxd", "trakt")
LABELS = {"imdb": "IMDb", "tmdb": "TMDb", "letterboxd": "Letterboxd", "trakt": "Trakt"}
NUMBERED = ("tmdb", "trakt")
COLUMNS = {"imdb": "imdb_id", "tmdb": "tmdb_id", "letterboxd": "letterboxd_uri"}
_IMDB = r"tt\d{5,10}"

Id = str | int


class FilmIds(Mapping[str, Id]):
    """An immutable mapping of id kind to value; kinds without a value are left out."""

    __slots__ = ("_ids",)

    def __init__(self, ids: Mapping[str, Id | None] | None = None, **more: Id | None) -> None:
        self._ids: dict[str, Id] = {}
        if not ids and not more:
            return
        given = {**(ids or {}), **more}
        unknown = set(given) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown kinds of film id: {', '.join(sorted(unknown))}")
        for kind in KINDS:
            value = given.get(kind)
            if value is not None and value != "":
                # Numbered kinds are numbers however they were kept (film_ids holds text)
                self._ids[kind] = int(value) if kind in NUMBERED and str(value).isdigit() else value

    def __getitem__(self, kind: str) -> Id:
        return self._ids[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def __bool__(self) -> bool:
        return bool(self._ids)

    # The dict's own views and lookups: the Mapping defaults go through __getitem__ per
    # key, which an import of 100,000 rows feels.
    def items(self) -> ItemsView[str, Id]:
        return self._ids.items()

    def keys(self) -> KeysView[str]:
        return self._ids.keys()

    def get(self, kind: str, default: Any = None) -> Any:
        return self._ids.get(kind, default)

    def __hash__(self) -> int:
        return hash(tuple(self._ids.items()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FilmIds) and self._ids == other._ids

    def __repr__(self) -> str:
        return f"FilmIds({self._ids!r})"

    def or_else(self, other: Mapping[str, Id]) -> FilmIds:
        """These ids, with other's of the kinds these have none of."""
        if not other or other == self:
            return self
        if not self._ids and isinstance(other, FilmIds):
            return other
        return FilmIds({**other, **self._ids})

    def without(self, kinds: set[str]) -> FilmIds:
        if not kinds:
            return self
        return FilmIds({k: v for k, v in self._ids.items() if k not in kinds})

    def differs_from(self, other: Mapping[str, Id]) -> bool:
        """Whether the two name different films: an id both have, unequal.

        Letterboxd links come in two forms (https://boxd.it/… in newer exports,
        https://letterboxd.com/film/slug/ in older ones and in feeds): only two
        of one form can tell films apart.
        """
        for kind, mine in self._ids.items():
            theirs = other.get(kind)
            if theirs is None or theirs == mine:
                continue
            if kind != "letterboxd" or _short(str(mine)) == _short(str(theirs)):
                return True
        return False

    def columns(self) -> dict[str, Any]:
        """The ids kept in films' own columns, by column."""
        return {COLUMNS[k]: v for k, v in self._ids.items() if k in COLUMNS}

    def others(self) -> dict[str, Id]:
        """The ids kept in film_ids, by kind."""
        return {k: v for k, v in self._ids.items() if k not in COLUMNS}


NO_IDS = FilmIds()


def _short(uri: str) -> bool:
    return "boxd.it/" in uri


def imdb_id(text: str) -> str:
    """An IMDb id as IMDb writes it (tt0109424), or BadValue."""
    value = text.strip()
    if not re.fullmatch(_IMDB, value):
        raise BadValue(f"invalid IMDb id {text!r}: it looks like tt0109424")
    return value


def positive_id(text: object, what: str) -> int:
    """A TMDb or Trakt id: a whole number above 0, or BadValue."""
    value = str(text).strip() if not isinstance(text, bool) else ""
    # 18 digits at most: SQLite holds 64-bit numbers, and no service numbers past them.
    if not value.isascii() or not value.isdigit() or len(value) > 18 or int(value) == 0:
        shown = repr(text) if len(repr(text)) <= 40 else repr(text)[:39] + "…"
        raise BadValue(f"invalid {what} id {shown}: it is a whole number, like 11104")
    return int(value)
