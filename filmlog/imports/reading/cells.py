"""Values as files write them: dates in any day and month order, years, ratings, yes and no.

One reader for the files people, apps and spreadsheets write, used by every
source: what it cannot read is a BadValue in one line (the source names the
file and the line). Values go on from here through the journal's own rules
(checks.check_title, check_name, dates.check_watched), the same as typed ones.

Dates: ISO (2022-06-30, with or without a time), the three numeric orders
(30/06/2022, 6/30/2022, 2022/06/30; dots and dashes too; two-digit years),
and English month names (Jun 30, 2022; Tue Jan 24 22:45:32 2017). A file is
read in the one order that fits every date in it, a date after today or
before the first films fitting none; when more than one fits (every day of
the file is the 12th or before), the import stops and asks for --date-order.
A watched date is then checked as a typed one is (dates.check_watched), by
the import session.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from filmlog.values.checks import check_year
from filmlog.values.dates import FIRST_SCREENINGS
from filmlog.values.errors import BadValue
from filmlog.values.ratings import parse_rating

ORDERS = ("ymd", "dmy", "mdy")
ORDER_NAMES = {"ymd": "year/month/day", "dmy": "day/month/year", "mdy": "month/day/year"}

# (Patterns as text, compiled by `re` when first used and kept in its cache: a command
# that never needs one does not pay the 30-150 µs of compiling it at start-up.)
_ISO = r"(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ]\d)"
_NUMERIC = r"(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})\.?$"
_TIME_AFTER = r"[ T]"  # what ends a date's part of a date and time
_SPACES = r"[\s\u00a0\u202f]+"
# English month names: one reading whatever the order of the file.
_NAMED = (
    "%b %d %Y",
    "%B %d %Y",
    "%d %b %Y",
    "%d %B %Y",
    "%a %b %d %H:%M:%S %Y",
    "%b %d %H:%M:%S %Y",
    "%a %d %b %Y",
    "%A %d %B %Y",
    "%a %b %d %Y",
)


def _named(value: str) -> dt.date | None:
    text = " ".join(re.sub(_SPACES, " ", value).replace(",", " ").split())
    for form in _NAMED:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def _full_year(year: str) -> int:
    """A year as written: two digits are this century's (23 is 2023, and 28 is 2028: a day
    ahead, which no viewing can have; that is what tells 28-06-23 from 2028-06-23)."""
    if len(year) == 4:
        return int(year)
    if len(year) != 2:
        raise ValueError(year)
    return 2000 + int(year)


def _plain_iso(text: str) -> bool:
    """Whether a date is written as most files write one (2022-06-30): read without a
    pattern (a file's dates are read some three times each, while its order is found)."""
    return (
        len(text) == 10
        and text[4] == "-"
        and text[7] == "-"
        and text.isascii()
        and text.replace("-", "").isdigit()
    )


def read_day(value: str, order: str) -> dt.date:
    """The day a date cell names when the file's dates are in order (ymd, dmy or mdy), or
    ValueError."""
    text = value.strip()
    if _plain_iso(text):
        return dt.date.fromisoformat(text)
    iso = re.match(_ISO, text)
    if iso:
        return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
    numeric = re.match(_NUMERIC, re.split(_TIME_AFTER, text, maxsplit=1)[0])
    if numeric:
        a, b, c = numeric[1], numeric[2], numeric[3]
        if len(a) == 4 or order == "ymd":
            if len(a) != 4 and len(c) == 4:
                raise ValueError(value)
            return dt.date(_full_year(a), int(b), int(c))
        if order == "dmy":
            return dt.date(_full_year(c), int(b), int(a))
        return dt.date(_full_year(c), int(a), int(b))
    named = _named(text)
    if named is None:
        raise ValueError(value)
    return named


def _one_reading(value: str) -> bool:
    """Whether the date reads the same in every order (2022-06-30, 2022/06/30, Jun 30 2022)."""
    if _plain_iso(value):
        return True
    numeric = re.match(_NUMERIC, re.split(_TIME_AFTER, value, maxsplit=1)[0])
    return numeric is None or len(numeric[1]) == 4


def order_of(values: Iterable[str], given: str | None = None, today: dt.date | None = None) -> str:
    """The one order that reads every date of a file (values: the file's date cells), or
    BadValue naming a date no order reads, or asking for --date-order when several do.

    Only dates written with numbers alone choose the order: an order fits when it reads
    each of them as a day from the first films to today.
    """
    today = today or dt.date.today()
    # In the file's order: the first date that cannot be read is the one named
    distinct = list(dict.fromkeys(v.strip() for v in values if v and v.strip()))
    ambiguous = []  # the dates written with numbers alone, which choose the order
    for value in distinct:
        if not _one_reading(value):
            ambiguous.append(value)
        elif not _reads(value, "ymd", today, bounded=False):
            raise BadDate(value, "is not a date")
    if given is not None:
        for value in ambiguous:
            if not _reads(value, given, today, bounded=False):
                raise BadDate(value, f"is not a date in the order {ORDER_NAMES[given]}")
        return given
    fits = []
    first_failure: dict[str, str] = {}
    for order in ORDERS:
        failed = next((v for v in ambiguous if not _reads(v, order, today)), None)
        if failed is None:
            fits.append(order)
        else:
            first_failure[order] = failed
    if not fits:
        hopeless = [v for v in ambiguous if not any(_reads(v, o, today) for o in ORDERS)]
        if hopeless:
            raise BadDate(
                hopeless[0],
                "is not a date in any order of day, month and year (from the first films to today)",
            )
        one, other = sorted(first_failure.values(), key=distinct.index)[:2]
        raise BadValue(
            f"the dates are in more than one order of day and month ({one!r}, {other!r}):"
            " write them all one way"
        )
    readings = {order: [read_day(v, order) for v in ambiguous] for order in fits}
    if len({tuple(days) for days in readings.values()}) > 1:
        example = next(v for v in ambiguous if len({read_day(v, o) for o in fits}) > 1)
        options = " or ".join(f"--date-order {o}" for o in fits)
        raise AmbiguousDates(
            f"the dates could be read as {' or '.join(ORDER_NAMES[o] for o in fits)}"
            f" (e.g. {example!r}): say which with {options}"
        )
    return fits[0]


class AmbiguousDates(BadValue):
    """Dates that more than one order of day and month reads."""


class BadDate(BadValue):
    """A date cell no order reads: the value, and what is wrong with it."""

    def __init__(self, value: str, problem: str) -> None:
        super().__init__(f"{value!r} {problem}")
        self.value = value
        self.problem = problem


def _reads(value: str, order: str, today: dt.date, bounded: bool = True) -> bool:
    try:
        day = read_day(value, order)
    except ValueError:
        return False
    return not bounded or FIRST_SCREENINGS <= day <= today


class FileDates:
    """The dates of one file, read in the order that fits them all (see order_of)."""

    def __init__(self, values: Iterable[str], given: str | None = None) -> None:
        distinct = list(dict.fromkeys(values))
        self.order = order_of(distinct, given)
        # Each cell's day as ISO, read once (a file's days recur): a hot loop may look a
        # cell up here, and call for the cell not found (an empty one: None). A cell
        # written 2022-06-30 is its own day, read already by order_of.
        self.days: dict[str | None, str] = {}
        chose = False  # whether the file's own dates chose its order (numbers alone)
        for value in distinct:
            if not value:
                continue
            if _plain_iso(value):
                self.days[value] = value
            elif not chose and not _one_reading(value.strip()):
                chose = True
        self.telling = given is None and chose

    def __call__(self, value: str | None) -> str | None:
        """The cell's day as ISO, None for an empty cell."""
        done = self.days.get(value)
        if done is not None:
            return done
        if not value or not value.strip():
            return None
        try:
            day = read_day(value, self.order)
        except ValueError:
            raise BadDate(value.strip(), "is not a date") from None
        done = self.days[value] = day.isoformat()
        return done


class DateOrder:
    """The order of day and month of the files of one import: the one given (--date-order),
    else each file's own; a file whose dates several orders read takes the order another
    file of the same import showed (one export, one spreadsheet's habits)."""

    def __init__(self, given: str | None = None) -> None:
        self.given = given
        self.shown: str | None = None

    def of(self, values: Iterable[str]) -> FileDates:
        values = list(values)
        try:
            dates = FileDates(values, self.given)
        except AmbiguousDates:
            if self.shown is None:
                raise
            return FileDates(values, self.shown)
        if dates.telling and self.shown is None:
            self.shown = dates.order
        return dates


def year(value: str | None) -> int | None:
    """A release year, None when the cell is empty or IMDb's placeholder for a year not
    known yet (????); '1994.0' is a spreadsheet's 1994."""
    read = _YEARS.get(value) if value is not None else None
    if read is not None:
        return read
    found = _year(value)
    if found is not None and len(_YEARS) < 10_000:  # a file names a few hundred years
        _YEARS[value or ""] = found
    return found


_YEARS: dict[str, int] = {}


def _year(value: str | None) -> int | None:
    text = (value or "").strip().removesuffix(".0")
    if not text.strip("?"):
        return None
    if not text.isdigit():
        raise BadValue(f"the year {value!r} is not a year")
    return check_year(int(text))


_PLAIN_STARS: dict[str | None, int] = {f"{h / 2:g}": h for h in range(1, 11)}
_PLAIN_STARS.update({f"{h / 2:.1f}": h for h in range(1, 11)})


def stars(value: str | None) -> int | None:
    """A rating of ½ to 5 stars (4,5 from a spreadsheet set to French too), as half-stars;
    None for an empty cell."""
    plain = _PLAIN_STARS.get(value)  # (as most files write it: one lookup)
    if plain is not None or not value:
        return plain
    text = value.strip()
    if not text:
        return None
    plain = _PLAIN_STARS.get(text)
    if plain is not None:
        return plain
    try:
        return parse_rating(text)
    except BadValue:
        raise BadValue(f"the rating {value!r} is not 0.5 to 5 stars") from None


def tenths(value: str | None) -> int | None:
    """A rating of 1 to 10 (IMDb's, Trakt's) as half-stars: 9 is ★★★★½."""
    text = (value or "").strip().removesuffix(".0")
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 10:
        raise BadValue(f"the rating {value!r} is not 1 to 10")
    return int(text)


def text(value: object) -> str:
    """A value of a JSON answer or file as text: a string, or a number written as one; an
    object, a list, true/false or null is no text (a crafted answer may put any of them
    where a title was: it is not stored as "{'a': 1}")."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def yes(value: str | None) -> bool:
    """'Yes', 'true', '1', 'x' are yes; anything else (an empty cell) no."""
    if not value:  # (most cells: no call)
        return False
    return value.strip().lower() in ("yes", "y", "true", "1", "x", "✓")


def local_day(stamp: str | None) -> str | None:
    """The day, in the person's time zone (TZ), of a moment a server wrote with its offset
    ("2023-11-05T00:55:00.000Z"); a moment without one is taken as local already."""
    if stamp is not None and not isinstance(stamp, str):
        raise BadDate(str(stamp)[:40], "is not a date and time")
    written = (stamp or "").strip()
    if not written:
        return None
    try:
        moment = dt.datetime.fromisoformat(written)
    except ValueError:
        raise BadDate(written[:40], "is not a date and time") from None
    if moment.tzinfo is None:
        return moment.date().isoformat()
    if not 1870 <= moment.year <= 9998:
        raise BadDate(written[:40], "is not a date of a viewing")
    return moment.astimezone(_local_zone()).date().isoformat()


def _local_zone() -> dt.tzinfo | None:
    """The zone TZ names ("Europe/Madrid"), else the system's (None: the platform's own)."""
    import os
    import time

    name = os.environ.get("TZ", "").removeprefix(":")
    if name:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass  # a POSIX rule ("CET-1CEST"): the platform reads it
    time.tzset()
    return None
