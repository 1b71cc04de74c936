"""Ingest partitions: the sorted raw files of one collection, ``partition_size`` at a time.

:func:`plan_ingest` cuts a raw folder into :class:`IngestTask` s, :func:`ingest_partition`
processes one (in any worker) and :func:`drop_cross_duplicates` collapses the exact
duplicates that landed in different partitions, once all of them are written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from framing import __version__, config
from framing.engine import partitions
from framing.errors import InputError, ParameterError
from framing.ingest.assemble import finish_tables, stage_tables
from framing.ingest.boilerplate_sources import SourceRepeats, source_repeats
from framing.ingest.decoding import sha256_file
from framing.ingest.rawfiles import SIDECAR_NAME
from framing.ingest.readers import read_sidecar
from framing.ingest.records import Rows, collection_of, error_row, process_file
from framing.ingest.step import find_raw_files, read_sidecars
from framing.io import write_parquet


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
    #: Per source, the lines repeated across its articles (found over the whole raw folder).
    repeated: dict[str, frozenset[str]] = field(default_factory=dict)


def ingest_partition(task: IngestTask) -> dict[str, Any]:
    """Process one ingest partition and write its parts and marker; return the marker.

    Runs :func:`framing.ingest.records.process_file` on each file, then the same sorting,
    duplicate handling and validation as :func:`framing.ingest.step.ingest`, within the
    partition.
    """
    raw_dir = Path(task.raw_dir)
    options = task.options
    paths = [raw_dir / label for label in task.files]
    folder = paths[0].parent
    sidecar_rows: Rows = []
    try:
        sidecar, refused = read_sidecar(
            folder, (folder / SIDECAR_NAME).relative_to(raw_dir).as_posix()
        )
    except InputError as error:
        sidecar, refused = {}, [error]
    if task.first_of_collection:
        sidecar_rows += [error_row(error) for error in refused]
    results = [
        process_file(
            path,
            raw_dir,
            columns=options["columns"] or None,
            max_bytes=options["max_bytes"],
            day_first=options["day_first"],
            overrides=sidecar.get(path.name),
            repeated=task.repeated,
        )
        for path in paths
    ]
    staged = stage_tables(results, task.files, errors=sidecar_rows)
    tables, summary = finish_tables(staged, Path(task.out_dir))
    return partitions.write_partition(
        tables,
        task.out_dir,
        "ingest",
        task.key,
        task.fingerprint,
        extra={
            "n_files": len(task.files),
            "errors": summary.error_messages,
            "notes": summary.note_messages,
        },
    )


def plan_ingest(
    raw_dir: Path,
    out_dir: Path,
    partition_size: int,
    options: dict[str, Any],
    files: list[Path] | None = None,
) -> list[IngestTask]:
    """Return the ingest partitions of ``raw_dir``, collection by collection, in key order.

    A partition's fingerprint covers the pipeline and package versions, ``options``, its
    collection's sidecar and the bytes of its files. Raises :class:`InputError` when there
    are no raw files, :class:`ParameterError` when two collections share a key. ``files``:
    the raw files when already listed (:func:`~framing.ingest.step.find_raw_files`).
    """
    files = files if files is not None else find_raw_files(raw_dir)[0]
    by_collection: dict[str, list[Path]] = {}
    for path in files:
        by_collection.setdefault(collection_of(path, raw_dir), []).append(path)
    repeats = _source_repeats(files, raw_dir, options)
    tasks = []
    for collection in sorted(by_collection):
        paths = by_collection[collection]
        sidecar = paths[0].parent / SIDECAR_NAME
        sidecar_hash = sha256_file(sidecar) if sidecar.is_file() else None
        for number, start in enumerate(range(0, len(paths), partition_size)):
            chunk = paths[start : start + partition_size]
            labels = tuple(p.relative_to(raw_dir).as_posix() for p in chunk)
            print_ = partitions.fingerprint(
                "ingest", config.PIPELINE_VERSION, __version__, options, sidecar_hash,
                number == 0,
                [(label, sha256_file(raw_dir / label), repeats.digest_by_file.get(label))
                 for label in labels],
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
                    repeated=repeats.by_source,
                )
            )
    keys = [task.key for task in tasks]
    if len(set(keys)) != len(keys):
        raise ParameterError(
            f"{raw_dir}: two collections map to the same partition key; rename the sub-folders "
            "so they differ in letters or digits"
        )
    return tasks


def drop_cross_duplicates(out_dir: Path, keys: list[str]) -> tuple[list[str], int]:
    """Keep the first copy of an article_id that occurs in several partitions.

    Returns all kept article ids and how many copies were dropped. A partition that loses
    rows also loses its marker, so the next run recomputes it (its earlier twin may change).
    """
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


def _source_repeats(files: list[Path], raw_dir: Path, options: dict[str, Any]) -> SourceRepeats:
    """Return the lines repeated across each source's articles, over the whole raw folder, as
    whole-corpus ingest finds them (a partition alone would see too few articles)."""
    sidecars, _ = read_sidecars(files, raw_dir)  # the partition of a folder records its errors
    return source_repeats(
        files, raw_dir, sidecars, columns=options["columns"] or None, max_bytes=options["max_bytes"]
    )
