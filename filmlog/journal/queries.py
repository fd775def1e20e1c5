"""The filters of `list` and `diary` as a person (or an assistant) gives them: text read by
each value's one rule, and ranges that hold nothing refused.

The command line and the MCP server both build their queries here, so a
filter means the same and is refused with the same words either way; only
the name of the option differs (`--min-rating`, `min_rating`), and the
caller says how to write it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from filmlog.journal.listing import DiaryFilter, FilmFilter, FilmSort
from filmlog.values.checks import check_year, parse_decade
from filmlog.values.errors import BadValue
from filmlog.values.ratings import parse_rating, stars

Named = Callable[[str], str]  # how an option is written: "min_rating" -> "--min-rating"


def flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def films(*, named: Named = flag, **given: Any) -> FilmFilter:
    """The query of `list`: given holds FilmFilter's fields, as typed (None: not given)."""
    year, decade = given.get("year"), given.get("decade")
    if year is not None and decade is not None:
        raise BadValue(f"give {named('year')} or {named('decade')}, not both")
    sort = given.get("sort") or "title"
    if sort not in {s.value for s in FilmSort}:
        raise BadValue(
            f"{named('sort')} must be one of {', '.join(s.value for s in FilmSort)}, not {sort!r}"
        )
    query = FilmFilter(
        director=given.get("director"),
        year=check_year(int(year)) if year is not None else None,
        decade=parse_decade(str(decade)) if decade is not None else None,
        rating=_rating(given.get("rating")),
        min_rating=_rating(given.get("min_rating")),
        max_rating=_rating(given.get("max_rating")),
        tag=given.get("tag"),
        genre=given.get("genre"),
        watched_since=_bound(given.get("watched_since"), end=False),
        watched_until=_bound(given.get("watched_until"), end=True),
        liked=bool(given.get("liked")),
        unrated=bool(given.get("unrated")),
        companion=given.get("companion"),
        place=given.get("place"),
        platform=given.get("platform"),
        sort=sort,
        reverse=bool(given.get("reverse")),
        limit=given.get("limit"),
    )
    in_order(
        named("watched_since"), query.watched_since, named("watched_until"), query.watched_until
    )
    in_order(named("min_rating"), query.min_rating, named("max_rating"), query.max_rating)
    return query


def diary(*, named: Named = flag, **given: Any) -> DiaryFilter:
    """The query of `diary`: given holds DiaryFilter's fields, as typed, and a year."""
    query = DiaryFilter(
        since=_bound(given.get("since"), end=False),
        until=_bound(given.get("until"), end=True),
        director=given.get("director"),
        tag=given.get("tag"),
        rating=_rating(given.get("rating")),
        min_rating=_rating(given.get("min_rating")),
        max_rating=_rating(given.get("max_rating")),
        liked=bool(given.get("liked")),
        companion=given.get("companion"),
        place=given.get("place"),
        platform=given.get("platform"),
        limit=given.get("limit"),
        on_this_day=given.get("on_this_day"),
        brief=bool(given.get("brief")),
    )
    year = given.get("year")
    if year is not None:
        check_year(int(year))
        query = query._replace(
            since=max(query.since or "", f"{int(year):04d}-01-01"),
            until=min(query.until or "9999", f"{int(year):04d}-12-31"),
        )
    in_order(named("since"), query.since, named("until"), query.until)
    in_order(named("min_rating"), query.min_rating, named("max_rating"), query.max_rating)
    return query


def in_order(low_name: str, low: object, high_name: str, high: object) -> None:
    """Refuse a range that holds nothing (--since 2026 --until 2025): a slip, not a question."""
    if low is not None and high is not None and low > high:  # type: ignore[operator]
        shown = [stars(v) if isinstance(v, int) else v for v in (low, high)]
        raise BadValue(
            f"{low_name} {shown[0]} is after {high_name} {shown[1]}: nothing lies between them"
            if isinstance(low, str)
            else f"{low_name} {shown[0]} is above {high_name} {shown[1]}: nothing lies between"
        )


def _rating(value: object) -> int | None:
    return parse_rating(str(value)) if value is not None and value != "" else None


def _bound(value: object, *, end: bool) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    from filmlog.values.dates import parse_bound  # its parsers load only when a date is given

    return parse_bound(str(value), end=end).isoformat()
