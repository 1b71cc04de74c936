"""Online topic models for corpora that do not fit in memory: mini-batch NMF or online LDA.

:func:`fit_online` streams the articles table (one Parquet file or a folder of parts) in
record batches three times and never holds more than one batch of texts:

1. document frequencies of every term (English stop words removed) -> a fixed vocabulary
   of the ``max_features`` most frequent terms seen in at least ``min_df`` articles;
2. ``partial_fit`` of :class:`sklearn.decomposition.MiniBatchNMF` on tf-idf rows (idf from
   pass 1) or of online :class:`~sklearn.decomposition.LatentDirichletAllocation` on counts;
3. each article's topic shares (dominant topic and its share).

Quality uses the same measures as :mod:`framing.topics.quality`: NPMI coherence (document
co-occurrence in the first batch as reference) and topic diversity. Deterministic for a
``seed`` and a ``batch_size``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer

from framing.corpus import table_path
from framing.errors import MissingStepError, ParameterError

logger = logging.getLogger(__name__)

METHODS = ("nmf", "lda")


@dataclass
class OnlineTopics:
    """A fitted online topic model: top terms, quality and each article's dominant topic."""

    method: str
    k: int
    n_docs: int
    vocabulary: list[str]
    components: np.ndarray
    top_terms: pd.DataFrame
    coherence: np.ndarray
    diversity: float
    doc_topics: pd.DataFrame


def _batches(processed_dir: str | os.PathLike[str], batch_size: int) -> Iterator[pd.DataFrame]:
    import pyarrow.dataset as ds

    path = table_path(processed_dir, "articles")
    if not path.exists():
        raise MissingStepError(f"{path} does not exist: run `framing ingest` first")
    dataset = ds.dataset(path, format="parquet")
    for batch in dataset.to_batches(columns=["article_id", "text"], batch_size=batch_size):
        if batch.num_rows:
            frame = batch.to_pandas()
            frame["text"] = frame["text"].fillna("").astype(str)
            yield frame


def _vectorizer(vocabulary: list[str] | None = None, *, binary: bool = False) -> CountVectorizer:
    return CountVectorizer(
        stop_words="english",
        lowercase=True,
        token_pattern=r"(?u)\b[^\W\d_][\w'-]+\b",
        vocabulary=vocabulary,
        binary=binary,
    )


def _document_frequencies(processed_dir, batch_size) -> tuple[pd.Series, int]:
    totals: dict[str, int] = {}
    n_docs = 0
    for frame in _batches(processed_dir, batch_size):
        n_docs += len(frame)
        vectorizer = _vectorizer(binary=True)
        try:
            matrix = vectorizer.fit_transform(frame["text"])
        except ValueError:  # a batch of empty texts
            continue
        counts = np.asarray(matrix.sum(axis=0)).ravel()
        for term, count in zip(vectorizer.get_feature_names_out(), counts, strict=True):
            totals[term] = totals.get(term, 0) + int(count)
    return pd.Series(totals, dtype="int64"), n_docs


def fit_online(
    processed_dir: str | os.PathLike[str],
    k: int = 10,
    *,
    method: str = "nmf",
    batch_size: int = 2000,
    max_features: int = 20000,
    min_df: int = 2,
    n_top: int = 10,
    seed: int = 0,
) -> OnlineTopics:
    """Return an :class:`OnlineTopics` model fitted batch by batch on the articles table.

    >>> model = fit_online("data/processed", k=8, method="nmf")   # doctest: +SKIP
    >>> model.top_terms.query("rank <= 3")                         # doctest: +SKIP
    """
    from sklearn.decomposition import LatentDirichletAllocation, MiniBatchNMF

    from framing.topics.quality import npmi_coherence, topic_diversity

    if method not in METHODS:
        raise ParameterError(f"method must be one of {METHODS}, got {method!r}")
    for name, value in (("k", k), ("batch_size", batch_size), ("max_features", max_features),
                        ("min_df", min_df), ("n_top", n_top)):  # fmt: skip
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ParameterError(f"{name} must be a positive integer, got {value!r}")
    frequencies, n_docs = _document_frequencies(processed_dir, batch_size)
    frequencies = frequencies[frequencies >= min_df]
    if len(frequencies) < k:
        raise ParameterError(
            f"{processed_dir}: only {len(frequencies)} terms occur in >= {min_df} articles; "
            f"k={k} topics need more (lower min_df or k)"
        )
    kept = frequencies.sort_values(ascending=False, kind="stable").head(max_features)
    vocabulary = sorted(kept.index)
    idf = np.log((1 + n_docs) / (1 + kept.reindex(vocabulary).to_numpy())) + 1.0
    vectorizer = _vectorizer(vocabulary)

    def rows(texts: pd.Series):
        counts = vectorizer.transform(texts).astype(np.float64)
        if method == "lda":
            return counts
        from sklearn.preprocessing import normalize

        return normalize(counts.multiply(idf).tocsr())

    if method == "nmf":
        model = MiniBatchNMF(n_components=k, random_state=seed, batch_size=min(batch_size, 1024),
                             init="nndsvda")  # fmt: skip
    else:
        model = LatentDirichletAllocation(
            n_components=k,
            learning_method="online",
            total_samples=n_docs,
            random_state=seed,
            n_jobs=1,  # n_jobs changes LDA's topics (PERFORMANCE.md): fix it
        )
    reference: list[list[str]] = []
    analyzer = vectorizer.build_analyzer()
    for frame in _batches(processed_dir, batch_size):
        if not reference:
            reference = [analyzer(text) for text in frame["text"]]
        model.partial_fit(rows(frame["text"]))
    components = model.components_
    terms = np.asarray(vocabulary)
    top = [terms[np.argsort(-row, kind="stable")[:n_top]].tolist() for row in components]
    top_terms = pd.DataFrame(
        [(t, r + 1, term, float(components[t, vocabulary.index(term)]))
         for t, topic in enumerate(top) for r, term in enumerate(topic)],
        columns=["topic", "rank", "term", "weight"],
    )  # fmt: skip
    parts = []
    for frame in _batches(processed_dir, batch_size):
        shares = model.transform(rows(frame["text"]))
        totals = shares.sum(axis=1, keepdims=True)
        shares = np.divide(shares, totals, out=np.zeros_like(shares), where=totals > 0)
        parts.append(pd.DataFrame({"article_id": frame["article_id"].astype("string"),
                                   "topic": shares.argmax(axis=1).astype("int64"),
                                   "share": shares.max(axis=1)}))  # fmt: skip
    return OnlineTopics(
        method=method,
        k=k,
        n_docs=n_docs,
        vocabulary=vocabulary,
        components=components,
        top_terms=top_terms,
        coherence=npmi_coherence(top, reference),
        diversity=topic_diversity(top),
        doc_topics=pd.concat(parts, ignore_index=True),
    )
