"""The six feature tables of one chunk of articles: plain DataFrames in, plain DataFrames out.

:func:`extract_tables` composes every feature family over in-memory ``articles`` and
``sentences`` tables, one step per family. VADER runs once over all the chunk's sentences
(:func:`framing.features.sentiment.score`); every family matches each article once, and the
loaded-term and actor hits of an article are handed to its sentences rather than matched
again. ``benchmarks/bench_features.py`` prints the time split per family.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any, ParamSpec, TypeVar

import numpy as np
import pandas as pd

from framing.features import actors as actors_module
from framing.features import competing_labels as labels_module
from framing.features import frames as frames_module
from framing.features import quotes as quotes_module
from framing.features import sentiment, span_rows, span_table, target_aggregate
from framing.features.lexicon import CATEGORIES, Lexicon, load_lexicon
from framing.features.phrase_matcher import matches_in_sentences
from framing.features.quoted_regions import quoted_regions
from framing.features.schema import (
    ACTOR_COLUMNS,
    LABEL_COLUMNS,
    LOADED_SIGNAL_COLUMNS,
    N_ARC,
    QUOTE_COLUMNS,
    SENTENCE_COLUMNS,
    STANCE_CUES,
    article_columns,
    typed_table,
)
from framing.features.text_stats import text_stats

#: Characters of context on each side of a span (the ``left``/``right`` columns).
KWIC = 40

_P = ParamSpec("_P")
_R = TypeVar("_R")
#: Per article: sorted sentence starts, their ends and their sentence ids.
_SentenceIndex = dict[str, tuple[list[int], list[int], list[int]]]
#: A whole-token matcher: text -> sorted ``(start, end, payload)``.
_Match = Callable[..., list[tuple[int, int, Any]]]


class _Laps:
    """Adds the seconds since the previous lap to ``timings[family]`` (for benchmarks)."""

    def __init__(self, timings: dict[str, float]) -> None:
        self.timings = timings
        self.last = perf_counter()

    def __call__(self, family: str) -> None:
        now = perf_counter()
        self.timings[family] = self.timings.get(family, 0.0) + now - self.last
        self.last = now


@dataclass
class _Chunk:
    """A chunk's articles in order, their sentences, and what every family shares."""

    ids: list[str]
    texts: dict[str, str]
    #: The sentences of those articles, in article order then sentence_id.
    sentences: pd.DataFrame
    #: Per sentence row, the chunk position of its article.
    sentence_positions: np.ndarray
    sentence_texts: list[str]
    lookup: _SentenceIndex
    #: Quotation regions once per article: loaded terms, labels, cues and spans all use them.
    regions_of: dict[str, list[tuple[int, int]]]
    #: Rows of the span table, in :data:`framing.features.span_table.ROW_FIELDS` order.
    span_rows: list[tuple] = field(default_factory=list)
    #: Titles by id (when the articles table has them), their span rows, and the
    #: (position, start, side, distanced) of the loaded-term hits in bodies and in titles.
    titles: dict[str, str] = field(default_factory=dict)
    title_rows: list[tuple] = field(default_factory=list)
    loaded: list[tuple[int, int, str, bool]] = field(default_factory=list)
    title_loaded: list[tuple[int, int, str, bool]] = field(default_factory=list)
    #: Each article's domain: an articles-table ``domain`` column, else detected (after the scan).
    domains: dict[str, str] = field(default_factory=dict)
    #: Per article, the candidates of the lexicon, actor, label and stance matchers (one scan).
    scans: dict[str, list[list[tuple[int, int, int]]]] = field(default_factory=dict)


def _gc_paused(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``function`` with CPython's cyclic garbage collector paused, then restore it.

    Extraction builds hundreds of thousands of small tuples per chunk (span rows) that form
    no reference cycles; the collector would otherwise rescan them again and again while they
    grow (about 6 % of extraction time, measured). Cycles made meanwhile are collected after.
    """

    @functools.wraps(function)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused


@_gc_paused
def extract_tables(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    lexicon: Lexicon | None = None,
    *,
    timings: dict[str, float] | None = None,
    target_sentiment: bool = False,
) -> dict[str, pd.DataFrame]:
    """Return the six feature tables for in-memory ``articles`` and ``sentences`` tables.

    articles
        ``article_id`` and ``text`` (the clean body); row order is kept.
    sentences
        the processed ``sentences`` table (article_id, sentence_id, start, end, text) of those
        articles, offsets into the article text.
    lexicon
        a :class:`framing.features.lexicon.Lexicon` (default: the packaged one).
    timings
        when given, seconds spent per feature family are added to it (for benchmarks).
    target_sentiment
        judge the sentiment toward each actor mention (else its columns stay empty).
    """
    laps = _Laps({} if timings is None else timings)
    lexicon = lexicon if lexicon is not None else load_lexicon()
    chunk = _prepare_chunk(articles, sentences)
    actor_set = actors_module.default_actors()  # read once: the scan's matchers stay the same
    chunk.scans, chunk.domains = span_rows.scans_and_domains(
        chunk.ids, chunk.texts, chunk.titles, articles.get("domain"), lexicon, actor_set.matcher
    )
    laps("setup")
    lexicon_hits, scores, sentence_table, by_article = _score_sentences(chunk, lexicon, laps)
    loaded_counts = _loaded_spans(chunk, lexicon, lexicon_hits)
    laps("loaded")
    actor_table, slice_hits = _actor_table(chunk, scores, lexicon, actor_set)
    laps("actors")
    targets = target_aggregate.score_actor_mentions(
        chunk.ids, chunk.texts, chunk.lookup, slice_hits) if target_sentiment else None  # fmt: skip
    laps("target_sentiment")
    measures = _ArticleMeasures(loaded_counts, _actor_counts(actor_table), by_article)
    article_rows, label_rows, quote_rows = _per_article(chunk, slice_hits, measures, laps)
    columns = article_columns()
    article_table = typed_table(pd.DataFrame(article_rows, columns=list(columns)), columns)
    actor_table, article_table = target_aggregate.add_target_columns(
        actor_table, article_table, targets)  # fmt: skip
    starts, ends, sentence_ids = (
        chunk.sentences[c].to_numpy(dtype=np.int64) for c in ("start", "end", "sentence_id")
    )
    sentence_arrays = (chunk.sentence_positions, starts, ends, sentence_ids)
    spans = span_table.build(
        chunk.span_rows, chunk.ids, [chunk.texts[a] for a in chunk.ids], sentence_arrays,
        [chunk.regions_of[a] for a in chunk.ids], KWIC, loaded=chunk.loaded,
    )  # fmt: skip
    spans = span_rows.with_title_spans(spans, chunk.title_rows, chunk.ids, chunk.titles,
                                       chunk.title_loaded, KWIC)  # fmt: skip
    spans = target_aggregate.spans_with_targets(spans, targets)
    laps("assemble")
    return {
        "articles": article_table,
        "spans": spans,
        "sentences": typed_table(sentence_table, SENTENCE_COLUMNS),
        "actors": typed_table(actor_table, ACTOR_COLUMNS),
        "labels": typed_table(labels_module.label_counts(label_rows), LABEL_COLUMNS),
        "quotes": typed_table(quote_rows, QUOTE_COLUMNS),
    }


def _prepare_chunk(articles: pd.DataFrame, sentences: pd.DataFrame) -> _Chunk:
    """Return the chunk: texts by id, sentences in article order, quotation regions."""
    ids = articles["article_id"].astype(str).tolist()
    texts = dict(zip(ids, articles["text"].fillna("").astype(str), strict=True))
    titles = span_rows.titles_of(articles, ids)
    sentences = sentences[sentences["article_id"].astype(str).isin(texts)]
    order = {article_id: i for i, article_id in enumerate(ids)}
    sentences = (
        sentences.assign(_order=sentences["article_id"].astype(str).map(order))
        .sort_values(["_order", "sentence_id"], kind="stable")
        .reset_index(drop=True)
    )
    positions = sentences.pop("_order").to_numpy(dtype=np.int64)
    return _Chunk(
        ids=ids,
        texts=texts,
        sentences=sentences,
        sentence_positions=positions,
        sentence_texts=sentences["text"].fillna("").astype(str).tolist(),
        lookup=_sentence_index(sentences),
        regions_of={article_id: quoted_regions(texts[article_id]) for article_id in ids},
        titles=titles,
    )


def _sentence_index(sentences: pd.DataFrame) -> _SentenceIndex:
    """Map article_id -> (sorted starts, ends, sentence ids) for offset -> sentence lookups."""
    index: _SentenceIndex = {}
    columns = (sentences[c].tolist() for c in ("start", "end", "sentence_id"))
    aids = sentences["article_id"].astype(str).tolist()
    for article_id, start, end, sentence_id in zip(aids, *columns, strict=True):
        entry = index.get(article_id)
        if entry is None:
            entry = index[article_id] = ([], [], [])
        entry[0].append(start)
        entry[1].append(end)
        entry[2].append(sentence_id)
    return index


def _match_sentences(
    match: _Match, chunk: _Chunk, scanned: int
) -> tuple[dict[str, list[tuple]], dict[str, list[list[tuple]]], list[list[tuple]]]:
    """Run a whole-token matcher on each article's ``chunk.scans[aid][scanned]``; hand hits on.

    Returns per article its hits, per article the hits of each sentence's slice of the
    article text (offsets within the sentence), and per sentence of ``chunk.sentence_texts``
    the hits of that text: the same as the slice's unless the table's text is not the slice.
    """
    hits_of: dict[str, list[tuple]] = {}
    slices_of: dict[str, list[list[tuple]]] = {}
    found: list[list[tuple]] = []
    for article_id in chunk.ids:
        where = chunk.lookup.get(article_id)
        if where is None:
            continue
        text = chunk.texts[article_id]
        hits_of[article_id] = hits = match(text, chunk.scans[article_id][scanned])
        bounds = list(zip(where[0], where[1], strict=True))
        slices_of[article_id] = matches_in_sentences(text, bounds, match, hits)
        for (start, end), sentence_hits in zip(bounds, slices_of[article_id], strict=True):
            sentence = chunk.sentence_texts[len(found)]
            found.append(sentence_hits if sentence == text[start:end] else match(sentence))
    return hits_of, slices_of, found


def _score_sentences(
    chunk: _Chunk, lexicon: Lexicon, laps: _Laps
) -> tuple[dict[str, list[tuple]], pd.DataFrame, pd.DataFrame, dict[str, dict[Hashable, Any]]]:
    """Match the lexicon once per article; score every sentence with VADER and its valences.

    Returns the lexicon hits per article, the sentence scores, the sentence table and the
    article sentiment (mean, share negative, arc) by article id.
    """
    lexicon_hits, _, matched = _match_sentences(lexicon.matcher.match, chunk, 0)
    valences = [sentiment.valence_spans(hits, lexicon) for hits in matched]
    laps("loaded")
    scores = sentiment.score(chunk.sentence_texts, lexicon=lexicon, spans=valences)
    columns = ["article_id", "sentence_id", "start", "end", "text"]
    sentence_table = chunk.sentences[columns].assign(
        compound=scores["compound"].to_numpy(), compound_vader=scores["compound_vader"].to_numpy()
    )
    by_article = {
        str(row["article_id"]): row
        for row in sentiment.article_sentiment(sentence_table, n_bins=N_ARC).to_dict("records")
    }
    laps("sentiment")
    return lexicon_hits, scores, sentence_table, by_article


def _loaded_spans(
    chunk: _Chunk, lexicon: Lexicon, lexicon_hits: dict[str, list[tuple]]
) -> dict[str, dict[str, int]]:
    """Add every article's loaded-term spans; return their counts per article and column."""
    loaded_counts: dict[str, dict[str, int]] = {}
    for position, aid in enumerate(chunk.ids):
        where = chunk.lookup.get(aid)
        counts: dict[str, int] = {}
        if where is not None:
            counts = span_rows.loaded_spans(
                chunk.span_rows, position, chunk.texts[aid], (where[0], where[1]), lexicon,
                chunk.regions_of[aid], lexicon_hits[aid], chunk.loaded,
                domain=chunk.domains[aid],
            )  # fmt: skip
        if chunk.titles.get(aid):
            span_rows.add_title_hits(counts, chunk.title_rows, position, chunk.titles[aid],
                                     lexicon, chunk.title_loaded, chunk.domains[aid])  # fmt: skip
        loaded_counts[aid] = counts
    return loaded_counts


def _actor_table(
    chunk: _Chunk, scores: pd.DataFrame, lexicon: Lexicon, actor_set: actors_module.Actors
) -> tuple[pd.DataFrame, dict[str, list[list[tuple]]]]:
    """Return the actor table (in article order) and each article's actor hits per sentence.

    Actors are matched once per article; their sentiment comes from the sentence scores.
    """
    _, slice_hits, found = _match_sentences(actor_set.matches, chunk, 1)
    actor_table = actors_module.actor_sentiment(
        chunk.sentences, scores, actor_set, lexicon=lexicon, found=found
    )
    order = {article_id: i for i, article_id in enumerate(chunk.ids)}
    actor_table = (
        actor_table.assign(_order=actor_table["article_id"].astype(str).map(order))
        .sort_values(["_order", "actor"], kind="stable")
        .drop(columns="_order")
    )
    return actor_table, slice_hits


def _actor_counts(actor_table: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """Return per article (total mentions, distinct actors)."""
    counts: dict[str, tuple[int, int]] = {}
    for aid, mentions in zip(*_lists(actor_table, ["article_id", "mentions"]), strict=True):
        total, distinct = counts.get(aid, (0, 0))
        counts[aid] = (total + int(mentions), distinct + 1)
    return counts


def _lists(table: pd.DataFrame, columns: list[str]) -> list[list[Any]]:
    """Return the given columns as Python lists (missing values as None), for fast loops."""
    return [
        table[column].to_numpy(dtype=object, na_value=None).tolist()  # type: ignore[call-overload]
        for column in columns
    ]


@dataclass(frozen=True)
class _ArticleMeasures:
    """What the chunk-wide steps computed, per article id."""

    loaded_counts: dict[str, dict[str, int]]
    actor_counts: dict[str, tuple[int, int]]
    sentiment: dict[str, dict[Hashable, Any]]


def _per_article(
    chunk: _Chunk,
    actor_hits: dict[str, list[list[tuple]]],
    measures: _ArticleMeasures,
    laps: _Laps,
) -> tuple[list[dict[str, Any]], list[tuple], list[tuple]]:
    """Run the per-article families; return the article records, label rows and quote rows."""
    frame_set = frames_module.load_frames()
    label_sets = labels_module.load_label_sets()
    article_rows: list[dict[str, Any]] = []
    label_rows: list[tuple] = []
    quote_rows: list[tuple] = []
    spans = chunk.span_rows
    for position, article_id in enumerate(chunk.ids):
        text = chunk.texts[article_id]
        where = chunk.lookup.get(article_id)
        regions = chunk.regions_of[article_id]
        words = text_stats(text)
        n_tokens = words.n_tokens
        laps("readability")
        if where is not None:
            span_rows.actor_spans(spans, position, text, where[0], actor_hits[article_id])
        laps("actors")
        article_labels = labels_module.label_rows(
            text, label_sets, regions=regions, candidates=chunk.scans[article_id][2])  # fmt: skip
        for start, end, surface, label_set, label, quoted, negated, away in article_labels:
            label_rows.append((article_id, label_set, label, bool(quoted), bool(away)))
            spans.append(
                (position, start, end, surface, "label", label, label_set, bool(quoted),
                 bool(negated), None)
            )  # fmt: skip
        laps("labels")
        quotes = quotes_module.quote_rows(text, regions=regions)
        for row in quotes:
            quote_id, start, end, surface, speaker, verb, verb_class, n_words = row
            quote_rows.append((article_id, *row))
            spans.append(
                (position, start, end, surface, "quote", speaker, verb_class, True, None, None)
            )
        stats = quotes_module.stats_from_rows(
            [(r[1], r[2], r[4], r[7], r[6]) for r in quotes], text
        )
        laps("quotes")
        cue_counts = span_rows.stance_spans(spans, position, text, chunk.scans[article_id][3])
        laps("stance")
        frame_counts = span_rows.frame_spans(spans, position, text, frame_set)
        laps("frames")
        record = _article_record(article_id, where, n_tokens, measures)
        record.update(
            domain=chunk.domains[article_id],
            label_hits=len(article_labels),
            quoted_share=float(stats.get("quoted_share", 0.0) or 0.0),
            n_quotes=len(quotes),
            top_speaker=stats.get("top_speaker"),
            subjectivity=words.subjectivity,
            flesch_reading_ease=words.readability.get("flesch_reading_ease", np.nan),
            fk_grade=words.readability.get("flesch_kincaid_grade", np.nan),
        )
        _add_rates(record, n_tokens, cue_counts, frame_counts)
        article_rows.append(record)
        laps("assemble")
    return article_rows, label_rows, quote_rows


def _article_record(
    article_id: str,
    where: tuple[list[int], list[int], list[int]] | None,
    n_tokens: int,
    measures: _ArticleMeasures,
) -> dict[str, Any]:
    """Return the first fields of an article's record: counts, loaded terms, actors, sentiment."""
    sent = measures.sentiment.get(article_id, {})
    counts = measures.loaded_counts.get(article_id, {})
    actors = measures.actor_counts.get(article_id, (0, 0))
    record: dict[str, Any] = {
        "article_id": article_id,
        "n_sentences": 0 if where is None else len(where[0]),
        "n_tokens": n_tokens,
        "loaded_hits": counts.get("loaded_hits", 0),
        "loaded_per_1k": _per_1k(counts.get("loaded_hits", 0), n_tokens),
        "loaded_author_voice": counts.get("loaded_author_voice", 0),
        "loaded_quoted": counts.get("loaded_quoted", 0),
        "loaded_negated": counts.get("loaded_negated", 0),
        **{name: counts.get(name, 0) for name in LOADED_SIGNAL_COLUMNS},
        "actor_mentions": actors[0],
        "n_actors": actors[1],
        "sentiment_mean": sent.get("sentiment_mean", np.nan),
        "sentiment_neg_share": sent.get("share_negative", np.nan),
    }
    for category in CATEGORIES:
        record[f"loaded_{category}"] = counts.get(f"loaded_{category}", 0)
    for i in range(1, N_ARC + 1):
        record[f"sentiment_arc_{i}"] = sent.get(f"arc_{i}", np.nan)
    return record


def _add_rates(
    record: dict[str, Any], n_tokens: int, cue_counts: dict[str, int], frame_counts: dict[str, int]
) -> None:
    """Add the stance-cue and frame-dimension rates per 1,000 tokens to ``record``."""
    for cue, name in STANCE_CUES.items():
        record[f"{name}_per_1k"] = _per_1k(cue_counts.get(cue, 0), n_tokens)
    for dimension, count in frame_counts.items():
        record[f"frame_{dimension}"] = _per_1k(count, n_tokens)


def _per_1k(count: float, n_tokens: int) -> float:
    return 1000.0 * count / n_tokens if n_tokens else 0.0
