"""Article metadata: publication dates (with notes on what cannot be known), source and
author from bylines, word counts, an offline language check and content-hash ids."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from operator import itemgetter

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from framing.ingest.clean import DATE_PHRASE, Cleaned

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_MONTH_FIRST = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?(?:\s+(\d{4}))?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?(?:\s+(\d{4}))?$")
_DAY_NAME = re.compile(r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+", re.I)
_PREFIX = re.compile(r"^(?:published|updated|posted)?\s*(?:on)?\s*:?\s*", re.I)
_BODY_NUMERIC_DATE = re.compile(r"\((\d{1,2}/\d{1,2}/\d{4})\)")
_DATE_IN_LINE = re.compile(DATE_PHRASE, re.I)
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,]\d+)*")
_ORG_WORDS = re.compile(
    r"\b(?:press|news|agency|times|post|herald|daily|media|tv|radio|journal|wire|reuters|"
    r"afp|ap|bbc|cnn|tass|xinhua)\b",
    re.I,
)

#: Share of English stop words above which a text counts as English.
ENGLISH_STOPWORD_SHARE = 0.25
#: Texts with fewer tokens than this are too short for the language check ("unknown").
LANGUAGE_MIN_TOKENS = 20
#: Only the start of a text is checked (enough for a stop-word share, and cheap).
LANGUAGE_SAMPLE_CHARS = 3000


@dataclass(frozen=True)
class DateInfo:
    """An ISO date (or None), a note on why it is missing/partial/ambiguous, and candidates."""

    date: str | None = None
    note: str | None = None
    candidates: str | None = None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(value: str, *, day_first: bool | None = None) -> DateInfo:
    """Parse one date string into a :class:`DateInfo`.

    Numeric dates whose day and month could swap are ambiguous unless ``day_first`` is set.

    >>> parse_date("Sep 13 2023").date
    '2023-09-13'
    >>> parse_date("8/2/2022").candidates
    '2022-02-08|2022-08-02'
    >>> parse_date("8/2/2022", day_first=True).date
    '2022-02-08'
    >>> parse_date("December 24").note
    'partial date without a year: December 24'
    """
    text = _PREFIX.sub("", _DAY_NAME.sub("", value.strip())).strip().strip("()–—-,").strip()
    if not text:
        return DateInfo(note="no date found")
    if match := _ISO.match(text):
        iso = _iso(*map(int, match.groups()))
        return DateInfo(iso) if iso else DateInfo(note=f"invalid date: {value}")
    if match := _NUMERIC.match(text):
        first, second, year = map(int, match.groups())
        day_first_iso = _iso(year, second, first)
        month_first_iso = _iso(year, first, second)
        if day_first is not None:
            iso = day_first_iso if day_first else month_first_iso
            return DateInfo(iso) if iso else DateInfo(note=f"invalid date: {value}")
        if day_first_iso and month_first_iso and day_first_iso != month_first_iso:
            return DateInfo(
                None,
                f"ambiguous day/month order: {value} (configure the collection's day_first)",
                "|".join(sorted({day_first_iso, month_first_iso})),
            )
        iso = day_first_iso or month_first_iso
        return DateInfo(iso) if iso else DateInfo(note=f"invalid date: {value}")
    for pattern, month_group, day_group in ((_MONTH_FIRST, 1, 2), (_DAY_FIRST, 2, 1)):
        if match := pattern.match(text):
            month = _MONTHS.get(match.group(month_group).lower())
            if month is None:
                break
            day = int(match.group(day_group))
            if match.group(3) is None:
                if _iso(2000, month, day) is None:
                    break
                return DateInfo(note=f"partial date without a year: {value.strip(' –—-')}")
            iso = _iso(int(match.group(3)), month, day)
            return DateInfo(iso) if iso else DateInfo(note=f"invalid date: {value}")
    return DateInfo(note=f"unrecognized date: {value}")


def find_date(
    cleaned: Cleaned, *, given: str | None = None, day_first: bool | None = None
) -> DateInfo:
    """Return the article's date: a given value (record, sidecar, extractor) first, then a
    removed dateline, then a parenthesised numeric date in the body ("Tuesday (8/2/2022)")."""
    partial: DateInfo | None = None
    candidates = [given] if given else []
    candidates += [line.text for line in cleaned.removed_by("dateline")]
    for value in candidates:
        info = parse_date(value, day_first=day_first)
        if info.date or info.candidates:
            return info
        if partial is None and info.note and info.note.startswith("partial"):
            partial = info
    if match := _BODY_NUMERIC_DATE.search(cleaned.text):
        info = parse_date(match.group(1), day_first=day_first)
        if info.date or info.candidates:
            return info
    return partial or DateInfo(note="no date found")


def byline_name(cleaned: Cleaned) -> str | None:
    """Return the name in the first non-empty byline ("by YCPress" -> "YCPress"), or None."""
    for line in cleaned.removed_by("byline"):
        name = re.sub(r"^by\b\s*[-–—:]?\s*", "", line.text, flags=re.I).strip(" -–—|,")
        if name:
            return name
    return None


def split_byline(name: str | None) -> tuple[str | None, str | None]:
    """Return ``(source, author)`` from a byline name: one word or an outlet-like name is a
    source ("YCPress", "Daily Post"), a multi-word personal name an author."""
    if not name:
        return None, None
    if len(name.split()) == 1 or _ORG_WORDS.search(name):
        return name, None
    return None, name


def word_count(text: str) -> int:
    """Return the number of word tokens: words with inner apostrophes, acronyms ("U.S."),
    numbers ("13,000")."""
    return len(_TOKEN.findall(text))


def _language_of(tokens: list[str]) -> tuple[str, bool]:
    # Tokens starting with a digit do not count; no stop word starts with one.
    words = len(tokens) - sum(map(str.isdigit, map(itemgetter(0), tokens)))
    if words < LANGUAGE_MIN_TOKENS:
        return "unknown", True
    # Tokens hold no whitespace and lower-casing never makes any: one lower() call for all.
    lowered = " ".join(tokens).lower().split(" ")
    share = sum(map(ENGLISH_STOP_WORDS.__contains__, lowered)) / words
    return ("en", True) if share >= ENGLISH_STOPWORD_SHARE else ("non-en", False)


def detect_language(text: str) -> tuple[str, bool]:
    """Return ``(language, language_ok)``: "en" when English stop words make up at least
    ``ENGLISH_STOPWORD_SHARE`` of the tokens, "non-en" (flagged) otherwise, and "unknown"
    (not flagged) for texts too short to tell."""
    return _language_of(_TOKEN.findall(text, 0, LANGUAGE_SAMPLE_CHARS))


def words_and_language(text: str) -> tuple[int, str, bool]:
    """Return ``(word_count(text), *detect_language(text))`` from one tokenization.

    No token contains whitespace, so tokens before the last whitespace of the language
    sample are the same whether the scan stops there, at the sample's end or at the text's
    end: the text is scanned once (plus the few characters after that whitespace).
    """
    limit = LANGUAGE_SAMPLE_CHARS
    if len(text) <= limit:
        tokens = _TOKEN.findall(text)
        return len(tokens), *_language_of(tokens)
    cut = max(text.rfind(" ", 0, limit), text.rfind("\n", 0, limit))
    if cut < 0:
        return word_count(text), *detect_language(text)
    head = _TOKEN.findall(text, 0, cut)
    sample = head + _TOKEN.findall(text, cut, limit)
    return len(head) + len(_TOKEN.findall(text, cut)), *_language_of(sample)


def content_id(raw: str) -> str:
    """Return the 16-hex content hash of a decoded raw record (NFC-normalized first)."""
    normalized = unicodedata.normalize("NFC", raw)
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:16]
