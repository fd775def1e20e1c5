"""Plain-text forms: tab-separated lines, a film's card, an import's summary (JSON and CSV
are `json_csv`'s, loaded only when asked for).

None of this imports Rich: piped output and scripts start faster without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TextIO

from filmlog.values.ratings import stars

if TYPE_CHECKING:
    from filmlog.imports.engine.summary import Summary
    from filmlog.journal.lists import ListItem, NamedList
    from filmlog.journal.search import Hit
    from filmlog.journal.watchlist import WatchItem
    from filmlog.values.models import Entry, FilmCard
    from filmlog.values.rows import DiaryRow, FilmRow


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
    "companions",
    "place",
    "platform",
)


def write_lines(
    out: TextIO, rows: Iterable[Any], fields: Callable[[Any], Iterable[object]]
) -> None:
    """Tab-separated lines, one a row, as they come (for piping into cut, sort, awk)."""
    for row in rows:
        out.write(tsv(fields(row)) + "\n")


def tsv(fields: Iterable[object]) -> str:
    return "\t".join(map(_field, fields))


def _field(value: object) -> str:
    # Tabs and newlines inside a value would break the columns: folded into spaces.
    text = "" if value is None else str(value)
    if "\t" in text or "\n" in text or "\r" in text:
        return " ".join(text.split())
    return text


def film_fields(r: FilmRow) -> tuple[object, ...]:
    return (
        r.title,
        r.year or "",
        ", ".join(r.directors),
        stars(r.rating),
        r.watched_count,
        r.last_watched or "",
    )


def diary_fields(r: DiaryRow) -> tuple[object, ...]:
    return (
        r.watched or "",
        r.title,
        r.year or "",
        stars(r.rating),
        "rewatch" if r.rewatch else "",
        "liked" if r.liked else "",
        ", ".join(r.tags),
        r.id,
    )


def hit_fields(h: Hit) -> tuple[object, ...]:
    return (h.title, h.year or "", h.watched or "", h.matched_in, h.excerpt)


def card_text(card: FilmCard) -> str:
    """The film card as plain text; reviews exactly as they were written."""
    film = card.film
    lines = [film.label]
    if film.directors:
        lines.append("Directed by " + ", ".join(film.directors))
    facts = [
        ("Original title", film.original_title if film.original_title != film.title else None),
        ("Runtime", f"{film.runtime} min" if film.runtime else None),
        ("Genres", ", ".join(film.genres) or None),
        ("Countries", ", ".join(film.countries) or None),
        ("IMDb", film.imdb_id),
        ("Letterboxd", film.letterboxd_uri),
    ]
    lines += [f"{name}: {value}" for name, value in facts if value]
    if film.rating:
        rating = f"Rating: {stars(film.rating)}"
        if film.rated_at and not card.entries:
            rating += f" (rated {film.rated_at})"
        if card.average is not None and len([e for e in card.entries if e.rating]) > 1:
            rating += f" (average {card.average:g} over {sum(1 for e in card.entries if e.rating)})"
        lines.append(rating)
    if film.liked:
        lines.append("Liked")
    count = len(card.entries)
    lines.append("")
    if count:
        lines.append(f"Watched {count} time{'s' if count != 1 else ''}:")
    else:
        lines.append("Seen; no diary entries." if film.seen else "Not seen yet.")
    for e in card.entries:
        line = "  " + entry_line(e.watched, e.rating, e.rewatch, e.liked, e.tags, e.id)
        company = company_of(e)
        lines.append(line + (f"  {company}" if company else ""))
    if card.wanted:  # after the entries "Watched N times:" introduces
        lines.append(f"On your watchlist since {card.wanted}.")
    for e in card.entries:
        if e.review:
            lines.append("")
            head = f"Review, {e.watched or 'date unknown'} (entry {e.id})"
            lines.append(head + (" — contains spoilers:" if e.spoilers else ":"))
            lines.append(e.review)
    return "\n".join(lines) + "\n"


def company_of(e: Entry | DiaryRow) -> str:
    """With whom, where and on what, in a few words: "with Kyle · at cinema · on 35mm"."""
    parts = [f"with {', '.join(e.companions)}"] if e.companions else []
    parts += [f"at {e.place}"] if e.place else []
    parts += [f"on {e.platform}"] if e.platform else []
    return " · ".join(parts)


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


def summary_rows(summary: Summary) -> list[tuple[str, int, int, int]]:
    """(kind, added, updated, skipped) for each kind the import touched."""
    return [
        (kind, c["added"], c["updated"], c["skipped"])
        for kind in summary.kinds()
        if any((c := summary.counts[kind]).values())
    ]


def summary_notes(summary: Summary) -> list[str]:
    notes = list(summary.notes)
    if summary.skipped_files:
        rest = "the rest would come in" if summary.dry_run else "the rest came in"
        notes.append(f"Not imported (could not be read; {rest}):")
        notes += [f"  {file}: {reason}" for file, reason in summary.skipped_files]
    if summary.skipped_rows:
        # "why: n", not "n why": the reasons are nouns of either number
        left = "; ".join(f"{why}: {n:,}" for why, n in sorted(summary.skipped_rows.items()))
        notes.append(f"Not imported: {left}.")
    if summary.ignored_files:
        notes.append(
            "Ignored (filmlog keeps no such data): " + ", ".join(_grouped(summary.ignored_files))
        )
    if summary.dry_run:
        notes.append("Dry run: nothing was written.")
    elif not summary_rows(summary):  # nothing in it was a viewing, a rating or a film
        notes.append("Nothing to import in it: the journal is unchanged.")
    elif not summary.changed():
        notes.append("Nothing new: the journal already had all of it.")
    else:
        notes.append(
            f"Import {summary.import_id}; undo it with `filmlog import undo {summary.import_id}`."
        )
    return notes


def _grouped(names: list[str]) -> list[str]:
    """Ignored files, a folder of several (deleted/, orphaned/) named once with its count."""
    by_top: dict[str, list[str]] = {}
    for name in names:
        by_top.setdefault(name.split("/", 1)[0] + "/" if "/" in name else name, []).append(name)
    return [
        group[0] if len(group) == 1 else f"{top} ({len(group)} files)"
        for top, group in by_top.items()
    ]


def sync_line(source: str, summary: Summary) -> str:
    """What a sync brought in, in one line (for cron's mail)."""
    counts = summary.counts_json()
    entries = counts.get("entries", {})
    added, updated = entries.get("added", 0), entries.get("updated", 0)
    reviews = counts.get("reviews", {}).get("added", 0)
    parts = []
    if added:
        parts.append(f"{added} new {'entry' if added == 1 else 'entries'}")
    if updated:
        parts.append(f"{updated} updated")
    if reviews:
        parts.append(f"{reviews} with a review")
    what = ", ".join(parts) or "film facts only"
    if summary.dry_run:
        return f"Would bring in from {source}: {what} (dry run)."
    return (
        f"Synced {source}: {what}"
        f" (import {summary.import_id}; `filmlog import undo {summary.import_id}` takes it back)."
    )


def summary_title(summary: Summary) -> str:
    verb = "Would import" if summary.dry_run else "Imported"
    return f"{verb} {summary.title or f'{summary.source} {summary.path}'}"


def import_summary_text(summary: Summary) -> str:
    lines = [summary_title(summary)]
    counted = summary_rows(summary)
    if counted:  # no table of no rows
        lines.append(f"{'':<10}{'added':>8}{'updated':>9}{'skipped':>9}")
    for kind, added, updated, skipped in counted:
        lines.append(f"{kind:<10}{added:>8}{updated:>9}{skipped:>9}")
    lines += summary_notes(summary)
    return "\n".join(lines) + "\n"


def watchlist_fields(w: WatchItem) -> tuple[object, ...]:
    return (w.film.title, w.film.year or "", ", ".join(w.film.directors), w.added_at)


def named_list_fields(n: NamedList) -> tuple[object, ...]:
    return (n.name, n.count, n.description or "")


def write_list(out: TextIO, named: NamedList, items: Iterable[ListItem], *, json: bool) -> None:
    """A list and its films, as they are read: JSON (its items an array) or plain lines."""
    if json:
        from filmlog.present.json_csv import write_named_list

        write_named_list(out, named, items)
        return
    out.write(named.name + "\n")
    if named.description:
        out.write(named.description + "\n\n")
    for i in items:
        out.write(f"{i.position}. {i.film.label}" + (f" — {i.note}" if i.note else "") + "\n")
