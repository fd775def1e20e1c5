"""Ratings: 0.5 to 5 stars in half steps, stored as whole half-stars (1 to 10)."""

from __future__ import annotations

import re

from filmlog.values.errors import BadValue

FULL = "★"
HALF = "½"
ACCEPTED = "0.5 to 5 stars in half steps, e.g. 4.5, 4½, ★★★★½, 9/10 or 4.5/5"

# Compiled on first use (re's cache): the usual forms never need it.
_NUMBER = r"(?P<whole>\d+(?:[.,]\d+)?)?\s*(?P<half>½)?\s*(?:/\s*(?P<scale>5|10))?"


# The forms exports write (Letterboxd's "4.5", "4"), answered without the parser.
_PLAIN = {f"{h / 2:g}": h for h in range(1, 11)} | {f"{h / 2:.1f}": h for h in range(1, 11)}


def parse_rating(text: str) -> int:
    """Return the rating in half-stars, or raise BadValue naming the text."""
    plain = _PLAIN.get(text)
    if plain is not None:
        return plain
    value = _half_stars(text.strip())
    if value is None:
        raise BadValue(f"invalid rating {text!r}: use {ACCEPTED}")
    return value


def _half_stars(s: str) -> int | None:
    if not s:
        return None
    if set(s) <= {FULL, HALF, "☆", " "} and (FULL in s or HALF in s):
        if HALF in s.rstrip("☆ ")[:-1]:
            return None  # a half star may only come last
        value = 2 * s.count(FULL) + s.count(HALF)
        return value if 1 <= value <= 10 else None
    m = re.fullmatch(_NUMBER, s)
    if not m or (m["whole"] is None and m["half"] is None):
        return None
    number = float(m["whole"].replace(",", ".")) if m["whole"] else 0.0
    if m["half"]:
        if number != int(number):
            return None  # "4.5½" means nothing
        number += 0.5
    halves = number * 2 if m["scale"] != "10" else number
    if halves != int(halves) or not 1 <= halves <= 10:
        return None
    return int(halves)


def stars(half_stars: int | None) -> str:
    """★★★★½ for 9; an empty string for no rating."""
    if not half_stars:
        return ""
    return FULL * (half_stars // 2) + (HALF if half_stars % 2 else "")


def as_number(half_stars: int | None) -> float | None:
    """The rating as a number of stars, as JSON shows it: 4.5, 3.0 or None."""
    return None if half_stars is None else half_stars / 2
