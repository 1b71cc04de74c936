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
from framing.ingest.boilerplate_sources import source_repeats
from framing.ingest.decoding import sha256_file
from framing.ingest.dedup import SIGNATURE_VERSION
from framing.ingest.outdir import (
    carries_run_id,
    output_lock,
    remove_partitioned_layout,
    run_id,
    unwritable,
    write_with_run_id,
)
from framing.ingest.rawfiles import SIDECAR_NAME, scan_raw_folder
from framing.ingest.readers import read_sidecar
from framing.ingest.records import (
    TABLE_NAMES,
    FileResult,
    Rows,
    collection_of,
    error_row,
    process_file,
)
from framing.io import write_json

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


def find_raw_files(raw_dir: Path) -> tuple[list[Path], Rows]:
    """Return the raw files under ``raw_dir`` and the ``errors`` rows of the entries skipped
    (see :func:`~framing.ingest.rawfiles.scan_raw_folder`); raise :class:`InputError` (kind
    ``missing``) when there are no raw files."""
    files, skipped = scan_raw_folder(raw_dir)
    if not files:
        also = f" ({len(skipped)} other entries skipped: {skipped[0]} ...)" if skipped else ""
        raise InputError(
            str(raw_dir),
            "holds no raw articles (.txt, .html, .htm, .csv or .jsonl files, searched "
            f"recursively){also}",
            kind="missing",
        )
    return files, [error_row(error) for error in skipped]


def check_day_first(
    day_first: Mapping[str, bool] | bool | None, files: list[Path], raw_dir: Path
) -> None:
    """Raise :class:`ParameterError` when ``day_first`` names a collection that is not under
    ``raw_dir``, listing the collections there are."""
    if not isinstance(day_first, Mapping):
        return
    known = sorted({collection_of(path, raw_dir) for path in files})
    unknown = sorted(set(day_first) - set(known))
    if unknown:
        raise ParameterError(
            f"--day-first: no collection {', '.join(map(repr, unknown))} under {raw_dir}; "
            f"its collections (sub-folders) are: {', '.join(known)}"
        )


def _previous_manifest(out_dir: Path) -> dict[str, Any]:
    """Return the manifest of the last ingest into ``out_dir`` ({} when none or unreadable)."""
    path = out_dir / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, ValueError) as error:
        logger.warning("ignoring the unreadable %s: %s", path, error)
        return {}
    return manifest if isinstance(manifest, dict) else {}


def _load_previous(
    out_dir: Path, manifest: dict[str, Any], options: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """Return the previous run's input records and cached per-file tables, when reusable:
    same versions and options, and every cache table written by the run of the manifest."""
    cache = out_dir / CACHE_DIR
    if not manifest or not cache.is_dir():
        return {}, {}
    if (
        manifest.get("pipeline_version") != config.PIPELINE_VERSION
        or manifest.get("package_version") != __version__
        or manifest.get("options") != json.loads(json.dumps(options))
    ):
        return {}, {}
    paths = {name: cache / f"{name}.parquet" for name in TABLE_NAMES}
    run = manifest.get("run_id")
    if not run or not all(carries_run_id(path, run) for path in paths.values()):
        logger.warning(
            "discarding the ingest cache %s: it is not the one of manifest.json (an "
            "interrupted run?); every file is processed again",
            cache,
        )
        return {}, {}
    try:
        tables = {name: pd.read_parquet(path) for name, path in paths.items()}
    except (OSError, ValueError) as error:
        logger.warning("discarding the unreadable ingest cache %s: %s", cache, error)
        return {}, {}
    return manifest.get("inputs", {}), tables


def read_sidecars(files: list[Path], raw_dir: Path) -> tuple[Sidecars, Rows]:
    """Return the sidecar of every folder holding raw files, and the error rows of bad ones
    (or of their refused rows)."""
    sidecars: Sidecars = {}
    errors: Rows = []
    for folder in sorted({path.parent for path in files}):
        sidecar_path = folder / SIDECAR_NAME
        try:
            mapping, row_errors = read_sidecar(folder, sidecar_path.relative_to(raw_dir).as_posix())
            sidecars[folder] = (mapping, _sha256_or_none(sidecar_path))
            errors += [error_row(error) for error in row_errors]
        except InputError as error:
            errors.append(error_row(error))
            sidecars[folder] = ({}, _sha256_or_none(sidecar_path))
    return sidecars, errors


def _sha256_or_none(path: Path) -> str | None:
    """Return the SHA-256 of ``path``, None when it does not exist or cannot be read (such a
    file is never reused from the cache; reading it records the error)."""
    try:
        return sha256_file(path) if path.exists() else None
    except OSError:
        return None


def _replaced_note(previous: dict[str, Any], raw_dir: Path) -> str | None:
    """Return a note when ``previous`` (the last manifest) came from another raw folder."""
    source = previous.get("raw_dir")
    if not previous or source in (None, str(raw_dir.resolve())):
        return None
    articles = previous.get("counts", {}).get("articles", "?")
    return f"replaced the corpus of {articles} articles ingested from {source}"


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
    bytes (and sidecar) did not change since the last run are not processed again. The
    output folder is locked while the run writes (a second run into it fails at once).

    >>> summary = ingest("data/raw/sample", "data/processed")   # doctest: +SKIP
    >>> summary.articles                                          # doctest: +SKIP
    5
    """
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    check_int("jobs", jobs)
    check_int("max_bytes", max_bytes)
    check_out_dir(raw_dir, out_dir)
    files, skipped = find_raw_files(raw_dir)
    check_day_first(day_first, files, raw_dir)
    options = ingest_options(columns, max_bytes, day_first)
    with output_lock(out_dir):
        previous_manifest = _previous_manifest(out_dir)
        previous_inputs, cached = _load_previous(out_dir, previous_manifest, options)
        sidecars, sidecar_errors = read_sidecars(files, raw_dir)
        labels = [path.relative_to(raw_dir).as_posix() for path in files]
        inputs = {
            label: {"sha256": _sha256_or_none(path), "sidecar_sha256": sidecars[path.parent][1]}
            for label, path in zip(labels, files, strict=True)
        }
        repeats = source_repeats(files, raw_dir, sidecars, columns=columns, max_bytes=max_bytes)
        for label in labels:  # redone when the lines repeated across its source change
            inputs[label]["repeated_sha256"] = repeats.digest_by_file.get(label)
        reused = {
            label
            for label in labels
            if inputs[label]["sha256"] and previous_inputs.get(label) == inputs[label]
        }
        todo = [path for label, path in zip(labels, files, strict=True) if label not in reused]
        results = _run_files(
            todo, raw_dir, sidecars, columns, max_bytes, day_first, progress, jobs,
            repeated=repeats.by_source,
        )  # fmt: skip
        previous = None
        if reused:
            previous = {name: old[old["path"].isin(reused)] for name, old in cached.items()}
        staged = stage_tables(results, labels, errors=skipped + sidecar_errors, previous=previous)
        tables, summary = finish_tables(staged, out_dir)
        _commit(out_dir, staged, tables, _manifest(raw_dir, options, inputs, tables))
    summary.files = len(files)
    summary.unchanged_files = len(reused)
    summary.changed_files = len(todo)
    summary.replaced = _replaced_note(previous_manifest, raw_dir)
    for message in summary.error_messages:
        logger.warning("%s", message)
    for message in summary.note_messages:  # skipped files, renamed or JSON-encoded fields
        logger.info("%s", message)
    return summary


def _manifest(
    raw_dir: Path, options: dict[str, Any], inputs: dict[str, Any], tables: dict[str, pd.DataFrame]
) -> dict[str, Any]:
    """Return ``manifest.json``: versions, the run id, inputs, options, counts, corpus hash."""
    return {
        "pipeline_version": config.PIPELINE_VERSION,
        "package_version": __version__,
        "run_id": run_id(options, inputs),
        "raw_dir": str(raw_dir.resolve()),
        "layout": "single",
        "options": options,
        "inputs": inputs,
        "counts": {name: len(frame) for name, frame in tables.items()},
        "corpus_hash": corpus.corpus_hash(
            tables["articles"]["article_id"], config.PIPELINE_VERSION
        ),
    }


def _commit(
    out_dir: Path,
    staged: dict[str, pd.DataFrame],
    tables: dict[str, pd.DataFrame],
    manifest: dict[str, Any],
) -> None:
    """Write the cache, then the tables, then the manifest, each carrying the run id; remove
    a partitioned layout an earlier run left (its folders would shadow nothing, but confuse)."""
    run = manifest["run_id"]
    try:
        for name in TABLE_NAMES:
            write_with_run_id(staged[name], out_dir / CACHE_DIR / f"{name}.parquet", run)
        for name, frame in tables.items():
            write_with_run_id(frame, out_dir / f"{name}.parquet", run)
        removed = remove_partitioned_layout(out_dir, TABLE_NAMES)
        if removed:
            logger.warning(
                "removed the partitioned layout of an earlier run from %s: %s",
                out_dir,
                ", ".join(removed),
            )
        write_json(manifest, out_dir / "manifest.json")
    except OSError as error:
        raise unwritable(out_dir, error) from error


def _run_files(
    todo: list[Path],
    raw_dir: Path,
    sidecars: Sidecars,
    columns: dict[str, str] | None,
    max_bytes: int,
    day_first: dict[str, bool] | bool | None,
    progress: bool,
    jobs: int,
    repeated: Mapping[str, frozenset[str]] | None = None,
) -> list[FileResult]:
    """Run :func:`process_file` over ``todo`` in order, optionally in a process pool;
    ``repeated``: per source, its repeated lines (workers get only these sets)."""
    from tqdm import tqdm

    work = partial(
        _process_with_sidecar,
        raw_dir=raw_dir,
        sidecars=sidecars,
        columns=columns,
        max_bytes=max_bytes,
        day_first=day_first,
        repeated=repeated,
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
    repeated: Mapping[str, frozenset[str]] | None = None,
) -> FileResult:
    overrides = sidecars.get(path.parent, ({}, None))[0].get(path.name)
    return process_file(
        path,
        raw_dir,
        columns=columns,
        max_bytes=max_bytes,
        day_first=day_first,
        overrides=overrides,
        repeated=repeated,
    )
