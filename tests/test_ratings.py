from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from filmlog.values.errors import BadValue
from filmlog.values.ratings import as_number, parse_rating, stars


@pytest.mark.parametrize(
    ("text", "half_stars"),
    [
        ("4.5", 9),
        ("4,5", 9),
        ("4½", 9),
        ("4 ½", 9),
        ("½", 1),
        ("0.5", 1),
        ("5", 10),
        ("1", 2),
        ("★★★★½", 9),
        ("★★★★★", 10),
        ("★", 2),
        ("★★★☆☆", 6),
        ("9/10", 9),
        ("10/10", 10),
        ("1/10", 1),
        ("4.5/5", 9),
        ("3/5", 6),
        (" 3.5 ", 7),
    ],
)
def test_accepted_forms(text: str, half_stars: int) -> None:
    assert parse_rating(text) == half_stars


@pytest.mark.parametrize(
    "text",
    ["6", "4.3", "abc", "0", "0/10", "11/10", "5.5/5", "7.5/10", "", "½★", "4.5½", "-1", "4/7"],
)
def test_refused_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(BadValue) as err:
        parse_rating(text)
    assert repr(text) in err.value.message
    assert "4.5, 4½, ★★★★½, 9/10 or 4.5/5" in err.value.message
    assert err.value.exit_code == 2


def test_stars_and_numbers() -> None:
    assert stars(9) == "★★★★½"
    assert stars(1) == "½"
    assert stars(None) == ""
    assert as_number(9) == 4.5
    assert as_number(None) is None


@given(st.integers(min_value=1, max_value=10))
def test_every_rating_reads_back_in_every_form(h: int) -> None:
    assert parse_rating(stars(h)) == h
    assert parse_rating(str(h / 2)) == h
    assert parse_rating(f"{h}/10") == h
    assert parse_rating(f"{h / 2}/5") == h


@given(st.text(max_size=12))
def test_any_text_is_a_rating_or_a_clear_refusal(text: str) -> None:
    try:
        value = parse_rating(text)
    except BadValue as exc:
        assert "invalid rating" in exc.message
    else:
        assert 1 <= value <= 10
