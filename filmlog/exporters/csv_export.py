"""One CSV row per diary entry, with the film's facts beside it, oldest first, streamed."""

from __future__ import annotations

import csv
import sqlite3
from typing import TextIO

from filmlog import listing

COLUMNS = [
    "entry_id", "watched", "rating", "rewatch", "liked", "spoilers", "tags", "review",
    "film_id", "title", "year", "original_title", "directors", "genres", "runtime",
    "imdb_id", "tmdb_id", "letterboxd_uri",
]  # fmt: skip


def write(conn: sqlite3.Connection, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e, f in listing.entries_oldest_first(conn):
        writer.writerow(
            [
                e.id, e.watched or "", e.rating / 2 if e.rating else "",
                _flag(e.rewatch), _flag(e.liked), _flag(e.spoilers), ", ".join(e.tags),
                e.review or "", e.film_id, e.title, e.year or "", f.original_title or "",
                ", ".join(e.directors), ", ".join(f.genres), f.runtime or "",
                f.imdb_id or "", f.tmdb_id or "", f.letterboxd_uri or "",
            ]
        )  # fmt: skip


def _flag(value: bool) -> str:
    return "true" if value else "false"
