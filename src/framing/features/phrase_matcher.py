"""Phrase matching: a normalized copy of a text and one Aho–Corasick automaton over phrases.

The loaded-term lexicon, actors, competing labels and stance cues all match through
:class:`PhraseMatcher`: the text is lower-cased and its typographic quotes, dashes, line
breaks, soft hyphens and runs of spaces unified (:func:`normalize`, which keeps a map back to
the original offsets); hits are whole tokens, overlaps resolved leftmost-longest.

>>> PhraseMatcher({"proxy war": 7}).match("A Proxy-War,  they said.")
[(2, 11, 7)]
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ahocorasick

from framing.textnorm import INVISIBLE, typography_map

# ---------------------------------------------------------------------------------------
# Normalization: a matching copy of the text and a map back to original offsets.

#: Typography folded for matching: quotes to their ASCII form; every dash, hyphen, space and
#: line break to a space, so "proxy-war" matches "proxy war". One character to one.
_REPLACEMENTS: dict[str, str] = {
    **typography_map(dash=" ", space=" ", line_break=" "),
    "-": " ",
}
#: Soft hyphens and zero-width characters vanish; runs of spaces collapse to one.
_INVISIBLE = INVISIBLE
_COLLAPSE = re.compile(f"[{_INVISIBLE}]+|  +")
_SPACE_RUN = re.compile("  +")


@dataclass(frozen=True)
class NormalizedText:
    """A matching copy of a text and the offset map back to the original.

    ``checkpoints[k]`` is a position in ``text`` from which on original offsets are
    ``position + shifts[k]``.
    """

    text: str
    checkpoints: tuple[int, ...] = ()
    shifts: tuple[int, ...] = ()

    def original(self, position: int) -> int:
        """Return the original offset of normalized ``position``."""
        if not self.checkpoints:
            return position
        k = bisect.bisect_right(self.checkpoints, position) - 1
        return position + (self.shifts[k] if k >= 0 else 0)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original (start, end) of a normalized span (end exclusive)."""
        return self.original(start), self.original(end - 1) + 1

    def original_spans(self, hits: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        """Return ``(*original_span(start, end), payload)`` of each hit, in one loop."""
        checkpoints, shifts = self.checkpoints, self.shifts
        if not checkpoints:
            return hits
        out = []
        for start, end, payload in hits:
            k = bisect.bisect_right(checkpoints, start) - 1
            first = start + (shifts[k] if k >= 0 else 0)
            k = bisect.bisect_right(checkpoints, end - 1) - 1
            out.append((first, end + (shifts[k] if k >= 0 else 0), payload))
        return out


def _lower_same_length(text: str) -> str:
    """Lower-case ``text`` without changing its length (a few characters lower to two)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch if len(low := ch.lower()) != 1 else low for ch in text)


def _fold(text: str) -> str:
    """Lower-case and unify spaces, dashes and quotes, keeping the length."""
    folded = _lower_same_length(text)
    # str.replace per character present is much faster than str.translate with a dict
    # (a Python-level lookup per character) on article-length non-ASCII text.
    for char, replacement in _REPLACEMENTS.items():
        if char in folded:
            folded = folded.replace(char, replacement)
    return folded


@lru_cache(maxsize=1024)
def normalize(text: str) -> NormalizedText:
    """Return the matching copy of ``text`` with an offset map back to ``text``.

    Memoized (the last 1,024 texts): feature extraction matches each article with four
    phrase matchers (loaded terms, actors, labels, stance cues) and normalizes it once.

    >>> n = normalize("Proxy-\\u00adWar  in   Kyiv")
    >>> n.text
    'proxy war in kyiv'
    >>> n.original_span(13, 17)
    (17, 21)
    """
    folded = _fold(text)
    # The plain-space regex is several times faster; use the full one only when needed.
    collapse = _COLLAPSE if any(c in folded for c in _INVISIBLE) else _SPACE_RUN
    runs = [(m.start(), m.end()) for m in collapse.finditer(folded)]
    if not runs:
        return NormalizedText(folded)
    pieces: list[str] = []
    checkpoints: list[int] = []
    shifts: list[int] = []
    last = removed = 0
    for start, end in runs:
        pieces.append(folded[last:start])
        keep = folded[start] == " "  # a space run keeps one space; soft hyphens vanish
        if keep:
            pieces.append(" ")
        removed += end - start - keep
        checkpoints.append(end - removed)
        shifts.append(removed)
        last = end
    pieces.append(folded[last:])
    return NormalizedText("".join(pieces), tuple(checkpoints), tuple(shifts))


def normalize_pattern(pattern: str) -> str:
    """Return how a lexicon phrase is matched: normalized and stripped."""
    return normalize(pattern.strip()).text.strip()


# ---------------------------------------------------------------------------------------
# The phrase matcher (shared with ``framing.features.competing_labels``).


class PhraseMatcher:
    """One Aho–Corasick automaton over many phrases; hits are whole-token, leftmost-longest.

    ``phrases`` maps each surface phrase to an integer payload (e.g. an entry's row).
    ``accept(text, start, end, payload)``, when given, vets each candidate of :meth:`match`
    in the original text before overlaps are resolved (the lexicon's sense guards), so a
    rejected longer phrase leaves room for a shorter one. Built once; :meth:`match` is pure
    and thread-safe for reading.
    """

    def __init__(
        self,
        phrases: Mapping[str, int],
        accept: Callable[[str, int, int, int], bool] | None = None,
    ):
        self._accept = accept
        self._automaton = ahocorasick.Automaton()
        count = 0
        for phrase, payload in phrases.items():
            key = normalize_pattern(phrase)
            if not key:
                continue
            self._automaton.add_word(key, (len(key), int(payload)))
            count += 1
        self.size = count
        if count:
            self._automaton.make_automaton()

    def candidates(self, norm: str) -> list[tuple[int, int, int]]:
        """Return every whole-token occurrence as (start, -length, payload), overlaps kept."""
        if not self.size:
            return []
        # Padding with spaces makes both neighbours of every match exist (no bounds checks).
        padded = f" {norm} "
        found = []
        for last, (size, payload) in self._automaton.iter(norm):
            before = padded[last - size + 1]
            after = padded[last + 2]
            if before.isalnum() or before == "_" or after.isalnum() or after == "_":
                continue
            found.append((last - size + 1, -size, payload))
        return found

    @staticmethod
    def leftmost_longest(candidates: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        """Resolve (start, -length, payload) candidates to non-overlapping (start, end, payload)."""
        hits = []
        taken_until = -1
        for start, negative_size, payload in sorted(candidates):
            if start < taken_until:
                continue
            end = start - negative_size
            hits.append((start, end, payload))
            taken_until = end
        return hits

    def match_normalized(self, norm: str) -> list[tuple[int, int, int]]:
        """Return (start, end, payload) in the normalized text ``norm``, leftmost-longest."""
        return self.leftmost_longest(self.candidates(norm))

    def match(
        self, text: str, candidates: list[tuple[int, int, int]] | None = None
    ) -> list[tuple[int, int, int]]:
        """Return (start, end, payload) with offsets into the original ``text``.

        ``candidates`` is this matcher's share of :meth:`MatcherGroup.candidates` of
        ``normalize(text).text`` when the caller scanned the text for several matchers at once.
        """
        norm = normalize(text)
        found = self.candidates(norm.text) if candidates is None else candidates
        if self._accept is None:
            return norm.original_spans(self.leftmost_longest(found))
        accept, kept = self._accept, []
        for start, negative_size, payload in found:
            span = norm.original_span(start, start - negative_size)
            if accept(text, span[0], span[1], payload):
                kept.append((start, negative_size, payload))
        return norm.original_spans(self.leftmost_longest(kept))


class MatcherGroup:
    """Several phrase matchers scanned in one automaton pass (one pass instead of one each).

    :meth:`candidates` gives each matcher the candidates its own
    :meth:`PhraseMatcher.candidates` finds, perhaps in another order (which no caller relies
    on: they are sorted before overlaps are resolved).
    """

    def __init__(self, matchers: Sequence[PhraseMatcher]):
        self.size = len(matchers)
        owners: dict[str, list[tuple[int, int]]] = {}
        for index, matcher in enumerate(matchers):
            if matcher.size:
                for key, (_, payload) in matcher._automaton.items():
                    owners.setdefault(key, []).append((index, payload))
        self._automaton = ahocorasick.Automaton()
        for key, found in owners.items():
            self._automaton.add_word(key, (len(key), tuple(found)))
        self._empty = not owners
        if owners:
            self._automaton.make_automaton()

    def candidates(self, norm: str) -> list[list[tuple[int, int, int]]]:
        """Return, per matcher, every whole-token occurrence as (start, -length, payload)."""
        found: list[list[tuple[int, int, int]]] = [[] for _ in range(self.size)]
        if self._empty:
            return found
        padded = f" {norm} "  # as in PhraseMatcher.candidates
        for last, (size, owners) in self._automaton.iter(norm):
            before = padded[last - size + 1]
            after = padded[last + 2]
            if before.isalnum() or before == "_" or after.isalnum() or after == "_":
                continue
            for index, payload in owners:
                found[index].append((last - size + 1, -size, payload))
        return found


@lru_cache(maxsize=4)
def matcher_group(*matchers: PhraseMatcher) -> MatcherGroup:
    """Return the :class:`MatcherGroup` of ``matchers`` (built once per set of matchers)."""
    return MatcherGroup(matchers)


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def matches_in_sentences(
    text: str,
    bounds: Sequence[tuple[int, int]],
    match: Callable[[str], list[tuple[int, int, Any]]],
    hits: list[tuple[int, int, Any]] | None = None,
) -> list[list[tuple[int, int, Any]]]:
    """Return ``match(text[start:end])`` for each sentence in ``bounds``, matching once.

    ``match`` is a whole-token matcher returning sorted ``(start, end, payload)`` (such as
    :meth:`PhraseMatcher.match`); ``hits`` is ``match(text)`` when the caller has it. Each hit
    of the whole text goes to its sentence with offsets within it; a sentence that a hit
    crosses, or whose edge falls inside a word, is matched on its own, so the result equals
    matching each sentence alone (per-call set-up dominates on sentence-length texts).
    ``bounds`` that are not sorted and disjoint are matched one by one.
    """
    ordered = all(end <= later for (_, end), (later, _) in itertools.pairwise(bounds))
    if not ordered:
        return [match(text[start:end]) for start, end in bounds]
    out: list[list[tuple[int, int, Any]]] = [[] for _ in bounds]
    starts = [start for start, _ in bounds]
    alone = {
        k
        for k, (start, end) in enumerate(bounds)
        if (start > 0 and _word_char(text[start - 1]))
        or (end < len(text) and _word_char(text[end]))
    }
    for start, end, payload in match(text) if hits is None else hits:
        first = bisect.bisect_right(starts, start) - 1
        last = bisect.bisect_right(starts, end - 1) - 1
        if first == last and first >= 0 and end <= bounds[first][1]:
            out[first].append((start - starts[first], end - starts[first], payload))
        else:
            alone.update(k for k in range(max(first, 0), last + 1))
    for k in alone:
        out[k] = match(text[bounds[k][0] : bounds[k][1]])
    return out
