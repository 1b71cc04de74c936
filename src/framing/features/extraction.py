"""Feature extraction over a processed corpus: chunk by chunk, in worker processes if asked.

:func:`extract` reads a processed :class:`~framing.corpus.Corpus` and returns its
:class:`~framing.features.feature_set.FeatureSet`; :func:`extract_to` also saves it (the CLI
step). The articles are cut into contiguous chunks, each turned into tables by
:func:`~framing.features.chunk_tables.extract_tables`. ``jobs > 1`` hands the chunks to worker
processes that read their own rows from Parquet; results are concatenated in chunk order, so
output is identical for any ``jobs``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from multiprocessing import get_context
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing import __version__
from framing.checks import check_int
from framing.config import PIPELINE_VERSION, PROCESSED_DIR
from framing.corpus import Corpus, corpus_hash
from framing.errors import FramingError, ParameterError, SchemaError
from framing.features.chunk_tables import extract_tables
from framing.features.feature_set import FeatureSet
from framing.features.frames import load_frames
from framing.features.lexicon import Lexicon, load_lexicon
from framing.features.schema import (
    ACTOR_COLUMNS,
    FEATURES_VERSION,
    LABEL_COLUMNS,
    QUOTE_COLUMNS,
    SENTENCE_COLUMNS,
    SPAN_TARGET_COLUMNS,
    article_columns,
    empty_table,
)
from framing.features.span_table import SPAN_COLUMNS
from framing.tables import FEATURE_FILES, table_path

logger = logging.getLogger(__name__)

#: Articles per chunk: the unit of progress and of work handed to a worker process.
CHUNK_SIZE = 200
#: Below this many articles, ``jobs > 1`` is not worth starting processes.
MIN_ARTICLES_FOR_PROCESSES = 400

#: What :func:`resolve_lexicon` accepts: a Lexicon, a path to a user lexicon file, or None.
LexiconSpec = Lexicon | str | os.PathLike[str] | None


def resolve_lexicon(lexicon: LexiconSpec, lexicon_mode: str) -> Lexicon:
    """Return a Lexicon: the packaged one, a given object, or a user file merged/replacing."""
    if lexicon is None or isinstance(lexicon, Lexicon):
        return lexicon if lexicon is not None else load_lexicon()
    if isinstance(lexicon, str | os.PathLike):
        return load_lexicon(extra=lexicon, mode=lexicon_mode)
    raise ParameterError(
        f"lexicon must be None, a Lexicon or a path to a lexicon file, got {type(lexicon).__name__}"
    )


def _concat(
    parts: list[dict[str, pd.DataFrame]], name: str, columns: dict[str, str]
) -> pd.DataFrame:
    # Optional columns (the spans' target sentiment) are kept only when the chunks have them.
    columns = {c: t for c, t in columns.items() if not parts or c in parts[0][name].columns}
    frames = [part[name] for part in parts if len(part[name])]
    if not frames:
        return empty_table(columns)
    return pd.concat(frames, ignore_index=True).astype(columns)


def _read_rows(processed_dir: Path, name: str, columns: list[str], ids: list[str]) -> pd.DataFrame:
    """Read only the rows of ``ids`` from table ``name`` (each worker reads its own input)."""
    path = table_path(processed_dir, name)
    return pd.read_parquet(path, columns=columns, filters=[("article_id", "in", ids)])


def _extract_chunk(
    processed_dir: str, ids: list[str], tables: Callable[..., dict[str, pd.DataFrame]]
) -> dict[str, pd.DataFrame]:
    """Worker: read the chunk's articles and sentences from Parquet and apply ``tables``."""
    base = Path(processed_dir)
    articles = _read_rows(base, "articles", ["article_id", "title", "text"], ids)
    articles = articles.set_index("article_id").loc[ids].reset_index()
    sentences = _read_rows(
        base, "sentences", ["article_id", "sentence_id", "start", "end", "text"], ids
    )
    return tables(articles, sentences)


def features_manifest(
    corpus: Corpus, article_ids: list[str], lexicon: Lexicon, *, target_sentiment: bool = False
) -> dict[str, Any]:
    """Return the manifest saved beside the feature tables: corpus hash, versions, sources."""
    try:
        hash_ = corpus.hash
    except (FramingError, KeyError):
        hash_ = corpus_hash(article_ids, PIPELINE_VERSION)
    frame_set = load_frames()
    return {
        "corpus_hash": hash_,
        "features_version": FEATURES_VERSION,
        "package_version": __version__,
        "lexicon_version": str(getattr(lexicon, "version", "unknown")),
        "lexicon_sources": [str(s) for s in getattr(lexicon, "sources", ())],
        "frames_version": frame_set.version,
        "n_articles": len(article_ids),
        "target_sentiment": bool(target_sentiment),
        "files": dict(FEATURE_FILES),
    }


def _worker_context() -> BaseContext:
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
    lexicon: LexiconSpec = None,
    lexicon_mode: str = "merge",
    jobs: int = 1,
    progress: bool = False,
    chunk_size: int = CHUNK_SIZE,
    target_sentiment: bool = False,
) -> FeatureSet:
    """Return the :class:`FeatureSet` of a processed corpus.

    lexicon
        a :class:`framing.features.lexicon.Lexicon`, or a path to a user lexicon file
        combined with the packaged one by ``lexicon_mode`` ("merge" adds and overrides,
        "replace" uses it alone); ``None`` uses the packaged lexicon.
    jobs
        worker processes (``jobs > 1`` pays off from a few hundred articles: 1.6–1.9× on
        2 cores, measured by ``benchmarks/bench_features.py``). Output is identical for any
        ``jobs``.
    progress
        show a tqdm bar (on stderr) over article chunks.
    target_sentiment
        judge each actor mention's sentiment (off by default: it about doubles the time).

    >>> features = extract(Corpus("data/processed"))  # doctest: +SKIP
    >>> features.articles["loaded_hits"].sum()  # doctest: +SKIP
    """
    if not isinstance(corpus, Corpus):
        raise ParameterError(f"extract expects a framing.Corpus, got {type(corpus).__name__}")
    check_int("jobs", jobs)
    check_int("chunk_size", chunk_size)
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
    tables = partial(extract_tables, lexicon=lexicon, target_sentiment=target_sentiment)
    try:
        if jobs > 1 and len(ids) >= MIN_ARTICLES_FOR_PROCESSES:
            with ProcessPoolExecutor(max_workers=jobs, mp_context=_worker_context()) as pool:
                futures = [
                    pool.submit(_extract_chunk, str(corpus.processed_dir), chunk, tables)
                    for chunk in chunks
                ]
                for chunk, future in zip(chunks, futures, strict=True):
                    parts.append(future.result())
                    bar.update(len(chunk))
        else:
            if jobs > 1:
                logger.info("%d articles: extracting in one process", len(ids))
            articles = corpus.table("articles", columns=["article_id", "title", "text"])
            sentences = corpus.table(
                "sentences", columns=["article_id", "sentence_id", "start", "end", "text"]
            )
            articles["article_id"] = articles["article_id"].astype(str)
            for chunk_articles, chunk_sentences in _chunk_tables(articles, sentences, chunk_size):
                parts.append(tables(chunk_articles, chunk_sentences))
                bar.update(len(chunk_articles))
    finally:
        bar.close()
    if not parts:
        parts = [extract_tables(pd.DataFrame({"article_id": [], "text": []}),
                                empty_table(SENTENCE_COLUMNS), lexicon)]  # fmt: skip
    return FeatureSet(
        articles=_concat(parts, "articles", article_columns()),
        spans=_concat(parts, "spans", SPAN_COLUMNS | SPAN_TARGET_COLUMNS),
        sentences=_concat(parts, "sentences", SENTENCE_COLUMNS),
        actors=_concat(parts, "actors", ACTOR_COLUMNS),
        labels=_concat(parts, "labels", LABEL_COLUMNS),
        quotes=_concat(parts, "quotes", QUOTE_COLUMNS),
        manifest=features_manifest(corpus, ids, lexicon, target_sentiment=target_sentiment),
    )


def extract_to(
    processed_dir: str | os.PathLike[str] = PROCESSED_DIR,
    *,
    lexicon: LexiconSpec = None,
    lexicon_mode: str = "merge",
    jobs: int = 1,
    progress: bool = False,
    target_sentiment: bool = False,
) -> FeatureSet:
    """Extract the features of the corpus in ``processed_dir`` and save them there (CLI step)."""
    features = extract(
        Corpus(Path(processed_dir)),
        lexicon=lexicon,
        lexicon_mode=lexicon_mode,
        jobs=jobs,
        progress=progress,
        target_sentiment=target_sentiment,
    )
    features.save(processed_dir)
    return features
