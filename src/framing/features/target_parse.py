"""One sentence tokenized once for target sentiment: words, clauses, quotations, valences.

Every mention of a sentence shares this parse (:func:`parse_sentence`), so a sentence with
several actors is tokenized and looked up in the lexicons once. Each token carries its VADER
valence (flipped and damped after a negation cue, as VADER does), the framing loaded-term
lexicon's valence, TextBlob's adjective polarity and subjectivity (the pattern lexicon that
ships in the ``textblob`` wheel), its clause number and whether it is inside a quotation.
Capitalised words inside a sentence are masked as ``<name>``: the model learns roles, not people.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib.util import find_spec
from pathlib import Path

from framing.errors import LexiconError
from framing.features.lexicon import load_lexicon
from framing.features.negation import NEGATION_CUES, SCOPE_BREAKERS
from framing.features.quoted_regions import quoted_regions
from framing.features.vader import Vader

_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*|[^\w\s]")
_CLAUSE_PUNCT = frozenset(";:()[]—–!?")
_QUOTE_CHARS = frozenset('"“”„«»')
_SENTENCE_START = frozenset([".", '"', "“", "(", ":", ";", "?", "!", "—", "–"])
_NO_ADJECTIVE = (0.0, 0.0)


@lru_cache(maxsize=1)
def _valences() -> dict[str, float]:
    """VADER's lexicon (lower-cased words → valence in about [-4, 4])."""
    return dict(Vader().lexicon)


@lru_cache(maxsize=1)
def _loaded_terms() -> tuple[object, list[float]]:
    """The framing loaded-term matcher and each entry's valence (0 where unrated)."""
    lexicon = load_lexicon()
    valences = []
    for value in lexicon.entries["valence"]:
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = 0.0
        valences.append(0.0 if math.isnan(number) else number)
    return lexicon.matcher, valences


_PATTERN_WORD = re.compile(
    r'<word form="([^"]+)"[^>]*? polarity="([-0-9.]+)" subjectivity="([0-9.]+)"'
)


@lru_cache(maxsize=1)
def _subjectivity_lexicon() -> dict[str, tuple[float, float]]:
    """TextBlob's (pattern's) adjective lexicon: word → (mean polarity, mean subjectivity)."""
    # Located without importing textblob, whose import (nltk) takes seconds.
    spec = find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        raise LexiconError("textblob is not installed: pip install textblob (a dependency)")
    path = Path(spec.submodule_search_locations[0]) / "en" / "en-sentiment.xml"
    sums: dict[str, list[float]] = {}
    for form, polarity, subjectivity in _PATTERN_WORD.findall(path.read_text(encoding="utf-8")):
        entry = sums.setdefault(form.lower(), [0.0, 0.0, 0.0])
        entry[0] += float(polarity)
        entry[1] += float(subjectivity)
        entry[2] += 1
    return {w: (p / n, s / n) for w, (p, s, n) in sums.items()}


@dataclass(frozen=True, eq=False)
class SentenceParse:
    """One text tokenized once: lower-cased tokens, their spans, clause ids, quote flags."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    clause: tuple[int, ...]
    quoted: tuple[bool, ...]
    valence: tuple[float, ...]
    loaded: tuple[float, ...]
    adjective: tuple[tuple[float, float], ...]
    has_quote: bool

    @cached_property
    def context_tokens(self) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
        """Every word as a sentence token (``s:word``) and as a clause token (``c:word``)."""
        return [(f"s:{w}", 1.0) for w in self.words], [(f"c:{w}", 1.0) for w in self.words]

    @cached_property
    def valence_sums(self) -> tuple[list[float], list[float]]:
        """Running sums of positive and of negative valence magnitude (index i: words < i)."""
        pos, neg = [0.0], [0.0]
        for value in self.valence:
            pos.append(pos[-1] + (value if value > 0 else 0.0))
            neg.append(neg[-1] + (-value if value < 0 else 0.0))
        return pos, neg


def parse_sentence(text: str) -> SentenceParse:
    """Tokenize ``text`` and annotate each token with valence, clause and quotation."""
    valences = _valences()
    adjectives = _subjectivity_lexicon()
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for match in _TOKEN.finditer(text):
        raw = match.group()
        word = raw.lower().replace("’", "'")
        # Names other than the target are masked too: the model learns roles, not people.
        if raw[0].isupper() and words and words[-1] not in _SENTENCE_START and word not in valences:
            word = "<name>"
        words.append(word)
        starts.append(match.start())
        ends.append(match.end())
    clause: list[int] = []
    current = 0
    for word in words:
        if word in _CLAUSE_PUNCT or word in SCOPE_BREAKERS:
            current += 1
        clause.append(current)
    regions = quoted_regions(text) if any(c in _QUOTE_CHARS for c in text) else []
    quoted = [False] * len(words)
    if regions:
        k = 0
        for i, start in enumerate(starts):
            while k < len(regions) and regions[k][1] <= start:
                k += 1
            quoted[i] = k < len(regions) and regions[k][0] <= start
    valence = [valences.get(word, 0.0) for word in words]
    # VADER's own negation: a cue up to three tokens before flips and damps the valence.
    for i, value in enumerate(valence):
        if value and any(w in NEGATION_CUES or w.endswith("n't") for w in words[max(0, i - 3) : i]):
            valence[i] = -0.74 * value
    loaded = [0.0] * len(words)
    matcher, loaded_valence = _loaded_terms()
    for first, _, row in matcher.match(text):  # type: ignore[attr-defined]
        value = loaded_valence[row]
        if value:
            for i, token_start in enumerate(starts):
                if token_start >= first:
                    loaded[i] = value
                    break
    return SentenceParse(
        tuple(words),
        tuple(starts),
        tuple(ends),
        tuple(clause),
        tuple(quoted),
        tuple(valence),
        tuple(loaded),
        tuple(adjectives.get(word, _NO_ADJECTIVE) for word in words),
        bool(regions),
    )
