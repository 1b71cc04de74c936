"""Keyness: Monroe et al. (2008) log-odds with informative Dirichlet prior, and Dunning G²."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from framing.errors import ParameterError
from framing.features.keyness import keyness, log_likelihood, log_odds_dirichlet, term_counts


def _row(table: pd.DataFrame, group: str, term: str) -> pd.Series:
    return table.set_index(["group", "term"]).loc[(group, term)]


def test_log_odds_matches_hand_computed_example_with_corpus_prior():
    # group a: war 3, peace 1 (n_a = 4); group b: war 1, peace 3 (n_b = 4); n = 8.
    counts = pd.DataFrame({"a": [3, 1], "b": [1, 3]}, index=["war", "peace"])
    # Default prior: α0 = n = 8, α_war = 8 * 4/8 = 4.
    delta = math.log((3 + 4) / (4 + 8 - 3 - 4)) - math.log((1 + 4) / (4 + 8 - 1 - 4))
    variance = 1 / (3 + 4) + 1 / (1 + 4)
    row = _row(log_odds_dirichlet(counts), "a", "war")
    assert row["count_group"] == 3 and row["count_rest"] == 1
    assert row["delta"] == pytest.approx(delta)  # 2 log 1.4 = 0.67294
    assert row["delta"] == pytest.approx(0.6729444732)
    assert row["variance"] == pytest.approx(variance)
    assert row["zscore"] == pytest.approx(delta / math.sqrt(variance))
    assert row["zscore"] == pytest.approx(1.149271, abs=1e-6)
    # Symmetry: b's "war" is a's "war" with the sign flipped.
    assert _row(log_odds_dirichlet(counts), "b", "war")["zscore"] == pytest.approx(
        -1.149271, abs=1e-6
    )


def test_log_odds_with_explicit_prior_size():
    counts = pd.DataFrame({"a": [3, 1], "b": [1, 3]}, index=["war", "peace"])
    # α0 = 2: α_war = 2 * 4/8 = 1.
    row = _row(log_odds_dirichlet(counts, prior=2.0), "a", "war")
    assert row["delta"] == pytest.approx(math.log(4 / 2) - math.log(2 / 4))  # 2 log 2
    assert row["variance"] == pytest.approx(1 / 4 + 1 / 2)
    assert row["zscore"] == pytest.approx(2 * math.log(2) / math.sqrt(0.75))


def test_log_odds_more_than_two_groups_is_each_group_against_the_rest():
    counts = pd.DataFrame(
        {"rt": [6, 0, 1], "bbc": [1, 5, 1], "tass": [5, 1, 0]},
        index=["special operation", "invasion", "war"],
    )
    table = log_odds_dirichlet(counts)
    # "rt" vs rest: the rest is bbc + tass pooled.
    row = _row(table, "rt", "special operation")
    assert row["count_rest"] == 6
    n, n_i = 20.0, 7.0
    alpha = 12.0  # α0 = n, α_w = y_w
    delta = math.log((6 + alpha) / (n_i + n - 6 - alpha)) - math.log(
        (6 + alpha) / ((n - n_i) + n - 6 - alpha)
    )
    assert row["delta"] == pytest.approx(delta)
    assert set(table["group"]) == {"rt", "bbc", "tass"}
    assert len(table) == 9


def test_log_likelihood_matches_hand_computed_g2():
    counts = pd.DataFrame({"a": [3, 1], "b": [1, 3]}, index=["war", "peace"])
    e = 4 * 4 / 8  # expected count of "war" in each group
    g2 = 2 * (3 * math.log(3 / e) + 1 * math.log(1 / e))
    row = _row(log_likelihood(counts), "a", "war")
    assert row["g2"] == pytest.approx(g2)
    assert bool(row["overused"]) is True
    assert bool(_row(log_likelihood(counts), "b", "war")["overused"]) is False


def test_keyness_ranks_group_terms_on_tiny_corpus():
    texts = pd.Series(
        [
            "Russia launched an unprovoked invasion of Ukraine.",
            "The invasion continued as Ukraine resisted the invasion.",
            "Moscow says the special military operation goes to plan.",
            "The special military operation protects Donbas, Moscow says.",
        ]
    )
    groups = pd.Series(["west", "west", "tass", "tass"])
    table = keyness(texts, groups, top=3)
    assert list(table.columns) == [
        "group",
        "term",
        "count_group",
        "count_rest",
        "delta",
        "zscore",
        "rank",
    ]
    west = table[table["group"] == "west"]
    assert west.iloc[0]["term"] == "invasion" and west.iloc[0]["count_group"] == 3
    assert list(west["rank"]) == [1, 2, 3]
    tass = table[table["group"] == "tass"]
    # Many tass terms tie (2 uses each, none in west): ties are ranked by term.
    assert tass["term"].tolist() == ["military", "military operation", "moscow"]
    assert west["term"].tolist() == ["invasion", "ukraine", "continued"]
    # Stop words are gone, bigrams are in.
    counts = term_counts(texts, groups)
    assert "the" not in counts.index and "special military" in counts.index


def test_keyness_log_likelihood_and_min_count():
    texts = pd.Series(["regime regime troops", "government talks", "government regime"])
    groups = pd.Series(["a", "b", "b"])
    table = keyness(texts, groups, method="log_likelihood", min_count=2)
    assert set(table["term"]) <= {"regime", "government"}
    assert table.set_index(["group", "term"]).loc[("a", "regime"), "count_group"] == 2
    assert "g2" in table.columns and (table["g2"] > 0).all()


def test_keyness_three_groups_single_word_texts():
    table = keyness(pd.Series(["war", "peace", "truce"]), pd.Series(["x", "y", "z"]), top=5)
    assert sorted(zip(table["group"], table["term"], strict=True)) == [
        ("x", "war"),
        ("y", "peace"),
        ("z", "truce"),
    ]


def test_keyness_errors_name_the_parameter():
    texts = pd.Series(["war", "peace"])
    with pytest.raises(ParameterError, match="method must be one of"):
        keyness(texts, pd.Series(["a", "b"]), method="tfidf")
    with pytest.raises(ParameterError, match="at least 2 groups"):
        keyness(texts, pd.Series(["a", "a"]))
    with pytest.raises(ParameterError, match="same length"):
        keyness(texts, pd.Series(["a"]))
    with pytest.raises(ParameterError, match="top must be >= 1, got 0"):
        keyness(texts, pd.Series(["a", "b"]), top=0)
    with pytest.raises(ParameterError, match="min_count must be an integer, got True"):
        keyness(texts, pd.Series(["a", "b"]), min_count=True)
    with pytest.raises(ParameterError, match="prior"):
        log_odds_dirichlet(pd.DataFrame({"a": [1], "b": [2]}, index=["w"]), prior=-1)
