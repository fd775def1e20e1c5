"""Rich renderables for a terminal: film cards, review panels, tables.

Renderers build and return; the CLI decides where they are printed, and tests
render them to text at a fixed width. Each imports Rich itself, so that the
CLI can hand a renderer around without loading Rich for piped output.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import groupby
from typing import TYPE_CHECKING, Any

from filmlog.values.display import counted, printable
from filmlog.values.ratings import stars
from filmlog.values.rows import DiaryRow, FilmRow

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from filmlog.journal.lists import ListItem, NamedList
    from filmlog.journal.search import Hit
    from filmlog.journal.suggest import Suggestion
    from filmlog.journal.watchlist import WatchItem
    from filmlog.values.models import Entry, FilmCard

STAR_STYLE = "green"


def words(text: str | None, style: str = "") -> Text:
    """Text from a person, a file or a server, as a table cell or a line: never read as
    Rich markup, and with anything that could steer the terminal shown as a symbol."""
    from rich.text import Text

    return Text(printable(text or ""), style=style)


def markdown(text: str | None, *, links: bool = False) -> RenderableType:
    """A review or a description, rendered as Markdown, made harmless first.

    links: the terminal makes links clickable; else each link shows its address.
    """
    from rich.markdown import Markdown

    return Markdown(printable(text or ""), hyperlinks=links)


def film_card(card: FilmCard, *, links: bool = False) -> RenderableType:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    film = card.film
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    if film.directors:
        facts.add_row("Directed by", words(", ".join(film.directors)))
    if film.original_title and film.original_title != film.title:
        facts.add_row("Original title", words(film.original_title))
    if film.runtime:
        facts.add_row("Runtime", f"{film.runtime} min")
    if film.genres:
        facts.add_row("Genres", words(", ".join(film.genres)))
    if film.countries:
        facts.add_row("Countries", words(", ".join(film.countries)))
    if film.imdb_id:
        facts.add_row("IMDb", words(film.imdb_id))
    if film.letterboxd_uri:
        facts.add_row("Letterboxd", words(film.letterboxd_uri))
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
        facts.add_row("Watched", counted(count, "time"))
    else:
        facts.add_row("Watched", "seen, no diary entries" if film.seen else "not yet")
    if card.wanted:
        facts.add_row("Watchlist", f"on it since {card.wanted}")
    title = words(film.title, "bold")
    if film.year:
        title.append(f" ({film.year})", style="dim")
    parts: list[RenderableType] = [Panel(facts, title=title, title_align="left")]
    if card.entries:
        parts.append(_entries_table(card.entries))
    days = [e.watched for e in card.entries]
    parts += [
        review_panel(e, same_day=days.count(e.watched) > 1, links=links)
        for e in card.entries
        if e.review
    ]
    return Group(*parts)


def _entries_table(entries: Sequence[Entry]) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, padding=(0, 2), show_edge=False)
    company = any(e.companions or e.place or e.platform for e in entries)
    names = ("Date", "Rating", "", "Tags", *(("With, where",) if company else ()), "Entry")
    for name in names:
        table.add_column(name, style="dim" if name == "Entry" else None)
    for e in entries:
        cells: list[RenderableType] = [
            e.watched or "date unknown",
            Text(stars(e.rating), style=STAR_STYLE),
            _flags(e),
        ]
        cells.append(words(", ".join(e.tags)))
        if company:
            from filmlog.present.formats import company_of

            cells.append(words(company_of(e)))
        table.add_row(*cells, str(e.id))
    return table


def _flags(e: Entry | DiaryRow, *, short: bool = False) -> Text:
    from rich.text import Text

    text = Text()
    if e.rewatch:
        text.append("↻" if short else "↻ rewatch", style="cyan")
    if e.liked:
        text.append(" ♥" if text else "♥", style="red")
    return text


def review_panel(e: Entry, *, same_day: bool = False, links: bool = False) -> Panel:
    """A review in a panel, headed by its viewing: the day (and, with another viewing of
    the film that day, the entry), the rating; a warning first when it spoils."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    title = Text(e.watched or "date unknown")
    if same_day:
        title.append(f" · entry {e.id}", style="dim")
    if e.rating:
        title.append("  " + stars(e.rating), style=STAR_STYLE)
    if e.spoilers:
        warning = Text("⚠ contains spoilers", style="bold red")
        body = Group(warning, Text(""), markdown(e.review, links=links))
        return Panel(body, title=title, title_align="left", border_style="red")
    return Panel(markdown(e.review, links=links), title=title, title_align="left")


def films_table(rows: Sequence[FilmRow], header: bool = True) -> Table:
    """Films, one a row. Columns have set widths, so that the tables of a long
    listing, shown a chunk at a time, line up as one."""
    from rich.table import Table

    table = Table(
        show_edge=False, pad_edge=False, header_style="bold", show_header=header, expand=True
    )
    table.add_column("Title", overflow="fold", ratio=3)
    table.add_column("Year", justify="right", width=4)
    table.add_column("Directors", overflow="fold", ratio=2)
    table.add_column("Rating", style=STAR_STYLE, no_wrap=True, width=6)
    table.add_column("Seen", justify="right", width=4)
    table.add_column("Last seen", no_wrap=True, width=10)
    for r in rows:
        table.add_row(
            words(r.title),
            str(r.year or ""),
            words(", ".join(r.directors)),
            stars(r.rating),
            str(r.watched_count or ""),
            r.last_watched or "",
        )
    return table


class DiaryTable:
    """Entries newest first, under month headings like a paper diary. Called once per
    chunk of a long diary, it heads a month only where the month begins, and its
    columns have set widths, so that the chunks line up as one table."""

    def __init__(self) -> None:
        self.month: str | None = None
        self.header = True

    def __call__(self, rows: Sequence[DiaryRow], header: bool = True) -> RenderableType:
        from rich.console import Group
        from rich.text import Text

        from filmlog.values.dates import month_name

        parts: list[RenderableType] = []
        if header and self.header:
            parts.append(self._table([], header=True))  # the column names, once
        self.header = False
        for month, group in groupby(rows, key=lambda r: (r.watched or "")[:7]):
            if month != self.month:
                parts.append(Text(month_name(month), style="bold magenta"))
                self.month = month
            parts.append(self._table(list(group), header=False))
        return Group(*parts)

    def _table(self, rows: list[DiaryRow], header: bool) -> Table:
        from rich.table import Table

        table = Table(
            show_edge=False, pad_edge=False, header_style="bold", show_header=header, expand=True
        )
        # Rewatch and like go with the film rather than in a column of their own, mostly
        # empty: at 70 columns the room is the tags'.
        table.add_column("Day", justify="right", no_wrap=True, width=3)
        table.add_column("Film", overflow="fold", ratio=3)
        table.add_column("Rating", style=STAR_STYLE, no_wrap=True, width=6)
        table.add_column("Tags", overflow="fold", ratio=2)
        table.add_column("Entry", style="dim", justify="right", width=6)
        for r in rows:
            film = words(r.title)
            if r.year:
                film.append(f" ({r.year})", style="dim")
            if r.rewatch or r.liked:
                film.append(" ").append_text(_flags(r, short=True))
            day = r.watched[8:10] if r.watched else ""
            tags = words(", ".join(r.tags))
            table.add_row(day, film, stars(r.rating), tags, str(r.id))
        return table


def diary_table(rows: Sequence[DiaryRow], header: bool = True) -> RenderableType:
    """A diary's rows, under their month headings."""
    return DiaryTable()(rows, header)


def search_hits(hits: Sequence[Hit], header: bool = True) -> RenderableType:
    """Each film found, with its excerpt and the matched words picked out."""
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = []
    for hit in hits:
        head = words(hit.title, "bold")
        if hit.year:
            head.append(f" ({hit.year})", style="dim")
        if hit.directors:
            head.append("  " + printable(", ".join(hit.directors)), style="dim")
        if hit.rating:
            head.append("  " + stars(hit.rating), style=STAR_STYLE)
        if hit.watched:
            head.append(f"  {hit.watched}", style="dim")
        # printable() maps a character to one character: the match offsets still hold.
        excerpt = words("  " + hit.excerpt.replace("\n", " "))
        for start, end in hit.spans:
            excerpt.stylize("bold yellow", start + 2, end + 2)
        parts += [head, excerpt, Text("")]
    return Group(*parts[:-1])


def _bars(title: str, counts: dict[str, int], width: int = 40) -> Table:
    """A horizontal bar chart: one row a label, its bar, and its number."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", show_header=False, box=None, padding=(0, 1))
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(justify="right")
    most = max(counts.values(), default=0) or 1
    for label, n in counts.items():
        full, part = divmod(n * width * 8 // most, 8)
        bar = "█" * full + ("▏▎▍▌▋▊▉"[part - 1] if part else "")
        table.add_row(words(label), Text(bar, style="green"), str(n))
    return table


def stats_report(data: dict[str, Any]) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    period = str(data["year"]) if data["year"] else "all time"
    head = Table.grid(padding=(0, 3))
    for _ in range(6):
        head.add_column(justify="right")
    head.add_row(
        *(Text(str(data[k]), style="bold") for k in ("films", "entries", "rewatches", "reviews")),
        Text(f"{data['hours']:g}", style="bold"),
        Text(str(data["entries_with_runtime"]), style="bold"),
    )
    head.add_row("films", "entries", "rewatches", "reviews", "hours", "timed entries")
    parts: list[RenderableType] = [
        Text(f"filmlog stats: {period}", style="bold magenta"),
        head,
        Text(""),
        _bars("Ratings", {stars(int(float(k) * 2)): n for k, n in data["ratings"].items()}),
    ]
    if data["year"]:
        months = {
            dt.date(int(k[:4]), int(k[5:]), 1).strftime("%b"): n
            for k, n in data["per_month"].items()
        }
        parts += [Text(""), _bars("Entries per month", months)]
    elif data["per_year"]:
        parts += [Text(""), _bars("Entries per year", data["per_year"])]
    if data["decades"]:
        parts += [Text(""), _bars("Films by release decade", data["decades"])]
    for title, rows, column in (
        ("Top directors", data["top_directors"], "films"),
        ("Top tags", data["top_tags"], "entries"),
        ("Watched with", data.get("top_companions", []), "entries"),
        ("Watched at", data.get("top_places", []), "entries"),
        ("Watched on", data.get("top_platforms", []), "entries"),
    ):
        if rows:
            parts += [Text(""), _bars(title, {r["name"]: r[column] for r in rows})]
    if data.get("at_a_cinema") is not None:
        share = f"{data['at_a_cinema']:.0%} of the viewings that say where were at a cinema"
        parts += [Text(""), Text(share)]
    if data["highest_rated"]:
        best = Table(title="Highest rated", title_justify="left", box=None, show_header=False)
        best.add_column()
        best.add_column(style=STAR_STYLE)
        for r in data["highest_rated"]:
            label = f"{r['title']} ({r['year']})" if r["year"] else r["title"]
            best.add_row(words(label), stars(int(r["rating"] * 2)))
        parts += [Text(""), best]
    return Group(*parts)


def next_table(rows: Sequence[Suggestion], header: bool = True) -> Table:
    """What to watch next, best first, each with why."""
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False, header_style="bold", show_header=header)
    table.add_column("Film", overflow="fold", ratio=2)
    table.add_column("Runtime", justify="right", no_wrap=True)
    table.add_column("Why", overflow="fold", ratio=3)
    for s in rows:
        table.add_row(words(s.label), f"{s.runtime} min" if s.runtime else "", words(s.why))
    return table


def watchlist_table(rows: Sequence[WatchItem], header: bool = True) -> Table:
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False, header_style="bold", show_header=header)
    for name in ("Title", "Year", "Directors", "Runtime", "Added"):
        table.add_column(name, justify="right" if name in ("Year", "Runtime") else "left")
    for w in rows:
        table.add_row(
            words(w.film.title),
            str(w.film.year or ""),
            words(", ".join(w.film.directors)),
            f"{w.film.runtime} min" if w.film.runtime else "",
            w.added_at,
        )
    return table


def lists_table(rows: Sequence[NamedList], header: bool = True) -> Table:
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False, header_style="bold", show_header=header)
    table.add_column("List")
    table.add_column("Films", justify="right")
    table.add_column("Description", overflow="fold")
    for n in rows:
        table.add_row(words(n.name), str(n.count), words((n.description or "").split("\n")[0]))
    return table


def list_heading(named: NamedList, *, links: bool = False) -> RenderableType:
    from rich.console import Group

    parts: list[RenderableType] = [words(named.name, "bold magenta")]
    if named.description:
        parts.append(markdown(named.description, links=links))
    return Group(*parts)


def list_items_table(items: Sequence[ListItem], header: bool = True) -> Table:
    """A list's films, numbered, with their rating and note (set widths: chunks line up)."""
    from rich.table import Table

    table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
    table.add_column(justify="right", style="dim", width=5)
    table.add_column(ratio=3)
    table.add_column(style=STAR_STYLE, width=6)
    table.add_column(style="dim", overflow="fold", ratio=2)
    for item in items:
        label = words(item.film.title)
        if item.film.year:
            label.append(f" ({item.film.year})", style="dim")
        table.add_row(f"{item.position}.", label, stars(item.film.rating), words(item.note))
    return table


def plain_text(renderable: RenderableType, width: int = 80) -> str:
    """A renderable as plain text for a pipe: no colours, no spaces at the ends of lines."""
    import io

    from rich.console import Console

    drawn = io.StringIO()
    Console(file=drawn, width=width, color_system=None, highlight=False).print(renderable)
    return "\n".join(line.rstrip() for line in drawn.getvalue().splitlines()) + "\n"


def svg(renderable: RenderableType, title: str, width: int = 100) -> str:
    """A renderable drawn as an SVG picture that refers to nothing outside itself.

    Rich's pictures load their font from a CDN: opening one would tell a third
    party. The font is asked of the viewer's own system instead (and else any
    monospace one).
    """
    import io
    import re

    from rich.console import Console

    recorder = Console(record=True, width=width, file=io.StringIO(), color_system="truecolor")
    recorder.print(renderable)
    picture = recorder.export_svg(title=title)
    picture = re.sub(r",\s*url\([^)]*\)\s*format\([^)]*\)", "", picture)
    return re.sub(r"<!--.*?-->", "", picture, flags=re.S)
