"""Score boilerplate removal on the line-level gold of ukraine_war_news (cleaning_gold).

    .venv/bin/python benchmarks/eval_cleaning.py [--gold PATH] [--articles PATH]
        [--show-removals N] [--write-model src/framing/ingest/boilerplate_classifier.yml]

Each gold article's text is split on newlines, empty lines dropped, lines stripped; a
cleaner's kept lines are scored as the gold README says: prose kept (counted by occurrence)
and boilerplate removed (a `duplicate` line may stay as often as it is listed as prose),
pooled and per article, with seeded bootstrap 95 % intervals over articles. Rows:

- clean_text (ingest's path): `framing.ingest.clean.clean_text` as ingest calls it for a
  CSV row without a title column (title="", the source's repeated lines), with
  * the classifier cross-validated: fitted and thresholded inside each training fold
    (grouped by article, near-duplicate articles in one group), scored on the held-out
    articles: THE figure;
  * leave-one-country-out: the classifier fitted without the article's country (does it
    carry to a site it never saw?);
  * no classifier (rules only);
  * the shipped classifier (fitted on all 70: in-sample, optimistic);
- the detector alone (`classify_lines` on the raw lines, cross-validated), for comparison.

The phrase rules (boilerplate.yml) were written after reading the gold: every row is
in-sample for them. --show-removals N prints, per rule, up to N lines removed from the 377
articles outside the gold, to read for false positives.

Source repetition uses all 447 articles as unlabelled text, grouped by country (as an ingest
with --column source=country would). --write-model fits the classifier on all gold articles
and writes it as YAML.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from framing.ingest.boilerplate import classify_lines
from framing.ingest.boilerplate_features import (
    FEATURE_NAMES,
    LineModel,
    line_features,
    load_line_model,
)
from framing.ingest.boilerplate_repeats import (
    article_clusters,
    article_lines,
    line_key,
    repeated_lines,
)
from framing.ingest.clean import clean_text

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"
GOLD = SHARED / "cleaning_gold" / "ukraine_war_news_gold.json"
ARTICLES = SHARED / "ukraine_war_news" / "articles.csv"
KINDS: tuple[str, ...] = ("promo", "related", "byline", "copyright", "caption", "embed")
KINDS += ("newsletter", "feedback", "duplicate", "nav", "ad", "timestamp", "other")


def _norm(line: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", line)).strip()


def score_article(kept: Sequence[str], gold: dict) -> dict[str, Counter]:
    """Return counts for one article: prose/boilerplate totals and hits, and per kind."""
    clean = Counter(_norm(line) for line in kept)
    prose = Counter(_norm(line) for line in gold["prose"])
    counts: dict[str, Counter] = {"total": Counter(), "hit": Counter()}
    for line, n in prose.items():
        counts["total"]["prose"] += n
        counts["hit"]["prose"] += min(n, clean[line])
    by_text: dict[str, list[str]] = {}
    for item in gold["boilerplate"]:
        by_text.setdefault(_norm(item["text"]), []).append(item["kind"])
    for line, kinds in by_text.items():
        surviving = max(0, min(len(kinds), clean[line] - prose[line]))
        for index, kind in enumerate(kinds):
            removed = index >= surviving
            for key in ("boilerplate", f"kind:{kind}"):
                counts["total"][key] += 1
                counts["hit"][key] += removed
    return counts


def _ratio(per_article: list[dict[str, Counter]], key: str, pick: np.ndarray) -> float:
    total = sum(per_article[i]["total"][key] for i in pick)
    return sum(per_article[i]["hit"][key] for i in pick) / total if total else float("nan")


def summarize(per_article: list[dict[str, Counter]], *, seed: int = 0, reps: int = 2000) -> dict:
    """Return pooled rates with bootstrap 95 % intervals over articles, per-article means,
    and per-kind removal rates."""
    rng = np.random.default_rng(seed)
    everyone = np.arange(len(per_article))
    samples = [rng.integers(0, len(per_article), len(per_article)) for _ in range(reps)]
    out: dict = {}
    for key in ("prose", "boilerplate"):
        boot = [_ratio(per_article, key, s) for s in samples]
        rates = [c["hit"][key] / c["total"][key] for c in per_article if c["total"][key]]
        out[key] = {
            "pooled": _ratio(per_article, key, everyone),
            "ci95": [float(np.nanpercentile(boot, 2.5)), float(np.nanpercentile(boot, 97.5))],
            "per_article_mean": float(np.mean(rates)),
            "articles_perfect": f"{sum(r == 1.0 for r in rates)}/{len(rates)}",
            "lines": sum(c["total"][key] for c in per_article),
        }
    out["kinds"] = {
        kind: f"{sum(c['hit'][f'kind:{kind}'] for c in per_article)}"
        f"/{sum(c['total'][f'kind:{kind}'] for c in per_article)}"
        for kind in KINDS
        if sum(c["total"][f"kind:{kind}"] for c in per_article)
    }
    return out


def line_labels(lines: Sequence[str], gold: dict) -> list[int | None]:
    """Return 0 (prose), 1 (boilerplate) or None (unsure) per line occurrence, in order."""
    prose = Counter(_norm(x) for x in gold["prose"])
    boiler = Counter(_norm(x["text"]) for x in gold["boilerplate"])
    labels: list[int | None] = []
    for line in map(_norm, lines):
        if prose[line] > 0:
            prose[line] -= 1
            labels.append(0)
        elif boiler[line] > 0:
            boiler[line] -= 1
            labels.append(1)
        else:
            labels.append(None)
    return labels


def residual_rows(texts, golds, repeated) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return features, labels and article number of the lines the rules keep (the lines a
    classifier would see), unsure lines left out."""
    rows, labels, owner = [], [], []
    for index, text in enumerate(texts):
        lines = article_lines(text)
        feats = line_features(lines, repeated=repeated[index])
        decisions = classify_lines(lines, repeated=repeated[index], model=False)
        for decision, row, label in zip(
            decisions, feats, line_labels(lines, golds[index]), strict=True
        ):
            if decision.keep and label is not None and row is not None:
                rows.append(row)
                labels.append(label)
                owner.append(index)
    return np.array(rows), np.array(labels), np.array(owner)


def fit_model(x: np.ndarray, y: np.ndarray, threshold: float, *, c: float = 0.1) -> LineModel:
    """Return a standardized logistic regression (L2 strength 1/c) fitted on (x, y)."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    fitted = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
    fitted.fit((x - mean) / scale, y)
    return LineModel(
        FEATURE_NAMES,
        tuple(mean.tolist()),
        tuple(scale.tolist()),
        tuple(fitted.coef_[0].tolist()),
        float(fitted.intercept_[0]),
        threshold,
    )


def choose_threshold(x, y, groups, *, prose_budget: float, c: float = 0.1, folds: int = 4) -> float:
    """Return the lowest threshold that flags at most ``prose_budget`` of the prose lines,
    judged on out-of-fold probabilities (grouped folds) of the training data."""
    probs = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=folds).split(x, y, groups):
        model = fit_model(x[train], y[train], 0.5, c=c)
        probs[test] = [model.probability(row) for row in x[test]]
    prose = np.sort(probs[y == 0])[::-1]
    allowed = int(prose_budget * len(prose))
    return float(max(0.5, prose[allowed] + 1e-6)) if len(prose) > allowed else 0.5


def cross_validated_models(
    x, y, owner, clusters: np.ndarray, *, prose_budget: float, c: float = 0.1, folds: int = 5
) -> tuple[dict[int, LineModel], list[float]]:
    """Return {article index: model fitted and thresholded without that article's group}
    and the threshold chosen in each fold (outer folds grouped by near-duplicate cluster)."""
    models: dict[int, LineModel] = {}
    thresholds = []
    articles = np.arange(len(clusters))
    folds = min(folds, len(set(clusters)))
    for train, test in GroupKFold(n_splits=folds).split(articles, groups=clusters):
        mask = np.isin(owner, train)
        inner = min(4, len(set(clusters[owner[mask]])))
        threshold = choose_threshold(
            x[mask], y[mask], clusters[owner[mask]], prose_budget=prose_budget, c=c, folds=inner
        )
        thresholds.append(threshold)
        model = fit_model(x[mask], y[mask], threshold, c=c)
        models.update(dict.fromkeys(test.tolist(), model))
    return models, thresholds


Cleaner = Callable[[int], list[str]]


def clean_text_cleaner(
    texts: list[str], repeated, model_of: Callable[[int], LineModel | bool]
) -> Cleaner:
    """Return ingest's cleaning path (clean_text with title="", as for a CSV row without a
    title column) with the classifier ``model_of(article)``, as a cleaner."""

    def clean(i: int) -> list[str]:
        cleaned = clean_text(texts[i], title="", repeated=repeated[i], model=model_of(i))
        return article_lines(cleaned.text)

    return clean


def detector(texts, repeated, model_of: Callable[[int], LineModel | bool]) -> Cleaner:
    """Return classify_lines (with the model ``model_of(article)``) as a cleaner."""

    def clean(i: int) -> list[str]:
        lines = article_lines(texts[i])
        decisions = classify_lines(lines, repeated=repeated[i], model=model_of(i))
        return [d.text for d in decisions if d.keep]

    return clean


def _load(gold_path: Path, articles_path: Path):
    golds_by_name = json.loads(gold_path.read_text(encoding="utf-8"))
    frame = pd.read_csv(articles_path)
    by_country = frame.groupby("country")["text"].apply(list).to_dict()
    repeated_by_source = repeated_lines({str(k): v for k, v in by_country.items()})
    frame = frame.set_index("filename")
    names = sorted(golds_by_name)
    others = [
        (str(text), repeated_by_source[country])
        for name, text, country in zip(frame.index, frame["text"], frame["country"], strict=True)
        if name not in golds_by_name
    ]
    texts = [str(frame.loc[n, "text"]) for n in names]
    repeated = [repeated_by_source[frame.loc[n, "country"]] for n in names]
    golds = [golds_by_name[n] for n in names]
    keys = [frozenset(filter(None, map(line_key, article_lines(t)))) for t in texts]
    clusters = np.array(article_clusters(keys))
    countries = {c: i for i, c in enumerate(sorted(set(frame["country"])))}
    sources = np.array([countries[frame.loc[n, "country"]] for n in names])
    return names, texts, golds, repeated, clusters, sources, others


def show_removals(others, limit: int) -> None:
    """Print, per rule id, how many lines clean_text removes from the non-gold articles and
    up to ``limit`` of them (to read for prose wrongly removed)."""
    by_rule: dict[str, list[str]] = {}
    for text, repeated in others:
        for line in clean_text(text, title="", repeated=repeated).removed:
            by_rule.setdefault(line.rule_id, []).append(line.text)
    print(f"removals on the {len(others)} articles outside the gold, by rule:")
    for rule_id, lines in sorted(by_rule.items(), key=lambda kv: -len(kv[1])):
        print(f"  {rule_id}: {len(lines)}")
        for line in lines[:limit]:
            print(f"      {line[:150]!r}")


def _print(label: str, summary: dict) -> None:
    p, b = summary["prose"], summary["boilerplate"]
    print(
        f"{label:<44} prose kept {p['pooled']:6.1%} [{p['ci95'][0]:.1%}, {p['ci95'][1]:.1%}]"
        f" (mean/article {p['per_article_mean']:.1%}, perfect {p['articles_perfect']})"
        f" | boilerplate removed {b['pooled']:6.1%} [{b['ci95'][0]:.1%}, {b['ci95'][1]:.1%}]"
        f" (mean/article {b['per_article_mean']:.1%})"
    )
    print(" " * 46 + "per kind: " + ", ".join(f"{k} {v}" for k, v in summary["kinds"].items()))


def main(argv: Sequence[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    parser.add_argument(
        "--prose-budget",
        type=float,
        default=0.002,
        help="share of training prose lines the classifier may flag",
    )
    parser.add_argument("--c", type=float, default=0.1, help="inverse L2 strength")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--write-model", type=Path, default=None)
    parser.add_argument("--show-removals", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    names, texts, golds, repeated, clusters, sources, others = _load(args.gold, args.articles)
    print(f"{len(names)} gold articles in {len(set(clusters))} near-duplicate groups")
    x, y, owner = residual_rows(texts, golds, repeated)
    cv_models, thresholds = cross_validated_models(
        x, y, owner, clusters, prose_budget=args.prose_budget, c=args.c
    )
    source_models, _ = cross_validated_models(
        x, y, owner, sources, prose_budget=args.prose_budget, c=args.c
    )
    shipped = load_line_model()
    rows = {
        "clean_text, classifier cross-validated": clean_text_cleaner(
            texts, repeated, cv_models.__getitem__
        ),
        "clean_text, leave-one-country-out": clean_text_cleaner(
            texts, repeated, source_models.__getitem__
        ),
        "clean_text, no classifier (rules only)": clean_text_cleaner(
            texts, repeated, lambda i: False
        ),
        "detector alone, cross-validated": detector(texts, repeated, cv_models.__getitem__),
    }
    if shipped is not None:
        rows["clean_text, shipped classifier (in-sample)"] = clean_text_cleaner(
            texts, repeated, lambda i: shipped
        )
    results = {}
    for label, cleaner in rows.items():
        results[label] = summarize(
            [score_article(cleaner(i), golds[i]) for i in range(len(names))], seed=args.seed
        )
        _print(label, results[label])
    print(f"cross-validated thresholds per fold: {[round(t, 3) for t in thresholds]}")
    print("phrase rules: written after reading the gold, so in-sample in every row above")
    if args.show_removals:
        show_removals(others, args.show_removals)
    if args.write_model is not None:
        _write_model(args, x, y, owner, clusters, results)
    return results


def _write_model(args, x, y, owner, clusters, results) -> None:
    threshold = choose_threshold(
        x, y, clusters[owner], prose_budget=args.prose_budget, c=args.c, folds=5
    )
    model = fit_model(x, y, threshold, c=args.c)
    cv = results["clean_text, classifier cross-validated"]
    document = {
        "about": (
            "Line classifier of framing.ingest.boilerplate: logistic regression over "
            "standardized features, fitted by benchmarks/eval_cleaning.py --write-model on the "
            f"lines the rules keep in the 70 cleaning_gold articles ({len(y)} lines, "
            f"{int(y.sum())} boilerplate); threshold chosen by grouped cross-validation with "
            f"prose budget {args.prose_budget}. Cross-validated with the rules: prose kept "
            f"{cv['prose']['pooled']:.4f}, boilerplate removed {cv['boilerplate']['pooled']:.4f}."
        ),
        "model": model.to_dict(),
    }
    args.write_model.write_text(
        yaml.safe_dump(document, sort_keys=False, width=100), encoding="utf-8"
    )
    print(f"wrote {args.write_model} (threshold {threshold:.3f})")


if __name__ == "__main__":
    main()
