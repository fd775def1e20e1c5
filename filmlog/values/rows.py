"""The rows of listings (`list`, `diary`): tuples read straight from a query, their fields
the rows' JSON keys. Apart from the models, so a listing loads nothing it does not show."""

from __future__ import annotations

from typing import Any, NamedTuple

from filmlog.values.ratings import as_number


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
