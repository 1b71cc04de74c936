"""Writing and reading what the pipeline derives: atomic writes (Parquet, text, JSON),
JSON and YAML reading with errors that name the file, and file-name-safe ids.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from framing.errors import InputError, ParameterError


def current_umask() -> int:
    """Return the process umask (read from /proc when possible: setting it is not atomic)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` in one step.

    A reader never sees a half-written file, and an interrupted run leaves the old file.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    # mkstemp creates the file 0600; give it the mode a plain open() would (0666 minus the
    # umask), so reports and handouts stay readable by others on a shared server.
    os.fchmod(fd, 0o666 & ~current_umask())
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


#: Rows per Parquet row group: reading one article by id (a pyarrow filter on a sorted or
#: clustered column) then decodes one group of texts, not the whole text column.
ROW_GROUP_SIZE = 2_000


def write_parquet(
    df: pd.DataFrame, path: str | os.PathLike[str], *, row_group_size: int = ROW_GROUP_SIZE
) -> Path:
    """Write ``df`` to ``path`` atomically as zstd-compressed Parquet, without the index, in
    row groups of ``row_group_size`` rows (the same input gives the same bytes)."""
    if row_group_size < 1:
        raise ParameterError(f"row_group_size must be >= 1, got {row_group_size}")
    with atomic_path(path) as tmp:
        df.to_parquet(tmp, index=False, compression="zstd", row_group_size=row_group_size)
    return Path(path)


def write_text(text: str, path: str | os.PathLike[str]) -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def write_json(obj: Any, path: str | os.PathLike[str]) -> Path:
    """Write ``obj`` as sorted, indented JSON atomically (stable bytes for stable input)."""
    return write_text(json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n", path)


def read_json(path: str | os.PathLike[str]) -> Any:
    """Read a JSON file written by :func:`write_json`."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


#: libyaml's safe loader when PyYAML was built with it (about 10x faster on the lexicons),
#: else the pure-Python one: the same documents, the same error marks.
YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(source: str | os.PathLike[str], *, text: str | None = None) -> Any:
    """Return the parsed YAML of file ``source`` (or of ``text``, with ``source`` its name).

    Raises :class:`InputError` naming the file and the line when the YAML does not parse,
    or when the file cannot be read.
    """
    name = str(source)
    if text is None:
        try:
            text = Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(name, f"cannot read YAML file: {exc}") from exc
    try:
        return yaml.load(text, Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise InputError(name, f"not valid YAML{where}: {exc}", kind="malformed") from exc


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(identifier: object, *, max_length: int = 80) -> str:
    """Return a file-name-safe version of ``identifier`` (no ``/``, ``..``, spaces or unicode).

    When sanitizing changed anything, a short hash of the original is appended, so two ids
    never share a file ("Ana B" and "Ana_B" get different names).

    >>> safe_name("251aba07006d62a2")
    '251aba07006d62a2'
    >>> safe_name("../etc/passwd")
    'etc_passwd-7fef78f5'
    """
    original = str(identifier)
    ascii_text = unicodedata.normalize("NFKD", original).encode("ascii", "ignore").decode()
    cleaned = _UNSAFE_NAME.sub("_", ascii_text)
    cleaned = re.sub(r"\.{2,}", "_", cleaned).strip("._-")[:max_length]
    if cleaned == original and cleaned:
        return cleaned
    digest = hashlib.sha256(original.encode()).hexdigest()[:8]
    return f"{cleaned}-{digest}" if cleaned else f"id-{digest}"
