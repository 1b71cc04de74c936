"""The feature tables a report reads, through the library's loader (:class:`FeatureSet`).

``FeatureSet.load`` reads each table whether ``framing features`` wrote it as one Parquet
file or the partitioned engine wrote a folder of parts, so the reports read both layouts.
"""

from __future__ import annotations

import os

import pandas as pd

from framing.errors import MissingStepError
from framing.features.feature_set import FeatureSet

FEATURES_MISSING = "features not computed: run `framing features` to add them"


def load_feature_set(processed_dir: str | os.PathLike[str]) -> FeatureSet | None:
    """Return the tables ``framing features`` saved (either layout), or None before it ran."""
    try:
        return FeatureSet.load(processed_dir)
    except MissingStepError:
        return None


def feature_frame(features: FeatureSet | None, name: str) -> pd.DataFrame:
    """Return feature table ``name``, or an empty DataFrame without features."""
    value = getattr(features, name, None) if features is not None else None
    return value if isinstance(value, pd.DataFrame) else pd.DataFrame()


def lexicon_version(features: FeatureSet | None) -> str:
    """Return the version of the lexicon the features were computed with ("" if unknown)."""
    if features is None:
        return ""
    return str(features.manifest.get("lexicon_version") or "")
