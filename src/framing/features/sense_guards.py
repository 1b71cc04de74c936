"""Sense guards: when a lexicon phrase that matched is not the loaded sense, and is dropped.

Each entry of the lexicon may carry guards, written as data beside its term:

* ``not_after`` — phrases that, standing right before the hit, give it another sense
  ("sanctions regime", "counter-terrorist regime");
* ``not_before`` — phrases that, standing right after it, do the same ("woke up");
* ``exceptions`` — whole phrases around the hit that are not loaded; ``*`` stands for one to
  three words ("admitting * into", "counter-terrorist operation");
* ``context`` — the entry counts only with one of these words within
  :data:`CONTEXT_CHARS` characters ("coup" needs Ukraine, Kyiv, Maidan, 2014, ...).

One rule holds for every entry, the hyphen rule: a hit that is part of a hyphenated compound
("anti-war", "war-weary") is not a hit of its part unless the compound is itself listed.

>>> guard = compile_guard(not_before=("up",))
>>> guard.allows("They woke up early.", 5, 9), guard.allows("a woke agenda", 2, 6)
(False, True)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

#: How far (characters) either side of a hit ``context`` words and ``exceptions`` are sought.
CONTEXT_CHARS = 200
_WINDOW = 80
_HYPHENS = "-\u2010\u2011"
_SEPARATOR = r"[\s\-\u2010\u2011\u2013\u2014]+"
_WILDCARD = r"(?:[\w'’]+[\s\-,]+){0,2}[\w'’]+"


def phrase_pattern(phrase: str) -> str:
    """Return the regex of a guard phrase: words apart by spaces or hyphens, ``*`` a gap.

    >>> bool(re.fullmatch(phrase_pattern("admitting * into"), "admitting Ukraine into"))
    True
    """
    parts = [_WILDCARD if word == "*" else re.escape(word) for word in re.split(r"[\s\-]+", phrase)]
    return _SEPARATOR.join(part for part in parts if part)


def _alternation(phrases: Sequence[str]) -> str:
    return "|".join(phrase_pattern(p) for p in sorted(phrases, key=len, reverse=True))


@dataclass(frozen=True)
class Guard:
    """The compiled guards of one entry; :meth:`allows` says whether a hit stands."""

    after: re.Pattern[str] | None = None
    before: re.Pattern[str] | None = None
    exceptions: re.Pattern[str] | None = None
    context: re.Pattern[str] | None = None

    def allows(self, text: str, start: int, end: int) -> bool:
        """True when the hit ``text[start:end]`` keeps the loaded sense."""
        if self.after is not None and self.after.search(text[max(0, start - _WINDOW) : start]):
            return False
        if self.before is not None and self.before.match(text[end : end + _WINDOW]):
            return False
        if self.exceptions is not None:
            offset = max(0, start - _WINDOW)
            for match in self.exceptions.finditer(text[offset : end + _WINDOW]):
                if match.start() + offset <= start and match.end() + offset >= end:
                    return False
        if self.context is not None:
            window = text[max(0, start - CONTEXT_CHARS) : end + CONTEXT_CHARS]
            if not self.context.search(window):
                return False
        return True


def compile_guard(
    *,
    not_after: Sequence[str] = (),
    not_before: Sequence[str] = (),
    exceptions: Sequence[str] = (),
    context: Sequence[str] = (),
) -> Guard:
    """Return the :class:`Guard` of one entry's guard phrases (compiled once)."""
    flags = re.IGNORECASE
    return Guard(
        after=re.compile(rf"(?<!\w)(?:{_alternation(not_after)})[\s\-\u2010\u2011]*$", flags)
        if not_after
        else None,
        before=re.compile(rf"[\s\-\u2010\u2011]*(?:{_alternation(not_before)})(?!\w)", flags)
        if not_before
        else None,
        exceptions=re.compile(rf"(?<!\w)(?:{_alternation(exceptions)})(?!\w)", flags)
        if exceptions
        else None,
        context=re.compile(rf"(?<!\w)(?:{_alternation(context)})(?!\w)", flags)
        if context
        else None,
    )


def in_compound(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is joined by a hyphen to a word before or after it.

    >>> in_compound("an anti-war rally", 8, 11), in_compound("a war - and peace", 2, 5)
    (True, False)
    """
    if start >= 2 and text[start - 1] in _HYPHENS and text[start - 2].isalnum():
        return True
    return end + 1 < len(text) and text[end] in _HYPHENS and text[end + 1].isalnum()
