"""Notebook helpers over a processed corpus; every one returns a pandas object.

Researchers already know pandas, so the helpers hand back plain DataFrames they can filter,
group and plot: :func:`kwic` (concordance lines), :func:`compare` (feature means per group),
:func:`actors`, :func:`labels` and :func:`quotes` (feature tables joined with article
metadata). Each reads only the Parquet columns it needs, so a 100,000-article corpus opens
in seconds: :func:`read_article` fetches one article by id without decoding the whole text
column (when the table has several row groups), and :func:`kwic` filters the text column in
Arrow's C++ kernels before Python's ``re`` finds exact offsets in the few matching articles.

>>> from framing.explore.queries import kwic                      # doctest: +SKIP
>>> kwic("proxy war", window=40)[["left", "match", "right"]]  # doctest: +SKIP
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framing.config import PROCESSED_DIR
from framing.corpus import Corpus
from framing.errors import ParameterError
from framing.tables import dataset, read_rows, table_columns, table_path

if TYPE_CHECKING:  # pragma: no cover
    from framing.features.extraction import FeatureSet

KWIC_COLUMNS = ["left", "match", "right", "article_id", "sentence_id", "start", "end"]
META_COLUMNS = ["source", "date"]

# Escapes whose meaning differs between Python's re (Unicode-aware) and RE2 (ASCII): a regex
# using them is not pre-filtered in Arrow, so no match can be lost to the pre-filter.
_UNICODE_SENSITIVE = re.compile(r"\\[wWbBdDsS]")
_SPACES = re.compile(r"\s+")


def open_corpus(
    corpus: Corpus | None = None, processed_dir: str | os.PathLike[str] = PROCESSED_DIR
) -> Corpus:
    """Return ``corpus``, or a lazy :class:`Corpus` over ``processed_dir`` when it is None."""
    return corpus if corpus is not None else Corpus(Path(processed_dir))


def compile_pattern(
    term_or_regex: str, *, regex: bool = False, whole_words: bool = True
) -> re.Pattern:
    """Return the case-insensitive pattern :func:`kwic` searches for.

    A plain term matches its words separated by any whitespace ("proxy war" also finds
    "proxy\\nwar"); ``regex=True`` takes the text as a Python regular expression. With
    ``whole_words`` the match may not start or end inside a word ("war" misses "warfare").
    """
    if not isinstance(term_or_regex, str) or not term_or_regex.strip():
        raise ParameterError(f"kwic needs a non-empty term or regex, got {term_or_regex!r}")
    if regex:
        try:  # validate alone, so the error position refers to the user's pattern
            re.compile(term_or_regex, re.IGNORECASE)
        except re.error as error:
            raise ParameterError(f"invalid regex {term_or_regex!r}: {error}") from None
        core = term_or_regex
    else:
        core = r"\s+".join(re.escape(word) for word in term_or_regex.split())
    if whole_words:
        core = rf"(?<!\w)(?:{core})(?!\w)"
    try:
        return re.compile(core, re.IGNORECASE)
    except re.error as error:
        raise ParameterError(f"invalid regex {term_or_regex!r}: {error}") from None


@lru_cache(maxsize=64)
def _core_pattern(term: str, flags: int = 0) -> re.Pattern:
    return re.compile(r"\s+".join(re.escape(word) for word in term.split()), flags)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def find_matches(
    text: str,
    term_or_regex: str,
    *,
    regex: bool = False,
    whole_words: bool = True,
    lowered: str | None = None,
) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` offsets of every non-empty match in ``text``.

    Same matches as :func:`compile_pattern`'s pattern. A plain term is searched
    case-sensitively in the lower-cased text (``lowered``, same length as ``text``; computed
    when not given), without look-arounds, so ``re`` jumps to its literal first word (about
    20x faster than a case-insensitive pattern); word boundaries are checked by hand,
    resuming one character later when a check fails.
    """
    if regex or not whole_words:
        pattern = compile_pattern(term_or_regex, regex=regex, whole_words=whole_words)
        return [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
    if lowered is None:
        lowered = text.lower()
    if len(lowered) == len(text):
        pattern, haystack = _core_pattern(term_or_regex.lower()), lowered
    else:  # full case mapping changed the length (e.g. "İ"): search the text itself
        pattern, haystack = _core_pattern(term_or_regex, re.IGNORECASE), text
    spans, position, length = [], 0, len(text)
    while (found := pattern.search(haystack, position)) is not None:
        start, end = found.span()
        if (start > 0 and _is_word_char(text[start - 1])) or (
            end < length and _is_word_char(text[end])
        ):
            position = start + 1
            continue
        spans.append((start, end))
        position = end
    return spans


def _prefilter(text: pa.ChunkedArray, term_or_regex: str, regex: bool) -> pa.ChunkedArray | None:
    """Return a boolean mask of rows that may match (a superset), or None to scan all rows."""
    if not regex:
        mask = None
        for word in term_or_regex.split():
            found = pc.match_substring(text, pattern=word, ignore_case=True)
            mask = found if mask is None else pc.and_(mask, found)
        return mask
    if _UNICODE_SENSITIVE.search(term_or_regex):
        return None
    try:
        return pc.match_substring_regex(text, pattern=term_or_regex, ignore_case=True)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # e.g. look-arounds RE2 lacks
        return None


def _empty_kwic() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="string") for c in KWIC_COLUMNS + META_COLUMNS})
    for column in ("sentence_id", "start", "end"):
        frame[column] = frame[column].astype("int64")
    return frame


def kwic(
    term_or_regex: str,
    window: int = 60,
    *,
    corpus: Corpus | None = None,
    processed_dir: str | os.PathLike[str] = PROCESSED_DIR,
    regex: bool = False,
    whole_words: bool = True,
    limit: int | None = None,
) -> pd.DataFrame:
    """Return keyword-in-context lines for a term or regex across the corpus.

    One row per match, in corpus order: ``left`` / ``match`` / ``right`` (whitespace runs
    collapsed to one space; ``window`` characters of context each side, across sentence
    boundaries), ``article_id``, ``sentence_id`` (the sentence where the match starts),
    ``start`` / ``end`` (offsets into ``articles.text``), ``source`` and ``date``. Matching is
    case-insensitive and respects word boundaries (see :func:`compile_pattern`).

    >>> lines = kwic("proxy war", window=30)                       # doctest: +SKIP
    >>> lines.loc[0, ["left", "match", "right"]].tolist()           # doctest: +SKIP
    ['... described the conflict as a ', 'proxy war', ' between ...']
    >>> kwic(r"unprovok\\w*", regex=True).groupby("source").size()  # doctest: +SKIP
    """
    if not isinstance(window, int) or isinstance(window, bool) or window < 0:
        raise ParameterError(f"window must be a non-negative number of characters, got {window!r}")
    if limit is not None and (not isinstance(limit, int) or limit < 1):
        raise ParameterError(f"limit must be a positive number of lines or None, got {limit!r}")
    compile_pattern(term_or_regex, regex=regex, whole_words=whole_words)  # validates
    processed_dir = open_corpus(corpus, processed_dir).processed_dir

    table = dataset(processed_dir, "articles").to_table(columns=["article_id", "text"])
    mask = _prefilter(table.column("text"), term_or_regex, regex)
    if mask is not None:
        table = table.filter(pc.fill_null(mask, False))

    texts = table.column("text")
    # Arrow lower-cases with the simple (one-to-one) case mapping: offsets stay valid.
    lowered = pc.utf8_lower(texts).to_pylist() if not regex and whole_words else [None] * len(texts)
    rows: list[tuple[Any, ...]] = []
    for article_id, text, low in zip(
        table.column("article_id").to_pylist(), texts.to_pylist(), lowered, strict=True
    ):
        for start, end in find_matches(
            text or "", term_or_regex, regex=regex, whole_words=whole_words, lowered=low
        ):
            rows.append(
                (
                    _SPACES.sub(" ", text[max(0, start - window) : start]),
                    _SPACES.sub(" ", text[start:end]),
                    _SPACES.sub(" ", text[end : end + window]),
                    article_id,
                    start,
                    end,
                )
            )
            if limit is not None and len(rows) >= limit:
                break
        if limit is not None and len(rows) >= limit:
            break
    if not rows:
        return _empty_kwic()

    lines = pd.DataFrame(rows, columns=["left", "match", "right", "article_id", "start", "end"])
    hit_ids = list(dict.fromkeys(lines["article_id"]))
    sentences = read_rows(
        processed_dir, "sentences", hit_ids, ["article_id", "sentence_id", "start"]
    )
    lines["sentence_id"] = _sentence_of(lines, sentences)
    meta = read_rows(processed_dir, "articles", hit_ids, ["article_id", *META_COLUMNS])
    lines = lines.merge(meta, on="article_id", how="left", validate="many_to_one")
    lines = lines[KWIC_COLUMNS + META_COLUMNS]
    for column in ("left", "match", "right", "article_id", *META_COLUMNS):
        lines[column] = lines[column].astype("string")
    return lines.astype({"sentence_id": "int64", "start": "int64", "end": "int64"})


def format_kwic(lines: pd.DataFrame, window: int = 60) -> str:
    """Return kwic lines as aligned plain text: left context right-aligned, match in brackets.

    One line per match, then ``source date article_id``; ends with the number of lines.
    """
    out = []
    for line in lines.itertuples(index=False):
        meta = " ".join(
            str(value) for value in (line.source, line.date, line.article_id) if not pd.isna(value)
        )
        out.append(f"{line.left:>{window}}[{line.match}]{line.right:<{window}}  {meta}")
    out.append(f"{len(lines)} line{'s' if len(lines) != 1 else ''}")
    return "\n".join(out)


def _sentence_of(lines: pd.DataFrame, sentences: pd.DataFrame) -> np.ndarray:
    """Return, per kwic line, the id of the last sentence starting at or before the match."""
    left = pd.DataFrame(
        {
            "article_id": lines["article_id"].astype(str),
            "start": lines["start"].astype("int64"),
            "_line": np.arange(len(lines)),
        }
    ).sort_values("start", kind="stable")
    right = pd.DataFrame(
        {
            "article_id": sentences["article_id"].astype(str),
            "start": sentences["start"].astype("int64"),
            "sentence_id": sentences["sentence_id"].astype("int64"),
        }
    ).sort_values("start", kind="stable")
    joined = pd.merge_asof(left, right, on="start", by="article_id", direction="backward")
    # A match before the first sentence (cannot happen with ingest's tables) gets sentence 0.
    joined["sentence_id"] = joined["sentence_id"].fillna(0).astype("int64")
    return joined.sort_values("_line")["sentence_id"].to_numpy()


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
    processed_dir: str | os.PathLike[str] = PROCESSED_DIR,
    columns: list[str] | None = None,
) -> pd.DataFrame:
    """Return feature table ``name`` ("articles", "spans", "actors", "labels", "quotes").

    From ``features`` (a :class:`framing.features.FeatureSet`) when given, else read from the
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


def _with_group(
    frame: pd.DataFrame, group_by: str, processed_dir: Path, articles: pd.DataFrame | None = None
) -> pd.DataFrame:
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
    if articles is None:
        articles = (
            dataset(processed_dir, "articles")
            .to_table(columns=["article_id", source_column])
            .to_pandas()
        )
    groups = articles[["article_id", source_column]].copy()
    if group_by in derived:
        groups[group_by] = groups["date"].str.slice(0, derived[group_by])
        groups = groups.drop(columns="date")
    groups[group_by] = groups[group_by].astype("string").fillna("(missing)")
    return frame.merge(groups, on="article_id", how="left", validate="many_to_one")


def compare(
    group_by: str = "source",
    *,
    columns: list[str] | None = None,
    stat: str = "mean",
    features: FeatureSet | None = None,
    corpus: Corpus | None = None,
    processed_dir: str | os.PathLike[str] = PROCESSED_DIR,
) -> pd.DataFrame:
    """Return one row per group: ``n_articles`` and the ``stat`` of each article feature.

    ``group_by`` is any column of the articles table (``source``, ``collection``, user
    metadata) or ``"year"`` / ``"month"`` derived from ``date``; articles without a value
    form the group ``"(missing)"``. ``columns`` picks features (default: every numeric
    column of the article-level feature table); ``stat`` is a pandas aggregation name
    ("mean", "median", "sum", "std", ...).

    >>> compare("source", columns=["loaded_per_1k", "quoted_share"])  # doctest: +SKIP
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
    return pd.concat([grouped.size().rename("n_articles"), values], axis=1)


def actors(
    *,
    by: str | None = None,
    features: FeatureSet | None = None,
    corpus: Corpus | None = None,
    processed_dir: str | os.PathLike[str] = PROCESSED_DIR,
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
    processed_dir: str | os.PathLike[str] = PROCESSED_DIR,
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
    processed_dir: str | os.PathLike[str] = PROCESSED_DIR,
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


def term_contexts(
    term: str,
    *,
    kind: str | None = None,
    window: int = 60,
    features: FeatureSet | None = None,
    corpus: Corpus | None = None,
    processed_dir: str | os.PathLike[str] = PROCESSED_DIR,
) -> pd.DataFrame:
    """Return every hit of lexicon ``term`` across the corpus as kwic-shaped lines.

    The hits come from the spans table (``framing features``), so they are exactly what the
    features counted, inflections included (``kind`` keeps one kind of span, e.g.
    ``"loaded"``); the context is cut from the article text like :func:`kwic`'s. Without a
    spans table, falls back to :func:`kwic` on the term's words.

    >>> term_contexts("proxy war")[["left", "match", "right", "source"]]   # doctest: +SKIP
    """
    processed_dir = open_corpus(corpus, processed_dir).processed_dir
    columns = ["article_id", "sentence_id", "start", "end", "term", "kind"]
    if features is not None:
        spans = features.spans.loc[features.spans["term"] == term, columns]
    elif table_path(processed_dir, "spans").exists():
        spans = (
            dataset(processed_dir, "spans")
            .to_table(columns=columns, filter=pc.field("term") == term)
            .to_pandas()
        )
    else:
        return kwic(term, window, processed_dir=processed_dir)
    if kind is not None:
        spans = spans[spans["kind"] == kind]
    spans = spans.drop_duplicates(["article_id", "start", "end"])
    if spans.empty:
        return _empty_kwic()
    ids = list(dict.fromkeys(spans["article_id"]))
    articles = read_rows(processed_dir, "articles", ids, ["article_id", "text", *META_COLUMNS])
    texts = dict(zip(articles["article_id"], articles["text"], strict=True))
    rows = []
    for article_id, start, end in zip(
        spans["article_id"], spans["start"], spans["end"], strict=True
    ):
        text = texts.get(article_id) or ""
        rows.append(
            (
                _SPACES.sub(" ", text[max(0, start - window) : start]),
                _SPACES.sub(" ", text[start:end]),
                _SPACES.sub(" ", text[end : end + window]),
            )
        )
    lines = pd.DataFrame(rows, columns=["left", "match", "right"], dtype="string")
    lines["article_id"] = spans["article_id"].astype("string").to_numpy()
    lines["sentence_id"] = spans["sentence_id"].fillna(-1).astype("int64").to_numpy()
    lines["start"] = spans["start"].astype("int64").to_numpy()
    lines["end"] = spans["end"].astype("int64").to_numpy()
    meta = articles[["article_id", *META_COLUMNS]].astype("string")
    return lines.merge(meta, on="article_id", how="left", validate="many_to_one")
