"""Exporters: one module per format, each a write(conn, out) function.

Adding a format is one new module and one line here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TextIO

from filmlog.exports import csv_export, journal_json, letterboxd_csv, markdown

Writer = Callable[[sqlite3.Connection, TextIO], None]

EXPORTERS: dict[str, Writer] = {
    "json": journal_json.write,
    "csv": csv_export.write,
    "letterboxd": letterboxd_csv.write,
    "markdown": markdown.write,
}
