"""The one rule for a film's facts an import brings: what the film lacks is filled in,
what it has is never overwritten, and an id another film has is left out. (The
writer writes; the rule is here, beside the films.)"""

from __future__ import annotations

from typing import Any

from filmlog.imports.engine.batches import FILM_CELL
from filmlog.imports.engine.films import Cited
from filmlog.imports.engine.writer import FILLED, ImportWriter
from filmlog.values.film_ids import NO_IDS
from filmlog.values.keys import key


def fill_in(writer: ImportWriter, fid: int, cited: Cited) -> bool:
    """Give the film the facts it lacks; never overwrite what is there.

    An id another film already has is left out: the two stay as they are.
    A film still waiting to be written is filled in where it waits.
    """
    ids = cited.ids.without(writer.known.taken(cited.ids, fid))
    wanted = {
        k: v
        for k, v in (
            ("year", cited.year),
            ("original_title", cited.original_title),
            ("runtime", cited.runtime),
            *ids.columns().items(),
        )
        if v is not None
    }
    added = bool(wanted) and _fill_columns(writer, fid, wanted)
    others = [
        (fid, k, str(v), writer.import_id)
        for k, v in ids.others().items()
        if writer.known.ids_of.get(fid, NO_IDS).get(k) is None
    ]
    if others:
        writer.write_many(
            "INSERT OR IGNORE INTO film_ids (film_id, kind, value, import_id) VALUES (?, ?, ?, ?)",
            others,
        )
        added = True
    if added:
        writer.known.learn(fid, ids, cited.year)
    return added


def _fill_columns(writer: ImportWriter, fid: int, wanted: dict[str, Any]) -> bool:
    filled = writer.filled.get(fid)
    if filled is None:
        filled = writer.filled[fid] = _facts_of(writer, fid)
    missing = {k: v for k, v in wanted.items() if k not in filled}
    if not missing:
        return False
    filled |= set(missing)
    if "original_title" in missing:
        missing["original_title_key"] = key(missing["original_title"])
    if not writer.made(fid):
        writer.words_changed(film=fid)
    writer.set_film_values(fid, missing)  # (each was empty: undo puts back nothing)
    return True


def _facts_of(writer: ImportWriter, fid: int) -> set[str]:
    """The facts the film has now: where it waits (a film this import made, asked only
    when a later record names it again), else in the journal."""
    waiting = writer.waiting.films.get(fid)
    if waiting is not None:
        return {c for c in FILLED if waiting[FILM_CELL[c]] is not None}
    row = writer.read(f"SELECT {', '.join(FILLED)} FROM films WHERE id = ?", [fid]).fetchone()
    return {c for c, v in zip(FILLED, row, strict=True) if v}
