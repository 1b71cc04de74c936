"""Online topic models for corpora that do not fit in memory: mini-batch NMF or online LDA.

:func:`fit_online` streams the articles table (one Parquet file or a folder of parts) in
record batches three times and never holds more than one batch of texts:

1. document frequencies of every term (English stop words removed) -> a fixed vocabulary
   of the ``max_features`` most frequent terms seen in at least ``min_df`` articles;
2. ``partial_fit`` of :class:`sklearn.decomposition.MiniBatchNMF` on tf-idf rows (idf from
   pass 1) or of online :class:`~sklearn.decomposition.LatentDirichletAllocation` on counts;
3. each article's dominant topic and its share (no topic, share 0, for an article without
   any vocabulary term).

Quality uses the same measures as :mod:`framing.topics.quality`: NPMI coherence (document
co-occurrence in the first batch as reference) and topic diversity. Deterministic for a
``seed`` and a ``batch_size``: batches are re-cut to exactly ``batch_size`` articles, so one
Parquet file and a folder of parts holding the same rows give the same model.

:func:`run_online` is the ``framing topics --online`` step: it fits and writes the tables.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer

from framing.checks import check_int
from framing.config import PROCESSED_DIR
from framing.errors import ParameterError
from framing.io import write_json, write_parquet
from framing.topics.model import warnings_to_log
from framing.topics.stream import (
    article_batches,
    articles_dataset,
    document_frequencies,
    online_vectorizer,
    progress_bar,
    stop_word_list,
)

if TYPE_CHECKING:
    from scipy import sparse
    from sklearn.decomposition import LatentDirichletAllocation, MiniBatchNMF

logger = logging.getLogger(__name__)

METHODS = ("nmf", "lda")

#: Folder (under the processed folder) that :func:`run_online` writes by default.
ONLINE_DIRNAME = "topics_online"

#: The guard scikit-learn's NMF puts in a zero denominator.
_EPSILON = np.finfo(np.float32).eps


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
    out_dir: Path | None = None

    @property
    def mean_coherence(self) -> float:
        """The mean NPMI coherence over topics (-1..1)."""
        return float(np.mean(self.coherence))


def nmf_transform(model: MiniBatchNMF, X: sparse.csr_matrix | np.ndarray) -> np.ndarray:
    """Return ``model.transform(X)`` for a fitted Frobenius-loss, unregularized
    :class:`~sklearn.decomposition.MiniBatchNMF`, the same numbers several times faster.

    The multiplicative updates of W with the components H fixed (Lee & Seung) need
    ``X @ H.T`` and ``H @ H.T`` at every step; scikit-learn recomputes both each iteration
    (the sparse product dominated a 10,000-article run), here they are computed once.
    """
    from scipy.linalg import norm

    if model.beta_loss not in ("frobenius", 2) or model.alpha_W:
        return model.transform(X)  # other losses and a penalty on W: scikit-learn's own path
    H = model.components_
    k = H.shape[0]
    XHt = np.asarray(X @ H.T)
    HHt = H @ H.T
    max_iter = model.max_iter if model.transform_max_iter is None else model.transform_max_iter
    W = np.full((X.shape[0], k), np.sqrt(X.mean() / k), dtype=X.dtype)
    previous = W.copy()
    for _ in range(max_iter):
        denominator = W @ HHt
        denominator[denominator == 0] = _EPSILON
        W *= XHt / denominator
        if model.tol > 0 and norm(W - previous) / norm(W) <= model.tol:
            break
        previous[:] = W
    return W


def _check_parameters(
    processed_dir: str | os.PathLike[str],
    *,
    k: int,
    method: str,
    batch_size: int,
    max_features: int,
    min_df: int,
    n_top: int,
    seed: int,
) -> int:
    """Check the parameters of :func:`fit_online`; return the number of articles."""
    if method not in METHODS:
        raise ParameterError(f"method must be one of {METHODS}, got {method!r}")
    for name, value in (
        ("k", k),
        ("batch_size", batch_size),
        ("max_features", max_features),
        ("min_df", min_df),
        ("n_top", n_top),
    ):
        check_int(name, value)
    check_int("seed", seed, minimum=0)
    if method == "nmf" and batch_size < k:
        # Mini-batch NMF initializes (NNDSVDa) from the first batch: it needs k rows.
        raise ParameterError(
            f"batch_size must be at least k={k} for method 'nmf', got {batch_size}"
        )
    n_rows = articles_dataset(processed_dir).count_rows()  # from Parquet metadata: cheap
    if n_rows < k:
        raise ParameterError(
            f"{processed_dir}: k={k} topics need at least {k} articles, there are {n_rows} "
            "(lower k)"
        )
    return int(n_rows)


def _vocabulary(
    frequencies: pd.Series, n_docs: int, *, k: int, min_df: int, max_features: int, where: str
) -> tuple[list[str], np.ndarray]:
    """Return the ``max_features`` most frequent terms seen in ``min_df`` articles (sorted)
    and their smoothed idf."""
    frequencies = frequencies[frequencies >= min_df]
    if len(frequencies) < k:
        raise ParameterError(
            f"{where}: only {len(frequencies)} terms occur in >= {min_df} articles; "
            f"k={k} topics need more (lower min_df or k)"
        )
    kept = frequencies.sort_values(ascending=False, kind="stable").head(max_features)
    vocabulary = sorted(kept.index)
    idf = np.log((1 + n_docs) / (1 + kept.reindex(vocabulary).to_numpy())) + 1.0
    return vocabulary, idf


def _estimator(
    method: str, k: int, *, seed: int, batch_size: int, n_docs: int
) -> MiniBatchNMF | LatentDirichletAllocation:
    from sklearn.decomposition import LatentDirichletAllocation, MiniBatchNMF

    if method == "nmf":
        return MiniBatchNMF(
            n_components=k, random_state=seed, batch_size=min(batch_size, 1024), init="nndsvda"
        )
    return LatentDirichletAllocation(
        n_components=k,
        learning_method="online",
        total_samples=n_docs,
        random_state=seed,
        n_jobs=1,  # the number of jobs changes LDA's topics: fix it
    )


def _model_rows(
    texts: pd.Series, *, vectorizer: CountVectorizer, idf: np.ndarray, method: str
) -> sparse.csr_matrix:
    """Return the rows the model sees: counts (LDA) or l2-normalised tf-idf (NMF)."""
    counts = vectorizer.transform(texts).astype(np.float64)
    if method == "lda":
        return counts
    from sklearn.preprocessing import normalize

    return normalize(counts.multiply(idf).tocsr())


def _top_terms(
    components: np.ndarray, vocabulary: list[str], n_top: int
) -> tuple[list[list[str]], pd.DataFrame]:
    """Return each topic's ``n_top`` terms, and the table topic, rank, term, weight."""
    order = np.argsort(-components, axis=1, kind="stable")[:, :n_top]
    top = [[vocabulary[i] for i in row] for row in order]
    table = pd.DataFrame(
        [
            (t, r + 1, vocabulary[i], float(components[t, i]))
            for t, row in enumerate(order)
            for r, i in enumerate(row)
        ],
        columns=["topic", "rank", "term", "weight"],
    )
    return top, table


def _dominant_topics(
    model: MiniBatchNMF | LatentDirichletAllocation,
    method: str,
    matrix: sparse.csr_matrix,
    ids: pd.Series,
) -> pd.DataFrame:
    """Return each article's dominant topic and its share (no topic, share 0, for an article
    without any vocabulary term)."""
    shares = nmf_transform(model, matrix) if method == "nmf" else model.transform(matrix)
    totals = shares.sum(axis=1, keepdims=True)
    shares = np.divide(shares, totals, out=np.zeros_like(shares), where=totals > 0)
    dominant = pd.array(shares.argmax(axis=1), dtype="Int64")
    dominant[totals[:, 0] == 0] = pd.NA
    return pd.DataFrame(
        {"article_id": ids.astype("string"), "topic": dominant, "share": shares.max(axis=1)}
    )


def fit_online(
    processed_dir: str | os.PathLike[str],
    k: int = 10,
    *,
    method: str = "nmf",
    batch_size: int = 2000,
    max_features: int = 20000,
    min_df: int = 2,
    n_top: int = 10,
    stop_words: Iterable[str] | None = None,
    seed: int = 0,
    progress: bool = False,
) -> OnlineTopics:
    """Return an :class:`OnlineTopics` model fitted batch by batch on the articles table.

    ``stop_words`` are removed on top of scikit-learn's English list; ``progress`` shows one
    tqdm bar per pass over the articles (on stderr).

    >>> model = fit_online("data/processed", k=8, method="nmf")   # doctest: +SKIP
    >>> model.top_terms.query("rank <= 3")                         # doctest: +SKIP
    """
    from framing.topics.quality import npmi_coherence, topic_diversity

    n_rows = _check_parameters(
        processed_dir,
        k=k,
        method=method,
        batch_size=batch_size,
        max_features=max_features,
        min_df=min_df,
        n_top=n_top,
        seed=seed,
    )
    stop_list = stop_word_list(stop_words)
    with progress_bar(n_rows, f"online {method}: vocabulary", progress) as bar:
        frequencies, n_docs = document_frequencies(processed_dir, batch_size, stop_list, bar)
    vocabulary, idf = _vocabulary(
        frequencies, n_docs, k=k, min_df=min_df, max_features=max_features, where=str(processed_dir)
    )
    vectorizer = online_vectorizer(vocabulary)
    rows = partial(_model_rows, vectorizer=vectorizer, idf=idf, method=method)
    model = _estimator(method, k, seed=seed, batch_size=batch_size, n_docs=n_docs)
    reference: list[list[str]] = []
    analyzer = vectorizer.build_analyzer()
    with progress_bar(n_rows, f"online {method}: fit", progress) as bar:
        for frame in article_batches(processed_dir, batch_size, bar):
            if not reference:
                reference = [analyzer(text) for text in frame["text"]]
            model.partial_fit(rows(frame["text"]))
    top, top_terms = _top_terms(model.components_, vocabulary, n_top)
    with progress_bar(n_rows, f"online {method}: topics", progress) as bar:
        parts = [
            _dominant_topics(model, method, rows(frame["text"]), frame["article_id"])
            for frame in article_batches(processed_dir, batch_size, bar)
        ]
    return OnlineTopics(
        method=method,
        k=k,
        n_docs=n_docs,
        vocabulary=vocabulary,
        components=model.components_,
        top_terms=top_terms,
        coherence=npmi_coherence(top, reference),
        diversity=topic_diversity(top),
        doc_topics=pd.concat(parts, ignore_index=True),
    )


def topic_quality_table(model: OnlineTopics) -> pd.DataFrame:
    """Return one row per topic: ``topic``, ``coherence`` (NPMI), ``n_articles`` (articles
    whose dominant topic it is) and ``top_terms`` (its first five, comma-separated)."""
    counts = model.doc_topics["topic"].value_counts()
    firsts = model.top_terms[model.top_terms["rank"] <= 5].groupby("topic")["term"]
    return pd.DataFrame(
        {
            "topic": np.arange(model.k, dtype="int64"),
            "coherence": np.asarray(model.coherence, dtype="float64"),
            "n_articles": [int(counts.get(t, 0)) for t in range(model.k)],
            "top_terms": [", ".join(firsts.get_group(t)) for t in range(model.k)],
        }
    )


def _finite_or_none(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def run_online(
    processed_dir: str | os.PathLike[str] = PROCESSED_DIR,
    out_dir: str | os.PathLike[str] | None = None,
    *,
    k: int = 10,
    method: str = "nmf",
    batch_size: int = 2000,
    max_features: int = 20000,
    min_df: int = 2,
    n_top: int = 10,
    stop_words: Iterable[str] | None = None,
    seed: int = 0,
    progress: bool = False,
) -> OnlineTopics:
    """Fit :func:`fit_online` and write its tables; return the model (``out_dir`` set).

    Writes to ``out_dir`` (default ``<processed_dir>/topics_online``), each file atomically:
    ``doc_topics.parquet`` (article_id, topic, share), ``top_terms.parquet`` (topic, rank,
    term, weight), ``topic_quality.parquet`` (topic, coherence, n_articles, top_terms) and,
    last, ``metadata.json`` (parameters, n_docs, mean coherence, diversity, versions). The
    same articles, parameters and seed give byte-identical Parquet files.

    >>> model = run_online("data/processed", k=20, batch_size=5000)   # doctest: +SKIP
    >>> model.out_dir, model.diversity                                 # doctest: +SKIP
    """
    from framing.topics.store import package_versions

    stop_list = sorted({w.strip().lower() for w in stop_words or () if w.strip()})
    with warnings_to_log("online topic model"):
        model = fit_online(
            processed_dir,
            k,
            method=method,
            batch_size=batch_size,
            max_features=max_features,
            min_df=min_df,
            n_top=n_top,
            stop_words=stop_list,
            seed=seed,
            progress=progress,
        )
    out = Path(out_dir) if out_dir is not None else Path(processed_dir) / ONLINE_DIRNAME
    out.mkdir(parents=True, exist_ok=True)
    write_parquet(model.doc_topics, out / "doc_topics.parquet")
    write_parquet(model.top_terms, out / "top_terms.parquet")
    write_parquet(topic_quality_table(model), out / "topic_quality.parquet")
    metadata = {
        "model": "online",
        "method": method,
        "k": k,
        "n_docs": model.n_docs,
        "batch_size": batch_size,
        "seed": seed,
        "max_features": max_features,
        "min_df": min_df,
        "n_top": n_top,
        "stop_words": stop_list,
        "vocabulary_size": len(model.vocabulary),
        "coherence_npmi": _finite_or_none(model.mean_coherence),
        "diversity": _finite_or_none(model.diversity),
        "versions": package_versions(),
    }
    write_json(metadata, out / "metadata.json")  # last: its presence marks a complete run
    logger.info("wrote the online %s topics of %d articles to %s", method, model.n_docs, out)
    model.out_dir = out
    return model
