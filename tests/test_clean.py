"""Cleaning rules on real boilerplate lines, prose protection, and hypothesis properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.ingest.boilerplate import match_phrase_rule
from framing.ingest.boilerplate_repeats import line_key
from framing.ingest.clean import (
    RULES,
    Cleaned,
    clean_text,
    normalize_for_matching,
    normalize_text,
)
from framing.ingest.metadata import byline_name, find_date, split_byline

PROSE = (
    "Sachs stated in a 2023 piece for Common Dreams, “The Biden team uses the word ‘unprovoked’ "
    "incessantly, most recently in Biden’s major speech on the first-year anniversary of the war.”"
)


def _body(*lines: str) -> str:
    return "\n\n".join(["A headline about NATO", PROSE, *lines, PROSE.replace("Sachs", "He")])


@pytest.mark.parametrize(
    ("line", "rule_id"),
    [
        ("Pin It", "share_widget"),
        ("Linked In", "share_widget"),
        ("#buttons=(Ok, Go it!) #days=(20)", "share_widget"),
        ("Share", "share_widget"),
        ("Tweet", "share_widget"),
        ("Our website uses cookies to enhance your experience. Learn more", "cookie_notice"),
        ("Ok, got it!", "cookie_notice"),
        ("Accept all", "cookie_notice"),
        ("I agree", "cookie_notice"),
        (
            "Subscribe Daily Post or Follow Google News to update information quickly, Thank "
            "you..!!",
            "subscription_notice",
        ),
        ("Back to top button", "back_to_top"),
        ("By -", "byline"),
        ("by YCPress", "byline"),
        ("3 minute read", "reading_time"),
        ("Sep 13 2023", "dateline"),
        ("Published on: February 8, 2022 10:15 am", "dateline"),
        ("https://twitter.com/elonmusk/status/1856172877688570095", "embed_url"),
    ],
)
def test_line_rules_remove_boilerplate_and_keep_prose(line: str, rule_id: str) -> None:
    cleaned = clean_text(_body(line))
    assert line not in cleaned.text
    assert [(r.rule_id, r.text) for r in cleaned.removed if r.rule_id != "headline"] == [
        (rule_id, line)
    ]
    assert cleaned.text == PROSE + "\n\n" + PROSE.replace("Sachs", "He")


@pytest.mark.parametrize(
    "start",
    ["Leave a Reply", "Post a Comment", "(required)(will not be published)", "12 Comments",
     "FinanceTwitter SignOff"],
)  # fmt: skip
def test_comment_section_drops_everything_after_its_start(start: str) -> None:
    comment = "What do you expect from this comedian when he went to challenge Putin. " * 3
    cleaned = clean_text(_body(start, comment))
    assert cleaned.text == PROSE
    assert [r.rule_id for r in cleaned.removed][1:] == ["comment_section"] * 3


def test_related_block_drops_header_and_teasers_until_prose() -> None:
    cleaned = clean_text(
        _body(
            "Check Also",
            "House Speaker Johnson Continues to Push Forward on US Aid for Ukraine",
            "House Speaker Mike Johnson is in the spotlight as he faces criticism from fellow "
            "Republicans …",
        )
    )
    assert cleaned.text == PROSE + "\n\n" + PROSE.replace("Sachs", "He")
    assert [r.rule_id for r in cleaned.removed] == ["headline"] + ["related_block"] * 3


def test_head_labels_breadcrumbs_and_repeated_headline() -> None:
    raw = (
        "Trending Now World\n\nHome Politics Putin said NATO’s expansion is unacceptable\n"
        "Putin said NATO's expansion is unacceptable\n\n"
        "Putin said NATO’s expansion is unacceptable\n\n" + PROSE
    )
    cleaned = clean_text(raw)
    assert cleaned.title == "Putin said NATO's expansion is unacceptable"
    assert cleaned.text == PROSE
    assert [(r.line_no, r.rule_id) for r in cleaned.removed] == [
        (1, "section_label"),
        (3, "breadcrumb"),
        (4, "headline"),
        (6, "repeated_headline"),
    ]


def test_repeated_caption_lines_go_but_single_subheads_stay() -> None:
    cleaned = clean_text(_body("Vladimir putin\nVladimir putin", "“Putin once thought about NATO”"))
    assert "Vladimir putin" not in cleaned.text
    assert "“Putin once thought about NATO”" in cleaned.text
    assert [r.rule_id for r in cleaned.removed_by("repeated_caption")] == ["repeated_caption"] * 2


def test_dateline_prefix_is_cut_from_first_paragraph() -> None:
    cleaned = clean_text("Headline here\n\nDecember 24 – According to several media reports, ok.")
    assert cleaned.text == "According to several media reports, ok."
    assert [(r.line_no, r.rule_id, r.text) for r in cleaned.removed_by("dateline")] == [
        (3, "dateline", "December 24 –")
    ]


def test_long_prose_mentioning_boilerplate_words_survives() -> None:
    prose = [
        "Readers who subscribe to the paper were told on Monday that cookies and share prices "
        "had nothing to do with the dispute, which began when the minister left the room.",
        "By Tuesday, all was lost.",
        "Share prices fell 3% in Moscow after the announcement.",
        "Home prices in Kyiv have doubled since the war began, the agency reported.",
    ]
    cleaned = clean_text("A headline about NATO\n\n" + "\n\n".join(prose))
    assert cleaned.text == "\n\n".join(prose)


def test_normalization_nfc_soft_hyphen_spaces_and_quotes_kept() -> None:
    lines = normalize_text("Cafe\u0301  owners\u00a0said\r\nthe “strike” was un\u00adfair\u200b.")
    assert lines == ["Café owners said", "the “strike” was unfair."]


def test_normalize_for_matching_keeps_length_and_maps_typography() -> None:
    text = "Putin’s “red line” – NATO\u00a0İstanbul"
    folded = normalize_for_matching(text)
    assert folded == 'putin\'s "red line" - nato İstanbul'  # "İ".lower() has 2 characters
    assert len(folded) == len(text)


def test_every_rule_is_documented() -> None:
    assert set(RULES) >= {
        "share_widget", "comment_section", "cookie_notice", "subscription_notice",
        "related_block", "back_to_top", "breadcrumb", "repeated_headline", "repeated_caption",
        "byline", "reading_time", "dateline",
    }  # fmt: skip


def test_detector_removals_are_logged_with_their_rule_ids() -> None:
    lines = ["Read more on The Sun", "ADVERTISEMENT", "©2022 Bloomberg L.P."]
    cleaned = clean_text(_body(*lines))
    assert [(r.line_no, r.rule_id, r.text) for r in cleaned.removed] == [
        (1, "headline", "A headline about NATO"),
        (5, "promo_read_more", lines[0]),
        (7, "advertisement", lines[1]),
        (9, "copyright", lines[2]),
    ]
    assert cleaned.text == PROSE + "\n\n" + PROSE.replace("Sachs", "He")
    assert all(r.rule_id in RULES for r in cleaned.removed)


def test_where_both_rule_sets_fire_the_cleaners_own_id_is_kept() -> None:
    line = "We use cookies on this site; accept them to continue"
    assert match_phrase_rule(line)[0].id == "cookie_consent"  # the detector's id
    assert [r.rule_id for r in clean_text(_body(line)).removed] == ["headline", "cookie_notice"]


def test_lines_repeated_across_the_source_are_removed() -> None:
    widget = "Kyiv Bureau team for the Morning Desk"
    assert widget in clean_text(_body(widget)).text
    cleaned = clean_text(_body(widget), repeated=frozenset({line_key(widget)}))
    assert [(r.rule_id, r.text) for r in cleaned.removed][1:] == [("source_repeated_line", widget)]


def test_the_line_classifier_can_be_switched_off() -> None:
    teaser = "PENTAGON SAYS RUSSIAN BUILDUP IS LARGEST SINCE COLD WAR"
    assert teaser in clean_text(_body(teaser), model=False).text
    removed = clean_text(_body(teaser)).removed_by("line_classifier")
    assert [r.text for r in removed] == [teaser]


@pytest.mark.parametrize(
    ("line", "author", "date", "iso"),
    [
        ("By Jane Doe | 3 March 2024", "Jane Doe", "3 March 2024", "2024-03-03"),
        ("by Ron Unz, The Unz Review:", "Ron Unz", None, None),
        ("Published: Tue, March 1, 2022 10:00 EST", None, "March 1, 2022", "2022-03-01"),
    ],
)
def test_bylines_and_datelines_give_author_and_date(
    line: str, author: str | None, date: str | None, iso: str | None
) -> None:
    cleaned = clean_text(_body(line))
    assert line not in cleaned.text
    assert (cleaned.author, cleaned.date) == (author, date)
    assert split_byline(byline_name(cleaned)) == (None, author)
    assert find_date(cleaned).date == iso


BOILERPLATE = [
    "Pin It", "Linked In", "Leave a Reply", "Related Articles", "Check Also", "Trending Now",
    "By -", "3 minute read", "Sep 13 2023", "December 24 – ", "Home Politics ", "Share",
    "Vladimir putin", "Post a Comment", "Back to top", "Our website uses cookies, accept",
    PROSE, "", " ", "\u00ad", "\u00a0", "“", "”", ".", "\r", "\u2028",
]  # fmt: skip
LINES = st.one_of(st.text(max_size=40), st.sampled_from(BOILERPLATE))
DOCUMENTS = st.lists(LINES, max_size=12).map("\n".join) | st.text()


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS)
def test_cleaner_never_raises_and_never_adds_text(raw: str) -> None:
    cleaned = clean_text(raw)
    source = "\n".join(normalize_text(raw))
    for line in cleaned.text.split("\n"):
        assert line in source
    if cleaned.title:
        assert cleaned.title in source
    assert len(cleaned.text) <= len(source)


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS, st.none() | st.just("") | LINES)
def test_cleaner_is_idempotent(raw: str, title: str | None) -> None:
    once = clean_text(raw, title=title)
    # Without a title the headline is found among the first lines, so the clean body is
    # cleaned again with the headline it found ("" when none: no headline search).
    same_title = (once.title or "") if title is None else title
    twice = clean_text(once.text, title=same_title)
    assert twice == Cleaned(once.text, same_title, ())
