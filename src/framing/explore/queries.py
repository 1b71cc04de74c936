"""Feature-table queries over a processed corpus; every one returns a pandas DataFrame.

Researchers already know pandas, so the helpers hand back plain DataFrames they can filter,
group and plot: :func:`compare` (feature means per group), :func:`actors`, :func:`labels` and
:func:`quotes` (feature tables joined with article metadata). Each reads only the Parquet
columns it needs, so a 100,000-article corpus opens in seconds.

>>> from framing import compare                                     # doctest: +SKIP
>>> compare("source", columns=["loaded_per_1k", "quoted_share"]).table  # doctest: +SKIP
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from framing.config import find_processed
from framing.corpus import Corpus
from framing.errors import ParameterError
from framing.explore.comparison import Comparison
from framing.report.views.view import missing_label
from framing.tables import dataset, read_rows, table_columns

if TYPE_CHECKING:  # pragma: no cover
    from framing.features.feature_set import FeatureSet

#: Article metadata joined to the lines and rows these helpers return.
META_COLUMNS = ["source", "date"]


def open_corpus(
    corpus: Corpus | None = None, processed_dir: str | os.PathLike[str] | None = None
) -> Corpus:
    """Return ``corpus``, or a lazy :class:`Corpus` over ``processed_dir`` when it is None.

    Without either, the corpus is found by :func:`framing.config.find_processed`
    (``FRAMING_PROCESSED``, else ``data/processed`` here or in a parent folder).
    """
    return corpus if corpus is not None else Corpus(find_processed(processed_dir))


# Feature tables: attribute of FeatureSet -> file name written by FeatureSet.save.
FEATURE_TABLES = {
    "articles": "features",
    "spans": "spans",
    "actors": "actors",
    "labels": "labels",
    "quotes": "quotes",
}


def feature_table(
    name: str,
    *,
    features: FeatureSet | None = None,
    corpus: Corpus | None = None,
    processed_dir: str | os.PathLike[str] | None = None,
    columns: list[str] | None = None,
) -> pd.DataFrame:
    """Return feature table ``name`` ("articles", "spans", "actors", "labels", "quotes").

    From ``features`` (a :class:`framing.FeatureSet`) when given, else read from the
    processed folder that ``framing features`` wrote (only ``columns`` when given).
    """
    if name not in FEATURE_TABLES:
        raise ParameterError(
            f"unknown feature table {name!r}; choose one of {list(FEATURE_TABLES)}"
        )
    if features is not None:
        frame = getattr(features, name)
        return frame if columns is None else frame[columns]
    processed_dir = open_corpus(corpus, processed_dir).processed_dir
    return dataset(processed_dir, FEATURE_TABLES[name]).to_table(columns=columns).to_pandas()


def _with_group(frame: pd.DataFrame, group_by: str, processed_dir: Path) -> pd.DataFrame:
    """Return ``frame`` with a ``group_by`` column taken (or derived) from the articles table."""
    if group_by in frame.columns:
        return frame
    available = table_columns(processed_dir, "articles")
    derived = {"year": 4, "month": 7}
    source_column = "date" if group_by in derived else group_by
    if source_column not in available:
        raise ParameterError(
            f"cannot group by {group_by!r}: it is not a column of the articles table "
            f"({', '.join(available)}) nor 'year'/'month'"
        )
    groups = (
        dataset(processed_dir, "articles")
        .to_table(columns=["article_id", source_column])
        .to_pandas()
    )
    if group_by in derived:
        groups[group_by] = groups["date"].str.slice(0, derived[group_by])
        groups = groups.drop(columns="date")
    values = groups[group_by].astype("string")
    groups[group_by] = values.fillna(missing_label(values, group_by))
    return frame.merge(groups, on="article_id", how="left", validate="many_to_one")


def compare(
    group_by: str = "source",
    *,
    columns: list[str] | None = None,
    stat: str = "mean",
    features: FeatureSet | None = None,
    corpus: Corpus | None = None,
    processed_dir: str | os.PathLike[str] | None = None,
) -> Comparison:
    """Return one row per group: ``n_articles`` and the ``stat`` of each article feature.

    The result shows as a readable view (features as rows grouped as in
    :func:`framing.codebook`, one column per group, units beside); ``.table`` is the full
    DataFrame (one row per group, one column per feature).

    ``group_by`` is any column of the articles table (``source``, ``collection``, user
    metadata) or ``"year"`` / ``"month"`` derived from ``date``; articles without a value
    form the group ``"(no <group_by>)"`` (bracketed again if a real value has that name).
    ``columns`` picks features (default: every numeric column of the article-level feature
    table); ``stat`` is a pandas aggregation name
    ("mean", "median", "sum", "std", ...).

    >>> compare("source", columns=["loaded_per_1k", "quoted_share"]).table  # doctest: +SKIP
                 n_articles  loaded_per_1k  quoted_share
    source
    example.com           3           4.10          0.21
    """
    processed_dir = open_corpus(corpus, processed_dir).processed_dir
    table = feature_table("articles", features=features, processed_dir=processed_dir)
    if columns is None:
        columns = [c for c in table.select_dtypes("number").columns if c != "article_id"]
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ParameterError(
            f"unknown feature column(s) {missing}; the feature table has {list(table.columns)}"
        )
    frame = _with_group(table[["article_id", *columns]], group_by, processed_dir)
    grouped = frame.groupby(group_by, sort=True)
    try:
        values = grouped[columns].agg(stat)
    except (AttributeError, TypeError) as error:
        raise ParameterError(f"stat {stat!r} cannot aggregate {columns}: {error}") from None
    table = pd.concat([grouped.size().rename("n_articles"), values], axis=1)
    return Comparison(table, group_by=group_by, stat=stat)


def actors(
    *,
    by: str | None = None,
    features: FeatureSet | None = None,
    corpus: Corpus | None = None,
    processed_dir: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Return one row per actor (per ``by`` group when given), most mentioned first.

    Columns: ``actor``, ``n_articles``, ``mentions`` and ``sentiment_mean`` (the mean of the
    per-article actor sentiment, weighted by mentions).

    >>> actors().head(3)                      # doctest: +SKIP
    >>> actors(by="source").query("actor == 'Vladimir Putin'")  # doctest: +SKIP
    """
    processed_dir = open_corpus(corpus, processed_dir).processed_dir
    table = feature_table("actors", features=features, processed_dir=processed_dir)
    keys = ["actor"] if by is None else [by, "actor"]
    if by is not None:
        table = _with_group(table, by, processed_dir)
    table = table.assign(
        _weighted=table["sentiment_mean"].astype("float64") * table["mentions"].astype("float64")
    )
    grouped = table.groupby(keys, sort=False)
    out = grouped.agg(
        n_articles=("article_id", "nunique"),
        mentions=("mentions", "sum"),
        _weighted=("_weighted", "sum"),
    ).reset_index()
    out["sentiment_mean"] = out["_weighted"] / out["mentions"].where(out["mentions"] > 0)
    out = out.drop(columns="_weighted")
    order = ([by] if by else []) + ["mentions", "actor"]
    ascending = ([True] if by else []) + [False, True]
    return out.sort_values(order, ascending=ascending, kind="stable").reset_index(drop=True)


def labels(
    *,
    by: str | None = "source",
    label_set: str | None = None,
    features: FeatureSet | None = None,
    corpus: Corpus | None = None,
    processed_dir: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Return which label each group uses for a contested thing (competing labels).

    One row per (``by`` group,) ``label_set``, ``label``: ``n_articles``, ``n_author`` (in
    the writer's voice), ``n_quoted`` (inside quotations) and ``share`` (of all uses of the
    label set in that group). ``label_set`` keeps one set only.

    >>> labels(by="source", label_set="conflict")   # doctest: +SKIP
    """
    processed_dir = open_corpus(corpus, processed_dir).processed_dir
    table = feature_table("labels", features=features, processed_dir=processed_dir)
    if label_set is not None:
        table = table[table["label_set"] == label_set]
    keys = ["label_set", "label"] if by is None else [by, "label_set", "label"]
    if by is not None:
        table = _with_group(table, by, processed_dir)
    out = (
        table.groupby(keys, sort=True)
        .agg(
            n_articles=("article_id", "nunique"),
            n_author=("n_author", "sum"),
            n_quoted=("n_quoted", "sum"),
        )
        .reset_index()
    )
    uses = out["n_author"] + out["n_quoted"]
    totals = uses.groupby([out[k] for k in keys[:-1]]).transform("sum")
    out["share"] = (uses / totals.where(totals > 0)).astype("float64")
    return out


def quotes(
    *,
    speaker: str | None = None,
    article_id: str | None = None,
    features: FeatureSet | None = None,
    corpus: Corpus | None = None,
    processed_dir: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Return the quotations with their article's ``title``, ``source`` and ``date``.

    ``speaker`` keeps quotes whose speaker contains it (case-insensitive); ``article_id``
    keeps one article's quotes.

    >>> quotes(speaker="sachs")[["speaker", "verb", "text"]]   # doctest: +SKIP
    """
    processed_dir = open_corpus(corpus, processed_dir).processed_dir
    table = feature_table("quotes", features=features, processed_dir=processed_dir)
    if article_id is not None:
        table = table[table["article_id"] == article_id]
    if speaker is not None:
        contains = table["speaker"].astype("string").str.contains(speaker, case=False, regex=False)
        table = table[contains.fillna(False).astype(bool)]
    ids = list(dict.fromkeys(table["article_id"]))
    meta = read_rows(processed_dir, "articles", ids, ["article_id", "title", *META_COLUMNS])
    return table.merge(meta, on="article_id", how="left", validate="many_to_one").reset_index(
        drop=True
    )
