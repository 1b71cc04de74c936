"""Sentence and paragraph offsets: abbreviations, initials, quotes, and exact spans."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.ingest.segment import split_paragraphs, split_sentences


def _sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On Tuesday, tech billionaire Elon Musk posted a video in which American economist "
            "Jeffrey D. Sachs described the conflict. It was unable to confirm the date.",
            [
                "On Tuesday, tech billionaire Elon Musk posted a video in which American "
                "economist Jeffrey D. Sachs described the conflict.",
                "It was unable to confirm the date.",
            ],
        ),
        (
            "Despite throwing billions of U.S. taxpayers dollars into the war, Washington failed. "
            "A U.S. Marine said a soldier’s life expectancy was only 4 hours.",
            [
                "Despite throwing billions of U.S. taxpayers dollars into the war, Washington "
                "failed.",
                "A U.S. Marine said a soldier’s life expectancy was only 4 hours.",
            ],
        ),
        (
            "UN Sec.-Gen. Guterres spoke on Feb. 24. Mr. Putin replied. He left the U.S. The "
            "talks ended.",
            [
                "UN Sec.-Gen. Guterres spoke on Feb. 24.",
                "Mr. Putin replied.",
                "He left the U.S.",
                "The talks ended.",
            ],
        ),
        (
            "In the video, Sachs states, “This is not an attack by Vladimir Putin on Ukraine, as "
            "we are told today.” It was unable to confirm the video’s precise time and date.",
            [
                "In the video, Sachs states, “This is not an attack by Vladimir Putin on Ukraine, "
                "as we are told today.”",
                "It was unable to confirm the video’s precise time and date.",
            ],
        ),
        (
            '"My goal is to freeze the game," Macron said. "This goal for me is fulfilled."',
            ['"My goal is to freeze the game," Macron said.', '"This goal for me is fulfilled."'],
        ),
        (
            "“Really?” he asked. Is it too much for us? Yes! 13,000 have been killed.",
            ["“Really?” he asked.", "Is it too much for us?", "Yes!", "13,000 have been killed."],
        ),
    ],
)
def test_split_sentences_handles_abbreviations_initials_and_quotes(
    text: str, expected: list[str]
) -> None:
    assert _sentences(text) == expected


def test_sentences_never_cross_paragraphs_and_offsets_are_exact() -> None:
    text = "First paragraph has no period\n\n  Second one. Two sentences.  \n \n\nThird"
    assert split_paragraphs(text) == [(0, 29), (33, 59), (65, 70)]
    assert _sentences(text) == [
        "First paragraph has no period",
        "Second one.",
        "Two sentences.",
        "Third",
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab. \n“”?!AU.S")), max_size=80))
def test_spans_are_ordered_stripped_and_inside_paragraphs(text: str) -> None:
    paragraphs = split_paragraphs(text)
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        assert any(p_start <= start and end <= p_end for p_start, p_end in paragraphs)
        previous_end = end
    # No character except whitespace is lost between sentences.
    assert "".join("".join(text[s:e] for s, e in spans).split()) == "".join(text.split())
