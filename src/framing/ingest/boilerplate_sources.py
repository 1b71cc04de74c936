"""The ingest pre-pass for source repetition: read every raw file once, group the articles
by source (:func:`~framing.ingest.boilerplate_repeats.repeat_source`), and return the lines
that recur across each source's articles, with a digest per file for the ingest cache.

A file's clean text depends on the repeated lines of its source, hence on the other files of
that source: a file's digest changes when they change, and its cached rows are then redone.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from framing import config
from framing.errors import InputError
from framing.ingest.boilerplate_repeats import repeat_source, repeated_lines
from framing.ingest.readers import read_raw_file
from framing.ingest.records import collection_of

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceRepeats:
    """Per source, the keys of its repeated lines; per file label, a digest of the repeated
    lines of the sources its records belong to."""

    by_source: dict[str, frozenset[str]]
    digest_by_file: dict[str, str]


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def source_repeats(
    files: Sequence[Path],
    raw_dir: Path,
    sidecars: Mapping[Path, tuple[Mapping[str, Mapping[str, str]], object]] | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    max_bytes: int = config.DEFAULT_MAX_BYTES,
) -> SourceRepeats:
    """Return the repeated lines of every source under ``raw_dir`` and each file's digest.

    ``sidecars``: per folder, its ``metadata.csv`` fields by file name (and anything else),
    whose ``source`` overrides a record's.

    Files are read in the given (sorted) order, so the result is deterministic. A file that
    cannot be read is skipped here: :func:`~framing.ingest.records.process_file` reads it
    again and records why.
    """
    texts_by_source: dict[str, list[str]] = {}
    sources_by_file: dict[str, list[str]] = {}
    for path in files:
        label = path.relative_to(raw_dir).as_posix()
        try:
            records, _ = read_raw_file(path, label, columns=columns, max_bytes=max_bytes)
        except (InputError, OSError) as error:
            logger.debug("repeated-line pre-pass skips %s: %s", label, error)
            records = []
        collection = collection_of(path, raw_dir)
        overrides = (sidecars or {}).get(path.parent, ({}, None))[0].get(path.name) or {}
        sources = sources_by_file.setdefault(label, [])
        for record in records:
            source = repeat_source({**record.fields, **overrides}, collection)
            texts_by_source.setdefault(source, []).append(record.text)
            if source not in sources:
                sources.append(source)
    by_source = repeated_lines(texts_by_source)
    of_source = {
        source: _sha256(json.dumps([source, sorted(keys)], ensure_ascii=False))
        for source, keys in by_source.items()
    }
    digests = {
        label: _sha256(" ".join(sorted(of_source[source] for source in sources)))
        for label, sources in sources_by_file.items()
    }
    return SourceRepeats(by_source, digests)
