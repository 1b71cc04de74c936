"""The tables each report notebook shows, computed in the library so notebooks stay thin.

Each ``*_view`` function takes the processed folder and the notebook's parameters and returns
a :class:`View`: named tables (DataFrames or Series) plus ``notes`` that say what is missing
(e.g. "features not computed: run `framing features`"), so a report renders with whatever
steps have run. Article text never leaves here as HTML except through
:func:`framing.highlight.highlight_html`, which escapes it.
"""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from framing.corpus import Corpus
from framing.errors import FramingError, ParameterError
from framing.features.quotes import quoted_regions
from framing.report.highlight import highlight_html

log = logging.getLogger(__name__)

FEATURES_MISSING = "features not computed: run `framing features` to add them"
TOPICS_MISSING = "topics not computed: run `framing topics` to add them"
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


@dataclass
class View:
    """Tables for one report (``tables[name]``) and notes about what is missing."""

    tables: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    html: str = ""

    def __getitem__(self, name: str) -> Any:
        return self.tables[name]

    def has(self, name: str) -> bool:
        """Return True when table ``name`` exists and is not empty."""
        value = self.tables.get(name)
        return value is not None and len(value) > 0

    def notes_markdown(self) -> Any:
        """Return the notes as IPython Markdown (None when there is nothing to say)."""
        if not self.notes:
            return None
        text = "\n".join(f"- {note}" for note in self.notes)
        try:
            from IPython.display import Markdown

            return Markdown("**What this report could not show:**\n\n" + _md_escape(text))
        except ImportError:  # pragma: no cover - IPython ships with the notebooks' kernel
            return text


def _md_escape(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")


# --------------------------------------------------------------------------- loaders


#: The feature tables ``framing features`` writes (mirrors ``framing.features.FILES``; kept
#: here so a report kernel reads Parquet without importing scikit-learn through the feature
#: extractors: seconds per notebook. A test checks the two stay equal).
FEATURE_FILES: dict[str, str] = {
    "articles": "features.parquet",
    "spans": "spans.parquet",
    "sentences": "sentence_scores.parquet",
    "actors": "actors.parquet",
    "labels": "labels.parquet",
    "quotes": "quotes.parquet",
}


@dataclass(frozen=True)
class FeatureTables:
    """The saved feature tables, read straight from Parquet (attribute per table)."""

    articles: pd.DataFrame
    spans: pd.DataFrame
    sentences: pd.DataFrame
    actors: pd.DataFrame
    labels: pd.DataFrame
    quotes: pd.DataFrame


def load_feature_set(processed_dir: str | os.PathLike[str]) -> FeatureTables | None:
    """Return the tables ``framing features`` saved, or None when it has not run."""
    base = Path(processed_dir)
    paths = {name: base / file for name, file in FEATURE_FILES.items()}
    if not all(path.is_file() for path in paths.values()):
        return None
    return FeatureTables(**{name: pd.read_parquet(path) for name, path in paths.items()})


def _table(obj: Any, name: str) -> pd.DataFrame:
    value = getattr(obj, name, None) if obj is not None else None
    return value if isinstance(value, pd.DataFrame) else pd.DataFrame()


def _group_column(articles: pd.DataFrame, group_by: str) -> pd.Series:
    if group_by not in articles.columns:
        raise ParameterError(
            f"group_by column '{group_by}' is not in the articles table; "
            f"choose one of {sorted(articles.columns)}"
        )
    return articles[group_by].astype("string").fillna("(missing)")


# --------------------------------------------------------------------------- overview


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
    per_article = _table(features, "articles").merge(
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
    labels = _table(features, "labels")
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


# --------------------------------------------------------------------------- article


def article_view(processed_dir: str | os.PathLike[str], article_id: str) -> View:
    """Return one article's report tables and its highlighted, escaped text (``view.html``).

    An empty ``article_id`` shows the first article (so the notebook runs with defaults).

    Raises :class:`ParameterError` naming the id and the folder when the article is unknown.
    """
    corpus = Corpus(Path(processed_dir))
    articles = corpus.articles
    if not article_id and len(articles):
        article_id = str(articles["article_id"].iloc[0])
    match = articles[articles["article_id"] == article_id]
    if match.empty:
        raise ParameterError(
            f"article id '{article_id}' is not in {corpus.processed_dir}/articles "
            f"({len(articles)} articles); see reports/index.html or the articles table for ids"
        )
    article = match.iloc[0]
    text = str(article["text"])
    view = View()
    fields = [
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
    ]
    view.tables["metadata"] = pd.Series(
        {f: article[f] for f in fields if f in article.index and pd.notna(article[f])},
        name="value",
    ).to_frame()
    removed = corpus.removed_lines
    view.tables["removed"] = removed.loc[
        removed["article_id"] == article_id, ["line_no", "rule_id", "text"]
    ].reset_index(drop=True)
    features = load_feature_set(processed_dir)
    if features is None:
        view.notes.append(FEATURES_MISSING)
        view.html = highlight_html(
            text, pd.DataFrame(columns=["start", "end", "category"]), quotes=quoted_regions(text)
        )
        return view
    spans = _table(features, "spans")
    spans = spans[spans["article_id"] == article_id] if not spans.empty else spans
    quotes = _table(features, "quotes")
    quotes = quotes[quotes["article_id"] == article_id] if not quotes.empty else quotes
    regions = quoted_regions(text)
    shown = spans[spans["kind"].isin(["loaded", "label"])].copy() if not spans.empty else spans
    if not shown.empty:
        is_label = shown["kind"] == "label"
        shown["explanation"] = shown.get("explanation", pd.Series(index=shown.index, dtype=object))
        shown.loc[is_label, "explanation"] = (
            "a competing label (set: "
            + shown.loc[is_label, "category"].astype(str)
            + "): one of several words that name the same thing; the choice frames it"
        )
        shown.loc[is_label, "category"] = "competing label"
    view.html = highlight_html(
        text,
        shown if not shown.empty else pd.DataFrame(columns=["start", "end", "category"]),
        quotes=regions,
    )
    columns = [
        c
        for c in ("text", "term", "category", "quoted", "negated", "explanation")
        if c in spans.columns
    ]
    loaded = spans[spans["kind"] == "loaded"] if not spans.empty else spans
    view.tables["loaded"] = loaded[columns].reset_index(drop=True) if columns else loaded
    sentences = _table(features, "sentences")
    if not sentences.empty:
        view.tables["arc"] = sentences[sentences["article_id"] == article_id].sort_values(
            "sentence_id"
        )
    actors = _table(features, "actors")
    if not actors.empty:
        view.tables["actors"] = (
            actors[actors["article_id"] == article_id]
            .drop(columns="article_id")
            .sort_values("mentions", ascending=False)
            .reset_index(drop=True)
        )
    keep = [c for c in ("speaker", "verb", "verb_class", "n_words", "text") if c in quotes]
    view.tables["quotes"] = quotes[keep].reset_index(drop=True)
    row = _table(features, "articles")
    row = row[row["article_id"] == article_id] if not row.empty else row
    frame_columns = [c for c in row.columns if c.startswith("frame_")]
    if frame_columns:
        view.tables["frames"] = (
            row[frame_columns]
            .iloc[0]
            .rename(lambda c: c.removeprefix("frame_").replace("_", " "))
            .astype(float)
        )
    return view


# --------------------------------------------------------------------------- comparison


def comparison_view(
    processed_dir: str | os.PathLike[str],
    group_by: str = "source",
    groups: str | list[str] = "",
    *,
    top_actors: int = 12,
    top_terms: int = 15,
    chart_terms: int = 150,
) -> View:
    """Return side-by-side tables for groups of articles (any metadata column).

    ``groups``: comma-separated values (or a list) to compare; one value compares that group
    against all other articles (``rest``); empty compares every group.
    """
    articles = Corpus(Path(processed_dir)).articles
    group = _group_column(articles, group_by)
    wanted = [g.strip() for g in groups.split(",")] if isinstance(groups, str) else list(groups)
    wanted = [g for g in wanted if g]
    unknown = sorted(set(wanted) - set(group))
    if unknown:
        raise ParameterError(
            f"group(s) {unknown} not found in column '{group_by}'; it has {sorted(set(group))}"
        )
    if len(wanted) == 1:
        group = group.where(group == wanted[0], "rest")
    elif wanted:
        group = group.where(group.isin(wanted))
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
            from framing.features.keyness import keyness

            mask = group.notna()
            table = keyness(
                articles.loc[mask, "text"].reset_index(drop=True),
                group[mask].reset_index(drop=True),
                top=chart_terms,
            )
            view.tables["keyness"] = table  # many terms per group: the chart's scatter
            view.tables["keyness_top"] = table[table["rank"] <= top_terms].reset_index(drop=True)
        except FramingError as error:
            view.notes.append(f"keyness not computed: {error}")
    features = load_feature_set(processed_dir)
    if features is None:
        view.notes.append(FEATURES_MISSING)
        return view
    labels = _table(features, "labels")
    if not labels.empty:
        labels = labels.assign(group=labels["article_id"].map(groups_of)).dropna(subset=["group"])
        shares = label_shares(labels, by=["group"])
        view.tables["labels"] = shares.pivot_table(
            index=["label_set", "label"], columns="group", values="share", fill_value=0.0
        )
    actors = _table(features, "actors")
    if not actors.empty:
        actors = actors.assign(group=actors["article_id"].map(groups_of)).dropna(subset=["group"])
        top = actors.groupby("actor")["mentions"].sum().nlargest(top_actors).index
        chosen = actors[actors["actor"].isin(top)]
        view.tables["actor_sentiment"] = chosen.pivot_table(
            index="group", columns="actor", values="sentiment_mean", aggfunc="mean"
        )
    per_article = _table(features, "articles")
    frame_columns = [c for c in per_article.columns if c.startswith("frame_")]
    if frame_columns:
        per_article = per_article.assign(group=per_article["article_id"].map(groups_of))
        view.tables["frames"] = (
            per_article.dropna(subset=["group"])
            .groupby("group")[frame_columns]
            .mean()
            .rename(columns=lambda c: c.removeprefix("frame_").replace("_", " "))
            .T
        )
    return view


# --------------------------------------------------------------------------- topics


def topics_view(
    processed_dir: str | os.PathLike[str],
    k: int = 0,
    method: str = "",
    unit: str = "auto",
    group_by: str = "source",
    *,
    seed: int = 0,
    passages: int = 2,
) -> View:
    """Return topic tables: quality, top terms, prevalence per group, representative passages.

    Uses the model saved by ``framing topics`` when ``k`` and ``method`` are 0/empty or match
    it; otherwise fits one in memory for this report only (never overwriting the saved model,
    so parallel reports cannot race on it). Without a saved model, ``k=0`` means 5 topics.
    """
    view = View()
    try:
        from framing.topics import fit_topics
        from framing.topics.store import load_model
    except ImportError:
        view.notes.append(TOPICS_MISSING)
        return view
    corpus = Corpus(Path(processed_dir))
    saved_dir = Path(processed_dir) / "topics"
    model = None
    if (saved_dir / "metadata.json").is_file():
        saved = load_model(saved_dir)
        if k in (0, saved.params.get("k")) and method in ("", saved.params.get("method")):
            model = saved
    if model is None:
        try:
            model = fit_topics(corpus, k=k or 5, method=method or "nmf", unit=unit, seed=seed)
        except FramingError as error:
            view.notes.append(f"topics not fitted: {error}")
            return view
        view.notes.append(
            "topics fitted for this report only (no saved model with these parameters): "
            "run `framing topics` to save one"
        )
    params = {key: value for key, value in model.params.items() if key != "request_key"}
    view.tables["params"] = pd.Series(params, name="value").astype(str).to_frame()
    quality = model.quality
    view.tables["quality"] = pd.Series(
        {
            "coherence (mean NPMI)": quality.coherence,
            "diversity (share of unique top terms)": quality.diversity,
            "stability across seeds": quality.stability,
        },
        name="value",
    ).to_frame()
    view.tables["quality_per_topic"] = quality.per_topic
    top_terms = model.top_terms
    view.tables["top_terms"] = top_terms
    view.tables["top_terms_wide"] = top_terms.pivot(index="rank", columns="topic", values="term")
    strongest = top_terms[top_terms["rank"] <= 3]
    view.tables["top_term_weights"] = strongest.pivot_table(
        index="term", columns="topic", values="weight", fill_value=0.0
    )
    articles = corpus.articles
    if group_by not in articles:
        view.notes.append(f"no column '{group_by}': prevalence per group not shown")
    else:
        by = articles.set_index("article_id")[group_by].astype("string").fillna("(missing)")
        long = model.prevalence(model.doc_topics["article_id"].map(by).rename(group_by))
        long = long.assign(topic=long["topic"].astype(str) + ": " + long["label"].astype(str))
        view.tables["prevalence"] = long.pivot_table(
            index="group", columns="topic", values="share", fill_value=0.0
        )
    view.tables["representative"] = model.representative(n=passages)
    return view


def _as_frame(value: Any) -> pd.DataFrame:
    if isinstance(value, pd.DataFrame):
        return value
    if isinstance(value, dict):
        return pd.Series(value, name="value").to_frame()
    return pd.DataFrame()


# --------------------------------------------------------------------------- lexicon audit


@lru_cache(maxsize=1)
def _pos_lexicon() -> dict[str, str]:
    """TextBlob's bundled Brill lexicon (word → most likely Penn tag); offline, no download."""
    import textblob

    path = Path(textblob.__file__).parent / "en" / "en-lexicon.txt"
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(";;;") or " " not in line:
            continue
        word, tag = line.split(" ", 1)
        out.setdefault(word.lower(), tag.split()[0])
    return out


@lru_cache(maxsize=1)
def _subjectivity_lexicon() -> dict[str, tuple[float, float]]:
    """TextBlob's bundled adjective sentiment lexicon: word → (polarity, subjectivity)."""
    import xml.etree.ElementTree as ET

    import textblob

    path = Path(textblob.__file__).parent / "en" / "en-sentiment.xml"
    out: dict[str, list[tuple[float, float]]] = {}
    for word in ET.parse(path).getroot().iter("word"):
        form = word.get("form", "").lower()
        out.setdefault(form, []).append(
            (float(word.get("polarity", 0)), float(word.get("subjectivity", 0)))
        )
    return {
        w: (sum(p for p, _ in v) / len(v), sum(s for _, s in v) / len(v)) for w, v in out.items()
    }


def near_miss_candidates(
    sentences: pd.DataFrame,
    known_words: set[str],
    *,
    top: int = 30,
    min_count: int = 2,
) -> pd.DataFrame:
    """Return frequent adjectives/nouns in ``sentences`` that no lexicon entry covers.

    Offline heuristic (NLTK's tagger needs downloaded data): a word counts as an adjective or
    common noun by TextBlob's bundled Brill lexicon (JJ*, NN, NNS) and is ranked first by how
    evaluative TextBlob's bundled sentiment lexicon finds it (subjectivity), then by count.
    Stop words (scikit-learn's list), words of under four letters and ``known_words`` are
    skipped. Columns: word, pos, count, articles, polarity, subjectivity, example.
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    pos, subjective = _pos_lexicon(), _subjectivity_lexicon()
    counts: Counter[str] = Counter()
    seen_in: dict[str, set[str]] = {}
    example: dict[str, str] = {}
    for article_id, text in zip(sentences["article_id"], sentences["text"], strict=True):
        for word in {w.lower() for w in WORD.findall(str(text))}:
            tag = pos.get(word, "")
            if (
                len(word) < 4
                or word in ENGLISH_STOP_WORDS
                or word in known_words
                or not (tag.startswith("JJ") or tag in ("NN", "NNS"))
            ):
                continue
            counts[word] += 1
            seen_in.setdefault(word, set()).add(str(article_id))
            example.setdefault(word, str(text)[:200])
    rows = [
        {
            "word": w,
            "pos": "adjective" if pos[w].startswith("JJ") else "noun",
            "count": n,
            "articles": len(seen_in[w]),
            "polarity": subjective.get(w, (0.0, 0.0))[0],
            "subjectivity": subjective.get(w, (0.0, 0.0))[1],
            "example": example[w],
        }
        for w, n in counts.items()
        if n >= min_count
    ]
    columns = ["word", "pos", "count", "articles", "polarity", "subjectivity", "example"]
    table = pd.DataFrame(rows, columns=columns)
    table = table.sort_values(["subjectivity", "count", "word"], ascending=[False, False, True])
    return table.head(top).reset_index(drop=True)


def lexicon_audit(
    processed_dir: str | os.PathLike[str],
    lexicon: Any = None,
    *,
    contexts: int = 3,
    near_miss_top: int = 30,
) -> View:
    """Return every lexicon entry with hit counts and sample contexts, the entries that never
    fire, and near-miss candidates (adjectives/nouns in sentences that mention an actor).
    """
    from framing.features.lexicon import load_lexicon

    lexicon = lexicon or load_lexicon()
    entries = lexicon.entries[["term", "category", "side", "valence", "explanation"]].copy()
    view = View()
    view.tables["version"] = pd.Series(
        {"lexicon version": lexicon.version, "entries": len(entries)}, name="value"
    ).to_frame()
    features = load_feature_set(processed_dir)
    spans = _table(features, "spans")
    if features is None or spans.empty:
        view.notes.append(FEATURES_MISSING)
        view.tables["entries"] = entries
        return view
    loaded = spans[spans["kind"] == "loaded"]
    context = (
        loaded.get("left", "").astype(str).str[-50:]
        + " ["
        + loaded["text"].astype(str)
        + "] "
        + loaded.get("right", "").astype(str).str[:50]
    )
    grouped = loaded.assign(context=context).groupby("term")
    stats = pd.DataFrame(
        {
            "hits": grouped.size(),
            "articles": grouped["article_id"].nunique(),
            "quoted": grouped["quoted"].sum().astype(int) if "quoted" in loaded else 0,
            "negated": grouped["negated"].sum().astype(int) if "negated" in loaded else 0,
            "contexts": grouped["context"].agg(lambda s: " | ".join(s.head(contexts))),
        }
    )
    table = entries.merge(stats, left_on="term", right_index=True, how="left")
    table[["hits", "articles", "quoted", "negated"]] = (
        table[["hits", "articles", "quoted", "negated"]].fillna(0).astype(int)
    )
    table["contexts"] = table["contexts"].fillna("")
    view.tables["entries"] = table.sort_values(["hits", "term"], ascending=[False, True])
    view.tables["fired"] = view.tables["entries"].query("hits > 0")
    view.tables["never_fire"] = table.loc[table["hits"] == 0, ["term", "category", "explanation"]]
    view.tables["by_category"] = table.groupby("category")["hits"].sum().sort_values()
    known: set[str] = set()
    for term, variants in zip(lexicon.entries["term"], lexicon.entries["variants"], strict=True):
        for phrase in (term, *variants):
            known.update(w.lower() for w in WORD.findall(str(phrase)))
    actor_spans = spans[spans["kind"] == "actor"]
    if actor_spans.empty:
        view.notes.append("no actor mentions found: near-miss candidates not computed")
        return view
    known.update(w.lower() for w in WORD.findall(" ".join(actor_spans["text"].astype(str))))
    sentences = Corpus(Path(processed_dir)).sentences
    keys = actor_spans[["article_id", "sentence_id"]].drop_duplicates()
    near_actor = sentences.merge(keys, on=["article_id", "sentence_id"])
    view.tables["near_misses"] = near_miss_candidates(near_actor, known, top=near_miss_top)
    return view
