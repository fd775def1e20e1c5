"""CSV as filmlog writes it: a cell that a spreadsheet would run as a formula is written
so that it shows as text.

A title, a review, a tag or a genre from TMDb may begin with `=`, `+`, `-` or
`@` (or a tab or a carriage return): opened in Excel, LibreOffice or Google
Sheets, `=HYPERLINK(…)` would run. Every CSV filmlog writes goes through
here, and such a cell gets a leading `'` (OWASP's rule for CSV injection),
which spreadsheets show as text. filmlog's own CSV readers take the `'` off
again, so an export read back is the journal that wrote it. JSON is exact.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutral(value: Any) -> Any:
    """A cell that no spreadsheet runs: text that starts like a formula gets a `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restored(value: str) -> str:
    """A cell as filmlog wrote it, read back: the `'` before a formula's start taken off."""
    if value.startswith("'") and value[1:2] and value[1] in "=+-@\t\r":
        return value[1:]
    return value


class Writer:
    """csv.writer, with every cell neutral (inline: whole-journal exports write millions)."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out, lineterminator="\n")

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow(_neutral_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        self._writer.writerows(_neutral_row(row) for row in rows)


def _neutral_row(row: Iterable[Any]) -> list[Any]:
    return ["'" + v if type(v) is str and v[:1] in _STARTS else v for v in row]


_STARTS = frozenset(FORMULA_STARTS)
