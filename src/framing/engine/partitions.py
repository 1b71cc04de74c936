"""Partitioned, resumable Parquet output: one part file per table and partition, a marker each.

Layout under an output folder ``ROOT``::

    ROOT/<table>/part-<key>.parquet          one part per partition (tables ``articles`` ...)
    ROOT/_partitions/<step>/<key>.json       the partition's marker, written LAST

A part is written to a hidden temporary name and moved into place with ``os.replace``
(:func:`framing.io.write_parquet`), so a reader never sees half a file. The marker records a
fingerprint of the partition's inputs and options; a partition is *done* when its marker
exists, the fingerprint matches and every part it lists exists. A run killed midway leaves
finished partitions (marker present) and at worst hidden ``.*.tmp`` files and parts without
a marker; a re-run removes the temporaries, skips the done partitions and rewrites the
others. Hidden and ``_``-prefixed names are ignored by pyarrow, so ``pd.read_parquet(ROOT /
"articles")`` reads exactly the finished parts, in key order.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from framing.errors import ParameterError
from framing.io import read_json, write_json, write_parquet

logger = logging.getLogger(__name__)

MARKER_DIR = "_partitions"
_UNSAFE = re.compile(r"[^A-Za-z0-9._=-]+")


def partition_key(*parts: Any) -> str:
    """Return a file-name-safe partition key from its parts (``"news--00003"``).

    Characters other than letters, digits, ``. _ = -`` become ``_``; parts are joined by
    ``--``. Raises :class:`ParameterError` for an empty key.

    >>> partition_key("bbc/world", 3)
    'bbc_world--00003'
    """
    cleaned = []
    for part in parts:
        text = f"{part:05d}" if isinstance(part, int) else str(part)
        cleaned.append(_UNSAFE.sub("_", text).strip("._") or "_")
    key = "--".join(cleaned)
    if not key:
        raise ParameterError("a partition key needs at least one part")
    return key


def fingerprint(*items: Any) -> str:
    """Return a SHA-256 hex digest of JSON-serializable ``items`` (stable for equal input)."""
    payload = json.dumps(items, sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def part_path(root: str | os.PathLike[str], table: str, key: str) -> Path:
    """Return where partition ``key`` of ``table`` lives: ``ROOT/table/part-KEY.parquet``."""
    return Path(root) / table / f"part-{key}.parquet"


def marker_path(root: str | os.PathLike[str], step: str, key: str) -> Path:
    """Return the marker file of partition ``key`` of ``step`` (``ingest``, ``features``)."""
    return Path(root) / MARKER_DIR / step / f"{key}.json"


def read_marker(root: str | os.PathLike[str], step: str, key: str) -> dict[str, Any] | None:
    """Return the marker of a partition, or None when absent or unreadable."""
    path = marker_path(root, step, key)
    if not path.exists():
        return None
    try:
        marker = read_json(path)
    except (OSError, ValueError) as error:
        logger.warning("ignoring unreadable partition marker %s: %s", path, error)
        return None
    return marker if isinstance(marker, dict) else None


def is_done(root: str | os.PathLike[str], step: str, key: str, print_: str) -> bool:
    """True when partition ``key`` of ``step`` finished with the same fingerprint ``print_``
    and all of its parts are on disk."""
    marker = read_marker(root, step, key)
    if marker is None or marker.get("fingerprint") != print_:
        return False
    return all((Path(root) / name).is_file() for name in marker.get("files", []))


def write_partition(
    tables: Mapping[str, pd.DataFrame],
    root: str | os.PathLike[str],
    step: str,
    key: str,
    print_: str,
    *,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Write each table's part atomically, then the marker; return the marker.

    tables
        ``{table folder: frame}``; each goes to :func:`part_path`.
    print_
        the fingerprint of the partition's inputs and options (see :func:`fingerprint`).
    extra
        more JSON fields for the marker (counts, timings).
    """
    root = Path(root)
    files = []
    for table, frame in tables.items():
        path = write_parquet(frame, part_path(root, table, key))
        files.append(path.relative_to(root).as_posix())
    marker = {
        "step": step,
        "key": key,
        "fingerprint": print_,
        "files": files,
        "rows": {table: len(frame) for table, frame in tables.items()},
        "finished_at": time.time(),
        **dict(extra or {}),
    }
    write_json(marker, marker_path(root, step, key))
    return marker


def remove_temporaries(root: str | os.PathLike[str], tables: list[str]) -> int:
    """Delete hidden ``.*.tmp`` files a killed run left in the table folders and marker
    folder of ``root``; return how many were removed."""
    root = Path(root)
    removed = 0
    folders = [root / table for table in tables] + [root / MARKER_DIR]
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.rglob(".*.tmp"):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def remove_stale_parts(
    root: str | os.PathLike[str], step: str, tables: list[str], keys: list[str]
) -> int:
    """Delete parts and markers of ``step`` whose key is not in ``keys`` (inputs that went
    away since the last run); return how many files were removed."""
    root = Path(root)
    wanted = set(keys)
    removed = 0
    for table in tables:
        folder = root / table
        if folder.is_dir():
            for path in folder.glob("part-*.parquet"):
                if path.name[len("part-") : -len(".parquet")] not in wanted:
                    path.unlink()
                    removed += 1
    markers = root / MARKER_DIR / step
    if markers.is_dir():
        for path in markers.glob("*.json"):
            if path.stem not in wanted:
                path.unlink()
                removed += 1
    return removed


def prepare_folders(root: str | os.PathLike[str], tables: list[str]) -> None:
    """Make ``ROOT/<table>/`` folders, replacing single-file tables of an earlier
    unpartitioned run (``<table>.parquet`` files shadow the folders for readers)."""
    root = Path(root)
    for table in tables:
        folder = root / table
        if folder.exists() and not folder.is_dir():
            folder.unlink()  # an unpartitioned run wrote this derived table as one file
        single = root / f"{table}.parquet"
        if single.is_file():
            single.unlink()
        folder.mkdir(parents=True, exist_ok=True)
