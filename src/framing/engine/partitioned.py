"""Execution engines and the partitioned, resumable ingest and features steps.

:func:`map_tasks` runs a picklable function over a list of tasks with one of two engines
and returns the results in task order:

``"local"``
    a process pool on this machine (``jobs`` processes, default all cores; ``jobs=1`` runs
    in this process).
``"dask"``
    Dask tasks on a ``distributed`` cluster: a ``LocalCluster`` of ``jobs`` single-threaded
    worker processes by default, or the running scheduler at ``scheduler``
    (``"tcp://host:8786"``). Workers read their own input partitions and write their own
    output parts, so only small summaries travel back to the client; on a real cluster the
    input and output folders must be on storage every worker sees (NFS, a shared disk).

:func:`ingest_partitioned` and :func:`features_partitioned` cut the work into partitions
(ingest: sorted raw files of one collection, ``partition_size`` at a time; features: one
partition per ingest partition), write them with :mod:`framing.engine.partitions` and skip the
partitions a previous (possibly killed) run finished. Memory is bounded by one partition
per worker, whatever the corpus size. Both engines run the same partition functions, so
their output is identical.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from time import perf_counter
from typing import Any

import pandas as pd

from framing import config, corpus
from framing.engine import partitions
from framing.errors import InputError, MissingStepError, ParameterError, SchemaError
from framing.io import read_json, write_json
from framing.tables import table_path

logger = logging.getLogger(__name__)

ENGINES = ("local", "dask")
#: Raw files per ingest partition: ~1,000 articles keep a worker under ~100 MB.
PARTITION_SIZE = 1000
INGEST_TABLES = ["articles", "paragraphs", "sentences", "removed_lines", "errors"]


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

    def table(self) -> pd.DataFrame:
        """Return the summary as a two-column table (``item``, ``value``) for printing."""
        items = [
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


# ---------------------------------------------------------------------------------------
# Engines.


def _check_engine(engine: str, jobs: int | None, scheduler: str | None) -> int:
    if engine not in ENGINES:
        raise ParameterError(f"engine must be one of {ENGINES}, got {engine!r}")
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise ParameterError(f"jobs must be a positive integer, got {jobs!r}")
    if scheduler is not None and engine != "dask":
        raise ParameterError("--scheduler needs --engine dask")
    return jobs if jobs is not None else (os.cpu_count() or 1)


def _pool_context() -> Any:
    """forkserver (workers fork from a clean process that imported the pipeline once)."""
    try:
        context = get_context("forkserver")
    except ValueError:  # no fork on this platform
        return get_context("spawn")
    context.set_forkserver_preload(
        ["framing.engine.partitioned", "framing.ingest.step", "framing.features.extraction"]
    )
    return context


def map_tasks(
    func: Callable[[Any], Any],
    tasks: Sequence[Any],
    *,
    engine: str = "local",
    jobs: int | None = None,
    scheduler: str | None = None,
    dask_processes: bool = True,
    progress: bool = False,
    desc: str = "tasks",
    unit: str = "task",
    weights: Sequence[int] | None = None,
) -> list[Any]:
    """Return ``[func(task) for task in tasks]``, computed by ``engine``, in task order.

    jobs
        local processes or ``LocalCluster`` workers (default: all cores).
    scheduler
        address of a running Dask scheduler (``engine="dask"`` only); no cluster is started.
    dask_processes
        ``False`` runs the ``LocalCluster`` workers as threads in this process (tests).
    weights
        progress units per task (articles per partition), so the bar shows articles/s and
        an ETA.
    """
    jobs = _check_engine(engine, jobs, scheduler)
    from tqdm.auto import tqdm

    weights = list(weights) if weights is not None else [1] * len(tasks)
    bar = tqdm(total=sum(weights), desc=desc, unit=unit, disable=not progress, file=sys.stderr)
    try:
        if engine == "dask":
            return _map_dask(func, tasks, jobs, scheduler, dask_processes, bar, weights)
        if jobs == 1 or len(tasks) < 2:
            results = []
            for task, weight in zip(tasks, weights, strict=True):
                results.append(func(task))
                bar.update(weight)
            return results
        with ProcessPoolExecutor(max_workers=jobs, mp_context=_pool_context()) as pool:
            futures = [pool.submit(func, task) for task in tasks]
            results = []
            for future, weight in zip(futures, weights, strict=True):
                results.append(future.result())
                bar.update(weight)
            return results
    finally:
        bar.close()


def _map_dask(func, tasks, jobs, scheduler, processes, bar, weights) -> list[Any]:
    from distributed import Client, LocalCluster, as_completed

    if scheduler:
        client, cluster = Client(scheduler), None
    else:
        cluster = LocalCluster(
            n_workers=jobs,
            threads_per_worker=1,
            processes=processes,
            dashboard_address=":0",
            silence_logs=logging.WARNING,
        )
        client = Client(cluster)
    try:
        futures = client.map(func, list(tasks), pure=False)
        weight_of = {future.key: weight for future, weight in zip(futures, weights, strict=True)}
        for future in as_completed(futures):
            bar.update(weight_of[future.key])
        return client.gather(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# ---------------------------------------------------------------------------------------
# Ingest.


@dataclass(frozen=True)
class IngestTask:
    """One ingest partition: the raw files (posix, relative to ``raw_dir``) of one collection."""

    key: str
    raw_dir: str
    out_dir: str
    files: tuple[str, ...]
    fingerprint: str
    first_of_collection: bool
    options: dict[str, Any]


def ingest_partition(task: IngestTask) -> dict[str, Any]:
    """Process one ingest partition and write its parts and marker; return the marker.

    Runs :func:`framing.ingest.process_file` on each file, then the same sorting, duplicate
    handling and validation as :func:`framing.ingest.ingest`, within the partition.
    """
    from framing.ingest import step as ingest_module
    from framing.ingest.readers import SIDECAR_NAME, read_sidecar

    raw_dir = Path(task.raw_dir)
    options = task.options
    paths = [raw_dir / label for label in task.files]
    folder = paths[0].parent
    sidecar_rows: list[dict[str, Any]] = []
    try:
        sidecar = read_sidecar(folder, (folder / SIDECAR_NAME).relative_to(raw_dir).as_posix())
    except InputError as error:
        sidecar = {}
        if task.first_of_collection:
            sidecar_rows.append(ingest_module._error_row(error))
    results = [
        ingest_module.process_file(
            path,
            raw_dir,
            columns=options["columns"] or None,
            max_bytes=options["max_bytes"],
            day_first=options["day_first"],
            overrides=sidecar.get(path.name),
        )
        for path in paths
    ]
    order = {label: i for i, label in enumerate(task.files)}
    staged: dict[str, pd.DataFrame] = {}
    sort_by = {"sentences": ["sentence_id"], "paragraphs": ["paragraph_id"],
               "removed_lines": ["line_no", "rule_id"], "errors": ["kind"]}  # fmt: skip
    for name in ingest_module.TABLE_NAMES:
        rows = [row for result in results for row in result.rows[name]]
        if name == "errors":
            rows = sidecar_rows + rows
        frame = ingest_module._frame(rows, name, key_columns=True)
        frame = frame.assign(_order=frame["path"].map(order).fillna(-1))
        staged[name] = (
            frame.sort_values(["_order", "record", *sort_by.get(name, [])], kind="stable")
            .drop(columns="_order")
            .reset_index(drop=True)
        )
    tables, summary = ingest_module._finish(staged, Path(task.out_dir))
    return partitions.write_partition(
        tables,
        task.out_dir,
        "ingest",
        task.key,
        task.fingerprint,
        extra={"n_files": len(task.files), "errors": summary.error_messages},
    )


def _ingest_tasks(
    raw_dir: Path, out_dir: Path, partition_size: int, options: dict[str, Any]
) -> list[IngestTask]:
    from framing.ingest.readers import SIDECAR_NAME, list_raw_files, sha256_file
    from framing.ingest.step import _package_version, collection_of

    files = list_raw_files(raw_dir)
    if not files:
        raise InputError(
            str(raw_dir),
            "holds no raw articles (.txt, .html, .htm, .csv or .jsonl files, searched recursively)",
            kind="missing",
        )
    by_collection: dict[str, list[Path]] = {}
    for path in files:
        by_collection.setdefault(collection_of(path, raw_dir), []).append(path)
    tasks = []
    for collection in sorted(by_collection):
        paths = by_collection[collection]
        sidecar = paths[0].parent / SIDECAR_NAME
        sidecar_hash = sha256_file(sidecar) if sidecar.is_file() else None
        for number, start in enumerate(range(0, len(paths), partition_size)):
            chunk = paths[start : start + partition_size]
            labels = tuple(p.relative_to(raw_dir).as_posix() for p in chunk)
            print_ = partitions.fingerprint(
                "ingest", config.PIPELINE_VERSION, _package_version(), options, sidecar_hash,
                number == 0, [(label, sha256_file(raw_dir / label)) for label in labels],
            )  # fmt: skip
            tasks.append(
                IngestTask(
                    key=partitions.partition_key(collection, number),
                    raw_dir=str(raw_dir.resolve()),
                    out_dir=str(out_dir.resolve()),
                    files=labels,
                    fingerprint=print_,
                    first_of_collection=number == 0,
                    options=options,
                )
            )
    keys = [task.key for task in tasks]
    if len(set(keys)) != len(keys):
        raise ParameterError(
            f"{raw_dir}: two collections map to the same partition key; rename the sub-folders "
            "so they differ in letters or digits"
        )
    return tasks


def _drop_cross_duplicates(out_dir: Path, keys: list[str]) -> tuple[list[str], int]:
    """Keep the first copy of an article_id that occurs in several partitions.

    Returns all kept article ids and how many copies were dropped. A partition that loses
    rows also loses its marker, so the next run recomputes it (its earlier twin may change).
    """
    from framing.io import write_parquet

    seen: set[str] = set()
    kept: list[str] = []
    dropped = 0
    for key in keys:
        path = partitions.part_path(out_dir, "articles", key)
        ids = pd.read_parquet(path, columns=["article_id"])["article_id"].astype(str).tolist()
        # Set membership per id: Series.isin(seen) rebuilt a table of every id seen so far
        # for each partition, quadratic in the corpus (minutes at 100,000 articles).
        repeated = [article_id for article_id in ids if article_id in seen]
        if repeated:
            dropped += len(repeated)
            bad = set(repeated)
            for table in ("articles", "paragraphs", "sentences", "removed_lines"):
                part = partitions.part_path(out_dir, table, key)
                frame = pd.read_parquet(part)
                write_parquet(frame[~frame["article_id"].astype(str).isin(bad)], part)
            partitions.marker_path(out_dir, "ingest", key).unlink(missing_ok=True)
            ids = [article_id for article_id in ids if article_id not in bad]
        seen.update(ids)
        kept.extend(ids)
    return kept, dropped


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
    earlier run with the same inputs and options are skipped. See :func:`map_tasks` for
    ``engine``, ``jobs`` and ``scheduler``.

    >>> ingest_partitioned("data/raw", "data/processed", engine="dask")  # doctest: +SKIP
    """
    from framing.ingest.step import _check_out_dir, _options, _package_version

    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    _check_engine(engine, jobs, scheduler)
    if (
        isinstance(partition_size, bool)
        or not isinstance(partition_size, int)
        or partition_size < 1
    ):
        raise ParameterError(f"partition_size must be a positive integer, got {partition_size!r}")
    if max_bytes < 1:
        raise ParameterError(f"max_bytes must be >= 1, got {max_bytes}")
    _check_out_dir(raw_dir, out_dir)
    started = perf_counter()
    options = _options(columns, max_bytes, day_first)
    tasks = _ingest_tasks(raw_dir, out_dir, partition_size, options)
    partitions.prepare_folders(out_dir, INGEST_TABLES)
    partitions.remove_temporaries(out_dir, INGEST_TABLES)
    keys = [task.key for task in tasks]
    partitions.remove_stale_parts(out_dir, "ingest", INGEST_TABLES, keys)
    todo = [t for t in tasks if not partitions.is_done(out_dir, "ingest", t.key, t.fingerprint)]
    summary = RunSummary("ingest", engine, partitions=len(tasks))
    summary.computed = [t.key for t in todo]
    summary.skipped = [t.key for t in tasks if t not in todo]
    map_tasks(
        ingest_partition, todo, engine=engine, jobs=jobs, scheduler=scheduler,
        dask_processes=dask_processes, progress=progress, desc="ingest", unit="file",
        weights=[len(t.files) for t in todo],
    )  # fmt: skip
    kept, dropped = _drop_cross_duplicates(out_dir, keys)
    for key in keys:
        marker = partitions.read_marker(out_dir, "ingest", key) or {}
        for name, n in marker.get("rows", {}).items():
            summary.rows[name] = summary.rows.get(name, 0) + n
        summary.error_messages += marker.get("errors", [])
    summary.rows["articles"] = len(kept)
    summary.errors = len(summary.error_messages)
    manifest = {
        "pipeline_version": config.PIPELINE_VERSION,
        "package_version": _package_version(),
        "options": options,
        "layout": "partitioned",
        "partitions": {t.key: t.fingerprint for t in tasks},
        "counts": dict(summary.rows),
        "cross_partition_duplicates": dropped,
        "corpus_hash": corpus.corpus_hash(kept, config.PIPELINE_VERSION),
    }
    write_json(manifest, out_dir / "manifest.json")
    summary.seconds = perf_counter() - started
    return summary


# ---------------------------------------------------------------------------------------
# Features.


@dataclass(frozen=True)
class FeatureTask:
    """One features partition: an articles part (or a chunk of ids of a one-file table)."""

    key: str
    processed_dir: str
    ids: tuple[str, ...] | None
    n_articles: int
    fingerprint: str
    lexicon: Any = None


def features_partition(task: FeatureTask) -> dict[str, Any]:
    """Extract the features of one partition and write its parts and marker; return it."""
    from framing.features.extraction import FILES, extract_tables

    base = Path(task.processed_dir)
    article_columns = ["article_id", "text"]
    sentence_columns = ["article_id", "sentence_id", "start", "end", "text"]
    if task.ids is None:
        articles = pd.read_parquet(partitions.part_path(base, "articles", task.key),
                                   columns=article_columns)  # fmt: skip
        sentences = pd.read_parquet(partitions.part_path(base, "sentences", task.key),
                                    columns=sentence_columns)  # fmt: skip
    else:
        ids = list(task.ids)
        where = [("article_id", "in", ids)]
        articles = pd.read_parquet(table_path(base, "articles"), columns=article_columns,
                                   filters=where)  # fmt: skip
        articles = articles.set_index("article_id").loc[ids].reset_index()
        sentences = pd.read_parquet(table_path(base, "sentences"),
                                    columns=sentence_columns, filters=where)  # fmt: skip
    tables = extract_tables(articles, sentences, task.lexicon)
    return partitions.write_partition(
        {FILES[name]: frame for name, frame in tables.items()},
        base,
        "features",
        task.key,
        task.fingerprint,
    )


def _feature_tasks(base: Path, lexicon: Any, chunk_size: int) -> tuple[list[FeatureTask], list]:
    from framing import __version__
    from framing.features.extraction import FEATURES_VERSION

    lexicon_id = [str(getattr(lexicon, "version", "")),
                  [str(s) for s in getattr(lexicon, "sources", ())]]  # fmt: skip
    articles_path = table_path(base, "articles")
    if not articles_path.exists():
        raise MissingStepError(f"{articles_path} does not exist: run `framing ingest` first")
    tasks: list[FeatureTask] = []
    all_ids: list[str] = []
    if articles_path.is_dir():
        manifest = read_json(base / "manifest.json") if (base / "manifest.json").exists() else {}
        for key in manifest.get("partitions", {}):
            part = partitions.part_path(base, "articles", key)
            if not part.exists():
                raise MissingStepError(f"{part} is missing: re-run the partitioned ingest")
            marker = partitions.read_marker(base, "ingest", key) or {}
            ids = pd.read_parquet(part, columns=["article_id"])["article_id"].astype(str)
            all_ids += ids.tolist()
            print_ = partitions.fingerprint(
                "features", FEATURES_VERSION, __version__, lexicon_id,
                marker.get("fingerprint"), marker.get("finished_at"),
            )  # fmt: skip
            tasks.append(FeatureTask(key, str(base.resolve()), None, len(ids), print_, lexicon))
    else:
        ids = pd.read_parquet(articles_path, columns=["article_id"])["article_id"].astype(str)
        all_ids = ids.tolist()
        for number, start in enumerate(range(0, len(all_ids), chunk_size)):
            chunk = tuple(all_ids[start : start + chunk_size])
            print_ = partitions.fingerprint("features", FEATURES_VERSION, __version__,
                                            lexicon_id, chunk)  # fmt: skip
            key = partitions.partition_key("chunk", number)
            tasks.append(FeatureTask(key, str(base.resolve()), chunk, len(chunk), print_, lexicon))
    if len(set(all_ids)) != len(all_ids):
        raise SchemaError(f"{base}: the articles table has duplicate article_id")
    return tasks, all_ids


def features_partitioned(
    processed_dir: str | os.PathLike[str] = config.PROCESSED_DIR,
    *,
    lexicon: Any = None,
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
    from framing.corpus import Corpus
    from framing.features.extraction import FILES, features_manifest, resolve_lexicon

    if lexicon_mode not in ("merge", "replace"):
        raise ParameterError(f"lexicon_mode must be 'merge' or 'replace', got {lexicon_mode!r}")
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise ParameterError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    _check_engine(engine, jobs, scheduler)
    started = perf_counter()
    base = Path(processed_dir)
    lexicon = resolve_lexicon(lexicon, lexicon_mode)
    tasks, all_ids = _feature_tasks(base, lexicon, chunk_size)
    tables = list(FILES.values())
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
    for key in keys:
        marker = partitions.read_marker(base, "features", key) or {}
        for name, n in marker.get("rows", {}).items():
            summary.rows[name] = summary.rows.get(name, 0) + n
    write_json(features_manifest(Corpus(base), all_ids, lexicon), base / "features_manifest.json")
    summary.seconds = perf_counter() - started
    return summary


def run_step(step: str, *args: Any, **kwargs: Any) -> RunSummary:
    """Run ``"ingest"`` or ``"features"`` partitioned (one entry point for the CLI)."""
    steps: dict[str, Callable[..., RunSummary]] = {
        "ingest": ingest_partitioned,
        "features": features_partitioned,
    }
    if step not in steps:
        raise ParameterError(f"step must be one of {sorted(steps)}, got {step!r}")
    return steps[step](*args, **kwargs)


__all__ = [
    "ENGINES",
    "FeatureTask",
    "IngestTask",
    "RunSummary",
    "features_partition",
    "features_partitioned",
    "ingest_partition",
    "ingest_partitioned",
    "map_tasks",
    "run_step",
]
