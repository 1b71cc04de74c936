"""The group comparison report: competing labels, distinctive words, actor sentiment, frames."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from framing.corpus import Corpus
from framing.errors import FramingError, ParameterError
from framing.report.views.feature_tables import (
    FEATURES_MISSING,
    FeatureTables,
    feature_frame,
    load_feature_set,
)
from framing.report.views.overview import label_shares
from framing.report.views.view import Table, View, group_values


def comparison_view(
    processed_dir: str | os.PathLike[str],
    group_by: str = "source",
    groups: str | Sequence[str | None] = "",
    *,
    top_actors: int = 12,
    top_terms: int = 15,
    chart_terms: int = 150,
) -> View:
    """Return side-by-side tables for groups of articles (any metadata column).

    ``groups``: comma-separated values, or a list of exact values (kept as written: commas,
    spaces; ``None`` is the articles without a value), to compare; one value compares that
    group against all other articles (``rest``); empty compares every group. Articles
    without a value form the group ``(no <group_by>)``.
    """
    articles = Corpus(Path(processed_dir)).articles
    group = _compared_groups(articles, group_by, groups)
    groups_of = pd.Series(group.to_numpy(), index=articles["article_id"], name=group_by)
    view = View()
    view.tables["sizes"] = (
        pd.DataFrame({"group": group, "words": articles["word_count"]})
        .groupby("group")
        .agg(articles=("words", "size"), words=("words", "sum"))
    )
    if group.nunique() < 2:
        view.notes.append(
            f"column '{group_by}' has fewer than two groups here: comparisons need two or more"
        )
    else:
        try:
            view.tables.update(_keyness_tables(articles, group, top_terms, chart_terms))
        except FramingError as error:
            view.notes.append(f"keyness not computed: {error}")
    features = load_feature_set(processed_dir)
    if features is None:
        view.notes.append(FEATURES_MISSING)
        return view
    view.tables.update(_feature_tables(features, groups_of, top_actors))
    return view


def _compared_groups(
    articles: pd.DataFrame, group_by: str, groups: str | Sequence[str | None]
) -> pd.Series:
    """Return each article's group: its ``group_by`` value, ``rest``, or NA when left out."""
    if group_by not in articles.columns:
        raise ParameterError(
            f"group_by column '{group_by}' is not in the articles table; "
            f"choose one of {sorted(articles.columns)}"
        )
    group, missing = group_values(articles[group_by], group_by)
    if isinstance(groups, str):  # typed on the command line: comma-separated, trimmed
        wanted = [g.strip() for g in groups.split(",") if g.strip()]
    else:  # a list (what `batch --per group` passes): exact values, None = no value
        wanted = [missing if g is None else str(g) for g in groups]
    unknown = sorted(set(wanted) - set(group))
    if unknown:
        raise ParameterError(
            f"group(s) {unknown} not found in column '{group_by}'; it has {sorted(set(group))}"
        )
    if len(wanted) == 1:
        rest = "rest" if wanted[0] != "rest" else "(the rest)"
        group = group.where(group == wanted[0], rest)
    elif wanted:
        group = group.where(group.isin(wanted))
    return group


def _keyness_tables(
    articles: pd.DataFrame, group: pd.Series, top_terms: int, chart_terms: int
) -> dict[str, Table]:
    """Return the distinctive words of each group: many for the chart, the top ones listed."""
    from framing.features.keyness import keyness

    mask = group.notna()
    table = keyness(
        articles.loc[mask, "text"].reset_index(drop=True),
        group[mask].reset_index(drop=True),
        top=chart_terms,
    )
    return {
        "keyness": table,  # many terms per group: the chart's scatter
        "keyness_top": table[table["rank"] <= top_terms].reset_index(drop=True),
    }


def _feature_tables(
    features: FeatureTables, groups_of: pd.Series, top_actors: int
) -> dict[str, Table]:
    """Return label shares, sentiment toward the top actors and frame scores per group."""
    tables: dict[str, Table] = {}
    labels = feature_frame(features, "labels")
    if not labels.empty:
        labels = labels.assign(group=labels["article_id"].map(groups_of)).dropna(subset=["group"])
        shares = label_shares(labels, by=["group"])
        tables["labels"] = shares.pivot_table(
            index=["label_set", "label"], columns="group", values="share", fill_value=0.0
        )
    actors = feature_frame(features, "actors")
    if not actors.empty:
        actors = actors.assign(group=actors["article_id"].map(groups_of)).dropna(subset=["group"])
        top = actors.groupby("actor")["mentions"].sum().nlargest(top_actors).index
        chosen = actors[actors["actor"].isin(top)]
        tables["actor_sentiment"] = chosen.pivot_table(
            index="group", columns="actor", values="sentiment_mean", aggfunc="mean"
        )
    per_article = feature_frame(features, "articles")
    frame_columns = [c for c in per_article.columns if c.startswith("frame_")]
    if frame_columns:
        per_article = per_article.assign(group=per_article["article_id"].map(groups_of))
        tables["frames"] = (
            per_article.dropna(subset=["group"])
            .groupby("group")[frame_columns]
            .mean()
            .rename(columns=lambda c: c.removeprefix("frame_").replace("_", " "))
            .T
        )
    return tables
