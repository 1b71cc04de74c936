"""Sentiment toward actors: the tool's ways of scoring an actor, against NewsMTSC's annotators.

    .venv/bin/python benchmarks/eval_actors.py [--data-root ../shared/eval] [--seed 0]

Each target of ``newsmtsc/devtest_mt.jsonl`` (721 sentences, 1,476 targets, at least two per
sentence, never used for training or tuning) is scored four ways, and each way's label is
compared with the annotators' (macro-F1 over negative/neutral/positive, bootstrap 95 %
interval over sentences, 1,000 resamples, seeded):

- *sentence VADER*: the whole sentence's VADER compound (every actor of a sentence alike);
- *clause VADER*: ``actor_sentiment``'s older ``unit="clause"`` rule, the framed VADER compound
  of the clause(s) naming the target when the sentence has several clauses;
- *target model*: :func:`framing.features.target_sentiment.target_sentiments`, what the feature
  tables use with ``extract(target_sentiment=True)``;
- the majority class of ``train.jsonl``.

The 2014 crowd data (``ukraine_bias_2014``) is no longer used here: its majority label is
non-neutral in 1 of 3,201 sentence × actor cells, so a constant "neutral" scores 0.999 and it
cannot tell a good actor-sentiment measure from a bad one.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from framing.features.actors import clauses
from framing.features.sentiment import framed_compound
from framing.features.target_model import load_model
from framing.validate.measure import bootstrap_interval
from framing.validate.target_sentiment import (
    confusion,
    macro_f1,
    majority_baseline,
    model_predictions,
    read_newsmtsc,
    sentence_vader_baseline,
)

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared" / "eval"


def clause_vader(test: list[tuple[str, int, int]]) -> np.ndarray:
    """The label of the framed VADER compound of the clause naming the target."""
    texts = []
    for text, start, _ in test:
        spans = clauses(text)
        texts.append(next((text[s:e] for s, e in spans if s <= start < e), text))
    compound = np.asarray(framed_compound(texts), dtype=float)
    return np.where(compound >= 0.05, 2, np.where(compound <= -0.05, 0, 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--test", default="newsmtsc/devtest_mt.jsonl")
    parser.add_argument("--train", default="newsmtsc/train.jsonl")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    test, gold, groups = read_newsmtsc(args.data_root / args.test)
    _, train_labels, _ = read_newsmtsc(args.data_root / args.train)
    ways = {
        "target model": model_predictions(load_model(), test),
        "clause VADER (old actor rule)": clause_vader(test),
        "sentence VADER": sentence_vader_baseline(test),
        "majority class": majority_baseline(train_labels, len(test)),
    }
    print(f"{args.test}: n = {len(test)} targets in {len(set(groups.tolist()))} sentences")
    for name, predicted in ways.items():
        low, high = bootstrap_interval(
            lambda i, p=predicted: macro_f1(gold[i], p[i]), len(gold), seed=args.seed,
            groups=groups,
        )  # fmt: skip
        matrix = confusion(gold, predicted)
        print(
            f"  {name:<31} macro-F1 {macro_f1(gold, predicted):.3f} [{low:.3f}, {high:.3f}]"
            f"  accuracy {(gold == predicted).mean():.3f}  confusion {matrix.tolist()}"
        )


if __name__ == "__main__":
    main()
