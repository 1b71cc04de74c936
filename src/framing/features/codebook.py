"""The feature codebook: what each column of the article feature table measures.

The entries are data (``codebook.yml`` beside this module); families of columns (one per
lexicon category, frame dimension, stance cue, lexicon side or sentiment-arc bin) are
expanded from the same lists :mod:`framing.features.schema` builds the columns from, so the
codebook and the table cannot drift apart unnoticed (``tests/test_codebook.py``).

>>> from framing import codebook
>>> codebook().set_index("name").loc["loaded_per_1k", "unit"]
'per 1,000 words'
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from framing.errors import LexiconError
from framing.features import schema
from framing.features.data_files import FileKey, file_key
from framing.features.frames import DIMENSIONS
from framing.features.lexicon import CATEGORIES, SIDES
from framing.io import read_yaml
from framing.measures import VALIDITY_KEYS

CODEBOOK_COLUMNS = ["name", "group", "measures", "unit", "validity", "validity_link"]
_REQUIRED = ("name", "group", "measures", "unit")


def _members(expand: str) -> list[tuple[str, str]]:
    """Return (item, about) for each member of an expanded family of columns."""
    families: dict[str, list[tuple[str, str]]] = {
        "category": list(CATEGORIES.items()),
        "dimension": [(d, d.replace("_", " ")) for d in DIMENSIONS],
        "stance": [(stem, cue) for cue, stem in schema.STANCE_CUES.items()],
        "arc": [(str(i), str(i)) for i in range(1, schema.N_ARC + 1)],
        "side": [(s, s.replace("_", " ")) for s in SIDES if s != "none"],
    }
    if expand not in families:
        raise LexiconError(
            f"codebook entry expands unknown family {expand!r}; use {list(families)}"
        )
    return families[expand]


def _rows(entry: dict[str, Any], where: str, page: str) -> Iterator[dict[str, Any]]:
    missing = [key for key in _REQUIRED if not entry.get(key)]
    if missing:
        raise LexiconError(f"{where}: codebook entry {entry.get('name')!r} lacks {missing}")
    validity = entry.get("validity")
    if validity is not None and validity not in VALIDITY_KEYS:
        raise LexiconError(
            f"{where}: codebook entry {entry['name']!r} names validity card {validity!r}; "
            f"use one of {', '.join(VALIDITY_KEYS)}"
        )
    expand = entry.get("expand")
    members = _members(str(expand)) if expand else [("", "")]
    for item, about in members:
        yield {
            "name": str(entry["name"]).format(item=item),
            "group": str(entry["group"]),
            "measures": str(entry["measures"]).format(item=item, about=about),
            "unit": str(entry["unit"]),
            "validity": validity,
            "validity_link": f"{page}#{validity}" if validity else None,
        }


@lru_cache(maxsize=4)
def _load(key: FileKey | None) -> pd.DataFrame:
    if key is None:
        with resources.as_file(resources.files("framing.features") / "codebook.yml") as packaged:
            return _load(file_key(packaged))
    path = key[0]
    data = read_yaml(Path(path))
    if not isinstance(data, dict) or not isinstance(data.get("columns"), list):
        raise LexiconError(f"{path}: expected a mapping with a list 'columns'")
    page = str(data.get("validity_page", "validity.html"))
    rows = [row for entry in data["columns"] for row in _rows(entry, path, page)]
    table = pd.DataFrame(rows, columns=CODEBOOK_COLUMNS).astype("string")
    duplicated = table.loc[table["name"].duplicated(), "name"].tolist()
    if duplicated:
        raise LexiconError(f"{path}: codebook lists column(s) {duplicated} twice")
    return table


def codebook(path: str | Path | None = None) -> pd.DataFrame:
    """Return one row per column of the article feature table: ``name``, ``group``,
    ``measures`` (what it measures), ``unit``, ``validity`` (the key of the measure's
    validity card, where one exists) and ``validity_link`` (``validity.html#<key>``).

    ``path`` reads another codebook file of the same format.
    """
    return _load(None if path is None else file_key(path)).copy()


def groups() -> dict[str, list[str]]:
    """Return codebook group -> its column names, in codebook order."""
    table = codebook()
    return {
        str(g): table.loc[table["group"] == g, "name"].tolist() for g in table["group"].unique()
    }
