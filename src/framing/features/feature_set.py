"""The feature tables of a corpus as one :class:`FeatureSet`, and :func:`trace`.

``articles``
    one row per article (``article_id`` first): counts, loaded-term figures, sentiment and its
    arc, quotes, stance rates, subjectivity, frame-dimension rates, readability.
``spans``
    every hit behind those figures (kind ∈ loaded, label, actor, quote, stance, frame) with
    article-level offsets, sentence id, quoted/negated flags, KWIC context and explanation.
``sentences``, ``actors``, ``labels``, ``quotes``
    the per-sentence, per-actor, per-label and per-quote tables.

:func:`trace` returns the rows behind any article-level value, so every number can be
explained from the text.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from framing.config import PROCESSED_DIR
from framing.errors import MissingStepError, ParameterError
from framing.features.schema import N_ARC, STANCE_CUES
from framing.io import read_json, write_json, write_parquet
from framing.tables import FEATURE_FILES

MANIFEST = "features_manifest.json"


@dataclass
class FeatureSet:
    """The feature tables of a corpus (see the module docstring) and their manifest."""

    articles: pd.DataFrame
    spans: pd.DataFrame
    sentences: pd.DataFrame
    actors: pd.DataFrame
    labels: pd.DataFrame
    quotes: pd.DataFrame
    manifest: dict[str, Any] = field(default_factory=dict)

    def save(self, processed_dir: str | os.PathLike[str] = PROCESSED_DIR) -> dict[str, Path]:
        """Write every table atomically (Parquet) plus ``features_manifest.json``.

        The folders of parts an earlier partitioned run left under the same names are
        removed first, so the folder holds one layout.

        Returns the paths written, by table name (and ``"manifest"``).
        """
        base = Path(processed_dir)
        for file in FEATURE_FILES.values():
            if (base / file).is_dir():  # a partitioned run's folder of parts: one layout only
                shutil.rmtree(base / file)
        written = {
            name: write_parquet(getattr(self, name), base / file)
            for name, file in FEATURE_FILES.items()
        }
        written["manifest"] = write_json(self.manifest, base / MANIFEST)
        return written

    @classmethod
    def load(cls, processed_dir: str | os.PathLike[str] = PROCESSED_DIR) -> FeatureSet:
        """Read the tables :meth:`save` wrote; raises :class:`MissingStepError` if absent."""
        base = Path(processed_dir)
        missing = [
            file for file in [*FEATURE_FILES.values(), MANIFEST] if not (base / file).exists()
        ]
        if missing:
            raise MissingStepError(
                f"{base}: no {', '.join(missing)}: run `framing features --processed {base}` first"
            )
        tables = {name: pd.read_parquet(base / file) for name, file in FEATURE_FILES.items()}
        return cls(**tables, manifest=read_json(base / MANIFEST))


_SENTENCE_FEATURES = {"n_sentences", "sentiment_mean", "sentiment_neg_share"} | {
    f"sentiment_arc_{i}" for i in range(1, N_ARC + 1)
}


def _span_filter(spans: pd.DataFrame, feature: str) -> pd.Series | None:
    """Return the mask of spans behind ``feature``, or None if it is not span-based."""
    kind, category = spans["kind"], spans["category"]
    quoted, negated = spans["quoted"].astype(bool), spans["negated"].fillna(False).astype(bool)
    # Tables written before the title field and distancing lack the columns.
    distanced = spans["distanced"].fillna(False).astype(bool) if "distanced" in spans else False
    title = spans["field"] == "title" if "field" in spans else pd.Series(False, spans.index)
    if feature.startswith(("side_", "distanced_")):  # title and body together
        in_voice = ~quoted & ~distanced if feature.startswith("side_") else distanced
        side = spans["side"] == feature.split("_", 1)[1]
        return (kind == "loaded") & ~negated & in_voice & side.fillna(False)
    if feature.startswith("title_"):
        feature, kind = feature.removeprefix("title_"), kind.where(title, "")
    else:
        kind = kind.where(~title, "")
    loaded = kind == "loaded"
    author = loaded & ~quoted & ~negated & ~distanced
    masks: dict[str, pd.Series] = {
        "loaded_hits": loaded,
        "loaded_per_1k": loaded,
        "loaded_author_voice": author,
        "loaded_quoted": loaded & quoted,
        "loaded_negated": loaded & negated,
        "loaded_distanced": loaded & distanced,
        "label_hits": kind == "label",
        "actor_mentions": kind == "actor",
        "n_actors": kind == "actor",
        # the mean of the actor rows' target_score, with its interval over those rows
        "actor_target_mean": kind == "actor",
        "actor_target_low": kind == "actor",
        "actor_target_high": kind == "actor",
        "n_quotes": kind == "quote",
        "quoted_share": kind == "quote",
        "top_speaker": kind == "quote",
    }
    if feature in masks:
        return masks[feature]
    if feature.startswith("loaded_"):
        return loaded & (category == feature.removeprefix("loaded_"))
    if feature.startswith("frame_"):
        return (kind == "frame") & (category == feature.removeprefix("frame_"))
    for cue, name in STANCE_CUES.items():
        if feature == f"{name}_per_1k":
            return (kind == "stance") & (category == cue)
    return None


def trace(feature_set: FeatureSet, article_id: str, feature: str) -> pd.DataFrame:
    """Return the rows behind ``feature`` of article ``article_id``.

    Span-based features (``loaded_*``, ``label_hits``, ``actor_mentions``, ``actor_target_*``
    (the actor rows with their ``target_label`` and ``target_score``), ``n_quotes``,
    ``quoted_share``, ``top_speaker`` (the quotes), stance ``*_per_1k``, ``frame_*``) return
    the matching rows of ``feature_set.spans``: a count equals the number of rows, a rate is
    rows / n_tokens × 1,000. Sentence-based features (``n_sentences``, ``sentiment_*``) return
    the article's rows of ``feature_set.sentences``. ``top_speaker`` keeps the quotes of that
    speaker only.

    >>> trace(features, "3d1f3732a668f00a", "loaded_quoted")[["text", "quoted"]]  # doctest: +SKIP
    """
    known = set(feature_set.articles.columns) - {"article_id"}
    if feature not in known:
        raise ParameterError(
            f"unknown feature {feature!r}; features are the columns of FeatureSet.articles, "
            f"e.g. {sorted(known)[:6]}"
        )
    if article_id not in set(feature_set.articles["article_id"].astype(str)):
        raise ParameterError(f"article {article_id!r} is not in this feature set")
    if feature in _SENTENCE_FEATURES:
        rows = feature_set.sentences[feature_set.sentences["article_id"] == article_id]
        return rows.reset_index(drop=True)
    spans = feature_set.spans[feature_set.spans["article_id"] == article_id]
    mask = _span_filter(spans, feature)
    if mask is None:
        raise ParameterError(
            f"feature {feature!r} is computed from the whole article text (not from spans): "
            "see its value in FeatureSet.articles"
        )
    rows = spans[mask]
    if feature == "top_speaker":
        speaker: Any = feature_set.articles.set_index("article_id").loc[article_id, "top_speaker"]
        # quote_stats names the top speaker by surname ("Putin" for "Vladimir Putin").
        surname = rows["term"].fillna("").str.split().str[-1]
        rows = rows[surname == speaker] if not pd.isna(speaker) else rows.iloc[0:0]
    return rows.reset_index(drop=True)
