"""A viewing's name in every copy of the journal: the millisecond it was made, a count,
and this process's own random part, in hex. Later names sort after earlier ones (two of
one day are told by which was logged last, the same way in every journal), and two
machines never make one."""

from __future__ import annotations

import os
import time

_MINE = os.urandom(8).hex()  # this process's part: two machines never share one
_last = [0, 0]  # the millisecond and count of the last name made here


def new() -> str:
    ms = time.time_ns() // 1_000_000
    if ms <= _last[0]:  # the same millisecond (or a clock set back): count on from the last
        ms, count = _last[0], _last[1] + 1
        if count > 0xFFFF:  # four digits are full: the next millisecond's first
            ms, count = ms + 1, 0
    else:
        count = 0
    _last[0], _last[1] = ms, count
    return f"{ms:012x}{count:04x}{_MINE}"
