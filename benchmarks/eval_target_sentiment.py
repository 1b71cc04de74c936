"""Target-dependent sentiment against NewsMTSC's annotators, beside three baselines.

    .venv/bin/python benchmarks/eval_target_sentiment.py [--data-root ../shared/eval] [--seed 0]
        [--test newsmtsc/devtest_mt.jsonl] [--train newsmtsc/train.jsonl] [--cv]

A thin wrapper over :func:`framing.validate.target_sentiment.run`: it prints the shipped
model's macro-F1 on the held-out file (never used for training or tuning) with a bootstrap 95 %
interval over sentences, beside the majority class, sentence VADER and the TF-IDF
sentence-and-target-window baseline, then accuracy, per-class recall and every confusion
matrix. ``--cv`` adds the model's 5-fold cross-validation inside the training file, grouped by
sentence.
Data: Hamborg & Donnay (EACL 2021), NewsMTSC, MIT licence.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from train_target_sentiment import cross_validated_proba, model_features

from framing.features.target_model import CLASSES, load_model
from framing.validate.target_sentiment import macro_f1, read_newsmtsc, run

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared" / "eval"


def print_figure(figure) -> None:  # noqa: ANN001
    print(f"  {figure.name:<28} {figure.value:.3f} [{figure.low:.3f}, {figure.high:.3f}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--test", default="newsmtsc/devtest_mt.jsonl")
    parser.add_argument("--train", default="newsmtsc/train.jsonl")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cv", action="store_true", help="also cross-validate inside train")
    args = parser.parse_args()

    started = time.perf_counter()
    model = load_model()
    print(f"model loaded in {time.perf_counter() - started:.3f} s; meta {model.meta}")
    measure = run(
        args.data_root, seed=args.seed, test_file=args.test, train_file=args.train, model=model
    )
    print(f"\n{measure.title}\n{measure.data}: n = {measure.n} {measure.unit}; {measure.method}")
    print_figure(measure.figure)
    print(" baselines:")
    for figure in measure.baselines:
        print_figure(figure)
    print(" model, further figures:")
    for figure in measure.extra:
        print_figure(figure)
    for name, matrix in measure.details["confusion"].items():
        print(f"\n  confusion, {name} (rows: annotators, columns: predicted; neg neu pos)")
        for cls, row in zip(CLASSES, matrix, strict=True):
            print(f"    {cls:>8} " + " ".join(f"{v:5d}" for v in row))

    if args.cv:
        mentions, labels, groups = read_newsmtsc(args.data_root / args.train)
        c = float(model.meta.get("c", 0.5))  # type: ignore[arg-type]
        dense = float(model.meta.get("dense_weight", 0.2))  # type: ignore[arg-type]
        proba = cross_validated_proba(
            model_features(mentions), labels, groups, c=c, dense_weight=dense
        )
        print(
            f"\n{args.train}: 5-fold CV grouped by sentence, cue model alone "
            f"(C={c:g}, dense weight={dense:g}): "
            f"macro-F1 {macro_f1(labels, np.asarray(proba.argmax(axis=1))):.3f}"
        )


if __name__ == "__main__":
    main()
