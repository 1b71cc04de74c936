"""The ``topics`` pipeline step: fit (or re-use) a model and write its tables."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import joblib
import pandas as pd

from framing.config import PROCESSED_DIR
from framing.corpus import Corpus
from framing.errors import ParameterError
from framing.io import atomic_path, read_json, write_json, write_parquet
from framing.topics.documents import corpus_fingerprint
from framing.topics.fit import fit_topics
from framing.topics.model import TopicModel
from framing.topics.store import TOPICS_DIRNAME, load_model, package_versions, save_model

log = logging.getLogger(__name__)

#: Topics fitted when the user gives neither k nor a k range.
DEFAULT_K = 10


def request_key(corpus_hash: str, options: dict[str, Any]) -> str:
    """Return the hash that decides re-use: corpus, fit options, label file, package versions."""
    labels_file = options.get("labels_file")
    labels_hash = None
    if labels_file is not None and Path(labels_file).is_file():
        labels_hash = joblib.hash(Path(labels_file).read_bytes())
    material = {
        "corpus": corpus_hash,
        "options": {k: (sorted(v) if isinstance(v, set) else v) for k, v in options.items()},
        "labels": labels_hash,
        "versions": package_versions(),
    }
    return joblib.hash(repr(sorted(material.items())), hash_name="sha1")[:16]


def fit_or_load(
    corpus: Corpus | pd.DataFrame,
    out_dir: str | os.PathLike[str] | None = None,
    **options: Any,
) -> TopicModel:
    """Return the model saved in ``out_dir`` when nothing changed, else fit, save and return.

    ``options`` are :func:`fit_topics` keyword arguments. ``out_dir`` defaults to
    ``<processed>/topics`` for a :class:`Corpus`, ``data/processed/topics`` otherwise.
    """
    if out_dir is None:
        base = corpus.processed_dir if isinstance(corpus, Corpus) else PROCESSED_DIR
        out_dir = Path(base) / TOPICS_DIRNAME
    out = Path(out_dir)
    progress = bool(options.pop("progress", False))
    key = request_key(corpus_fingerprint(corpus), options)
    meta_path = out / "metadata.json"
    if meta_path.exists() and read_json(meta_path).get("params", {}).get("request_key") == key:
        log.info("re-using the topic model in %s (corpus and parameters unchanged)", out)
        return load_model(out)
    model = fit_topics(corpus, progress=progress, **options)
    model.params["request_key"] = key
    save_model(model, out)
    log.info("saved the topic model to %s", out)
    return model


def run_topics(
    processed_dir: str | os.PathLike[str] = PROCESSED_DIR,
    out_dir: str | os.PathLike[str] | None = None,
    *,
    k: int | None = None,
    k_range: str | Sequence[int] | None = None,
    method: str = "nmf",
    unit: str = "auto",
    seed: int = 0,
    stability_seeds: Sequence[int] = (1, 2, 3),
    labels_file: str | os.PathLike[str] | None = None,
    progress: bool = False,
    **options: Any,
) -> TopicModel:
    """Run the topics step on a processed folder; return the fitted or re-used model.

    With ``k_range`` the k is chosen by :func:`choose_k` (its table goes to ``k_choice.parquet``
    and ``k_choice.png``, the reason to ``params["k_reason"]``); otherwise ``k`` (default
    :data:`DEFAULT_K`, fewer for a tiny corpus: see :func:`default_k`).
    Writes ``doc_topics.parquet``, ``topic_quality.parquet`` and the model to ``out_dir``
    (default ``<processed_dir>/topics``).
    """
    from framing.topics.select import choose_k

    if k is not None and k_range is not None:
        raise ParameterError("give either k or k_range, not both")
    corpus = Corpus(Path(processed_dir))
    out = Path(out_dir) if out_dir is not None else Path(processed_dir) / TOPICS_DIRNAME
    reason = None
    if k_range is not None:
        seeds = (seed, *[s for s in stability_seeds if s != seed])
        choice = choose_k(corpus, k_range, method, seeds, unit=unit, progress=progress, **options)
        out.mkdir(parents=True, exist_ok=True)
        write_parquet(choice.table, out / "k_choice.parquet")
        figure = choice.plot()
        with atomic_path(out / "k_choice.png") as tmp:
            figure.savefig(tmp, format="png", dpi=100)
        k, reason = choice.k, choice.reason
        log.info("choose k: %s", reason)
    min_docs = options.get("min_docs_for_articles", 50)
    if k is None:
        k, k_note = default_k(corpus, unit, min_docs)
    else:
        k, k_note = capped_k(corpus, k, unit, min_docs)
    model = fit_or_load(
        corpus,
        out,
        k=k,
        method=method,
        unit=unit,
        seed=seed,
        stability_seeds=tuple(stability_seeds),
        labels_file=labels_file,
        progress=progress,
        **options,
    )
    reason = reason or k_note
    if reason is not None and model.params.get("k_reason") != reason:
        model.params["k_reason"] = reason
        meta = read_json(out / "metadata.json")
        meta["params"]["k_reason"] = reason
        write_json(meta, out / "metadata.json")
    return model


def _document_count(corpus: Corpus, unit: str, min_docs_for_articles: int) -> tuple[int, str]:
    """Return how many documents a fit will see, and their unit (article or paragraph)."""
    n_articles = len(corpus)
    use_paragraphs = unit == "paragraph" or (unit == "auto" and n_articles < min_docs_for_articles)
    if not use_paragraphs:
        return n_articles, "article"
    return len(corpus.table("paragraphs", columns=["article_id"])), "paragraph"


def capped_k(
    corpus: Corpus, k: int, unit: str = "auto", min_docs_for_articles: int = 50
) -> tuple[int, str | None]:
    """Return ``(k, note)``: ``k``, or the number of documents when there are fewer (a topic
    needs at least one document), with a note saying so."""
    n_docs, doc_unit = _document_count(corpus, unit, min_docs_for_articles)
    if not isinstance(k, int) or k <= n_docs or n_docs < 2:
        return k, None  # fit_topics checks k and explains what is wrong
    return n_docs, (
        f"k={n_docs}: {k} topics asked, but there are only {n_docs} {doc_unit}s to fit "
        "(one topic needs at least one document; five or more per topic give steadier topics)"
    )


def default_k(
    corpus: Corpus, unit: str = "auto", min_docs_for_articles: int = 50
) -> tuple[int, str | None]:
    """Return ``(k, note)``: 10 topics, or fewer for a tiny corpus (at least 5 documents per
    topic, never below 2), with a note saying why when it is fewer."""
    n_docs, _ = _document_count(corpus, unit, min_docs_for_articles)
    k = max(2, min(DEFAULT_K, n_docs // 5))
    if k == DEFAULT_K:
        return k, None
    return k, f"k={k}: the default {DEFAULT_K} topics need 5 documents each; there are {n_docs}"
