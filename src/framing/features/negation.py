"""Negation scope: is a matched span denied by a cue shortly before it, in the same clause?

A deliberately small, explainable rule (in the spirit of NegEx): look back at most
``window`` word tokens from the span, stop at clause punctuation or a contrastive
conjunction ("but", "however", ...), and report whether a negation cue ("not", "no",
"never", "n't", "without", "hardly", ...) stands in between. "not only"/"not just" are
intensifiers, not negations. So "not an unprovoked attack" and "was not unprovoked" are
negated; "not an option, but an unprovoked attack" is not.
"""

from __future__ import annotations

import re

from framing.errors import ParameterError

#: Words that deny what follows them within the clause.
NEGATION_CUES: frozenset[str] = frozenset(
    {
        "not",
        "no",
        "never",
        "without",
        "hardly",
        "barely",
        "scarcely",
        "neither",
        "nor",
        "cannot",
        "nothing",
        "none",
        "nobody",
        "nowhere",
        "lacks",
        "lacking",
    }
)
#: Words that end a negation's scope (a new clause or a contrast starts).
SCOPE_BREAKERS: frozenset[str] = frozenset(
    {"but", "however", "although", "though", "yet", "whereas", "while", "instead", "rather"}
)
#: A cue followed by one of these intensifies instead of negating ("not only brutal but ...").
_NOT_NEGATING_NEXT: frozenset[str] = frozenset({"only", "just", "merely", "least", "doubt"})

#: Clause punctuation: the scope never crosses it.
_CLAUSE_BREAK = re.compile(r"[.;:!?,()\[\]{}\"“”«»„—–\n]|\s-\s")
_TOKEN = re.compile(r"[a-z]+(?:['’][a-z]+)?")
#: Every cue token contains one of these: a window holding none of them has no cue.
_CUE_PARTS: tuple[str, ...] = ("n't", "n’t", *sorted(NEGATION_CUES))
#: Finds any of :data:`_CUE_PARTS` in one C scan (the same test as ``part in text`` for each).
_CUE_PART = re.compile("|".join(re.escape(part) for part in _CUE_PARTS))
#: Characters looked at before the span; enough for ``window`` ordinary words.
_LOOKBACK_CHARS = 80


def _is_cue(token: str) -> bool:
    """True for a negation cue, including contracted forms (isn't, didn’t, won't)."""
    return token in NEGATION_CUES or token.endswith(("n't", "n’t"))


def negation_cue(text: str, start: int, end: int, *, window: int = 4) -> str | None:
    """Return the negation cue that scopes over ``text[start:end]``, or None.

    ``window`` is how many word tokens before the span are searched (default 4:
    "is not at all a genocide" is caught, a "not" two clauses back is not).
    """
    if not 0 <= start <= end <= len(text):
        raise ParameterError(
            f"span ({start}, {end}) is outside the text of length {len(text)}: "
            "pass character offsets into the same text"
        )
    if window < 1:
        raise ParameterError(f"window must be at least 1, got {window}")
    before = text[max(0, start - _LOOKBACK_CHARS) : start].lower()
    if _CUE_PART.search(before) is None:
        return None  # the common case, ruled out without tokenizing
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    tokens = _TOKEN.findall(before)
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        if token in SCOPE_BREAKERS:
            return None
        if len(tokens) - index > window:
            return None
        if _is_cue(token):
            following = tokens[index + 1] if index + 1 < len(tokens) else ""
            if following in _NOT_NEGATING_NEXT:
                continue
            return token
    return None


def is_negated(text: str, start: int, end: int, *, window: int = 4) -> bool:
    """Return True when a negation cue scopes over ``text[start:end]`` in the same clause.

    >>> text = "It was not an unprovoked attack."
    >>> is_negated(text, 14, 24)
    True
    >>> is_negated("Not a war, but an unprovoked attack.", 18, 28)
    False
    """
    return negation_cue(text, start, end, window=window) is not None
