"""Readability (Flesch reading ease, Flesch–Kincaid grade) and basic counts.

Words and sentences are counted exactly as ``textstat`` 0.7.13 counts them
(``lexicon_count`` and ``sentence_count``, the reference the tests compare against), but in
a few passes over the text instead of textstat's several regular-expression passes per call
and per sentence; textstat still provides the definitions:

- a *word* is a whitespace-separated chunk with at least one word character (``\\w``): what
  is left of ``lexicon_count`` after it deletes punctuation (a contraction's apostrophe,
  which it keeps, is always followed by a letter of the same chunk);
- a *sentence* is a match of ``\\b[^.!?]+[.!?]*`` with more than two words (at least one
  for a text with words). Such a match runs from the first word character after a run of
  ``.!?`` to the end of the next run, so a sentence is a stretch between runs of ``.!?``
  with three words or more.

Syllables are counted with ``pyphen``'s English hyphenation dictionary, the fallback that
textstat itself uses for words outside the CMU dictionary: textstat calls
``nltk.download('cmudict')`` on first English use, which this offline tool must never do.
pyphen provides the patterns and the algorithm; the count of its hyphenation points is
recomputed here with a shortcut that gives the same points (tests compare with pyphen).
A syllable word is a run of ASCII letters with inner apostrophes (``don't``). The formulas
are the standard ones:

- Flesch (1948) reading ease = 206.835 − 1.015 · words/sentences − 84.6 · syllables/words
- Kincaid et al. (1975) grade = 0.39 · words/sentences + 11.8 · syllables/words − 15.59
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

import pyphen

from framing.features.bounded_cache import BoundedCache

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_WORD_CHARACTER = re.compile(r"\w")
# One match per stretch between runs of ".!?" (and an empty one at each terminator); the
# group is non-empty when the stretch has at least three words: from its first word
# character, the rest of that word, optional punctuation-only chunks, the next word, and so
# on. Each stretch is tried once, from its start, so the scan stays linear in the text.
_STRETCH = re.compile(
    r"[^\w.!?]*"
    r"(\w[^\s.!?]*"
    r"(?:\s+[^\w\s.!?]+)*\s+[^\w\s.!?]*\w[^\s.!?]*"
    r"(?:\s+[^\w\s.!?]+)*\s+[^\w\s.!?]*\w|)"
    r"[^.!?]*"
)
READABILITY_KEYS = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "n_words",
    "n_sentences",
    "n_syllables",
    "mean_sentence_length",
    "syllables_per_word",
)
#: Counts of a whitespace-free chunk are packed as ``words + (syllables << _SHIFT)``, so one C
#: ``sum`` adds both over a text (a text has far fewer than 2**32 words).
_SHIFT = 32
_WORDS_MASK = (1 << _SHIFT) - 1
_NO_PREFIX = object()


@lru_cache(maxsize=1)
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, Any]:
    """Return pyphen's en_US patterns with every prefix of a pattern (None if no pattern)."""
    patterns = _hyphenator().hd.patterns
    prefixes = {key[:n]: None for key in patterns for n in range(1, len(key) + 1)}
    return prefixes | patterns


def _hyphenation_points(word: str) -> int:
    """Return ``len(pyphen.Pyphen(lang="en_US").positions(word))``, computed faster.

    pyphen's own algorithm (Liang's patterns over every substring of ``.word.``, keeping the
    highest value per gap, odd values are points, none within two letters of either end),
    with one shortcut: the substrings starting at a position stop growing once they are no
    prefix of any pattern. Tests compare it with pyphen word by word.
    """
    patterns = _patterns()
    pointed = f".{word.lower()}."
    size = len(pointed)
    references = [0] * (size + 1)
    for i in range(size - 1):
        # No pattern is longer than its longest prefix, so the scan stops by itself.
        for j in range(i + 1, size + 1):
            pattern = patterns.get(pointed[i:j], _NO_PREFIX)
            if pattern is _NO_PREFIX:
                break
            if pattern:
                offset, values = pattern
                where = slice(i + offset, i + offset + len(values))
                references[where] = map(max, values, references[where])
    # pyphen's point i - 1 for each odd reference i, kept when 2 <= i - 1 <= len(word) - 2.
    return sum(value & 1 for value in references[3 : len(word)])


# Syllables depend on the lower-cased word only: "The" and "the" share one computation.
_LOWER_SYLLABLES = BoundedCache(lambda word: _hyphenation_points(word) + 1)
_SYLLABLES = BoundedCache(lambda word: _LOWER_SYLLABLES[word.lower()])


def _chunk_counts(chunk: str) -> int:
    """Return the packed (words, syllables) of a whitespace-free ``chunk``."""
    syllable_count = 0
    for word in _WORD.findall(chunk):
        syllable_count += _SYLLABLES[word]
    return (1 if _WORD_CHARACTER.search(chunk) else 0) + (syllable_count << _SHIFT)


_CHUNKS = BoundedCache(_chunk_counts)


def syllables(word: str) -> int:
    """Return the number of syllables of an English ``word`` (hyphenation points + 1)."""
    return _SYLLABLES[word]


def chunk_counts(chunk: str) -> tuple[int, int]:
    """Return ``(words, syllables)`` of a whitespace-free ``chunk``, as :func:`counts` adds them.

    >>> chunk_counts("don't,")
    (1, 1)
    """
    packed = _CHUNKS[chunk]
    return packed & _WORDS_MASK, packed >> _SHIFT


def sentence_count(text: str) -> int:
    """Return textstat's ``sentence_count`` of ``text`` (0 when empty, else at least 1)."""
    if not text:
        return 0
    return max(1, sum(1 for long in _STRETCH.findall(text) if long))


def counts(text: str) -> tuple[int, int, int]:
    """Return ``(words, sentences, syllables)`` of ``text`` (see the module doc).

    ``sentences`` is textstat's ``sentence_count`` (0 for an empty text, else at least 1).

    >>> counts("The cat sat on the mat. It was a sunny day.")
    (11, 2, 12)
    """
    if not text:
        return 0, 0, 0
    # Words and syllables never span whitespace, so each whitespace-separated chunk is
    # counted once (cached) and the packed counts are summed.
    packed = sum(map(_CHUNKS.__getitem__, text.split()))
    return packed & _WORDS_MASK, sentence_count(text), packed >> _SHIFT


def readability(text: str) -> dict[str, float]:
    """Return readability scores and counts for ``text``.

    Keys: ``flesch_reading_ease`` (higher is easier; 60–70 is plain English),
    ``flesch_kincaid_grade`` (US school grade), ``n_words``, ``n_sentences``,
    ``n_syllables``, ``mean_sentence_length`` (words per sentence) and
    ``syllables_per_word``. Scores are NaN for a text without words.

    >>> readability("The cat sat on the mat.")["n_words"]
    6
    """
    return scores(*counts(text))


def scores(n_words: int, n_sentences: int, n_syllables: int) -> dict[str, float]:
    """Return :func:`readability`'s dict from the counts of a text (see :func:`counts`)."""
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
