"""Sentence sentiment: VADER scores, the loaded-term lexicon override, article summaries."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from framing.errors import ParameterError
from framing.features.sentiment import analyzer, article_sentiment, framed_compound, score

SMO = "Russia began a special military operation"
INVASION = "Russia launched an unprovoked invasion"


def test_plain_vader_values_without_override():
    out = score([SMO, INVASION, ""], override=False)
    assert list(out.columns) == ["compound", "pos", "neu", "neg", "compound_vader", "n_overrides"]
    assert out["compound"].round(4).tolist() == [0.4019, 0.128, 0.0]
    assert (out["compound"] == out["compound_vader"]).all()
    assert out["n_overrides"].tolist() == [0, 0, 0]


def test_span_valence_replaces_vader_words_but_keeps_vader_rules():
    vader = analyzer()
    start = SMO.index("special")
    assert vader.polarity_with_spans(SMO, [(start, len(SMO), 0.0)])["compound"] == 0.0
    assert vader.polarity_with_spans(SMO, [(start, len(SMO), -1.5)])["compound"] == -0.3612
    # VADER's negation still applies to the placeholder ...
    text = "It was not a special military operation"
    span = [(text.index("special"), len(text), -1.5)]
    assert vader.polarity_with_spans(text, span)["compound"] == 0.2755
    # ... and so does its capitals emphasis.
    shout = "They call it a SPECIAL OPERATION"
    span = [(shout.index("SPECIAL"), len(shout), -1.5)]
    quiet = shout.replace("SPECIAL OPERATION", "special operation")
    assert (
        vader.polarity_with_spans(shout, span)["compound"]
        < vader.polarity_with_spans(quiet, [(quiet.index("special"), len(quiet), -1.5)])["compound"]
    )


def test_series_index_is_kept_and_bad_input_is_refused():
    texts = pd.Series(["Good.", "Bad."], index=[10, 20])
    out = score(texts, override=False)
    assert out.index.tolist() == [10, 20]
    assert out["compound"].tolist() == [0.4404, -0.5423]
    with pytest.raises(ParameterError, match="not one string"):
        score("one string")


def _sentence_scores() -> pd.DataFrame:
    compounds = {"a": [0.5, -0.5, -0.2, 0.0, 0.1, 0.3, -0.9, 0.4, 0.2, -0.1], "b": [0.6, -0.6]}
    rows = [
        (article_id, sentence_id, value)
        for article_id, values in compounds.items()
        for sentence_id, value in enumerate(values)
    ]
    return pd.DataFrame(rows, columns=["article_id", "sentence_id", "compound"])


def test_article_sentiment_mean_share_arc_first_last():
    out = article_sentiment(_sentence_scores()).set_index("article_id")
    a = out.loc["a"]
    assert a["n_sentences"] == 10
    assert a["sentiment_mean"] == pytest.approx(-0.02)
    assert a["share_negative"] == pytest.approx(0.4)
    assert [round(a[f"arc_{i}"], 4) for i in range(1, 6)] == [0.0, -0.1, 0.2, -0.25, 0.05]
    assert (a["sentiment_first"], a["sentiment_last"]) == (0.5, -0.1)
    b = out.loc["b"]
    assert b["arc_1"] == 0.6 and math.isnan(b["arc_2"]) and b["arc_3"] == -0.6


def test_article_sentiment_empty_and_bad_columns():
    empty = article_sentiment(_sentence_scores().iloc[0:0])
    assert empty.empty and "arc_5" in empty.columns
    with pytest.raises(ParameterError, match=r"lacks column\(s\) \['compound'\]"):
        article_sentiment(pd.DataFrame({"article_id": ["a"], "sentence_id": [0]}))


def test_pinned_framing_aware_valence_with_the_default_lexicon():
    out = score([SMO, INVASION])
    # Plain VADER reads the euphemism as positive and misses both loaded words (the README's
    # figures); with the lexicon's valences both sentences read as negative.
    assert out["compound_vader"].round(2).tolist() == [0.40, 0.13]
    assert out["compound"].round(2).tolist() == [-0.25, -0.36]
    assert out["n_overrides"].tolist() == [1, 1]


def test_override_leaves_sentences_without_loaded_terms_unchanged():
    texts = ["It was a lovely, calm day in the park.", "The talks failed badly."]
    out = score(texts)
    assert (out["compound"] == out["compound_vader"]).all()
    assert out["n_overrides"].tolist() == [0, 0]


def test_batches_give_the_same_scores_as_one_call():
    texts = [SMO, INVASION, "A calm and pleasant day.", "", "The puppet regime fell."] * 3
    whole = score(texts)
    batched = score(texts, batch_size=2)
    pd.testing.assert_frame_equal(whole, batched)
    with pytest.raises(ParameterError, match="batch_size=0"):
        score(texts, batch_size=0)
    with pytest.raises(ParameterError, match="unrated_word_weight=1.5"):
        score(texts, unrated_word_weight=1.5)


def test_zero_sentences_give_empty_tables():
    from framing.corpus import empty_table

    sentences = empty_table("sentences")
    scores = score(sentences["text"])
    assert scores.empty and "compound" in scores.columns
    assert article_sentiment(sentences.assign(compound=scores["compound"])).empty


def test_framed_compound_equals_score_compound_and_scores_repeats_once():
    texts = [SMO, INVASION, "", SMO, "Ukraine defended its cities bravely"]
    expected = score(texts)["compound"].tolist()
    assert framed_compound(texts) == expected
    assert (
        framed_compound(texts, override=False) == score(texts, override=False)["compound"].tolist()
    )
    assert framed_compound([SMO]) == [-0.25]  # the override applies (plain VADER: 0.4019)
    with pytest.raises(ParameterError, match="unrated_word_weight=2"):
        framed_compound(texts, unrated_word_weight=2)


def test_each_text_is_matched_on_its_own_even_when_a_term_would_span_two():
    # Joined, "Russian" + "aggression" would read as the longer entry "Russian aggression"
    # across the two texts; the second text still has its own "aggression".
    out = score(["It was Russian", "aggression, they said."])
    assert out["n_overrides"].tolist() == [0, 1]
    assert out["compound"].tolist() == [0.0, -0.4588]


def test_spans_given_by_the_caller_are_used_as_they_are():
    texts = ["Russia launched an unprovoked invasion.", "The talks went well."]
    computed = score(texts)
    given = score(texts, spans=[[(19, 29, -3.0)], []])  # "unprovoked"
    assert given["n_overrides"].tolist() == [1, 0]
    assert computed["compound"].tolist() == [-0.3612, 0.2732]
    assert given["compound"].tolist() == [-0.3818, 0.2732]
    with pytest.raises(ParameterError, match="spans has 1 entries for 2 texts"):
        score(texts, spans=[[]])
