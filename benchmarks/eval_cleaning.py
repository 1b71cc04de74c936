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

The scoring lives in framing.validate.cleaning_gold (`framing validate` reports the
cross-validated row as the cleaning measure); this script adds the other rows, the
removals outside the gold and the classifier's refit.

The phrase rules (boilerplate.yml) were written after reading the gold: every row is
in-sample for them. --show-removals N prints, per rule, up to N lines removed from the 377
articles outside the gold, to read for false positives.

Source repetition uses all 447 articles as unlabelled text, grouped by country (as an ingest
with --column source=country would). --write-model fits the classifier on all gold articles
and writes it as YAML.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import yaml

from framing.ingest.boilerplate_features import load_line_model
from framing.ingest.clean import clean_text
from framing.validate.cleaning_gold import (
    choose_threshold,
    clean_text_cleaner,
    cross_validated_models,
    detector,
    fit_model,
    load_gold,
    residual_rows,
    score_article,
    summarize,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"
GOLD = SHARED / "cleaning_gold" / "ukraine_war_news_gold.json"
ARTICLES = SHARED / "ukraine_war_news" / "articles.csv"


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
    names, texts, golds, repeated, clusters, sources, others = load_gold(args.gold, args.articles)
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
