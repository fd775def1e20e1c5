"""The report as HTML: one file that needs nothing else and asks no server for anything.

jinja2 escapes every value it is given (autoescape), so a title or a tag is
text whatever it holds. Reviews are Markdown rendered by markdown-it with raw
HTML and images turned off: `<script>` stays text, an image would be a
request, and links whose scheme could run code (javascript:, data:) are
left as the text they were.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

from filmlog import __version__
from filmlog.present.report import charts, data
from filmlog.values.dates import month_name
from filmlog.values.display import counted
from filmlog.values.ratings import stars

if TYPE_CHECKING:
    import jinja2
    from markdown_it import MarkdownIt

WEB = ("https://", "http://", "mailto:")
EXCERPT = 280  # characters of a favourite's review shown beside it
# Nothing may load or run: no script, image, frame, font or request; the page's
# own styles only.
POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def write(conn: sqlite3.Connection, year: int | None, out: TextIO) -> data.Page:
    """Write the page for year (None: all time) to out, a piece at a time; return
    what it showed."""
    page = data.gather(conn, year)
    markdown = _markdown()
    context = {
        "page": page,
        "numbers": page.numbers,
        "policy": POLICY,
        "version": __version__,
        "made": dt.date.today().isoformat(),
        "timeline": _timeline(page),
        "ratings": _ratings(page),
        "calendar": charts.calendar(year, page.days) if year else None,
        "decades": [data.Ranked(f"The {d}", n) for d, n in page.numbers["decades"].items()],
        "kinds": _kinds(page),
        "company": {
            name: [data.Ranked(r["name"], r["entries"]) for r in page.numbers.get(key, [])]
            for name, key in (
                ("with", "top_companions"),
                ("at", "top_places"),
                ("on", "top_platforms"),
            )
        },
        "favourites": [(f, _excerpt(markdown, f.review)) for f in page.favourites],
        "reviews": _rendered(markdown, data.reviews(conn, year)),
    }
    for piece in _environment().get_template("page.html.j2").generate(context):
        out.write(piece)
    return page


def _environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("filmlog.present.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters |= {"stars": stars, "day": _day, "count": counted, "month": month_name}
    return env


def _markdown() -> MarkdownIt:
    """Markdown as a review means it: tables as tables, a bare address as a link, headings
    below the film's title (a review's # is no bigger than the film it is about)."""
    from markdown_it import MarkdownIt

    markdown = (
        MarkdownIt("commonmark", {"html": False, "linkify": True})
        .enable(["table", "linkify"])
        .disable("image")
    )
    # A link stays a link only when it leads to a web page or an address; any
    # other (javascript:, data:, file:, a path beside the page) stays text.
    markdown.validateLink = lambda url: url.strip().lower().startswith(WEB)  # type: ignore[method-assign]
    markdown.add_render_rule("heading_open", _lower_heading)
    markdown.add_render_rule("heading_close", _lower_heading)
    return markdown


REVIEW_HEADINGS = 3  # a review's articles are headed h3: its own # is an h4


def _lower_heading(renderer: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    level = min(int(token.tag[1]) + REVIEW_HEADINGS, 6)
    token.tag = f"h{level}"
    return str(renderer.renderToken(tokens, idx, options, env))


def _rendered(markdown: MarkdownIt, reviews: Iterator[data.Review]) -> Iterator[dict[str, Any]]:
    from markupsafe import Markup

    for review in reviews:
        # markdown-it escapes the text itself (html is off), so its output is safe as it is.
        yield {"review": review, "html": Markup(markdown.render(review.text))}


def _excerpt(markdown: MarkdownIt, text: str | None) -> str | None:
    """The review's words as plain text, cut at a word before EXCERPT characters."""
    if not text:
        return None
    # A paragraph's pieces join as written ("*Heath Ledger*." is "Heath Ledger."); a line
    # break within it, and paragraphs, are spaces.
    words = " ".join(
        "".join(
            child.content if child.type in ("text", "code_inline") else " "
            for child in token.children or []
            if child.type in ("text", "code_inline", "softbreak", "hardbreak")
        )
        for token in markdown.parse(text)
        if token.type == "inline"
    ).split()
    plain = " ".join(words)
    if len(plain) <= EXCERPT:
        return plain
    return plain[:EXCERPT].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def _timeline(page: data.Page) -> charts.ColumnChart:
    numbers = page.numbers
    if page.year:
        per_month = numbers["per_month"]
        return charts.columns(
            [
                (month_name(m)[:3], f"{month_name(m)}: {counted(n, 'viewing')}", n)
                for m, n in per_month.items()
            ]
        )
    per_year = {int(y): n for y, n in numbers["per_year"].items()}
    # Every year from the first to the last, the empty ones too: a gap is part of the story.
    years = range(min(per_year), max(per_year) + 1) if per_year else range(0)
    counts = [(y, per_year.get(y, 0)) for y in years]
    return charts.columns([(str(y), f"{y}: {counted(n, 'viewing')}", n) for y, n in counts])


def _ratings(page: data.Page) -> charts.ColumnChart:
    def label(half: int) -> str:  # 9 -> 4½: short enough for ten under one chart
        return f"{half // 2 or ''}{'½' if half % 2 else ''}"

    return charts.columns(
        [
            (label(half := round(float(r) * 2)), f"{stars(half)} ({r}): {counted(n, 'rating')}", n)
            for r, n in page.numbers["ratings"].items()
        ]
    )


def _kinds(page: data.Page) -> str:
    """The heading of what kinds of film were seen: only the kinds the journal knows."""
    shown = [
        name
        for name, known in (
            ("Genres", page.genres),
            ("countries", page.countries),
            ("decades", page.numbers["decades"]),
        )
        if known
    ]
    if not shown:
        return ""
    text = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
    return text[0].upper() + text[1:]


def _day(iso: str | None, with_year: bool = False) -> str:
    """'2024-06-01' → 'Sat 1 June' (with 2024 when asked)."""
    if not iso:
        return "date unknown"
    day = dt.date.fromisoformat(iso)
    text = f"{day:%a} {day.day} {day:%B}"
    return f"{text} {day.year}" if with_year else text
