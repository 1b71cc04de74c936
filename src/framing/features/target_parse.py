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
from itertools import accumulate, repeat

from framing.features.lexicon import load_lexicon
from framing.features.negation import NEGATION_CUES, SCOPE_BREAKERS
from framing.features.quoted_regions import quoted_regions
from framing.features.stance import subjectivity_lexicon
from framing.features.vader import Vader

_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*|[^\w\s]")
_CLAUSE_PUNCT = frozenset(";:()[]—–!?")
_QUOTE_CHARS = frozenset('"“”„«»')
_SENTENCE_START = frozenset([".", '"', "“", "(", ":", ";", "?", "!", "—", "–"])
_NO_ADJECTIVE = (0.0, 0.0)
#: Capitalised days and months are masked as ``<date>``, not as ``<name>`` ("May" is left out:
#: it is as often Theresa May or a modal verb as the month).
CALENDAR = frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
     "february", "march", "april", "june", "july", "august", "september", "october",
     "november", "december", "today", "yesterday", "tomorrow"]
)  # fmt: skip


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


_SUFFIXES = ("ingly", "edly", "ing", "ed", "ly", "es", "s")


@lru_cache(maxsize=2**16)
def _context_pair(word: str) -> tuple[tuple[str, float], tuple[str, float]]:
    """The sentence and the clause token of ``word`` (shared tuples: words recur)."""
    return (f"s:{word}", 1.0), (f"c:{word}", 1.0)


@lru_cache(maxsize=2**16)
def _stem(word: str) -> str:
    """``word`` without its first matching suffix (a stem of 3+ letters), else ""."""
    if len(word) < 4 or word[-1] not in "sgdy":  # no suffix can match: most words
        return ""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return ""


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
    #: Whether each token starts with a capital letter in the text (names, sentence starts).
    capitalised: tuple[bool, ...] = ()

    @cached_property
    def context_tokens(self) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
        """Every word as a sentence token (``s:word``) and as a clause token (``c:word``)."""
        pairs = [_context_pair(w) for w in self.words]
        return [sentence for sentence, _ in pairs], [clause for _, clause in pairs]

    @cached_property
    def loaded_at(self) -> tuple[tuple[int, float], ...]:
        """The (index, valence) of each token that starts a valenced loaded term."""
        return tuple((i, value) for i, value in enumerate(self.loaded) if value)

    @cached_property
    def stems(self) -> tuple[str, ...]:
        """Each word's crude stem ("attacked", "attacks" -> "attack"), "" where it has none."""
        return tuple(map(_stem, self.words))

    @cached_property
    def valence_sums(self) -> tuple[list[float], list[float]]:
        """Running sums of positive and of negative valence magnitude (index i: words < i)."""
        pos = list(accumulate((v if v > 0 else 0.0 for v in self.valence), initial=0.0))
        neg = list(accumulate((-v if v < 0 else 0.0 for v in self.valence), initial=0.0))
        return pos, neg


def parse_sentence(text: str) -> SentenceParse:
    """Tokenize ``text`` and annotate each token with valence, clause and quotation."""
    valences = _valences()
    adjectives = subjectivity_lexicon()
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for match in _TOKEN.finditer(text):
        raw = match.group()
        word = raw.lower().replace("’", "'")
        # Names other than the target are masked too: the model learns roles, not people.
        if raw[0].isupper() and words and words[-1] not in _SENTENCE_START and word not in valences:
            word = "<date>" if word in CALENDAR else "<name>"
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
    valence = list(map(valences.get, words, repeat(0.0)))
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
        tuple(map(adjectives.get, words, repeat(_NO_ADJECTIVE))),
        bool(regions),
        tuple(text[i].isupper() for i in starts),
    )
