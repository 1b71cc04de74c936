"""The corpus overview report: size, sources, dates, cleaning, loaded terms, sentiment, labels."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from framing.corpus import Corpus
from framing.features.lexicon import CATEGORIES
from framing.report.stats import MIN_N, bootstrap_means, wilson_interval
from framing.report.views.feature_tables import FEATURES_MISSING, feature_frame, load_feature_set
from framing.report.views.view import View

#: Article-level measures the overview averages over articles, in words.
AVERAGED = {
    "loaded_per_1k": "loaded terms per 1,000 words",
    "sentiment_mean": "sentence sentiment (−1 to +1)",
    "subjectivity": "subjectivity (0 to 1)",
}


def overview_view(processed_dir: str | os.PathLike[str]) -> View:
    """Return the corpus overview: size, sources, dates, cleaning, loaded terms, sentiment."""
    corpus = Corpus(Path(processed_dir))
    articles = corpus.articles
    view = View()
    dates = pd.to_datetime(articles["date"], errors="coerce")
    view.tables["size"] = pd.Series(
        {
            "articles": len(articles),
            "words": int(articles["word_count"].sum()),
            "sources": int(articles["source"].nunique()),
            "first date": dates.min().date().isoformat() if dates.notna().any() else "unknown",
            "last date": dates.max().date().isoformat() if dates.notna().any() else "unknown",
            "articles without a date": int(dates.isna().sum()),
            "near duplicates": int(articles["duplicate_of"].notna().sum()),
            "not English (by the language check)": int((~articles["language_ok"]).sum()),
            "inputs that failed": len(corpus.errors),
        },
        name="value",
    ).rename_axis("measure")
    view.tables["sources"] = articles["source"].fillna("(unknown)").value_counts()
    view.tables["months"] = dates.dt.strftime("%Y-%m").value_counts().sort_index()
    view.tables["removed"] = corpus.removed_lines["rule_id"].value_counts()
    view.tables["errors"] = corpus.errors
    view.tables.update(_codebook())
    features = load_feature_set(processed_dir)
    if features is None:
        view.notes.append(FEATURES_MISSING)
        return view
    per_article = feature_frame(features, "articles").merge(
        articles[["article_id", "title", "source"]], on="article_id", how="left"
    )
    title = per_article["title"].fillna(per_article["article_id"])
    if "loaded_per_1k" in per_article:
        view.tables["loaded_density"] = pd.Series(
            per_article["loaded_per_1k"].to_numpy(), index=title
        )
    present = [c for c in CATEGORIES if f"loaded_{c}" in per_article.columns]
    view.tables["category_mix"] = pd.Series(
        {c: int(per_article[f"loaded_{c}"].sum()) for c in present}, name="hits", dtype="int64"
    ).rename_axis("category")
    if "sentiment_mean" in per_article:
        view.tables["sentiment"] = pd.Series(
            per_article["sentiment_mean"].to_numpy(), index=title
        ).sort_values()
    measures = [c for c in AVERAGED if c in per_article.columns]
    if measures:
        averages = bootstrap_means(per_article.assign(corpus="all articles"), "corpus", measures)
        view.tables["averages"] = averages.assign(measure=averages["measure"].map(AVERAGED))[
            ["measure", "mean", "low", "high", "n"]
        ]
    labels = feature_frame(features, "labels")
    if not labels.empty:
        view.tables["labels"] = label_shares(labels, by=[])
    return view


def _codebook() -> dict[str, pd.DataFrame]:
    """Return the feature codebook (what each feature column measures), when there is one."""
    try:
        from framing.features.codebook import codebook
    except ImportError:  # an older package without the codebook
        return {}
    return {"codebook": codebook()}


def label_shares(labels: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Return mentions of each competing label and its share within its set (per ``by``),
    with n (mentions of the set), a Wilson 95 % interval and ``few`` below the minimum n."""
    keys = [*by, "label_set", "label"]
    table = labels.groupby(keys, as_index=False)[["n_author", "n_quoted"]].sum()
    table["mentions"] = table["n_author"] + table["n_quoted"]
    table["n"] = table.groupby([*by, "label_set"])["mentions"].transform("sum")
    table["share"] = table["mentions"] / table["n"].where(table["n"] > 0)
    table["low"], table["high"] = wilson_interval(table["mentions"], table["n"])
    table["few"] = table["n"] < MIN_N
    return table.sort_values(
        [*by, "label_set", "mentions"], ascending=[True] * len(by) + [True, False]
    )
