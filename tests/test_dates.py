from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from filmlog.values.dates import parse_date, parse_optional_date
from filmlog.values.errors import BadValue

TODAY = dt.date(2026, 11, 26)  # a Thursday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20", dt.date(2026, 11, 20)),
        ("2024-2-29", dt.date(2024, 2, 29)),
        ("today", TODAY),
        ("Today", TODAY),
        ("yesterday", dt.date(2026, 11, 25)),
        ("3 days ago", dt.date(2026, 11, 23)),
        ("last friday", dt.date(2026, 11, 20)),
        ("2 weeks ago", dt.date(2026, 11, 12)),
        ("20 Nov 2026", dt.date(2026, 11, 20)),
    ],
)
def test_accepted_dates(text: str, expected: dt.date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2026-13-40", "no such day"),
        ("2025-02-29", "no such day"),
        ("2026-11-27", "in the future"),
        ("tomorrow", "in the future"),
        ("someday", "2026-11-20"),
        ("", "2026-11-20"),
    ],
)
def test_refused_dates(text: str, reason: str) -> None:
    with pytest.raises(BadValue) as err:
        parse_date(text, TODAY)
    assert reason in err.value.message
    assert repr(text) in err.value.message


def test_unknown_means_no_date() -> None:
    assert parse_optional_date("unknown", TODAY) is None
    assert parse_optional_date("yesterday", TODAY) == dt.date(2026, 11, 25)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20))
def test_any_text_is_a_date_or_a_clear_refusal(text: str) -> None:
    try:
        value = parse_date(text, TODAY)
    except BadValue as exc:
        assert "invalid date" in exc.message
    else:
        assert value <= TODAY
