"""Keyness between groups of texts: which terms distinguish one group from the rest.

Two measures, each group against all other groups pooled ("the rest"):

* :func:`log_odds_dirichlet` — the log-odds ratio with an informative Dirichlet prior of
  Monroe, Colaresi & Quinn (2008), "Fightin' Words", *Political Analysis* 16(4), eq. 16–22::

      α_w   = α0 · y_w / n                      (prior from the whole corpus)
      δ̂_w   = log((y_wi + α_w) / (n_i + α0 − y_wi − α_w))
            − log((y_wj + α_w) / (n_j + α0 − y_wj − α_w))
      σ²_w  ≈ 1 / (y_wi + α_w) + 1 / (y_wj + α_w)
      z_w   = δ̂_w / σ_w

* :func:`log_likelihood` — Dunning's (1993) G² on the 2×2 table of a term in the group vs
  the rest.

:func:`keyness` tokenises texts (unigrams + bigrams, scikit-learn's English stop words, no
``min_df`` so tiny corpora keep their vocabulary) and returns the top terms per group.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer

from framing.checks import check_int, check_number
from framing.errors import ParameterError

METHODS = ("log_odds", "log_likelihood")

_LOG_ODDS_COLUMNS = ["group", "term", "count_group", "count_rest", "delta", "variance", "zscore"]
_G2_COLUMNS = ["group", "term", "count_group", "count_rest", "g2", "overused"]


def _check_counts(counts: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(counts, pd.DataFrame):
        raise ParameterError(
            f"counts must be a DataFrame (terms × groups), got {type(counts).__name__}"
        )
    if counts.shape[1] < 2:
        raise ParameterError(
            f"keyness needs at least 2 groups (columns), got {list(counts.columns)}"
        )
    values = counts.to_numpy(dtype=float)
    if np.isnan(values).any() or (values < 0).any():
        raise ParameterError("counts must be non-negative numbers without missing values")
    return counts.astype(float)


def log_odds_dirichlet(
    counts: pd.DataFrame, prior: float | pd.Series | None = None
) -> pd.DataFrame:
    """Return Monroe et al.'s (2008) log-odds with informative Dirichlet prior, per group vs rest.

    counts
        Term counts, one row per term (the index), one column per group.
    prior
        The prior size α0 (α_w = α0 · corpus share of w); ``None`` (default) uses the corpus
        itself, α0 = n, so α_w = y_w (the usual "Fightin' Words" choice). A Series gives α_w
        per term directly (aligned on the index; α0 is its sum).

    Returns one row per (group, term): group, term, count_group (y_wi), count_rest (y_wj),
    delta (δ̂), variance (σ²) and zscore (δ̂/σ), sorted by group then z-score descending.

    >>> counts = pd.DataFrame({"a": [10, 1], "b": [2, 9]}, index=["war", "peace"])
    >>> table = log_odds_dirichlet(counts).set_index(["group", "term"])
    >>> bool(table.loc[("a", "war"), "zscore"] > 0)
    True
    """
    counts = _check_counts(counts)
    totals = counts.sum(axis=1)
    n = float(totals.sum())
    if isinstance(prior, pd.Series):
        alpha = prior.reindex(counts.index).astype(float)
        if alpha.isna().any() or (alpha <= 0).any():
            raise ParameterError("prior Series must give a positive α for every term")
        alpha0 = float(alpha.sum())
    else:
        if prior is not None and check_number("prior (α0)", prior) <= 0:
            raise ParameterError(f"prior (α0) must be a positive number, got {prior!r}")
        alpha0 = n if prior is None else float(prior)
        alpha = totals / n * alpha0 if n else totals * 0.0
    frames = []
    for group in counts.columns:
        y_i = counts[group]
        y_j = totals - y_i
        n_i = float(y_i.sum())
        n_j = n - n_i
        with np.errstate(divide="ignore", invalid="ignore"):
            delta = np.log((y_i + alpha) / (n_i + alpha0 - y_i - alpha)) - np.log(
                (y_j + alpha) / (n_j + alpha0 - y_j - alpha)
            )
            variance = 1.0 / (y_i + alpha) + 1.0 / (y_j + alpha)
        frames.append(
            pd.DataFrame(
                {
                    "group": group,
                    "term": counts.index,
                    "count_group": y_i.to_numpy(dtype="int64"),
                    "count_rest": y_j.to_numpy(dtype="int64"),
                    "delta": np.asarray(delta),
                    "variance": variance.to_numpy(),
                    "zscore": np.asarray(delta / np.sqrt(variance)),
                }
            )
        )
    out = (
        pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=_LOG_ODDS_COLUMNS)
    )
    return _sorted(out, "zscore")


def log_likelihood(counts: pd.DataFrame) -> pd.DataFrame:
    """Return Dunning's G² for each term, each group against the rest.

    G² = 2 Σ O ln(O / E) over the term's count in the group and in the rest, with expected
    counts E from the pooled rate (0 ln 0 = 0). ``overused`` is True where the term's rate in
    the group exceeds its rate in the rest. Columns: group, term, count_group, count_rest, g2,
    overused; sorted by group then G² descending.
    """
    counts = _check_counts(counts)
    totals = counts.sum(axis=1)
    n = float(totals.sum())
    frames = []
    for group in counts.columns:
        a = counts[group]
        b = totals - a
        n_i = float(a.sum())
        n_j = n - n_i
        e1 = (a + b) * n_i / n if n else a * 0.0
        e2 = (a + b) * n_j / n if n else b * 0.0
        with np.errstate(divide="ignore", invalid="ignore"):
            t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
            t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
            overused = (a / n_i if n_i else a * 0.0) > (b / n_j if n_j else b * 0.0)
        frames.append(
            pd.DataFrame(
                {
                    "group": group,
                    "term": counts.index,
                    "count_group": a.to_numpy(dtype="int64"),
                    "count_rest": b.to_numpy(dtype="int64"),
                    "g2": 2.0 * (t1 + t2),
                    "overused": np.asarray(overused, dtype=bool),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=_G2_COLUMNS)
    return _sorted(out, "g2")


def _sorted(table: pd.DataFrame, column: str) -> pd.DataFrame:
    table = table.sort_values(
        ["group", column, "term"], ascending=[True, False, True], kind="mergesort"
    )
    return table.reset_index(drop=True)


def term_counts(
    texts: pd.Series, groups: pd.Series, *, ngram_range: tuple[int, int] = (1, 2)
) -> pd.DataFrame:
    """Return a terms × groups count table (unigrams + bigrams, English stop words removed).

    No ``min_df``/``max_df``: every term of a tiny corpus is kept.
    """
    texts = pd.Series(texts).fillna("").astype(str).reset_index(drop=True)
    groups = pd.Series(groups).reset_index(drop=True)
    if len(texts) != len(groups):
        raise ParameterError(
            f"texts and groups must have the same length, got {len(texts)} and {len(groups)}"
        )
    if groups.isna().any():
        raise ParameterError(
            f"groups has {int(groups.isna().sum())} missing value(s): fill or drop those rows"
        )
    vectorizer = CountVectorizer(ngram_range=ngram_range, stop_words="english", lowercase=True)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no term at all (empty texts or only stop words)
        return pd.DataFrame(columns=sorted(groups.astype(str).unique()), dtype="int64")
    labels = groups.astype(str).to_numpy()
    names = sorted(set(labels))
    columns = {}
    for name in names:
        columns[name] = np.asarray(matrix[labels == name].sum(axis=0)).ravel()
    return pd.DataFrame(columns, index=vectorizer.get_feature_names_out())


def keyness(
    texts: pd.Series,
    groups: pd.Series,
    *,
    method: str = "log_odds",
    top: int = 30,
    min_count: int = 1,
    prior: float | None = None,
) -> pd.DataFrame:
    """Return the ``top`` key terms of each group against the rest.

    texts, groups
        Aligned Series: the text and its group (any metadata column: source, collection, a date
        bucket). At least two distinct groups.
    method
        ``"log_odds"`` (Monroe et al. 2008; columns delta, zscore) or ``"log_likelihood"``
        (Dunning G²; column g2). Either way only terms over-used in the group are ranked.
    min_count
        Keep terms with at least this many occurrences in the whole corpus.

    Returns columns group, term, count_group, count_rest, delta, zscore (or g2), rank (1 = most
    distinctive), ordered by group then rank.

    >>> keyness(pd.Series(["war war tanks", "peace talks"]), pd.Series(["a", "b"]), top=1)[
    ...     ["group", "term", "rank"]].values.tolist()
    [['a', 'war', 1], ['b', 'peace', 1]]
    """
    if method not in METHODS:
        raise ParameterError(f"method must be one of {METHODS}, got {method!r}")
    check_int("top", top)
    check_int("min_count", min_count)
    counts = term_counts(texts, groups)
    if counts.shape[1] < 2:
        raise ParameterError(
            f"keyness needs at least 2 groups, got {list(counts.columns)}: "
            "choose a column with more than one value"
        )
    counts = counts[counts.sum(axis=1) >= min_count]
    if method == "log_odds":
        table = log_odds_dirichlet(counts, prior=prior)
        table = table[table["zscore"] > 0]
        table = table[["group", "term", "count_group", "count_rest", "delta", "zscore"]]
        score_column = "zscore"
    else:
        table = log_likelihood(counts)
        table = table[table["overused"]][["group", "term", "count_group", "count_rest", "g2"]]
        score_column = "g2"
    table = _sorted(table, score_column)
    table["rank"] = table.groupby("group").cumcount() + 1
    table = table[table["rank"] <= top].reset_index(drop=True)
    return table.astype({"rank": "int64", "count_group": "int64", "count_rest": "int64"})
