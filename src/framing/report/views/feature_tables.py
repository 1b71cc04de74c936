"""The feature tables a report reads, straight from the Parquet files ``framing features`` wrote."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from framing.tables import FEATURE_FILES

FEATURES_MISSING = "features not computed: run `framing features` to add them"


@dataclass(frozen=True)
class FeatureTables:
    """The saved feature tables, read straight from Parquet (attribute per table)."""

    articles: pd.DataFrame
    spans: pd.DataFrame
    sentences: pd.DataFrame
    actors: pd.DataFrame
    labels: pd.DataFrame
    quotes: pd.DataFrame


def load_feature_set(processed_dir: str | os.PathLike[str]) -> FeatureTables | None:
    """Return the tables ``framing features`` saved, or None when it has not run."""
    base = Path(processed_dir)
    paths = {name: base / file for name, file in FEATURE_FILES.items()}
    if not all(path.is_file() for path in paths.values()):
        return None
    return FeatureTables(**{name: pd.read_parquet(path) for name, path in paths.items()})


def feature_frame(features: FeatureTables | None, name: str) -> pd.DataFrame:
    """Return feature table ``name``, or an empty DataFrame without features."""
    value = getattr(features, name, None) if features is not None else None
    return value if isinstance(value, pd.DataFrame) else pd.DataFrame()
