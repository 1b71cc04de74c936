"""The documents a topic model sees: articles or paragraphs, their tokens and term counts.

``unit="auto"`` switches to paragraphs for small corpora and says so; near-duplicates
(``duplicate_of`` set by ingest) are kept in the output but left out of fitting.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

import joblib
import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from framing.corpus import Corpus
from framing.errors import MissingStepError, ParameterError, SchemaError
from framing.topics import text as tx

log = logging.getLogger(__name__)

METHODS = ("nmf", "lda")
UNITS = ("article", "paragraph", "auto")
#: Vocabulary pruning per method, tuned on the BBC development half (benchmarks/eval_topics.py).
DEFAULT_DF: dict[str, tuple[int, float]] = {"nmf": (2, 0.5), "lda": (5, 0.3)}
#: Columns the topic step adds to the document table; input columns of these names get ``_input``.
RESERVED_COLUMNS = ("doc_id", "modelled_terms")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass
class Documents:
    """Modelled documents with their tokens and term matrix (shared by fits over k and seeds)."""

    table: pd.DataFrame  # doc_id, article_id, [paragraph_id], text, metadata...
    tokens: list[list[str]]
    phrases: list[dict[tuple[str, str], str]]
    stop_words: frozenset[str]
    vectorizer: CountVectorizer
    counts: sparse.csr_matrix
    unit: str
    unit_note: str | None
    corpus_hash: str
    fit_rows: np.ndarray  # rows used for fitting (near-duplicates excluded)


def _articles_of(corpus: Corpus | pd.DataFrame) -> pd.DataFrame:
    articles = corpus.articles if isinstance(corpus, Corpus) else corpus
    if not isinstance(articles, pd.DataFrame):
        raise ParameterError(f"corpus must be a Corpus or a DataFrame, got {type(corpus)!r}")
    missing = {"article_id", "text"} - set(articles.columns)
    if missing:
        raise SchemaError(f"topic input lacks column(s) {sorted(missing)}")
    return articles.reset_index(drop=True)


def _split_paragraphs(articles: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for article_id, text in zip(articles["article_id"], articles["text"], strict=True):
        parts = [p.strip() for p in _PARAGRAPH_BREAK.split(str(text or ""))]
        for paragraph_id, part in enumerate(p for p in parts if p):
            rows.append({"article_id": article_id, "paragraph_id": paragraph_id, "text": part})
    return pd.DataFrame(rows, columns=["article_id", "paragraph_id", "text"])


def _paragraphs_of(corpus: Corpus | pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    if isinstance(corpus, Corpus):
        paragraphs = corpus.paragraphs[["article_id", "paragraph_id", "text"]]
    elif "paragraph_id" in articles.columns:
        paragraphs = articles[["article_id", "paragraph_id", "text"]]
    else:
        paragraphs = _split_paragraphs(articles)
    meta = articles.drop(columns=["text", "paragraph_id"], errors="ignore")
    meta = meta.drop_duplicates("article_id")
    return paragraphs.merge(meta, on="article_id", how="left", validate="many_to_one")


def _resolve_unit(unit: str, n_articles: int, min_docs_for_articles: int) -> tuple[str, str | None]:
    if unit not in UNITS:
        raise ParameterError(f"unit must be one of {UNITS}, got {unit!r}")
    if unit != "auto":
        return unit, None
    if n_articles < min_docs_for_articles:
        note = (
            f"the corpus has {n_articles} articles (fewer than min_docs_for_articles="
            f"{min_docs_for_articles}), so topics are fitted on paragraphs"
        )
        log.info("unit=auto: %s", note)
        return "paragraph", note
    return "article", None


def _texts_hash(texts: pd.Series) -> str:
    return joblib.hash(list(map(str, texts)), hash_name="sha1")[:16]


def corpus_fingerprint(corpus: Corpus | pd.DataFrame) -> str:
    """Return the corpus hash recorded by ingest, or a hash of the article ids and texts."""
    if isinstance(corpus, Corpus):
        try:
            return corpus.hash
        except (MissingStepError, KeyError):  # no manifest: fall back to the texts
            log.debug("no manifest in %s; hashing the texts", corpus.processed_dir)
    articles = _articles_of(corpus)
    return _texts_hash(articles["article_id"].astype(str) + "\0" + articles["text"].astype(str))


def prepare_documents(
    corpus: Corpus | pd.DataFrame,
    *,
    unit: str = "auto",
    min_docs_for_articles: int = 50,
    stop_words: Sequence[str] | None = None,
    bigrams: bool = True,
    min_df: int | None = None,
    max_df: float | None = None,
    method: str = "nmf",
) -> Documents:
    """Return the documents to model: the chosen unit, tokens, phrases and term counts."""
    if method not in METHODS:
        raise ParameterError(f"method must be one of {METHODS}, got {method!r}")
    articles = _articles_of(corpus)
    clashes = {name: f"{name}_input" for name in RESERVED_COLUMNS if name in articles.columns}
    if clashes:
        log.info("input columns %s renamed to %s", list(clashes), list(clashes.values()))
        articles = articles.rename(columns=clashes)
    unit, note = _resolve_unit(unit, len(articles), min_docs_for_articles)
    if unit == "article":
        table = articles.copy()
        table.insert(0, "doc_id", table["article_id"].astype(str))
    else:
        table = _paragraphs_of(corpus, articles)
        table.insert(
            0, "doc_id", table["article_id"].astype(str) + ":" + table["paragraph_id"].astype(str)
        )
    table = table.reset_index(drop=True)
    stops = tx.stop_word_set(stop_words)
    runs = [tx.segments(str(t or ""), stops) for t in table["text"]]
    phrases, merged = tx.learn_phrases(runs) if bigrams else ([], runs)
    tokens = [tx.flatten(r) for r in merged]
    if "duplicate_of" in table.columns:
        fit_rows = np.flatnonzero(table["duplicate_of"].isna().to_numpy())
    else:
        fit_rows = np.arange(len(table))
    default_min, default_max = DEFAULT_DF[method]
    min_df = default_min if min_df is None else min_df
    max_df = default_max if max_df is None else max_df
    # On tiny inputs a fractional max_df would drop every shared word: keep it a count >= 2.
    max_docs = max(2, int(max_df * len(fit_rows))) if isinstance(max_df, float) else max_df
    vectorizer = CountVectorizer(analyzer=tx.identity, min_df=min_df, max_df=max_docs)
    fit_tokens = [tokens[i] for i in fit_rows]
    try:
        vectorizer.fit(fit_tokens)
    except ValueError as error:  # empty vocabulary after pruning
        raise ParameterError(
            f"no terms left to model among {len(fit_rows)} {unit}s with min_df={min_df}, "
            f"max_df={max_df}: lower min_df or add documents ({error})"
        ) from None
    counts = vectorizer.transform(tokens).tocsr()
    table["modelled_terms"] = np.asarray(counts.sum(axis=1)).ravel().astype("int64")
    return Documents(
        table=table,
        tokens=tokens,
        phrases=phrases,
        stop_words=stops,
        vectorizer=vectorizer,
        counts=counts,
        unit=unit,
        unit_note=note,
        corpus_hash=corpus_fingerprint(corpus),
        fit_rows=fit_rows,
    )
