"""Watched dates: ISO dates, words like 'yesterday', phrases like 'last friday'."""

from __future__ import annotations

import datetime as dt
import re

from filmlog.errors import BadValue

ACCEPTED = "a date like 2026-11-20, 'today', 'yesterday', '3 days ago' or 'last friday'"
UNKNOWN = frozenset({"unknown", "none", "-"})

_ISO_LIKE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def parse_date(text: str, today: dt.date | None = None) -> dt.date:
    """Parse a watched date; refuse days that do not exist or lie ahead."""
    today = today or dt.date.today()
    s = " ".join(text.strip().lower().split())
    if not s:
        raise BadValue(f"invalid date {text!r}: use {ACCEPTED}")
    if _ISO_LIKE.fullmatch(s):
        try:
            year, month, day = (int(part) for part in s.split("-"))
            value = dt.date(year, month, day)
        except ValueError:
            raise BadValue(f"invalid date {text!r}: there is no such day") from None
    elif s == "today":
        value = today
    elif s == "yesterday":
        value = today - dt.timedelta(days=1)
    else:
        value = _parse_phrase(s, today, text)
    if value > today:
        raise BadValue(f"invalid date {text!r}: {value.isoformat()} is in the future")
    return value


def parse_optional_date(text: str, today: dt.date | None = None) -> dt.date | None:
    """Like parse_date, but 'unknown' means the date is not known."""
    if text.strip().lower() in UNKNOWN:
        return None
    return parse_date(text, today)


def _parse_phrase(s: str, today: dt.date, original: str) -> dt.date:
    # dateparser costs ~60 ms to import, so only phrases pay for it.
    import dateparser

    parsed = dateparser.parse(
        s,
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": dt.datetime.combine(today, dt.time()),
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    if parsed is None:
        raise BadValue(f"invalid date {original!r}: use {ACCEPTED}")
    return parsed.date()


def month_name(month: str) -> str:
    """'2024-01' -> 'January 2024'; an empty month is a date not known."""
    if not month:
        return "Date unknown"
    return dt.date(int(month[:4]), int(month[5:7]), 1).strftime("%B %Y")
