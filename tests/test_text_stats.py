"""text_stats gives exactly what count_words, readability and subjectivity give one by one."""

from __future__ import annotations

import math

import pytest

from framing.features import readability, stance
from framing.features.text_stats import text_stats
from framing.textnorm import count_words

TEXTS = [
    "The invasion was brutal. Officials said it was a truly awful, unprovoked attack!",
    "Putin’s well-known 13,000 troops and the U.S.-led alliance — “so-called” peace talks?",
    "KYIV, March 3 (Reuters)",
    "İstanbul’da ÇOK güzel bir gün. Grüße aus Köln.",
    "   \n\t  ",
    "!!! ... ???",
    "",
    "word " * 50 + "\n\nAnother paragraph; with clauses: and lists.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_text_stats_equals_the_three_measures(text: str) -> None:
    stats = text_stats(text)
    words = count_words(text)
    assert stats.n_tokens == words
    if words:
        assert stats.readability == readability.readability(text)
        assert stats.subjectivity == stance.subjectivity(text)
    else:
        assert stats.readability == {}
        assert math.isnan(stats.subjectivity)


def test_text_stats_is_the_same_on_a_second_call() -> None:
    """The second call reads every chunk from the cache: same numbers."""
    text = TEXTS[0] + " " + TEXTS[1]
    first = text_stats(text)
    assert text_stats(text) == first
    assert first.readability == readability.readability(text)
    assert first.n_tokens == count_words(text) > 20


def test_a_text_too_long_for_the_packed_counts_is_counted_one_by_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from framing.features import text_stats as module

    text = TEXTS[0] + " " + TEXTS[1]
    expected = text_stats(text)
    monkeypatch.setattr(module, "_MASK", 5)  # fewer chunks than the text has
    assert module.text_stats(text) == expected
