"""The time, as the journal writes it: every layer may ask it (a stamp on a row, an HTTP
client's log), none needs the journal's writer for it."""

from __future__ import annotations

import datetime as dt


def now() -> str:
    """Now in UTC, to the second, as ISO 8601: the stamps of rows and imports."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def today() -> dt.date:
    """Today's date where the person is (the local date)."""
    return dt.date.today()
