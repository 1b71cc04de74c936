"""The target-sentiment model as plain arrays: fitted with scikit-learn, applied with numpy.

A multinomial logistic regression over two blocks: the hashed, L2-normalised (name, weight)
tokens of :func:`framing.features.target_features.mention_features` and its standardised dense
cue vector, scaled by ``dense_weight``. The shipped file is an ``.npz`` of arrays (the non-zero
hashed columns and their coefficients, the dense coefficients, means and scales, intercepts)
plus a JSON header, so it loads in milliseconds, holds no pickle, and survives library upgrades.
``FeatureHasher`` is stateless, so hashing at prediction time needs nothing from training.
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
from sklearn.preprocessing import normalize

from framing.errors import LexiconError, ParameterError
from framing.features.target_features import DENSE_NAMES, MentionFeatures

#: Class order of every probability row.
CLASSES: tuple[str, ...] = ("negative", "neutral", "positive")
MODEL_FILE = "target_sentiment.npz"
FORMAT_VERSION = 1


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

    def hasher(self) -> FeatureHasher:
        """The stateless hasher that maps tokens to columns, as in training."""
        return FeatureHasher(self.n_features, input_type="pair", alternate_sign=False)

    def predict_proba(self, features: Sequence[MentionFeatures]) -> np.ndarray:
        """Return class probabilities, one row per mention, columns in :data:`CLASSES` order."""
        if not features:
            return np.zeros((0, len(CLASSES)))
        hashed = normalize(self.hasher().transform(f.tokens for f in features))
        logits = np.asarray(hashed @ self.hashed_weights, dtype=np.float64)
        dense = (np.asarray([f.dense for f in features]) - self.dense_mean) / self.dense_scale
        logits += dense @ (self.dense_coef.T * self.dense_weight)
        logits += self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        return odds / odds.sum(axis=1, keepdims=True)


def design_matrix(
    features: Sequence[MentionFeatures],
    *,
    n_features: int,
    dense_mean: np.ndarray,
    dense_scale: np.ndarray,
    dense_weight: float,
) -> sp.csr_matrix:
    """Return the training matrix: normalised hashed tokens beside the scaled dense cues."""
    hasher = FeatureHasher(n_features, input_type="pair", alternate_sign=False)
    hashed = normalize(hasher.transform(f.tokens for f in features))
    dense = (np.asarray([f.dense for f in features]) - dense_mean) / dense_scale * dense_weight
    return sp.hstack([hashed, sp.csr_matrix(dense)]).tocsr()


def fit_target_model(
    features: Sequence[MentionFeatures],
    labels: Sequence[int] | np.ndarray,
    *,
    c: float = 2.0,
    n_features: int = 2**18,
    dense_weight: float = 0.1,
    meta: dict[str, object] | None = None,
) -> TargetSentimentModel:
    """Fit the logistic regression on mention features and labels (0 neg, 1 neu, 2 pos).

    Classes are weighted to balance (the training split is not the distribution the model
    will meet); lbfgs is deterministic, so the same data give the same arrays.
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
    fitted = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(matrix, y)
    return TargetSentimentModel(
        n_features=n_features,
        hashed_weights=np.ascontiguousarray(fitted.coef_[:, :n_features].T, dtype=np.float32),
        dense_coef=fitted.coef_[:, n_features:],
        dense_mean=mean,
        dense_scale=scale,
        dense_weight=dense_weight,
        intercept=fitted.intercept_.astype(np.float64),
        meta={"c": c, **(meta or {})},
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
        "meta": model.meta,
    }
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
        )
