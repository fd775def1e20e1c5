"""What an import's rows leave unsaid, worked out once its entries are written, in order.

A viewing whose export says nothing of rewatching is a rewatch when the same
film has an earlier one; a film whose new entries carry ratings takes its
latest rated entry's rating (the rule of records.latest_rated); then the
films' ratings a source gave (its ratings file) are applied, last.
"""

from __future__ import annotations

import json

from filmlog.imports.engine.summary import Count, Summary
from filmlog.imports.engine.writer import ImportWriter
from filmlog.journal.records import latest_rated


def infer_rewatches(writer: ImportWriter, entry_ids: list[int]) -> None:
    """Mark as rewatches the viewings of films watched before them (or earlier that day)."""
    if not entry_ids:
        return
    chosen = writer.temp_ids("_infer", entry_ids)
    writer.write(
        f"UPDATE entries SET rewatch = 1 WHERE id IN ({chosen}) AND EXISTS ("
        " SELECT 1 FROM entries e2 WHERE e2.film_id = entries.film_id AND e2.id != entries.id"
        " AND e2.watched IS NOT NULL AND entries.watched IS NOT NULL"
        " AND (e2.watched < entries.watched"
        "  OR (e2.watched = entries.watched AND e2.id < entries.id)))"
    )
    writer.write("DROP TABLE _infer")


def rate_from_entries(writer: ImportWriter, films: set[int]) -> set[int]:
    """Films whose new rated entries set their rating; the films whose rating changed.

    Those the import made take the rating of their latest rated entry, which the writer
    knew as it wrote them (in one statement: they need no note for undo); those the
    journal had, and made ones whose new entries changed since, are asked one by one,
    each old value of a film the journal had noted.
    """
    made = (films & writer.known.made) - writer.rerated  # (sets: a diary rates 30,000)
    latest = writer.latest_rated
    writer.set_ratings([(latest[f][3], latest[f][0] or None, f) for f in made if f in latest])
    changed = set(made)
    for fid in films - set(made):
        row = writer.read(latest_rated("?"), [fid]).fetchone()
        if row and writer.set_film(fid, "rating", row[0]):
            writer.set_film(fid, "rated_at", row[1])
            changed.add(fid)
    return changed


def apply_ratings(
    writer: ImportWriter,
    summary: Summary,
    ratings: list[tuple[int, int, str | None]],
    rated_here: set[int],
) -> None:
    """The ratings a source gave films (film, half stars, when): within one import they win
    over its entries' ratings; against the journal, the more recently given rating wins."""
    done = set(rated_here)
    at_once: list[tuple[int, str | None, int]] = []
    for fid, rating, rated_at in ratings:
        if writer.made(fid):  # a film this import made: the source's rating is its rating
            at_once.append((rating, rated_at, fid))
            summary.count("ratings", Count.ADDED)
            continue
        old, old_at = writer.read(
            "SELECT rating, rated_at FROM films WHERE id = ?", [fid]
        ).fetchone()
        new_here = fid in done
        if old == rating:
            summary.count("ratings", Count.ADDED if new_here else Count.SKIPPED)
        elif not new_here and old is not None and rated_at and old_at and rated_at < old_at:
            summary.count("ratings", Count.SKIPPED)  # the journal's is the newer one
        else:
            writer.set_film(fid, "rating", rating)
            writer.set_film(fid, "rated_at", rated_at)
            summary.count("ratings", Count.ADDED if old is None or new_here else Count.UPDATED)
        done.add(fid)
    writer.set_ratings(at_once)


def off_watchlist(writer: ImportWriter, films: set[int]) -> int:
    """Films an import logged or marked seen leave the watchlist, as `add` takes them off
    (`watchlist pick` would pick them), unless the source itself has them on its
    watchlist: noted, so that undo puts them back. (A film the import made is on the
    watchlist only if the source has it there.)"""
    films = {f for f in films if not writer.made(f)}
    if not films:
        return 0
    table = writer.temp_ids("watched_now", films)
    rows = writer.read(
        f"SELECT film_id, added_at, import_id FROM watchlist WHERE film_id IN ({table})"
    ).fetchall()
    for fid, added_at, import_id in rows:
        if import_id != writer.import_id:
            writer.note_old("watchlist", fid, "removed", json.dumps([added_at, import_id]))
    writer.write(f"DELETE FROM watchlist WHERE film_id IN ({table})")
    return len(rows)
