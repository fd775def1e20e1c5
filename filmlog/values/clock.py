"""The time, as the journal writes it: every layer may ask it (a stamp on a row, an HTTP
client's log), none needs the journal's writer for it."""

from __future__ import annotations

import datetime as dt


def now() -> str:
    """Now in UTC, to the second, as ISO 8601: the stamps of rows and imports."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def after(previous: str | None) -> str:
    """Now, for an edit of a row stamped previous: never the same second or earlier, so the
    later of two versions of a row is always the edited one (a clock that never goes back)."""
    stamp = now()
    if not previous or previous < stamp:
        return stamp
    try:
        then = dt.datetime.fromisoformat(previous)
    except ValueError:
        return stamp
    return (then + dt.timedelta(seconds=1)).isoformat(timespec="seconds")


def today() -> dt.date:
    """Today's date where the person is (the local date)."""
    return dt.date.today()
