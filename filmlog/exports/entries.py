"""Every entry with all its film's facts, oldest first: what the CSV exports write."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import NamedTuple

from filmlog.journal.grouped import NameLookup, chunks
from filmlog.journal.listing import FROM_ENTRIES


class ExportRow(NamedTuple):
    """An entry with all its film's facts, as exports write them (rating in half-stars)."""

    id: int
    watched: str | None
    rating: int | None
    rewatch: bool
    liked: bool
    spoilers: bool
    tags: list[str]
    review: str | None
    film_id: int
    title: str
    year: int | None
    original_title: str | None
    directors: list[str]
    genres: list[str]
    runtime: int | None
    imdb_id: str | None
    tmdb_id: int | None
    letterboxd_uri: str | None
    companions: list[str] = []  # noqa: RUF012 - a NamedTuple's default, never changed
    place: str | None = None
    platform: str | None = None
    # The tags they were made from (`tags convert`), for an export to write back
    companion_tags: list[str | None] = []  # noqa: RUF012 - a NamedTuple's default
    place_tag: str | None = None
    platform_tag: str | None = None


def entries_oldest_first(conn: sqlite3.Connection) -> Iterator[ExportRow]:
    """Every entry with its film's facts, undated ones first, then by the day watched.

    Two queries in index order (undated by id, dated by watched date and id),
    so nothing is sorted in memory whatever the size of the diary.
    """
    names = NameLookup(conn)
    select = (
        "SELECT e.id, e.watched, e.rating, e.rewatch, e.liked, e.spoilers, e.review, e.film_id,"
        " f.title, f.year, f.original_title, f.runtime, f.imdb_id, f.tmdb_id, f.letterboxd_uri,"
        f" e.place, e.platform, e.place_tag, e.platform_tag {FROM_ENTRIES}"
    )
    for where in (
        "e.watched IS NULL ORDER BY e.id",
        "e.watched IS NOT NULL ORDER BY e.watched, e.id",
    ):
        for chunk in chunks(conn.execute(f"{select} WHERE {where}")):
            film_ids = [r[7] for r in chunk]
            directors, genres = names.directors(film_ids), names.genres(film_ids)
            tags = names.tags(r[0] for r in chunk)
            company = names.companions(r[0] for r in chunk)
            made_from = names.companion_tags(r[0] for r in chunk)
            for r in chunk:
                fid = r[7]
                yield ExportRow(
                    r[0],
                    r[1],
                    r[2],
                    bool(r[3]),
                    bool(r[4]),
                    bool(r[5]),
                    tags.get(r[0], []),
                    r[6],
                    fid,
                    r[8],
                    r[9],
                    r[10],
                    directors[fid],
                    genres[fid],
                    r[11],
                    r[12],
                    r[13],
                    r[14],
                    company.get(r[0], []),
                    r[15],
                    r[16],
                    made_from.get(r[0], []),
                    r[17],
                    r[18],
                )
