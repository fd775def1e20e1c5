"""One CSV row per diary entry, with the film's facts beside it, oldest first, streamed."""

from __future__ import annotations

import sqlite3
from typing import TextIO

from filmlog.exports.entries import entries_oldest_first
from filmlog.values import csvout

COLUMNS = [
    "entry_id",
    "watched",
    "rating",
    "rewatch",
    "liked",
    "spoilers",
    "tags",
    "review",
    "film_id",
    "title",
    "year",
    "original_title",
    "directors",
    "genres",
    "runtime",
    "imdb_id",
    "tmdb_id",
    "letterboxd_uri",
    "companions",
    "place",
    "platform",
]


def write(conn: sqlite3.Connection, out: TextIO) -> None:
    writer = csvout.Writer(out)
    writer.writerow(COLUMNS)
    flag = {True: "true", False: "false"}
    writer.writerows(
        (
            e.id,
            e.watched or "",
            e.rating / 2 if e.rating else "",
            flag[e.rewatch],
            flag[e.liked],
            flag[e.spoilers],
            ", ".join(e.tags),
            e.review or "",
            e.film_id,
            e.title,
            e.year or "",
            e.original_title or "",
            ", ".join(e.directors),
            ", ".join(e.genres),
            e.runtime or "",
            e.imdb_id or "",
            e.tmdb_id or "",
            e.letterboxd_uri or "",
            ", ".join(e.companions),
            e.place or "",
            e.platform or "",
        )
        for e in entries_oldest_first(conn)
    )
