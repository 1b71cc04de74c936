"""Topic labels: a short automatic label from the top terms, overridable from a user file.

The override file is YAML (``{0: "NATO and Russia", 3: "Energy"}``) or CSV with columns
``topic,label``; topics it does not name keep their automatic label.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from framing.errors import LexiconError
from framing.io import read_yaml


def auto_label(terms: Sequence[str], n_terms: int = 3) -> str:
    """Return up to ``n_terms`` top terms joined by " / ", skipping words already shown.

    >>> auto_label(["nato expansion", "nato", "putin", "sachs"])
    'nato expansion / putin / sachs'
    """
    chosen: list[str] = []
    seen: set[str] = set()
    for term in terms:
        words = set(term.split())
        if words <= seen:
            continue
        chosen.append(term)
        seen |= words
        if len(chosen) == n_terms:
            break
    return " / ".join(chosen)


def read_labels(path: str | os.PathLike[str], k: int) -> dict[int, str]:
    """Return ``{topic: label}`` from a YAML or CSV label file for a model with ``k`` topics.

    Raises :class:`LexiconError` naming the file and the bad entry (:class:`InputError`
    naming the file and line for YAML that does not parse).
    """
    file = Path(path)
    if not file.is_file():
        raise LexiconError(f"{file}: label file not found")
    suffix = file.suffix.lower()
    if suffix in (".yml", ".yaml"):
        raw = read_yaml(file) or {}
        if not isinstance(raw, dict):
            raise LexiconError(f"{file}: expected a mapping 'topic number: label'")
        entries = list(raw.items())
    elif suffix == ".csv":
        table = pd.read_csv(file, dtype=str, keep_default_na=False)
        if not {"topic", "label"} <= set(table.columns):
            raise LexiconError(f"{file}: needs columns 'topic' and 'label', has {list(table)}")
        entries = list(zip(table["topic"], table["label"], strict=True))
    else:
        raise LexiconError(f"{file}: label file must be .yml, .yaml or .csv")
    labels: dict[int, str] = {}
    for topic, label in entries:
        try:
            number = int(topic)
        except (TypeError, ValueError):
            raise LexiconError(f"{file}: topic {topic!r} is not a topic number") from None
        if not 0 <= number < k:
            raise LexiconError(f"{file}: topic {number} does not exist (the model has 0..{k - 1})")
        text = str(label).strip() if label is not None else ""
        if not text:
            raise LexiconError(f"{file}: topic {number} has an empty label")
        labels[number] = text
    return labels
