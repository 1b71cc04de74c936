"""Saving, loading and re-using fitted topic models in ``data/processed/topics/``.

Layout: ``model.joblib`` (estimator, vectorizer, phrases), ``documents.parquet``,
``doc_topics.parquet``, ``top_terms.parquet``, ``topic_quality.parquet`` and
``metadata.json`` (parameters, corpus hash, package versions, quality, labels). A model is
re-used by :func:`fit_or_load` only when the corpus hash, the parameters and the package
versions all match.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pandas as pd
import sklearn

import framing
from framing.errors import MissingStepError, SchemaError
from framing.io import atomic_path, read_json, write_json, write_parquet
from framing.topics.model import TopicModel, TopicQuality

log = logging.getLogger(__name__)

TOPICS_DIRNAME = "topics"
FORMAT_VERSION = 1


def package_versions() -> dict[str, str]:
    """Return the versions that change fitted topics: scikit-learn, numpy, framing."""
    return {"sklearn": sklearn.__version__, "numpy": np.__version__, "framing": framing.__version__}


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def save_model(model: TopicModel, directory: str | os.PathLike[str]) -> Path:
    """Write ``model`` to ``directory`` (atomic per file; metadata last, so it marks success)."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    state = {
        "estimator": model.estimator_,
        "vectorizer": model.vectorizer_,
        "tfidf": model.tfidf_,
        "phrases": model.phrases_,
        "stop_words": sorted(model.stop_words_),
    }
    with atomic_path(out / "model.joblib") as tmp:
        joblib.dump(state, tmp, compress=3)
    write_parquet(model.documents_, out / "documents.parquet")
    write_parquet(model.doc_topics, out / "doc_topics.parquet")
    write_parquet(model.top_terms, out / "top_terms.parquet")
    write_parquet(model.quality.per_topic, out / "topic_quality.parquet")
    quality = model.quality
    metadata = {
        "format_version": FORMAT_VERSION,
        "params": model.params,
        "versions": package_versions(),
        "labels": {str(t): label for t, label in sorted(model.labels.items())},
        "quality": {
            "coherence_npmi": quality.coherence,
            "coherence_mode": quality.coherence_mode,
            "diversity": quality.diversity,
            "stability": quality.stability,
            "stability_seeds": list(quality.stability_seeds),
        },
    }
    write_json(_json_safe(metadata), out / "metadata.json")
    return out


def load_model(directory: str | os.PathLike[str]) -> TopicModel:
    """Return the :class:`TopicModel` saved in ``directory``."""
    folder = Path(directory)
    meta_path = folder / "metadata.json"
    if not meta_path.exists():
        raise MissingStepError(
            f"{folder} holds no topic model (no metadata.json): run `framing topics`"
        )
    meta = read_json(meta_path)
    if meta.get("format_version") != FORMAT_VERSION:
        raise SchemaError(
            f"{meta_path}: topic model format {meta.get('format_version')} is not "
            f"{FORMAT_VERSION}; refit with `framing topics`"
        )
    state = joblib.load(folder / "model.joblib")
    q = meta["quality"]
    quality = TopicQuality(
        coherence=q["coherence_npmi"],
        diversity=q["diversity"],
        stability=q["stability"],
        per_topic=pd.read_parquet(folder / "topic_quality.parquet"),
        coherence_mode=q["coherence_mode"],
        stability_seeds=tuple(q["stability_seeds"]),
    )
    return TopicModel(
        params=meta["params"],
        estimator_=state["estimator"],
        vectorizer_=state["vectorizer"],
        tfidf_=state["tfidf"],
        phrases_=state["phrases"],
        stop_words_=frozenset(state["stop_words"]),
        documents_=pd.read_parquet(folder / "documents.parquet"),
        top_terms=pd.read_parquet(folder / "top_terms.parquet"),
        doc_topics=pd.read_parquet(folder / "doc_topics.parquet"),
        labels={int(t): label for t, label in meta["labels"].items()},
        quality=quality,
    )
