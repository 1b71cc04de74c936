"""Retrain the shipped target-sentiment model on NewsMTSC's training split, with one command.

    .venv/bin/python benchmarks/train_target_sentiment.py [--data PATH] [--out PATH]

Reads ``../shared/eval/newsmtsc/train.jsonl`` (Hamborg & Donnay, EACL 2021; MIT licence),
chooses the regularisation ``C`` by 5-fold cross-validation inside that file (grouped by
sentence, so one sentence's targets never sit in two folds; scored by macro-F1), fits on the
whole file and writes ``src/framing/features/models/target_sentiment.npz``. Nothing else is
read: the development/test split is never seen. The fit is deterministic (lbfgs), so the same
data give the same file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from framing.features.target_features import MentionFeatures, features_of
from framing.features.target_model import fit_target_model, save_model

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "eval" / "newsmtsc" / "train.jsonl"
DEFAULT_OUT = REPO / "src" / "framing" / "features" / "models" / "target_sentiment.npz"
POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}


def read_newsmtsc(path: Path) -> tuple[list[tuple[str, int, int]], np.ndarray, np.ndarray]:
    """Return the (text, start, end) of every target, its label (0/1/2) and its sentence id."""
    mentions: list[tuple[str, int, int]] = []
    labels: list[int] = []
    groups: list[int] = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            record = json.loads(line)
            text = record["sentence_normalized"]
            for target in record["targets"]:
                mentions.append((text, int(target["from"]), int(target["to"])))
                labels.append(POLARITY[float(target["polarity"])])
                groups.append(number)
    return mentions, np.asarray(labels), np.asarray(groups)


def grouped_folds(labels: np.ndarray, groups: np.ndarray, folds: int = 5) -> list:
    """Deterministic folds by sentence (GroupKFold balances fold sizes, no randomness)."""
    return list(GroupKFold(folds).split(labels, labels, groups))


def cross_validated_proba(
    features: list[MentionFeatures],
    labels: np.ndarray,
    groups: np.ndarray,
    *,
    c: float,
    folds: int = 5,
) -> np.ndarray:
    """Out-of-fold class probabilities of the model fitted with ``c`` on the other folds."""
    proba = np.zeros((len(labels), 3))
    for train, test in grouped_folds(labels, groups, folds):
        model = fit_target_model([features[i] for i in train], labels[train], c=c)
        proba[test] = model.predict_proba([features[i] for i in test])
    return proba


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="NewsMTSC train.jsonl")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="model file to write")
    parser.add_argument("--c-grid", default="1,2,4", help="values of C tried by grouped CV")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()

    mentions, labels, groups = read_newsmtsc(args.data)
    print(f"{args.data}: {len(mentions)} targets in {len(set(groups))} sentences")
    started = time.perf_counter()
    features = features_of(mentions)
    print(f"features: {len(mentions) / (time.perf_counter() - started):,.0f} mentions/s")

    scores = {}
    for c in (float(value) for value in args.c_grid.split(",")):
        proba = cross_validated_proba(features, labels, groups, c=c, folds=args.folds)
        scores[c] = f1_score(labels, proba.argmax(axis=1), average="macro")
        print(f"C={c:g}: {args.folds}-fold grouped CV macro-F1 {scores[c]:.4f}")
    best = max(scores, key=lambda c: (scores[c], -c))
    digest = hashlib.sha256(args.data.read_bytes()).hexdigest()[:16]
    model = fit_target_model(
        features,
        labels,
        c=best,
        meta={
            "data": args.data.name,
            "data_sha256_16": digest,
            "targets": len(mentions),
            "cv_macro_f1": round(scores[best], 4),
            "trainer": "benchmarks/train_target_sentiment.py",
        },
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save_model(model, args.out)
    print(f"chose C={best:g}; wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
