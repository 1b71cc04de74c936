"""Benchmark: open a 100,000-article processed corpus in a notebook and run kwic("proxy war").

Builds the processed tables synthetically (the sample corpus ingested once, its article and
sentence rows replicated with new ids, sources and dates) in a temporary folder, then times
what a notebook does: open the corpus and count it, list the article catalog (what the
browser reads), show one article (``corpus[id]``), run :func:`framing.kwic`. The
naive baseline (``pd.read_parquet`` of the whole articles table, then Python's ``re`` over
every text) shows what the lazy design saves.

    .venv/bin/python benchmarks/bench_explore.py [--articles 100000] [--row-group 2000]
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from framing.config import SAMPLE_DIR
from framing.corpus import Corpus, conform
from framing.explore.article import Article
from framing.explore.kwic import kwic
from framing.explore.widgets import Browser, article_catalog
from framing.ingest.step import ingest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [f"outlet{i:02d}.example" for i in range(40)]


def build_processed(n: int, out_dir: Path, *, row_group_size: int | None, seed: int = 0) -> Path:
    """Write articles + sentences tables of ``n`` articles replicated from the sample."""
    sample = out_dir / "sample"
    ingest(ROOT / SAMPLE_DIR, sample)
    base = Corpus(sample)
    articles, sentences = base.articles, base.sentences
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(articles), n)
    ids = pd.Series([f"{i:016x}" for i in rng.permutation(n * 7)[:n]], dtype="string")
    big = articles.iloc[pick].reset_index(drop=True)
    big["article_id"] = ids
    big["source"] = pd.Series(rng.choice(SOURCES, n), dtype="string")
    days = rng.integers(0, 3 * 365, n)
    big["date"] = pd.Series((np.datetime64("2022-01-01") + days).astype(str), dtype="string")
    # Replicate each picked article's sentences in one vectorised take (no per-article loop).
    sentences = sentences.sort_values(["article_id", "sentence_id"], kind="stable")
    sentences = sentences.reset_index(drop=True)
    first = sentences.groupby("article_id", sort=False).indices
    rows = np.concatenate([first[original] for original in articles["article_id"].iloc[pick]])
    counts = np.array([len(first[original]) for original in articles["article_id"].iloc[pick]])
    big_sentences = sentences.iloc[rows].reset_index(drop=True)
    big_sentences["article_id"] = pd.Series(np.repeat(ids.to_numpy(), counts), dtype="string")
    out = out_dir / "processed"
    out.mkdir()
    options = {} if row_group_size is None else {"row_group_size": row_group_size}
    conform(big, "articles").to_parquet(
        out / "articles.parquet", index=False, compression="zstd", **options
    )
    conform(big_sentences, "sentences").to_parquet(
        out / "sentences.parquet", index=False, compression="zstd", **options
    )
    return out


def timed(func: Callable[[], object], repeat: int = 3) -> tuple[float, object]:
    """Return the median wall time of ``repeat`` calls and the last result."""
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def naive_kwic(processed: Path, term: str) -> int:
    """The baseline: read the whole articles table into pandas, regex over every text."""
    articles = pd.read_parquet(processed / "articles.parquet")
    pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)
    return sum(len(pattern.findall(text)) for text in articles["text"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--row-group", type=int, default=2_000, help="rows per Parquet row group")
    args = parser.parse_args()

    for row_group in (args.row_group, None):
        with tempfile.TemporaryDirectory() as tmp:
            began = time.perf_counter()
            processed = build_processed(args.articles, Path(tmp), row_group_size=row_group)
            size = sum(p.stat().st_size for p in processed.iterdir()) / 1e6
            layout = f"row groups of {row_group:,}" if row_group else "pandas default row groups"
            print(
                f"\n{args.articles:,} articles, {layout}: built in "
                f"{time.perf_counter() - began:.1f} s, {size:.0f} MB on disk"
            )
            corpus = Corpus(processed)
            open_s, count = timed(lambda c=corpus: len(c))
            catalog_s, catalog = timed(lambda c=corpus: article_catalog(c))
            some_id = catalog["article_id"].iloc[len(catalog) // 2]
            article_s, article = timed(
                lambda i=some_id, p=processed: Article.load(i, processed_dir=p)
            )
            browser_s, _ = timed(lambda c=corpus: Browser(c), repeat=1)
            kwic_s, lines = timed(lambda p=processed: kwic("proxy war", processed_dir=p), repeat=3)
            floor_s, none = timed(lambda p=processed: kwic("hypersonic", processed_dir=p), repeat=3)
            print(f"  open + len(corpus) = {count:,}:       {open_s * 1000:8.1f} ms")
            print(f"  article catalog (browser list):   {catalog_s * 1000:8.1f} ms")
            print(f"  corpus[id] (one article):         {article_s * 1000:8.1f} ms")
            print(f"  Browser(corpus) (first article):  {browser_s * 1000:8.1f} ms")
            share = lines["article_id"].nunique() / count
            print(
                f"  kwic('proxy war') -> {len(lines):,} lines in {share:.0%} of articles: "
                f"{kwic_s * 1000:8.1f} ms"
            )
            print(
                f"  kwic('hypersonic') -> {len(none)} lines (scan floor): {floor_s * 1000:8.1f} ms"
            )
            assert len(article.text) > 0
            if row_group is None:
                naive_s, naive_hits = timed(
                    lambda p=processed: naive_kwic(p, "proxy war"), repeat=1
                )
                print(
                    f"  naive pandas read + re ({naive_hits:,} hits): {naive_s * 1000:8.1f} ms "
                    f"-> kwic is {naive_s / kwic_s:.1f}x faster"
                )


if __name__ == "__main__":
    main()
