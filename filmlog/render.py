"""Rich renderables for a terminal: film cards, review panels, tables.

Renderers build and return; the CLI decides where they are printed, and tests
render them to text at a fixed width.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import groupby
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from filmlog.models import DiaryRow, Entry, FilmCard, FilmRow
from filmlog.ratings import stars

if TYPE_CHECKING:
    from filmlog.importers.session import Summary

STAR_STYLE = "green"


def film_card(card: FilmCard) -> RenderableType:
    film = card.film
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    if film.directors:
        facts.add_row("Directed by", ", ".join(film.directors))
    if film.original_title and film.original_title != film.title:
        facts.add_row("Original title", film.original_title)
    if film.runtime:
        facts.add_row("Runtime", f"{film.runtime} min")
    if film.genres:
        facts.add_row("Genres", ", ".join(film.genres))
    if film.imdb_id:
        facts.add_row("IMDb", film.imdb_id)
    if film.rating:
        rating = Text(stars(film.rating), style=STAR_STYLE)
        rated = [e for e in card.entries if e.rating]
        if len(rated) > 1 and card.average is not None:
            rating.append(f"  average {card.average:g} over {len(rated)}", style="dim")
        elif film.rated_at and not card.entries:
            rating.append(f"  rated {film.rated_at}", style="dim")
        facts.add_row("Rating", rating)
    if film.liked:
        facts.add_row("Liked", Text("♥", style="red"))
    count = len(card.entries)
    if count:
        facts.add_row("Watched", f"{count} time{'s' if count != 1 else ''}")
    else:
        facts.add_row("Watched", "seen, no diary entries" if film.seen else "not yet")
    title = Text(film.title, style="bold")
    if film.year:
        title.append(f" ({film.year})", style="dim")
    parts: list[RenderableType] = [Panel(facts, title=title, title_align="left")]
    if card.entries:
        parts.append(_entries_table(card.entries))
    parts += [review_panel(e) for e in card.entries if e.review]
    return Group(*parts)


def _entries_table(entries: Sequence[Entry]) -> Table:
    table = Table(box=None, padding=(0, 2), show_edge=False)
    for name in ("Date", "Rating", "", "Tags", "Entry"):
        table.add_column(name, style="dim" if name == "Entry" else None)
    for e in entries:
        table.add_row(
            e.watched or "date unknown",
            Text(stars(e.rating), style=STAR_STYLE),
            _flags(e),
            ", ".join(e.tags),
            str(e.id),
        )
    return table


def _flags(e: Entry) -> Text:
    text = Text()
    if e.rewatch:
        text.append("↻ rewatch ", style="cyan")
    if e.liked:
        text.append("♥", style="red")
    return text


def review_panel(e: Entry) -> Panel:
    title = Text(e.watched or "date unknown")
    if e.rating:
        title.append("  " + stars(e.rating), style=STAR_STYLE)
    if e.spoilers:
        return Panel(
            Markdown(e.review or ""),
            title=title,
            title_align="left",
            subtitle=Text("⚠ contains spoilers", style="bold red"),
            subtitle_align="left",
            border_style="red",
        )
    return Panel(Markdown(e.review or ""), title=title, title_align="left")


def films_table(rows: Sequence[FilmRow]) -> Table:
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("Title", overflow="fold")
    table.add_column("Year", justify="right")
    table.add_column("Directors", overflow="fold")
    table.add_column("Rating", style=STAR_STYLE, no_wrap=True)
    table.add_column("Seen", justify="right")
    table.add_column("Last watched", no_wrap=True)
    for r in rows:
        table.add_row(
            r.film.title,
            str(r.film.year or ""),
            ", ".join(r.film.directors),
            stars(r.film.rating),
            str(r.watched_count or ""),
            r.last_watched or "",
        )
    return table


def diary_table(rows: Sequence[DiaryRow]) -> Table:
    """Entries newest first, grouped under month headings like a paper diary."""
    table = Table(show_edge=False, pad_edge=False, header_style="bold", show_header=True)
    table.add_column("Day", justify="right", no_wrap=True)
    table.add_column("Film", overflow="fold")
    table.add_column("Rating", style=STAR_STYLE, no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("Tags", overflow="fold")
    table.add_column("Entry", style="dim", justify="right")
    for month, group in groupby(rows, key=lambda r: (r.entry.watched or "")[:7]):
        table.add_row(Text(_month_name(month), style="bold magenta"), end_section=False)
        for r in group:
            film = Text(r.film.title)
            if r.film.year:
                film.append(f" ({r.film.year})", style="dim")
            day = r.entry.watched[8:10] if r.entry.watched else ""
            table.add_row(
                day,
                film,
                stars(r.entry.rating),
                _flags(r.entry),
                ", ".join(r.entry.tags),
                str(r.entry.id),
            )
    return table


def _month_name(month: str) -> str:
    if not month:
        return "Date unknown"
    return dt.date(int(month[:4]), int(month[5:7]), 1).strftime("%B %Y")


def import_summary(summary: Summary) -> RenderableType:
    from filmlog.formats import summary_notes, summary_rows, summary_title

    table = Table(title=summary_title(summary), title_justify="left", show_edge=False)
    table.add_column("")
    for name in ("added", "updated", "skipped"):
        table.add_column(name, justify="right")
    for kind, added, updated, skipped in summary_rows(summary):
        table.add_row(kind, str(added), str(updated), str(skipped))
    return Group(table, *(Text(note, style="dim") for note in summary_notes(summary)))
