"""Report views: counts and intervals beside every share and mean, categories from the
lexicon, feature tables read in either layout, tables formatted for people, exports."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing.features.lexicon import CATEGORIES
from framing.report import formatting, stats
from framing.report.views import comparison_view, overview_view


@pytest.fixture(scope="module")
def partitioned(report_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report corpus with every feature table rewritten as a folder of two parts."""
    from framing.tables import FEATURE_FILES

    out = tmp_path_factory.mktemp("partitioned")
    for path in report_corpus.iterdir():
        if path.is_file():
            shutil.copy(path, out / path.name)
    for file in FEATURE_FILES.values():
        (out / file).unlink()
        (out / file).mkdir()
        table = pd.read_parquet(report_corpus / file)
        half = len(table) // 2
        table.iloc[:half].to_parquet(out / file / "part-a.parquet")
        table.iloc[half:].to_parquet(out / file / "part-b.parquet")
    return out


def test_views_read_a_partitioned_features_folder(report_corpus, partitioned):
    single, parts = overview_view(report_corpus), overview_view(partitioned)
    assert not any("features not computed" in n for n in parts.notes)
    pd.testing.assert_series_equal(parts["category_mix"], single["category_mix"])
    assert parts["category_mix"].sum() > 0


def test_loaded_categories_come_from_the_lexicon(report_corpus):
    mix = overview_view(report_corpus)["category_mix"]
    assert list(mix.index) == list(CATEGORIES)
    assert "negated" not in mix.index and "author_voice" not in mix.index
    features = pd.read_parquet(report_corpus / "features.parquet")
    assert mix["war_naming"] == features["loaded_war_naming"].sum()


def test_every_share_and_mean_in_the_comparison_has_its_n(report_corpus):
    view = comparison_view(report_corpus, group_by="source")
    checked = 0
    for name, table in view.tables.items():
        if not isinstance(table, pd.DataFrame):
            continue
        shares = [c for c in table.columns if re.search(r"share|mean", str(c))]
        if shares and name not in ("actor_sentiment", "frames", "actor_counts"):
            assert "n" in table.columns, name
            assert {"low", "high"} <= set(table.columns), name
            checked += 1
    assert checked >= 4
    # the wide tables behind the heatmap and the bars have their n beside them
    counts, means = view["actor_counts"], view["actor_sentiment"]
    assert counts.shape == means.shape and (counts.fillna(0) >= 0).all().all()


def test_label_choice_shares_rest_on_the_counted_mentions(report_corpus):
    view = comparison_view(report_corpus, group_by="source")
    choice = view["label_choice"]
    labels = pd.read_parquet(report_corpus / "labels.parquet")
    articles = pd.read_parquet(report_corpus / "articles.parquet")
    source = articles.set_index("article_id")["source"].fillna("(no source)")
    war = labels[labels["label_set"] == "war_naming"].assign(
        group=lambda t: t["article_id"].map(source), n=lambda t: t["n_author"] + t["n_quoted"]
    )
    expected = war.groupby("group")["n"].sum()
    got = choice[choice["label_set"] == "war_naming"].groupby("group")["n"].first()
    assert got.sort_index().to_dict() == expected.sort_index().to_dict()
    row = choice.iloc[0]
    low, high = stats.wilson_interval([row["mentions"]], [row["n"]])
    assert (row["low"], row["high"]) == (low[0], high[0])
    assert choice["few"].tolist() == (choice["n"] < stats.MIN_N).tolist()


def test_side_balance_counts_lexicon_sides_and_tests_them(report_corpus):
    view = comparison_view(report_corpus, group_by="source")
    sides = view["sides"]
    assert set(sides.columns) >= {"pro_russia", "pro_ukraine_west", "n", "log_odds_vs_rest"}
    assert (sides["n"] == sides["pro_russia"] + sides["pro_ukraine_west"]).all()
    assert (sides["log_odds_low"] < sides["log_odds_vs_rest"]).all()
    examples = view["side_examples"]
    assert examples["example"].str.contains(r"\[.+\]").all()


def test_wilson_and_bootstrap_match_known_values():
    low, high = stats.wilson_interval([5, 0], [10, 4])
    assert [round(float(x), 4) for x in (low[0], high[0], low[1], high[1])] == [
        0.2366, 0.7634, 0.0, 0.4899,
    ]  # fmt: skip
    frame = pd.DataFrame({"g": ["a"] * 4 + ["b"], "x": [1.0, 2.0, 3.0, 4.0, 7.0]})
    means = stats.bootstrap_means(frame, "g", ["x"], n_boot=500, seed=1)
    a = means[means["group"] == "a"].iloc[0]
    assert (a["mean"], a["n"]) == (2.5, 4)
    assert 1.0 <= a["low"] < 2.5 < a["high"] <= 4.0
    b = means[means["group"] == "b"].iloc[0]
    assert (b["low"], b["high"], b["n"]) == (7.0, 7.0, 1)
    result = stats.chi_square(pd.DataFrame({"x": [10, 0], "y": [0, 10]}))
    assert round(result["cramers_v"], 3) == 1.0 and result["p"] < 0.001


def test_tables_for_people_have_no_index_and_no_raw_values():
    table = pd.DataFrame(
        {"word_count": [1234, 5], "share": [0.010679, np.nan], "quoted": [True, False],
         "explanation": ["x" * 300, None]},
        index=pd.Index(["a", "b"], name="term"),
    )  # fmt: skip
    shown = formatting.show_table(table, "Loaded terms")
    page = shown.to_html()
    assert [h for h in re.findall(r"<th[^>]*>([^<]*)</th>", page)] == [
        "term", "word count", "share", "quoted", "explanation",
    ]  # fmt: skip
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", page)
    assert cells[:5] == ["a", "1,234", "0.011", "yes", "x" * 300]
    assert cells[5:] == ["b", "5", "—", "no", "—"]
    assert "NaN" not in page and "&lt;NA&gt;" not in page and "…" not in page
    assert 'href="framing-export:tables/loaded-terms.csv"' in page
    assert shown.to_csv().splitlines()[0] == "term,word_count,share,quoted,explanation"


def test_thin_rows_are_greyed_and_marked():
    table = pd.DataFrame({"label": ["war", "invasion"], "share": [0.5, 0.5], "n": [2, 40]})
    page = formatting.show_table(table, "labels", n_column="n", min_n=5).to_html()
    rows = re.findall(r"<tr[^>]*>.*?</tr>", page)
    assert "2 (few)" in rows[1] and "#767676" in rows[1]
    assert "(few)" not in rows[2] and "fewer than 5" in page


def test_long_tables_scroll_and_stay_complete():
    table = pd.DataFrame({"term": [f"t{i}" for i in range(201)], "hits": range(201)})
    shown = formatting.show_table(table, "entries")
    page = shown.to_html()
    assert "max-height:28em;overflow:auto" in page and page.count("<tr") == 202
    assert "rows ×" not in page and "(201 rows)" in page
    assert len(shown.to_csv().splitlines()) == 202


def test_cells_that_quote_the_corpus_are_marked_as_corpus_text():
    table = pd.DataFrame({"rule_id": ["byline"], "text": ["Other Articles …"]})
    page = formatting.show_table(table, "removed", columns={"rule_id": "rule", "text": "line"})
    cells = re.findall(r"<td([^>]*)>([^<]*)</td>", page.to_html())
    assert [("framing-corpus-text" in attrs, text) for attrs, text in cells] == [
        (False, "byline"),
        (True, "Other Articles …"),
    ]


def test_side_balance_counts_only_the_authors_own_use():
    from framing.report.views.framing_choice import side_counts

    spans = pd.DataFrame(
        {
            "article_id": ["a", "a", "a", "a", "b"],
            "kind": ["loaded"] * 5,
            "term": ["kiev regime", "kiev regime", "kiev regime", "kiev regime", "puppet"],
            "quoted": [False, True, False, False, False],
            "negated": [False, False, True, False, False],
            "distanced": [False, False, False, True, False],
            "side": ["pro_russia"] * 4 + ["none"],
        }
    )
    groups = pd.Series({"a": "outlet A", "b": "outlet B"})
    table = side_counts(spans, groups, pd.Series(dtype="object")).set_index("group")
    assert table.loc["outlet A", ["pro_russia", "none", "n"]].tolist() == [1, 0, 1]
    assert table.loc["outlet B", ["pro_russia", "none", "n"]].tolist() == [0, 1, 0]
