"""Exact duplicates collapse with a note; near duplicates point at their earlier twin."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.corpus import empty_table
from framing.errors import ParameterError
from framing.ingest.dedup import (
    collapse_exact,
    flag_near_duplicates,
    minhash_signature,
    shingle_hashes,
    shingles,
)

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


def test_shingle_hashes_hash_each_shingle_and_ignore_case_and_punctuation() -> None:
    hashes = shingle_hashes("NATO will not, advance an inch")
    assert len(hashes) == len(shingles("NATO will not, advance an inch")) == 2
    assert shingle_hashes("nato WILL not advance an inch").tolist() == hashes.tolist()
    assert shingle_hashes("a b c d e a b c d e")[0] == shingle_hashes("a b c d e a b c d e")[5]
    assert len(set(shingle_hashes(STORY).tolist())) == len(shingles(STORY))
    assert len(shingle_hashes("Too short")) == 1 and len(shingle_hashes("")) == 0


def test_minhash_signature_is_datasketch_affine32_over_the_shingle_hashes() -> None:
    import numpy as np
    from datasketch import MinHash

    reference = MinHash(num_perm=128, seed=1, hashfunc=int, scheme="affine32")
    reference.update_batch(shingle_hashes(STORY + OTHER).tolist())
    signature = np.frombuffer(minhash_signature(STORY + OTHER), dtype=np.uint64)
    assert signature.tolist() == reference.hashvalues.astype(np.uint64).tolist()
    assert minhash_signature("") == b""
    edited = minhash_signature((STORY + OTHER).replace("on Thursday", "on Friday"))
    same = np.mean(np.frombuffer(edited, dtype=np.uint64) == signature)
    assert 0.75 <= same < 1.0  # estimates the shingle Jaccard of the two texts (~0.9)


def test_near_duplicates_of_a_chain_point_to_the_earliest_twin_and_bad_signatures_fail() -> None:
    original = STORY + OTHER
    articles = _articles(
        [("a1", "one.txt", 0, original), ("b2", "two.txt", 0, OTHER),
         ("c3", "three.txt", 0, original.replace("on Thursday", "on Friday")),
         ("d4", "four.txt", 0, original.replace("in 2014", "in early 2014"))]
    )  # fmt: skip
    out = flag_near_duplicates(articles)
    assert out["duplicate_of"].iloc[:2].isna().all()
    assert out["duplicate_of"].tolist()[2:] == ["a1", "a1"]
    short = [minhash_signature(t, num_perm=64) for t in articles["text"]]
    with pytest.raises(ParameterError, match="signature of article a1 has 64 values; num_perm"):
        flag_near_duplicates(articles, signatures=short)
