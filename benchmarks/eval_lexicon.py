"""Evaluate the loaded-term lexicon against human annotations (prints figures; not a test).

Data (development halves, never copied into the repo): ``../shared/eval/`` relative to the
project root, or ``--eval-dir``.

* BABE (``babe/final_labels_SG2_dev.csv``): news sentences labelled Biased / Non-biased by
  experts, with the words they marked as biased.
  - token level: precision and recall of the tokens our hits cover against the marked words;
  - sentence level: "has an author-voice loaded term" (a hit neither quoted nor negated)
    against label_bias == "Biased": precision, recall, F1 and Matthews correlation (MCC).
    Half the sentences are Biased, so always answering "Biased" gives F1 0.66 and MCC 0:
    judge by precision and MCC (targets: precision >= 0.70, MCC >= 0.25).
* PTC (``ptc/``, SemEval-2020 task 11): recall of Loaded_Language and Name_Calling,Labeling
  spans (a gold span counts as found when a hit overlaps it) and precision of hits against
  all technique spans.

Usage::

    .venv/bin/python benchmarks/eval_lexicon.py [--eval-dir DIR] [--lexicon extra.yml] [--details]
"""

from __future__ import annotations

import argparse
import ast
import bisect
import re
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
from sklearn.metrics import f1_score, matthews_corrcoef, precision_score, recall_score

from framing.features.lexicon import load_lexicon
from framing.features.loaded_terms import find_terms

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
TOKEN = re.compile(r"[\w][\w'’-]*")
TARGET_TECHNIQUES = ("Loaded_Language", "Name_Calling,Labeling")


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower().strip("'’-")) for m in TOKEN.finditer(text)]


def _gold_words(cell: str) -> set[str]:
    words: set[str] = set()
    for phrase in ast.literal_eval(cell):
        for _, _, token in _tokens(str(phrase)):
            words.add(token)
    return words


def eval_babe(path: Path, lexicon, details: bool) -> dict[str, float]:
    """Token- and sentence-level agreement with BABE's expert annotations."""
    data = pd.read_csv(path)
    data = data[data["label_bias"].isin(["Biased", "Non-biased"])].reset_index(drop=True)
    tp = n_pred = n_gold = 0
    predicted, truth = [], []
    false_terms: Counter[str] = Counter()
    true_terms: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for text, label, cell in zip(
        data["text"], data["label_bias"], data["biased_words"], strict=True
    ):
        hits = find_terms(str(text), lexicon)
        gold = _gold_words(cell)
        covered: set[str] = set()
        for start, end, token in _tokens(str(text)):
            if ((hits["start"] < end) & (hits["end"] > start)).any():
                covered.add(token)
        tp += len(covered & gold)
        n_pred += len(covered)
        n_gold += len(gold)
        missed.update(gold - covered)
        author = hits[~hits["quoted"] & ~hits["negated"]]
        predicted.append(not author.empty)
        truth.append(label == "Biased")
        for term in author["term"]:
            (true_terms if label == "Biased" else false_terms)[term] += 1
    figures = {
        "sentences": len(data),
        "biased_share": sum(truth) / len(truth),
        "token_precision": tp / n_pred if n_pred else float("nan"),
        "token_recall": tp / n_gold if n_gold else float("nan"),
        "flagged_share": sum(predicted) / len(predicted),
        "sentence_precision": precision_score(truth, predicted),
        "sentence_recall": recall_score(truth, predicted),
        "sentence_f1": f1_score(truth, predicted),
        "sentence_mcc": matthews_corrcoef(truth, predicted),
    }
    if details:
        print("  terms firing in Non-biased sentences (term: non-biased / biased):")
        ranked = sorted(false_terms, key=lambda t: (-false_terms[t], t))[:40]
        print("   ", ", ".join(f"{t}: {false_terms[t]}/{true_terms[t]}" for t in ranked))
        print("  most-missed annotated words:")
        print("   ", ", ".join(f"{w}: {n}" for w, n in missed.most_common(60)))
    return figures


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when sorted ``spans`` has one overlapping [start, end)."""
    index = bisect.bisect_left(spans, (end, -1))
    return any(s < end and e > start for s, e in spans[max(0, index - 50) : index])


def eval_ptc(folder: Path, lexicon, details: bool) -> dict[str, float]:
    """Recall of loaded-language spans and precision of hits on SemEval-2020 task 11."""
    spans = pd.read_csv(
        folder / "techniques_dev.tsv",
        sep="\t",
        header=None,
        names=["article_id", "technique", "start", "end"],
        dtype={"article_id": str},
    )
    found = total = hits_in = hits_all = author_in = author_all = 0
    per_technique: Counter[str] = Counter()
    per_technique_found: Counter[str] = Counter()
    false_terms: Counter[str] = Counter()
    for article_id, group in spans.groupby("article_id"):
        path = folder / "articles" / f"article{article_id}.txt"
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        hits = find_terms(text, lexicon)
        hit_spans = sorted(zip(hits["start"], hits["end"], strict=True))
        all_gold = sorted(zip(group["start"], group["end"], strict=True))
        for technique, start, end in zip(
            group["technique"], group["start"], group["end"], strict=True
        ):
            hit = _overlaps(hit_spans, start, end)
            per_technique[technique] += 1
            per_technique_found[technique] += hit
            if technique in TARGET_TECHNIQUES:
                total += 1
                found += hit
        for start, end, quoted, negated, term in zip(
            hits["start"], hits["end"], hits["quoted"], hits["negated"], hits["term"], strict=True
        ):
            inside = _overlaps(all_gold, start, end)
            hits_all += 1
            hits_in += inside
            if not quoted and not negated:
                author_all += 1
                author_in += inside
            if not inside:
                false_terms[term] += 1
    if details:
        print("  recall per technique:")
        for technique in sorted(per_technique):
            share = per_technique_found[technique] / per_technique[technique]
            print(f"    {technique:38s} {share:.3f}  (n={per_technique[technique]})")
        print("  terms outside every technique span:")
        print("   ", ", ".join(f"{t}: {n}" for t, n in false_terms.most_common(40)))
    return {
        "target_spans": total,
        "recall_loaded_and_name_calling": found / total if total else float("nan"),
        "hits": hits_all,
        "precision_all_techniques": hits_in / hits_all if hits_all else float("nan"),
        "precision_author_voice": author_in / author_all if author_all else float("nan"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--lexicon", type=Path, default=None, help="extra lexicon to merge")
    parser.add_argument("--details", action="store_true", help="print error analysis")
    parser.add_argument(
        "--also-babe",
        action="store_true",
        help="also score BABE SG1 and MBIC: ~the same sentences as SG2, other annotators",
    )
    args = parser.parse_args(argv)
    if not args.eval_dir.is_dir():
        print(f"evaluation data not found at {args.eval_dir}", file=sys.stderr)
        return 2
    lexicon = load_lexicon(extra=args.lexicon) if args.lexicon else load_lexicon()
    print(f"lexicon version {lexicon.version}: {len(lexicon)} entries")
    babe = eval_babe(args.eval_dir / "babe" / "final_labels_SG2_dev.csv", lexicon, args.details)
    print("BABE SG2 (dev half):")
    for name, value in babe.items():
        print(f"  {name:22s} {value:.3f}" if isinstance(value, float) else f"  {name:22s} {value}")
    print("  targets: sentence_precision >= 0.70, sentence_mcc >= 0.25")
    if args.also_babe:
        for name in ("SG1", "MBIC"):
            path = args.eval_dir / "babe" / f"final_labels_{name}_dev.csv"
            figures = eval_babe(path, lexicon, details=False)
            keys = ("sentences", "sentence_precision", "sentence_mcc", "token_precision")
            print(
                f"BABE {name} (SG2 sentences, other annotators): "
                + ", ".join(
                    f"{k} {figures[k]:.3f}"
                    if isinstance(figures[k], float)
                    else f"{k} {figures[k]}"
                    for k in keys
                )
            )
    ptc = eval_ptc(args.eval_dir / "ptc", lexicon, args.details)
    print("PTC / SemEval-2020 task 11 (dev half):")
    for name, value in ptc.items():
        print(f"  {name:32s} {value:.3f}" if isinstance(value, float) else f"  {name:32s} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
