"""Cell values of export files: dates, years, ratings, HTML reviews."""

from __future__ import annotations

import datetime as dt
import html
import re

from filmlog.dates import check_watched
from filmlog.errors import BadValue
from filmlog.importers.sources import ImportRefused, Member, Row
from filmlog.models import check_year
from filmlog.ratings import parse_rating


def iso_date(
    member: Member, row: Row, column: str, label: str, *, watched: bool = False
) -> str | None:
    """A YYYY-MM-DD cell, or None when empty; other forms are refused.

    A time after the date (a spreadsheet's "2024-06-02 00:00:00") is dropped:
    the day is still plain. Forms like 06/02/2024 are refused, since the day
    and the month cannot be told apart.
    """
    value = (row.values.get(column) or "").strip()
    if not value:
        return None
    day = value[:10]
    try:
        if day[4:5] == "-" and day[7:8] == "-" and value[10:11] in ("", " ", "T"):
            date = dt.date.fromisoformat(day)
            if watched:  # the one rule of a watched date, as for a typed one
                try:
                    check_watched(date, value)
                except BadValue as exc:
                    raise ImportRefused(member.label, exc.message, row.line) from None
            return date.isoformat()
    except ValueError:
        pass
    raise ImportRefused(
        member.label,
        f"{label} {value!r} is not a date like 2024-06-02; this is not the file the export wrote",
        row.line,
    )


def year(member: Member, row: Row, column: str = "year") -> int | None:
    """A release year, or None when the cell is empty or IMDb's placeholder for a year not
    known yet (????); "1994.0" is a spreadsheet's 1994."""
    value = (row.values.get(column) or "").strip().removesuffix(".0")
    if not value.strip("?"):
        return None
    try:
        return check_year(int(value)) if value.isdigit() else check_year(-1)
    except BadValue:
        raise ImportRefused(member.label, f"the year {value!r} is not a year", row.line) from None


def stars(member: Member, row: Row, column: str = "rating") -> int | None:
    """A rating of 0.5 to 5 stars (4,5 from a spreadsheet set to French too), as half-stars."""
    value = (row.values.get(column) or "").strip()
    if not value:
        return None
    try:
        return parse_rating(value)
    except BadValue:
        raise ImportRefused(
            member.label, f"the rating {value!r} is not 0.5 to 5 stars", row.line
        ) from None


def yes(row: Row, column: str) -> bool | None:
    """'Yes' -> True, '' -> False; None when the file has no such column."""
    if column not in row.values:
        return None
    return row.get(column).lower() in ("yes", "true", "1")


_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def markdown_from_html(text: str) -> str:
    """Review text as Markdown: paragraphs, line breaks, bold, italics and links kept.

    Letterboxd writes reviews as text with a little HTML in it, sometimes
    unbalanced; plain text is kept as it is. A review whose markup holds no
    text (an empty link, `<a></a>`) is still a review: it is kept as written,
    never dropped.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not _TAG.search(text):
        return html.unescape(text)
    from markdownify import markdownify

    paragraphs = [p for p in re.split(r"\n[ \t\u00a0]*\n", text) if p.strip()]
    source = "".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in paragraphs)
    converted = markdownify(
        source, heading_style="ATX", escape_asterisks=False, escape_underscores=False
    )
    return re.sub(r"\n{3,}", "\n\n", converted).strip() or text
