"""Negation scope: cue words before a span, within its clause."""

from __future__ import annotations

import pytest

from framing.errors import ParameterError
from framing.features.negation import is_negated, negation_cue


def _span(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


@pytest.mark.parametrize(
    ("text", "word", "cue"),
    [
        ("It was not an unprovoked attack.", "unprovoked", "not"),
        ("The invasion was not unprovoked, he said.", "unprovoked", "not"),
        ("This is not an attack by Vladimir Putin on Ukraine.", "attack", "not"),
        ("There has never been a genocide in Donbas.", "genocide", "never"),
        ("It wasn’t a massacre.", "massacre", "wasn’t"),
        ("They didn't invade.", "invade", "didn't"),
        ("A war without provocation.", "provocation", "without"),
        ("This is hardly a puppet government.", "puppet", "hardly"),
        ("It is not at all a genocide.", "genocide", "not"),
        ("There was no aggression.", "aggression", "no"),
    ],
)
def test_negated_spans(text: str, word: str, cue: str) -> None:
    start, end = _span(text, word)
    assert negation_cue(text, start, end) == cue
    assert is_negated(text, start, end)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Russia launched an unprovoked invasion.", "unprovoked"),
        # The clause ends at the comma / "but": the cue does not reach the span.
        ("Not a war, an unprovoked attack.", "unprovoked"),
        ("It was not a war but an unprovoked attack.", "unprovoked"),
        ("Not only brutal, it was a massacre.", "massacre"),
        ("It was not only brutal but a massacre.", "brutal"),
        ("Not. A massacre.", "massacre"),
        # Five tokens back is outside the default window of four.
        ("Nobody there ever saw such a big massacre.", "massacre"),
        ("There is no doubt it was a massacre.", "massacre"),
        ("Nothing", "Nothing"),
    ],
)
def test_not_negated_spans(text: str, word: str) -> None:
    start, end = _span(text, word)
    assert not is_negated(text, start, end)


def test_window_is_a_parameter() -> None:
    text = "Nobody there ever saw such a big massacre."
    start, end = _span(text, "massacre")
    assert negation_cue(text, start, end, window=8) == "nobody"


def test_bad_span_and_window_are_reported() -> None:
    with pytest.raises(ParameterError, match=r"span \(5, 99\) is outside the text of length 9"):
        is_negated("not a war", 5, 99)
    with pytest.raises(ParameterError, match="window must be at least 1, got 0"):
        is_negated("not a war", 6, 9, window=0)
