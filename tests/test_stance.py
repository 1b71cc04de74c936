"""Tests for framing.features.stance: cue matching from stance.yml and Pattern-lexicon subjectivity."""

from __future__ import annotations

import pytest

from framing.errors import LexiconError
from framing.features.stance import (
    load_stance,
    pattern_subjectivity_lexicon,
    stance_cues,
    stance_rates,
    subjectivity,
)


def test_cues_categories_and_offsets():
    text = "It is clearly a very serious, possibly fatal, mistake. Of course NATO must act now."
    hits = stance_cues(text)
    assert list(zip(hits["text"], hits["cue"], strict=True)) == [
        ("clearly", "certainty"),
        ("very", "intensifier"),
        ("possibly", "hedge"),
        ("Of course", "certainty"),
        ("must", "modal"),
    ]
    for row in hits.itertuples():
        assert text[row.start : row.end] == row.text


def test_longest_cue_wins_and_word_boundaries_hold():
    hits = stance_cues("They will have to leave; the ultra-clearly stated mayor left in May 2023.")
    assert hits["text"].tolist() == ["will have to"]


def test_month_may_is_not_a_hedge_but_the_modal_may_is():
    hits = stance_cues("In May the army may advance. May 9 is a holiday.")
    assert hits["text"].tolist() == ["may"]


def test_rates_per_thousand_words():
    rates = stance_rates("Perhaps it is very bad.")  # 5 words, one hedge, one intensifier
    assert rates == {
        "hedge_per_1k": 200.0,
        "certainty_per_1k": 0.0,
        "intensifier_per_1k": 200.0,
        "modal_per_1k": 0.0,
    }
    assert stance_rates("")["hedge_per_1k"] == 0.0


def test_subjectivity_opinion_beats_dateline():
    opinion = (
        "This is a disgraceful, shameful and utterly stupid decision by a terrible government."
    )
    dateline = "KYIV, March 3 (Reuters)"
    assert subjectivity(dateline) == 0.0
    assert 0.0 <= subjectivity(opinion) <= 1.0
    assert subjectivity(opinion) > 0.8
    # "terrible" has senses with subjectivity 1.0 in the Pattern lexicon.
    assert subjectivity("terrible") == 1.0


def test_invalid_stance_files(tmp_path):
    bad = tmp_path / "stance.yml"
    bad.write_text("categories:\n  hedging:\n    cues: [maybe]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="category 'hedging' is unknown"):
        load_stance(bad)
    bad.write_text(
        "categories:\n  hedge:\n    cues: [surely]\n  certainty:\n    cues: [surely]\n",
        encoding="utf-8",
    )
    with pytest.raises(LexiconError, match="cue 'surely' is also a 'hedge' cue"):
        load_stance(bad)


def test_cues_at_the_edges_of_the_text_and_of_hyphenated_words():
    assert stance_cues("Very")["text"].tolist() == ["Very"]
    assert stance_cues("very-").empty and stance_cues("-very").empty
    assert stance_cues("so‐very odd, very").to_dict("list") == {
        "start": [13],
        "end": [17],
        "text": ["very"],
        "cue": ["intensifier"],
    }


def test_subjectivity_reads_curly_apostrophes_as_straight_ones():
    # Of these words the lexicon has "terrible", "isn't" and "good" (not "it's", "idea").
    straight = subjectivity("It's a terrible idea, isn't it? Good.")
    assert subjectivity("It’s a terrible idea, isn’t it? Good.") == straight
    lexicon = pattern_subjectivity_lexicon()
    assert straight == (lexicon["terrible"] + lexicon["isn't"] + lexicon["good"]) / 3
