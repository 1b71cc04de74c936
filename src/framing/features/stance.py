"""Stance cues (hedges, certainty, intensifiers, deontic modals) and subjectivity.

Cue lists are data (``lexicons/stance.yml``, after Hyland's metadiscourse categories).
Subjectivity comes from a published lexicon shipped in a package: the Pattern sentiment
lexicon of English adjectives (De Smedt & Daelemans, "Pattern for Python", JMLR 13, 2012),
``textblob/en/en-sentiment.xml`` in the ``textblob`` wheel (PDDL licence), where each word
sense carries a hand-tagged subjectivity in [0, 1]. It is read from the installed package;
no NLTK data or download is needed.
"""

from __future__ import annotations

import importlib.util
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from framing.errors import LexiconError
from framing.features.data_files import read_data_file
from framing.features.phrase_matcher import PhraseMatcher

CUE_CATEGORIES = ("hedge", "certainty", "intensifier", "modal")
STANCE_COLUMNS = ["start", "end", "text", "cue"]
#: A word of lower-cased text whose "’" are replaced by "'".
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
    matcher: PhraseMatcher


def load_stance(path: str | os.PathLike[str] | None = None) -> StanceLexicon:
    """Return the stance cues of ``path`` or of the package's ``lexicons/stance.yml``.

    Invalid files raise :class:`LexiconError` naming the file, the category and the field.
    """
    source, data = read_data_file(path, "stance.yml")
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
    ordered = sorted(cues)
    matcher = PhraseMatcher({cue: i for i, cue in enumerate(ordered)})
    return StanceLexicon(cues, tuple(cues[c] for c in ordered), matcher)


@lru_cache(maxsize=1)
def _default_stance() -> StanceLexicon:
    return load_stance()


def default_stance() -> StanceLexicon:
    """Return the package's stance cues (loaded once)."""
    return _default_stance()


def cue_rows(
    text: str,
    lexicon: StanceLexicon | None = None,
    *,
    candidates: list[tuple[int, int, int]] | None = None,
) -> list[tuple[int, int, str, str]]:
    """Return :func:`stance_cues`'s rows as ``(start, end, text, cue)`` tuples (the bulk path).

    ``candidates``: the matcher's, when the text was scanned already (``PhraseMatcher.match``).
    """
    lexicon = lexicon or _default_stance()
    return [
        (start, end, text[start:end], lexicon.categories[payload])
        for start, end, payload in lexicon.matcher.match(text, candidates)
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


def _textblob_file(name: str) -> Path:
    """Return a data file of the installed ``textblob`` package without importing it.

    Importing textblob imports NLTK, scikit-learn and SciPy (about 1.2 s); only its data
    file is needed here.
    """
    spec = importlib.util.find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        raise LexiconError("the textblob package is not installed: pip install textblob")
    return Path(next(iter(spec.submodule_search_locations))) / name


@lru_cache(maxsize=1)
def subjectivity_lexicon() -> dict[str, tuple[float, float]]:
    """Return word → ``(polarity, subjectivity)`` from TextBlob's Pattern lexicon (see module doc).

    Each value is the mean over the word's senses. This is the one reader of
    ``textblob/en/en-sentiment.xml``; :func:`subjectivity` and the report's views use it.

    >>> subjectivity_lexicon()["awful"]
    (-1.0, 1.0)
    """
    try:
        root = ET.fromstring(_textblob_file("en/en-sentiment.xml").read_bytes())
    except (OSError, ET.ParseError) as exc:
        raise LexiconError(f"textblob/en/en-sentiment.xml: cannot read it ({exc})") from exc
    senses: dict[str, list[tuple[float, float]]] = {}
    for word in root.iter("word"):
        form = (word.get("form") or "").lower()
        if form:
            polarity = float(word.get("polarity") or 0.0)
            value = float(word.get("subjectivity") or 0.0)
            senses.setdefault(form, []).append((polarity, value))
    return {
        form: (sum(p for p, _ in values) / len(values), sum(s for _, s in values) / len(values))
        for form, values in senses.items()
    }


@lru_cache(maxsize=1)
def _subjectivity_by_word() -> dict[str, float]:
    """Word → subjectivity alone, for the per-sentence hot path of :func:`subjectivity`."""
    return {form: value for form, (_, value) in subjectivity_lexicon().items()}


def subjectivity(text: str) -> float:
    """Return the subjectivity of ``text`` in [0, 1] from the Pattern lexicon (see module doc).

    As in Pattern, it is the mean subjectivity of the words of ``text`` found in the
    lexicon (each word's senses averaged); 0.0 when none is found (a dateline, a number).

    >>> subjectivity("KYIV, March 3 (Reuters)")
    0.0
    """
    values = word_subjectivities(text)
    return float(sum(values) / len(values)) if values else 0.0


def word_subjectivities(text: str) -> list[float]:
    """Return the subjectivity of each word of ``text`` found in the Pattern lexicon, in order.

    >>> word_subjectivities("A truly awful and very biased, obviously terrible war")
    [1.0, 0.3, 1.0]
    """
    lexicon = _subjectivity_by_word()
    lower = text.lower()
    if "’" in lower:  # most texts have none: skip the copy
        lower = lower.replace("’", "'")
    return [lexicon[w] for w in _PLAIN_WORD.findall(lower) if w in lexicon]
