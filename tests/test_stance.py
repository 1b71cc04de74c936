"""Stance cues from stance.yml, their per-1,000-token rates, and Pattern-lexicon subjectivity."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from framing.errors import LexiconError
from framing.features.chunk_tables import extract_tables
from framing.features.stance import load_stance, stance_cues, subjectivity, subjectivity_lexicon


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


def test_rates_per_thousand_tokens_in_the_feature_table():
    texts = {
        "a": "Perhaps it is very bad.",  # 5 tokens: one hedge, one intensifier
        # 12 tokens ("It’s" and "well-known" are one each): "perhaps" and "may" hedge.
        "b": "It’s perhaps a well-known, very bad idea, and it may be wrong.",
        "c": "",
    }
    articles = pd.DataFrame({"article_id": list(texts), "text": list(texts.values())})
    sentences = pd.DataFrame(
        [(aid, 0, 0, len(text), text) for aid, text in texts.items() if text],
        columns=["article_id", "sentence_id", "start", "end", "text"],
    )
    table = extract_tables(articles, sentences)["articles"].set_index("article_id")
    columns = ["n_tokens", "hedges_per_1k", "certainty_per_1k", "intensifiers_per_1k"]
    columns.append("modals_per_1k")
    assert table[columns].to_dict("index") == {
        "a": dict(zip(columns, [5, 200.0, 0.0, 200.0, 0.0], strict=True)),
        "b": dict(zip(columns, [12, 2000 / 12, 0.0, 1000 / 12, 0.0], strict=True)),
        "c": dict(zip(columns, [0, 0.0, 0.0, 0.0, 0.0], strict=True)),
    }
    assert math.isnan(table.loc["c", "subjectivity"])


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
    lexicon = subjectivity_lexicon()
    terrible, isnt, good = (lexicon[w][1] for w in ("terrible", "isn't", "good"))
    assert straight == (terrible + isnt + good) / 3


def test_subjectivity_lexicon_averages_each_words_senses():
    lexicon = subjectivity_lexicon()
    assert subjectivity_lexicon() is lexicon
    # en-sentiment.xml has one sense of "awful" and two of "good": (0.7, 0.4) and (0.7, 0.8).
    assert lexicon["awful"] == (-1.0, 1.0)
    assert lexicon["good"] == (0.7, (0.4 + 0.8) / 2)
    assert subjectivity("awful good") == (1.0 + (0.4 + 0.8) / 2) / 2
