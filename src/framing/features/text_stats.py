"""An article's word count, readability and subjectivity from one pass over its words.

Extraction needs three word-level measures of every article: the word count behind every
per-1,000-words rate (:func:`framing.textnorm.count_words`), readability
(:func:`framing.features.readability.readability`) and subjectivity
(:func:`framing.features.stance.subjectivity`). None of them lets a word cross whitespace,
so each whitespace-separated chunk of a text contributes the same to a measure wherever it
stands. :func:`text_stats` splits the text once, looks every chunk up in a bounded cache
(news repeats its words, so most chunks are computed once per corpus), and adds up the
cached contributions in C: the same numbers as the three functions, in a third of the time
(``benchmarks/bench_features.py``). Subjectivity keeps the order of its word values, so its
mean is the same float.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import chain

from framing.features import readability, stance
from framing.features.bounded_cache import BoundedCache
from framing.textnorm import count_words

#: Bits of each word count in a chunk's packed (count_words words, textstat words, syllables):
#: the packed numbers of an ordinary article stay below 2**63, where ``sum`` adds machine
#: integers; syllables, the last field, may grow past that (``sum`` is then slower, still exact).
_BITS = 21
_MASK = (1 << _BITS) - 1


def _packed_counts(chunk: str) -> int:
    words, syllables = readability.chunk_counts(chunk)
    return count_words(chunk) | (words << _BITS) | (syllables << (2 * _BITS))


_PACKED = BoundedCache(_packed_counts)
_SUBJECTIVITY = BoundedCache(lambda chunk: tuple(stance.word_subjectivities(chunk)))


@dataclass(frozen=True)
class TextStats:
    """``n_tokens`` (:func:`count_words`), readability scores and subjectivity of a text.

    ``readability`` is empty and ``subjectivity`` NaN for a text without words.
    """

    n_tokens: int
    readability: dict[str, float]
    subjectivity: float


def text_stats(text: str) -> TextStats:
    """Return :class:`TextStats` of ``text``: the values the three separate functions give.

    >>> stats = text_stats("A truly awful war. It was very biased, obviously terrible.")
    >>> stats.n_tokens, stats.readability["n_sentences"], stats.subjectivity
    (10, 2, 0.7666666666666666)
    """
    chunks = text.split()
    if len(chunks) > _MASK:  # a word count could overflow its field: count one by one
        return _separately(text)
    packed = sum(map(_PACKED.__getitem__, chunks))
    n_tokens = packed & _MASK
    if not n_tokens:
        return TextStats(0, {}, math.nan)
    read = readability.scores(
        (packed >> _BITS) & _MASK, readability.sentence_count(text), packed >> (2 * _BITS)
    )
    values = list(chain.from_iterable(map(_SUBJECTIVITY.__getitem__, chunks)))
    subjectivity = float(sum(values) / len(values)) if values else 0.0
    return TextStats(n_tokens, read, subjectivity)


def _separately(text: str) -> TextStats:
    """Return :class:`TextStats` from the three functions, one pass each (for huge texts)."""
    n_tokens = count_words(text)
    if not n_tokens:
        return TextStats(0, {}, math.nan)
    return TextStats(n_tokens, readability.readability(text), stance.subjectivity(text))
