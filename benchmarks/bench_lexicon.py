"""Benchmark loaded-term matching (prints figures; not a test).

Synthetic ~750-word articles (seeded) with loaded terms, quotations, hyphenation and line
breaks sprinkled in. Prints articles/s for each stage and the ratio of the full matcher
to a single case-insensitive alternation regex over the same phrases (the design it
replaces).

Usage::

    .venv/bin/python benchmarks/bench_lexicon.py [--articles 2000] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import re
import time

import pandas as pd

from framing.features.competing_labels import find_labels, load_label_sets
from framing.features.distancing import load_distancing
from framing.features.domains import detect_domain
from framing.features.lexicon import load_lexicon
from framing.features.loaded_terms import find_terms, find_terms_in_sentences
from framing.features.phrase_matcher import PhraseMatcher, normalize

#: Neutral filler words; split at runtime from one string for readability.
_FILLER_TEXT = (
    "the officials said on monday that talks in the capital would continue next week while "
    "troops moved along the border and analysts expected further sanctions and new aid "
    "packages from allies in europe as prices rose again"
)
FILLER = _FILLER_TEXT.split(" ")


def synthetic_articles(n: int, seed: int, phrases: list[str]) -> list[str]:
    """Return ``n`` articles of ~750 words, about 2 % of them loaded phrases."""
    rng = random.Random(seed)
    articles = []
    for _ in range(n):
        words: list[str] = []
        while len(words) < 750:
            sentence = [rng.choice(FILLER) for _ in range(rng.randint(8, 22))]
            if rng.random() < 0.35:
                sentence.insert(rng.randrange(len(sentence)), rng.choice(phrases))
            text = " ".join(sentence).capitalize() + "."
            if rng.random() < 0.2:
                text = f"“{text}” he said."
            words.extend(text.split(" "))
            if rng.random() < 0.15:
                words.append("\n\n")
        articles.append(" ".join(words).replace("proxy war", "proxy-\nwar"))
    return articles


def rate(label: str, n: int, func) -> float:
    start = time.perf_counter()
    func()
    seconds = time.perf_counter() - start
    print(f"  {label:44s} {n / seconds:10,.0f} articles/s   ({seconds:.2f} s)")
    return n / seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    lexicon = load_lexicon()
    phrases = [
        p
        for t, v in zip(lexicon.entries.term, lexicon.entries.variants, strict=True)
        for p in (t, *v)
    ]
    articles = synthetic_articles(args.articles, args.seed, phrases)
    n = len(articles)
    words = sum(len(a.split()) for a in articles) / n
    print(f"{n} synthetic articles, {words:.0f} words each, lexicon of {len(phrases)} phrases")
    rate("normalize (offset map)", n, lambda: [normalize(a) for a in articles])
    automaton = rate(
        "automaton match + boundaries + offsets",
        n,
        lambda: [lexicon.matcher.match(a) for a in articles],
    )
    unguarded = PhraseMatcher(lexicon.matcher_phrases())
    plain = rate(
        "  the same without sense guards", n, lambda: [unguarded.match(a) for a in articles]
    )
    print(f"  sense guards and the hyphen rule cost {plain / automaton:.2f}x the plain matcher")
    cues = load_distancing()
    hits = [lexicon.matcher.match(a) for a in articles]
    rate(
        "distancing cues of every hit",
        n,
        lambda: [cues.cue(a, s, e) for a, h in zip(articles, hits, strict=True) for s, e, _ in h],
    )
    rate("detect_domain", n, lambda: [detect_domain(a) for a in articles])
    rate(
        "find_terms (+quoted, negated, DataFrame)",
        n,
        lambda: [find_terms(a, lexicon) for a in articles],
    )
    sentences = pd.DataFrame(
        [
            (f"a{i}", k, m.start(), m.end(), m.group())
            for i, text in enumerate(articles)
            for k, m in enumerate(re.finditer(r"[^.]+\.", text))
        ],
        columns=["article_id", "sentence_id", "start", "end", "text"],
    )
    texts = {f"a{i}": text for i, text in enumerate(articles)}
    bulk = rate(
        "find_terms_in_sentences (bulk, KWIC)",
        n,
        lambda: find_terms_in_sentences(sentences, lexicon, article_text=texts),
    )
    label_sets = load_label_sets()
    rate("find_labels (15 sets)", n, lambda: [find_labels(a, label_sets) for a in articles])
    alternation = re.compile(
        r"\b(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + r")\b",
        re.IGNORECASE,
    )
    sample = articles[: max(1, n // 10)]
    regex = rate(
        "reference: one IGNORECASE alternation regex",
        len(sample),
        lambda: [alternation.findall(a) for a in sample],
    )
    print(f"automaton matcher vs alternation regex: {automaton / regex:.1f}x faster")
    print(f"bulk extraction vs alternation regex:   {bulk / regex:.1f}x faster")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
