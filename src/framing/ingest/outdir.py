"""The output folder of an ingest: one writer at a time, one table layout, one commit.

An ingest writes its cache (``.ingest_cache/``), its tables and ``manifest.json`` in that
order; all three carry the run id (:func:`run_id`: a hash of the inputs and options), the
tables in their Parquet metadata. A run that was interrupted leaves pieces with different
ids, so the next run sees that the cache does not belong to the manifest and discards it
(:func:`carries_run_id`). :func:`output_lock` keeps two runs from writing one folder at once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from framing import __version__, config
from framing.errors import ParameterError
from framing.io import write_parquet
from framing.tables import RUN_ID_KEY

logger = logging.getLogger(__name__)

#: The lock file an ingest holds in its output folder while it writes ("PID HOST").
LOCK_NAME = ".framing-ingest.lock"
#: Where the partitioned engine keeps its markers (its layout: ``NAME/part-*.parquet``).
PARTITION_MARKERS = "_partitions"


def unwritable(out_dir: Path, error: OSError) -> ParameterError:
    """Return the one-line error for an output folder that cannot be written."""
    return ParameterError(
        f"cannot write to the output folder {out_dir}: {error.strerror or error}; choose a "
        "writable --out"
    )


def run_id(options: dict[str, Any], inputs: dict[str, Any]) -> str:
    """Return the id of an ingest of ``inputs`` (per-file hashes) with ``options``: equal for
    equal inputs, options and versions, so an unchanged re-run writes identical bytes."""
    payload = [config.PIPELINE_VERSION, __version__, options, inputs]
    digest = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.sha256(digest.encode("ascii")).hexdigest()[:16]


def write_with_run_id(frame: pd.DataFrame, path: Path, run: str) -> Path:
    """Write ``frame`` atomically to ``path`` with ``run`` in its Parquet metadata."""
    frame = frame.copy(deep=False)
    frame.attrs = {RUN_ID_KEY: run}
    return write_parquet(frame, path)


def carries_run_id(path: Path, run: str) -> bool:
    """True when the Parquet file ``path`` was written by run ``run``; False for another
    run, a file without an id, or a file that cannot be read (truncated, missing)."""
    try:
        metadata = pq.read_schema(path).metadata or {}
        attrs = json.loads(metadata.get(b"PANDAS_ATTRS", b"{}"))
    except (OSError, ValueError) as error:
        logger.warning("cannot read %s: %s", path, error)
        return False
    return isinstance(attrs, dict) and attrs.get(RUN_ID_KEY) == run


def _holder(lock: Path) -> tuple[int | None, str]:
    """Return the pid and host written in a lock file (None when unreadable)."""
    try:
        pid, _, host = lock.read_text(encoding="utf-8").strip().partition(" ")
        return int(pid), host
    except (OSError, ValueError):
        return None, ""


def _alive(pid: int | None, host: str) -> bool:
    """True when process ``pid`` runs (always True for another host: it cannot be checked)."""
    if pid is None or pid <= 0:
        return False
    if host and host != socket.gethostname():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # runs, as another user
        return True
    return True


def _try_lock(lock: Path) -> bool:
    """Create ``lock`` holding our pid and host in one step; False when it already exists."""
    tmp = lock.with_name(f"{lock.name}.{os.getpid()}.tmp")
    tmp.write_text(f"{os.getpid()} {socket.gethostname()}\n", encoding="utf-8")
    try:
        os.link(tmp, lock)  # atomic, fails when the lock exists: never half-written
        return True
    except FileExistsError:
        return False
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def output_lock(out_dir: Path) -> Iterator[Path]:
    """Hold the ingest lock of ``out_dir`` (created if needed) while the block runs.

    Raises :class:`ParameterError` at once when another live process holds it, naming the
    folder and the process; a lock left by a process that no longer runs is taken over
    (with a log line). Raises :class:`ParameterError` when the folder cannot be written.
    """
    lock = out_dir / LOCK_NAME
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for _ in range(3):
            if _try_lock(lock):
                break
            pid, host = _holder(lock)
            if _alive(pid, host):
                raise ParameterError(
                    f"{out_dir} is being written by another ingest (pid {pid}"
                    f"{f' on {host}' if host else ''}); wait for it to finish or use another "
                    f"--out (if that process is gone, delete {lock})"
                )
            logger.warning("taking over the stale lock %s of pid %s (no longer running)", lock, pid)
            if _holder(lock) == (pid, host):  # not taken over by another run meanwhile
                lock.unlink(missing_ok=True)
        else:
            raise ParameterError(f"could not lock {out_dir}: another run keeps taking it; retry")
    except OSError as error:
        raise unwritable(out_dir, error) from error
    try:
        yield lock
    finally:
        if _holder(lock)[0] == os.getpid():
            lock.unlink(missing_ok=True)


def remove_partitioned_layout(out_dir: Path, tables: tuple[str, ...]) -> list[str]:
    """Remove what the partitioned engine left in ``out_dir`` after a single-file ingest
    replaced its corpus: the ``NAME/`` folders of ``tables``, the derived tables it wrote as
    folders of parts (``features.parquet/`` ...: stale with the new corpus, and in the way
    of a single-file features run) and its markers. Return what was removed."""
    folders = [out_dir / name for name in tables]
    folders += [
        path
        for path in sorted(out_dir.glob("*.parquet"))
        if path.is_dir() and any(path.glob("part-*.parquet"))
    ]
    folders.append(out_dir / PARTITION_MARKERS)
    removed = []
    for folder in folders:
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder)
            removed.append(f"{folder.name}/")
    return removed
