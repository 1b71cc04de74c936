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
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer

from framing.config import PROCESSED_DIR
from framing.errors import MissingStepError, ParameterError
from framing.io import write_json, write_parquet
from framing.tables import table_path

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


def _articles_dataset(processed_dir: str | os.PathLike[str]):
    import pyarrow.dataset as ds

    path = table_path(processed_dir, "articles")
    if not path.exists():
        raise MissingStepError(f"{path} does not exist: run `framing ingest` first")
    return ds.dataset(path, format="parquet")


def _batches(
    processed_dir: str | os.PathLike[str], batch_size: int, bar: Any = None
) -> Iterator[pd.DataFrame]:
    """Yield the articles (id, text) in file order, in frames of exactly ``batch_size`` rows
    (the last one shorter), whatever the row groups or parts the table is stored in."""
    dataset = _articles_dataset(processed_dir)
    pending: list[pd.DataFrame] = []
    n_pending = 0
    # Scanner batches arrive in fragment order (pyarrow's ScanBatches contract). pyarrow's
    # default read-ahead (16 batches, 4 files) held 870 MiB of text on a 100,000-article
    # corpus in parts; 2 batches and 1 file: 373 MiB, for the same batches in the same order.
    scan = dataset.to_batches(columns=["article_id", "text"], batch_size=batch_size,
                              batch_readahead=2, fragment_readahead=1)  # fmt: skip
    for batch in scan:
        if not batch.num_rows:
            continue
        pending.append(batch.to_pandas())
        n_pending += batch.num_rows
        while n_pending >= batch_size:
            frame = pd.concat(pending, ignore_index=True)
            yield _clean_frame(frame.iloc[:batch_size], bar)
            rest = frame.iloc[batch_size:]
            pending, n_pending = ([rest] if len(rest) else []), len(rest)
    if n_pending:
        yield _clean_frame(pd.concat(pending, ignore_index=True), bar)


def _clean_frame(frame: pd.DataFrame, bar: Any) -> pd.DataFrame:
    frame = frame.reset_index(drop=True)
    frame["text"] = frame["text"].fillna("").astype(str)
    if bar is not None:
        bar.update(len(frame))
    return frame


def _bar(total: int, desc: str, progress: bool) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="article", disable=not progress, file=sys.stderr)


def _vectorizer(
    vocabulary: list[str] | None = None,
    *,
    binary: bool = False,
    stop_words: list[str] | None = None,
) -> CountVectorizer:
    return CountVectorizer(
        # A fixed vocabulary already leaves the stop words out: skip the filter (~10 % faster).
        stop_words=None if vocabulary is not None else (stop_words or "english"),
        lowercase=True,
        token_pattern=r"(?u)\b[^\W\d_][\w'-]+\b",
        vocabulary=vocabulary,
        binary=binary,
    )


def _stop_word_list(extra: Iterable[str] | None) -> list[str] | None:
    """English stop words plus ``extra`` (lower-cased), or None for the English list alone."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    extra = sorted({word.strip().lower() for word in extra or () if word.strip()})
    return sorted(ENGLISH_STOP_WORDS.union(extra)) if extra else None


def _document_frequencies(
    processed_dir, batch_size, stop_words: list[str] | None, bar: Any = None
) -> tuple[pd.Series, int]:
    totals: dict[str, int] = {}
    n_docs = 0
    for frame in _batches(processed_dir, batch_size, bar):
        n_docs += len(frame)
        vectorizer = _vectorizer(binary=True, stop_words=stop_words)
        try:
            matrix = vectorizer.fit_transform(frame["text"])
        except ValueError:  # a batch of empty texts
            continue
        counts = np.asarray(matrix.sum(axis=0)).ravel()
        for term, count in zip(vectorizer.get_feature_names_out(), counts, strict=True):
            totals[term] = totals.get(term, 0) + int(count)
    return pd.Series(totals, dtype="int64"), n_docs


def nmf_transform(model: Any, X: Any) -> np.ndarray:
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


def _check_positive(**values: Any) -> None:
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
            raise ParameterError(f"{name} must be a positive integer, got {value!r}")


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
    from sklearn.decomposition import LatentDirichletAllocation, MiniBatchNMF

    from framing.topics.quality import npmi_coherence, topic_diversity

    if method not in METHODS:
        raise ParameterError(f"method must be one of {METHODS}, got {method!r}")
    _check_positive(k=k, batch_size=batch_size, max_features=max_features, min_df=min_df,
                    n_top=n_top)  # fmt: skip
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ParameterError(f"seed must be a non-negative integer, got {seed!r}")
    if method == "nmf" and batch_size < k:
        # Mini-batch NMF initializes (NNDSVDa) from the first batch: it needs k rows.
        raise ParameterError(f"batch_size must be at least k={k} for method 'nmf', "
                             f"got {batch_size}")  # fmt: skip
    stop_list = _stop_word_list(stop_words)
    n_rows = _articles_dataset(processed_dir).count_rows()  # from Parquet metadata: cheap
    if n_rows < k:
        raise ParameterError(f"{processed_dir}: k={k} topics need at least {k} articles, "
                             f"there are {n_rows} (lower k)")  # fmt: skip
    with _bar(n_rows, f"online {method}: vocabulary", progress) as bar:
        frequencies, n_docs = _document_frequencies(processed_dir, batch_size, stop_list, bar)
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
    with _bar(n_rows, f"online {method}: fit", progress) as bar:
        for frame in _batches(processed_dir, batch_size, bar):
            if not reference:
                reference = [analyzer(text) for text in frame["text"]]
            model.partial_fit(rows(frame["text"]))
    components = model.components_
    order = np.argsort(-components, axis=1, kind="stable")[:, :n_top]
    top = [[vocabulary[i] for i in row] for row in order]
    top_terms = pd.DataFrame(
        [(t, r + 1, vocabulary[i], float(components[t, i]))
         for t, row in enumerate(order) for r, i in enumerate(row)],
        columns=["topic", "rank", "term", "weight"],
    )  # fmt: skip
    parts = []
    with _bar(n_rows, f"online {method}: topics", progress) as bar:
        for frame in _batches(processed_dir, batch_size, bar):
            matrix = rows(frame["text"])
            shares = nmf_transform(model, matrix) if method == "nmf" else model.transform(matrix)
            totals = shares.sum(axis=1, keepdims=True)
            shares = np.divide(shares, totals, out=np.zeros_like(shares), where=totals > 0)
            dominant = pd.array(shares.argmax(axis=1), dtype="Int64")
            dominant[totals[:, 0] == 0] = pd.NA  # no vocabulary term: no topic (share 0)
            ids = frame["article_id"].astype("string")
            parts.append(pd.DataFrame({"article_id": ids, "topic": dominant,
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
    model = fit_online(processed_dir, k, method=method, batch_size=batch_size,
                       max_features=max_features, min_df=min_df, n_top=n_top,
                       stop_words=stop_list, seed=seed, progress=progress)  # fmt: skip
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
