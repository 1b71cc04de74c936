"""Tests for framing.readability on a known text (hand-computed Flesch scores)."""

from __future__ import annotations

import math

import pytest

from framing.readability import readability, syllables


def test_known_text_hand_computed():
    # 17 words, 2 sentences; Pyphen gives sunny, happy 2 syllables and "very" 1 (a known
    # hyphenation-based undercount), the rest 1: 19 syllables.
    text = "The cat sat on the mat. It was a sunny day and the cat was very happy."
    out = readability(text)
    assert (out["n_words"], out["n_sentences"]) == (17, 2)
    assert [syllables(w) for w in ("cat", "sunny", "happy", "very", "operation")] == [
        1,
        2,
        2,
        1,
        4,
    ]
    assert out["n_syllables"] == 19
    assert out["flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * 8.5 - 84.6 * 19 / 17)
    assert out["flesch_kincaid_grade"] == pytest.approx(0.39 * 8.5 + 11.8 * 19 / 17 - 15.59)
    assert out["mean_sentence_length"] == 8.5


def test_harder_text_scores_lower():
    easy = readability("We ran. The dog ran too. It was fun.")
    hard = readability(
        "The unprecedented intensification of multilateral negotiations necessitated "
        "comprehensive reconsideration of international security architecture."
    )
    assert hard["flesch_reading_ease"] < easy["flesch_reading_ease"]
    assert hard["flesch_kincaid_grade"] > easy["flesch_kincaid_grade"]


def test_empty_text_gives_nan_scores_and_zero_counts():
    out = readability("")
    assert out["n_words"] == 0 and out["n_sentences"] == 0
    assert math.isnan(out["flesch_reading_ease"])
