"""Evaluate `framing.frames.detect` on SemEval-2023 Task 3 subtask 2 (English dev half).

Prints micro and macro F1 (over the 14 annotated dimensions) of the tool's default detection,
beside a majority baseline that predicts, for every article, the frames found in at least half
of the articles. ``--sweep`` also prints F1 over a range of global thresholds (how the default
was chosen). Reads ``../shared/eval/semeval23_frames/`` (or ``--data``); not a unit test.

    .venv/bin/python benchmarks/eval_frames.py [--sweep]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from framing.features import frames

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "semeval23_frames"
LABELLED = [d for d in frames.DIMENSIONS if d != "other"]


def load(data: Path) -> tuple[list[str], list[set[str]]]:
    """Return article texts and their gold dimension sets (SemEval names mapped to ours)."""
    gold = pd.read_csv(data / "frames_dev.tsv", sep="\t", header=None, names=["id", "frames"])
    texts, labels = [], []
    for row in gold.itertuples():
        texts.append((data / "articles" / f"article{row.id}.txt").read_text(encoding="utf-8"))
        names = [] if pd.isna(row.frames) else str(row.frames).split(",")
        labels.append({frames.SEMEVAL_TO_DIMENSION[name.strip()] for name in names if name})
    return texts, labels


def f1_scores(gold: list[set[str]], pred: list[set[str]]) -> tuple[float, float, pd.DataFrame]:
    """Return micro F1, macro F1 and a per-dimension precision/recall/F1 table."""
    rows = []
    tp_all = fp_all = fn_all = 0
    for dim in LABELLED:
        tp = sum(dim in g and dim in p for g, p in zip(gold, pred, strict=True))
        fp = sum(dim not in g and dim in p for g, p in zip(gold, pred, strict=True))
        fn = sum(dim in g and dim not in p for g, p in zip(gold, pred, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append((dim, tp + fn, precision, recall, f1))
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
    micro = 2 * tp_all / (2 * tp_all + fp_all + fn_all) if tp_all else 0.0
    table = pd.DataFrame(rows, columns=["dimension", "support", "precision", "recall", "f1"])
    return micro, float(table["f1"].mean()), table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sweep", action="store_true", help="F1 over global thresholds")
    args = parser.parse_args()
    texts, gold = load(args.data)
    print(f"SemEval-2023 frames dev: {len(texts)} articles, {sum(map(len, gold))} gold labels")

    share = pd.Series([d for g in gold for d in g]).value_counts() / len(gold)
    majority = set(share[share >= 0.5].index)
    base_micro, base_macro, _ = f1_scores(gold, [majority] * len(gold))
    print(f"majority baseline (always {sorted(majority)}):")
    print(f"  micro F1 {base_micro:.3f}  macro F1 {base_macro:.3f}")

    frame_set = frames.load_frames()
    rates = [frames.score(text, frame_set) for text in texts]
    pred = [frames.detect(text, frame_set) for text in texts]
    micro, macro, table = f1_scores(gold, pred)
    print("frames.detect (default thresholds):")
    print(f"  micro F1 {micro:.3f}  macro F1 {macro:.3f}")
    print(table.round(3).to_string(index=False))

    if args.sweep:
        matrix = pd.DataFrame(rates)
        print("global threshold sweep (hits per 1,000 tokens):")
        for threshold in np.arange(0.0, 12.5, 1.0):
            swept = [
                {d for d in LABELLED if row[d] > 0 and row[d] >= threshold}
                for _, row in matrix.iterrows()
            ]
            s_micro, s_macro, _ = f1_scores(gold, swept)
            print(f"  {threshold:5.1f}: micro {s_micro:.3f}  macro {s_macro:.3f}")
        print("best per-dimension threshold (F1 on dev; candidates for frames.yml):")
        for dim in LABELLED:
            best = max(
                np.arange(0.0, 20.5, 0.5),
                key=lambda t, dim=dim: (
                    f1_scores(
                        [{dim} & g for g in gold],
                        [{dim} if r > 0 and r >= t else set() for r in matrix[dim]],
                    )[2]
                    .set_index("dimension")
                    .loc[dim, "f1"]
                ),
            )
            print(f"  {dim}: {best:.1f}")


if __name__ == "__main__":
    main()
