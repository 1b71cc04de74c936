"""Direct quotations: where quoted text is, who said it, and how the attribution is worded.

``quoted_regions`` is the low-level primitive (character ranges inside quotation marks) that
the lexicon matcher uses to tell reported speech from the author's own voice;
``find_quotes`` adds speakers and attribution verbs; ``quote_stats`` summarises an article.
"""

from __future__ import annotations

import bisect
import math
import os
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from framing.errors import LexiconError, ParameterError

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


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each paragraph, split at blank lines."""
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
    for start, end in _paragraph_spans(text):
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


def in_regions(position: int, regions: list[tuple[int, int]]) -> bool:
    """True when character ``position`` lies inside one of the sorted ``regions``."""
    index = bisect.bisect_right(regions, (position, float("inf"))) - 1
    return index >= 0 and regions[index][0] <= position < regions[index][1]


# --- Attribution: who said it, and with which verb ------------------------------------------

QUOTE_COLUMNS = ["quote_id", "start", "end", "text", "speaker", "verb", "verb_class", "n_words"]
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
#: Words stripped from the front of a speaker's name ("Secretary General Jens Stoltenberg").
TITLE_WORDS = frozenset((
    "the", "a", "an", "president", "prime", "minister", "foreign", "defence", "defense",
    "secretary", "general", "state", "chancellor", "spokesman", "spokeswoman", "spokesperson",
    "mr", "mrs", "ms", "dr", "sen", "senator", "gov", "governor", "chief", "commander",
    "ambassador", "deputy", "vice", "former", "us", "u.s.", "russian", "ukrainian", "american",
    "french", "german", "british", "chinese", "nato", "eu", "un", "kremlin",
    "official", "officials", "leader", "head", "of", "military", "analyst", "economist", "envoy",
    "adviser", "advisor", "press",
))  # fmt: skip
#: Capitalized words that start sentences or clauses and are never names.
_NOT_NAMES = frozenset((
    "The", "A", "An", "But", "And", "In", "On", "At", "As", "If", "It", "He", "She", "They",
    "We", "I", "This", "That", "These", "Those", "However", "Meanwhile", "Also", "Yet", "So",
    "Then", "When", "While", "After", "Before", "Today", "Yesterday", "Tomorrow", "Last", "Next",
    "According", "Apparently", "Additionally",
))  # fmt: skip
#: A capitalized word: "Putin", "U.S.", "W." (initials keep their dots; "West." does not).
_NAME_WORD = r"[A-Z](?:\.(?:[A-Z]\.)*|[\w’'\-]+(?:\.[A-Z][\w’'\-]*)*)"
#: Up to five name words on one line ("Secretary General Jens Stoltenberg").
_NAME = rf"(?:{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|of|von|der|de|al|bin)){{0,4}})"
_PRONOUN = r"(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Ww]e)"
#: Between a closing mark and an attribution: spaces, a comma or a dash, not a sentence end.
_LEAD = r"^[ \t]*[,;:]?[ \t\-–—]*"
#: Words allowed between a speaker and the verb ("Putin further pointed out", "could claim").
_BETWEEN = r"(?:\w+ly|also|further|then|later|again|once|has|had|have|would|will|could|can|may)"
#: An unattributed quote this close after an attributed one in the same paragraph continues it.
_CONTINUATION_GAP = 60


@dataclass(frozen=True)
class AttributionVerbs:
    """Attribution verbs: inflected form → (base verb, class, explanation)."""

    forms: dict[str, tuple[str, str, str]]

    @cached_property
    def alternation(self) -> str:
        ordered = sorted(self.forms, key=lambda f: (-len(f), f))
        return "|".join(r"\s+".join(re.escape(w) for w in form.split()) for form in ordered)

    def lookup(self, form: str) -> tuple[str, str, str]:
        return self.forms[" ".join(form.lower().split())]


def load_attribution_verbs(path: str | os.PathLike[str] | None = None) -> AttributionVerbs:
    """Return the attribution verbs from ``path`` or the package's ``attribution_verbs.yml``.

    Invalid files raise :class:`LexiconError` naming the file, the entry and the field.
    """
    if path is None:
        source = "framing/lexicons/attribution_verbs.yml"
        text = (
            resources.files("framing").joinpath("lexicons/attribution_verbs.yml").read_text("utf-8")
        )
    else:
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise LexiconError(f"{source}: cannot read attribution verbs ({exc})") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise LexiconError(f"{source}: not valid YAML ({exc})") from exc
    verbs = data.get("verbs") if isinstance(data, dict) else None
    if not isinstance(verbs, list) or not verbs:
        raise LexiconError(f"{source}: field 'verbs' must be a non-empty list")
    forms: dict[str, tuple[str, str, str]] = {}
    for number, entry in enumerate(verbs, start=1):
        where = f"{source}, verb #{number}"
        if not isinstance(entry, dict):
            raise LexiconError(f"{where}: expected a mapping with verb, forms, class")
        for name in ("verb", "forms", "class", "explanation"):
            if not entry.get(name):
                raise LexiconError(f"{where}: field '{name}' is missing or empty")
        if entry["class"] not in ("neutral", "loaded"):
            raise LexiconError(
                f"{where} ({entry['verb']}): field 'class' is '{entry['class']}'; "
                "use 'neutral' or 'loaded'"
            )
        if not isinstance(entry["forms"], list):
            raise LexiconError(f"{where} ({entry['verb']}): field 'forms' must be a list")
        for form in entry["forms"]:
            key = " ".join(str(form).lower().split())
            forms[key] = (str(entry["verb"]), str(entry["class"]), str(entry["explanation"]))
    return AttributionVerbs(forms)


@lru_cache(maxsize=1)
def _default_verbs() -> AttributionVerbs:
    return load_attribution_verbs()


def _prefix_regex(words: set[str]) -> str:
    """Return a regex (a trie of alternations) matching where any of ``words`` starts."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        if "" in node:  # a word ends here, so a prefix is found
            return ""
        parts = [re.escape(char) + emit(child) for char, child in sorted(node.items())]
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    return emit(trie)


@lru_cache(maxsize=8)
def _patterns(alternation: str, forms: tuple[str, ...] = ()) -> dict[str, Any]:
    """Compile the attribution patterns for the verb ``alternation``.

    ``forms`` (the verb forms behind ``alternation``) enables the prefilters ``verb_start``
    and ``reach``; without them every position is tried, as before.
    """
    verb = rf"(?P<verb>{alternation})"
    # Not the object of "of" ("the puppet of Washington comments").
    name = rf"(?<!of )(?:[Tt]he\s+)?(?P<name>{_NAME}|{_PRONOUN})"
    between = rf"(?:{_BETWEEN}\s+){{0,2}}"
    first_words = {form.split()[0] if form.split() else "" for form in forms}
    max_words = max((len(form.split()) for form in forms), default=1)
    usable = bool(forms) and all(first_words)
    return {
        # ", Putin said" / ", he explained" / " Stoltenberg previously told"
        "after_name_verb": re.compile(rf"{_LEAD}{name}\s+{between}{verb}\b"),
        # " – said Stoltenberg."
        "after_verb_name": re.compile(
            rf"{_LEAD}{verb}\s+(?:the\s+)?(?P<name>{_NAME}|{_PRONOUN})\b"
        ),
        # "Sachs states, “" / "Stoltenberg told the dpa agency that NATO “"
        "before": re.compile(rf"{name}\s+{between}{verb}\b[^.!?“”\"]{{0,90}}$"),
        # anywhere in author text: "according to Kuleba", "Putin said", "Zelensky could claim"
        "according": re.compile(rf"\b[Aa]ccording\s+to\s+(?:the\s+)?(?P<name>{_NAME})"),
        "mention": re.compile(rf"{name}\s+{between}{verb}\b"),
        # Where an attribution verb may start (after whitespace, as in every pattern above):
        # "mention" and "before" can only match around one of these places. None when a form
        # is empty (then every position is possible).
        "verb_start": (re.compile(rf"\s(?={_prefix_regex(first_words)})") if usable else None),
        # From a verb's first word, past every run of non-space characters that any attempt
        # of "mention" starting before that verb can read (see _mentions).
        # True when no verb form holds a _STOPS character (see _before_match).
        "stop_free": not any(char in form for form in forms for char in _STOPS),
        "reach": re.compile(rf"\S*(?:\s+\S+){{0,{_MENTION_RUNS + max_words}}}"),
    }


#: Runs of non-space characters a "mention" match has before its verb: "the", five name
#: words and two adverbs/auxiliaries ("Putin further pointed out").
_MENTION_RUNS = 8
#: On the reversed text, from a verb back over its whitespace to a character that can end
#: a name word, a pronoun or an adverb: every mention has one there.
_NAME_END_BACK = re.compile(r"\s*[\w’'\-.]")
#: Characters "before" allows nowhere between its verb and the end (the quote's opening);
#: ``_before_match`` looks each one up.
_STOPS = '.!?“”"'
#: From a position, back over up to ``_MENTION_RUNS`` runs (matched on the reversed text).
_RUNS_BACK = re.compile(rf"(?:\s*\S+){{0,{_MENTION_RUNS}}}")


def _clean_name(name: str) -> str | None:
    """Drop leading titles and sentence-initial words; None when nothing name-like is left."""
    words = name.replace("’s", "").split()
    while words and words[0] in _NOT_NAMES:
        words = words[1:]
    while len(words) > 1 and words[0].lower().strip(".,") in TITLE_WORDS:
        words = words[1:]
    while words and words[-1].lower() in ("of", "von", "der", "de", "al", "bin"):
        words = words[:-1]
    if not words or words[0][0].islower():
        return None
    return " ".join(words)


def _speaker(name: str) -> str | None:
    """Normalize a matched name or pronoun: pronouns in lower case, names cleaned."""
    if name.lower() in PRONOUNS:
        return name.lower()
    return _clean_name(name)


def _mentions(text: str, patterns: dict[str, Any]) -> list[re.Match[str]]:
    """Return ``patterns["mention"].finditer(text)``'s matches, trying only near verbs.

    A mention is at most ``_MENTION_RUNS`` runs of non-space characters then a verb that
    starts after whitespace, so a match can only start in the window of runs before one of
    the places ``verb_start`` finds. Each window is searched with ``endpos`` just past the
    last character any attempt starting in it can read (``reach``), so the search sees the
    same text as on the whole article and returns the same match; the long stretches between
    verbs are never scanned.
    """
    pattern, verb_start = patterns["mention"], patterns["verb_start"]
    if verb_start is None:
        return list(pattern.finditer(text))
    size = len(text)
    windows: list[list[int]] = []  # [first possible start, verb start, endpos]
    reversed_text = ""
    for found in verb_start.finditer(text):
        verb_at = found.start() + 1
        if not reversed_text:
            reversed_text = text[::-1]
        if _NAME_END_BACK.match(reversed_text, size - verb_at) is None:
            continue  # ‘,” said Putin’: no name, pronoun or adverb can end before the verb
        first = size - _RUNS_BACK.match(reversed_text, size - verb_at).end()
        endpos = min(size, patterns["reach"].match(text, verb_at).end() + 1)
        if windows and first <= windows[-1][1]:
            windows[-1][1], windows[-1][2] = verb_at, endpos
        else:
            windows.append([first, verb_at, endpos])
    matches: list[re.Match[str]] = []
    position = 0
    for first, last, endpos in windows:
        start = max(first, position)
        while start < last:
            match = pattern.search(text, start, endpos)
            if match is None or match.start() >= last:
                break
            matches.append(match)
            position = start = match.end()
    return matches


def _according(text: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """Return ``pattern.finditer(text)`` for the "according" pattern, tried only at "ccording"."""
    matches: list[re.Match[str]] = []
    position = 0
    found = text.find("ccording", 1)
    while found != -1:
        if found - 1 >= position:
            match = pattern.match(text, found - 1)
            if match is not None:
                matches.append(match)
                position = match.end()
        found = text.find("ccording", found + 1)
    return matches


def _named_mentions(
    text: str, regions: list[tuple[int, int]], patterns: dict[str, Any]
) -> list[tuple[int, str]]:
    """Return (position, speaker) of named sources in the author's text, in order."""
    out = []
    for matches in (_according(text, patterns["according"]), _mentions(text, patterns)):
        for match in matches:
            if in_regions(match.start(), regions) or match.group("name").lower() in PRONOUNS:
                continue
            speaker = _clean_name(match.group("name"))
            if speaker:
                out.append((match.start(), speaker))
    return sorted(out)


def _paragraph_of(
    position: int, paragraphs: list[tuple[int, int]], starts: list[int] | None = None
) -> tuple[int, int]:
    """Return the paragraph holding ``position`` (ends inclusive), else the whole text.

    ``starts`` are the paragraphs' starts (for a bisection); paragraphs are disjoint and
    at least a blank line apart, so at most one holds ``position``.
    """
    if starts is None:
        starts = [start for start, _ in paragraphs]
    index = bisect.bisect_right(starts, position) - 1
    if index >= 0 and position <= paragraphs[index][1]:
        return paragraphs[index]
    return 0, paragraphs[-1][1]


def _before_match(before: str, patterns: dict[str, Any]) -> re.Match[str] | None:
    """Return ``patterns["before"].search(before)``, skipping where it cannot start.

    After its verb, "before" allows no ``_STOPS`` character up to the end, so its verb starts
    after the last one, and the match starts at most ``_MENTION_RUNS`` runs before the
    first such verb (the search is the same, only shorter).
    """
    verb_start = patterns["verb_start"]
    if verb_start is None or not patterns["stop_free"]:
        return patterns["before"].search(before)
    find = before.rfind
    last_stop = max(find("."), find("!"), find("?"), find("“"), find("”"), find('"'))
    found = verb_start.search(before, last_stop + 1)
    if found is None:
        return None
    size, verb_at = len(before), found.start() + 1
    first = size - _RUNS_BACK.match(before[::-1], size - verb_at).end()
    return patterns["before"].search(before, first)


def _attribution(
    text: str,
    start: int,
    end: int,
    paragraph: tuple[int, int],
    patterns: dict[str, Any],
) -> tuple[str | None, str | None]:
    """Return (name or pronoun, verb form) attributed to the quote at ``start:end``."""
    pstart, pend = paragraph
    after = text[min(end + 1, pend) : min(pend, end + 1 + 80)]
    # “… unacceptable.” He added … — a full stop inside the quote then a capital: new sentence.
    new_sentence = text[start:end].rstrip().endswith(".") and after.lstrip()[:1].isupper()
    for key in ("after_name_verb", "after_verb_name"):
        match = None if new_sentence else patterns[key].match(after)
        if match:
            speaker = _speaker(match.group("name"))
            if speaker:
                return speaker, match.group("verb")
    before = text[max(pstart, start - 1 - 160) : max(pstart, start - 1)]
    sentence_start = max(before.rfind(". "), before.rfind("? "), before.rfind("! "))
    before = before[sentence_start + 1 :] if sentence_start >= 0 else before
    match = _before_match(before, patterns)
    if match:
        speaker = _speaker(match.group("name"))
        if speaker:
            return speaker, match.group("verb")
    match = patterns["according"].search(before) if "ccording" in before else None
    if match:
        speaker = _clean_name(match.group("name"))
        if speaker:
            return speaker, "according to"
    return None, None


def find_quotes(
    text: str,
    *,
    verbs: AttributionVerbs | None = None,
    min_words: int = 3,
) -> pd.DataFrame:
    """Return the direct quotations in ``text`` with speaker and attribution verb.

    Columns: ``quote_id`` (0-based, text order), ``start``, ``end`` (offsets of the quoted
    words, marks excluded), ``text``, ``speaker`` ("Putin", or an unresolved pronoun such as
    "he"; None when no attribution is found), ``verb`` (base form: "say", "claim", "according
    to"), ``verb_class`` ("neutral" or "loaded", see ``attribution_verbs.yml``), ``n_words``.

    A quoted region counts as a quotation when it has at least ``min_words`` words or an
    attribution, so scare quotes ("completely destroyed") are left out. "he"/"she" resolves to
    the latest source named before the quote ("Putin said", "according to Kuleba").

    >>> find_quotes('“We are not looking for confrontation,” Stoltenberg said.')[
    ...     ["speaker", "verb", "verb_class"]].values.tolist()
    [['Stoltenberg', 'say', 'neutral']]
    """
    return _table(quote_rows(text, verbs=verbs, min_words=min_words), QUOTE_COLUMNS,
                  ints=(0, 1, 2, 7))  # fmt: skip


def quote_rows(
    text: str,
    *,
    verbs: AttributionVerbs | None = None,
    min_words: int = 3,
    regions: list[tuple[int, int]] | None = None,
) -> list[tuple[int, int, int, str, str | None, str | None, str | None, int]]:
    """Return :func:`find_quotes`'s rows as plain tuples in ``QUOTE_COLUMNS`` order.

    The row-level core for bulk callers (``framing.features.extraction``): no DataFrame per article.
    ``regions`` is ``quoted_regions(text)`` when the caller already has it.
    """
    if min_words < 1:
        raise ParameterError(f"find_quotes(min_words={min_words}): must be at least 1")
    verbs = verbs or _default_verbs()
    patterns = _patterns(verbs.alternation, tuple(sorted(verbs.forms)))
    regions = quoted_regions(text) if regions is None else regions
    paragraphs = _paragraph_spans(text)
    starts = [start for start, _ in paragraphs]
    mentions: list[tuple[int, str]] | None = None  # found on the first pronoun speaker
    rows = []
    for start, end in regions:
        quoted = text[start:end]
        n_words = len(quoted.split())
        paragraph = _paragraph_of(start, paragraphs, starts)
        name, form = _attribution(text, start, end, paragraph, patterns)
        if name is None and rows and rows[-1][4] is not None:
            # “My goal …,” Macron said. “This goal …” — the second part continues the first.
            previous_end = rows[-1][2]
            if paragraph[0] <= previous_end and start - previous_end <= _CONTINUATION_GAP:
                name, form = rows[-1][4], rows[-1][8]
        if name is None and n_words < min_words:
            continue
        if name in ("he", "she"):
            if mentions is None:
                mentions = _named_mentions(text, regions, patterns)
            index = bisect.bisect_left(mentions, (start, "")) - 1
            if index >= 0:
                name = mentions[index][1]
        verb, verb_class = (None, None)
        if form is not None:
            verb, verb_class, _ = verbs.lookup(form)
        rows.append((len(rows), start, end, quoted, name, verb, verb_class, n_words, form))
    return [row[:8] for row in rows]


def _table(rows: list[tuple], columns: list[str], ints: tuple[int, ...]) -> pd.DataFrame:
    """Build a small table fast: int64 columns at ``ints``, text columns as pandas strings.

    (``DataFrame(rows).astype("string")`` costs as much as VADER on a whole article.)
    """
    data: dict[str, Any] = {}
    for i, column in enumerate(columns):
        values = [row[i] for row in rows]
        if i in ints:
            data[column] = np.asarray(values, dtype=np.int64)
        else:
            data[column] = values if rows else pd.Series([], dtype="str")
    return pd.DataFrame(data, columns=columns)


def _speaker_key(speaker: str) -> str:
    """Group "Vladimir Putin", "President Putin" and "Putin" under the surname."""
    return speaker.split()[-1]


def quote_stats(quotes: pd.DataFrame, text: str) -> dict[str, Any]:
    """Return a summary of an article's quotations.

    Keys: ``n_quotes``, ``quoted_chars``, ``quoted_share`` (quoted characters / body
    characters), ``n_speakers`` (named), ``top_speaker`` (most quoted words, by surname;
    None without named speakers), ``top_speaker_words``, ``loaded_verb_share`` (quotes
    with a loaded attribution verb / quotes with any verb; NaN when none has a verb).
    """
    columns = ["start", "end", "speaker", "n_words", "verb_class"]
    values = [quotes[c].to_numpy(dtype=object, na_value=None).tolist() for c in columns]
    return stats_from_rows(list(zip(*values, strict=True)), text)


def stats_from_rows(
    rows: list[tuple[int, int, str | None, int, str | None]], text: str
) -> dict[str, Any]:
    """Return :func:`quote_stats` from ``(start, end, speaker, n_words, verb_class)`` tuples."""
    quoted_chars = int(sum(end - start for start, end, *_ in rows))
    words: dict[str, int] = {}
    n_with_verb = n_loaded = 0
    for _, _, speaker, n_words, verb_class in rows:
        if speaker is not None and speaker.lower() not in PRONOUNS:
            key = _speaker_key(speaker)
            words[key] = words.get(key, 0) + int(n_words)
        if verb_class is not None:
            n_with_verb += 1
            n_loaded += verb_class == "loaded"
    top, top_words = None, 0
    for key in sorted(words):  # first surname (sorted) with the most words, as idxmax
        if top is None or words[key] > top_words:
            top, top_words = key, words[key]
    return {
        "n_quotes": len(rows),
        "quoted_chars": quoted_chars,
        "quoted_share": quoted_chars / len(text) if text else 0.0,
        "n_speakers": len(words),
        "top_speaker": top,
        "top_speaker_words": top_words,
        "loaded_verb_share": n_loaded / n_with_verb if n_with_verb else math.nan,
    }
