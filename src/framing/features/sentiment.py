"""Sentence sentiment with VADER, made framing-aware by the loaded-term lexicon.

VADER (Hutto & Gilbert, ICWSM 2014; the ``vaderSentiment`` package, pinned because NLTK's
copy is 2.6× slower and disagrees on ~3 % of sentences) misreads war euphemisms: "special"
in "special military operation" counts positive, and "unprovoked" or "invasion" are not in
its lexicon at all. The loaded-term lexicon (:mod:`framing.features.lexicon`) gives each
entry a valence on VADER's −4..+4 scale; :func:`score` lets that valence replace VADER's word
valences inside each lexicon span, while the sentence is still scored by VADER's own rules
(negation, boosters, "but", capitals, punctuation).

Scores come from :class:`framing.features.vader.Vader`, which returns exactly the package's
scores about three times faster.

How: each matched span is replaced, in a private copy of the sentence that is only scored
and never returned, by one placeholder token whose valence in the analyzer's lexicon is the
entry's valence. Offsets of the caller's text are untouched.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
from tqdm import tqdm

from framing.errors import ParameterError
from framing.features.lexicon import Lexicon, load_lexicon
from framing.features.phrase_matcher import matches_in_sentences
from framing.features.vader import Vader

#: A sentence at or below this compound score counts as negative (VADER's own convention).
NEGATIVE_THRESHOLD = -0.05
#: Default factor on single-word lexicon terms VADER never rated (see :func:`score`).
UNRATED_WORD_WEIGHT = 0.7
#: Sentences are joined with this separator to match the lexicon once per batch.
_JOIN = "\n\n"
_SCORE_COLUMNS = ["compound", "pos", "neu", "neg", "compound_vader", "n_overrides"]


def _placeholder(valence: float) -> str:
    """Return the token standing for a lexicon span of ``valence`` (one per 0.1 step)."""
    step = int(round((max(-4.0, min(4.0, valence)) + 4.0) * 10))
    return f"zzframingterm{step:02d}"


class FramingAnalyzer(Vader):
    """VADER whose lexicon also knows one placeholder token per valence step (−4.0..+4.0).

    Placeholders cannot occur in real text, so plain sentences score exactly as VADER.
    """

    def __init__(self) -> None:
        super().__init__()
        for step in range(81):
            valence = round(step / 10 - 4.0, 1)
            self.lexicon[_placeholder(valence)] = valence

    def polarity_with_spans(
        self, text: str, spans: Sequence[tuple[int, int, float]]
    ) -> dict[str, float]:
        """Score ``text`` with each ``(start, end, valence)`` span valued by the lexicon.

        Spans must be sorted and non-overlapping. A span written in capitals keeps VADER's
        capitals emphasis; the rest of the sentence is scored by VADER's rules unchanged.
        """
        if not spans:
            return self.polarity_scores(text)
        pieces, cursor = [], 0
        for start, end, valence in spans:
            token = _placeholder(valence)
            if text[start:end].isupper():
                token = token.upper()
            pieces.append(text[cursor:start])
            pieces.append(f" {token} ")
            cursor = end
        pieces.append(text[cursor:])
        return self.polarity_scores("".join(pieces))


@lru_cache(maxsize=1)
def analyzer() -> FramingAnalyzer:
    """Return the process-wide analyzer (loading VADER's lexicon costs ~0.1 s: do it once)."""
    return FramingAnalyzer()


def valence_spans(
    hits: Sequence[tuple[int, int, int]], lexicon: Lexicon
) -> list[tuple[int, int, float]]:
    """Turn lexicon matches ``(start, end, entry)`` into the ``(start, end, valence)`` spans
    that :func:`score` scores with (entries without a valence are left out)."""
    out = []
    for start, end, entry in hits:
        valence = lexicon.row(entry)[3]
        if valence is not None and valence == valence:  # not None, not NaN
            out.append((int(start), int(end), float(valence)))
    return out


def _valence_spans(
    texts: list[str], lexicon: Lexicon | None = None
) -> list[list[tuple[int, int, float]]]:
    """Return, per text, the sorted non-overlapping lexicon spans that carry a valence.

    Each text is matched as on its own (``phrase_matcher.matches_in_sentences`` over the
    texts joined: one automaton pass, no DataFrame, no quote or negation checks, which the
    valence does not need).
    """
    if not texts:
        return []
    lexicon = lexicon if lexicon is not None else load_lexicon()
    bounds, position = [], 0
    for text in texts:
        bounds.append((position, position + len(text)))
        position += len(text) + len(_JOIN)
    per_text = matches_in_sentences(_JOIN.join(texts), bounds, lexicon.matcher.match)
    return [valence_spans(hits, lexicon) for hits in per_text]


def _weighted(
    text: str, spans: list[tuple[int, int, float]], vader_lexicon: dict[str, float], weight: float
) -> list[tuple[int, int, float]]:
    """Scale the valence of single-word spans that VADER's crowd never rated by ``weight``."""
    if weight == 1.0:
        return spans
    out = []
    for start, end, valence in spans:
        word = text[start:end].strip().lower()
        if word.isalpha() and word not in vader_lexicon:
            valence *= weight
        out.append((start, end, valence))
    return out


def score(
    texts: Sequence[str] | pd.Series,
    *,
    lexicon: Lexicon | None = None,
    override: bool = True,
    unrated_word_weight: float = UNRATED_WORD_WEIGHT,
    spans: Sequence[list[tuple[int, int, float]]] | None = None,
    batch_size: int = 5000,
    progress: bool = False,
) -> pd.DataFrame:
    """Return VADER scores per text, with the loaded-term lexicon's valences overriding VADER's.

    Columns: ``compound`` (in [-1, 1]), ``pos``, ``neu``, ``neg`` (framing-aware when
    ``override``), ``compound_vader`` (plain VADER on the same text) and ``n_overrides``
    (lexicon spans whose valence replaced VADER's). One row per text, in order; a Series
    keeps its index.

    lexicon : the loaded-term lexicon to take valences from (default: the package's, via
        :func:`framing.features.lexicon.load_lexicon`); ignored when ``override`` is False.
    unrated_word_weight : factor on the lexicon valence of a single-word term that VADER's
        raters never scored ("rats", "radical", "toxic"). Such words are the most
        context-dependent outside conflict news (pet rats, a "radical" birthday present);
        multi-word terms ("special military operation") and words VADER rates get the full
        lexicon valence. 0.7 is what leave-one-set-out CV over four human-rated sets picks
        most often; the override beats plain VADER beyond noise on two of them only
        (:mod:`framing.validate.sentence_sentiment`, reports/validity.html).
    spans : per text, its ``(start, end, valence)`` lexicon spans (:func:`valence_spans`)
        when the caller has matched the lexicon already (:mod:`framing.features.chunk_tables`
        does, once per article); matched here when None.
    batch_size : texts matched against the lexicon per call (bounds memory on big corpora).
    progress : show a tqdm progress bar on stderr.

    >>> float(score(["Russia launched an unprovoked invasion"])["compound"].iloc[0])
    -0.3612
    """
    if isinstance(texts, str):
        raise ParameterError("score(texts): pass a list or Series of texts, not one string")
    index = texts.index if isinstance(texts, pd.Series) else None
    values = [
        "" if t is None or (isinstance(t, float) and math.isnan(t)) else str(t) for t in texts
    ]
    vader = analyzer()
    if batch_size < 1:
        raise ParameterError(f"score(batch_size={batch_size}): must be at least 1")
    if not 0.0 <= unrated_word_weight <= 1.0:
        raise ParameterError(
            f"score(unrated_word_weight={unrated_word_weight}): must be between 0 and 1"
        )
    if spans is not None and len(spans) != len(values):
        raise ParameterError(f"score: spans has {len(spans)} entries for {len(values)} texts")
    rows = np.empty((len(values), len(_SCORE_COLUMNS)), dtype=float)
    batches = range(0, len(values), batch_size)
    for first in tqdm(
        batches, desc="sentiment", unit="batch", disable=not progress, file=sys.stderr
    ):
        batch = values[first : first + batch_size]
        if not override:
            batch_spans: Sequence[list[tuple[int, int, float]]] = [[] for _ in batch]
        elif spans is not None:
            batch_spans = spans[first : first + batch_size]
        else:
            batch_spans = _valence_spans(batch, lexicon)
        for i, (text, text_spans) in enumerate(zip(batch, batch_spans, strict=True), start=first):
            plain = vader.polarity_scores(text)
            framed = plain
            if text_spans:
                text_spans = _weighted(text, text_spans, vader.lexicon, unrated_word_weight)
                framed = vader.polarity_with_spans(text, text_spans)
            rows[i] = (
                framed["compound"],
                framed["pos"],
                framed["neu"],
                framed["neg"],
                plain["compound"],
                len(text_spans),
            )
    out = pd.DataFrame(rows, columns=_SCORE_COLUMNS, index=index)
    out["n_overrides"] = out["n_overrides"].astype("int64")
    return out


def framed_compound(
    texts: Sequence[str],
    *,
    lexicon: Lexicon | None = None,
    override: bool = True,
    unrated_word_weight: float = UNRATED_WORD_WEIGHT,
) -> list[float]:
    """Return ``score(texts)["compound"]`` as a list, for short texts scored in bulk.

    Cheaper than :func:`score` where only the framing-aware compound is needed (actor
    clauses): each distinct text is scored once, and by one VADER call (the plain score is
    not computed beside the framed one).
    """
    if not 0.0 <= unrated_word_weight <= 1.0:
        raise ParameterError(
            f"score(unrated_word_weight={unrated_word_weight}): must be between 0 and 1"
        )
    unique = list(dict.fromkeys(texts))
    vader = analyzer()
    spans = _valence_spans(unique, lexicon) if override else [[] for _ in unique]
    by_text: dict[str, float] = {}
    for text, text_spans in zip(unique, spans, strict=True):
        if text_spans:
            text_spans = _weighted(text, text_spans, vader.lexicon, unrated_word_weight)
            by_text[text] = vader.polarity_with_spans(text, text_spans)["compound"]
        else:
            by_text[text] = vader.polarity_scores(text)["compound"]
    return [by_text[text] for text in texts]


def article_sentiment(
    sentence_scores: pd.DataFrame, *, n_bins: int = 5, column: str = "compound"
) -> pd.DataFrame:
    """Return per-article sentiment: mean, share of negative sentences, arc, first and last.

    sentence_scores : one row per sentence with ``article_id``, ``sentence_id`` (order within
        the article) and ``column`` (e.g. the sentence table joined with :func:`score`).

    Columns: ``article_id``, ``n_sentences``, ``sentiment_mean``, ``share_negative``
    (compound ≤ −0.05), ``sentiment_first``, ``sentiment_last`` and ``arc_1`` … ``arc_<n_bins>``:
    the mean per consecutive fifth of the article by sentence position (NaN for a bin with
    no sentence, in articles shorter than ``n_bins`` sentences).
    """
    if n_bins < 1:
        raise ParameterError(f"article_sentiment(n_bins={n_bins}): must be at least 1")
    needed = ["article_id", "sentence_id", column]
    missing = [c for c in needed if c not in sentence_scores.columns]
    if missing:
        raise ParameterError(
            f"article_sentiment: sentence_scores lacks column(s) {missing}; "
            f"it has {list(sentence_scores.columns)}"
        )
    arc_columns = [f"arc_{b + 1}" for b in range(n_bins)]
    columns = ["article_id", "n_sentences", "sentiment_mean", "share_negative"]
    columns += ["sentiment_first", "sentiment_last", *arc_columns]
    if sentence_scores.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in columns}).astype(
            {"article_id": "string", "n_sentences": "int64"}
        )
    df = sentence_scores[needed].sort_values(["article_id", "sentence_id"], kind="stable")
    grouped = df.groupby("article_id", sort=True)[column]
    position = grouped.cumcount()
    size = grouped.transform("size")
    values = df[column]
    out = pd.DataFrame(
        {
            "n_sentences": grouped.size(),
            "sentiment_mean": grouped.mean(),
            # NaN scores count as not negative, as (score <= threshold) says.
            "share_negative": (values <= NEGATIVE_THRESHOLD)
            .astype(float)
            .groupby(df["article_id"], sort=True)
            .mean(),
            "sentiment_first": grouped.first(),
            "sentiment_last": grouped.last(),
        }
    )
    bins = (position * n_bins // size).astype("int64")
    arc = values.groupby([df["article_id"], bins], sort=True).mean().unstack()
    arc = arc.reindex(columns=range(n_bins))
    arc.columns = arc_columns
    out = out.join(arc).reset_index()
    out["article_id"] = out["article_id"].astype("string")
    return out[columns]
