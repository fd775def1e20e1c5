"""Machine and plain-text forms of listings: JSON, CSV, and tab-separated lines.

None of this imports Rich: piped output and scripts start faster without it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from filmlog.models import DiaryRow, FilmCard, FilmRow
from filmlog.ratings import stars


class AsJson(Protocol):
    def as_json(self) -> dict[str, Any]: ...


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def rows_to_json(rows: Iterable[AsJson]) -> str:
    return to_json([row.as_json() for row in rows])


def rows_to_csv(rows: Sequence[AsJson], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        data = row.as_json()
        writer.writerow([_cell(data.get(c)) for c in columns])
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


LIST_CSV_COLUMNS = (
    "id",
    "title",
    "year",
    "directors",
    "rating",
    "watched_count",
    "last_watched",
    "liked",
)
DIARY_CSV_COLUMNS = (
    "id",
    "film_id",
    "watched",
    "title",
    "year",
    "directors",
    "rating",
    "rewatch",
    "liked",
    "tags",
    "spoilers",
    "review",
)


def _tsv(fields: Iterable[object]) -> str:
    # Tabs and newlines inside a value would break the columns.
    return "\t".join(" ".join(str(f).split()) if f is not None else "" for f in fields)


def films_tsv(rows: Iterable[FilmRow]) -> str:
    return "".join(
        _tsv(
            (
                r.film.title,
                r.film.year or "",
                ", ".join(r.film.directors),
                stars(r.film.rating),
                r.watched_count,
                r.last_watched or "",
            )
        )
        + "\n"
        for r in rows
    )


def diary_tsv(rows: Iterable[DiaryRow]) -> str:
    return "".join(
        _tsv(
            (
                r.entry.watched or "",
                r.film.title,
                r.film.year or "",
                stars(r.entry.rating),
                "rewatch" if r.entry.rewatch else "",
                "liked" if r.entry.liked else "",
                ", ".join(r.entry.tags),
                r.entry.id,
            )
        )
        + "\n"
        for r in rows
    )


def card_text(card: FilmCard) -> str:
    """The film card as plain text; reviews exactly as they were written."""
    film = card.film
    lines = [film.label]
    if film.directors:
        lines.append("Directed by " + ", ".join(film.directors))
    facts = [
        ("Original title", film.original_title),
        ("Runtime", f"{film.runtime} min" if film.runtime else None),
        ("Genres", ", ".join(film.genres) or None),
        ("IMDb", film.imdb_id),
        ("Letterboxd", film.letterboxd_uri),
    ]
    lines += [f"{name}: {value}" for name, value in facts if value]
    if film.rating:
        rating = f"Rating: {stars(film.rating)}"
        if card.average is not None and len([e for e in card.entries if e.rating]) > 1:
            rating += f" (average {card.average:g} over {sum(1 for e in card.entries if e.rating)})"
        lines.append(rating)
    if film.liked:
        lines.append("Liked")
    count = len(card.entries)
    lines.append("")
    lines.append(f"Watched {count} time{'s' if count != 1 else ''}" + (":" if count else ""))
    for e in card.entries:
        lines.append("  " + entry_line(e.watched, e.rating, e.rewatch, e.liked, e.tags, e.id))
    for e in card.entries:
        if e.review:
            lines.append("")
            head = f"Review, {e.watched or 'date unknown'} (entry {e.id})"
            lines.append(head + (" — contains spoilers:" if e.spoilers else ":"))
            lines.append(e.review)
    return "\n".join(lines) + "\n"


def entry_line(
    watched: str | None,
    rating: int | None,
    rewatch: bool,
    liked: bool,
    tags: list[str],
    entry_id: int,
) -> str:
    parts = [watched or "date unknown", stars(rating) or "unrated"]
    if rewatch:
        parts.append("rewatch")
    if liked:
        parts.append("liked")
    if tags:
        parts.append("tags: " + ", ".join(tags))
    parts.append(f"[entry {entry_id}]")
    return "  ".join(parts)
