"""Sense guards and the hyphen rule (each reported false positive), and the added terms."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.errors import LexiconError
from framing.features.lexicon import load_lexicon, parse_lexicon
from framing.features.loaded_terms import find_terms
from framing.features.sense_guards import compile_guard, in_compound, phrase_pattern


def _hits(text: str) -> list[tuple[str, str]]:
    hits = find_terms(text)
    return list(zip(hits["text"], hits["term"], strict=True))


@pytest.mark.parametrize(
    "text",
    [
        # An official legal term gives neither "terrorist" nor "regime".
        "Russia declared a counter-terrorist operation regime in Belgorod.",
        "The counter-terrorist regime was lifted on Monday.",
        # "admits" in the sense of letting in.
        "Admitting Ukraine into the alliance is on the agenda.",
        "NATO admitted Finland into the alliance.",
        # "war" inside compounds and longer words.
        "The anti-war movement grew.",
        "A war-weary public followed the information warfare.",
        # "woke" as the past tense of wake.
        "She woke up early and he woke to the news.",
        # A factual superlative is no fear appeal.
        "It is the deadliest conflict since 1945.",
        # Neutral uses of "regime" and "disaster".
        "The sanctions regime and the visa regime were extended.",
        "The natural disaster relief fund was increased.",
        # Contempt of court is a legal term.
        "He was held in contempt of court.",
        # "coup" outside a Ukraine story needs its context word.
        "The coup in Niger surprised the region.",
        # "lie" in the sense of being located, and the factual category "terrorist attack".
        "The problem lies in the budget; the town lies on the river.",
        "The wounded were lying down when help came.",
        "Police called it a terrorist attack by a designated terrorist organization.",
        # Neutral senses of two added entries.
        "A brute force search found the key in oppressive heat.",
    ],
)
def test_false_positives_of_the_issue_are_gone(text: str) -> None:
    assert _hits(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Assad regime bombed the city.", [("regime", "regime")]),
        ("The woke mob came for him.", [("woke mob", "woke")]),
        ("He admits the plan failed.", [("admits", "admits")]),
        ("Putin's war-mongering is plain.", [("war-mongering", "warmonger")]),
        ("The terrorists struck at night.", [("terrorists", "terrorist")]),
        ("He lies to voters and lied again.", [("lies", "lies"), ("lied", "lies")]),
    ],
)
def test_loaded_senses_still_match(text: str, expected: list[tuple[str, str]]) -> None:
    assert _hits(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Alternative-media and tabloid register the issue found missing.
        ("Brussels Eurocrats want more power.", [("Eurocrats", "Eurocrats")]),
        ("Ukraine changed after the coup in Ukraine in 2014.", [("coup", "coup")]),
        ("Western media ignore it; legacy media too.",
         [("Western media", "mainstream media"), ("legacy media", "mainstream media")]),
        ("He is doing Russia's bidding.", [("doing Russia's bidding", "doing Russia's bidding")]),
        ("Beltway insiders live in an echo chamber.",
         [("Beltway insiders", "Beltway insiders"), ("echo chamber", "echo chamber")]),
        ("The Davos elites met again.", [("Davos elites", "Davos elites")]),
        ("BYPASS THE CENSORS and subscribe.", [("BYPASS THE CENSORS", "bypass the censors")]),
        ("Their goal is world domination.", [("world domination", "world domination")]),
        ("A fascistic government rules in Kyiv.", [("fascistic", "fascists")]),
        ("Russia was forced to launch the operation.", [("forced to launch", "left no choice")]),
        ("Panicked officials desperately tried to explain.",
         [("Panicked", "panicked"), ("desperately", "desperately")]),
        ("A weak ruler and an unhinged rant.",
         [("weak ruler", "weak ruler"), ("unhinged", "madness"), ("rant", "rant")]),
        # BABE's topics.
        ("Abortion on demand ends the lives of unborn children.",
         [("Abortion on demand", "unborn children"), ("unborn children", "unborn children")]),
        ("Gun grabbers want confiscation.", [("Gun grabbers", "gun grabbers")]),
        ("Climate alarmists slashed the budget.",
         [("Climate alarmists", "alarmists"), ("slashed", "slashed")]),
    ],
)  # fmt: skip
def test_terms_the_issue_found_missing(text: str, expected: list[tuple[str, str]]) -> None:
    assert _hits(text) == expected


def test_hyphen_rule_and_listed_compounds() -> None:
    assert in_compound("an anti-war rally", 8, 11)
    assert in_compound("a war-torn land", 2, 5)
    assert not in_compound("war - and peace", 0, 3)
    # A listed compound matches whole; its part does not match inside another compound.
    assert _hits("the self-proclaimed republic") == [("self-proclaimed", "self-proclaimed")]
    assert _hits("a pro-liberation song") == []


def test_guard_fields_of_one_entry() -> None:
    guard = compile_guard(
        not_after=("sanctions",),
        not_before=("up",),
        exceptions=("admitting * into",),
        context=("Ukraine", "Kyiv"),
    )
    assert not guard.allows("the sanctions regime in Kyiv", 14, 20)
    assert not guard.allows("Kyiv: they woke up", 11, 15)
    text = "admitting Ukraine into NATO"
    assert not guard.allows(text, 0, 9)
    assert guard.allows("Kyiv staged a coup", 14, 18)
    assert not guard.allows("Niamey staged a coup", 16, 20)
    separator = r"[\s\-\u2010\u2011\u2013\u2014]+"
    assert phrase_pattern("counter-terrorist operation") == separator.join(
        ["counter", "terrorist", "operation"]
    )


def test_guards_are_validated_as_phrase_lists(tmp_path: Path) -> None:
    entry = (
        "version: '1'\nentries:\n- term: regime\n  category: delegitimizing_label\n"
        "  side: none\n  valence: -1\n  explanation: A regime is a government one opposes.\n"
    )
    _, entries = parse_lexicon(entry + "  not_after: [sanctions]\n  domain: general\n")
    assert entries[0]["not_after"] == ("sanctions",)
    assert entries[0]["domain"] == "general"
    with pytest.raises(LexiconError, match="line 8: field 'not_after' of 'regime' must be a list"):
        parse_lexicon(entry + "  not_after: sanctions\n")
    path = tmp_path / "extra.yml"
    path.write_text(entry + "  not_after: [sanctions]\n", encoding="utf-8")
    lexicon = load_lexicon(extra=path)
    assert _hits_with(lexicon, "the sanctions regime and the Assad regime") == ["regime"]


def _hits_with(lexicon, text: str) -> list[str]:
    return find_terms(text, lexicon)["text"].tolist()
