"""Dates people type: ISO dates, words like 'yesterday', phrases like 'last friday'.

One rule for a watched date, typed or imported: a day that exists, not
before the first films were shown (FIRST_SCREENINGS) and not after today.
Numbers in another order than ISO are taken only when they can mean one
day: 25/12/2024 is Christmas, 06/02/2024 could be 6 February or 2 June and
is refused with the forms that are accepted. A year alone (2020) is not a
day, except as the bound of a range (`diary --since 2020`).
"""

from __future__ import annotations

import datetime as dt
import re

from filmlog.values.errors import BadValue

ACCEPTED = "a date like 2026-11-20, 'today', 'yesterday', '3 days ago' or 'last friday'"
UNKNOWN = frozenset({"unknown", "none", "-"})
# Films were first shown to audiences in the 1880s and 1890s; a viewing before
# 1870 is a slip of the keyboard, or a placeholder of the file it came from.
FIRST_SCREENINGS = dt.date(1870, 1, 1)

# (Patterns as text, compiled by `re` when first used and kept in its cache: a command
# that never needs one does not pay the 30-150 µs of compiling it at start-up.)
_ISO_LIKE = r"\d{4}-\d{1,2}-\d{1,2}"
_YEAR_FIRST = r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})"
_YEAR_LAST = r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})"
_YEAR_MONTH = r"(\d{4})(?:-(\d{1,2}))?"


def check_watched(day: dt.date, text: str, today: dt.date | None = None) -> dt.date:
    """A watched date as the journal keeps it: not before FIRST_SCREENINGS nor after today."""
    today = today or dt.date.today()
    if day > today:
        raise BadValue(f"invalid date {text!r}: {day.isoformat()} is in the future")
    if day < FIRST_SCREENINGS:
        raise BadValue(f"invalid date {text!r}: {day.isoformat()} is before films were first shown")
    return day


def parse_date(text: str, today: dt.date | None = None) -> dt.date:
    """Parse a watched date; refuse days that do not exist, lie ahead, or are ambiguous."""
    today = today or dt.date.today()
    s = " ".join(text.strip().lower().split())
    if not s:
        raise BadValue(f"invalid date {text!r}: use {ACCEPTED}")
    if re.fullmatch(_ISO_LIKE, s):
        year, month, day = (int(part) for part in s.split("-"))
        value = _day(year, month, day, text)
    elif s == "today":
        value = today
    elif s == "yesterday":
        value = today - dt.timedelta(days=1)
    elif m := re.fullmatch(_YEAR_FIRST, s):
        value = _day(int(m[1]), int(m[2]), int(m[3]), text)
    elif m := re.fullmatch(_YEAR_LAST, s):
        value = _day_or_month_first(m, text)
    elif re.fullmatch(_YEAR_MONTH, s):
        raise BadValue(f"invalid date {text!r}: give the day too, e.g. {s[:4]}-06-15")
    elif s.replace(" ", "").isdigit():
        raise BadValue(f"invalid date {text!r}: use {ACCEPTED}")
    else:
        value = _parse_phrase(s, today, text)
    return check_watched(value, text, today)


def parse_optional_date(text: str, today: dt.date | None = None) -> dt.date | None:
    """Like parse_date, but 'unknown' means the date is not known."""
    if text.strip().lower() in UNKNOWN:
        return None
    return parse_date(text, today)


def parse_bound(text: str, *, end: bool, today: dt.date | None = None) -> dt.date:
    """A bound of a range of dates (--since, --until): a date, or a year or a month, which
    stands for its first day (since) or its last (until)."""
    m = re.fullmatch(_YEAR_MONTH, text.strip())
    if m is None:
        return parse_date(text, today)
    year, month = int(m[1]), int(m[2]) if m[2] else None
    if month is not None and not 1 <= month <= 12:
        raise BadValue(f"invalid date {text!r}: there is no month {month}")
    if not end:
        return _day(year, month or 1, 1, text)
    if month is None or month == 12:
        return _day(year, 12, 31, text)
    return _day(year, month + 1, 1, text) - dt.timedelta(days=1)


def _day(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise BadValue(f"invalid date {text!r}: there is no such day") from None


def _day_or_month_first(m: re.Match[str], text: str) -> dt.date:
    first, second, year = int(m[1]), int(m[2]), m[3]
    if len(year) == 2:
        raise BadValue(f"invalid date {text!r}: write the year in full, or use {ACCEPTED}")
    if first > 12 >= second:
        return _day(int(year), second, first, text)
    if second > 12 >= first or first == second:
        return _day(int(year), first, second, text)
    raise BadValue(
        f"invalid date {text!r}: it could be day/month or month/day;"
        f" write it as {int(year):04d}-{second:02d}-{first:02d} or"
        f" {int(year):04d}-{first:02d}-{second:02d}"
    )


# Phrases that name a day by where it lies from today ("3 days ago", "last friday").
_RELATIVE = r"\b(ago|last|this|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"


def _parse_phrase(s: str, today: dt.date, original: str) -> dt.date:
    # dateparser costs ~60 ms to import, so only phrases pay for it.
    import dateparser

    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": dt.datetime.combine(today, dt.time()),
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if not re.search(_RELATIVE, s):
        # "June 2020" is no day: without this, dateparser would pick today's day of June.
        settings["REQUIRE_PARTS"] = ["day", "month"]
    parsed = dateparser.parse(s, languages=["en"], settings=settings)
    if parsed is None:
        raise BadValue(f"invalid date {original!r}: use {ACCEPTED}")
    return parsed.date()


def month_name(month: str) -> str:
    """'2024-01' -> 'January 2024'; an empty month is a date not known."""
    if not month:
        return "Date unknown"
    return dt.date(int(month[:4]), int(month[5:7]), 1).strftime("%B %Y")
