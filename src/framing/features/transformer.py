"""The framing features of raw texts as a scikit-learn transformer (:class:`FramingFeatures`)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from framing.errors import ParameterError
from framing.features.chunk_tables import extract_tables
from framing.features.extraction import LexiconSpec, resolve_lexicon
from framing.features.schema import article_columns
from framing.ingest.segment import split_sentences


def _texts_to_tables(texts: Iterable[Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Build in-memory articles/sentences tables from raw texts (ids "0", "1", …)."""
    values = [
        "" if t is None or (isinstance(t, float) and math.isnan(t)) else str(t) for t in texts
    ]
    ids = [str(i) for i in range(len(values))]
    rows = []
    for article_id, text in zip(ids, values, strict=True):
        for sentence_id, (start, end) in enumerate(split_sentences(text)):
            rows.append((article_id, sentence_id, start, end, text[start:end]))
    sentences = pd.DataFrame(rows, columns=["article_id", "sentence_id", "start", "end", "text"])
    return pd.DataFrame({"article_id": ids, "text": values}), sentences


class FramingFeatures(TransformerMixin, BaseEstimator):
    """Article-level framing features of raw texts, as a scikit-learn transformer.

    Parameters
    ----------
    lexicon : Lexicon, path or None
        The loaded-term lexicon (None: the packaged one; a path is merged into it).
    features : list of str or None
        Columns of :func:`article_columns` to output (None: every numeric one).

    Missing values (the sentiment arc of articles shorter than five sentences, readability of
    empty texts) are returned as 0.0 so downstream estimators accept the matrix.

    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.linear_model import LogisticRegression
    >>> model = make_pipeline(FramingFeatures(), LogisticRegression())  # doctest: +SKIP
    """

    def __init__(self, lexicon: LexiconSpec = None, features: Sequence[str] | None = None):
        self.lexicon = lexicon
        self.features = features

    def _columns(self) -> list[str]:
        numeric = [c for c, t in article_columns().items() if c != "article_id" and t != "string"]
        if self.features is None:
            return numeric
        unknown = [f for f in self.features if f not in numeric]
        if unknown:
            raise ParameterError(
                f"FramingFeatures(features=...): unknown or non-numeric feature(s) {unknown}"
            )
        return list(self.features)

    def fit(self, X: Iterable[Any], y: Any = None) -> FramingFeatures:
        """Check the parameters and remember the output columns; learns nothing from ``X``."""
        self.feature_names_out_ = np.asarray(self._columns(), dtype=object)
        self.n_features_out_ = len(self.feature_names_out_)
        return self

    def transform(self, X: Iterable[Any]) -> np.ndarray:
        """Return an array (n_texts × n_features) of the features of raw texts ``X``."""
        if isinstance(X, str):
            raise ParameterError(
                "FramingFeatures.transform expects a list of texts, not one string"
            )
        columns = self._columns()
        articles, sentences = _texts_to_tables(list(X))
        tables = extract_tables(articles, sentences, resolve_lexicon(self.lexicon, "merge"))
        return tables["articles"][columns].astype(float).fillna(0.0).to_numpy()

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Return the output feature names (columns of ``FeatureSet.articles``)."""
        return np.asarray(self._columns(), dtype=object)
