"""When a change was made, in an order every machine agrees on: a hybrid logical clock.

A stamp is the wall clock's millisecond, a count, and the machine's id, as text that
sorts in time order. A machine's clock never goes back, and moves past every stamp it
has seen: an edit made after a sync brought another machine's edit is later than it,
even when this machine's wall clock is minutes behind. Two stamps are never equal (the
machine ids differ), so the later of two edits is the same on every machine.
"""

from __future__ import annotations

import datetime as dt


def _wall_ms() -> int:
    return int(dt.datetime.now(dt.UTC).timestamp() * 1000)


def parts(stamp: str) -> tuple[int, int]:
    ms, count, _ = stamp.split(".", 2)
    return int(ms), int(count)


def valid(stamp: object) -> bool:
    if not isinstance(stamp, str) or stamp.count(".") < 2:
        return False
    ms, count, machine = stamp.split(".", 2)
    return len(ms) == 13 and ms.isdigit() and len(count) == 8 and count.isdigit() and bool(machine)


class Clock:
    """This machine's clock: the latest stamp it made or saw."""

    def __init__(self, machine: str, latest: str | None) -> None:
        self.machine = machine
        self.latest = latest

    def stamp(self) -> str:
        ms, count = _wall_ms(), 0
        if self.latest is not None:
            last_ms, last_count = parts(self.latest)
            if ms <= last_ms:
                ms, count = last_ms, last_count + 1
        self.latest = f"{ms:013d}.{count:08d}.{self.machine}"
        return self.latest

    def saw(self, stamp: str) -> None:
        if self.latest is None or parts(stamp) > parts(self.latest):
            self.latest = stamp
