"""Distancing: does the author name a term only to reject it or hold it at arm's length?

Writers rebutting a frame name it: "alleged Russian meddling", "fearmongering about an
invasion", "the 'media'", "the genocide narrative". A hit is *distanced* when

* a ``before`` cue of ``lexicons/distancing.yml`` stands at most ``max_words_between`` words
  before it in the same clause ("so-called", "what Moscow calls", "the myth of");
* an ``after`` cue follows it in the same clause ("... is a hoax", "... narrative"); or
* it sits in scare quotes: a quotation of at most ``scare_quote_max_words`` words that holds
  the term and is not introduced by a speech verb ("called it", "dubbed"), which would make
  it a speaker's words (quoted, not distanced).

A distanced hit is never counted as the author's endorsement (see
:func:`framing.features.loaded_terms.voice_of`). The cues are data; pass another file to
:func:`load_distancing` to change them.

>>> cues = load_distancing()
>>> text = "He repeated the so-called Russian aggression line."
>>> cues.cue(text, 26, 44)
'so-called'
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from framing.errors import LexiconError
from framing.features.data_files import FileKey, file_key, read_data_file
from framing.features.sense_guards import phrase_pattern

DEFAULT_DISTANCING = "distancing.yml"
_CLAUSE_BREAK = re.compile(r"[.;:!?()\[\]{}\n]|\s[—–]\s|\bbut\b")
_QUOTE_OPEN = "\"“„«'‘"
_QUOTE_CLOSE = "\"”»'’"
#: Matches up to the last opening mark of the text it is given (in one C call).
_LAST_OPEN = re.compile(f".*[{_QUOTE_OPEN}]", re.DOTALL)
_WORD = re.compile(r"[\w'’-]+")
_LOOK = 90
#: How far from a hit its scare quotes may open or close.
_SCARE_CHARS = 40
#: The only non-ASCII characters that ``re.IGNORECASE`` matches to an ASCII character
#: (İ ı ſ and the Kelvin sign): a window without them holds an ASCII cue word only if its
#: lower-cased copy does.
_FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")
#: Words too common to be the word a cue phrase is looked for by (see :func:`_key_words`).
_COMMON = frozenset(
    {"a", "an", "are", "do", "is", "it", "no", "not", "of", "over", "that", "the", "them", "there",
     "they", "was", "were", "what"}
)  # fmt: skip


@dataclass(frozen=True)
class Distancing:
    """Compiled distancing cues: :meth:`cue` names the cue that distances a hit, or None."""

    before: re.Pattern[str]
    after: re.Pattern[str]
    speech_verbs: frozenset[str]
    scare_quote_max_words: int
    version: str = "unversioned"
    #: Per cue list, words one of which every cue holds (:func:`_key_words`); None: no filter.
    before_words: tuple[str, ...] | None = None
    after_words: tuple[str, ...] | None = None

    def cue(self, text: str, start: int, end: int, *, after: int = 0) -> str | None:
        """Return the cue that distances ``text[start:end]`` ("scare quotes", …), or None.

        ``after`` is the start of the previous hit: a cue before it distances that hit only
        ("so-called special military operation liberates": not "liberates").
        """
        scare = self._scare_quotes(text, start, end)
        if scare:
            return "scare quotes"
        origin = max(0, start - _LOOK)
        before = text[origin:start]
        # Most hits have no cue word near them: the cheap word test spares the regexes.
        if _may_hold(before, self.before_words):
            breaks = list(_CLAUSE_BREAK.finditer(before))
            if breaks:
                origin += breaks[-1].end()
                before = text[origin:start]
            found = self.before.search(before)
            if found and origin + found.start("cue") >= after:
                return " ".join(found.group("cue").lower().split())
        following = text[end : end + _LOOK]
        if not _may_hold(following, self.after_words):
            return None
        stop = _CLAUSE_BREAK.search(following)
        found = self.after.match(following[: stop.start()] if stop else following)
        if found:
            return " ".join(found.group("cue").lower().split())
        return None

    def _scare_quotes(self, text: str, start: int, end: int) -> bool:
        """True when the hit fills a short quotation not introduced by a speech verb."""
        # One regex call finds the last opening mark: this is called for every hit of the corpus.
        last_open = _LAST_OPEN.match(text, max(0, start - _SCARE_CHARS), start)
        opening = -1 if last_open is None else last_open.end() - 1
        if opening < 0 or (opening > 0 and text[opening - 1].isalnum()):
            return False  # no mark, or an apostrophe inside a word (Russia's)
        inside = text[opening + 1 : start]
        if any(c in inside for c in _QUOTE_CLOSE) or any(c in inside for c in "\n.!?"):
            return False
        stop = min(end + _SCARE_CHARS, len(text))
        found = [i for i in (text.find(mark, end, stop) for mark in _QUOTE_CLOSE) if i >= 0]
        if not found:
            return False
        closing = min(found)
        inside = text[end:closing]
        if any(c in inside for c in _QUOTE_OPEN) or any(c in inside for c in "\n!?"):
            return False
        if closing + 1 < len(text) and text[closing + 1].isalnum():
            return False  # an apostrophe (the people's)
        quoted = text[opening + 1 : closing].strip(" ,.")
        if len(_WORD.findall(quoted)) > self.scare_quote_max_words:
            return False
        lead = _WORD.findall(text[max(0, opening - 60) : opening].lower())[-4:]
        return not any(word in self.speech_verbs for word in lead)


def _may_hold(window: str, words: tuple[str, ...] | None) -> bool:
    """False only when no cue of a list whose key ``words`` are given can match in ``window``.

    Every cue holds one of ``words`` (lower-case ASCII); the cue regexes ignore case, which
    for ASCII letters is what lower-casing does, unless the window holds one of the few
    characters that fold to ASCII otherwise (then the window may hold a cue).
    """
    if words is None or not (window.isascii() or _FOLDS_TO_ASCII.isdisjoint(window)):
        return True
    lowered = window.lower()
    for word in words:  # noqa: SIM110  (a plain loop: faster than any() over a generator)
        if word in lowered:
            return True
    return False


def _key_words(phrases: list[str]) -> tuple[str, ...] | None:
    """Return words one of which every phrase's match holds, or None when there are none.

    One literal word per phrase (the longest not in :data:`_COMMON`), keeping only words
    that hold no other key word (a window holding "called" holds "call"). None when a
    phrase has no literal word or its word is not ASCII.
    """
    chosen = set()
    for phrase in phrases:
        words = [w for w in re.split(r"[\s\-]+", phrase) if w and w != "*"]
        if not words:
            return None
        word = max(words, key=lambda w: (w not in _COMMON, len(w)))
        if not word.isascii():
            return None
        chosen.add(word)
    return tuple(sorted(w for w in chosen if not any(o != w and o in w for o in chosen)))


def _phrases(data: dict[str, Any], key: str, source: str) -> list[str]:
    values = data.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise LexiconError(f"{source}: field '{key}' must be a list of non-empty phrases")
    return [" ".join(v.lower().split()) for v in values]


def _number(data: dict[str, Any], key: str, default: int, source: str) -> int:
    value = data.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise LexiconError(f"{source}: field '{key}' must be a whole number >= 0, got {value!r}")
    return value


def parse_distancing(data: Any, source: str) -> Distancing:
    """Return the compiled cues of parsed distancing YAML ``data`` (``source`` names it)."""
    if not isinstance(data, dict):
        raise LexiconError(f"{source}: expected a mapping with 'before:' and 'after:' lists")
    unknown = sorted(
        set(data)
        - {"version", "description", "before", "after", "speech_verbs", "max_words_between",
           "scare_quote_max_words"}
    )  # fmt: skip
    if unknown:
        raise LexiconError(f"{source}: unknown field(s) {unknown}")
    gap = _number(data, "max_words_between", 3, source)
    before_phrases = _phrases(data, "before", source)
    after_phrases = _phrases(data, "after", source)
    before = "|".join(phrase_pattern(p) for p in sorted(before_phrases, key=len,
                                                          reverse=True)) or "(?!)"  # fmt: skip
    after = "|".join(phrase_pattern(p) for p in sorted(after_phrases, key=len, reverse=True))
    after = after or "(?!)"
    flags = re.IGNORECASE
    return Distancing(
        before=re.compile(
            rf"(?<!\w)(?P<cue>{before})(?:[\s,]+[\w'’\-]+){{0,{gap}}}[\s\-]*[\"“„«'‘]?\s*$", flags
        ),
        # One word at most between a term and an after cue ("meddling story is a hoax").
        after=re.compile(rf"[\"”»'’]?[\s,]*(?:[\w'’\-]+\s+)?(?P<cue>{after})(?!\w)", flags),
        speech_verbs=frozenset(_phrases(data, "speech_verbs", source)),
        scare_quote_max_words=_number(data, "scare_quote_max_words", 4, source),
        version=str(data.get("version", "unversioned")),
        before_words=_key_words(before_phrases),
        after_words=_key_words(after_phrases),
    )


@lru_cache(maxsize=4)
def _load(key: FileKey | None) -> Distancing:
    source, data = read_data_file(None if key is None else key[0], DEFAULT_DISTANCING)
    return parse_distancing(data, source)


def load_distancing(path: str | os.PathLike[str] | None = None) -> Distancing:
    """Return the distancing cues of ``path`` (the packaged file by default), cached until
    the file changes."""
    return _load(None if path is None else file_key(path))
