"""Normalised keys, so that spellings people consider equal compare equal.

"Wong Kar-Wai", "wong kar-wai" and "Wong Kar Wai" share one key, and
"Agnes Varda" finds "Agnès Varda". Keys drop case, accents, punctuation and
spacing; the spelling a person typed first is kept for display.
"""

from __future__ import annotations


def fold(text: str) -> str:
    """Text without case or accents: "Série Télévisée" -> "serie televisee"."""
    if text.isascii():
        return text.lower()
    import unicodedata  # (only for text that is not plain ASCII: most never needs it)

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def key(text: str) -> str:
    """The comparison key of a title or a name."""
    if text.isascii():  # most titles: the same result, without per-letter Unicode work
        kept = "".join(filter(str.isalnum, text.lower()))
        return kept or " ".join(text.lower().split())
    folded = fold(text)
    kept = "".join(ch for ch in folded if ch.isalnum())
    if kept:
        return kept
    # A title made only of punctuation ("?", "...") still needs a key of its
    # own rather than colliding with every other such title.
    return " ".join(folded.split())
