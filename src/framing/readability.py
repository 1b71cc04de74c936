"""Readability (Flesch reading ease, Flesch–Kincaid grade) and basic counts.

Words and sentences are counted with ``textstat`` (``lexicon_count``, ``sentence_count``).
Syllables are counted with ``pyphen``'s English hyphenation dictionary, the fallback that
textstat itself uses for words outside the CMU dictionary: textstat 0.7.13 calls
``nltk.download('cmudict')`` on first English use, which this offline tool must never do.
The formulas are the standard ones:

- Flesch (1948) reading ease = 206.835 − 1.015 · words/sentences − 84.6 · syllables/words
- Kincaid et al. (1975) grade = 0.39 · words/sentences + 11.8 · syllables/words − 15.59
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

import pyphen
import textstat

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
READABILITY_KEYS = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "n_words",
    "n_sentences",
    "n_syllables",
    "mean_sentence_length",
    "syllables_per_word",
)


@lru_cache(maxsize=1)
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Return the number of syllables of an English ``word`` (hyphenation points + 1)."""
    return len(_hyphenator().positions(word.lower())) + 1


def readability(text: str) -> dict[str, float]:
    """Return readability scores and counts for ``text``.

    Keys: ``flesch_reading_ease`` (higher is easier; 60–70 is plain English),
    ``flesch_kincaid_grade`` (US school grade), ``n_words``, ``n_sentences``,
    ``n_syllables``, ``mean_sentence_length`` (words per sentence) and
    ``syllables_per_word``. Scores are NaN for a text without words.

    >>> readability("The cat sat on the mat.")["n_words"]
    6
    """
    n_words = textstat.lexicon_count(text)
    n_sentences = max(1, textstat.sentence_count(text)) if n_words else 0
    # Count each distinct word once (an article repeats most of its words).
    n_syllables = sum(syllables(w) * n for w, n in Counter(_WORD.findall(text)).items())
    if not n_words:
        nan = math.nan
        return dict(zip(READABILITY_KEYS, (nan, nan, 0, 0, 0, nan, nan), strict=True))
    words_per_sentence = n_words / n_sentences
    syllables_per_word = n_syllables / n_words
    return {
        "flesch_reading_ease": 206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word,
        "flesch_kincaid_grade": 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59,
        "n_words": n_words,
        "n_sentences": n_sentences,
        "n_syllables": n_syllables,
        "mean_sentence_length": words_per_sentence,
        "syllables_per_word": syllables_per_word,
    }
