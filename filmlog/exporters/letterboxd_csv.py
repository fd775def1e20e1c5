"""The CSV that Letterboxd's importer reads (letterboxd.com/about/importing-data).

One row per diary entry; films rated or marked watched without an entry get
a row without a WatchedDate. Ratings go in Rating (0.5-5).
"""

from __future__ import annotations

import csv
import sqlite3
from typing import TextIO

from filmlog import listing

COLUMNS = [
    "LetterboxdURI", "tmdbID", "imdbID", "Title", "Year", "Directors",
    "WatchedDate", "Rating", "Rewatch", "Tags", "Review",
]  # fmt: skip


def write(conn: sqlite3.Connection, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    logged: set[int] = set()
    for row in reversed(listing.diary(conn, listing.DiaryFilter())):
        e, f = row.entry, row.film
        logged.add(f.id)
        writer.writerow(
            [
                f.letterboxd_uri or "", f.tmdb_id or "", f.imdb_id or "", f.title, f.year or "",
                ", ".join(f.directors), e.watched or "", _stars(e.rating),
                "true" if e.rewatch else "", ", ".join(e.tags), e.review or "",
            ]
        )  # fmt: skip
    for film_row in listing.list_films(conn, listing.FilmFilter()):
        f = film_row.film
        if f.id in logged:
            continue
        writer.writerow(
            [
                f.letterboxd_uri or "", f.tmdb_id or "", f.imdb_id or "", f.title, f.year or "",
                ", ".join(f.directors), "", _stars(f.rating), "", "", "",
            ]
        )  # fmt: skip


def _stars(half_stars: int | None) -> str:
    if not half_stars:
        return ""
    return f"{half_stars / 2:g}"
