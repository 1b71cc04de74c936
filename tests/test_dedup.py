"""Exact duplicates collapse with a note; near duplicates point at their earlier twin."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.corpus import empty_table
from framing.dedup import collapse_exact, flag_near_duplicates, shingles
from framing.errors import ParameterError

STORY = (
    "NATO Secretary General Jens Stoltenberg said on Thursday that President Putin declared in "
    "the autumn of 2021 that he wanted NATO to sign a treaty promising no more enlargement, and "
    "that the alliance rejected the demand before Russia invaded Ukraine in February 2022. "
)
OTHER = (
    "Ukraine and Russia have been grappling with a military conflict since the annexation of "
    "Crimea in 2014, and at least 13,000 people have been killed in the eastern regions, where "
    "separatists and the Ukrainian army face each other across a long front line. "
)


def _articles(rows: list[tuple[str, str, int, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["article_id", "path", "record", "text"])
    base = empty_table("articles").drop(columns=["article_id", "path", "record", "text"])
    return pd.concat([frame, base], axis=1).astype(
        {"duplicate_of": "string", "duplicate_note": "string"}
    )


def test_exact_duplicates_collapse_into_first_copy() -> None:
    articles = _articles(
        [("a1", "x/one.txt", 0, STORY), ("b2", "x/two.txt", 0, OTHER),
         ("a1", "y/feed.jsonl", 3, STORY)]
    )  # fmt: skip
    out, dropped = collapse_exact(articles)
    assert out["path"].tolist() == ["x/one.txt", "x/two.txt"]
    assert out["duplicate_note"].tolist()[0] == "exact duplicate also at: y/feed.jsonl#3"
    assert pd.isna(out["duplicate_note"].tolist()[1])
    assert dropped == ["y/feed.jsonl#3"]


def test_near_duplicate_points_to_earlier_twin() -> None:
    original = STORY + OTHER
    edited = original.replace("on Thursday", "on Friday")
    articles = _articles(
        [("a1", "one.txt", 0, original), ("b2", "two.txt", 0, OTHER + STORY.upper()[:40]),
         ("c3", "three.txt", 0, edited)]
    )  # fmt: skip
    out = flag_near_duplicates(articles)
    assert out["duplicate_of"].iloc[:2].isna().all()
    assert out.loc[2, "duplicate_of"] == "a1"
    assert out.loc[2, "duplicate_note"].startswith("near duplicate of a1 (shingle Jaccard 0.")
    score = float(out.loc[2, "duplicate_note"].split("Jaccard ")[1].rstrip(")"))
    assert 0.8 <= score < 1.0


def test_different_stories_are_not_flagged_and_threshold_is_checked() -> None:
    articles = _articles([("a1", "one.txt", 0, STORY), ("b2", "two.txt", 0, OTHER)])
    assert flag_near_duplicates(articles)["duplicate_of"].isna().all()
    with pytest.raises(ParameterError, match="threshold must be in"):
        flag_near_duplicates(articles, threshold=0)


def test_shingles_are_lowercase_word_windows() -> None:
    assert shingles("NATO will not, advance an inch", size=5) == {
        b"nato will not advance an",
        b"will not advance an inch",
    }
    assert shingles("Too short", size=5) == {b"too short"}
    assert shingles("", size=5) == set()
