"""Ingest: raw folder -> the processed tables of :mod:`framing.corpus` and ``manifest.json``.

:func:`ingest` runs :func:`framing.ingest.records.process_file` over the sorted file list,
reuses the rows of files whose input hash is unchanged since the last run (kept in
``OUT/.ingest_cache/``), collapses and flags duplicates (:mod:`framing.ingest.assemble`),
validates the schema and writes every table atomically.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from framing import __version__, config, corpus
from framing.checks import check_int
from framing.errors import InputError, ParameterError
from framing.ingest.assemble import IngestSummary, finish_tables, stage_tables
from framing.ingest.dedup import SIGNATURE_VERSION
from framing.ingest.readers import SIDECAR_NAME, list_raw_files, read_sidecar, sha256_file
from framing.ingest.records import TABLE_NAMES, FileResult, Rows, error_row, process_file
from framing.io import read_table_if_exists, write_json, write_parquet

logger = logging.getLogger(__name__)

CACHE_DIR = ".ingest_cache"

#: Per folder: its sidecar (``{file name: {field: value}}``) and the sidecar's SHA-256.
Sidecars = dict[Path, tuple[dict[str, dict[str, str]], str | None]]


def ingest_options(
    columns: Mapping[str, str] | None,
    max_bytes: int,
    day_first: Mapping[str, bool] | bool | None,
) -> dict[str, Any]:
    """Return the options that shape ingest output, canonical (sorted) and JSON-ready.

    They go into ``manifest.json``: a cache or partition made with other options is redone.
    """
    return {
        "columns": dict(sorted((columns or {}).items())),
        "max_bytes": max_bytes,
        "day_first": day_first
        if not isinstance(day_first, Mapping)
        else dict(sorted(day_first.items())),
        "minhash": SIGNATURE_VERSION,
    }


def check_out_dir(raw_dir: Path, out_dir: Path) -> None:
    """Raise :class:`ParameterError` when ``out_dir`` is (inside) ``raw_dir``: raw data is
    read-only."""
    raw, out = raw_dir.resolve(), out_dir.resolve()
    if out == raw or raw in out.parents:
        raise ParameterError(
            f"output folder {out_dir} is inside the raw folder {raw_dir}: raw data is never "
            "written; choose another --out"
        )


def find_raw_files(raw_dir: Path) -> list[Path]:
    """Return the raw files under ``raw_dir`` (see :func:`~framing.ingest.readers.list_raw_files`);
    raise :class:`InputError` (kind ``missing``) when there are none."""
    files = list_raw_files(raw_dir)
    if not files:
        raise InputError(
            str(raw_dir),
            "holds no raw articles (.txt, .html, .htm, .csv or .jsonl files, searched recursively)",
            kind="missing",
        )
    return files


def _load_previous(
    out_dir: Path, options: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """Return the previous run's input records and cached per-file tables, when reusable."""
    manifest_path = out_dir / "manifest.json"
    cache = out_dir / CACHE_DIR
    if not manifest_path.exists() or not cache.is_dir():
        return {}, {}
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if (
            manifest.get("pipeline_version") != config.PIPELINE_VERSION
            or manifest.get("package_version") != __version__
            or manifest.get("options") != json.loads(json.dumps(options))
        ):
            return {}, {}
        tables = {name: read_table_if_exists(cache / f"{name}.parquet") for name in TABLE_NAMES}
    except (OSError, ValueError) as error:
        logger.warning("ignoring the previous ingest cache in %s: %s", cache, error)
        return {}, {}
    found = {name: table for name, table in tables.items() if table is not None}
    if len(found) < len(tables):
        return {}, {}
    return manifest.get("inputs", {}), found


def _read_sidecars(files: list[Path], raw_dir: Path) -> tuple[Sidecars, Rows]:
    """Return the sidecar of every folder holding raw files, and the error rows of bad ones."""
    sidecars: Sidecars = {}
    errors: Rows = []
    for folder in sorted({path.parent for path in files}):
        sidecar_path = folder / SIDECAR_NAME
        try:
            sidecars[folder] = (
                read_sidecar(folder, sidecar_path.relative_to(raw_dir).as_posix()),
                sha256_file(sidecar_path) if sidecar_path.exists() else None,
            )
        except InputError as error:
            errors.append(error_row(error))
            sidecars[folder] = ({}, None)
    return sidecars, errors


def ingest(
    raw_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str] = config.PROCESSED_DIR,
    *,
    columns: dict[str, str] | None = None,
    max_bytes: int = config.DEFAULT_MAX_BYTES,
    day_first: dict[str, bool] | bool | None = None,
    progress: bool = False,
    jobs: int = 1,
) -> IngestSummary:
    """Ingest every raw file under ``raw_dir`` into the processed tables in ``out_dir``.

    ``columns`` maps standard fields to CSV/JSONL column names (``{"text": "desc"}``);
    ``day_first`` resolves numeric dates, per collection (``{"sample": True}``) or for all;
    ``jobs`` > 1 processes files in a process pool (output order is unchanged). Files whose
    bytes (and sidecar) did not change since the last run are not processed again.

    >>> summary = ingest("data/raw/sample", "data/processed")   # doctest: +SKIP
    >>> summary.articles                                          # doctest: +SKIP
    5
    """
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    check_int("jobs", jobs)
    check_int("max_bytes", max_bytes)
    check_out_dir(raw_dir, out_dir)
    files = find_raw_files(raw_dir)
    options = ingest_options(columns, max_bytes, day_first)
    previous_inputs, cached = _load_previous(out_dir, options)
    sidecars, sidecar_errors = _read_sidecars(files, raw_dir)
    labels = [path.relative_to(raw_dir).as_posix() for path in files]
    inputs = {
        label: {"sha256": sha256_file(path), "sidecar_sha256": sidecars[path.parent][1]}
        for label, path in zip(labels, files, strict=True)
    }
    reused = {label for label in labels if previous_inputs.get(label) == inputs[label]}
    todo = [path for label, path in zip(labels, files, strict=True) if label not in reused]

    results = _run_files(todo, raw_dir, sidecars, columns, max_bytes, day_first, progress, jobs)
    previous = None
    if reused:
        previous = {name: old[old["path"].isin(reused)] for name, old in cached.items()}
    staged = stage_tables(results, labels, errors=sidecar_errors, previous=previous)
    tables, summary = finish_tables(staged, out_dir)
    for name in TABLE_NAMES:
        write_parquet(staged[name], out_dir / CACHE_DIR / f"{name}.parquet")
    for name, frame in tables.items():
        write_parquet(frame, out_dir / f"{name}.parquet")
    summary.files = len(files)
    summary.unchanged_files = len(reused)
    summary.changed_files = len(todo)
    manifest = {
        "pipeline_version": config.PIPELINE_VERSION,
        "package_version": __version__,
        "options": options,
        "inputs": inputs,
        "counts": {name: len(frame) for name, frame in tables.items()},
        "corpus_hash": corpus.corpus_hash(
            tables["articles"]["article_id"], config.PIPELINE_VERSION
        ),
    }
    write_json(manifest, out_dir / "manifest.json")
    for message in summary.error_messages:
        logger.warning("%s", message)
    return summary


def _run_files(
    todo: list[Path],
    raw_dir: Path,
    sidecars: Sidecars,
    columns: dict[str, str] | None,
    max_bytes: int,
    day_first: dict[str, bool] | bool | None,
    progress: bool,
    jobs: int,
) -> list[FileResult]:
    """Run :func:`process_file` over ``todo`` in order, optionally in a process pool."""
    from tqdm import tqdm

    work = partial(
        _process_with_sidecar,
        raw_dir=raw_dir,
        sidecars=sidecars,
        columns=columns,
        max_bytes=max_bytes,
        day_first=day_first,
    )
    bar = partial(
        tqdm, total=len(todo), desc="ingest", unit="file", disable=not progress, file=sys.stderr
    )
    if jobs == 1 or len(todo) < 2:
        return [work(path) for path in bar(todo)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        chunksize = max(1, min(64, len(todo) // (jobs * 8)))
        return list(bar(pool.map(work, todo, chunksize=chunksize)))


def _process_with_sidecar(
    path: Path,
    *,
    raw_dir: Path,
    sidecars: Sidecars,
    columns: dict[str, str] | None,
    max_bytes: int,
    day_first: dict[str, bool] | bool | None,
) -> FileResult:
    overrides = sidecars.get(path.parent, ({}, None))[0].get(path.name)
    return process_file(
        path,
        raw_dir,
        columns=columns,
        max_bytes=max_bytes,
        day_first=day_first,
        overrides=overrides,
    )
