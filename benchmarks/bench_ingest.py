"""Benchmark ingest on synthetic articles: articles/s, MB/s, and the ratio to a bare
read + NFKC + whitespace loop over the same files (target: ingest costs at most 5x that).

    python benchmarks/bench_ingest.py            # 10,000 articles
    python benchmarks/bench_ingest.py --n 2000 --jobs 2

Prints figures only; no assertion on time (that would make CI flaky). Each stage is timed in
wall-clock seconds and in CPU seconds (this process plus finished worker processes): on a
shared, loaded machine the CPU ratios are the stable ones.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import make_corpus  # noqa: E402

from framing.ingest.clean import clean_text  # noqa: E402
from framing.ingest.segment import split_sentences  # noqa: E402
from framing.ingest.step import ingest  # noqa: E402

_SPACE = re.compile(r"[ \t\u00a0]+")


def bare_loop(paths: list[Path]) -> int:
    """The floor: read, decode, NFKC-normalize and collapse whitespace; return total chars."""
    total = 0
    for path in paths:
        text = unicodedata.normalize("NFKC", path.read_bytes().decode("utf-8"))
        total += len(_SPACE.sub(" ", text).strip())
    return total


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _timed(func, *args, **kwargs) -> tuple[float, object, float]:
    """Return ``(wall seconds, result, CPU seconds)`` of one call."""
    start, cpu = time.perf_counter(), _cpu()
    result = func(*args, **kwargs)
    return time.perf_counter() - start, result, _cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw" / "synthetic"
        build_s, paths, _ = _timed(make_corpus, args.n, raw, args.seed)
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        print(f"corpus: {args.n} articles, {megabytes:.1f} MB (built in {build_s:.1f} s)")

        bare_loop(paths[:200])  # warm the page cache
        bare_s, _, bare_cpu = _timed(bare_loop, paths)
        texts = [p.read_text(encoding="utf-8") for p in paths]
        clean_s, cleaned, clean_cpu = _timed(lambda: [clean_text(t) for t in texts])
        split_s, spans, _ = _timed(lambda: [split_sentences(c.text) for c in cleaned])
        n_sentences = sum(len(s) for s in spans)

        out = Path(tmp) / "processed"
        ingest_s, summary, ingest_cpu = _timed(ingest, raw, out, jobs=args.jobs)
        rerun_s, rerun, _ = _timed(ingest, raw, out, jobs=args.jobs)

    def rate(seconds: float) -> str:
        return f"{args.n / seconds:8,.0f} articles/s {megabytes / seconds:7.1f} MB/s"

    print(f"bare read+NFKC+ws : {bare_s:7.2f} s {rate(bare_s)}  (CPU {bare_cpu:.2f} s)")
    print(f"clean_text only   : {clean_s:7.2f} s {rate(clean_s)}  (CPU {clean_cpu:.2f} s)")
    print(
        f"split_sentences   : {split_s:7.2f} s {n_sentences / split_s:8,.0f} sentences/s "
        f"({n_sentences:,} sentences)"
    )
    print(
        f"ingest (jobs={args.jobs})    : {ingest_s:7.2f} s {rate(ingest_s)}  "
        f"(CPU {ingest_cpu:.2f} s)"
    )
    print(f"ingest re-run     : {rerun_s:7.2f} s ({rerun.unchanged_files} files unchanged)")
    print(
        f"ratio ingest / bare loop: {ingest_s / bare_s:.1f}x wall, "
        f"{ingest_cpu / bare_cpu:.1f}x CPU (target <= 5x)"
    )
    print(
        f"ratio clean_text / bare loop: {clean_s / bare_s:.1f}x wall, "
        f"{clean_cpu / bare_cpu:.1f}x CPU"
    )
    print(
        f"articles {summary.articles}, words {summary.words:,}, removed lines "
        f"{summary.removed_lines:,}, exact dups {summary.exact_duplicates}, near dups "
        f"{summary.near_duplicates}, errors {summary.errors}"
    )


if __name__ == "__main__":
    main()
