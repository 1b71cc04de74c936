"""Scale benchmark: partitioned ingest and features on 1,000 / 10,000 (/ 100,000) articles.

For each corpus size and each engine setting (local ``jobs=1``, local ``jobs=2``, Dask
``LocalCluster`` of 2 workers) runs :func:`framing.engine.ingest_partitioned` and then
:func:`framing.engine.features_partitioned` in a fresh child process, and prints the wall
time, articles/s and the peak memory of the whole process tree (the child and its workers:
proportional set size summed, so pages shared after fork count once; sampled every 100 ms
with psutil). Then it prints the time per article
of each size relative to the previous one: linear growth gives 1.0 (target: 100k within
1.3x of 10k), and whether peak memory stays under 2 GiB.

    python benchmarks/bench_scale.py                 # 1,000 and 10,000 articles
    python benchmarks/bench_scale.py --full          # also 100,000 (long: about an hour)
    python benchmarks/bench_scale.py --sizes 2000 --settings local1,dask2

Synthetic corpora come from ``make_corpus.py`` and are cached in ``--work`` (default
``/tmp/framing_bench_scale``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
SETTINGS = {"local1": ("local", 1), "local2": ("local", 2), "dask2": ("dask", 2)}
GIB = 1024**3


def _tree_memory(process: psutil.Process) -> int:
    """Sum the PSS of a process tree (RSS would count pages shared by forked workers twice)."""
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            info = member.memory_full_info()
            total += getattr(info, "pss", info.rss)
        except psutil.Error:
            continue
    return total


def run_measured(command: list[str]) -> tuple[float, int, str]:
    """Run ``command``; return (wall seconds, peak tree memory (PSS) in bytes, its stdout)."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    watched = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        with contextlib.suppress(psutil.Error):
            peak = max(peak, _tree_memory(watched))
        time.sleep(0.1)
    out = child.stdout.read() if child.stdout else ""
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with exit code {child.returncode}")
    return seconds, peak, out


def child_main(step: str, engine: str, jobs: int, raw: str, out: str, size: int) -> None:
    """Run one step in this (child) process and print its summary as JSON."""
    from framing.engine.partitioned import features_partitioned, ingest_partitioned

    if step == "ingest":
        summary = ingest_partitioned(raw, out, engine=engine, jobs=jobs, partition_size=size)
    else:
        summary = features_partitioned(out, engine=engine, jobs=jobs)
    print(json.dumps({"partitions": summary.partitions, "rows": summary.rows,
                      "seconds_inside": summary.seconds}))  # fmt: skip


def ensure_corpus(n: int, work: Path) -> Path:
    """Return a folder of ``n`` synthetic articles (built once, then reused)."""
    raw = work / f"raw_{n}"
    done = raw / ".complete"
    if not done.exists():
        shutil.rmtree(raw, ignore_errors=True)
        sys.path.insert(0, str(HERE))
        from make_corpus import make_corpus

        started = time.perf_counter()
        make_corpus(n, raw / "synthetic", seed=0)
        done.write_text("ok", encoding="utf-8")
        print(f"built {n:,} articles in {time.perf_counter() - started:.0f} s", flush=True)
    return raw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also run 100,000 articles")
    parser.add_argument("--sizes", default=None, help="comma-separated sizes (overrides)")
    parser.add_argument("--settings", default=",".join(SETTINGS), help="of " + ",".join(SETTINGS))
    parser.add_argument("--work", type=Path, default=Path("/tmp/framing_bench_scale"))
    parser.add_argument(
        "--partition-size", type=int, default=250, help="raw files per partition [250]"
    )
    parser.add_argument("--child", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        step, engine, jobs, raw, out, size = args.child
        child_main(step, engine, int(jobs), raw, out, int(size))
        return
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [1000, 10000]
    if args.full and not args.sizes:
        sizes.append(100000)
    settings = [s.strip() for s in args.settings.split(",") if s.strip()]
    unknown = [s for s in settings if s not in SETTINGS]
    if unknown:
        raise SystemExit(f"unknown settings {unknown}; choose from {list(SETTINGS)}")
    args.work.mkdir(parents=True, exist_ok=True)
    results: dict[tuple[int, str, str], tuple[float, int]] = {}
    header = (
        f"{'articles':>9} {'setting':>7} {'step':>8} {'wall s':>8} {'art/s':>7} {'peak MiB':>9}"
    )
    print(header, flush=True)
    for n in sizes:
        raw = ensure_corpus(n, args.work)
        for setting in settings:
            engine, jobs = SETTINGS[setting]
            out = args.work / f"out_{n}_{setting}"
            shutil.rmtree(out, ignore_errors=True)
            for step in ("ingest", "features"):
                command = [sys.executable, str(Path(__file__).resolve()), "--child", step, engine,
                           str(jobs), str(raw), str(out), str(args.partition_size)]  # fmt: skip
                seconds, peak, _ = run_measured(command)
                results[(n, setting, step)] = (seconds, peak)
                print(f"{n:>9,} {setting:>7} {step:>8} {seconds:>8.1f} {n / seconds:>7.0f} "
                      f"{peak / 2**20:>9.0f}", flush=True)  # fmt: skip
            shutil.rmtree(out, ignore_errors=True)
    print("\ntime per article relative to the previous size (1.0 = linear; target <= 1.3)")
    for previous, n in zip(sizes, sizes[1:], strict=False):
        for setting in settings:
            for step in ("ingest", "features"):
                before = results[(previous, setting, step)][0] / previous
                now = results[(n, setting, step)][0] / n
                print(f"  {previous:,} -> {n:,} {setting:>7} {step:>8}: {now / before:.2f}x")
    largest = sizes[-1]
    peak = max(results[(largest, s, step)][1] for s in settings for step in ("ingest", "features"))
    verdict = "under" if peak < 2 * GIB else "OVER"
    print(f"\npeak memory at {largest:,} articles: {peak / GIB:.2f} GiB ({verdict} 2 GiB)")


if __name__ == "__main__":
    main()
