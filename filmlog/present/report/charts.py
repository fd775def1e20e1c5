"""Numbers into shapes for the page's SVG charts: plain geometry, drawn by the template.

Each shape carries its own words (a label and a title), so a screen reader
and a mouse pointer get the number the shape stands for.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

CELL = 11  # a calendar day's square, and the gap after it
GAP = 2
LEFT = 28  # room for the weekday names
TOP = 16  # room for the month names
LABELS = 16  # at most this many columns' labels fit under a chart


@dataclass(frozen=True)
class Column:
    label: str  # under the column: "Jan", "2019", "4½"
    value: int
    title: str  # the whole sentence: "January 2024: 31 viewings"
    labelled: bool  # whether its label and value are drawn (some of many, so they fit)
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    baseline: float
    peak: int
    columns: list[Column]
    values: bool  # whether each column's value is drawn above it (when few enough)


def columns(
    values: list[tuple[str, str, int]], *, width: int = 640, height: int = 180
) -> ColumnChart:
    """A column chart of (label, title, value): columns share the width, the tallest
    reaches the top, and room is left below for the labels and above for the values."""
    baseline = height - 22
    room = baseline - 18
    peak = max((v for _, _, v in values), default=0)
    step = width / max(len(values), 1)
    bar = step * 0.7
    every = math.ceil(len(values) / LABELS) or 1
    shapes = []
    for i, (label, title, value) in enumerate(values):
        h = room * value / peak if peak else 0
        shapes.append(
            Column(
                label,
                value,
                title,
                i % every == 0,
                round(i * step + (step - bar) / 2, 2),
                round(baseline - h, 2),
                round(bar, 2),
                round(h, 2),
            )
        )
    return ColumnChart(width, height, baseline, peak, shapes, len(values) <= LABELS)


@dataclass(frozen=True)
class Day:
    date: str
    films: int
    level: int  # 0 (none) to 4 (four or more), the square's shade
    x: int
    y: int


@dataclass(frozen=True)
class Calendar:
    width: int
    height: int
    days: list[Day]
    months: list[tuple[str, int]]  # a month's short name and the x of its first week
    weekdays: list[tuple[str, int]]  # Mon, Wed, Fri and their rows' y


def calendar(year: int, per_day: dict[str, int]) -> Calendar:
    """A year as weeks (columns, Monday on top) of days, each shaded by its films."""
    first = dt.date(year, 1, 1)
    offset = first.weekday()  # Jan 1's row; the first column starts on its Monday
    days = []
    months = []
    day = first
    pitch = CELL + GAP
    while day.year == year:
        index = (day - first).days + offset
        x, y = LEFT + index // 7 * pitch, TOP + index % 7 * pitch
        if day.day == 1:
            months.append((day.strftime("%b"), x))
        films = per_day.get(day.isoformat(), 0)
        days.append(Day(day.isoformat(), films, min(films, 4), x, y))
        day += dt.timedelta(days=1)
    weeks = (days[-1].x - LEFT) // pitch + 1
    weekdays = [
        (name, TOP + row * pitch + CELL - 2) for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri"))
    ]
    return Calendar(LEFT + weeks * pitch, TOP + 7 * pitch, days, months, weekdays)
