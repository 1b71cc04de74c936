"""The whole job in one call: raw folder -> processed corpus, features, topics and reports.

Each step is one library function; :func:`run` chains them in order and returns what each
step reported, keyed by step name.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from framing import config
from framing.ingest.step import ingest

logger = logging.getLogger(__name__)


def run(
    raw_dir: str | os.PathLike[str] = config.SAMPLE_DIR,
    out_dir: str | os.PathLike[str] = config.PROCESSED_DIR,
    *,
    columns: dict[str, str] | None = None,
    max_bytes: int = config.DEFAULT_MAX_BYTES,
    day_first: dict[str, bool] | bool | None = None,
    progress: bool = False,
    jobs: int = 1,
    reports_dir: str | os.PathLike[str] = config.REPORTS_DIR,
    report_jobs: int = 2,
) -> dict[str, Any]:
    """Run the pipeline on ``raw_dir``, writing to ``out_dir``; return ``{step: result}``.

    >>> results = run("data/raw/sample", "data/processed")   # doctest: +SKIP
    >>> results["ingest"].articles                           # doctest: +SKIP
    5
    """
    results: dict[str, Any] = {}
    logger.info("ingest %s -> %s", raw_dir, out_dir)
    results["ingest"] = ingest(
        raw_dir,
        out_dir,
        columns=columns,
        max_bytes=max_bytes,
        day_first=day_first,
        progress=progress,
        jobs=jobs,
    )
    from framing.features.extraction import extract_to

    logger.info("features %s", out_dir)
    results["features"] = extract_to(out_dir, progress=progress, jobs=jobs)
    from framing.topics import run_topics

    logger.info("topics %s", out_dir)
    results["topics"] = run_topics(out_dir, progress=progress)
    from framing.report.runner import batch

    logger.info("reports %s -> %s", out_dir, reports_dir)
    results["reports"] = batch(out_dir, reports_dir, jobs=report_jobs, progress=progress)
    return results
