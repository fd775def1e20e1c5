from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from filmlog.values.checks import split_names
from filmlog.values.keys import key


def test_spellings_of_one_name_share_a_key() -> None:
    assert key("Wong Kar-Wai") == key("wong kar-wai") == key("Wong Kar Wai") == key("Wong Kar-wai")
    assert key("Agnes Varda") == key("Agnès Varda")
    assert key("Chungking Express") == key("chungking  express")
    assert key("Amélie") == key("AMELIE")


def test_different_names_differ() -> None:
    assert key("Wong Kar-Wai") != key("Wong Jing")
    assert key("Solaris") != key("Solaris 2")


def test_titles_without_letters_keep_a_key() -> None:
    assert key("?") == "?"
    assert key("...") != key("?")


def test_cjk_titles_are_kept() -> None:
    assert key("重慶森林") == "重慶森林"


words = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzàéèêëïîôöüçñ", min_size=1, max_size=8),
    min_size=1,
    max_size=4,
)


@given(words, st.sampled_from([" ", "-", "  ", " - ", "‐"]))
def test_separators_do_not_matter(parts: list[str], sep: str) -> None:
    assert key(sep.join(parts)) == key(" ".join(parts))


@given(words)
def test_case_and_accents_do_not_matter(parts: list[str]) -> None:
    text = " ".join(parts)
    plain = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    assert key(text.upper()) == key(text) == key(plain)


@given(st.text())
def test_key_is_stable(text: str) -> None:
    k = key(text)
    if k.isalnum():
        assert key(k) == k


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_keys_keep_letters_and_digits_alone(text: str) -> None:
    """The quick path for ASCII text keeps what the rule for any text keeps."""
    kept = "".join(ch for ch in text.lower() if ch.isalnum())
    assert key(text) == (kept or " ".join(text.lower().split()))


@given(st.one_of(st.text(), st.lists(st.text(), max_size=3)))
def test_names_split_at_commas_each_stripped_none_empty(values: str | list[str]) -> None:
    """ "a, b" or repeated values: one rule, whether a cell holds one name or several."""
    parts = [values] if isinstance(values, str) else values
    expected = [n.strip() for value in parts for n in value.split(",") if n.strip()]
    assert split_names(values) == expected
