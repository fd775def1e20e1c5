"""What a source says of a viewing, and what filmlog's own export says besides: the
typed values that travel from a source through the session to the writer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


@dataclass(slots=True)  # (not frozen: made once a row, and a frozen one costs 4× to make)
class Viewing:
    """A viewing as a source holds it. rewatch None: the source does not say (order says)."""

    watched: str | None = None
    rating: int | None = None  # half stars
    rewatch: bool | None = False
    liked: bool = False
    review: str | None = None
    spoilers: bool = False
    tags: tuple[str, ...] | list[str] = ()
    companions: tuple[str, ...] | list[str] = ()  # with whom
    place: str | None = None  # where
    platform: str | None = None  # on what (else the source's own, if it is a platform)
    uri: str | None = None  # its Letterboxd page
    logged: str | None = None  # when it was logged there (the entry's creation), ISO


class Exported(NamedTuple):
    """What filmlog's own export says of an entry besides its values."""

    id: int | None
    created: str
    updated: str
    uid: str | None = None
    newer_wins: bool = False  # another journal's: its later edit of an entry wins


@dataclass(eq=False, repr=False)  # (no eq, repr: unused, made at start-up)
class Restored:
    """A film as filmlog's own export has it, given whole to a film the import makes."""

    rating: int | None = None
    rated_at: str | None = None
    seen: bool = False
    liked: bool = False
    stamps: tuple[str, str] | None = None  # created_at, updated_at
    countries: list[str] = field(default_factory=list)

    def columns(self) -> dict[str, Any]:
        """Its values, as the new film's columns."""
        return {
            "rating": self.rating,
            "rated_at": self.rated_at,
            "seen": int(self.seen),
            "liked": int(self.liked),
        }
