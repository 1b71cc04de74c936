"""Benchmark: one report per sample article, plain papermill serially vs `framing batch`.

Baseline: what a user would script by hand: for each article, papermill's Python API
executes the article notebook, then nbconvert's HTMLExporter renders it, one after another.
Contender: ``framing.batch(per="article", jobs=2)`` (the ``framing batch --per article
--jobs 2`` command), forced to re-render. Also printed: the same batch with one process
(so the per-report overhead of framing's machinery: header, hashing, cache, atomic writes,
index page) and a cached re-run. ``--all`` instead times the whole sample batch (corpus
reports and article reports, with topics saved), median of three forced runs: the figure
issue 18 keeps within 10 % (exports, intervals and the headline cost time).

    .venv/bin/python benchmarks/bench_reports.py [--raw data/raw/sample] [--all]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd


def plain_papermill(notebook: Path, processed: Path, ids: list[str], out: Path) -> float:
    """Serial papermill + nbconvert, the hand-written way; return seconds."""
    import jupytext
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    out.mkdir(parents=True, exist_ok=True)
    ipynb = out / "article.ipynb"
    nbformat.write(jupytext.read(notebook), ipynb)
    started = time.perf_counter()
    exporter = HTMLExporter(exclude_input=True)
    for article_id in ids:
        executed = papermill.execute_notebook(
            str(ipynb),
            str(out / f"{article_id}.ipynb"),
            parameters={"processed_dir": str(processed), "article_id": article_id},
            kernel_name="python3",
            language="python",
            progress_bar=False,
        )
        body, _ = exporter.from_notebook_node(executed)
        (out / f"{article_id}.html").write_text(body, encoding="utf-8")
    return time.perf_counter() - started


def timed_batch(processed: Path, out: Path, jobs: int, force: bool) -> tuple[float, dict]:
    from framing.report.runner import batch

    started = time.perf_counter()
    result = batch(processed, out, per="article", jobs=jobs, force=force)
    seconds = time.perf_counter() - started
    if not result.ok:
        sys.exit(result.summary())
    return seconds, result.counts()


def full_batch(raw: str, runs: int = 3) -> None:
    """Print the seconds of ``runs`` forced batches of every report of the sample, jobs 2."""
    import statistics

    from framing.features.extraction import extract_to
    from framing.ingest.step import ingest
    from framing.report.runner import batch
    from framing.topics import run_topics

    with tempfile.TemporaryDirectory() as tmp:
        processed = Path(tmp) / "processed"
        ingest(raw, processed)
        extract_to(processed)
        run_topics(processed, None, k=3, progress=False)
        batch(processed, Path(tmp) / "warm", jobs=2, force=True)
        seconds = []
        for i in range(runs):
            started = time.perf_counter()
            result = batch(processed, Path(tmp) / f"run{i}", jobs=2, force=True)
            seconds.append(time.perf_counter() - started)
            if not result.ok:
                sys.exit(result.summary())
    shown = ", ".join(f"{s:.1f}" for s in seconds)
    print(
        f"framing batch, every sample report, --jobs 2: {shown} s "
        f"(median {statistics.median(seconds):.1f} s, {len(result.results)} reports)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", default="data/raw/sample", help="raw articles folder")
    parser.add_argument("--all", action="store_true", help="time the whole sample batch")
    args = parser.parse_args()
    if args.all:
        full_batch(args.raw)
        return
    from framing.features.extraction import extract_to
    from framing.ingest.step import ingest
    from framing.report.notebooks import find_notebook

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        processed = work / "processed"
        ingest(args.raw, processed)
        extract_to(processed)
        ids = pd.read_parquet(processed / "articles.parquet")["article_id"].tolist()
        n = len(ids)
        notebook = find_notebook("article")
        print(f"{n} article reports, notebook {notebook.name}")
        # Warm-up: first kernel start and imports fill the OS cache for both contenders.
        plain_papermill(notebook, processed, ids[:1], work / "warm")

        plain = plain_papermill(notebook, processed, ids, work / "plain")
        serial, _ = timed_batch(processed, work / "serial", jobs=1, force=True)
        parallel, counts = timed_batch(processed, work / "parallel", jobs=2, force=True)
        cached, cached_counts = timed_batch(processed, work / "parallel", jobs=2, force=False)

    print(f"plain papermill + nbconvert, serial : {plain:7.2f} s  ({plain / n:.2f} s/report)")
    print(f"framing batch --jobs 1             : {serial:7.2f} s  ({serial / n:.2f} s/report)")
    print(f"framing batch --jobs 2             : {parallel:7.2f} s  ({parallel / n:.2f} s/report)")
    print(f"framing batch, nothing changed     : {cached:7.2f} s  {cached_counts}")
    print(
        f"speed-up, batch --jobs 2 vs plain serial papermill: {plain / parallel:.2f}x "
        "(target >= 1.6x)"
    )
    print(
        f"per-report overhead of framing's machinery (jobs 1 - plain) / n: "
        f"{(serial - plain) / n * 1000:+.0f} ms"
    )


if __name__ == "__main__":
    main()
