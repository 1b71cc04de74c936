"""Stance cues (hedges, certainty, intensifiers, deontic modals) and subjectivity.

Cue lists are data (``lexicons/stance.yml``, after Hyland's metadiscourse categories).
Subjectivity comes from a published lexicon shipped in a package: the Pattern sentiment
lexicon of English adjectives (De Smedt & Daelemans, "Pattern for Python", JMLR 13, 2012),
``textblob/en/en-sentiment.xml`` in the ``textblob`` wheel (PDDL licence), where each word
sense carries a hand-tagged subjectivity in [0, 1]. It is read from the installed package;
no NLTK data or download is needed.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from framing.errors import LexiconError

CUE_CATEGORIES = ("hedge", "certainty", "intensifier", "modal")
STANCE_COLUMNS = ["start", "end", "text", "cue"]
_WORD = re.compile(r"[a-z][a-z'’-]*")
# _WORD once "’" is replaced by "'" (a shorter character class is a little faster).
_PLAIN_WORD = re.compile(r"[a-z][a-z'-]*")


_MONTH_BEFORE = re.compile(r"(?:in|since|early|late|mid|until|by|last|next|of|from)\s+$", re.I)


def _is_month_may(text: str, start: int, end: int) -> bool:
    """True for the month "May" ("in May", "May 2023"), which is not a hedge."""
    if text[start:end] != "May":
        return False
    after = text[end : end + 3].lstrip()
    return after[:1].isdigit() or bool(_MONTH_BEFORE.search(text[max(0, start - 8) : start]))


_HYPHENS = frozenset("-‐")


def _inside_compound(text: str, start: int, end: int) -> bool:
    """True for a cue that is part of a hyphenated word ("ultra-clearly", "so-called")."""
    # Slices, not indexing: empty (never a hyphen) at either end of the text.
    return text[start - 1 : start] in _HYPHENS or text[end : end + 1] in _HYPHENS


@dataclass(frozen=True)
class StanceLexicon:
    """Stance cues by category, compiled into one Aho–Corasick automaton."""

    cues: dict[str, str]  # lower-case cue -> category
    categories: tuple[str, ...]  # category of each automaton payload
    matcher: Any  # framing.lexicon.PhraseMatcher


def load_stance(path: str | os.PathLike[str] | None = None) -> StanceLexicon:
    """Return the stance cues of ``path`` or of the package's ``lexicons/stance.yml``.

    Invalid files raise :class:`LexiconError` naming the file, the category and the field.
    """
    if path is None:
        source = "framing/lexicons/stance.yml"
        text = resources.files("framing").joinpath("lexicons/stance.yml").read_text("utf-8")
    else:
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise LexiconError(f"{source}: cannot read the stance file ({exc})") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise LexiconError(f"{source}: not valid YAML ({exc})") from exc
    categories = data.get("categories") if isinstance(data, dict) else None
    if not isinstance(categories, dict) or not categories:
        raise LexiconError(f"{source}: field 'categories' must map category names to cues")
    cues: dict[str, str] = {}
    for category, entry in categories.items():
        if category not in CUE_CATEGORIES:
            raise LexiconError(
                f"{source}: category '{category}' is unknown; use one of {list(CUE_CATEGORIES)}"
            )
        items = entry.get("cues") if isinstance(entry, dict) else None
        if not isinstance(items, list) or not items:
            raise LexiconError(f"{source}, category '{category}': field 'cues' must be a list")
        for cue in items:
            key = " ".join(str(cue).lower().split())
            if not key:
                raise LexiconError(f"{source}, category '{category}': empty cue")
            if key in cues and cues[key] != category:
                raise LexiconError(
                    f"{source}, category '{category}': cue '{key}' is also a "
                    f"'{cues[key]}' cue; keep it in one category"
                )
            cues[key] = category
    from framing.features.lexicon import PhraseMatcher

    ordered = sorted(cues)
    matcher = PhraseMatcher({cue: i for i, cue in enumerate(ordered)})
    return StanceLexicon(cues, tuple(cues[c] for c in ordered), matcher)


@lru_cache(maxsize=1)
def _default_stance() -> StanceLexicon:
    return load_stance()


def cue_rows(text: str, lexicon: StanceLexicon | None = None) -> list[tuple[int, int, str, str]]:
    """Return :func:`stance_cues`'s rows as ``(start, end, text, cue)`` tuples (the bulk path)."""
    lexicon = lexicon or _default_stance()
    return [
        (start, end, text[start:end], lexicon.categories[payload])
        for start, end, payload in lexicon.matcher.match(text)
        if not _inside_compound(text, start, end) and not _is_month_may(text, start, end)
    ]


def stance_cues(text: str, lexicon: StanceLexicon | None = None) -> pd.DataFrame:
    """Return stance cue hits in ``text``: ``start``, ``end``, ``text``, ``cue`` (category).

    >>> stance_cues("It is clearly a very serious, possibly fatal, mistake.")["cue"].tolist()
    ['certainty', 'intensifier', 'hedge']
    """
    rows = cue_rows(text, lexicon)
    return pd.DataFrame(
        {
            "start": np.asarray([r[0] for r in rows], dtype=np.int64),
            "end": np.asarray([r[1] for r in rows], dtype=np.int64),
            "text": [r[2] for r in rows] if rows else pd.Series([], dtype="str"),
            "cue": [r[3] for r in rows] if rows else pd.Series([], dtype="str"),
        },
        columns=STANCE_COLUMNS,
    )


def stance_rates(text: str, lexicon: StanceLexicon | None = None) -> dict[str, float]:
    """Return cues per 1,000 words by category (``hedge_per_1k`` …); zeros for empty text."""
    n_words = len(_WORD.findall(text.lower()))
    counts = stance_cues(text, lexicon)["cue"].value_counts()
    scale = 1000.0 / n_words if n_words else 0.0
    return {f"{c}_per_1k": float(counts.get(c, 0)) * scale for c in CUE_CATEGORIES}


@lru_cache(maxsize=1)
def pattern_subjectivity_lexicon() -> dict[str, float]:
    """Return word → subjectivity (mean over its senses) from TextBlob's Pattern lexicon."""
    xml = resources.files("textblob").joinpath("en/en-sentiment.xml")
    try:
        root = ET.fromstring(xml.read_bytes())
    except (OSError, ET.ParseError) as exc:
        raise LexiconError(f"textblob/en/en-sentiment.xml: cannot read it ({exc})") from exc
    senses: dict[str, list[float]] = {}
    for word in root.iter("word"):
        form = (word.get("form") or "").lower()
        value = word.get("subjectivity")
        if form and value is not None:
            senses.setdefault(form, []).append(float(value))
    return {form: sum(values) / len(values) for form, values in senses.items()}


def subjectivity(text: str) -> float:
    """Return the subjectivity of ``text`` in [0, 1] from the Pattern lexicon (see module doc).

    As in Pattern, it is the mean subjectivity of the words of ``text`` found in the
    lexicon (each word's senses averaged); 0.0 when none is found (a dateline, a number).

    >>> subjectivity("KYIV, March 3 (Reuters)")
    0.0
    """
    lexicon = pattern_subjectivity_lexicon()
    lower = text.lower()
    if "’" in lower:  # most texts have none: skip the copy
        lower = lower.replace("’", "'")
    values = [lexicon[w] for w in _PLAIN_WORD.findall(lower) if w in lexicon]
    return float(sum(values) / len(values)) if values else 0.0
