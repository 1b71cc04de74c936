"""Tests for framing.features.readability: hand-computed Flesch scores and textstat-equal counts."""

from __future__ import annotations

import math

import pytest
import textstat
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.features.readability import counts, readability, syllables


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
    assert counts("") == (0, 0, 0)


EDGE_CASES = [
    "",
    " ",
    "...",
    "— ! ?",
    "Hello",
    "Hi. Bye.",
    "The U.S. and the U.K. met Dr. Smith at 3 p.m. on Jan. 5.",
    "GDP grew 3.5 per cent, to $1,200.50 (up 0.2%)!",
    'He said "no." Then she said: "We will not go, never!"',
    "“We’re done,” she said. ‘It’s over’ — they don’t agree.",
    "It's a well-known, long-term state-of-the-art plan - and it ' s fine .",
    "Wait... what?! Really?? Yes!!! OK.",
    "a b ...c d e. f g",
    "3.5 million people — 1.2m children — fled.",
    "\n\nKYIV, March 3 (Reuters) -\n\nThe army   said\tit\u00a0had\u2009won.\n",
    "'Tis the season; rock 'n' roll isn' t dead; o'clock. '' ' ' '",
    "snake_case and __init__ and 42 and ½ and ² and café naïve Zürich",
    "e\u0301 \u0301 \u0301\u0301 . x y z .",
    "Line one\u2028line two\u2029line three. And\x1cfour\x1dfive\x1esix\x1fseven.",
    "!Hello there friend. ?Why not now? .Yes we can.",
    'a "b c. x y z.',
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_counts_equal_textstat_on_edge_cases(text):
    n_words, n_sentences, _ = counts(text)
    assert n_words == textstat.lexicon_count(text)
    assert n_sentences == textstat.sentence_count(text)


def test_counts_equal_textstat_on_sample_articles(sample_corpus):
    texts = sample_corpus.articles["text"].tolist()
    assert len(texts) == 5
    for text in texts:
        n_words, n_sentences, _ = counts(text)
        assert n_words == textstat.lexicon_count(text) > 100
        assert n_sentences == textstat.sentence_count(text) > 5


# Text built from word-, punctuation- and space-like pieces (random characters rarely give
# three words between two full stops).
_PIECES = st.sampled_from(
    ["the", "Cat", "x1", "42", "_", "'s", "don't", "é", "\u0301", "'", '"', "“", "”", "’",
     "-", "—", ",", "(", ")", ".", "!", "?", "...", "3.5", "U.S.", "\n", "\n\n", "\t",
     "\u00a0", *[" the", " Cat", " ", " ", " "] * 3]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_counts_equal_textstat_on_random_text(text):
    n_words, n_sentences, _ = counts(text)
    assert n_words == textstat.lexicon_count(text)
    assert n_sentences == textstat.sentence_count(text)


def test_syllables_sum_over_words_with_apostrophes():
    # "don't" is one syllable word; digits and punctuation carry none.
    text = "Don't re-read 42 operations, O'Brien."
    expected = sum(syllables(w) for w in ("Don't", "re", "read", "operations", "O'Brien"))
    assert counts(text) == (5, 1, expected)


def test_hyphenation_points_equal_pyphen(sample_corpus):
    import pyphen

    from framing.features.readability import _WORD, _hyphenation_points

    hyphenator = pyphen.Pyphen(lang="en_US")
    words = {w for text in sample_corpus.articles["text"] for w in _WORD.findall(text)}
    words |= {"a", "I", "Zelenskiy", "O'Brien", "don’t", "antidisestablishmentarianism",
              "hyphenation", "supercalifragilisticexpialidocious", "rhythm", "xyzzy"}  # fmt: skip
    assert len(words) > 500
    for word in sorted(words):
        assert _hyphenation_points(word.lower()) == len(hyphenator.positions(word.lower())), word


def test_a_long_chunk_without_spaces_counts_like_textstat():
    # A pasted URL or data blob: one match attempt per stretch keeps this linear.
    text = "See " + "x" * 20_000 + " now. It is very long indeed!"
    assert counts(text)[:2] == (textstat.lexicon_count(text), textstat.sentence_count(text))
    assert counts(text)[:2] == (8, 2)
