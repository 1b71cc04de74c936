"""Time topic-model fits for 1,000 and 10,000 news-length documents, NMF and LDA.

Documents are synthetic but made of real news sentences: each one draws ~20 sentences
(≈ 450 words) from one BBC category of ``../shared/eval/bbc/bbc_dev.csv`` (seeded), so the
vocabulary and topic structure are those of news. Prints the time of the preparation
(tokens, phrases, term counts) and of the whole ``fit_topics`` call with default settings,
the growth ratio 10k/1k (10 = linear), and checks the target: the default (NMF) fits
10,000 documents in under a minute on this machine.

Run from the project root:  .venv/bin/python benchmarks/bench_topics.py [--sizes 1000 10000]
"""

from __future__ import annotations

import argparse
import os
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd

from framing.topics import fit_topics, prepare_documents

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT.parent / "shared" / "eval" / "bbc" / "bbc_dev.csv"
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def sentence_pools(path: Path) -> dict[str, list[str]]:
    """Return the sentences of each category."""
    frame = pd.read_csv(path)
    pools: dict[str, list[str]] = {}
    for category, text in zip(frame["category"], frame["text"], strict=True):
        pools.setdefault(category, []).extend(s for s in SENTENCE.split(str(text)) if s)
    return pools


def synthetic_articles(pools: dict[str, list[str]], n: int, seed: int = 0) -> pd.DataFrame:
    """Return ``n`` articles of 20 sentences, each from one category's pool."""
    rng = np.random.default_rng(seed)
    categories = sorted(pools)
    rows = []
    for i in range(n):
        category = categories[i % len(categories)]
        pool = pools[category]
        picks = rng.choice(len(pool), size=20, replace=False)
        paragraphs = [" ".join(pool[j] for j in picks[p : p + 4]) for p in range(0, 20, 4)]
        rows.append({"article_id": f"a{i:05d}", "text": "\n\n".join(paragraphs)})
    return pd.DataFrame(rows)


def timed(func, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return time.perf_counter() - start, result


def cpu_timed(func, *args, **kwargs) -> tuple[float, float, object]:
    """Return (wall s, CPU s of this process, result): on a busy shared machine the CPU time
    shows what the wall time would be with the cores to ourselves."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = func(*args, **kwargs)
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--methods", nargs="+", default=["nmf", "lda"])
    parser.add_argument(
        "--n-init", type=int, default=None, help="starts per fit (default: 1 NMF, 3 LDA)"
    )
    args = parser.parse_args()
    pools = sentence_pools(BBC)
    rows = []
    for n in args.sizes:
        articles = synthetic_articles(pools, n)
        words = articles["text"].str.split().str.len().mean()
        for method in args.methods:
            prep_s, docs = timed(prepare_documents, articles, unit="article", method=method)
            fit_s, cpu_s, model = cpu_timed(
                fit_topics, articles, k=args.k, method=method, unit="article", n_init=args.n_init
            )
            rows.append(
                {
                    "documents": n,
                    "method": method,
                    "words/doc": round(words),
                    "terms": docs.counts.shape[1],
                    "prepare_s": prep_s,
                    "fit_topics_s": fit_s,
                    "cpu_s": cpu_s,
                    "docs/s": n / fit_s,
                    "n_init": model.params["n_init"],
                }
            )
            print(
                f"{n:>6} docs {method}: prepare {prep_s:6.1f} s, fit_topics {fit_s:6.1f} s "
                f"(CPU {cpu_s:6.1f} s) "
                f"({n / fit_s:,.0f} docs/s, {docs.counts.shape[1]} terms)",
                flush=True,
            )
    table = pd.DataFrame(rows)
    print()
    print(table.round(2).to_string(index=False))
    small, large = min(args.sizes), max(args.sizes)
    if small != large:
        print()
        for method in args.methods:
            times = table[table["method"] == method].set_index("documents")["fit_topics_s"]
            ratio = times[large] / times[small]
            print(
                f"growth {method}: {large:,}/{small:,} documents -> x{ratio:.1f} time "
                f"(x{large / small:.0f} = linear)"
            )
    if "nmf" in args.methods and 10000 in args.sizes:
        nmf_10k = table[(table["method"] == "nmf") & (table["documents"] == 10000)]
        seconds = float(nmf_10k["fit_topics_s"].iloc[0])
        cpu = float(nmf_10k["cpu_s"].iloc[0])
        verdict = "PASS" if seconds < 60 else "FAIL"
        print(
            f"target: default (NMF) fits 10,000 documents in < 60 s: {seconds:.1f} s wall "
            f"{verdict} (CPU {cpu:.1f} s; load average {os.getloadavg()[0]:.1f} on "
            f"{os.cpu_count()} cores)"
        )
    if {"nmf", "lda"} <= set(args.methods):
        for n in args.sizes:
            part = table[table["documents"] == n].set_index("method")["fit_topics_s"]
            print(f"LDA/NMF time at {n:,} documents: x{part['lda'] / part['nmf']:.1f}")


if __name__ == "__main__":
    main()
