"""The RUWA headlines (16,545, nine outlets, Feb–Sep 2022) through ingest, features and a
comparison by outlet: key terms (log-odds keyness) and competing labels.

    python benchmarks/ruwa_case.py                      # local engine, 2 processes
    python benchmarks/ruwa_case.py --engine dask        # the same on a Dask LocalCluster
    python benchmarks/ruwa_case.py --scheduler tcp://HOST:8786   # on a running cluster

Input mapping (decided here, once): a record's ``text`` is the headline (``title``) and the
subheading (``desc``) joined into one paragraph ("Headline. Subheading"): BBC, Reuters and
news-front rows have only a headline, RT rows only a subheading (in ``desc``), the others
both. ``Site`` becomes ``source``, ``Date`` (MM/DD/YYYY, so ``day_first=False``) the date,
``src`` the URL, ``Event`` and ``KW`` stay as metadata. No ``title`` field is passed:
the cleaner would otherwise drop a headline-only text as "only a headline".

The derived CSVs (one per outlet, so each outlet is one collection and one partition) are
written to ``--work`` (default ``/tmp/framing_ruwa``), never into the repository. The script
prints the wall time of each step and writes ``keyness.csv``, ``labels.csv`` and
``compare.csv`` to ``WORK/results``.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
RUWA = ROOT.parent / "shared" / "eval" / "ruwa" / "ruwa_headlines.csv"


def headline_text(title: object, desc: object) -> str:
    """Return "Headline. Subheading" from the two RUWA fields (either may be missing)."""
    parts = [str(v).strip() for v in (title, desc) if isinstance(v, str) and v.strip()]
    if len(parts) == 2 and parts[0][-1] not in ".?!…":
        parts[0] += "."
    return " ".join(parts)


def prepare(csv: Path, raw: Path) -> int:
    """Write one CSV per outlet under ``raw`` (text, source, date, url, event, kw)."""
    frame = pd.read_csv(csv)
    frame = pd.DataFrame(
        {
            "text": [
                headline_text(t, d) for t, d in zip(frame["title"], frame["desc"], strict=True)
            ],
            "source": frame["Site"].astype(str),
            "date": frame["Date"].astype(str),
            "url": frame["src"].astype(str),
            "event": frame["Event"].astype(str),
            "kw": frame["KW"].astype(str),
        }
    )
    for site, rows in frame.groupby("source", sort=True):
        folder = raw / site.removeprefix("www.").replace(".", "_")
        folder.mkdir(parents=True, exist_ok=True)
        rows.to_csv(folder / "headlines.csv", index=False)
    return len(frame)


def main() -> None:
    from framing.corpus import Corpus
    from framing.engine.partitioned import features_partitioned, ingest_partitioned
    from framing.explore import queries as explore
    from framing.features.keyness import keyness

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=RUWA)
    parser.add_argument("--work", type=Path, default=Path("/tmp/framing_ruwa"))
    parser.add_argument("--engine", choices=["local", "dask"], default="local")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--scheduler", default=None, help="Dask scheduler address")
    args = parser.parse_args()
    if not args.csv.exists():
        raise SystemExit(f"{args.csv} not found (the RUWA evaluation data is not here)")
    engine = "dask" if args.scheduler else args.engine
    raw, processed, results = args.work / "raw", args.work / "processed", args.work / "results"
    shutil.rmtree(args.work, ignore_errors=True)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    n = prepare(args.csv, raw)
    timings["prepare"] = time.perf_counter() - started

    clock = time.perf_counter()
    summary = ingest_partitioned(raw, processed, day_first=False, engine=engine, jobs=args.jobs,
                                 scheduler=args.scheduler, partition_size=1)  # fmt: skip
    timings["ingest"] = time.perf_counter() - clock
    clock = time.perf_counter()
    features_partitioned(processed, engine=engine, jobs=args.jobs, scheduler=args.scheduler)
    timings["features"] = time.perf_counter() - clock

    clock = time.perf_counter()
    articles = Corpus(processed).table("articles", columns=["article_id", "source", "text"])
    key_terms = keyness(articles["text"], articles["source"], top=10, min_count=5)
    labels = explore.labels(by="source", processed_dir=processed)
    compare = explore.compare(
        "source",
        columns=["loaded_per_1k", "sentiment_mean", "label_hits", "actor_mentions"],
        processed_dir=processed,
    )
    results.mkdir(parents=True, exist_ok=True)
    key_terms.to_csv(results / "keyness.csv", index=False)
    labels.to_csv(results / "labels.csv", index=False)
    compare.to_csv(results / "compare.csv")
    timings["compare"] = time.perf_counter() - clock

    pd.set_option("display.width", 160)
    print(f"{n:,} headlines -> {summary.rows['articles']:,} articles "
          f"({summary.errors} errors, exact duplicates collapsed), engine {engine}")  # fmt: skip
    print("\nfeatures by outlet (means):")
    print(compare.round(3).to_string())
    print("\ntop 5 key terms per outlet (log-odds, each outlet vs the rest):")
    top5 = key_terms[key_terms["rank"] <= 5].groupby("group")["term"].apply(", ".join)
    print(top5.to_string())
    print("\ncompeting labels (share of each set's uses per outlet, sets with >= 20 uses):")
    used = labels.groupby("label_set")["n_author"].transform("sum") + labels.groupby("label_set")[
        "n_quoted"
    ].transform("sum")
    table = labels[used >= 20].pivot_table(
        index=["label_set", "label"], columns="source", values="share", fill_value=0.0
    )
    print(table.round(2).to_string())
    print("\nwall time: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
          + f"; total {time.perf_counter() - started:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()
