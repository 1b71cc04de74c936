"""What the comparison report leads with: label choice and side balance per group, tested.

Label choice: within each competing-label set, each group's share of mentions per label, with
the n it rests on and a Wilson 95 % interval, and Pearson's chi-square test of group × label
per set. Side balance: the loaded terms each group's authors use themselves (not quoted,
negated or distanced) by the side they lean to, the share that leans pro-Russia among those
that lean either way (Wilson interval), and the log odds ratio of that lean against all other
groups (Woolf interval). Each comes with one example sentence per group and label or side,
taken from the spans table's context.
"""

from __future__ import annotations

import pandas as pd

from framing.report.stats import MIN_N, chi_square, log_odds_ratio, wilson_interval

SIDED = ("pro_russia", "pro_ukraine_west")


def _context(spans: pd.DataFrame) -> pd.Series:
    """Return each span in its sentence context: "… left [hit] right …" (whole words)."""
    left = spans["left"].astype("string").fillna("").str.split(n=1).str[-1].fillna("")
    right = spans["right"].astype("string").fillna("").str.rsplit(n=1).str[0].fillna("")
    return left + " [" + spans["text"].astype(str) + "] " + right


def label_choice(labels: pd.DataFrame, groups_of: pd.Series) -> pd.DataFrame:
    """Return one row per label set, group and label: mentions, n (mentions of the set in
    the group), articles, share and its Wilson interval; thin rows are marked ``few``."""
    table = labels.assign(group=labels["article_id"].map(groups_of)).dropna(subset=["group"])
    table = table.assign(mentions=table["n_author"] + table["n_quoted"])
    keys = ["label_set", "group", "label"]
    out = table.groupby(keys, as_index=False).agg(
        mentions=("mentions", "sum"), articles=("article_id", "nunique")
    )
    out["n"] = out.groupby(["label_set", "group"])["mentions"].transform("sum")
    out = out[out["n"] > 0].copy()
    out["share"] = out["mentions"] / out["n"]
    out["low"], out["high"] = wilson_interval(out["mentions"], out["n"])
    out["few"] = out["n"] < MIN_N
    return out.sort_values(["label_set", "group", "share"], ascending=[True, True, False])


def label_tests(choice: pd.DataFrame) -> pd.DataFrame:
    """Return Pearson's chi-square test of group × label for each label set."""
    rows = []
    for label_set, part in choice.groupby("label_set", sort=True):
        counts = part.groupby(["group", "label"])["mentions"].sum().unstack(fill_value=0)
        result = chi_square(counts)
        rows.append(
            {
                "label_set": label_set,
                "groups": counts.shape[0],
                "labels": counts.shape[1],
                "n": int(result["n"]),
                "chi_square": result["chi2"],
                "degrees_of_freedom": result["dof"],
                "p_value": result["p"],
                "cramers_v": result["cramers_v"],
                "reading": _reading(result),
            }
        )
    tests = pd.DataFrame(rows)
    if not tests.empty:  # whole numbers, "—" where the test could not run
        tests["degrees_of_freedom"] = tests["degrees_of_freedom"].round().astype("Int64")
    return tests


def _reading(result: dict[str, float]) -> str:
    if result["chi2"] != result["chi2"]:  # NaN: fewer than two groups or labels used
        return "not testable: fewer than two groups or two labels in use"
    caution = (
        " (some expected counts are under 5: the p-value is approximate)"
        if result["min_expected"] < 5
        else ""
    )
    verdict = "groups differ in label choice" if result["p"] < 0.05 else "no clear difference"
    return verdict + caution


def label_examples(spans: pd.DataFrame, groups_of: pd.Series) -> pd.DataFrame:
    """Return one example sentence per label set, group and label (its first use)."""
    hits = spans[spans["kind"] == "label"]
    hits = hits.assign(group=hits["article_id"].map(groups_of)).dropna(subset=["group"])
    if hits.empty:
        return pd.DataFrame(columns=["label_set", "group", "label", "example"])
    hits = hits.assign(example=_context(hits))
    first = hits.groupby(["category", "group", "term"], as_index=False).first()
    first = first.rename(columns={"category": "label_set", "term": "label"})
    return first[["label_set", "group", "label", "example"]]


def endorsed_loaded(spans: pd.DataFrame, groups_of: pd.Series, sides: pd.Series) -> pd.DataFrame:
    """Return the loaded-term spans that are the author's own use, with ``group`` and ``side``.

    Hits inside quotations, negated or distanced ("the so-called ...") are left out: naming a
    frame to quote or reject it is not using it. ``side`` is the spans' own column (the side
    in the article's domain) when the table has it, else ``sides`` (term -> lexicon side).
    """
    loaded = spans[spans["kind"] == "loaded"]
    for flag in ("quoted", "negated", "distanced"):
        if flag in loaded.columns:
            loaded = loaded[~loaded[flag].fillna(False).astype(bool)]
    side = loaded["side"] if "side" in loaded.columns else loaded["term"].map(sides)
    return loaded.assign(
        group=loaded["article_id"].map(groups_of), side=side.astype("object").fillna("none")
    ).dropna(subset=["group"])


def side_counts(spans: pd.DataFrame, groups_of: pd.Series, sides: pd.Series) -> pd.DataFrame:
    """Return the author's loaded-term hits (:func:`endorsed_loaded`) per group by side, the
    pro-Russia share of the sided hits (n = sided hits) with its Wilson interval, and the log
    odds ratio against the rest.

    ``sides`` maps each lexicon term to its side (used when the spans carry no ``side``).
    """
    loaded = endorsed_loaded(spans, groups_of, sides)
    counts = loaded.pivot_table(
        index="group", columns="side", values="article_id", aggfunc="size", fill_value=0
    ).reindex(columns=[*SIDED, "none"], fill_value=0)
    articles = loaded.groupby("group")["article_id"].nunique()
    table = counts.rename_axis(columns=None).reset_index()
    table["articles"] = table["group"].map(articles).fillna(0).astype(int)
    table["n"] = table["pro_russia"] + table["pro_ukraine_west"]
    table["share_pro_russia"] = table["pro_russia"] / table["n"].where(table["n"] > 0)
    table["low"], table["high"] = wilson_interval(table["pro_russia"], table["n"])
    total_russia = int(counts["pro_russia"].sum())
    total_west = int(counts["pro_ukraine_west"].sum())
    odds = [
        log_odds_ratio(russia, west, total_russia - russia, total_west - west)
        for russia, west in zip(
            table["pro_russia"].astype(int), table["pro_ukraine_west"].astype(int), strict=True
        )
    ]
    table["log_odds_vs_rest"] = [o["log_odds_ratio"] for o in odds]
    table["log_odds_low"] = [o["low"] for o in odds]
    table["log_odds_high"] = [o["high"] for o in odds]
    table["few"] = table["n"] < MIN_N
    return table


def side_examples(spans: pd.DataFrame, groups_of: pd.Series, sides: pd.Series) -> pd.DataFrame:
    """Return one example sentence per group and side (the first sided loaded term the
    author uses, as :func:`side_counts` counts them)."""
    loaded = endorsed_loaded(spans, groups_of, sides)
    loaded = loaded[loaded["side"].isin(SIDED)]
    if loaded.empty:
        return pd.DataFrame(columns=["group", "side", "term", "example"])
    loaded = loaded.assign(example=_context(loaded))
    first = loaded.groupby(["group", "side"], as_index=False).first()
    return first[["group", "side", "term", "example"]]
