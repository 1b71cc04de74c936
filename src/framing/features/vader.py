"""VADER's sentence scores, computed faster than the ``vaderSentiment`` package computes them.

:func:`framing.features.sentiment.score` scores every sentence of a corpus, so VADER is the largest
single cost of feature extraction. ``vaderSentiment`` 3.3.2 spends most of its time on work it
repeats: it rebuilds the sentence character by character to swap emojis, lower-cases the whole
word list again for every rule it checks, and runs every rule for every word. :class:`Vader`
gives the same scores (the same rules, including their quirks, in the same floating-point
order) from one pass per sentence: emojis are looked for with one set test, words are
lower-cased once, and the rules run only for the words VADER's lexicon rates.

It reads VADER's lexicon and emoji files from the installed ``vaderSentiment`` package (offline)
and is tested to return exactly the package's ``polarity_scores`` on the sample corpus and on
hand-made cases for each rule (``tests/test_vader.py``); ``benchmarks/bench_features.py``
prints the check on every sentence of its corpus.
"""

from __future__ import annotations

import math
import string
from pathlib import Path

import vaderSentiment.vaderSentiment as _package

from framing.features.bounded_cache import BoundedCache

# VADER's published constants (Hutto & Gilbert 2014), as the package defines them.
B_INCR = _package.B_INCR
B_DECR = _package.B_DECR
C_INCR = _package.C_INCR
N_SCALAR = _package.N_SCALAR
BOOSTERS: dict[str, float] = dict(_package.BOOSTER_DICT)
SPECIAL_CASES: dict[str, float] = dict(_package.SPECIAL_CASES)
NEGATIONS: frozenset[str] = frozenset(_package.NEGATE)

_PUNCTUATION = string.punctuation
_NEVER_SO = ("so", "this")


def _read_table(name: str) -> list[tuple[str, str]]:
    """Return the first two tab-separated fields of each line of a package data file."""
    path = Path(_package.__file__).with_name(name)
    rows = []
    for line in path.read_text(encoding="utf-8").rstrip("\n").split("\n"):
        if line:
            fields = line.strip().split("\t")
            rows.append((fields[0], fields[1]))
    return rows


def _word(token: str) -> str:
    """Return ``token`` without the punctuation around it, unless that leaves two characters
    or fewer (an emoticon such as ":)"), as VADER strips a token."""
    stripped = token.strip(_PUNCTUATION)
    return token if len(stripped) <= 2 else stripped


#: token → :func:`_word` of it (news repeats its tokens: one dict look-up each).
_WORDS = BoundedCache(_word)


def _is_negation(word: str) -> bool:
    """Whether one lower-cased word negates what follows (VADER's ``negated`` on one word)."""
    return word in NEGATIONS or "n't" in word


def normalize(total: float, alpha: float = 15) -> float:
    """Map an unbounded valence sum into [-1, 1] the way VADER does."""
    value = total / math.sqrt((total * total) + alpha)
    return -1.0 if value < -1.0 else 1.0 if value > 1.0 else value


class Vader:
    """VADER sentiment with the package's lexicon; :meth:`polarity_scores` matches the package.

    ``lexicon`` is a plain dict (word → valence) that callers may extend, as with the package's
    analyzer.
    """

    def __init__(self) -> None:
        self.lexicon: dict[str, float] = {w: float(v) for w, v in _read_table("vader_lexicon.txt")}
        # The package swaps emojis one character at a time, so only one-character keys can match.
        self.emojis: dict[str, str] = {
            e: d for e, d in _read_table("emoji_utf8_lexicon.txt") if len(e) == 1
        }
        self._emoji_chars = frozenset(self.emojis)
        # VADER's emojis are all non-ASCII: an ASCII text (most sentences) holds none of them.
        self._ascii_free = not any(char.isascii() for char in self._emoji_chars)

    def _replace_emojis(self, text: str) -> str:
        """Replace each emoji by its description, spaced as the package spaces it."""
        out: list[str] = []
        prev_space = True
        for char in text:
            description = self.emojis.get(char)
            if description is not None:
                if not prev_space:
                    out.append(" ")
                out.append(description)
                prev_space = False
            else:
                out.append(char)
                prev_space = char == " "
        return "".join(out)

    def polarity_scores(self, text: str) -> dict[str, float]:
        """Return ``neg``, ``neu``, ``pos`` and ``compound`` exactly as ``vaderSentiment`` does."""
        if not (self._ascii_free and text.isascii()) and not self._emoji_chars.isdisjoint(text):
            text = self._replace_emojis(text)
        text = text.strip()
        return score_valences(self.valences(text), text)

    def valences(self, text: str) -> list[float]:
        """Return one valence per word of ``text`` after VADER's word rules and its "but" rule.

        ``text`` is taken as it is (emojis are not swapped for their descriptions).
        """
        # Punctuation around a token is stripped unless that leaves two characters or fewer
        # (an emoticon such as ":)"); inlined, as this runs once per token of the corpus.
        # Lower-casing maps letters to letters: unless a character lowers to two (such as
        # "İ", then the lengths differ), the lower-cased text has the same spaces,
        # punctuation and token lengths, so its tokens are stripped after one lower() call.
        lowered = text.lower()
        if len(lowered) == len(text):
            lower = list(map(_WORDS.__getitem__, lowered.split()))
        else:
            lower = [_word(t).lower() for t in text.split()]
        lexicon = self.lexicon
        n = len(lower)
        sentiments = [0.0] * n
        if lexicon.keys().isdisjoint(lower):  # one C pass: no rated word at all
            return sentiments
        rated = [i for i, w in enumerate(lower) if w in lexicon and w not in BOOSTERS]
        if not rated:
            return sentiments
        # Punctuation has no case: a token is upper-case exactly when its stripped word is.
        upper = list(map(str.isupper, text.split()))
        n_upper = sum(upper)
        cap_diff = 0 < n - n_upper < n
        for i in rated:
            if lower[i] == "kind" and i < n - 1 and lower[i + 1] == "of":
                continue
            sentiments[i] = self._word_valence(upper, lower, i, cap_diff)
        if "but" in lower:
            _but_rule(sentiments, lower.index("but"))
        return sentiments

    def _word_valence(self, upper: list[bool], lower: list[str], i: int, cap_diff: bool) -> float:
        """Return the valence of rated word ``i`` after VADER's rules on its neighbours."""
        lexicon = self.lexicon
        word = lower[i]
        base = lexicon[word]
        valence = base
        n = len(lower)
        if word == "no" and i != n - 1 and lower[i + 1] in lexicon:
            valence = 0.0
        if (
            (i > 0 and lower[i - 1] == "no")
            or (i > 1 and lower[i - 2] == "no")
            or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"))
        ):
            valence = base * N_SCALAR
        if cap_diff and upper[i]:
            valence = valence + C_INCR if valence > 0 else valence - C_INCR
        for back in (1, 2, 3):
            if i < back or lower[i - back] in lexicon:
                continue
            before = lower[i - back]
            boost = BOOSTERS.get(before, 0.0)
            if boost:
                if valence < 0:
                    boost = -boost
                if cap_diff and upper[i - back]:
                    boost = boost + C_INCR if valence > 0 else boost - C_INCR
                if back == 2:
                    boost = boost * 0.95
                elif back == 3:
                    boost = boost * 0.9
            valence = valence + boost
            valence = _negation_rule(valence, lower, back, i)
            if back == 3:
                valence = _idiom_rule(valence, lower, i)
        return _least_rule(valence, lower, i, lexicon)


def _negation_rule(valence: float, lower: list[str], back: int, i: int) -> float:
    """Flip or boost ``valence`` for a negation (or "never so") ``back`` words before ``i``."""
    if back == 1:
        if _is_negation(lower[i - 1]):
            valence = valence * N_SCALAR
    elif back == 2:
        if lower[i - 2] == "never" and lower[i - 1] in _NEVER_SO:
            valence = valence * 1.25
        elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
            pass
        elif _is_negation(lower[i - 2]):
            valence = valence * N_SCALAR
    else:
        # VADER groups this test as (never and so/this two back) or (so/this one back).
        if (lower[i - 3] == "never" and lower[i - 2] in _NEVER_SO) or lower[i - 1] in _NEVER_SO:
            valence = valence * 1.25
        elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
            pass
        elif _is_negation(lower[i - 3]):
            valence = valence * N_SCALAR
    return valence


def _idiom_words() -> frozenset[str]:
    """Words of which every special case and multi-word booster contains at least one."""
    common = {"the", "of", "to", "for"}
    words: set[str] = set()
    for key in [*SPECIAL_CASES, *(k for k in BOOSTERS if " " in k)]:
        parts = set(key.split())
        words |= (parts - common) or parts
    return frozenset(words)


_IDIOM_WORDS = _idiom_words()


def _idiom_rule(valence: float, lower: list[str], i: int) -> float:
    """Apply VADER's special cases ("the bomb", "kiss of death") and two-word boosters."""
    if _IDIOM_WORDS.isdisjoint(lower[i - 3 : i + 3]):
        return valence  # no special case or booster phrase can be in this window
    one_zero = f"{lower[i - 1]} {lower[i]}"
    two_one_zero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    two_one = f"{lower[i - 2]} {lower[i - 1]}"
    three_two_one = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    three_two = f"{lower[i - 3]} {lower[i - 2]}"
    for sequence in (one_zero, two_one_zero, two_one, three_two_one, three_two):
        if sequence in SPECIAL_CASES:
            valence = SPECIAL_CASES[sequence]
            break
    n = len(lower)
    if n - 1 > i:
        zero_one = f"{lower[i]} {lower[i + 1]}"
        if zero_one in SPECIAL_CASES:
            valence = SPECIAL_CASES[zero_one]
    if n - 1 > i + 1:
        zero_one_two = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zero_one_two in SPECIAL_CASES:
            valence = SPECIAL_CASES[zero_one_two]
    for n_gram in (three_two_one, three_two, two_one):
        if n_gram in BOOSTERS:
            valence = valence + BOOSTERS[n_gram]
    return valence


def _least_rule(valence: float, lower: list[str], i: int, lexicon: dict[str, float]) -> float:
    """Negate ``valence`` after "least" (but not after "at least" or "very least")."""
    after_least = i > 0 and lower[i - 1] == "least" and "least" not in lexicon
    if after_least and (i == 1 or lower[i - 2] not in ("at", "very")):
        valence = valence * N_SCALAR
    return valence


def _but_rule(sentiments: list[float], but_index: int) -> None:
    """Halve valences before the first "but" and raise those after it by half, in place.

    Reproduces the package exactly, including that it finds each value by ``list.index``: a
    value that occurs twice is rescaled at its first position both times.
    """
    for k in range(len(sentiments)):
        value = sentiments[k]
        first = sentiments.index(value)
        if first < but_index:
            sentiments[first] = value * 0.5
        elif first > but_index:
            sentiments[first] = value * 1.5


def _punctuation_emphasis(text: str) -> float:
    """Return VADER's amplifier for exclamation marks (up to 4) and question marks."""
    amplifier = min(text.count("!"), 4) * 0.292
    questions = text.count("?")
    if questions > 1:
        amplifier += questions * 0.18 if questions <= 3 else 0.96
    return amplifier


def score_valences(sentiments: list[float], text: str) -> dict[str, float]:
    """Turn per-word valences into VADER's rounded ``neg``/``neu``/``pos``/``compound``."""
    if not sentiments:
        return {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}
    total = float(sum(sentiments))
    if not any(sentiments):  # no rated word (a sentence without sentiment words): nothing to weigh
        return {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": round(normalize(total), 4)}
    emphasis = _punctuation_emphasis(text)
    if total > 0:
        total += emphasis
    elif total < 0:
        total -= emphasis
    compound = normalize(total)
    pos_sum, neg_sum = 0.0, 0.0
    neu_count = sentiments.count(0)  # the values equal to 0 (as ``value == 0`` tests)
    for value in filter(None, sentiments):  # the words VADER rates (zeros add nothing)
        if value > 0:
            pos_sum += float(value) + 1
        elif value < 0:
            neg_sum += float(value) - 1
    if pos_sum > math.fabs(neg_sum):
        pos_sum += emphasis
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= emphasis
    whole = pos_sum + math.fabs(neg_sum) + neu_count
    return {
        "neg": round(math.fabs(neg_sum / whole), 3),
        "neu": round(math.fabs(neu_count / whole), 3),
        "pos": round(math.fabs(pos_sum / whole), 3),
        "compound": round(compound, 4),
    }
