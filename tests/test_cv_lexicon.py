"""The pure helpers of ``benchmarks/cv_lexicon.py``, on hand-made counts and words."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest
from benchmark_scripts import load_benchmark


@pytest.fixture(scope="module")
def cv():
    return load_benchmark("cv_lexicon")


def stats(rows: dict[str, tuple[float, float, float, float, float]]) -> pd.DataFrame:
    """Return a fold_stats-like frame from term -> (nb, kb, n, k, arts)."""
    return pd.DataFrame.from_dict(rows, orient="index", columns=["nb", "kb", "n", "k", "arts"])


def test_group_forms_joins_inflections_only(cv):
    forms = {"smear", "smears", "smeared", "lie", "lying", "brutal", "brutally", "far left"}
    assert cv.group_forms(forms) == [
        ["brutal", "brutally"], ["far left"], ["lie"], ["lying"], ["smear", "smears", "smeared"]
    ]  # fmt: skip


def test_new_forms_skips_lexicon_phrases_stop_and_common_words(cv):
    lexicon = cv.load_lexicon()
    words = Counter({"rare": 1, "common": 10_000, "vile": 1})
    kept = cv.new_forms({"rare", "common", "which", "vile", "a new phrase"}, lexicon, words, 0.001)
    assert kept == {"rare", "a new phrase"}  # "vile" is already in the lexicon


def test_read_candidate_list_drops_comments_and_blanks(cv, tmp_path):
    path = tmp_path / "list.txt"
    path.write_text("# our list\nVile\n\nfar left  # a phrase\n", encoding="utf-8")
    assert cv.read_candidate_list(path) == ["vile", "far left"]


def test_capped_counts_scale_an_article_down_to_the_cap(cv):
    hits = pd.DataFrame(
        {"unit": ["a"] * 6 + ["b"], "fold": [0] * 7, "term": ["x"] * 7,
         "kept": [True, True, False, False, False, False, True]}
    )  # fmt: skip
    counts = cv.capped_counts(hits, cap=3).set_index("unit")
    assert counts.loc["a", ["n", "k"]].tolist() == [3.0, 1.0]
    assert counts.loc["b", ["n", "k"]].tolist() == [1.0, 1.0]


def test_drop_rule_needs_enough_hits_and_no_rescue(cv):
    rule = cv.Rule()
    table = stats({
        "poor": (0, 0, 6, 1, 4),  # PTC 1/6 < 0.30 on more than 3 hits
        "rescued": (4, 3, 6, 1, 4),  # ... but BABE 3/4 >= 0.60
        "too_few": (0, 0, 3, 0, 2),  # 3 hits: not more than min_hits
        "babe_poor": (5, 1, 0, 0, 0),  # BABE 1/5 < 0.50
    })  # fmt: skip
    assert cv.drop_rule(table, rule) == {"poor", "babe_poor"}


def test_add_rule_smooths_and_applies_floors(cv):
    rule = cv.Rule()
    table = stats({
        "clear": (0, 0, 6, 5, 3),  # (5 + 2*0.3) / 8 = 0.70 >= 0.55
        "one_article": (0, 0, 6, 5, 1),  # needs 2+ articles
        "few": (0, 0, 2, 2, 2),  # below min_hits
        "babe": (4, 4, 3, 1, 2),  # BABE smoothed 0.83, but PTC 1/3 under the floor
    })  # fmt: skip
    assert cv.add_rule(table, rule, prior_b=0.5, prior_p=0.3) == {"clear"}


@pytest.mark.parametrize(
    ("nb", "kb", "n", "k", "ok"),
    [(1, 1, 9, 5, True), (0, 0, 1, 1, False), (0, 0, 4, 1, False), (3, 1, 0, 0, False)],
)
def test_held_out_ok(cv, nb, kb, n, k, ok):
    oof = pd.Series({"nb": nb, "kb": kb, "n": n, "k": k})
    assert cv.held_out_ok(oof, cv.Rule()) is ok
