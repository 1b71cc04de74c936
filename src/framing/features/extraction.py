"""All feature families composed into one :class:`FeatureSet`, traceable to text spans.

:func:`extract` reads a processed :class:`~framing.corpus.Corpus` and returns:

``articles``
    one row per article (``article_id`` first): counts, loaded-term figures, sentiment and its
    arc, quotes, stance rates, subjectivity, frame-dimension rates, readability.
``spans``
    every hit behind those figures (kind ∈ loaded, label, actor, quote, stance, frame) with
    article-level offsets, sentence id, quoted/negated flags, KWIC context and explanation.
``sentences``, ``actors``, ``labels``, ``quotes``
    the per-sentence, per-actor, per-label and per-quote tables.

:func:`trace` returns the rows behind any article-level value, so every number can be
explained from the text. :class:`FramingFeatures` wraps the same code as a scikit-learn
transformer over raw texts.

VADER runs once over all sentences (:func:`framing.sentiment.score`); loaded terms, labels
and stance cues are matched in bulk (one call per chunk of articles); quotes, actors and
frames per article. ``benchmarks/bench_features.py`` prints the time split per family.
``jobs > 1`` splits the articles into contiguous chunks processed by worker processes
that read their own rows from Parquet; results are concatenated in chunk order, so output
is identical for any ``jobs``.
"""

from __future__ import annotations

import bisect
import functools
import gc
import logging
import math
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from time import perf_counter
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from framing import __version__
from framing.config import PIPELINE_VERSION, PROCESSED_DIR
from framing.corpus import Corpus, corpus_hash
from framing.errors import FramingError, MissingStepError, ParameterError, SchemaError
from framing.features import frames as frames_module
from framing.features import span_table
from framing.features.span_table import SPAN_COLUMNS
from framing.io import read_json, write_json, write_parquet
from framing.tables import table_path

logger = logging.getLogger(__name__)

#: Bump when a change to any feature family changes the feature tables.
FEATURES_VERSION = "1"
#: Files :meth:`FeatureSet.save` writes, by table.
FILES: dict[str, str] = {
    "articles": "features.parquet",
    "spans": "spans.parquet",
    "sentences": "sentence_scores.parquet",
    "actors": "actors.parquet",
    "labels": "labels.parquet",
    "quotes": "quotes.parquet",
}
MANIFEST = "features_manifest.json"
KINDS = ("loaded", "label", "actor", "quote", "stance", "frame")
STANCE_CUES = {"hedge": "hedges", "certainty": "certainty", "intensifier": "intensifiers",
               "modal": "modals"}  # fmt: skip
N_ARC = 5
KWIC = 40
#: Articles per chunk: the unit of progress and of work handed to a worker process.
CHUNK_SIZE = 200
#: Below this many articles, ``jobs > 1`` is not worth starting processes.
MIN_ARTICLES_FOR_PROCESSES = 400

SENTENCE_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "sentence_id": "int64",
    "start": "int64",
    "end": "int64",
    "text": "string",
    "compound": "float64",
    "compound_vader": "float64",
}
ACTOR_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "actor": "string",
    "mentions": "int64",
    "n_sentences": "int64",
    "first_position": "float64",
    "sentiment_mean": "float64",
    "share_negative": "float64",
}
LABEL_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "label_set": "string",
    "label": "string",
    "n_author": "int64",
    "n_quoted": "int64",
}
QUOTE_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "quote_id": "int64",
    "start": "int64",
    "end": "int64",
    "text": "string",
    "speaker": "string",
    "verb": "string",
    "verb_class": "string",
    "n_words": "int64",
}


def _loaded_categories() -> list[str]:
    from framing.features.lexicon import CATEGORIES

    return list(CATEGORIES)


def article_columns() -> dict[str, str]:
    """Return the columns of the ``articles`` feature table and their dtypes, in order."""
    columns: dict[str, str] = {
        "article_id": "string",
        "n_sentences": "int64",
        "n_tokens": "int64",
        "loaded_hits": "int64",
        "loaded_per_1k": "float64",
        "loaded_author_voice": "int64",
        "loaded_quoted": "int64",
        "loaded_negated": "int64",
    }
    columns.update({f"loaded_{c}": "int64" for c in _loaded_categories()})
    columns.update(
        {
            "label_hits": "int64",
            "actor_mentions": "int64",
            "n_actors": "int64",
            "sentiment_mean": "float64",
            "sentiment_neg_share": "float64",
        }
    )
    columns.update({f"sentiment_arc_{i}": "float64" for i in range(1, N_ARC + 1)})
    columns.update(
        {
            "quoted_share": "float64",
            "n_quotes": "int64",
            "top_speaker": "string",
        }
    )
    columns.update({f"{name}_per_1k": "float64" for name in STANCE_CUES.values()})
    columns["subjectivity"] = "float64"
    columns.update({f"frame_{d}": "float64" for d in frames_module.DIMENSIONS})
    columns.update({"flesch_reading_ease": "float64", "fk_grade": "float64"})
    return columns


def _empty(columns: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})


def _typed(rows: list[tuple] | pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    if isinstance(rows, pd.DataFrame):
        frame = rows.reindex(columns=list(columns))
    else:
        if not rows:
            return _empty(columns)
        frame = pd.DataFrame.from_records(rows, columns=list(columns))
    return frame.astype(columns).reset_index(drop=True)


# ---------------------------------------------------------------------------------------
# The FeatureSet.


@dataclass
class FeatureSet:
    """The feature tables of a corpus (see the module docstring) and their manifest."""

    articles: pd.DataFrame
    spans: pd.DataFrame
    sentences: pd.DataFrame
    actors: pd.DataFrame
    labels: pd.DataFrame
    quotes: pd.DataFrame
    manifest: dict[str, Any] = field(default_factory=dict)

    def save(self, processed_dir: str | os.PathLike[str] = PROCESSED_DIR) -> dict[str, Path]:
        """Write every table atomically (Parquet) plus ``features_manifest.json``.

        Returns the paths written, by table name (and ``"manifest"``).
        """
        base = Path(processed_dir)
        written = {
            name: write_parquet(getattr(self, name), base / file) for name, file in FILES.items()
        }
        written["manifest"] = write_json(self.manifest, base / MANIFEST)
        return written

    @classmethod
    def load(cls, processed_dir: str | os.PathLike[str] = PROCESSED_DIR) -> FeatureSet:
        """Read the tables :meth:`save` wrote; raises :class:`MissingStepError` if absent."""
        base = Path(processed_dir)
        missing = [file for file in [*FILES.values(), MANIFEST] if not (base / file).exists()]
        if missing:
            raise MissingStepError(
                f"{base}: no {', '.join(missing)}: run `framing features --processed {base}` first"
            )
        tables = {name: pd.read_parquet(base / file) for name, file in FILES.items()}
        return cls(**tables, manifest=read_json(base / MANIFEST))


# ---------------------------------------------------------------------------------------
# Per-chunk extraction: plain DataFrames in, plain DataFrames out.


def _sentence_index(sentences: pd.DataFrame) -> dict[str, tuple[list[int], list[int], list[int]]]:
    """Map article_id -> (sorted starts, ends, sentence ids) for offset -> sentence lookups."""
    index: dict[str, tuple[list[int], list[int], list[int]]] = {}
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
    match: Any,
    ids: list[str],
    texts: dict[str, str],
    lookup: dict[str, tuple[list[int], list[int], list[int]]],
    sentence_texts: list[str],
) -> tuple[dict[str, list[tuple]], dict[str, list[list[tuple]]], list[list[tuple]]]:
    """Run a whole-token matcher once per article and hand its hits to the sentences.

    ``match(text) -> [(start, end, payload)]``. Returns per article its hits, per article
    the hits of each sentence's slice of the article text (offsets within the sentence), and
    per sentence of ``sentence_texts`` (in the order of ``lookup`` over ``ids``) the hits
    of that text: the same as the slice's unless the table's text is not the slice.
    """
    from framing.features.lexicon import matches_in_sentences

    hits_of: dict[str, list[tuple]] = {}
    slices_of: dict[str, list[list[tuple]]] = {}
    found: list[list[tuple]] = []
    for article_id in ids:
        where = lookup.get(article_id)
        if where is None:
            continue
        text = texts[article_id]
        hits_of[article_id] = hits = match(text)
        bounds = list(zip(where[0], where[1], strict=True))
        slices_of[article_id] = matches_in_sentences(text, bounds, match, hits)
        for (start, end), sentence_hits in zip(bounds, slices_of[article_id], strict=True):
            sentence = sentence_texts[len(found)]
            found.append(sentence_hits if sentence == text[start:end] else match(sentence))
    return hits_of, slices_of, found


def _per_1k(count: float, n_tokens: int) -> float:
    return 1000.0 * count / n_tokens if n_tokens else 0.0


def resolve_lexicon(lexicon: Any, lexicon_mode: str) -> Any:
    """Return a Lexicon: the packaged one, a given object, or a user file merged/replacing."""
    from framing.features.lexicon import Lexicon, load_lexicon

    if lexicon is None or isinstance(lexicon, Lexicon):
        return lexicon if lexicon is not None else load_lexicon()
    if isinstance(lexicon, str | os.PathLike):
        return load_lexicon(extra=lexicon, mode=lexicon_mode)
    raise ParameterError(
        f"lexicon must be None, a Lexicon or a path to a lexicon file, got {type(lexicon).__name__}"
    )


def _gc_paused(function: Any) -> Any:
    """Run ``function`` with CPython's cyclic garbage collector paused, then restore it.

    Extraction builds hundreds of thousands of small tuples per chunk (span rows) that form
    no reference cycles; the collector would otherwise rescan them again and again while they
    grow (about 6 % of extraction time, measured). Cycles made meanwhile are collected after.
    """

    @functools.wraps(function)
    def paused(*args: Any, **kwargs: Any) -> Any:
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
    lexicon: Any = None,
    *,
    timings: dict[str, float] | None = None,
) -> dict[str, pd.DataFrame]:
    """Return the six feature tables for in-memory ``articles`` and ``sentences`` tables.

    articles
        ``article_id`` and ``text`` (the clean body); row order is kept.
    sentences
        the processed ``sentences`` table (article_id, sentence_id, start, end, text) of those
        articles, offsets into the article text.
    lexicon
        a :class:`framing.lexicon.Lexicon` (default: the packaged one).
    timings
        when given, seconds spent per feature family are added to it (for benchmarks).
    """
    timings = {} if timings is None else timings
    clock = [perf_counter()]

    def lap(family: str) -> None:
        now = perf_counter()
        timings[family] = timings.get(family, 0.0) + now - clock[0]
        clock[0] = now

    from framing.features import actors as actors_module
    from framing.features import competing_labels as labels_module
    from framing.features import quotes as quotes_module
    from framing.features import readability as readability_module
    from framing.features import sentiment, stance
    from framing.features.lexicon import hit_rows, load_lexicon

    lexicon = lexicon if lexicon is not None else load_lexicon()
    frame_set = frames_module.load_frames()
    ids = articles["article_id"].astype(str).tolist()
    texts = dict(zip(ids, articles["text"].fillna("").astype(str), strict=True))
    sentences = sentences[sentences["article_id"].astype(str).isin(texts)]
    order = {article_id: i for i, article_id in enumerate(ids)}
    sentences = (
        sentences.assign(_order=sentences["article_id"].astype(str).map(order))
        .sort_values(["_order", "sentence_id"], kind="stable")
        .reset_index(drop=True)
    )
    sentence_positions = sentences.pop("_order").to_numpy(dtype=np.int64)
    lookup = _sentence_index(sentences)
    # Quotation regions once per article: loaded terms, labels, cues and spans all use them.
    regions_of = {article_id: quotes_module.quoted_regions(texts[article_id]) for article_id in ids}
    span_rows: list[tuple] = []
    lap("setup")

    # The lexicon, matched once per article: loaded-term spans (below) and, sentence by
    # sentence, the valences that override VADER's.
    sentence_texts = sentences["text"].fillna("").astype(str).tolist()
    lexicon_hits, _, matched = _match_sentences(
        lexicon.matcher.match, ids, texts, lookup, sentence_texts
    )
    valences = [sentiment.valence_spans(hits, lexicon) for hits in matched]
    lap("loaded")

    # Sentiment: one VADER pass over every sentence.
    scores = sentiment.score(sentence_texts, lexicon=lexicon, spans=valences)
    sentence_table = sentences[["article_id", "sentence_id", "start", "end", "text"]].assign(
        compound=scores["compound"].to_numpy(), compound_vader=scores["compound_vader"].to_numpy()
    )
    by_article = {
        str(row["article_id"]): row
        for row in sentiment.article_sentiment(sentence_table, n_bins=N_ARC).to_dict("records")
    }
    lap("sentiment")

    # Loaded terms: one automaton pass per article, quoted status judged on the whole article.
    loaded_counts: dict[str, dict[str, int]] = {}
    for position, aid in enumerate(ids):
        where = lookup.get(aid)
        if where is None:
            continue
        text = texts[aid]
        starts, ends, _ = where
        for hit in hit_rows(text, lexicon, regions=regions_of[aid], spans=lexicon_hits[aid]):
            start, end, surface, term, category, _side, _valence, why, quoted, negated = hit
            k = bisect.bisect_right(starts, start) - 1
            if k < 0 or start >= ends[k]:
                continue  # outside every sentence (e.g. text the segmenter dropped)
            span_rows.append(
                (position, start, end, surface, "loaded", term, category, bool(quoted),
                 bool(negated), why)
            )  # fmt: skip
            counts = loaded_counts.setdefault(aid, {})
            keys = ["loaded_hits", f"loaded_{category}"]
            if quoted:
                keys.append("loaded_quoted")
            if negated:
                keys.append("loaded_negated")
            if not quoted and not negated:
                keys.append("loaded_author_voice")
            for key in keys:
                counts[key] = counts.get(key, 0) + 1
    lap("loaded")

    # Actors: the module's matcher, sentiment from the sentence scores.
    actor_set = actors_module.load_actors()
    _, slice_hits, found = _match_sentences(actor_set.matches, ids, texts, lookup, sentence_texts)
    actor_table = actors_module.actor_sentiment(
        sentences, scores, actor_set, lexicon=lexicon, found=found
    )
    actor_table = (
        actor_table.assign(_order=actor_table["article_id"].astype(str).map(order))
        .sort_values(["_order", "actor"], kind="stable")
        .drop(columns="_order")
    )
    actor_counts: dict[str, tuple[int, int]] = {}
    for aid, mentions in zip(*_lists(actor_table, ["article_id", "mentions"]), strict=True):
        total, distinct = actor_counts.get(aid, (0, 0))
        actor_counts[aid] = (total + int(mentions), distinct + 1)
    lap("actors")

    label_sets = labels_module.load_label_sets()

    label_rows: list[tuple] = []
    quote_rows: list[tuple] = []
    article_rows: list[dict[str, Any]] = []
    categories = _loaded_categories()
    for position, article_id in enumerate(ids):
        text = texts[article_id]
        where = lookup.get(article_id)
        regions = regions_of[article_id]
        n_tokens = frames_module.count_tokens(text)
        lap("setup")

        # Actor mentions as spans (matched per sentence, as actor_sentiment does).
        if where is not None:
            for s_start, hits in zip(where[0], slice_hits[article_id], strict=True):
                for a_start, a_end, actor in hits:
                    start, end = s_start + a_start, s_start + a_end
                    span_rows.append(
                        (position, start, end, text[start:end], "actor", actor, "actor", None,
                         None, None)
                    )  # fmt: skip
        lap("actors")

        # Competing labels.
        article_labels = labels_module.label_rows(text, label_sets, regions=regions)
        label_count = len(article_labels)
        if label_count:
            for start, end, surface, label_set, label, quoted, negated in article_labels:
                label_rows.append((article_id, label_set, label, bool(quoted)))
                span_rows.append(
                    (position, start, end, surface, "label", label, label_set, bool(quoted),
                     bool(negated), None)
                )  # fmt: skip
        lap("labels")

        # Quotes and attribution.
        quotes = quotes_module.quote_rows(text, regions=regions)
        stats = quotes_module.stats_from_rows(
            [(r[1], r[2], r[4], r[7], r[6]) for r in quotes], text
        )
        for row in quotes:
            quote_id, start, end, surface, speaker, verb, verb_class, n_words = row
            quote_rows.append((article_id, *row))
            span_rows.append(
                (position, start, end, surface, "quote", speaker, verb_class, True, None, None)
            )
        lap("quotes")

        # Stance cues and subjectivity.
        cue_counts: dict[str, int] = {}
        for start, end, surface, cue in stance.cue_rows(text):
            cue_counts[cue] = cue_counts.get(cue, 0) + 1
            span_rows.append(
                (position, start, end, surface, "stance", " ".join(surface.lower().split()),
                 cue, None, None, None)
            )  # fmt: skip
        subjectivity = stance.subjectivity(text) if n_tokens else np.nan
        lap("stance")

        # Frame dimensions.
        frame_counts = dict.fromkeys(frames_module.DIMENSIONS, 0)
        for start, end, dimension, seed in frames_module.frame_hits(text, frame_set):
            frame_counts[dimension] += 1
            span_rows.append(
                (position, start, end, text[start:end], "frame", seed, dimension, None, None,
                 frame_set.definitions.get(dimension) or None)
            )  # fmt: skip
        lap("frames")

        read = readability_module.readability(text) if n_tokens else {}
        lap("readability")

        sent = by_article.get(article_id, {})
        counts = loaded_counts.get(article_id, {})
        record: dict[str, Any] = {
            "article_id": article_id,
            "n_sentences": 0 if where is None else len(where[0]),
            "n_tokens": n_tokens,
            "loaded_hits": counts.get("loaded_hits", 0),
            "loaded_per_1k": _per_1k(counts.get("loaded_hits", 0), n_tokens),
            "loaded_author_voice": counts.get("loaded_author_voice", 0),
            "loaded_quoted": counts.get("loaded_quoted", 0),
            "loaded_negated": counts.get("loaded_negated", 0),
            "label_hits": label_count,
            "actor_mentions": actor_counts.get(article_id, (0, 0))[0],
            "n_actors": actor_counts.get(article_id, (0, 0))[1],
            "sentiment_mean": sent.get("sentiment_mean", np.nan),
            "sentiment_neg_share": sent.get("share_negative", np.nan),
            "quoted_share": float(stats.get("quoted_share", 0.0) or 0.0),
            "n_quotes": len(quotes),
            "top_speaker": stats.get("top_speaker"),
            "subjectivity": subjectivity,
            "flesch_reading_ease": read.get("flesch_reading_ease", np.nan),
            "fk_grade": read.get("fk_grade", read.get("flesch_kincaid_grade", np.nan)),
        }
        for category in categories:
            record[f"loaded_{category}"] = counts.get(f"loaded_{category}", 0)
        for i in range(1, N_ARC + 1):
            record[f"sentiment_arc_{i}"] = sent.get(f"arc_{i}", np.nan)
        for cue, name in STANCE_CUES.items():
            record[f"{name}_per_1k"] = _per_1k(cue_counts.get(cue, 0), n_tokens)
        for dimension, count in frame_counts.items():
            record[f"frame_{dimension}"] = _per_1k(count, n_tokens)
        article_rows.append(record)
        lap("assemble")

    columns = article_columns()
    article_table = _typed(pd.DataFrame(article_rows, columns=list(columns)), columns)
    sentence_arrays = (
        sentence_positions,
        *(sentences[c].to_numpy(dtype=np.int64) for c in ("start", "end", "sentence_id")),
    )
    spans = span_table.build(
        span_rows, ids, [texts[a] for a in ids], sentence_arrays,
        [regions_of[a] for a in ids], KWIC,
    )  # fmt: skip
    lap("assemble")
    return {
        "articles": article_table,
        "spans": spans,
        "sentences": _typed(sentence_table, SENTENCE_COLUMNS),
        "actors": _typed(actor_table, ACTOR_COLUMNS),
        "labels": _label_table(label_rows),
        "quotes": _typed(quote_rows, QUOTE_COLUMNS),
    }


def _lists(table: pd.DataFrame, columns: list[str]) -> list[list[Any]]:
    """Return the given columns as Python lists (missing values as None), for fast loops."""
    return [table[column].to_numpy(dtype=object, na_value=None).tolist() for column in columns]


def _label_table(label_rows: list[tuple[str, str, str, bool]]) -> pd.DataFrame:
    """Count each article's labels in author voice and in quotes (first-seen order)."""
    counts: dict[tuple[str, str, str], list[int]] = {}
    for article_id, label_set, label, quoted in label_rows:
        pair = counts.setdefault((article_id, label_set, label), [0, 0])
        pair[1 if quoted else 0] += 1
    rows = [(*key, author, quoted) for key, (author, quoted) in counts.items()]
    return _typed(rows, LABEL_COLUMNS)


# ---------------------------------------------------------------------------------------
# The corpus entry point.


def _concat(
    parts: list[dict[str, pd.DataFrame]], name: str, columns: dict[str, str]
) -> pd.DataFrame:
    frames = [part[name] for part in parts if len(part[name])]
    if not frames:
        return _empty(columns)
    return pd.concat(frames, ignore_index=True).astype(columns)


def _read_rows(processed_dir: Path, name: str, columns: list[str], ids: list[str]) -> pd.DataFrame:
    """Read only the rows of ``ids`` from table ``name`` (each worker reads its own input)."""
    path = table_path(processed_dir, name)
    return pd.read_parquet(path, columns=columns, filters=[("article_id", "in", ids)])


def _extract_chunk(processed_dir: str, ids: list[str], lexicon: Any) -> dict[str, pd.DataFrame]:
    """Worker: read the chunk's articles and sentences from Parquet and extract them."""
    base = Path(processed_dir)
    articles = _read_rows(base, "articles", ["article_id", "text"], ids)
    articles = articles.set_index("article_id").loc[ids].reset_index()
    sentences = _read_rows(
        base, "sentences", ["article_id", "sentence_id", "start", "end", "text"], ids
    )
    return extract_tables(articles, sentences, lexicon)


def features_manifest(corpus: Corpus, article_ids: list[str], lexicon: Any) -> dict[str, Any]:
    try:
        hash_ = corpus.hash
    except (FramingError, KeyError):
        hash_ = corpus_hash(article_ids, PIPELINE_VERSION)
    frame_set = frames_module.load_frames()
    return {
        "corpus_hash": hash_,
        "features_version": FEATURES_VERSION,
        "package_version": __version__,
        "lexicon_version": str(getattr(lexicon, "version", "unknown")),
        "lexicon_sources": [str(s) for s in getattr(lexicon, "sources", ())],
        "frames_version": frame_set.version,
        "n_articles": len(article_ids),
        "files": dict(FILES),
    }


def _worker_context() -> Any:
    """Return the multiprocessing context for workers.

    ``forkserver`` (where available) forks workers from a clean server process that has
    imported the feature modules once: safe with Arrow's threads, and without the ~2 s of
    imports per worker that ``spawn`` pays.
    """
    try:
        context = get_context("forkserver")
    except ValueError:  # platforms without fork (Windows)
        return get_context("spawn")
    context.set_forkserver_preload(
        ["framing.features.extraction", "framing.features.sentiment", "framing.features.lexicon"]
    )
    return context


def _chunks(ids: list[str], size: int) -> list[list[str]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _chunk_tables(
    articles: pd.DataFrame, sentences: pd.DataFrame, size: int
) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """Yield ``(articles, sentences)`` for each run of ``size`` consecutive articles.

    The sentences are put in article order once, so each chunk's are one slice of rows
    (sentences of articles not in ``articles`` are left out).
    """
    position = pd.Series(np.arange(len(articles)), index=articles["article_id"].to_numpy())
    sentences = sentences.assign(article_id=sentences["article_id"].astype(str))
    order = sentences["article_id"].map(position)
    sentences = (
        sentences.assign(_position=order)[order.notna()]
        .sort_values(["_position", "sentence_id"], kind="stable")
        .reset_index(drop=True)
    )
    firsts = np.arange(0, len(articles), size)
    cuts = np.searchsorted(sentences["_position"].to_numpy(), [*firsts, len(articles)])
    sentences = sentences.drop(columns="_position")
    for k, first in enumerate(firsts):
        yield articles.iloc[first : first + size], sentences.iloc[cuts[k] : cuts[k + 1]]


def extract(
    corpus: Corpus,
    *,
    lexicon: Any = None,
    lexicon_mode: str = "merge",
    jobs: int = 1,
    progress: bool = False,
    chunk_size: int = CHUNK_SIZE,
) -> FeatureSet:
    """Return the :class:`FeatureSet` of a processed corpus.

    lexicon
        a :class:`framing.lexicon.Lexicon`, or a path to a user lexicon file combined with
        the packaged one by ``lexicon_mode`` ("merge" adds and overrides, "replace" uses it
        alone); ``None`` uses the packaged lexicon.
    jobs
        worker processes (``jobs > 1`` pays off from a few hundred articles; PERFORMANCE.md
        measured 1.6–1.9× on 2 cores). Output is identical for any ``jobs``.
    progress
        show a tqdm bar (on stderr) over article chunks.

    >>> features = extract(Corpus("data/processed"))          # doctest: +SKIP
    >>> trace(features, features.articles.article_id[0], "loaded_hits")  # doctest: +SKIP
    """
    if not isinstance(corpus, Corpus):
        raise ParameterError(f"extract expects a framing.Corpus, got {type(corpus).__name__}")
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ParameterError(f"jobs must be a positive integer, got {jobs!r}")
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise ParameterError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    if lexicon_mode not in ("merge", "replace"):
        raise ParameterError(f"lexicon_mode must be 'merge' or 'replace', got {lexicon_mode!r}")
    from tqdm.auto import tqdm

    lexicon = resolve_lexicon(lexicon, lexicon_mode)
    article_ids = corpus.table("articles", columns=["article_id"])["article_id"].astype(str)
    ids = article_ids.tolist()
    if len(set(ids)) != len(ids):
        raise SchemaError(f"{corpus.processed_dir}: the articles table has duplicate article_id")
    chunks = _chunks(ids, chunk_size)
    bar = tqdm(total=len(ids), desc="features", unit="article", disable=not progress)
    parts: list[dict[str, pd.DataFrame]] = []
    try:
        if jobs > 1 and len(ids) >= MIN_ARTICLES_FOR_PROCESSES:
            with ProcessPoolExecutor(max_workers=jobs, mp_context=_worker_context()) as pool:
                futures = [
                    pool.submit(_extract_chunk, str(corpus.processed_dir), chunk, lexicon)
                    for chunk in chunks
                ]
                for chunk, future in zip(chunks, futures, strict=True):
                    parts.append(future.result())
                    bar.update(len(chunk))
        else:
            if jobs > 1:
                logger.info("%d articles: extracting in one process", len(ids))
            articles = corpus.table("articles", columns=["article_id", "text"])
            sentences = corpus.table(
                "sentences", columns=["article_id", "sentence_id", "start", "end", "text"]
            )
            articles["article_id"] = articles["article_id"].astype(str)
            for chunk_articles, chunk_sentences in _chunk_tables(articles, sentences, chunk_size):
                parts.append(extract_tables(chunk_articles, chunk_sentences, lexicon))
                bar.update(len(chunk_articles))
    finally:
        bar.close()
    if not parts:
        parts = [extract_tables(pd.DataFrame({"article_id": [], "text": []}),
                                _empty(SENTENCE_COLUMNS), lexicon)]  # fmt: skip
    return FeatureSet(
        articles=_concat(parts, "articles", article_columns()),
        spans=_concat(parts, "spans", SPAN_COLUMNS),
        sentences=_concat(parts, "sentences", SENTENCE_COLUMNS),
        actors=_concat(parts, "actors", ACTOR_COLUMNS),
        labels=_concat(parts, "labels", LABEL_COLUMNS),
        quotes=_concat(parts, "quotes", QUOTE_COLUMNS),
        manifest=features_manifest(corpus, ids, lexicon),
    )


def extract_to(
    processed_dir: str | os.PathLike[str] = PROCESSED_DIR,
    *,
    lexicon: Any = None,
    lexicon_mode: str = "merge",
    jobs: int = 1,
    progress: bool = False,
) -> FeatureSet:
    """Extract the features of the corpus in ``processed_dir`` and save them there (CLI step)."""
    features = extract(
        Corpus(Path(processed_dir)),
        lexicon=lexicon,
        lexicon_mode=lexicon_mode,
        jobs=jobs,
        progress=progress,
    )
    features.save(processed_dir)
    return features


# ---------------------------------------------------------------------------------------
# Tracing: the rows behind an article-level value.

_SENTENCE_FEATURES = {"n_sentences", "sentiment_mean", "sentiment_neg_share"} | {
    f"sentiment_arc_{i}" for i in range(1, N_ARC + 1)
}


def _span_filter(spans: pd.DataFrame, feature: str) -> pd.Series | None:
    """Return the mask of spans behind ``feature``, or None if it is not span-based."""
    kind, category = spans["kind"], spans["category"]
    quoted, negated = spans["quoted"].astype(bool), spans["negated"].fillna(False).astype(bool)
    loaded = kind == "loaded"
    masks: dict[str, pd.Series] = {
        "loaded_hits": loaded,
        "loaded_per_1k": loaded,
        "loaded_author_voice": loaded & ~quoted & ~negated,
        "loaded_quoted": loaded & quoted,
        "loaded_negated": loaded & negated,
        "label_hits": kind == "label",
        "actor_mentions": kind == "actor",
        "n_actors": kind == "actor",
        "n_quotes": kind == "quote",
        "quoted_share": kind == "quote",
        "top_speaker": kind == "quote",
    }
    if feature in masks:
        return masks[feature]
    if feature.startswith("loaded_"):
        return loaded & (category == feature.removeprefix("loaded_"))
    if feature.startswith("frame_"):
        return (kind == "frame") & (category == feature.removeprefix("frame_"))
    for cue, name in STANCE_CUES.items():
        if feature == f"{name}_per_1k":
            return (kind == "stance") & (category == cue)
    return None


def trace(feature_set: FeatureSet, article_id: str, feature: str) -> pd.DataFrame:
    """Return the rows behind ``feature`` of article ``article_id``.

    Span-based features (``loaded_*``, ``label_hits``, ``actor_mentions``, ``n_quotes``,
    ``quoted_share``, ``top_speaker`` (the quotes), stance ``*_per_1k``, ``frame_*``) return
    the matching rows of ``feature_set.spans``: a count equals the number of rows, a rate is
    rows / n_tokens × 1,000. Sentence-based features (``n_sentences``, ``sentiment_*``) return
    the article's rows of ``feature_set.sentences``. ``top_speaker`` keeps the quotes of that
    speaker only.

    >>> trace(features, "3d1f3732a668f00a", "loaded_quoted")[["text", "quoted"]]  # doctest: +SKIP
    """
    known = set(feature_set.articles.columns) - {"article_id"}
    if feature not in known:
        raise ParameterError(
            f"unknown feature {feature!r}; features are the columns of FeatureSet.articles, "
            f"e.g. {sorted(known)[:6]}"
        )
    if article_id not in set(feature_set.articles["article_id"].astype(str)):
        raise ParameterError(f"article {article_id!r} is not in this feature set")
    if feature in _SENTENCE_FEATURES:
        rows = feature_set.sentences[feature_set.sentences["article_id"] == article_id]
        return rows.reset_index(drop=True)
    spans = feature_set.spans[feature_set.spans["article_id"] == article_id]
    mask = _span_filter(spans, feature)
    if mask is None:
        raise ParameterError(
            f"feature {feature!r} is computed from the whole article text (not from spans): "
            "see its value in FeatureSet.articles"
        )
    rows = spans[mask]
    if feature == "top_speaker":
        speaker = feature_set.articles.set_index("article_id").loc[article_id, "top_speaker"]
        # quote_stats names the top speaker by surname ("Putin" for "Vladimir Putin").
        surname = rows["term"].fillna("").str.split().str[-1]
        rows = rows[surname == speaker] if not pd.isna(speaker) else rows.iloc[0:0]
    return rows.reset_index(drop=True)


# ---------------------------------------------------------------------------------------
# scikit-learn transformer.


def _texts_to_tables(texts: Iterable[Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Build in-memory articles/sentences tables from raw texts (ids "0", "1", …)."""
    from framing.ingest.segment import split_sentences

    values = [
        "" if t is None or (isinstance(t, float) and math.isnan(t)) else str(t) for t in texts
    ]
    ids = [str(i) for i in range(len(values))]
    rows = []
    for article_id, text in zip(ids, values, strict=True):
        for sentence_id, (start, end) in enumerate(split_sentences(text)):
            rows.append((article_id, sentence_id, start, end, text[start:end]))
    sentences = pd.DataFrame(rows, columns=["article_id", "sentence_id", "start", "end", "text"])
    return pd.DataFrame({"article_id": ids, "text": values}), sentences


class FramingFeatures(TransformerMixin, BaseEstimator):
    """Article-level framing features of raw texts, as a scikit-learn transformer.

    Parameters
    ----------
    lexicon : Lexicon, path or None
        The loaded-term lexicon (None: the packaged one; a path is merged into it).
    features : list of str or None
        Columns of :func:`article_columns` to output (None: every numeric one).

    Missing values (the sentiment arc of articles shorter than five sentences, readability of
    empty texts) are returned as 0.0 so downstream estimators accept the matrix.

    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.linear_model import LogisticRegression
    >>> model = make_pipeline(FramingFeatures(), LogisticRegression())  # doctest: +SKIP
    """

    def __init__(self, lexicon: Any = None, features: Sequence[str] | None = None):
        self.lexicon = lexicon
        self.features = features

    def _columns(self) -> list[str]:
        numeric = [c for c, t in article_columns().items() if c != "article_id" and t != "string"]
        if self.features is None:
            return numeric
        unknown = [f for f in self.features if f not in numeric]
        if unknown:
            raise ParameterError(
                f"FramingFeatures(features=...): unknown or non-numeric feature(s) {unknown}"
            )
        return list(self.features)

    def fit(self, X: Iterable[Any], y: Any = None) -> FramingFeatures:
        """Check the parameters and remember the output columns; learns nothing from ``X``."""
        self.feature_names_out_ = np.asarray(self._columns(), dtype=object)
        self.n_features_out_ = len(self.feature_names_out_)
        return self

    def transform(self, X: Iterable[Any]) -> np.ndarray:
        """Return an array (n_texts × n_features) of the features of raw texts ``X``."""
        if isinstance(X, str):
            raise ParameterError(
                "FramingFeatures.transform expects a list of texts, not one string"
            )
        columns = self._columns()
        articles, sentences = _texts_to_tables(list(X))
        tables = extract_tables(articles, sentences, resolve_lexicon(self.lexicon, "merge"))
        return tables["articles"][columns].astype(float).fillna(0.0).to_numpy()

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Return the output feature names (columns of ``FeatureSet.articles``)."""
        return np.asarray(self._columns(), dtype=object)
