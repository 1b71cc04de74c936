"""Line-level boilerplate detection for scraped web articles, every call with its evidence.

Four layers, each with a stable rule id in :class:`LineDecision`:

1. phrase rules, kept as data in ``boilerplate.yml`` ("Read more on", "Sign up to", "(c)",
   "With inputs from agencies", "By NAME | DATE", captions, widgets ...), plus ``dateline``;
2. ``duplicate_paragraph`` (the second copy of a line) and ``pull_quote`` (an unpunctuated
   line whose words repeat one longer line of the article);
3. ``source_repeated_line``: a line that recurs across many articles of its source
   (:func:`framing.ingest.boilerplate_repeats.repeated_lines` over the whole collection);
4. ``line_classifier``: a small logistic regression over line features
   (:mod:`framing.ingest.boilerplate_features`) for what no rule names.

Long lines (``max_words``) are article prose and are never matched by the phrase rules.
Bylines and datelines are parsed (:func:`parse_byline`) so the cleaner can fill ``author``
and ``date``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framing.errors import LexiconError
from framing.ingest.boilerplate_features import (
    LineModel,
    ends_sentence,
    line_features,
    load_line_model,
)
from framing.ingest.boilerplate_repeats import folded_line_key
from framing.io import read_yaml
from framing.textnorm import fold_typography

RULES_PATH = Path(__file__).with_name("boilerplate.yml")

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_TIME = r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:[a-z]{2,4}|[+-]\d{2}:?\d{2}))?"
#: A date as news sites print it ("3 March 2024", "Tue, March 1, 2022", "2024-03-03").
_CALENDAR_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?"
    rf"\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{4}})"
)
DATE = (
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?{_CALENDAR_DATE}"
    rf"(?:[\s,|-]+(?:at\s+)?{_TIME})?"
)
_DATE = re.compile(DATE, re.I)
_CALENDAR = re.compile(_CALENDAR_DATE, re.I)
_DATELINE = re.compile(
    rf"^(?:(?:published|updated|posted|first published|last updated|last modified)\s*"
    rf"(?:on|at)?\s*:?\s*)?(?:{_TIME}[\s,|-]+)?{DATE}\s*$",
    re.I,
)
_BYLINE_NAME = re.compile(
    r"^(?:by|author\s*/\s*author\s*:|written by|reporting by)\s*:?\s*"
    r"(?P<name>[^,|:(]+?)\s*(?:$|[,|:(]|\s-\s|\s[-–—]\s)",
    re.I,
)
_MAX_WORDS = 40
#: A repeated line shorter than this may be a refrain ("Ladies and Gentlemen!"), not a copy.
MIN_DUPLICATE_WORDS = 4


@dataclass(frozen=True)
class PhraseRule:
    """One phrase rule of ``boilerplate.yml``: a compiled pattern and when it may fire."""

    id: str
    kind: str
    pattern: re.Pattern[str]
    explanation: str
    max_words: int = _MAX_WORDS
    unpunctuated: bool = False

    def match(self, line: str, words: int | None = None) -> str | None:
        """Return the matched text when the rule fires on ``line`` (folded), else None;
        ``words``: the line's word count, when the caller has it."""
        if (len(line.split()) if words is None else words) > self.max_words:
            return None
        found = self.pattern.search(line)
        if found is None or (self.unpunctuated and ends_sentence(line)):
            return None
        return found.group(0)


@dataclass(frozen=True)
class LineDecision:
    """What happens to one line: kept or removed, by which rule, and why.

    ``rule_id`` and ``kind`` are None for a kept line (``kind`` is also None for a
    ``line_classifier`` call: the model says boilerplate, not which); ``evidence`` is the
    matched phrase, the line it repeats, or the classifier's probability and strongest
    features.
    """

    line_no: int
    text: str
    keep: bool
    rule_id: str | None = None
    kind: str | None = None
    evidence: str = ""


@dataclass(frozen=True)
class Byline:
    """What a byline or dateline says: the author(s) and the date as printed, without the
    weekday and time (or None)."""

    author: str | None
    date: str | None


def _phrase_pattern(phrases: Sequence[str]) -> str:
    escaped = sorted((re.escape(fold_typography(p).lower()) for p in phrases), key=len)
    return r"^(?:" + "|".join(reversed(escaped)) + r")(?:\b|(?<=\W))"


def rules_from_data(data: Mapping[str, Any], *, source: str = "<data>") -> tuple[PhraseRule, ...]:
    """Return the phrase rules of a parsed ``boilerplate.yml``; raises :class:`LexiconError`
    naming the rule when one is malformed."""
    rules = []
    for entry in data.get("rules", []):
        rule_id = entry.get("id", "?") if isinstance(entry, dict) else "?"
        try:
            if "phrases" in entry:
                pattern = _phrase_pattern(entry["phrases"])
            else:
                pattern = str(entry["pattern"]).replace("{date}", DATE)
            rules.append(
                PhraseRule(
                    id=str(entry["id"]),
                    kind=str(entry["kind"]),
                    pattern=re.compile(pattern, re.I),
                    explanation=str(entry.get("explanation", "")),
                    max_words=int(entry.get("max_words", _MAX_WORDS)),
                    unpunctuated=bool(entry.get("unpunctuated", False)),
                )
            )
        except (KeyError, TypeError, ValueError, re.error) as exc:
            raise LexiconError(f"{source}: rule {rule_id!r} is malformed: {exc}") from exc
    return tuple(rules)


@functools.cache
def load_rules(path: str | None = None) -> tuple[PhraseRule, ...]:
    """Return the phrase rules of ``boilerplate.yml`` (or of the YAML file at ``path``)."""
    target = Path(path) if path else RULES_PATH
    return rules_from_data(read_yaml(target) or {}, source=str(target))


DATELINE_RULE = PhraseRule(
    id="dateline",
    kind="timestamp",
    pattern=_DATELINE,
    explanation="a line that is only a date or a 'Published/Updated' timestamp",
    max_words=16,
)


def match_phrase_rule(
    line: str, rules: Sequence[PhraseRule] | None = None
) -> tuple[PhraseRule, str] | None:
    """Return the first phrase rule that fires on ``line`` and the matched text, or None.

    >>> rule, matched = match_phrase_rule("Read more on The Sun")
    >>> rule.id, matched
    ('promo_read_more', 'Read more on')
    """
    return _match_folded(fold_typography(line).strip(), rules)


def _match_folded(folded: str, rules: Sequence[PhraseRule] | None) -> tuple[PhraseRule, str] | None:
    if rules is None:  # the shipped rules: memoized (widgets recur; the cleaner re-checks)
        return _match_shipped(folded)
    return _match_rules(folded, rules)


@functools.lru_cache(maxsize=16384)
def _match_shipped(folded: str) -> tuple[PhraseRule, str] | None:
    return _match_rules(folded, load_rules())


def _match_rules(folded: str, rules: Sequence[PhraseRule]) -> tuple[PhraseRule, str] | None:
    words = len(folded.split())
    for rule in rules:
        matched = rule.match(folded, words)
        if matched is not None:
            return rule, matched
    if words <= 16 and _DATELINE.match(folded):
        return DATELINE_RULE, folded
    return None


def parse_byline(line: str) -> Byline | None:
    """Return the author and date a byline or dateline line states, or None if it is neither.

    >>> parse_byline("By Jane Doe | 3 March 2024")
    Byline(author='Jane Doe', date='3 March 2024')
    >>> parse_byline("Published: Tue, March 1, 2022 10:00 EST")
    Byline(author=None, date='March 1, 2022')
    >>> parse_byline("by Ron Unz, The Unz Review:")
    Byline(author='Ron Unz', date=None)
    """
    folded = fold_typography(line).strip()
    found = match_phrase_rule(folded)
    if found is None or found[0].id not in {"byline", "agency_credit", "dateline"}:
        return None
    date = _DATE.search(folded)
    calendar = _CALENDAR.search(date.group(0)) if date else None
    date_text = calendar.group(0) if calendar else None
    if found[0].id == "dateline":
        return Byline(author=None, date=date_text)
    name = _BYLINE_NAME.match(folded)
    if name is None:
        return None
    author = name.group("name").strip(" .;")
    return Byline(author=author or None, date=date_text)


def _top_evidence(model: LineModel, row: Sequence[float], probability: float) -> str:
    values = dict(zip(model.feature_names, row, strict=True))
    parts = sorted(model.contributions(row).items(), key=lambda kv: -kv[1])[:3]
    shown = ", ".join(f"{name}={values[name]:.2g} {value:+.1f}" for name, value in parts)
    return f"p={probability:.2f} ({shown})"


def classify_lines(
    lines: Sequence[str],
    *,
    repeated: Collection[str] = frozenset(),
    rules: Sequence[PhraseRule] | None = None,
    model: LineModel | None | bool = True,
) -> list[LineDecision]:
    """Return one keep/remove decision per line of one article.

    ``lines``: the article's stripped, non-empty lines in order. ``repeated``: keys
    (:func:`line_key`) of lines recurring across the article's source, from
    :func:`repeated_lines`. ``model``: True for the shipped line classifier, False or None
    for rules only, or a :class:`LineModel`.

    >>> [d.rule_id for d in classify_lines(["Troops moved north on Monday.", "Advertisement"])]
    [None, 'advertisement']
    """
    line_model = load_line_model() if model is True else (model or None)
    folded = [_fold(line) for line in lines]
    matches = [_match_folded(line, rules) for line in folded]
    rows: list[list[float] | None] = [None] * len(lines)
    if line_model is not None:
        short = line_model.max_words
        candidates = {
            i for i, line in enumerate(lines) if matches[i] is None and len(line.split()) <= short
        }
        rows = line_features(lines, repeated=repeated, only=candidates)
    first_seen: dict[str, int] = {}
    decisions = []
    for i, line in enumerate(lines):
        key = folded_line_key(folded[i])
        found, row = matches[i], rows[i]
        remove: tuple[str, str | None, str] | None = None
        if found is not None:
            remove = (found[0].id, found[0].kind, f"matched {found[1]!r}")
        elif key and key in first_seen and len(line.split()) >= MIN_DUPLICATE_WORDS:
            remove = ("duplicate_paragraph", "duplicate", f"repeats line {first_seen[key]}")
        elif key and key in repeated and not line.rstrip().endswith("!"):
            remove = ("source_repeated_line", "other", "recurs across articles of its source")
        elif line_model is not None and row is not None:
            remove = _classifier_call(line_model, line, row)
        first_seen.setdefault(key, i + 1)
        if remove is None:
            decisions.append(LineDecision(i + 1, line, True))
        else:
            decisions.append(LineDecision(i + 1, line, False, *remove))
    return decisions


@functools.lru_cache(maxsize=4096)
def _fold(line: str) -> str:
    """Return ``line`` folded and stripped (memoized: the cleaner classifies a body twice)."""
    return fold_typography(line).strip()


def _classifier_call(
    model: LineModel, line: str, row: Sequence[float]
) -> tuple[str, str | None, str] | None:
    if len(line.split()) > model.max_words:
        return None
    probability = model.probability(row)
    if probability < model.threshold:
        return None
    return ("line_classifier", None, _top_evidence(model, row, probability))


def article_byline(decisions: Sequence[LineDecision]) -> Byline:
    """Return the first author and the first date stated by the removed byline, credit and
    dateline lines of one article (None where none is stated)."""
    author: str | None = None
    date: str | None = None
    for decision in decisions:
        if decision.keep or decision.rule_id not in {"byline", "agency_credit", "dateline"}:
            continue
        parsed = parse_byline(decision.text)
        if parsed is not None:
            author = author or parsed.author
            date = date or parsed.date
    return Byline(author=author, date=date)
