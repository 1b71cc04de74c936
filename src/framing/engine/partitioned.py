"""The partitioned, resumable ingest and features steps.

:func:`ingest_partitioned` and :func:`features_partitioned` cut the work into partitions
(ingest: sorted raw files of one collection, ``partition_size`` at a time,
:mod:`framing.engine.ingest_partitions`; features: one partition per ingest partition,
:mod:`framing.engine.feature_partitions`), write them with :mod:`framing.engine.partitions`
and skip the partitions a previous (possibly killed) run finished. Memory is bounded by one
partition per worker, whatever the corpus size. Both engines of
:func:`framing.engine.executors.map_tasks` run the same partition functions, so their output
is identical.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from time import perf_counter
from typing import Any

import pandas as pd

from framing import __version__, config, corpus
from framing.checks import check_int
from framing.corpus import Corpus
from framing.engine import partitions
from framing.engine.executors import check_engine, map_tasks
from framing.engine.feature_partitions import features_partition, plan_features
from framing.engine.ingest_partitions import drop_cross_duplicates, ingest_partition, plan_ingest
from framing.errors import ParameterError
from framing.features.extraction import features_manifest, resolve_lexicon
from framing.features.lexicon import Lexicon
from framing.ingest.outdir import output_lock
from framing.ingest.records import TABLE_NAMES
from framing.ingest.step import check_day_first, check_out_dir, find_raw_files, ingest_options
from framing.io import write_json
from framing.tables import FEATURE_FILES

#: Raw files per ingest partition: ~1,000 articles keep a worker under ~100 MB.
PARTITION_SIZE = 1000


@dataclass
class RunSummary:
    """What one partitioned run did: partitions computed and skipped, rows, seconds."""

    step: str
    engine: str
    partitions: int = 0
    computed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    errors: int = 0
    error_messages: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def table(self) -> pd.DataFrame:
        """Return the summary as a two-column table (``item``, ``value``) for printing."""
        items: list[tuple[str, object]] = [
            ("engine", self.engine),
            ("partitions", self.partitions),
            ("computed", len(self.computed)),
            ("skipped (already done)", len(self.skipped)),
            ("seconds", round(self.seconds, 2)),
        ]
        items += [(f"rows: {name}", n) for name, n in self.rows.items()]
        if self.step == "ingest":
            items.append(("errors", self.errors))
        return pd.DataFrame(items, columns=["item", "value"])


def _add_marker_rows(summary: RunSummary, root: Path, keys: list[str]) -> list[dict[str, Any]]:
    """Add the row counts of the partition markers of ``keys`` to ``summary``; return them."""
    markers = [partitions.read_marker(root, summary.step, key) or {} for key in keys]
    for marker in markers:
        for name, n in marker.get("rows", {}).items():
            summary.rows[name] = summary.rows.get(name, 0) + n
    return markers


def ingest_partitioned(
    raw_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str] = config.PROCESSED_DIR,
    *,
    columns: dict[str, str] | None = None,
    max_bytes: int = config.DEFAULT_MAX_BYTES,
    day_first: dict[str, bool] | bool | None = None,
    engine: str = "local",
    jobs: int | None = None,
    scheduler: str | None = None,
    partition_size: int = PARTITION_SIZE,
    progress: bool = False,
    dask_processes: bool = True,
) -> RunSummary:
    """Ingest ``raw_dir`` into partitioned tables ``out_dir/<table>/part-<key>.parquet``.

    Partitions are the sorted raw files of one collection (sub-folder), ``partition_size``
    at a time (key ``<collection>--<number>``). Exact duplicates are collapsed across the
    whole corpus; near duplicates are flagged within a partition. Partitions finished by an
    earlier run with the same inputs and options are skipped. See
    :func:`~framing.engine.executors.map_tasks` for ``engine``, ``jobs`` and ``scheduler``.

    >>> ingest_partitioned("data/raw", "data/processed", engine="dask")  # doctest: +SKIP
    """
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    check_engine(engine, jobs, scheduler)
    check_int("partition_size", partition_size)
    check_int("max_bytes", max_bytes)
    check_out_dir(raw_dir, out_dir)
    started = perf_counter()
    files, skipped = find_raw_files(raw_dir)
    check_day_first(day_first, files, raw_dir)
    options = ingest_options(columns, max_bytes, day_first)
    tasks = plan_ingest(raw_dir, out_dir, partition_size, options, files)
    tables = list(TABLE_NAMES)
    summary = RunSummary("ingest", engine, partitions=len(tasks))
    summary.notes = [str(row["message"]) for row in skipped]
    with output_lock(out_dir):
        partitions.prepare_folders(out_dir, tables)
        partitions.remove_temporaries(out_dir, tables)
        keys = [task.key for task in tasks]
        partitions.remove_stale_parts(out_dir, "ingest", tables, keys)
        todo = [t for t in tasks if not partitions.is_done(out_dir, "ingest", t.key, t.fingerprint)]
        summary.computed = [t.key for t in todo]
        summary.skipped = [t.key for t in tasks if t not in todo]
        map_tasks(
            ingest_partition, todo, engine=engine, jobs=jobs, scheduler=scheduler,
            dask_processes=dask_processes, progress=progress, desc="ingest", unit="file",
            weights=[len(t.files) for t in todo],
        )  # fmt: skip
        kept, dropped = drop_cross_duplicates(out_dir, keys)
        for marker in _add_marker_rows(summary, out_dir, keys):
            summary.error_messages += marker.get("errors", [])
            summary.notes += marker.get("notes", [])
        summary.rows["articles"] = len(kept)
        summary.errors = len(summary.error_messages)
        manifest = {
            "pipeline_version": config.PIPELINE_VERSION,
            "package_version": __version__,
            "raw_dir": str(raw_dir.resolve()),
            "options": options,
            "layout": "partitioned",
            "partitions": {t.key: t.fingerprint for t in tasks},
            "skipped": summary.notes[: len(skipped)],
            "counts": dict(summary.rows),
            "cross_partition_duplicates": dropped,
            "corpus_hash": corpus.corpus_hash(kept, config.PIPELINE_VERSION),
        }
        write_json(manifest, out_dir / "manifest.json")
    summary.seconds = perf_counter() - started
    return summary


def features_partitioned(
    processed_dir: str | os.PathLike[str] = config.PROCESSED_DIR,
    *,
    lexicon: Lexicon | str | os.PathLike[str] | None = None,
    lexicon_mode: str = "merge",
    engine: str = "local",
    jobs: int | None = None,
    scheduler: str | None = None,
    chunk_size: int = PARTITION_SIZE,
    progress: bool = False,
    dask_processes: bool = True,
) -> RunSummary:
    """Extract features partition by partition into ``processed_dir/<file>/part-<key>.parquet``
    (``features.parquet/``, ``spans.parquet/`` … folders that :meth:`FeatureSet.load` and
    ``pd.read_parquet`` read like single files) plus ``features_manifest.json``.

    A partitioned corpus (from :func:`ingest_partitioned`) gives one features partition per
    ingest partition; a one-file corpus is cut into ``chunk_size`` articles. Tables are
    identical to :func:`framing.features.extraction` for any engine; partitions whose input and
    lexicon did not change since the last run are skipped.
    """
    if lexicon_mode not in ("merge", "replace"):
        raise ParameterError(f"lexicon_mode must be 'merge' or 'replace', got {lexicon_mode!r}")
    check_int("chunk_size", chunk_size)
    check_engine(engine, jobs, scheduler)
    started = perf_counter()
    base = Path(processed_dir)
    resolved = resolve_lexicon(lexicon, lexicon_mode)
    tasks, all_ids = plan_features(base, resolved, chunk_size)
    tables = list(FEATURE_FILES.values())
    partitions.prepare_folders(base, tables)
    partitions.remove_temporaries(base, tables)
    keys = [task.key for task in tasks]
    partitions.remove_stale_parts(base, "features", tables, keys)
    todo = [t for t in tasks if not partitions.is_done(base, "features", t.key, t.fingerprint)]
    summary = RunSummary("features", engine, partitions=len(tasks))
    summary.computed = [t.key for t in todo]
    summary.skipped = [t.key for t in tasks if t not in todo]
    map_tasks(
        features_partition, todo, engine=engine, jobs=jobs, scheduler=scheduler,
        dask_processes=dask_processes, progress=progress, desc="features", unit="article",
        weights=[t.n_articles for t in todo],
    )  # fmt: skip
    _add_marker_rows(summary, base, keys)
    write_json(features_manifest(Corpus(base), all_ids, resolved), base / "features_manifest.json")
    summary.seconds = perf_counter() - started
    return summary
