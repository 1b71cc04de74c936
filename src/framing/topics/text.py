"""Turning documents into topic-model input: tokens, frequent phrases and the term matrix.

Phrases are found the way collocation finders do it: adjacent content words (no stop word or
punctuation between them) whose co-occurrence is both frequent and strongly associated
(normalised PMI). A second pass over the merged tokens yields trigrams such as
"special military operation".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from framing.errors import ParameterError

#: Text between these characters can hold a phrase; a phrase never crosses one.
_BREAK = re.compile(r"[.!?;:,()\[\]{}\"“”«»|/—–…\n]+")
#: A word: letters only (digits and underscores excluded), two or more of them.
_WORD = re.compile(r"[^\W\d_]{2,}")

PHRASE_SEPARATOR = " "


def stop_word_set(extra: Iterable[str] | None = None) -> frozenset[str]:
    """Return scikit-learn's English stop words plus ``extra`` (lower-cased)."""
    words = set(ENGLISH_STOP_WORDS)
    if extra is not None:
        if isinstance(extra, str):
            raise ParameterError("stop_words must be a list of words, not one string")
        words.update(w.strip().lower() for w in extra if w and w.strip())
    return frozenset(words)


def segments(text: str, stop_words: frozenset[str]) -> list[list[str]]:
    """Return runs of lower-cased content words; stop words and punctuation end a run.

    >>> segments("NATO expansion, said the Kremlin.", stop_word_set())
    [['nato', 'expansion'], ['kremlin']]
    """
    runs: list[list[str]] = []
    for chunk in _BREAK.split(text.lower()):
        run: list[str] = []
        for word in _WORD.findall(chunk):
            if word in stop_words:
                if run:
                    runs.append(run)
                    run = []
            else:
                run.append(word)
        if run:
            runs.append(run)
    return runs


def find_phrases(
    docs: Sequence[list[list[str]]],
    *,
    min_count: int = 3,
    threshold: float = 0.4,
    max_words: int = 3,
) -> dict[tuple[str, str], str]:
    """Return the adjacent word pairs to merge: ``{(left, right): "left right"}``.

    A pair is kept when it occurs at least ``min_count`` times and its normalised PMI
    (-1..1, 1 = the words only ever occur together) is at least ``threshold``; a merged
    phrase never exceeds ``max_words`` words.
    """
    all_runs = [run for runs in docs for run in runs]
    unigrams: Counter[str] = Counter(chain.from_iterable(all_runs))
    bigrams: Counter[tuple[str, str]] = Counter(
        chain.from_iterable(zip(run, run[1:], strict=False) for run in all_runs if len(run) > 1)
    )
    total = sum(unigrams.values())
    phrases: dict[tuple[str, str], str] = {}
    for (left, right), count in bigrams.items():
        if count < min_count or left.count(" ") + right.count(" ") + 2 > max_words:
            continue
        p_pair = count / total
        if p_pair >= 1.0:
            continue
        pmi = math.log(p_pair / ((unigrams[left] / total) * (unigrams[right] / total)))
        if pmi / -math.log(p_pair) >= threshold:
            phrases[(left, right)] = left + PHRASE_SEPARATOR + right
    return phrases


def merge_phrases(
    runs: list[list[str]],
    phrases: dict[tuple[str, str], str],
    lefts: frozenset[str] | None = None,
) -> list[list[str]]:
    """Return ``runs`` with each known pair replaced by its phrase, left to right.

    ``lefts`` (the first words of the pairs) can be passed in when merging many documents.
    """
    if not phrases:
        return runs
    if lefts is None:
        lefts = frozenset(left for left, _ in phrases)
    merged_runs = []
    for run in runs:
        if len(run) < 2 or lefts.isdisjoint(run):
            merged_runs.append(run)
            continue
        merged: list[str] = []
        i, last = 0, len(run) - 1
        while i <= last:
            word = run[i]
            if i < last and word in lefts:
                phrase = phrases.get((word, run[i + 1]))
                if phrase is not None:
                    merged.append(phrase)
                    i += 2
                    continue
            merged.append(word)
            i += 1
        merged_runs.append(merged)
    return merged_runs


def learn_phrases(
    docs: Sequence[list[list[str]]],
    *,
    passes: int = 2,
    min_count: int = 3,
    threshold: float = 0.4,
) -> tuple[list[dict[tuple[str, str], str]], list[list[list[str]]]]:
    """Return ``(tables, merged_docs)``: one phrase table per pass (pass 2 joins a phrase
    with a word: trigrams) and the documents with all phrases merged."""
    tables = []
    current = list(docs)
    for _ in range(passes):
        table = find_phrases(current, min_count=min_count, threshold=threshold)
        if not table:
            break
        tables.append(table)
        lefts = frozenset(left for left, _ in table)
        current = [merge_phrases(runs, table, lefts) for runs in current]
    return tables, current


def apply_phrases(
    docs: Sequence[list[list[str]]], tables: Sequence[dict[tuple[str, str], str]]
) -> list[list[list[str]]]:
    """Return the runs of every document with every phrase table applied in order."""
    current = list(docs)
    for table in tables:
        lefts = frozenset(left for left, _ in table)
        current = [merge_phrases(runs, table, lefts) for runs in current]
    return current


def flatten(runs: list[list[str]]) -> list[str]:
    """Return the tokens of all runs in order (the analyzer output for one document)."""
    return [token for run in runs for token in run]


def identity(tokens: list[str]) -> list[str]:
    """Analyzer for pre-tokenized documents (module-level so fitted models pickle)."""
    return tokens
