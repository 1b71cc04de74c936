"""Topic quality measured by the tool itself: NPMI coherence, diversity and seed stability.

Coherence follows Bouma (2009) / Röder et al. (2015): normalised PMI of every pair of a
topic's top terms, with probabilities from document co-occurrence or from sliding windows
over a reference corpus (by default the modelled documents). Stability follows Greene et al.
(2014): refit on seeded sub-samples, match topics one-to-one by the Hungarian algorithm on
top-term Jaccard overlap and average the matched overlaps.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linear_sum_assignment

from framing.errors import ParameterError

COHERENCE_MODES = ("document", "window")


def _units(token_docs: Sequence[list[str]], mode: str, window: int) -> list[list[str]]:
    """Return the co-occurrence units: whole documents, or sliding windows of ``window``."""
    if mode == "document":
        return list(token_docs)
    if mode != "window":
        raise ParameterError(f"coherence mode must be one of {COHERENCE_MODES}, got {mode!r}")
    if window < 2:
        raise ParameterError(f"coherence window must be at least 2 tokens, got {window}")
    units: list[list[str]] = []
    for tokens in token_docs:
        if len(tokens) <= window:
            units.append(tokens)
        else:
            units.extend(tokens[i : i + window] for i in range(len(tokens) - window + 1))
    return units


def npmi_coherence(
    topics: Sequence[Sequence[str]],
    reference: Sequence[list[str]],
    *,
    mode: str = "document",
    window: int = 10,
) -> np.ndarray:
    """Return the mean pairwise NPMI (-1..1) of each topic's terms over ``reference``.

    ``reference`` holds tokenized documents (use the model's own tokenizer so phrases match).
    A pair that never co-occurs scores -1; a term absent from the reference makes its pairs -1.

    >>> docs = [["nato", "expansion"], ["nato", "expansion"], ["budget"], ["budget", "tax"]]
    >>> npmi_coherence([["nato", "expansion"], ["nato", "tax"]], docs).round(2).tolist()
    [1.0, -1.0]
    """
    vocab = sorted({term for topic in topics for term in topic})
    index = {term: i for i, term in enumerate(vocab)}
    units = _units(reference, mode, window)
    if not units or not vocab:
        raise ParameterError("coherence needs a non-empty reference corpus and topic terms")
    rows: list[int] = []
    cols: list[int] = []
    for row, tokens in enumerate(units):
        present = {index[t] for t in tokens if t in index}
        rows.extend([row] * len(present))
        cols.extend(present)
    occurrence = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(len(units), len(vocab))
    )
    co = (occurrence.T @ occurrence).toarray() / len(units)
    p = np.diag(co).copy()
    scores = np.empty(len(topics))
    for t, topic in enumerate(topics):
        ids = [index[term] for term in topic]
        pair_scores = []
        for i, j in itertools.combinations(ids, 2):
            joint = co[i, j]
            if joint <= 0:
                pair_scores.append(-1.0)
            elif joint >= 1.0:
                pair_scores.append(1.0)
            else:
                pair_scores.append(np.log(joint / (p[i] * p[j])) / -np.log(joint))
        scores[t] = float(np.mean(pair_scores)) if pair_scores else np.nan
    return scores


def topic_diversity(topics: Sequence[Sequence[str]]) -> float:
    """Return the share of unique terms among all topics' top terms (1 = no overlap).

    >>> topic_diversity([["a", "b"], ["b", "c"]])
    0.75
    """
    terms = [term for topic in topics for term in topic]
    if not terms:
        raise ParameterError("diversity needs at least one topic term")
    return len(set(terms)) / len(terms)


def jaccard_matrix(left: Sequence[Sequence[str]], right: Sequence[Sequence[str]]) -> np.ndarray:
    """Return the Jaccard overlap of every pair of top-term sets (rows: ``left``)."""
    left_sets = [set(t) for t in left]
    right_sets = [set(t) for t in right]
    out = np.zeros((len(left_sets), len(right_sets)))
    for i, a in enumerate(left_sets):
        for j, b in enumerate(right_sets):
            union = len(a | b)
            out[i, j] = len(a & b) / union if union else 0.0
    return out


def match_topics(
    reference: Sequence[Sequence[str]], other: Sequence[Sequence[str]]
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(partner, overlap)``: for each reference topic its Hungarian-matched topic
    in ``other`` and their Jaccard overlap (0 where ``other`` has fewer topics).

    >>> match_topics([["a", "b"], ["c", "d"]], [["c", "d"], ["a", "x"]])[0].tolist()
    [1, 0]
    """
    overlap = jaccard_matrix(reference, other)
    rows, cols = linear_sum_assignment(overlap, maximize=True)
    partner = np.full(len(reference), -1)
    matched = np.zeros(len(reference))
    partner[rows] = cols
    matched[rows] = overlap[rows, cols]
    return partner, matched


def stability_table(
    reference: Sequence[Sequence[str]], runs: Mapping[int, Sequence[Sequence[str]]]
) -> pd.DataFrame:
    """Return per reference topic and seed run the matched Jaccard overlap.

    Columns: ``topic``, ``seed``, ``matched_topic``, ``overlap``.
    """
    records = []
    for seed, topics in runs.items():
        partner, overlap = match_topics(reference, topics)
        for topic, (other, value) in enumerate(zip(partner, overlap, strict=True)):
            records.append(
                {"topic": topic, "seed": seed, "matched_topic": int(other), "overlap": value}
            )
    return pd.DataFrame.from_records(records, columns=["topic", "seed", "matched_topic", "overlap"])
