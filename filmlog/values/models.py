"""The journal's records as plain dataclasses, and checks of the values in them.

Ratings are whole half-stars (1 to 10) and dates ISO strings, as stored.
``as_json`` gives the documented JSON shape: keys are only ever added.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from filmlog.values.errors import BadValue
from filmlog.values.ratings import as_number

# The first moving pictures (phenakistiscopes) are of the 1830s; catalogues
# list films announced years ahead. A year outside is a slip of the keyboard.
EARLIEST_YEAR = 1830
YEARS_AHEAD = 10
MAX_TITLE_LENGTH = 500


# A no-break space stands for a space; zero-width spaces, byte-order marks, word
# joiners and soft hyphens are invisible noise that a spreadsheet or a copy from
# a web page leaves in a title. Both go; any other control character is refused.
_CLEAN = {0xA0: " ", **dict.fromkeys(map(ord, "\u200b\ufeff\u2060\u00ad"))}


def _cleaned(text: str, what: str) -> str:
    """The one rule for a title or a name, typed or imported: no-break spaces as spaces,
    noise out, and no control character (a review may hold anything; a title may not)."""
    if not (text.isascii() and text.isprintable()):
        text = text.translate(_CLEAN)
        if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in text):
            raise BadValue(f"invalid {what} {text!r}: it contains control characters")
    return text


def check_title(text: str) -> str:
    """A title as stored: surrounding space removed, never empty, no control characters."""
    title = _cleaned(text, "title").strip()
    if not title:
        raise BadValue("the title is empty: give the film's title")
    if len(title) > MAX_TITLE_LENGTH:
        raise BadValue(f"invalid title: longer than {MAX_TITLE_LENGTH} characters")
    return title


def check_name(text: str, what: str = "director") -> str:
    """A director's, a tag's, a genre's or a list's name: one space between words."""
    name = _cleaned(" ".join(text.split()), what)
    if not name:
        raise BadValue(f"the {what} name is empty")
    if len(name) > MAX_TITLE_LENGTH:
        raise BadValue(f"invalid {what}: longer than {MAX_TITLE_LENGTH} characters")
    return name


def check_year(year: int, today: dt.date | None = None) -> int:
    """A year a film was released or watched in: the one rule every command and import uses."""
    latest = (today.year if today else _this_year()) + YEARS_AHEAD
    if not EARLIEST_YEAR <= year <= latest:
        raise BadValue(f"invalid year {year}: use a year from {EARLIEST_YEAR} to {latest}")
    return year


@lru_cache(maxsize=1)
def _this_year() -> int:
    return dt.date.today().year  # asked once a process: an import checks a year a row


_DECADE = re.compile(r"(?P<digits>\d{2}|\d{4})'?s?")


def parse_decade(text: str) -> int:
    """'1990s', '1990' or '90s' -> 1990."""
    m = _DECADE.fullmatch(text.strip().lower())
    if m:
        digits = m["digits"]
        century = 1900 if len(digits) == 2 and int(digits) >= 20 else 2000
        year = int(digits) if len(digits) == 4 else century + int(digits)
        if year % 10 == 0:
            return check_year(year)
    raise BadValue(f"invalid decade {text!r}: write it like 1990s")


def split_names(values: str | Iterable[str] | None) -> list[str]:
    """Names given as "a, b" (or several such values), each stripped, none empty."""
    if values is None:
        return []
    parts = [values] if isinstance(values, str) else values
    return [name.strip() for value in parts for name in value.split(",") if name.strip()]


def check_names(values: str | Iterable[str] | None, what: str = "director") -> list[str]:
    """The one rule for every option or column of names (directors, tags, genres): "a, b"
    or repeated values, each checked, a name given twice kept once."""
    return check_each(split_names(values), what)


def check_each(names: Iterable[str], what: str = "director") -> list[str]:
    """Names given one by one (a JSON list, a server's answer): each checked, once."""
    from filmlog.values.keys import key

    kept: dict[str, str] = {}
    for name in names:
        checked = check_name(name, what)
        kept.setdefault(key(checked), checked)
    return list(kept.values())


@dataclass
class Entry:
    id: int
    film_id: int
    watched: str | None
    rating: int | None
    rewatch: bool = False
    liked: bool = False
    review: str | None = None
    spoilers: bool = False
    tags: list[str] = field(default_factory=list)
    created_at: str = ""
    updated_at: str = ""
    companions: list[str] = field(default_factory=list)  # with whom
    place: str | None = None  # where: a cinema, home
    platform: str | None = None  # on what: Netflix, a disc

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "watched": self.watched,
            "rating": as_number(self.rating),
            "rewatch": self.rewatch,
            "liked": self.liked,
            "tags": self.tags,
            "review": self.review,
            "spoilers": self.spoilers,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "companions": self.companions,
            "place": self.place,
            "platform": self.platform,
        }


@dataclass
class Film:
    id: int
    title: str
    year: int | None
    directors: list[str] = field(default_factory=list)
    original_title: str | None = None
    runtime: int | None = None
    imdb_id: str | None = None
    tmdb_id: int | None = None
    letterboxd_uri: str | None = None
    genres: list[str] = field(default_factory=list)
    rating: int | None = None
    liked: bool = False
    rated_at: str | None = None
    seen: bool = False
    countries: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """'Solaris (1972)', the way films are named in messages."""
        return f"{self.title} ({self.year})" if self.year else self.title

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "year": self.year,
            "directors": self.directors,
            "rating": as_number(self.rating),
            "original_title": self.original_title,
            "runtime": self.runtime,
            "genres": self.genres,
            "countries": self.countries,
            "imdb_id": self.imdb_id,
            "tmdb_id": self.tmdb_id,
            "letterboxd_uri": self.letterboxd_uri,
            "liked": self.liked,
            "rated_at": self.rated_at,
            "seen": self.seen,
        }


@dataclass
class FilmCard:
    """A film with every entry, oldest first, for ``show``."""

    film: Film
    entries: list[Entry]
    wanted: str | None = None  # when it was put on the watchlist, if it is on it

    @property
    def average(self) -> float | None:
        rated = [e.rating for e in self.entries if e.rating]
        return round(sum(rated) / len(rated) / 2, 2) if rated else None

    def as_json(self) -> dict[str, Any]:
        data = self.film.as_json()
        data["average_rating"] = self.average
        data["on_watchlist"] = self.wanted is not None
        data["entries"] = [e.as_json() for e in self.entries]
        return data


class FilmRow(NamedTuple):
    """One row of ``list``: a film with how often and when it was last watched.

    The fields are the row's JSON keys, in order; rating in half-stars.
    """

    id: int
    title: str
    year: int | None
    directors: list[str]
    rating: int | None
    watched_count: int
    last_watched: str | None
    liked: bool

    @property
    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def json_values(self) -> tuple[Any, ...]:
        return (*self[:4], as_number(self.rating), *self[5:])

    def as_json(self) -> dict[str, Any]:
        return dict(zip(self._fields, self.json_values(), strict=True))


class DiaryRow(NamedTuple):
    """One row of ``diary``: an entry with the film it is of.

    The fields are the row's JSON keys, in order; rating in half-stars.
    """

    id: int
    film_id: int
    title: str
    year: int | None
    directors: list[str]
    watched: str | None
    rating: int | None
    rewatch: bool
    liked: bool
    tags: list[str]
    review: str | None
    spoilers: bool
    created_at: str
    updated_at: str
    companions: list[str] = []  # noqa: RUF012 - a NamedTuple's default, never changed
    place: str | None = None
    platform: str | None = None

    @property
    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def json_values(self) -> tuple[Any, ...]:
        return (*self[:6], as_number(self.rating), *self[7:])

    def as_json(self) -> dict[str, Any]:
        return dict(zip(self._fields, self.json_values(), strict=True))


@dataclass
class NewEntry:
    """What ``add`` was asked to log, already checked."""

    title: str
    year: int | None = None
    directors: list[str] = field(default_factory=list)
    rating: int | None = None
    watched: str | None = None
    review: str | None = None
    tags: list[str] = field(default_factory=list)
    rewatch: bool = False
    liked: bool = False
    spoilers: bool = False
    companions: list[str] = field(default_factory=list)
    place: str | None = None
    platform: str | None = None


@dataclass
class Saved:
    """What ``add`` saved: the entry, its film, and what it decided on its own."""

    film: Film
    entry: Entry
    new_film: bool
    auto_rewatch: bool
    off_watchlist: bool = False
    kept: list[str] = field(default_factory=list)  # facts given that the film keeps its own of
