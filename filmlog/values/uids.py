"""A viewing's name in every copy of the journal: the millisecond it was made, a count,
and this process's own random part, in hex. Later names sort after earlier ones (two of
one day are told by which was logged last, the same way in every journal), and two
machines never make one."""

from __future__ import annotations

import os
import time

_MINE = os.urandom(8).hex()  # this process's part: two machines never share one
# The last name made here: its millisecond, its count, and that millisecond in hex (an
# import makes many names a millisecond: the hex is written once for them).
_ms, _count, _hex = 0, 0, ""


def new() -> str:
    global _ms, _count, _hex
    ms = time.time_ns() // 1_000_000
    if ms <= _ms:  # the same millisecond (or a clock set back): count on from the last
        if _count < 0xFFFF:
            _count += 1
            return f"{_hex}{_count:04x}{_MINE}"
        ms = _ms + 1  # four digits are full: the next millisecond's first
    _ms, _count, _hex = ms, 0, f"{ms:012x}"
    return f"{_hex}0000{_MINE}"
