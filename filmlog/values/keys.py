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


# What a key drops of plain ASCII text: every character but a letter or a digit.
_ASCII_DROPPED = bytes(b for b in range(128) if not chr(b).isalnum())


def key(text: str) -> str:
    """The comparison key of a title or a name."""
    if text.isascii():  # most titles: the same result, dropped in one pass over bytes
        lower = text.lower()
        kept = lower.encode("ascii").translate(None, _ASCII_DROPPED).decode("ascii")
        return kept or " ".join(lower.split())
    folded = fold(text)
    kept = "".join(ch for ch in folded if ch.isalnum())
    if kept:
        return kept
    # A title made only of punctuation ("?", "...") still needs a key of its
    # own rather than colliding with every other such title.
    return " ".join(folded.split())
