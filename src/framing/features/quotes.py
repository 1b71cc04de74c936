"""Direct quotations: the quoted words, who said them, and an article's quotation summary.

:func:`find_quotes` pairs each quotation (:mod:`framing.features.quoted_regions`) with its
speaker and attribution verb (:mod:`framing.features.attribution`); :func:`quote_stats`
summarises an article's quotations.
"""

from __future__ import annotations

import bisect
import math
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import ParameterError
from framing.features.attribution import (
    PRONOUNS,
    AttributionVerbs,
    attribute_quote,
    attribution_patterns,
    default_verbs,
    named_mentions,
)
from framing.features.quoted_regions import paragraph_spans, quoted_regions

QUOTE_COLUMNS = ["quote_id", "start", "end", "text", "speaker", "verb", "verb_class", "n_words"]
#: An unattributed quote this close after an attributed one in the same paragraph continues it.
_CONTINUATION_GAP = 60


def _paragraph_of(
    position: int, paragraphs: list[tuple[int, int]], starts: list[int] | None = None
) -> tuple[int, int]:
    """Return the paragraph holding ``position`` (ends inclusive), else the whole text.

    ``starts`` are the paragraphs' starts (for a bisection); paragraphs are disjoint and
    at least a blank line apart, so at most one holds ``position``.
    """
    if starts is None:
        starts = [start for start, _ in paragraphs]
    index = bisect.bisect_right(starts, position) - 1
    if index >= 0 and position <= paragraphs[index][1]:
        return paragraphs[index]
    return 0, paragraphs[-1][1]


def find_quotes(
    text: str,
    *,
    verbs: AttributionVerbs | None = None,
    min_words: int = 3,
) -> pd.DataFrame:
    """Return the direct quotations in ``text`` with speaker and attribution verb.

    Columns: ``quote_id`` (0-based, text order), ``start``, ``end`` (offsets of the quoted
    words, marks excluded), ``text``, ``speaker`` ("Putin", or an unresolved pronoun such as
    "he"; None when no attribution is found), ``verb`` (base form: "say", "claim", "according
    to"), ``verb_class`` ("neutral" or "loaded", see ``attribution_verbs.yml``), ``n_words``.

    A quoted region counts as a quotation when it has at least ``min_words`` words or an
    attribution, so scare quotes ("completely destroyed") are left out. "he"/"she" resolves to
    the latest source named before the quote ("Putin said", "according to Kuleba").

    >>> find_quotes('“We are not looking for confrontation,” Stoltenberg said.')[
    ...     ["speaker", "verb", "verb_class"]].values.tolist()
    [['Stoltenberg', 'say', 'neutral']]
    """
    return _table(quote_rows(text, verbs=verbs, min_words=min_words), QUOTE_COLUMNS,
                  ints=(0, 1, 2, 7))  # fmt: skip


def quote_rows(
    text: str,
    *,
    verbs: AttributionVerbs | None = None,
    min_words: int = 3,
    regions: list[tuple[int, int]] | None = None,
) -> list[tuple[int, int, int, str, str | None, str | None, str | None, int]]:
    """Return :func:`find_quotes`'s rows as plain tuples in ``QUOTE_COLUMNS`` order.

    The row-level core for bulk callers (``framing.features.extraction``): no DataFrame per article.
    ``regions`` is ``quoted_regions(text)`` when the caller already has it.
    """
    if min_words < 1:
        raise ParameterError(f"find_quotes(min_words={min_words}): must be at least 1")
    verbs = verbs or default_verbs()
    patterns = attribution_patterns(verbs.alternation, tuple(sorted(verbs.forms)))
    regions = quoted_regions(text) if regions is None else regions
    paragraphs = paragraph_spans(text)
    starts = [start for start, _ in paragraphs]
    mentions: list[tuple[int, str]] | None = None  # found on the first pronoun speaker
    rows: list[tuple[int, int, int, str, str | None, str | None, str | None, int, str | None]] = []
    for start, end in regions:
        quoted = text[start:end]
        n_words = len(quoted.split())
        paragraph = _paragraph_of(start, paragraphs, starts)
        name, form = attribute_quote(text, start, end, paragraph, patterns)
        if name is None and rows and rows[-1][4] is not None:
            # “My goal …,” Macron said. “This goal …” — the second part continues the first.
            previous_end = rows[-1][2]
            if paragraph[0] <= previous_end and start - previous_end <= _CONTINUATION_GAP:
                name, form = rows[-1][4], rows[-1][8]
        if name is None and n_words < min_words:
            continue
        if name in ("he", "she"):
            if mentions is None:
                mentions = named_mentions(text, regions, patterns)
            index = bisect.bisect_left(mentions, (start, "")) - 1
            if index >= 0:
                name = mentions[index][1]
        verb, verb_class = (None, None)
        if form is not None:
            verb, verb_class, _ = verbs.lookup(form)
        rows.append((len(rows), start, end, quoted, name, verb, verb_class, n_words, form))
    return [row[:8] for row in rows]


def _table(rows: list[tuple], columns: list[str], ints: tuple[int, ...]) -> pd.DataFrame:
    """Build a small table fast: int64 columns at ``ints``, text columns as pandas strings.

    (``DataFrame(rows).astype("string")`` costs as much as VADER on a whole article.)
    """
    data: dict[str, Any] = {}
    for i, column in enumerate(columns):
        values = [row[i] for row in rows]
        if i in ints:
            data[column] = np.asarray(values, dtype=np.int64)
        else:
            data[column] = values if rows else pd.Series([], dtype="str")
    return pd.DataFrame(data, columns=columns)


def _speaker_key(speaker: str) -> str:
    """Group "Vladimir Putin", "President Putin" and "Putin" under the surname."""
    return speaker.split()[-1]


def quote_stats(quotes: pd.DataFrame, text: str) -> dict[str, Any]:
    """Return a summary of an article's quotations.

    Keys: ``n_quotes``, ``quoted_chars``, ``quoted_share`` (quoted characters / body
    characters), ``n_speakers`` (named), ``top_speaker`` (most quoted words, by surname;
    None without named speakers), ``top_speaker_words``, ``loaded_verb_share`` (quotes
    with a loaded attribution verb / quotes with any verb; NaN when none has a verb).
    """
    columns = ["start", "end", "speaker", "n_words", "verb_class"]
    # na_value=None turns missing values into None (pandas-stubs do not allow None there).
    values = [
        quotes[c].to_numpy(dtype=object, na_value=None).tolist()  # type: ignore[call-overload]
        for c in columns
    ]
    return stats_from_rows(list(zip(*values, strict=True)), text)


def stats_from_rows(
    rows: list[tuple[int, int, str | None, int, str | None]], text: str
) -> dict[str, Any]:
    """Return :func:`quote_stats` from ``(start, end, speaker, n_words, verb_class)`` tuples."""
    quoted_chars = int(sum(end - start for start, end, *_ in rows))
    words: dict[str, int] = {}
    n_with_verb = n_loaded = 0
    for _, _, speaker, n_words, verb_class in rows:
        if speaker is not None and speaker.lower() not in PRONOUNS:
            key = _speaker_key(speaker)
            words[key] = words.get(key, 0) + int(n_words)
        if verb_class is not None:
            n_with_verb += 1
            n_loaded += verb_class == "loaded"
    top, top_words = None, 0
    for key in sorted(words):  # first surname (sorted) with the most words, as idxmax
        if top is None or words[key] > top_words:
            top, top_words = key, words[key]
    return {
        "n_quotes": len(rows),
        "quoted_chars": quoted_chars,
        "quoted_share": quoted_chars / len(text) if text else 0.0,
        "n_speakers": len(words),
        "top_speaker": top,
        "top_speaker_words": top_words,
        "loaded_verb_share": n_loaded / n_with_verb if n_with_verb else math.nan,
    }
