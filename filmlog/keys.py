"""Normalised keys, so that spellings people consider equal compare equal.

"Wong Kar-Wai", "wong kar-wai" and "Wong Kar Wai" share one key, and
"Agnes Varda" finds "Agnès Varda". Keys drop case, accents, punctuation and
spacing; the spelling a person typed first is kept for display.
"""

from __future__ import annotations

import unicodedata


def key(text: str) -> str:
    """The comparison key of a title or a name."""
    if text.isascii():  # most titles: the same result, without per-letter Unicode work
        kept = "".join(filter(str.isalnum, text.lower()))
        return kept or " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    kept = "".join(ch for ch in folded if ch.isalnum())
    if kept:
        return kept
    # A title made only of punctuation ("?", "...") still needs a key of its
    # own rather than colliding with every other such title.
    return " ".join(folded.split())
