"""Build a synthetic corpus of scraped-looking .txt articles from real sentences.

Sentences come from the bundled sample (cleaned) and, when present, from the real news
articles in ``../shared/eval/ukraine_war_news/articles.csv``; article lengths follow a
log-normal distribution with a median of ~750 words, and each article gets realistic
boilerplate (section labels, breadcrumbs, bylines, reading times, datelines, share widgets,
repeated captions, related-article teasers, comment sections). Deterministic for a seed.

    python benchmarks/make_corpus.py 10000 /tmp/synthetic --seed 0

Other benchmarks import :func:`make_corpus`.
"""

from __future__ import annotations

import argparse
import math
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "data" / "raw" / "sample"
EVAL_ARTICLES = ROOT.parent / "shared" / "eval" / "ukraine_war_news" / "articles.csv"

MEDIAN_WORDS = 750
SECTION_LABELS = ["Trending Now World", "World", "Breaking News", "Politics", "Latest News"]
SHARE_LINES = ["Pin It", "Linked In", "Share", "Tweet", "#buttons=(Ok, Go it!) #days=(20)"]
BYLINES = ["By -", "by YCPress", "By Reuters", "by Daily Post Staff", "By Jane Roe"]
READING = ["3 minute read", "5 min read", "2 minutes read"]
DATELINES = ["Sep 13 2023", "Published on: February 8, 2022", "13 March 2022", "2022-11-05"]
RELATED = ["Related Articles", "Check Also", "Read more", "Other Articles That May Interest You …"]
COMMENT_STARTS = ["Leave a Reply", "Post a Comment", "12 Comments", "FinanceTwitter SignOff"]
TAIL = [
    "Your email address will not be published. Required fields are marked *",
    "Our website uses cookies to enhance your experience. Learn more",
    "Subscribe Daily Post or Follow Google News to update information quickly, Thank you..!!",
    "Back to top button",
]


def load_sentences(include_eval: bool = True) -> tuple[list[str], list[str]]:
    """Return ``(sentences, headlines)`` from the sample and, when present, the eval corpus."""
    from framing.ingest.clean import clean_text
    from framing.ingest.segment import split_sentences

    bodies: list[str] = []
    headlines: list[str] = []
    for path in sorted(SAMPLE_DIR.glob("*.txt")):
        cleaned = clean_text(path.read_text(encoding="utf-8"))
        bodies.append(cleaned.text)
        headlines.append(cleaned.title or "")
    if include_eval and EVAL_ARTICLES.exists():
        import pandas as pd

        bodies.extend(pd.read_csv(EVAL_ARTICLES)["text"].dropna().astype(str))
    sentences = [
        body[start:end].replace("\n", " ")
        for body in bodies
        for start, end in split_sentences(body)
        if 5 <= len(body[start:end].split()) <= 80
    ]
    headlines += [s.rstrip(".") for s in sentences if 6 <= len(s.split()) <= 14][:500]
    return sentences, [h for h in headlines if h]


def _article(rng: random.Random, sentences: list[str], headlines: list[str]) -> str:
    target = int(min(4000, max(120, rng.lognormvariate(math.log(MEDIAN_WORDS), 0.5))))
    headline = rng.choice(headlines)
    lines: list[str] = []
    if rng.random() < 0.3:
        lines.append(rng.choice(SECTION_LABELS))
    if rng.random() < 0.15:
        lines.append(f"Home Politics {headline}")
    lines.append(headline)
    if rng.random() < 0.3:
        lines.append(headline)  # repeated headline
    for pool, chance in ((BYLINES, 0.5), (READING, 0.3), (DATELINES, 0.5), (SHARE_LINES, 0.4)):
        if rng.random() < chance:
            lines.append(rng.choice(pool))
    words = 0
    paragraphs = 0
    caption = rng.choice(headlines).split(":")[0][:40] if rng.random() < 0.3 else None
    while words < target:
        paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 4)))
        lines.append(paragraph)
        words += len(paragraph.split())
        paragraphs += 1
        if caption and paragraphs == 3:
            lines += [caption, caption]
    if rng.random() < 0.4:
        lines.append(rng.choice(RELATED))
        lines += [rng.choice(headlines) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.3:
        lines.append(rng.choice(SHARE_LINES))
    if rng.random() < 0.6:
        lines.append(rng.choice(COMMENT_STARTS))
        if rng.random() < 0.5:
            lines.append(" ".join(rng.choice(sentences) for _ in range(rng.randint(2, 6))))
        lines.append(rng.choice(TAIL))
    return "\n\n".join(lines) + "\n"


def make_corpus(
    n: int, out_dir: str | Path, seed: int = 0, *, include_eval: bool = True
) -> list[Path]:
    """Write ``n`` synthetic articles as ``out_dir/NNNNNN.txt``; return their paths."""
    rng = random.Random(seed)
    sentences, headlines = load_sentences(include_eval)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(n):
        path = out / f"{index:06d}.txt"
        path.write_text(_article(rng, sentences, headlines), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out_dir", type=Path, help="folder to write NNNNNN.txt files into")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-eval", action="store_true", help="sample sentences only")
    args = parser.parse_args()
    paths = make_corpus(args.n, args.out_dir, args.seed, include_eval=not args.no_eval)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} articles ({size / 1e6:.1f} MB) to {args.out_dir}")


if __name__ == "__main__":
    main()
