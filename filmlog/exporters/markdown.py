"""The journal as a readable Markdown document: month by month, reviews in full."""

from __future__ import annotations

import sqlite3
from itertools import groupby
from typing import TextIO

from filmlog import listing
from filmlog.dates import month_name
from filmlog.ratings import stars


def write(conn: sqlite3.Connection, out: TextIO) -> None:
    rows = listing.diary(conn, listing.DiaryFilter())
    out.write("# Film journal\n")
    for month, group in groupby(rows, key=lambda r: (r.entry.watched or "")[:7]):
        out.write(f"\n## {month_name(month)}\n")
        for r in group:
            e, f = r.entry, r.film
            out.write(f"\n### {f.label}\n\n")
            facts = [e.watched or "date unknown"]
            if e.rating:
                facts.append(stars(e.rating))
            if e.rewatch:
                facts.append("rewatch")
            if e.liked:
                facts.append("♥ liked")
            if f.directors:
                facts.append("directed by " + ", ".join(f.directors))
            out.write(" · ".join(facts) + "\n")
            if e.tags:
                out.write("\nTags: " + ", ".join(e.tags) + "\n")
            if e.review:
                if e.spoilers:
                    out.write("\n> **Contains spoilers.**\n")
                out.write("\n" + e.review.rstrip() + "\n")
