"""Fitting topic models (NMF on tf-idf, LDA on counts) behind one interface.

Fitting is deterministic: NMF starts from NNDSVDA (no randomness), LDA takes
``random_state=seed`` and ``n_jobs=1`` (two jobs give different topics).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.feature_extraction.text import TfidfTransformer

from framing.checks import check_int
from framing.corpus import Corpus
from framing.errors import ParameterError
from framing.topics.documents import DEFAULT_DF, METHODS, Documents, prepare_documents
from framing.topics.labels import auto_label
from framing.topics.model import TopicModel, TopicQuality, topic_shares, warnings_to_log
from framing.topics.quality import npmi_coherence, stability_table, topic_diversity

log = logging.getLogger(__name__)


def _check_k(k: int, n_docs: int, unit: str) -> None:
    check_int("k", k, minimum=2)
    if n_docs < k:
        hint = "lower k" if unit == "paragraph" else "lower k, or use unit='paragraph'"
        raise ParameterError(
            f"k={k} topics need at least {k} documents, but there are only {n_docs} {unit}s "
            f"to fit: {hint}"
        )


#: NMF iterations: 400 left small sub-samples (the stability refits) short of convergence.
NMF_MAX_ITER = 1000


def _fit_quietly(
    estimator: NMF | LatentDirichletAllocation, matrix: sparse.csr_matrix
) -> NMF | LatentDirichletAllocation:
    """Fit ``estimator``; scikit-learn's convergence warning (printed with the paths of this
    machine) goes to the log, and the model records it in ``params`` (:func:`_fit_note`)."""
    with warnings_to_log(f"fitting {type(estimator).__name__}"):
        estimator.fit(matrix)
    return estimator


def _fit_note(estimator: NMF | LatentDirichletAllocation, method: str) -> str | None:
    """Return a note when the fit stopped at its iteration limit (None when it converged)."""
    if method == "nmf" and getattr(estimator, "n_iter_", 0) >= estimator.max_iter:
        return (
            f"NMF stopped at its limit of {estimator.max_iter} iterations before converging: "
            "the topics are usable, but may shift slightly with a longer fit"
        )
    return None


def make_estimator(method: str, k: int, seed: int) -> NMF | LatentDirichletAllocation:
    """Return the unfitted scikit-learn estimator for ``method`` (deterministic for ``seed``)."""
    if method == "nmf":
        return NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=NMF_MAX_ITER)
    if method == "lda":
        return LatentDirichletAllocation(
            n_components=k, learning_method="batch", max_iter=20, random_state=seed, n_jobs=1
        )
    raise ParameterError(f"method must be one of {METHODS}, got {method!r}")


def _fit_matrix(
    counts: sparse.csr_matrix, method: str
) -> tuple[TfidfTransformer | None, sparse.csr_matrix]:
    if method == "nmf":
        tfidf = TfidfTransformer(sublinear_tf=True).fit(counts)
        return tfidf, tfidf.transform(counts)
    return None, counts


def top_term_lists(components: np.ndarray, terms: np.ndarray, n_top: int) -> list[list[str]]:
    """Return the ``n_top`` highest-weighted terms of each topic (ties broken by term order)."""
    order = np.argsort(-components, axis=1, kind="stable")[:, :n_top]
    return [[str(terms[j]) for j in row] for row in order]


def default_n_init(method: str) -> int:
    """Return how many starts a method gets by default: NMF's NNDSVDA start is deterministic
    (1); LDA's likelihood surface has poor local optima (on BBC dev 1 of 6 single starts
    reached NMI 0.78, the others 0.54-0.59, and the likelihood ranked them the same way), so
    keep the best of 5 seeded starts."""
    return 5 if method == "lda" else 1


def fit_components(
    docs: Documents,
    k: int,
    method: str,
    seed: int,
    rows: np.ndarray | None = None,
    n_init: int | None = None,
) -> tuple[NMF | LatentDirichletAllocation, TfidfTransformer | None, np.ndarray]:
    """Fit ``method`` on ``rows`` of ``docs`` (default: the fit rows); return
    ``(estimator, tfidf or None, topic-term weights)``.

    With ``n_init`` > 1 the model is fitted from seeds ``seed, seed+1, ...`` and the start with
    the highest approximate log-likelihood (LDA) or lowest reconstruction error (NMF) is kept.
    """
    rows = docs.fit_rows if rows is None else rows
    n_init = default_n_init(method) if n_init is None else n_init
    if n_init < 1:
        raise ParameterError(f"n_init must be at least 1, got {n_init}")
    tfidf, matrix = _fit_matrix(docs.counts[rows], method)
    best, best_score = None, -np.inf
    for start in range(n_init):
        estimator = _fit_quietly(make_estimator(method, k, seed + start), matrix)
        score = estimator.score(matrix) if method == "lda" else -estimator.reconstruction_err_
        if score > best_score:
            best, best_score = estimator, score
    if best is None:
        raise ParameterError(
            f"no {method} start of {n_init} reached a finite score: check the input"
        )
    return best, tfidf, best.components_


def _doc_topic_table(docs: Documents, shares: np.ndarray) -> pd.DataFrame:
    id_columns = [c for c in ("doc_id", "article_id", "paragraph_id") if c in docs.table]
    table = docs.table[id_columns].copy()
    for t in range(shares.shape[1]):
        table[f"topic_{t}"] = shares[:, t]
    dominant = pd.array(shares.argmax(axis=1), dtype="Int64")
    dominant[shares.sum(axis=1) == 0] = pd.NA
    table["dominant"] = dominant
    return table


def _top_terms_table(components: np.ndarray, terms: np.ndarray, n_top: int) -> pd.DataFrame:
    lists = top_term_lists(components, terms, n_top)
    index = {term: j for j, term in enumerate(terms)}
    records = [
        {"topic": t, "rank": r + 1, "term": term, "weight": float(components[t, index[term]])}
        for t, row in enumerate(lists)
        for r, term in enumerate(row)
    ]
    return pd.DataFrame.from_records(records, columns=["topic", "rank", "term", "weight"])


def stability_runs(
    docs: Documents,
    k: int,
    method: str,
    seeds: Sequence[int],
    *,
    n_top: int = 10,
    sample_frac: float = 0.8,
    n_init: int | None = None,
    progress: bool = False,
) -> dict[int, list[list[str]]]:
    """Return the top terms of one refit per seed, each on a seeded ``sample_frac`` sub-sample.

    The sub-sample is what varies for NMF (its NNDSVDA start has no randomness); for LDA
    the seed also changes the initialisation.
    """
    if not 0 < sample_frac <= 1:
        raise ParameterError(f"sample_frac must be in (0, 1], got {sample_frac}")
    from tqdm.auto import tqdm

    terms = docs.vectorizer.get_feature_names_out()
    runs = {}
    for seed in tqdm(list(seeds), desc=f"stability k={k}", disable=not progress, file=None):
        rng = np.random.default_rng(seed)
        size = max(k, int(round(sample_frac * len(docs.fit_rows))))
        rows = np.sort(rng.choice(docs.fit_rows, size=size, replace=False))
        _, _, components = fit_components(docs, k, method, seed, rows, n_init)
        runs[int(seed)] = top_term_lists(components, terms, n_top)
    return runs


def _measure_quality(
    docs: Documents,
    lists: list[list[str]],
    labels: dict[int, str],
    shares: np.ndarray,
    reference_tokens: list[list[str]],
    method: str,
    *,
    coherence_mode: str,
    coherence_window: int,
    stability_seeds: Sequence[int],
    n_top: int,
    sample_frac: float,
    n_init: int | None,
    progress: bool,
) -> TopicQuality:
    """Return the coherence, diversity and (with ``stability_seeds``) stability of a fit."""
    k = len(lists)
    coherence = npmi_coherence(
        lists, reference_tokens, mode=coherence_mode, window=coherence_window
    )
    per_topic = pd.DataFrame(
        {
            "topic": range(k),
            "label": [labels[t] for t in range(k)],
            "coherence": coherence,
            "stability": np.nan,
            "prevalence": shares.mean(axis=0),
        }
    )
    stability = None
    if stability_seeds:
        runs = stability_runs(
            docs,
            k,
            method,
            stability_seeds,
            n_top=n_top,
            sample_frac=sample_frac,
            n_init=n_init,
            progress=progress,
        )
        table = stability_table(lists, runs)
        per_topic["stability"] = table.groupby("topic")["overlap"].mean().reindex(range(k))
        stability = float(table["overlap"].mean())
    return TopicQuality(
        coherence=float(np.nanmean(coherence)),
        diversity=topic_diversity(lists),
        stability=stability,
        per_topic=per_topic,
        coherence_mode=coherence_mode,
        stability_seeds=tuple(int(s) for s in stability_seeds),
    )


def _fit_params(
    docs: Documents,
    k: int,
    method: str,
    seed: int,
    *,
    n_terms: int,
    n_top: int,
    sample_frac: float,
    n_init: int | None,
    coherence_mode: str,
    coherence_window: int,
) -> dict[str, Any]:
    """Return the parameters and corpus figures a fitted model records in ``params``."""
    return {
        "k": int(k),
        "method": method,
        "seed": int(seed),
        "unit": docs.unit,
        "unit_note": docs.unit_note,
        "n_top": int(n_top),
        "n_documents": len(docs.table),
        "n_fit_documents": len(docs.fit_rows),
        "n_terms": n_terms,
        "n_phrases": sum(len(p) for p in docs.phrases),
        "corpus_hash": docs.corpus_hash,
        "sample_frac": float(sample_frac),
        "n_init": default_n_init(method) if n_init is None else int(n_init),
        "coherence_mode": coherence_mode,
        "coherence_window": int(coherence_window),
    }


def build_model(
    docs: Documents,
    k: int,
    method: str = "nmf",
    seed: int = 0,
    *,
    n_top: int = 10,
    stability_seeds: Sequence[int] = (),
    sample_frac: float = 0.8,
    n_init: int | None = None,
    coherence_mode: str = "document",
    coherence_window: int = 10,
    reference: Sequence[str] | None = None,
    labels_file: str | os.PathLike[str] | None = None,
    params: dict[str, Any] | None = None,
    progress: bool = False,
) -> TopicModel:
    """Fit one model on prepared ``docs`` and measure its quality (see :func:`fit_topics`)."""
    _check_k(k, len(docs.fit_rows), docs.unit)
    if n_top < 2:
        raise ParameterError(f"n_top must be at least 2 terms, got {n_top}")
    estimator, tfidf, components = fit_components(docs, k, method, seed, n_init=n_init)
    terms = docs.vectorizer.get_feature_names_out()
    matrix = tfidf.transform(docs.counts) if tfidf is not None else docs.counts
    with warnings_to_log("topic shares"):
        shares = topic_shares(estimator.transform(matrix), docs.counts)
    lists = top_term_lists(components, terms, n_top)
    labels = {t: auto_label(row) for t, row in enumerate(lists)}
    model = TopicModel(
        params=dict(params or {}),
        estimator_=estimator,
        vectorizer_=docs.vectorizer,
        tfidf_=tfidf,
        phrases_=docs.phrases,
        stop_words_=docs.stop_words,
        documents_=docs.table,
        top_terms=_top_terms_table(components, terms, n_top),
        doc_topics=_doc_topic_table(docs, shares),
        labels=labels,
        quality=None,  # type: ignore[arg-type]  # measured just below
        tokens_=docs.tokens,
    )
    reference_tokens = docs.tokens if reference is None else model.tokenize(reference)
    model.quality = _measure_quality(
        docs,
        lists,
        labels,
        shares,
        reference_tokens,
        method,
        coherence_mode=coherence_mode,
        coherence_window=coherence_window,
        stability_seeds=stability_seeds,
        n_top=n_top,
        sample_frac=sample_frac,
        n_init=n_init,
        progress=progress,
    )
    model.params.update(
        _fit_params(
            docs,
            k,
            method,
            seed,
            n_terms=len(terms),
            n_top=n_top,
            sample_frac=sample_frac,
            n_init=n_init,
            coherence_mode=coherence_mode,
            coherence_window=coherence_window,
        )
    )
    note = _fit_note(estimator, method)
    if note:
        model.params["fit_note"] = note
    return model.with_labels(labels_file)


def fit_topics(
    corpus: Corpus | pd.DataFrame,
    k: int = 10,
    method: str = "nmf",
    unit: str = "auto",
    seed: int = 0,
    *,
    stop_words: Sequence[str] | None = None,
    bigrams: bool = True,
    min_docs_for_articles: int = 50,
    n_top: int = 10,
    labels_file: str | os.PathLike[str] | None = None,
    min_df: int | None = None,
    max_df: float | None = None,
    stability_seeds: Sequence[int] = (),
    sample_frac: float = 0.8,
    n_init: int | None = None,
    coherence_mode: str = "document",
    coherence_window: int = 10,
    reference: Sequence[str] | None = None,
    progress: bool = False,
) -> TopicModel:
    """Return a fitted :class:`TopicModel` of ``k`` topics over ``corpus``.

    Parameters
    ----------
    corpus : a :class:`Corpus` or an articles DataFrame (``article_id``, ``text``, metadata).
    method : ``"nmf"`` (tf-idf, default, fast) or ``"lda"`` (counts).
    unit : ``"article"``, ``"paragraph"`` or ``"auto"`` (paragraphs below
        ``min_docs_for_articles`` articles; recorded in ``params["unit_note"]``).
    stop_words : extra stop words added to scikit-learn's English list.
    bigrams : merge frequent, strongly associated word pairs (and triples) into phrases.
    min_df, max_df : vocabulary pruning (defaults per method in ``DEFAULT_DF``).
    n_init : starts per fit, the best kept (default 1 for NMF, 5 for LDA).
    stability_seeds : refit once per seed on a ``sample_frac`` sub-sample and report the
        Hungarian-matched top-term overlap with this model (``quality.stability``).
    coherence_mode : NPMI from ``"document"`` co-occurrence or a sliding ``"window"``.
    reference : texts to compute coherence on (default: the modelled documents).

    >>> model = fit_topics(articles, k=5, seed=0)                 # doctest: +SKIP
    >>> model.top_terms.query("topic == 0").term.tolist()[:3]     # doctest: +SKIP
    """
    docs = prepare_documents(
        corpus,
        unit=unit,
        min_docs_for_articles=min_docs_for_articles,
        stop_words=stop_words,
        bigrams=bigrams,
        min_df=min_df,
        max_df=max_df,
        method=method,
    )
    params = {
        "stop_words": sorted(set(stop_words or [])),
        "bigrams": bool(bigrams),
        "min_docs_for_articles": int(min_docs_for_articles),
        "min_df": DEFAULT_DF[method][0] if min_df is None else min_df,
        "max_df": DEFAULT_DF[method][1] if max_df is None else max_df,
        "requested_unit": unit,
    }
    return build_model(
        docs,
        k,
        method,
        seed,
        n_top=n_top,
        stability_seeds=stability_seeds,
        sample_frac=sample_frac,
        n_init=n_init,
        coherence_mode=coherence_mode,
        coherence_window=coherence_window,
        reference=reference,
        labels_file=labels_file,
        params=params,
        progress=progress,
    )
