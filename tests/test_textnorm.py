"""The typographic folds and the one word definition of the core."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from framing.textnorm import WORD, count_words, fold_typography, typography_map


def test_fold_typography_keeps_length_and_folds_quotes_dashes_spaces() -> None:
    text = "Putin\u2019s \u201cspecial\u201d\u00a0operation \u2014 a \u2018war\u2019"
    folded = fold_typography(text)
    assert folded == "Putin's \"special\" operation - a 'war'"
    assert len(folded) == len(text)


def test_typography_map_takes_the_target_of_dashes_and_line_breaks() -> None:
    table = str.maketrans(typography_map(dash=" ", line_break=" "))
    assert "proxy\u2010war\nnow".translate(table) == "proxy war now"


def test_count_words_on_initialisms_numbers_compounds_and_contractions() -> None:
    text = "Putin’s well-known 13,000 troops and the U.S.-led alliance; 3-2, it’s 1.5%."
    assert WORD.findall(text) == [
        "Putin’s", "well-known", "13,000", "troops", "and", "the", "U.S.", "led",
        "alliance", "3-2", "it’s", "1.5",
    ]  # fmt: skip
    assert count_words(text) == 12
    assert count_words("") == 0
    assert count_words("abc123 123abc") == 2


_TEXT = st.text(alphabet="ab_9é ’'-‘\u2010\u00ad\n\t.,“”—İ²U.S", max_size=60)


@given(_TEXT)
def test_count_words_equals_the_word_pattern(text: str) -> None:
    assert count_words(text) == len(WORD.findall(text))
