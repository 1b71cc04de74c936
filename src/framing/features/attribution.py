"""Attribution of quotations: who said it (a name or a pronoun) and with which verb.

Attribution verbs are data (``lexicons/attribution_verbs.yml``: each verb's forms, and
whether it is neutral, "said", or loaded, "claimed"). The patterns look for a speaker and a
verb right after the closing mark (", Putin said" / "– said Stoltenberg") or before the
opening one ("Sachs states, “"), and for "according to Kuleba".
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from framing.errors import LexiconError
from framing.features.data_files import read_data_file
from framing.features.quoted_regions import in_regions

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
    source, data = read_data_file(path, "attribution_verbs.yml")
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
def default_verbs() -> AttributionVerbs:
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
def attribution_patterns(alternation: str, forms: tuple[str, ...] = ()) -> dict[str, Any]:
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
        # True when no verb form holds a _STOPS character (see _before_match).
        "stop_free": not any(char in form for form in forms for char in _STOPS),
        # From a verb's first word, past every run of non-space characters that any attempt
        # of "mention" starting before that verb can read (see _mentions).
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
        # _RUNS_BACK matches everywhere (it may match nothing).
        first = size - _RUNS_BACK.match(reversed_text, size - verb_at).end()  # type: ignore[union-attr]
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


def named_mentions(
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
    first = size - _RUNS_BACK.match(before[::-1], size - verb_at).end()  # type: ignore[union-attr]
    return patterns["before"].search(before, first)


def attribute_quote(
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
