"""The journal's records as plain dataclasses (the checks of their values are `checks`).

Ratings are whole half-stars (1 to 10) and dates ISO strings, as stored.
``as_json`` gives the documented JSON shape: keys are only ever added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from filmlog.values.ratings import as_number


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
