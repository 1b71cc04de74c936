"""framing.features.vader must give exactly the vaderSentiment package's scores, rule by rule."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from framing.features.vader import Vader
from framing.ingest.segment import split_sentences

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "raw" / "sample"


@lru_cache(maxsize=1)
def _pair() -> tuple[SentimentIntensityAnalyzer, Vader]:
    return SentimentIntensityAnalyzer(), Vader()


# One sentence per rule of VADER, and the quirks the package has.
RULE_CASES = [
    "VADER is smart, handsome, and funny.",
    "VADER is smart, handsome, and funny!!!!!!",  # exclamation marks, capped at 4
    "Is it good?? Really???",  # question marks
    "Is it good???? Really????",  # more than 3 question marks
    "VADER is VERY SMART, handsome, and FUNNY.",  # capitals beside lower case
    "THE WAR IS TERRIBLE",  # all capitals: no capitals emphasis
    "The book was kind of good.",  # "kind of" dampens, and is not rated itself
    "It was sort of a disaster.",
    "At least it isn't a horrible book.",  # "at least" is not a negation
    "This is the least helpful answer.",  # "least" negates
    "Least helpful.",
    "No problem at all.",  # "no" before a rated word
    "There is no good or kind option.",  # "no ... or" three words back
    "Not good, but not bad either.",  # negation and "but"
    "It was good but the ending was good and bad and good.",  # equal values with "but"
    "The food was great but the service was great too, great!",
    "I have never been so happy.",  # "never so" boosts
    "Never this good, never so happy, never good.",
    "Without doubt a good film.",  # "without doubt" does not negate
    "It is without a doubt good.",
    "The bomb was the bomb.",  # special cases
    "That movie is to die for, a kiss of death for others.",
    "yeah right, the shit was bad ass",
    "He really really did not like it.",
    "She was not very good and extremely bad.",
    "I couldn't care less, it's hardly great.",
    "Uh-uh, that wasn't nice.",
    ":) :-( <3 :D",  # emoticons survive punctuation stripping
    "I love it 😍😍 so much 👍!",  # emojis become their descriptions
    "great😀great",
    "",
    "   ",
    "!!!",
    "good",
]


@pytest.mark.parametrize("text", RULE_CASES)
def test_each_rule_scores_as_the_package(text: str) -> None:
    package, ours = _pair()
    assert ours.polarity_scores(text) == package.polarity_scores(text)


def test_every_sample_sentence_scores_as_the_package() -> None:
    package, ours = _pair()
    n = 0
    for path in sorted(SAMPLE.glob("*")):
        text = path.read_text(encoding="utf-8")
        for start, end in split_sentences(text):
            sentence = text[start:end]
            assert ours.polarity_scores(sentence) == package.polarity_scores(sentence), sentence
            n += 1
    assert n > 150


_WORDS = [
    "good", "bad", "not", "no", "but", "very", "VERY", "GOOD", "kind", "of", "least", "at",
    "never", "so", "this", "without", "doubt", "the", "bomb", "isn't", "hardly", "or", "nor",
    "war", "peace", "killed", "great", "kiss", "death", "sort", "!", "?", ":)", "'good'",
    "(bad)", "😍", "fine", "rarely", "Nope", "extremely", "love", "hate",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=14), st.sampled_from([" ", "  ", ", "]))
def test_random_word_sequences_score_as_the_package(words: list[str], sep: str) -> None:
    package, ours = _pair()
    text = sep.join(words)
    assert ours.polarity_scores(text) == package.polarity_scores(text)


def test_the_lexicon_can_be_extended_like_the_package() -> None:
    ours = Vader()
    ours.lexicon["zzterm"] = -2.0
    assert ours.polarity_scores("a zzterm here")["compound"] < 0
    assert Vader().polarity_scores("a zzterm here")["compound"] == 0.0
