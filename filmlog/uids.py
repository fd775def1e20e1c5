"""A viewing's name in every copy of the journal: the milliseconds it was made, a count,
and randomness, in hex. Later names sort after earlier ones (two of one day are told by
which was logged last, the same way in every journal), and two machines never make one."""

from __future__ import annotations

import secrets
import time

_last = [0, 0]  # the milliseconds and count of the last name made here


def new() -> str:
    ms = time.time_ns() // 1_000_000
    if ms <= _last[0]:  # the same millisecond (or a clock set back): count on from the last
        ms, count = _last[0], _last[1] + 1
    else:
        count = 0
    _last[0], _last[1] = ms, count
    return f"{ms:012x}{count:04x}{secrets.token_hex(8)}"
