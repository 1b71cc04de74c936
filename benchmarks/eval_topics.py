"""Evaluate the topic models against human categories on the BBC News development half.

Ingests ``../shared/eval/bbc/bbc_dev.csv`` through ``framing ingest`` (CSV reader, into a
temporary folder), fits k = number of categories topics with the tool's NMF (default) and
LDA, and a plain scikit-learn baseline of each in the same run, then prints for every model:
NMI and adjusted Rand index of the dominant topic against the category, NPMI coherence,
topic diversity and stability (Hungarian-matched top-term overlap over seeded refits on 80 %
sub-samples); ``seconds`` covers the fit and its three stability refits.

Run from the project root:  .venv/bin/python benchmarks/eval_topics.py [--csv PATH]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from framing.corpus import Corpus
from framing.topics import fit_topics, match_topics, npmi_coherence, topic_diversity

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CSV = ROOT.parent / "shared" / "eval" / "bbc" / "bbc_dev.csv"
STABILITY_SEEDS = (1, 2, 3)
N_TOP = 10


def ingest_csv(csv: Path, workdir: Path) -> Corpus:
    """Ingest the CSV with the project's own CLI into ``workdir/processed``."""
    raw = workdir / "raw"
    raw.mkdir()
    shutil.copy(csv, raw / csv.name)  # a temporary copy: the repository never holds it
    processed = workdir / "processed"
    command = [
        str(Path(sys.executable).parent / "framing"),
        "ingest",
        str(raw),
        "--out",
        str(processed),
        "--columns",
        "text=text,title=title",
    ]
    subprocess.run(command, check=True)
    return Corpus(processed)


def baseline_top_terms(components: np.ndarray, terms: np.ndarray) -> list[list[str]]:
    order = np.argsort(-components, axis=1, kind="stable")[:, :N_TOP]
    return [[str(terms[j]) for j in row] for row in order]


def baseline(texts: list[str], method: str, k: int, seed: int, rows: np.ndarray | None = None):
    """Plain scikit-learn: NMF on tf-idf / batch LDA on counts, English stop words."""
    if method == "nmf":
        vectorizer = TfidfVectorizer(stop_words="english")
        estimator = NMF(n_components=k, random_state=seed)
    else:
        vectorizer = CountVectorizer(stop_words="english")
        estimator = LatentDirichletAllocation(
            n_components=k, learning_method="batch", random_state=seed, n_jobs=1
        )
    fit_texts = texts if rows is None else [texts[i] for i in rows]
    matrix = vectorizer.fit_transform(fit_texts)
    weights = estimator.fit_transform(matrix)
    terms = vectorizer.get_feature_names_out()
    return weights, baseline_top_terms(estimator.components_, terms), vectorizer


def baseline_row(texts, categories, method, k) -> dict:
    start = time.perf_counter()
    weights, topics, vectorizer = baseline(texts, method, k, seed=0)
    analyzer = vectorizer.build_analyzer()
    reference = [analyzer(t) for t in texts]
    rng_runs = []
    for seed in STABILITY_SEEDS:
        rng = np.random.default_rng(seed)
        rows = np.sort(rng.choice(len(texts), size=int(round(0.8 * len(texts))), replace=False))
        rng_runs.append(match_topics(topics, baseline(texts, method, k, seed, rows)[1])[1].mean())
    seconds = time.perf_counter() - start
    dominant = weights.argmax(axis=1)
    return {
        "model": f"plain sklearn {method.upper()}",
        "nmi": normalized_mutual_info_score(categories, dominant),
        "ari": adjusted_rand_score(categories, dominant),
        "coherence": float(np.mean(npmi_coherence(topics, reference))),
        "diversity": topic_diversity(topics),
        "stability": float(np.mean(rng_runs)),
        "seconds": seconds,
    }


def tool_row(corpus, categories, method, k, seed=0, stability=True) -> tuple[dict, object]:
    start = time.perf_counter()
    model = fit_topics(
        corpus,
        k=k,
        method=method,
        unit="article",
        seed=seed,
        n_top=N_TOP,
        stability_seeds=STABILITY_SEEDS if stability else (),
    )
    seconds = time.perf_counter() - start
    dominant = model.doc_topics["dominant"].fillna(-1).astype(int)
    return {
        "model": f"framing {method.upper()}" + (" (default)" if method == "nmf" else ""),
        "nmi": normalized_mutual_info_score(categories, dominant),
        "ari": adjusted_rand_score(categories, dominant),
        "coherence": model.quality.coherence,
        "diversity": model.quality.diversity,
        "stability": model.quality.stability,
        "seconds": seconds,
    }, model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="framing-eval-topics-") as tmp:
        corpus = ingest_csv(args.csv, Path(tmp))
        articles = corpus.articles
        categories = articles["category"].astype(str).to_numpy()
        k = len(set(categories))
        texts = articles["text"].astype(str).tolist()
        print(f"BBC dev: {len(articles)} articles ingested, {k} categories, k={k}")
        print(
            f"near/exact duplicates left out of fitting: {articles['duplicate_of'].notna().sum()}"
        )
        rows, models = [], {}
        for method in ("nmf", "lda"):
            row, model = tool_row(corpus, categories, method, k)
            rows.append(row)
            models[method] = model
            print(f"{row['model']}: NMI {row['nmi']:.3f}", flush=True)
            rows.append(baseline_row(texts, categories, method, k))
            print(f"{rows[-1]['model']}: NMI {rows[-1]['nmi']:.3f}", flush=True)
        table = pd.DataFrame(rows).set_index("model")
        print()
        print(table.round(3).to_string())
        nmf, lda = table.loc["framing NMF (default)", "nmi"], table.loc["framing LDA", "nmi"]
        print(
            f"targets: default (NMF) NMI >= 0.80: {nmf:.3f} {'PASS' if nmf >= 0.80 else 'FAIL'}; "
            f"LDA NMI >= 0.70: {lda:.3f} {'PASS' if lda >= 0.70 else 'FAIL'}"
        )
        print(
            f"gain over plain sklearn: NMF x{nmf / table.loc['plain sklearn NMF', 'nmi']:.2f}, "
            f"LDA x{lda / table.loc['plain sklearn LDA', 'nmi']:.2f} (NMI ratio)"
        )
        print("\nframing NMF topics (label: top terms) vs majority category:")
        model = models["nmf"]
        crosstab = pd.crosstab(model.doc_topics["dominant"], categories)
        for topic, terms in enumerate(model.top_term_lists()):
            majority = crosstab.loc[topic].idxmax() if topic in crosstab.index else "-"
            print(f"  {topic} [{majority}]: {', '.join(terms)}")


if __name__ == "__main__":
    main()
