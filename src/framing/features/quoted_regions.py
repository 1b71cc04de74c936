"""Quotation regions: the character ranges of a text that lie inside quotation marks.

:func:`quoted_regions` is the primitive that the matchers use to tell reported speech from
the author's own voice (:mod:`framing.features.quotes` adds speakers and verbs).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

#: Paragraph boundary: a blank line. A quote left open runs to the end of its paragraph.
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")

_DOUBLE_OPEN = frozenset("“„«")
_DOUBLE_CLOSE = frozenset("”»")
_DOUBLE_AMBIGUOUS = frozenset('"')
_DOUBLE_MARKS = re.compile('["“”„«»]')
_SINGLE_MARKS = re.compile("['‘’‚]")
#: Characters after which an opening quote may stand (start, space, brackets, dashes, quotes).
_BEFORE_OPEN = frozenset(' \t\n([{—–-/"“„«')
#: Marks that may open a single-quote region (see ``_single_regions``).
_SINGLE_OPENING = "'‘‚"


def _positions(text: str, chars: str) -> list[int]:
    """Return the sorted positions of ``chars`` in ``text`` (str.find beats a regex scan)."""
    positions = []
    for char in chars:
        found = text.find(char)
        while found != -1:
            positions.append(found)
            found = text.find(char, found + 1)
    positions.sort()
    return positions


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each paragraph of ``text``, split at blank lines."""
    spans, start = [], 0
    for match in PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _opening_like(text: str, i: int, start: int, end: int) -> bool:
    """True when the mark at ``i`` is followed by text and preceded by a boundary."""
    before_ok = i == start or text[i - 1] in _BEFORE_OPEN
    after_ok = i + 1 < end and not text[i + 1].isspace()
    return before_ok and after_ok


def _closing_like(text: str, i: int, start: int) -> bool:
    """True when the mark at ``i`` follows text (not whitespace)."""
    return i > start and not text[i - 1].isspace()


def _rstrip_end(text: str, start: int, end: int) -> int:
    """Move ``end`` left over trailing whitespace (not before ``start``)."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _double_regions(
    text: str, start: int, end: int, marks: list[int] | None = None
) -> list[tuple[int, int]]:
    """Pair double quotation marks within one paragraph; an unclosed quote runs to its end.

    ``marks`` are the positions of the paragraph's double marks when the caller has them.
    """
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    if marks is None:
        marks = [match.start() for match in _DOUBLE_MARKS.finditer(text, start, end)]
    for i in marks:
        mark = text[i]
        if open_at is None:
            # A closing mark can only open a quote when context clearly says so (”word).
            opener = mark in _DOUBLE_OPEN or mark in _DOUBLE_AMBIGUOUS
            if opener or _opening_like(text, i, start, end):
                open_at = i
        else:
            is_close = mark in _DOUBLE_CLOSE or mark in _DOUBLE_AMBIGUOUS
            # An opening mark right after text is a misused closer (“word“).
            misused = _closing_like(text, i, start) and not _opening_like(text, i, start, end)
            if is_close or misused:
                if i > open_at + 1:
                    regions.append((open_at + 1, i))
                open_at = None
    if open_at is not None:
        stop = _rstrip_end(text, open_at + 1, end)
        if stop > open_at + 1:
            regions.append((open_at + 1, stop))
    return regions


def _is_apostrophe(text: str, i: int, end: int) -> bool:
    """True for a mark between letters/digits (can’t, Putin’s, rock’n’roll)."""
    return i > 0 and i + 1 < end and text[i - 1].isalnum() and text[i + 1].isalnum()


def _single_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Pair single quotation marks only where both ends clearly look like quotation marks.

    An opener must follow a boundary and precede a letter (not ’90s); a closer must follow
    a non-space and not precede a letter or digit (so not an apostrophe). Unpaired single
    marks are apostrophes and are ignored.
    """
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    for match in _SINGLE_MARKS.finditer(text, start, end):
        i, mark = match.start(), match.group()
        if _is_apostrophe(text, i, end):
            continue
        if open_at is None:
            if mark in "‘‚'" and _opening_like(text, i, start, end) and text[i + 1].isalpha():
                open_at = i
        elif mark in "’'" and _closing_like(text, i, start):
            following = text[i + 1] if i + 1 < end else " "
            if not following.isalnum():
                regions.append((open_at + 1, i))
                open_at = None
    return regions


def _merge(regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort and merge overlapping or nested ranges."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(regions):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Return sorted, non-overlapping ``(start, end)`` character ranges inside quotation marks.

    The ranges cover the quoted text without the marks themselves, so
    ``text[start:end]`` is what the speaker said. Straight (``"``) and typographic
    (“ ” „ « ») double quotes are paired within a paragraph (mixed pairs such as “…" are
    accepted, as scraped news often mixes them); a quote that opens and never closes runs
    to the end of its paragraph (the news convention for a quote continued in the next
    paragraph). Single quotes (‘ ’ and ') count only where both marks clearly look like
    quotation marks, so apostrophes (Putin’s, can’t) are never taken as quotes. Nested
    quotes merge into the enclosing range.

    >>> text = 'Sachs said Russia’s war was not “unprovoked”.'
    >>> [text[s:e] for s, e in quoted_regions(text)]
    ['unprovoked']
    """
    doubles = _positions(text, '"“”„«»')
    # A single-quote region opens at a mark at the start or after a _BEFORE_OPEN character,
    # before a letter: a paragraph without such a mark has none.
    size = len(text)
    openers = [
        i
        for i in _positions(text, _SINGLE_OPENING)
        if i + 1 < size and text[i + 1].isalpha() and (i == 0 or text[i - 1] in _BEFORE_OPEN)
    ]
    if not doubles and not openers:
        return []
    regions: list[tuple[int, int]] = []
    for start, end in paragraph_spans(text):
        if doubles:
            first = bisect.bisect_left(doubles, start)
            if first < len(doubles) and doubles[first] < end:
                last = bisect.bisect_left(doubles, end, first)
                regions.extend(_double_regions(text, start, end, doubles[first:last]))
        if _any_between(openers, start, end):
            regions.extend(_single_regions(text, start, end))
    return _merge(regions)


def _any_between(positions: list[int], start: int, end: int) -> bool:
    """True when one of the sorted ``positions`` lies in ``start:end``."""
    index = bisect.bisect_left(positions, start)
    return index < len(positions) and positions[index] < end


def in_regions(position: int, regions: Sequence[tuple[int, int]]) -> bool:
    """True when character ``position`` lies inside one of the sorted ``regions``."""
    index = bisect.bisect_right(regions, (position, float("inf"))) - 1
    return index >= 0 and regions[index][0] <= position < regions[index][1]
