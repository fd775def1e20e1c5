"""What a source says of a viewing, and what filmlog's own export says besides: the
typed values that travel from a source through the session to the writer."""

from __future__ import annotations

from typing import Any, NamedTuple


class Viewing:
    """A viewing as a source holds it. rewatch None: the source does not say (order says).

    (A plain class: made once a row, and a dataclass costs the import's start-up half a
    millisecond to make.)"""

    __slots__ = (
        "companions",
        "liked",
        "logged",
        "place",
        "platform",
        "rating",
        "review",
        "rewatch",
        "spoilers",
        "tags",
        "uri",
        "watched",
    )

    def __init__(
        self,
        watched: str | None = None,
        rating: int | None = None,  # half stars
        rewatch: bool | None = False,
        liked: bool = False,
        review: str | None = None,
        spoilers: bool = False,
        tags: tuple[str, ...] | list[str] = (),
        companions: tuple[str, ...] | list[str] = (),  # with whom
        place: str | None = None,  # where
        platform: str | None = None,  # on what (else the source's own, if it is a platform)
        uri: str | None = None,  # its Letterboxd page
        logged: str | None = None,  # when it was logged there (the entry's creation), ISO
    ) -> None:
        self.watched = watched
        self.rating = rating
        self.rewatch = rewatch
        self.liked = liked
        self.review = review
        self.spoilers = spoilers
        self.tags = tags
        self.companions = companions
        self.place = place
        self.platform = platform
        self.uri = uri
        self.logged = logged


class Exported(NamedTuple):
    """What filmlog's own export says of an entry besides its values."""

    id: int | None
    created: str
    updated: str
    uid: str | None = None
    newer_wins: bool = False  # another journal's: its later edit of an entry wins


class Restored:
    """A film as filmlog's own export has it, given whole to a film the import makes."""

    def __init__(
        self,
        rating: int | None = None,
        rated_at: str | None = None,
        seen: bool = False,
        liked: bool = False,
        stamps: tuple[str, str] | None = None,  # created_at, updated_at
        countries: list[str] | None = None,
    ) -> None:
        self.rating = rating
        self.rated_at = rated_at
        self.seen = seen
        self.liked = liked
        self.stamps = stamps
        self.countries = countries if countries is not None else []

    def columns(self) -> dict[str, Any]:
        """Its values, as the new film's columns."""
        return {
            "rating": self.rating,
            "rated_at": self.rated_at,
            "seen": int(self.seen),
            "liked": int(self.liked),
        }
