"""The article report: metadata, highlighted text, sentiment arc, actors, quotes, frames."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from framing.corpus import Corpus
from framing.errors import ParameterError
from framing.features.feature_set import FeatureSet
from framing.features.quoted_regions import quoted_regions
from framing.report.highlight import headline_html, highlight_html
from framing.report.views.feature_tables import (
    FEATURES_MISSING,
    feature_frame,
    load_feature_set,
)
from framing.report.views.view import Table, View

#: Article columns the metadata table shows, in this order (those with a value).
METADATA_FIELDS = (
    "title",
    "source",
    "date",
    "date_note",
    "author",
    "url",
    "word_count",
    "path",
    "language",
    "duplicate_of",
    "article_id",
)


def article_view(processed_dir: str | os.PathLike[str], article_id: str) -> View:
    """Return one article's report tables and its highlighted, escaped text (``view.html``).

    An empty ``article_id`` shows the first article (so the notebook runs with defaults).

    Raises :class:`ParameterError` naming the id and the folder when the article is unknown.
    """
    corpus = Corpus(Path(processed_dir))
    article_id, article = _article_row(corpus, article_id)
    text = str(article["text"])
    view = View()
    view.tables["metadata"] = pd.Series(
        {f: article[f] for f in METADATA_FIELDS if f in article.index and pd.notna(article[f])},
        name="value",
        dtype=object,
    ).rename_axis("field")
    if "path" in view.tables["metadata"]:  # the file's name only: no machine's folders
        view.tables["metadata"]["path"] = Path(str(article["path"])).name
    title = str(article["title"]) if "title" in article.index and pd.notna(article["title"]) else ""
    removed = corpus.removed_lines
    view.tables["removed"] = removed.loc[
        removed["article_id"] == article_id, ["line_no", "rule_id", "text"]
    ].reset_index(drop=True)
    features = load_feature_set(processed_dir)
    if features is None:
        view.notes.append(FEATURES_MISSING)
        view.html = highlight_html(text, _no_spans(), quotes=quoted_regions(text))
        view.headline = headline_html(title) if title else ""
        return view
    spans = _of_article(feature_frame(features, "spans"), article_id)
    body, title_spans = _by_field(spans)
    view.headline = headline_html(title, title_spans) if title else ""
    view.html = highlight_html(text, _highlighted(body), quotes=quoted_regions(text), fold=True)
    view.tables.update(_feature_tables(features, spans, article_id))
    return view


def _article_row(corpus: Corpus, article_id: str) -> tuple[str, pd.Series]:
    """Return the id and row of the article (the first one when ``article_id`` is empty)."""
    articles = corpus.articles
    if not article_id and len(articles):
        article_id = str(articles["article_id"].iloc[0])
    match = articles[articles["article_id"] == article_id]
    if match.empty:
        raise ParameterError(
            f"article id '{article_id}' is not in {corpus.processed_dir}/articles "
            f"({len(articles)} articles); see reports/index.html or the articles table for ids"
        )
    return article_id, match.iloc[0]


def _no_spans() -> pd.DataFrame:
    return pd.DataFrame(columns=["start", "end", "category"])


def _of_article(table: pd.DataFrame, article_id: str) -> pd.DataFrame:
    """Return the rows of ``table`` about one article (an empty table as it is)."""
    return table[table["article_id"] == article_id] if not table.empty else table


def _by_field(spans: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Split spans into the body's and the headline's (None: no ``field`` column, so the
    headline is matched with the lexicon instead)."""
    if spans.empty or "field" not in spans.columns:
        return spans, None
    in_title = spans["field"].astype(str) == "title"
    return spans[~in_title], _highlighted(spans[in_title])


def _highlighted(spans: pd.DataFrame) -> pd.DataFrame:
    """Return the loaded terms and competing labels to highlight (the labels are folded into
    the loaded terms they overlap by :func:`~framing.report.highlight.highlight_html`)."""
    shown = spans[spans["kind"].isin(["loaded", "label"])] if not spans.empty else spans
    return shown.reset_index(drop=True) if not shown.empty else _no_spans()


def _feature_tables(features: FeatureSet, spans: pd.DataFrame, article_id: str) -> dict[str, Table]:
    """Return the article's loaded terms, sentiment arc, actors, quotes and frame scores."""
    tables: dict[str, Table] = {}
    columns = [
        c
        for c in ("text", "term", "category", "quoted", "negated", "explanation")
        if c in spans.columns
    ]
    loaded = spans[spans["kind"] == "loaded"] if not spans.empty else spans
    tables["loaded"] = loaded[columns].reset_index(drop=True) if columns else loaded
    sentences = feature_frame(features, "sentences")
    if not sentences.empty:
        tables["arc"] = sentences[sentences["article_id"] == article_id].sort_values("sentence_id")
    actors = feature_frame(features, "actors")
    if not actors.empty:
        tables["actors"] = (
            actors[actors["article_id"] == article_id]
            .drop(columns="article_id")
            .sort_values("mentions", ascending=False)
            .reset_index(drop=True)
        )
    quotes = _of_article(feature_frame(features, "quotes"), article_id)
    keep = [c for c in ("speaker", "verb", "verb_class", "n_words", "text") if c in quotes]
    tables["quotes"] = quotes[keep].reset_index(drop=True)
    row = _of_article(feature_frame(features, "articles"), article_id)
    frame_columns = [c for c in row.columns if c.startswith("frame_")]
    if frame_columns:
        tables["frames"] = (
            row[frame_columns]
            .iloc[0]
            .rename(lambda c: c.removeprefix("frame_").replace("_", " "))
            .astype(float)
        )
    return tables
