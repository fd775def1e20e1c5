"""The CSV that Letterboxd's importer reads (letterboxd.com/about/importing-data).

One row per diary entry; films rated or marked watched without an entry get
a row without a WatchedDate. Ratings go in Rating (0.5-5).
"""

from __future__ import annotations

import sqlite3
from typing import TextIO

from filmlog.exports.entries import ExportRow, entries_oldest_first
from filmlog.journal import company
from filmlog.journal.grouped import chunks, directors_of
from filmlog.values import csvout

COLUMNS = [
    "LetterboxdURI",
    "tmdbID",
    "imdbID",
    "Title",
    "Year",
    "Directors",
    "WatchedDate",
    "Rating",
    "Rewatch",
    "Tags",
    "Review",
]


def write(conn: sqlite3.Connection, out: TextIO) -> None:
    writer = csvout.Writer(out)
    writer.writerow(COLUMNS)
    patterns = company.as_tags(conn)  # with whom, where, on what: as the tags they were
    writer.writerows(
        (
            e.letterboxd_uri or "",
            e.tmdb_id or "",
            e.imdb_id or "",
            e.title,
            e.year or "",
            ", ".join(e.directors),
            e.watched or "",
            _stars(e.rating),
            "true" if e.rewatch else "",
            ", ".join(_tags(e, patterns)),
            e.review or "",
        )
        for e in entries_oldest_first(conn)
    )
    # Films rated or marked watched without a diary entry: a row each, without a date.
    cursor = conn.execute(
        "SELECT f.id, f.letterboxd_uri, f.tmdb_id, f.imdb_id, f.title, f.year, f.rating"
        " FROM films f WHERE f.seen = 1"
        " AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.film_id = f.id)"
        " ORDER BY f.title_key, f.year"
    )
    for chunk in chunks(cursor):
        directors = directors_of(conn, (r[0] for r in chunk))
        for fid, uri, tmdb_id, imdb_id, title, year, rating in chunk:
            writer.writerow(
                [
                    uri or "",
                    tmdb_id or "",
                    imdb_id or "",
                    title,
                    year or "",
                    ", ".join(directors.get(fid, [])),
                    "",
                    _stars(rating),
                    "",
                    "",
                    "",
                ]
            )


def _tags(e: ExportRow, patterns: dict[str, str]) -> list[str]:
    """The entry's tags, and its companions, place and platform written as tags (Letterboxd
    has no fields for them: `w/ kyle`, `@ cinema`, by the person's own rules)."""
    tags = list(e.tags)
    made_from = [*e.companion_tags, *[None] * len(e.companions)]
    pairs = zip(e.companions, made_from[: len(e.companions)], strict=True)
    tags += [t or company.tag_of(patterns, "with", w) for w, t in pairs]
    if e.place:
        tags.append(e.place_tag or company.tag_of(patterns, "at", e.place))
    if e.platform:
        tags.append(e.platform_tag or company.tag_of(patterns, "on", e.platform))
    return tags


def _stars(half_stars: int | None) -> str:
    if not half_stars:
        return ""
    return f"{half_stars / 2:g}"
