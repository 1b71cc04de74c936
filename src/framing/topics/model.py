"""The fitted :class:`TopicModel`: top terms, document-topic shares, labels, quality,
prevalence by group, representative passages, and save/load."""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import CountVectorizer

from framing.errors import ParameterError
from framing.topics import text as tx
from framing.topics.labels import auto_label, read_labels

log = logging.getLogger(__name__)


@dataclass
class TopicQuality:
    """Quality of a fitted model: means over topics and a per-topic table."""

    coherence: float
    diversity: float
    stability: float | None
    per_topic: pd.DataFrame  # topic, label, coherence, stability, prevalence
    coherence_mode: str = "document"
    stability_seeds: tuple[int, ...] = ()


@dataclass
class TopicModel:
    """A fitted topic model: top terms, document-topic shares, labels and quality.

    Learned state ends in ``_``; the public tables are ``top_terms``, ``doc_topics`` and
    ``labels``; ``params`` records everything needed to refit.
    """

    params: dict[str, Any]
    estimator_: Any
    vectorizer_: CountVectorizer
    tfidf_: Any
    phrases_: list[dict[tuple[str, str], str]]
    stop_words_: frozenset[str]
    documents_: pd.DataFrame
    top_terms: pd.DataFrame
    doc_topics: pd.DataFrame
    labels: dict[int, str]
    quality: TopicQuality
    tokens_: list[list[str]] | None = field(default=None, repr=False)

    @property
    def k(self) -> int:
        return int(self.params["k"])

    @property
    def topic_columns(self) -> list[str]:
        return [f"topic_{t}" for t in range(self.k)]

    def top_term_lists(self) -> list[list[str]]:
        """Return each topic's top terms in rank order."""
        ordered = self.top_terms.sort_values(["topic", "rank"])
        return [list(group["term"]) for _, group in ordered.groupby("topic", sort=True)]

    def tokenize(self, texts: Sequence[str]) -> list[list[str]]:
        """Return ``texts`` tokenized the way the model saw its documents (same phrases)."""
        runs = [tx.segments(str(t or ""), self.stop_words_) for t in texts]
        return [tx.flatten(merged) for merged in tx.apply_phrases(runs, self.phrases_)]

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """Return topic shares (rows sum to 1, or 0 without known terms) for new ``texts``."""
        counts = self.vectorizer_.transform(self.tokenize(texts))
        matrix = self.tfidf_.transform(counts) if self.tfidf_ is not None else counts
        with warnings_to_log("topic shares of new texts"):
            weights = self.estimator_.transform(matrix)
        return topic_shares(weights, counts)

    def prevalence(self, by: str | pd.Series) -> pd.DataFrame:
        """Return each group's mean topic share: columns ``group``, ``topic``, ``label``,
        ``share``, ``documents``. ``by`` names a document column (any article metadata,
        e.g. ``"source"``) or is a Series aligned with ``doc_topics``."""
        if isinstance(by, str):
            if by not in self.documents_.columns:
                raise ParameterError(
                    f"prevalence: no column {by!r}; available: {sorted(self.documents_.columns)}"
                )
            groups = self.documents_[by]
        else:
            if len(by) != len(self.doc_topics):
                raise ParameterError(
                    f"prevalence: 'by' has {len(by)} values for {len(self.doc_topics)} documents"
                )
            groups = pd.Series(np.asarray(by), index=self.doc_topics.index)
        shares = self.doc_topics[self.topic_columns].copy()
        shares["group"] = groups.to_numpy()
        grouped = shares.groupby("group", dropna=False, sort=True)
        means = grouped[self.topic_columns].mean()
        means["documents"] = grouped.size().astype(int)
        long = means.reset_index().melt(
            id_vars=["group", "documents"], var_name="topic", value_name="share"
        )
        long["topic"] = long["topic"].str.removeprefix("topic_").astype(int)
        long["label"] = long["topic"].map(self.labels)
        return long.sort_values(["group", "topic"], kind="stable")[
            ["group", "topic", "label", "share", "documents"]
        ].reset_index(drop=True)

    def representative(self, n: int = 3, *, min_terms: int = 8) -> pd.DataFrame:
        """Return the ``n`` documents with the highest share of each topic, with their text.

        Documents with fewer than ``min_terms`` modelled terms are used only when too few
        longer ones carry the topic. Columns: ``topic``, ``label``, ``rank``, ids, ``share``,
        ``text``."""
        if n < 1:
            raise ParameterError(f"representative: n must be at least 1, got {n}")
        id_columns = [c for c in ("doc_id", "article_id", "paragraph_id") if c in self.doc_topics]
        terms = self.documents_["modelled_terms"]
        # A two-word heading can be 100 % one topic: prefer passages with some substance.
        substantial = terms >= min_terms
        frames = []
        for topic, column in enumerate(self.topic_columns):
            ranking = pd.DataFrame(
                {"share": self.doc_topics[column], "terms": terms, "ok": substantial}
            )
            ranking = ranking[ranking["share"] > 0]
            if ranking["ok"].sum() >= n:
                ranking = ranking[ranking["ok"]]
            ranking = ranking.sort_values(["share", "terms"], ascending=False, kind="stable")
            best = ranking["share"].head(n)
            part = self.doc_topics.loc[best.index, id_columns].copy()
            part.insert(0, "rank", range(1, len(part) + 1))
            part.insert(0, "label", self.labels[topic])
            part.insert(0, "topic", topic)
            part["share"] = best.to_numpy()
            part["text"] = self.documents_.loc[best.index, "text"].to_numpy()
            frames.append(part)
        return pd.concat(frames, ignore_index=True)

    def with_labels(self, labels_file: str | os.PathLike[str] | None) -> TopicModel:
        """Return the model with user labels from ``labels_file`` over the automatic ones."""
        if labels_file is None:
            return self
        labels = {t: auto_label(terms) for t, terms in enumerate(self.top_term_lists())}
        labels.update(read_labels(labels_file, self.k))
        self.labels = labels
        self.quality.per_topic["label"] = self.quality.per_topic["topic"].map(labels)
        self.params["labels_file"] = str(labels_file)
        return self


@contextmanager
def warnings_to_log(what: str) -> Iterator[None]:
    """Send the warnings raised inside (scikit-learn's ConvergenceWarning, printed with the
    paths of this machine) to the log at INFO level instead of stderr or a report."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        yield
    for warning in caught:
        logging.getLogger(__name__).info("%s: %s", what, warning.message)


def topic_shares(weights: np.ndarray, counts: sparse.spmatrix) -> np.ndarray:
    """Return row-normalised topic weights; documents without modelled terms get zeros."""
    weights = np.asarray(weights, dtype=np.float64)
    empty = np.asarray(counts.sum(axis=1)).ravel() == 0
    weights[empty] = 0.0
    # NMF leaves round-off residue (1e-13) where a topic is absent: make it a clean zero.
    weights[weights < 1e-9 * weights.max(axis=1, keepdims=True, initial=0.0)] = 0.0
    totals = weights.sum(axis=1, keepdims=True)
    return np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0)
