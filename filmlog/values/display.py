"""The one door to the terminal: text from people, files and servers, made harmless to draw.

A review, a title or a feed item may hold control characters: an escape
sequence that sets the window title, clears the screen or writes a link
(CSI, OSC, DCS, APC), a carriage return that draws over a line, a bidi
override that shows text in another order than it is stored. Whatever is
drawn on a terminal goes through ``printable``, which shows each such
character as a visible symbol instead (ESC as ␛, a bidi override as �), so
nothing in the journal is ever executed by the terminal. The journal itself,
JSON and CSV keep the text exactly as it was written.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, line and paragraph
# separators, and the bidi embeddings, overrides and isolates. Compiled on first use, by
# re's own cache (a command that draws no text never pays for it).
_UNSAFE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
_SHOWN = {
    **{code: chr(0x2400 + code) for code in range(0x20) if code not in (9, 10)},  # ␀ … ␟
    0x7F: "\u2421",  # ␡
    **{code: "\ufffd" for code in range(0x80, 0xA0)},
    0x2028: " ",
    0x2029: " ",
    **{code: "\ufffd" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}


def printable(text: str) -> str:
    """text with every character that could steer a terminal shown as a visible symbol.

    Each character becomes one character, so offsets into the text (a search
    excerpt's matches) still hold.
    """
    if not re.search(_UNSAFE, text):
        return text
    return text.translate(_SHOWN)


def is_safe(text: str) -> bool:
    """Whether text holds nothing a terminal would act on (beside tab and newline)."""
    return re.search(_UNSAFE, text) is None


def counted(n: int, word: str, plural: str | None = None) -> str:
    """'1 film', '2 films', '1,200 entries': the one rule for a number of things."""
    if n == 1:
        return f"1 {word}"
    if plural is None:
        consonant_y = word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u")
        plural = word[:-1] + "ies" if consonant_y else word + "s"
    return f"{n:,} {plural}"
