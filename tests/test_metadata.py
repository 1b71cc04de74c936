"""Dates with notes, bylines, word counts, language check and content ids."""

from __future__ import annotations

import pytest

from framing.ingest.clean import clean_text
from framing.ingest.metadata import (
    DateInfo,
    byline_name,
    content_id,
    detect_language,
    find_date,
    parse_date,
    split_byline,
    words_and_language,
)
from framing.textnorm import count_words


@pytest.mark.parametrize(
    ("value", "day_first", "expected"),
    [
        ("Sep 13 2023", None, DateInfo("2023-09-13")),
        ("September 13, 2023", None, DateInfo("2023-09-13")),
        ("13 Sept 2023", None, DateInfo("2023-09-13")),
        ("Tuesday, Feb. 8, 2022", None, DateInfo("2022-02-08")),
        ("Published on: 2023-09-13T10:00:00Z", None, DateInfo("2023-09-13")),
        ("13/09/2023", None, DateInfo("2023-09-13")),
        (
            "8/2/2022",
            None,
            DateInfo(
                None,
                "ambiguous day/month order: 8/2/2022 (configure the collection's day_first)",
                "2022-02-08|2022-08-02",
            ),
        ),
        ("8/2/2022", True, DateInfo("2022-02-08")),
        ("8/2/2022", False, DateInfo("2022-08-02")),
        ("5/5/2022", None, DateInfo("2022-05-05")),
        ("December 24", None, DateInfo(note="partial date without a year: December 24")),
        ("Feb 30 2022", None, DateInfo(note="invalid date: Feb 30 2022")),
        ("yesterday", None, DateInfo(note="unrecognized date: yesterday")),
    ],
)
def test_parse_date(value: str, day_first: bool | None, expected: DateInfo) -> None:
    assert parse_date(value, day_first=day_first) == expected


def test_find_date_prefers_given_then_dateline_then_body() -> None:
    cleaned = clean_text(
        "Headline\n\nSep 13 2023\n\nPutin said so, Tuesday (8/2/2022). More text follows."
    )
    assert find_date(cleaned) == DateInfo("2023-09-13")
    assert find_date(cleaned, given="2024-01-02") == DateInfo("2024-01-02")
    body_only = clean_text("Headline\n\nPutin said so, as quoted on Tuesday (8/2/2022).")
    assert find_date(body_only, day_first=True) == DateInfo("2022-02-08")
    assert find_date(clean_text("Headline\n\nNo date here at all, sadly.")) == DateInfo(
        note="no date found"
    )


def test_bylines_split_into_source_or_author() -> None:
    assert byline_name(clean_text("Headline\n\nby YCPress\n\nBody text goes here.")) == "YCPress"
    assert byline_name(clean_text("Headline\n\nBy -\n\nBody text goes here.")) is None
    assert split_byline("YCPress") == ("YCPress", None)
    assert split_byline("Daily Post Staff") == ("Daily Post Staff", None)
    assert split_byline("Jane Roe") == (None, "Jane Roe")


def test_word_count_and_language() -> None:
    # Putin’s | 13,000 | troops | and | NATO’s | U.S. | led | alliance: the core's one definition
    assert words_and_language("Putin’s 13,000 troops – and NATO’s U.S.-led alliance.")[0] == 8
    english = "The president said that he would not go to the meeting because it was a trap. " * 2
    assert detect_language(english) == ("en", True)
    german = (
        "Der Präsident sagte, dass er nicht zu dem Treffen gehen werde, weil es eine Falle sei. "
        * 2
    )
    assert detect_language(german) == ("non-en", False)
    assert detect_language("Too short to tell.") == ("unknown", True)


@pytest.mark.parametrize("cut", [2990, 2996, 2997, 2998, 2999, 3000, 3001, 3003])
def test_words_and_language_equals_separate_scans_across_the_sample_end(cut: int) -> None:
    # Tokens that straddle the language sample's end ("U.S.", "13,000", "NATO’s") must be
    # counted as one word in the count and cut like detect_language cuts them in the sample.
    prose = "The president said that he would not go to the meeting because it was a trap. "
    text = (prose * 60)[: cut - 3] + "U.S. 13,000 NATO’s " + "Der Präsident sagte nein. " * 40
    assert words_and_language(text) == (count_words(text), *detect_language(text))
    unbroken = "x" * 5000  # no whitespace: falls back to the separate scans
    assert words_and_language(unbroken) == (1, "unknown", True)
    assert words_and_language(prose * 2) == (32, "en", True)


def test_content_id_is_stable_and_nfc_normalized() -> None:
    assert content_id("Cafe\u0301") == content_id("Café")
    assert len(content_id("x")) == 16
    assert content_id("x") == "2d711642b726b044"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tue, 01 Mar 2022 10:00:00 EST", DateInfo("2022-03-01")),
        ("1 Mar 22 10:00 +0000", DateInfo("2022-03-01")),
        ("20220125T090000Z", DateInfo("2022-01-25")),
        ("2099-12-31", DateInfo(note="date in the future: 2099-12-31")),
        ("2022-03-01T25:00:00Z", DateInfo(note="impossible time in date: 2022-03-01T25:00:00Z")),
        ("Tue, 01 Mar 2022 25:00:00 EST",
         DateInfo(note="impossible time in date: Tue, 01 Mar 2022 25:00:00 EST")),
        ("-2022-03-01", DateInfo(note="invalid date (negative year): -2022-03-01")),
        ("0202-03-01", DateInfo(note="implausible date (before 1800): 0202-03-01")),
    ],
)  # fmt: skip
def test_rfc822_future_and_impossible_dates(value: str, expected: DateInfo) -> None:
    import datetime as dt

    assert parse_date(value, today=dt.date(2026, 1, 1)) == expected


def test_date_present_but_unreadable_is_not_noted_as_missing() -> None:
    cleaned = clean_text("Headline\n\nNo date in this body, only in the record field.")
    assert find_date(cleaned, given="sometime in spring") == DateInfo(
        note="unrecognized date: sometime in spring"
    )
    assert find_date(cleaned, given="2099-12-31").note == "date in the future: 2099-12-31"
    assert find_date(cleaned).note == "no date found"
