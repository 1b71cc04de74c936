"""The framing signal per article: voice-aware side counts, title hits, label-choice shares."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from framing.features.chunk_tables import extract_tables

TITLE = "The so-called special military operation liberates Donbas"
BODY = (
    "Russia's invasion of Ukraine continued. "
    "Moscow calls it a special military operation. "
    "Kremlin media repeat the myth of Kyiv's neo-Nazis. "
    "He said the “Kiev regime” would fall. "
    "It was not an invasion, officials in Kiev said."
)


def _tables() -> dict[str, pd.DataFrame]:
    articles = pd.DataFrame({"article_id": ["a1"], "title": [TITLE], "text": [BODY]})
    bounds = [(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", BODY)]
    sentences = pd.DataFrame(
        {
            "article_id": ["a1"] * len(bounds),
            "sentence_id": list(range(len(bounds))),
            "start": [s for s, _ in bounds],
            "end": [e for _, e in bounds],
            "text": [BODY[s:e] for s, e in bounds],
        }
    )
    return extract_tables(articles, sentences)


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return _tables()


def test_title_hits_are_spans_of_the_title_field(tables) -> None:
    spans = tables["spans"]
    title = spans[spans["field"] == "title"]
    assert title[["text", "side", "distanced"]].values.tolist() == [
        ["so-called", "none", False],
        ["special military operation", "pro_russia", True],
        ["liberates", "pro_russia", False],
    ]
    offsets = zip(title["start"], title["end"], title["text"], strict=True)
    assert all(TITLE[s:e] == t for s, e, t in offsets)
    row = tables["articles"].iloc[0]
    assert (row["title_loaded_hits"], row["title_loaded_author_voice"]) == (3, 2)
    assert row["title_loaded_distanced"] == 1


def test_body_voices_and_side_counts(tables) -> None:
    spans = tables["spans"]
    body = spans[(spans["field"] == "body") & (spans["kind"] == "loaded")]
    assert body[["text", "quoted", "negated", "distanced"]].values.tolist() == [
        ["invasion", False, False, False],
        ["special military operation", False, False, True],  # "calls it a"
        ["neo-Nazis", False, False, True],
        ["Kiev regime", True, False, False],  # a short quote after "said": quoted
        ["invasion", False, True, False],
    ]
    row = tables["articles"].iloc[0]
    assert row["loaded_hits"] == 5
    assert row["loaded_author_voice"] == 1  # the first "invasion"
    assert row["loaded_distanced"] == 2
    assert row["loaded_negated"] == 1
    # Side counts: author voice, not negated, not distanced, title and body together.
    assert row["side_pro_ukraine_west"] == 1  # the first "invasion"
    assert row["side_pro_russia"] == 1  # the title's "liberates"
    # The title's "so-called" operation, the one Moscow "calls it", the neo-Nazis "myth".
    assert row["distanced_pro_russia"] == 3
    assert row["distanced_pro_ukraine_west"] == 0


def test_label_choice_shares_with_counts(tables) -> None:
    labels = tables["labels"].drop(columns="article_id")
    assert labels.values.tolist() == [
        # "Moscow calls it a special military operation": distanced, not the author's choice.
        ["war_naming", "invasion", 2, 0, 0, 1.0],
        ["war_naming", "special military operation", 0, 0, 1, 0.0],
        ["war_ownership", "Russia's war", 1, 0, 0, 1.0],
        ["government_naming", "regime", 0, 1, 0, 0.0],
        ["government_naming", "authorities", 1, 0, 0, 1.0],
        # "the myth of Kyiv's neo-Nazis" holds "Kyiv" at arm's length too.
        ["kyiv_spelling", "Kyiv", 0, 0, 1, 0.0],
        ["kyiv_spelling", "Kiev", 1, 1, 0, 1.0],
    ]
    assert tables["articles"].loc[0, "domain"] == "russia_ukraine_war"
