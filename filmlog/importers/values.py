"""Cell values of export files: dates, years, ratings, HTML reviews."""

from __future__ import annotations

import datetime as dt
import html
import re

from filmlog.importers.sources import ImportRefused, Member, Row


def iso_date(member: Member, row: Row, column: str, label: str) -> str | None:
    """A YYYY-MM-DD cell as it is, or None when empty; other forms are refused."""
    value = row.values.get(column)
    if not value:
        return None
    try:
        if len(value) == 10 and value[4] == "-" and value[7] == "-":
            dt.date.fromisoformat(value)
            return value
    except ValueError:
        pass
    value = value.strip()
    raise ImportRefused(
        f"{member.label}, line {row.line}: {label} {value!r} is not a date like 2024-06-02;"
        " this is not the file the export wrote"
    )


def year(member: Member, row: Row, column: str = "year") -> int | None:
    value = row.values.get(column)
    if not value:
        return None
    if value.isdigit() and 1800 <= int(value) <= 2200:
        return int(value)
    value = value.strip()
    if not value:
        return None
    raise ImportRefused(f"{member.label}, line {row.line}: the year {value!r} is not a year")


def stars(member: Member, row: Row, column: str = "rating") -> int | None:
    """A Letterboxd rating, 0.5 to 5 in half steps, as half-stars."""
    value = row.values.get(column)
    if not value:
        return None
    try:
        halves = float(value) * 2
    except ValueError:
        halves = -1
    if halves != int(halves) or not 1 <= halves <= 10:
        raise ImportRefused(
            f"{member.label}, line {row.line}: the rating {value!r} is not 0.5 to 5 stars"
        )
    return int(halves)


def yes(row: Row, column: str) -> bool | None:
    """'Yes' -> True, '' -> False; None when the file has no such column."""
    if column not in row.values:
        return None
    return row.get(column).lower() in ("yes", "true", "1")


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def markdown_from_html(text: str) -> str:
    """Review text as Markdown: paragraphs, line breaks, bold, italics and links kept.

    Letterboxd writes reviews as text with a little HTML in it, sometimes
    unbalanced; plain text is kept as it is.
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
    return re.sub(r"\n{3,}", "\n\n", converted).strip()
