"""The rules a value is checked by before it is kept: a title, a name, a year, a decade,
a column of names."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import lru_cache

from filmlog.values.errors import BadValue

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
        import unicodedata  # (only for text that is not plain ASCII: most never needs it)

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


_DECADE = r"(?P<digits>\d{2}|\d{4})'?s?"  # compiled on first use, by re's cache


def parse_decade(text: str) -> int:
    """'1990s', '1990' or '90s' -> 1990."""
    m = re.fullmatch(_DECADE, text.strip().lower())
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
    if isinstance(values, str):
        if "," not in values:  # one name, as most cells hold: no split
            name = values.strip()
            return [name] if name else []
        values = [values]
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


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
