"""Retrain the shipped target-sentiment model on NewsMTSC's training split, with one command.

    .venv/bin/python benchmarks/train_target_sentiment.py [--data PATH] [--out PATH]

Reads ``../shared/eval/newsmtsc/train.jsonl`` (Hamborg & Donnay, EACL 2021; MIT licence) and
chooses, by 5-fold cross-validation inside that file (grouped by sentence, so one sentence's
targets never sit in two folds; scored by macro-F1), the regularisation ``C`` of the cue model,
the weight of its dense cue block and the weight ``blend`` given to the TF-IDF window model in
the mix of their probabilities.
It then fits on the whole file and writes ``src/framing/features/models/target_sentiment.npz``.
Nothing else is read: the development/test split is never seen. The fit is deterministic
(lbfgs), so the same data give the same file.
"""

from __future__ import annotations

import argparse
import hashlib
import time
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from framing.features.target_features import MentionFeatures, features_of
from framing.features.target_model import fit_target_model, fit_window_model, save_model
from framing.validate.target_sentiment import macro_f1, read_newsmtsc

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "eval" / "newsmtsc" / "train.jsonl"
DEFAULT_OUT = REPO / "src" / "framing" / "features" / "models" / "target_sentiment.npz"


def model_features(mentions: list[tuple[str, int, int]]) -> list[MentionFeatures]:
    """The features the model is trained on (one place, shared with the evaluation)."""
    return features_of(mentions)


def grouped_folds(labels: np.ndarray, groups: np.ndarray, folds: int = 5) -> list:
    """Deterministic folds by sentence (GroupKFold balances fold sizes, no randomness)."""
    return list(GroupKFold(folds).split(labels, labels, groups))


def cross_validated_proba(
    features: list[MentionFeatures],
    labels: np.ndarray,
    groups: np.ndarray,
    *,
    c: float,
    dense_weight: float = 0.2,
    folds: int = 5,
    window: bool = False,
) -> np.ndarray:
    """Out-of-fold probabilities of the cue model fitted with ``c`` and ``dense_weight`` (or,
    with ``window``, of the TF-IDF window model alone) on the other folds."""
    proba = np.zeros((len(labels), 3))
    for train, test in grouped_folds(labels, groups, folds):
        fit = [features[i] for i in train]
        if window:
            model = fit_window_model(fit, labels[train])
        else:
            model = fit_target_model(  # type: ignore[assignment]
                fit, labels[train], c=c, dense_weight=dense_weight
            )
        proba[test] = model.predict_proba([features[i] for i in test])
    return proba


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="NewsMTSC train.jsonl")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="model file to write")
    parser.add_argument("--c-grid", default="0.25,0.5,1", help="values of C tried by grouped CV")
    parser.add_argument("--dense-grid", default="0.1,0.2", help="dense block weights tried")
    parser.add_argument("--blend-grid", default="0,0.2,0.3,0.4,0.5", help="window weights tried")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()

    mentions, labels, groups = read_newsmtsc(args.data)
    print(f"{args.data}: {len(mentions)} targets in {len(set(groups))} sentences")
    started = time.perf_counter()
    features = model_features(mentions)
    print(f"features: {len(mentions) / (time.perf_counter() - started):,.0f} mentions/s")

    window = cross_validated_proba(features, labels, groups, c=1, folds=args.folds, window=True)
    print(f"window model alone: CV macro-F1 {macro_f1(labels, window.argmax(axis=1)):.4f}")
    scores = {}
    grid = [
        (float(c), float(dense))
        for c in args.c_grid.split(",")
        for dense in args.dense_grid.split(",")
    ]
    for c, dense in grid:
        cues = cross_validated_proba(
            features, labels, groups, c=c, dense_weight=dense, folds=args.folds
        )
        for blend in (float(value) for value in args.blend_grid.split(",")):
            mixed = (1 - blend) * cues + blend * window
            key = (c, dense, blend)
            scores[key] = macro_f1(labels, mixed.argmax(axis=1))
            print(
                f"C={c:g} dense={dense:g} blend={blend:g}: "
                f"{args.folds}-fold CV macro-F1 {scores[key]:.4f}",
                flush=True,
            )
    # Ties go to the stronger regularisation and the smaller weights.
    best = max(scores, key=lambda key: (scores[key], -key[0], -key[1], -key[2]))
    best_c, best_dense, best_blend = best
    digest = hashlib.sha256(args.data.read_bytes()).hexdigest()[:16]
    model = fit_target_model(
        features,
        labels,
        c=best_c,
        dense_weight=best_dense,
        blend=best_blend,
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
    size = args.out.stat().st_size / 1e6
    print(
        f"chose C={best_c:g}, dense weight={best_dense:g}, blend={best_blend:g}; "
        f"wrote {args.out} ({size:.2f} MB)"
    )


if __name__ == "__main__":
    main()
