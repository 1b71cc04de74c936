"""The target-sentiment model as plain arrays: fitted with scikit-learn, applied with numpy.

A multinomial logistic regression (the *cue model*) over the hashed (name, weight) tokens of
:func:`framing.features.target_features.mention_features`, each block of them (side words,
sentence words, clause words, role/voice/form cues: :data:`TOKEN_BLOCKS`) L2-normalised on its
own so that a long sentence does not drown the words next to the target, beside the
standardised dense cue vector scaled by ``dense_weight``. Its probabilities are mixed with those
of a second regression (:class:`WindowModel`: sublinear TF-IDF of the masked words near the
target, hashed 1-2-grams), weight ``blend``; ``C``, ``dense_weight`` and ``blend`` were chosen by
grouped cross-validation inside the training data. The shipped file is an ``.npz`` of arrays
(the non-zero hashed columns and their coefficients, the dense coefficients, means and scales,
the window block's columns, idf and coefficients, intercepts) plus a JSON header, so it loads
in milliseconds, holds no pickle, and survives library upgrades. The hashers are stateless, so
prediction needs nothing else.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

from framing.errors import LexiconError, ParameterError
from framing.features.target_features import DENSE_NAMES, TOKEN_BLOCKS, MentionFeatures

#: Class order of every probability row.
CLASSES: tuple[str, ...] = ("negative", "neutral", "positive")
MODEL_FILE = "target_sentiment.npz"
FORMAT_VERSION = 3
#: Hashed columns of the TF-IDF window block (1-2-grams of the masked window text).
WINDOW_FEATURES = 2**20


@dataclass(frozen=True)
class TargetSentimentModel:
    """Fitted arrays; ``hashed_weights`` has one row per hashed column, one column per class."""

    n_features: int
    hashed_weights: np.ndarray  # (n_features, 3) float32
    dense_coef: np.ndarray  # (3, len(DENSE_NAMES)) float64
    dense_mean: np.ndarray
    dense_scale: np.ndarray
    dense_weight: float
    intercept: np.ndarray  # (3,)
    meta: dict[str, object]
    #: The TF-IDF window model, blended in with weight ``blend`` (0: no window block).
    window: WindowModel | None = None
    blend: float = 0.0

    def predict_proba(self, features: Sequence[MentionFeatures]) -> np.ndarray:
        """Return class probabilities, one row per mention, columns in :data:`CLASSES` order."""
        if not features:
            return np.zeros((0, len(CLASSES)))
        proba = self._cue_proba(features)
        if self.window is not None and self.blend:
            proba = (1 - self.blend) * proba + self.blend * self.window.predict_proba(features)
        return proba

    def _cue_proba(self, features: Sequence[MentionFeatures]) -> np.ndarray:
        hashed = hashed_tokens(features, self.n_features)
        logits = np.asarray(hashed @ self.hashed_weights, dtype=np.float64)
        dense = (np.asarray([f.dense for f in features]) - self.dense_mean) / self.dense_scale
        logits += dense @ (self.dense_coef.T * self.dense_weight)
        logits += self.intercept
        return _softmax(logits)


def _softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    odds = np.exp(logits)
    return np.asarray(odds / odds.sum(axis=1, keepdims=True))


def hashed_tokens(features: Sequence[MentionFeatures], n_features: int) -> sp.csr_matrix:
    """Return the hashed tokens, each block of :data:`TOKEN_BLOCKS` L2-normalised on its own.

    The blocks share one hashed space (their names never coincide), so the sum of the
    normalised blocks is the row.
    """
    hasher = FeatureHasher(n_features, input_type="pair", alternate_sign=False)
    n_blocks = len(TOKEN_BLOCKS)
    # One hashing pass over every block of every mention as its own row, then a sum of rows.
    blocks = normalize(
        hasher.transform(
            f.tokens[bounds[k] : bounds[k + 1]]
            for f in features
            for bounds in [(0, *f.blocks, len(f.tokens))]
            for k in range(n_blocks)
        )
    )
    rows = len(features) * n_blocks
    summing = sp.csr_matrix(
        (np.ones(rows), np.arange(rows), np.arange(0, rows + 1, n_blocks)),
        shape=(len(features), rows),
    )
    return sp.csr_matrix(summing @ blocks)


def _window_counts(features: Sequence[MentionFeatures]) -> sp.csr_matrix:
    vectorizer = HashingVectorizer(
        ngram_range=(1, 2), n_features=WINDOW_FEATURES, alternate_sign=False, norm=None,
        token_pattern=r"(?u)<name>|\b\w\w+\b",
    )  # fmt: skip
    return vectorizer.transform([f.window for f in features]).tocsr()


@dataclass(frozen=True)
class WindowModel:
    """Logistic regression on sublinear TF-IDF of the masked window, on hashed columns.

    Only the columns seen in training are kept (``columns``, sorted), with their idf and
    coefficients; any other column has weight zero.
    """

    columns: np.ndarray  # (k,) int32
    idf: np.ndarray  # (k,) float32
    coef: np.ndarray  # (k, 3) float32
    intercept: np.ndarray  # (3,)

    def transform(self, features: Sequence[MentionFeatures]) -> sp.csr_matrix:
        """Return the L2-normalised sublinear TF-IDF rows over the kept columns."""
        counts = _window_counts(features)
        position = np.searchsorted(self.columns, counts.indices)
        position = np.minimum(position, len(self.columns) - 1)
        known = self.columns[position] == counts.indices
        data = np.where(known, (1 + np.log(counts.data)) * self.idf[position], 0.0)
        matrix = sp.csr_matrix(
            (data, position, counts.indptr), shape=(counts.shape[0], len(self.columns))
        )
        matrix.eliminate_zeros()
        return normalize(matrix)

    def predict_proba(self, features: Sequence[MentionFeatures]) -> np.ndarray:
        """Class probabilities of the window model alone."""
        logits = np.asarray(self.transform(features) @ self.coef, dtype=np.float64)
        return _softmax(logits + self.intercept)


def fit_window_model(
    features: Sequence[MentionFeatures], labels: np.ndarray, *, c: float = 1.0
) -> WindowModel:
    """Fit the TF-IDF window model (balanced classes, lbfgs: deterministic)."""
    from sklearn.linear_model import LogisticRegression

    counts = _window_counts(features)
    columns = np.unique(counts.indices).astype(np.int32)
    df = np.bincount(np.searchsorted(columns, counts.indices), minlength=len(columns))
    idf = (np.log((1 + counts.shape[0]) / (1 + df)) + 1).astype(np.float32)
    model = WindowModel(columns, idf, np.zeros((len(columns), 3), np.float32), np.zeros(3))
    fitted = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(
        model.transform(features), labels
    )
    return WindowModel(
        columns, idf, fitted.coef_.T.astype(np.float32), fitted.intercept_.astype(np.float64)
    )


def design_matrix(
    features: Sequence[MentionFeatures],
    *,
    n_features: int,
    dense_mean: np.ndarray,
    dense_scale: np.ndarray,
    dense_weight: float,
) -> sp.csr_matrix:
    """Return the training matrix: block-normalised hashed tokens beside the scaled dense cues."""
    hashed = hashed_tokens(features, n_features)
    dense = (np.asarray([f.dense for f in features]) - dense_mean) / dense_scale * dense_weight
    return sp.hstack([hashed, sp.csr_matrix(dense)]).tocsr()


def fit_target_model(
    features: Sequence[MentionFeatures],
    labels: Sequence[int] | np.ndarray,
    *,
    c: float = 0.5,
    n_features: int = 2**18,
    dense_weight: float = 0.2,
    blend: float = 0.0,
    window_c: float = 1.0,
    meta: dict[str, object] | None = None,
) -> TargetSentimentModel:
    """Fit the logistic regression on mention features and labels (0 neg, 1 neu, 2 pos).

    Classes are weighted to balance (the training split is not the distribution the model
    will meet); lbfgs is deterministic, so the same data give the same arrays. With
    ``blend > 0`` a TF-IDF window model (:class:`WindowModel`, regularisation ``window_c``) is
    fitted too, and the probabilities are mixed ``(1 - blend) · cues + blend · window``.
    """
    from sklearn.linear_model import LogisticRegression

    y = np.asarray(labels)
    if len(features) != len(y) or not len(y):
        raise ParameterError(
            f"need as many labels as mentions and at least one, got {len(features)} and {len(y)}"
        )
    if set(np.unique(y)) != {0, 1, 2}:
        raise ParameterError(
            "labels must use all three classes 0, 1, 2 (negative/neutral/positive)"
        )
    dense = np.asarray([f.dense for f in features])
    mean = dense.mean(axis=0)
    scale = dense.std(axis=0) + 1e-6
    matrix = design_matrix(
        features,
        n_features=n_features,
        dense_mean=mean,
        dense_scale=scale,
        dense_weight=dense_weight,
    )
    # Fit on the columns some token reaches (same optimum, far fewer columns to iterate on).
    used = np.flatnonzero(matrix.getnnz(axis=0))
    fitted = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(matrix[:, used], y)
    coef = np.zeros((len(CLASSES), matrix.shape[1]))
    coef[:, used] = fitted.coef_
    return TargetSentimentModel(
        n_features=n_features,
        hashed_weights=np.ascontiguousarray(coef[:, :n_features].T, dtype=np.float32),
        dense_coef=coef[:, n_features:],
        dense_mean=mean,
        dense_scale=scale,
        dense_weight=dense_weight,
        intercept=fitted.intercept_.astype(np.float64),
        meta={
            "c": c,
            "dense_weight": dense_weight,
            "blend": blend,
            "window_c": window_c,
            **(meta or {}),
        },
        window=fit_window_model(features, y, c=window_c) if blend else None,
        blend=blend,
    )


def save_model(model: TargetSentimentModel, path: str | os.PathLike[str]) -> None:
    """Write ``model`` as a compressed ``.npz`` of arrays and a JSON header.

    Only the hashed columns some training token reached are stored (most of the table is zero).
    """
    columns = np.flatnonzero(np.abs(model.hashed_weights).max(axis=1) > 0).astype(np.int32)
    header = {
        "format": FORMAT_VERSION,
        "classes": list(CLASSES),
        "dense_names": list(DENSE_NAMES),
        "n_features": model.n_features,
        "dense_weight": model.dense_weight,
        "blend": model.blend,
        "meta": model.meta,
    }
    window = model.window or WindowModel(
        np.zeros(0, np.int32), np.zeros(0, np.float32), np.zeros((0, 3), np.float32), np.zeros(3)
    )
    with open(path, "wb") as handle:
        np.savez_compressed(
            handle,
            header=np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8),
            hashed_columns=columns,
            hashed_coef=model.hashed_weights[columns].astype(np.float16),
            dense_coef=model.dense_coef,
            dense_mean=model.dense_mean,
            dense_scale=model.dense_scale,
            intercept=model.intercept,
            window_columns=window.columns,
            window_idf=window.idf.astype(np.float16),
            window_coef=window.coef.astype(np.float16),
            window_intercept=window.intercept,
        )


def load_model(path: str | os.PathLike[str] | None = None) -> TargetSentimentModel:
    """Return the model at ``path``, or the packaged one (read once per process) when None."""
    if path is None:
        return _packaged_model()
    with open(path, "rb") as handle:
        return _read(handle, str(path))


@lru_cache(maxsize=1)
def _packaged_model() -> TargetSentimentModel:
    resource = resources.files("framing.features") / "models" / MODEL_FILE
    with resource.open("rb") as handle:
        return _read(handle, f"framing/features/models/{MODEL_FILE}")


def _read(handle: object, where: str) -> TargetSentimentModel:
    with np.load(handle, allow_pickle=False) as arrays:  # type: ignore[arg-type]
        header = json.loads(arrays["header"].tobytes().decode("utf-8"))
        if header.get("format") != FORMAT_VERSION or header.get("dense_names") != list(DENSE_NAMES):
            raise LexiconError(
                f"{where}: the target-sentiment model does not match this version's features; "
                "retrain it with benchmarks/train_target_sentiment.py"
            )
        n_features = int(header["n_features"])
        weights = np.zeros((n_features, len(CLASSES)), dtype=np.float32)
        weights[arrays["hashed_columns"]] = arrays["hashed_coef"]
        return TargetSentimentModel(
            n_features=n_features,
            hashed_weights=weights,
            dense_coef=arrays["dense_coef"],
            dense_mean=arrays["dense_mean"],
            dense_scale=arrays["dense_scale"],
            dense_weight=float(header["dense_weight"]),
            intercept=arrays["intercept"],
            meta=dict(header.get("meta", {})),
            window=WindowModel(
                arrays["window_columns"],
                arrays["window_idf"].astype(np.float32),
                arrays["window_coef"].astype(np.float32),
                arrays["window_intercept"],
            )
            if len(arrays["window_columns"])
            else None,
            blend=float(header.get("blend", 0.0)),
        )
