"""The journal as a readable Markdown document: month by month, reviews in full.

The document refers to nothing outside itself: an image in a review (`![…](…)`)
is written as a link to it, and HTML in a review as the characters typed,
so opening the document in a viewer asks no server for anything.
"""

from __future__ import annotations

import re
import sqlite3
from itertools import groupby
from typing import TextIO

from filmlog.journal import listing
from filmlog.values.dates import month_name
from filmlog.values.ratings import stars


def write(conn: sqlite3.Connection, out: TextIO) -> None:
    out.write("# Film journal\n")
    for month, group in groupby(
        listing.diary(conn, listing.DiaryFilter()), key=lambda r: (r.watched or "")[:7]
    ):
        out.write(f"\n## {month_name(month)}\n")
        for e in group:
            out.write(f"\n### {e.label}\n\n")
            facts = [e.watched or "date unknown"]
            if e.rating:
                facts.append(stars(e.rating))
            if e.rewatch:
                facts.append("rewatch")
            if e.liked:
                facts.append("♥ liked")
            if e.directors:
                facts.append("directed by " + ", ".join(e.directors))
            out.write(" · ".join(facts) + "\n")
            if e.tags:
                out.write("\nTags: " + ", ".join(e.tags) + "\n")
            if e.review:
                if e.spoilers:
                    out.write("\n> **Contains spoilers.**\n")
                out.write("\n" + inert(e.review.rstrip()) + "\n")


_IMAGE = re.compile(r"!(\[[^\]]*\]\()")
_TAG = re.compile(r"<(?=[A-Za-z/!?])")


def inert(text: str) -> str:
    """Markdown that a viewer shows without loading anything: images as links, tags as text."""
    return _TAG.sub("&lt;", _IMAGE.sub(r"\1", text))
