"""The group comparison report: label choice and side balance first (each with its n, an
interval, a test and example sentences), then distinctive words, actor sentiment, frames."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from framing.corpus import Corpus
from framing.errors import FramingError, ParameterError
from framing.features.feature_set import FeatureSet
from framing.report.stats import MIN_N, bootstrap_means
from framing.report.views.feature_tables import (
    FEATURES_MISSING,
    feature_frame,
    load_feature_set,
)
from framing.report.views.framing_choice import (
    label_choice,
    label_examples,
    label_tests,
    side_counts,
    side_examples,
)
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
        .reset_index()
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
    features: FeatureSet, groups_of: pd.Series, top_actors: int
) -> dict[str, Table]:
    """Return label choice, side balance, actor sentiment and frame scores per group."""
    tables: dict[str, Table] = {}
    spans = feature_frame(features, "spans")
    labels = feature_frame(features, "labels")
    if not labels.empty:
        choice = label_choice(labels, groups_of)
        tables["label_choice"] = choice
        tables["label_tests"] = label_tests(choice)
        if not spans.empty:
            tables["label_examples"] = label_examples(spans, groups_of)
    if not spans.empty:
        sides = lexicon_sides()
        tables["sides"] = side_counts(spans, groups_of, sides)
        tables["side_examples"] = side_examples(spans, groups_of, sides)
    tables.update(_actor_tables(feature_frame(features, "actors"), groups_of, top_actors))
    per_article = feature_frame(features, "articles")
    frame_columns = [c for c in per_article.columns if c.startswith("frame_")]
    if frame_columns:
        per_article = per_article.assign(group=per_article["article_id"].map(groups_of))
        means = bootstrap_means(per_article.dropna(subset=["group"]), "group", frame_columns)
        means["measure"] = means["measure"].str.removeprefix("frame_").str.replace("_", " ")
        tables["frames_long"] = means.rename(columns={"measure": "frame"})
        tables["frames"] = means.pivot(index="measure", columns="group", values="mean")
    return tables


def _actor_tables(actors: pd.DataFrame, groups_of: pd.Series, top_actors: int) -> dict[str, Table]:
    """Return mean sentiment toward the most mentioned actors per group, with n articles and
    a bootstrap interval over articles (long), and as group × actor tables for the heatmap."""
    if actors.empty:
        return {}
    actors = actors.assign(group=actors["article_id"].map(groups_of)).dropna(subset=["group"])
    top = actors.groupby("actor")["mentions"].sum().nlargest(top_actors).index
    chosen = actors[actors["actor"].isin(top)]
    rows = []
    for actor, part in chosen.groupby("actor", sort=True):
        means = bootstrap_means(part, "group", ["sentiment_mean"])
        rows.append(means.assign(actor=actor))
    if not rows:
        return {}
    long = pd.concat(rows, ignore_index=True).drop(columns="measure")
    long = long[["actor", "group", "mean", "low", "high", "n"]].assign(few=lambda t: t["n"] < MIN_N)
    return {
        "actor_sentiment_long": long,
        "actor_sentiment": long.pivot(index="group", columns="actor", values="mean"),
        "actor_counts": long.pivot(index="group", columns="actor", values="n"),
    }


def lexicon_sides() -> pd.Series:
    """Return term -> side of the packaged lexicon (``loaded_terms.yml``).

    Read with libyaml's loader: the features step has validated the file, and the full
    loader's line tracking would cost most of a second per report.
    """
    from importlib import resources

    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = resources.files("framing.lexicons").joinpath("loaded_terms.yml").read_text("utf-8")
    entries = yaml.load(text, Loader=loader).get("entries", [])  # noqa: S506 (a safe loader)
    sides = {str(e["term"]): str(e.get("side", "none")) for e in entries if "term" in e}
    return pd.Series(sides, dtype="string")
