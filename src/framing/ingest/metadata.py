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
from framing.textnorm import count_words

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
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](.*))?$")
# ISO 8601 basic format, as in feeds and file names: 20220125 or 20220125T090000Z.
_ISO_BASIC = re.compile(
    r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?")
# RFC 822 / 2822, the usual RSS form: "Tue, 01 Mar 2022 10:00:00 EST".
_RFC822 = re.compile(
    r"^(?:[A-Za-z]{3},?\s*)?(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4}|\d{2})\s+"
    r"(\d{1,2}:\d{2}(?::\d{2})?)(?:\s*(?:[A-Za-z]{1,5}|[+-]\d{4}))?$"
)
_NEGATIVE_YEAR = re.compile(r"^[-\u2212]\s*\d{1,4}\b")
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

#: Dates before this year are refused as implausible for news (typos such as 0202).
MIN_YEAR = 1800
#: Dates after today plus this slack are refused (the slack covers time zones).
FUTURE_SLACK = dt.timedelta(days=1)

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


def _checked(iso: str | None, value: str, today: dt.date | None) -> DateInfo:
    """Return ``iso`` as a date, or a note when it is impossible, implausibly old or in the
    future (after ``today``, default the current date)."""
    if iso is None:
        return DateInfo(note=f"invalid date: {value}")
    date = dt.date.fromisoformat(iso)
    if date.year < MIN_YEAR:
        return DateInfo(note=f"implausible date (before {MIN_YEAR}): {value}")
    if date > (today or dt.date.today()) + FUTURE_SLACK:
        return DateInfo(note=f"date in the future: {value}")
    return DateInfo(iso)


def _time_ok(text: str | None) -> bool:
    """False when ``text`` starts with an impossible clock time ("25:00")."""
    match = _TIME.match(text or "")
    if match is None:
        return True
    hour, minute, second = (int(part or 0) for part in match.groups())
    return hour < 24 and minute < 60 and second <= 60  # 60: a leap second


def _parse_numeric(
    text: str, value: str, day_first: bool | None, today: dt.date | None
) -> DateInfo:
    """Parse the digits-only forms: ISO (extended and basic), RFC 822 and d/m/yyyy."""
    if match := _ISO.match(text) or _ISO_BASIC.match(text):
        year, month, day = map(int, match.groups()[:3])
        time = match.group(4) if match.re is _ISO else ":".join(filter(None, match.groups()[3:]))
        if not _time_ok(time):
            return DateInfo(note=f"impossible time in date: {value}")
        return _checked(_iso(year, month, day), value, today)
    if match := _RFC822.match(text):
        rfc_month = _MONTHS.get(match.group(2).lower())
        year = int(match.group(3))
        year += (2000 if year < 50 else 1900) if year < 100 else 0
        if rfc_month is None:
            return DateInfo(note=f"unrecognized date: {value}")
        if not _time_ok(match.group(4)):
            return DateInfo(note=f"impossible time in date: {value}")
        return _checked(_iso(year, rfc_month, int(match.group(1))), value, today)
    match = _NUMERIC.match(text)
    assert match is not None
    first, second, year = map(int, match.groups())
    day_first_iso = _iso(year, second, first)
    month_first_iso = _iso(year, first, second)
    if day_first is not None:
        return _checked(day_first_iso if day_first else month_first_iso, value, today)
    if day_first_iso and month_first_iso and day_first_iso != month_first_iso:
        return DateInfo(
            None,
            f"ambiguous day/month order: {value} (configure the collection's day_first)",
            "|".join(sorted({day_first_iso, month_first_iso})),
        )
    return _checked(day_first_iso or month_first_iso, value, today)


def parse_date(
    value: str, *, day_first: bool | None = None, today: dt.date | None = None
) -> DateInfo:
    """Parse one date string into a :class:`DateInfo`.

    Numeric dates whose day and month could swap are ambiguous unless ``day_first`` is set.
    Impossible dates and times (Feb 30, hour 25, a negative year), dates before
    :data:`MIN_YEAR` and dates after ``today`` (default: the current date) give no date and
    a note saying why.

    >>> parse_date("Sep 13 2023").date
    '2023-09-13'
    >>> parse_date("Tue, 01 Mar 2022 10:00:00 EST").date
    '2022-03-01'
    >>> parse_date("8/2/2022").candidates
    '2022-02-08|2022-08-02'
    >>> parse_date("8/2/2022", day_first=True).date
    '2022-02-08'
    >>> parse_date("December 24").note
    'partial date without a year: December 24'
    >>> parse_date("2099-12-31").note
    'date in the future: 2099-12-31'
    """
    if _NEGATIVE_YEAR.match(value.strip()):
        return DateInfo(note=f"invalid date (negative year): {value}")
    text = _PREFIX.sub("", _DAY_NAME.sub("", value.strip())).strip().strip("()–—-,").strip()
    if not text:
        return DateInfo(note="no date found")
    if _ISO.match(text) or _ISO_BASIC.match(text) or _RFC822.match(text) or _NUMERIC.match(text):
        return _parse_numeric(text, value, day_first, today)
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
            return _checked(_iso(int(match.group(3)), month, day), value, today)
    return DateInfo(note=f"unrecognized date: {value}")


def find_date(
    cleaned: Cleaned, *, given: str | None = None, day_first: bool | None = None
) -> DateInfo:
    """Return the article's date: a given value (record, sidecar, extractor) first, then a
    removed dateline, then a parenthesised numeric date in the body ("Tuesday (8/2/2022)").

    Without a date, the note is the first candidate's reason (partial, unrecognized,
    impossible, in the future), and "no date found" only when there was no candidate.
    """
    noted: DateInfo | None = None
    candidates = [given] if given else []
    candidates += [line.text for line in cleaned.removed_by("dateline")]
    candidates += [cleaned.date] if cleaned.date else []  # from a byline ("By X | 3 May 2024")
    for value in candidates:
        info = parse_date(value, day_first=day_first)
        if info.date or info.candidates:
            return info
        if noted is None and info.note and info.note != "no date found":
            noted = info
    if match := _BODY_NUMERIC_DATE.search(cleaned.text):
        info = parse_date(match.group(1), day_first=day_first)
        if info.date or info.candidates:
            return info
    return noted or DateInfo(note="no date found")


def byline_name(cleaned: Cleaned) -> str | None:
    """Return the author the cleaner parsed from a byline or credit ("By Jane Doe | 3 March
    2024" -> "Jane Doe"), else the name in the first non-empty ``byline`` removal ("by
    YCPress" -> "YCPress"), or None."""
    if cleaned.author:
        return cleaned.author
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
    """Return ``(count_words(text), *detect_language(text))``.

    The word count is the package's one definition (:func:`framing.textnorm.count_words`);
    the language is judged on the tokens of the first ``LANGUAGE_SAMPLE_CHARS`` characters.
    """
    return count_words(text), *detect_language(text)


def content_id(raw: str) -> str:
    """Return the 16-hex content hash of a decoded raw record (NFC-normalized first)."""
    normalized = unicodedata.normalize("NFC", raw)
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:16]
