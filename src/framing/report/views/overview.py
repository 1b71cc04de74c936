"""The corpus overview report: size, sources, dates, cleaning, loaded terms, sentiment, labels."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from framing.corpus import Corpus
from framing.report.views.feature_tables import FEATURES_MISSING, feature_frame, load_feature_set
from framing.report.views.view import View


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
    ).to_frame()
    view.tables["sources"] = articles["source"].fillna("(unknown)").value_counts()
    view.tables["months"] = dates.dt.strftime("%Y-%m").value_counts().sort_index()
    view.tables["removed"] = corpus.removed_lines["rule_id"].value_counts()
    view.tables["errors"] = corpus.errors
    features = load_feature_set(processed_dir)
    if features is None:
        view.notes.append(FEATURES_MISSING)
        return view
    per_article = feature_frame(features, "articles").merge(
        articles[["article_id", "title", "source"]], on="article_id", how="left"
    )
    title = per_article["title"].fillna(per_article["article_id"]).str.slice(0, 40)
    if "loaded_per_1k" in per_article:
        view.tables["loaded_density"] = pd.Series(
            per_article["loaded_per_1k"].to_numpy(), index=title
        )
    category_columns = [
        c
        for c in per_article.columns
        if c.startswith("loaded_")
        and c not in ("loaded_hits", "loaded_per_1k", "loaded_author_voice", "loaded_quoted")
    ]
    view.tables["category_mix"] = (
        per_article[category_columns].sum().rename(lambda c: c.removeprefix("loaded_"))
    )
    if "sentiment_mean" in per_article:
        view.tables["sentiment"] = pd.Series(
            per_article["sentiment_mean"].to_numpy(), index=title
        ).sort_values()
    labels = feature_frame(features, "labels")
    if not labels.empty:
        view.tables["labels"] = label_shares(labels, by=[])
    return view


def label_shares(labels: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Return mentions of each competing label and its share within its set (per ``by``)."""
    keys = [*by, "label_set", "label"]
    table = labels.groupby(keys, as_index=False)[["n_author", "n_quoted"]].sum()
    table["mentions"] = table["n_author"] + table["n_quoted"]
    totals = table.groupby([*by, "label_set"])["mentions"].transform("sum")
    table["share"] = (table["mentions"] / totals.where(totals > 0)).round(3)
    return table.sort_values(
        [*by, "label_set", "mentions"], ascending=[True] * len(by) + [True, False]
    )
