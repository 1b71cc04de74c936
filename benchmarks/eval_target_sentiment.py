"""Target-dependent sentiment against NewsMTSC's annotators, beside three baselines.

    .venv/bin/python benchmarks/eval_target_sentiment.py [--train PATH] [--test PATH] [--seed 0]

On ``devtest_mt.jsonl`` (721 sentences, 1,476 targets, at least two per sentence; never used
for training or tuning) it prints, for the shipped model (with its rules, and the model alone)
and for each baseline: macro-F1 over negative/neutral/positive with a bootstrap 95 % interval
(1,000 resamples of sentences, seeded), accuracy, per-class recall and the confusion matrix.
Then the same figures from 5-fold cross-validation inside ``train.jsonl``, grouped by sentence.

Baselines: the majority class of the training data; the sentence's VADER label (compound
≥ 0.05 positive, ≤ -0.05 negative, else neutral), the same for every target of a sentence;
and a logistic regression on TF-IDF (1-2-grams, balanced classes) of the target's
neighbourhood: the 120 characters either side with the target replaced by a mask word.
Data: Hamborg & Donnay (EACL 2021), NewsMTSC, MIT licence.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, f1_score
from train_target_sentiment import DEFAULT_DATA, grouped_folds, read_newsmtsc

from framing.features.target_features import features_of
from framing.features.target_model import CLASSES, fit_target_model, load_model
from framing.features.target_sentiment import target_sentiments
from framing.features.vader import Vader

DEFAULT_TEST = DEFAULT_DATA.with_name("devtest_mt.jsonl")
Mentions = list[tuple[str, int, int]]
#: A method: (train mentions, train labels, test mentions) -> predicted labels of the test.
Method = Callable[[Mentions, np.ndarray, Mentions], np.ndarray]


def window(text: str, start: int, end: int, width: int = 120) -> str:
    """The target's neighbourhood with the target masked (the TF-IDF baseline's input)."""
    return f"{text[max(0, start - width) : start]} targetmask {text[end : end + width]}"


def majority(train: Mentions, labels: np.ndarray, test: Mentions) -> np.ndarray:
    return np.full(len(test), np.bincount(labels, minlength=3).argmax())


def sentence_vader(train: Mentions, labels: np.ndarray, test: Mentions) -> np.ndarray:
    vader = Vader()
    compound = np.array([vader.polarity_scores(text)["compound"] for text, _, _ in test])
    return np.where(compound >= 0.05, 2, np.where(compound <= -0.05, 0, 1))


def tfidf_window(train: Mentions, labels: np.ndarray, test: Mentions) -> np.ndarray:
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    matrix = vectorizer.fit_transform([window(*m) for m in train])
    model = LogisticRegression(max_iter=3000, class_weight="balanced").fit(matrix, labels)
    return model.predict(vectorizer.transform([window(*m) for m in test]))


def ours(c: float, *, rules: bool) -> Method:
    def method(train: Mentions, labels: np.ndarray, test: Mentions) -> np.ndarray:
        model = fit_target_model(features_of(train), labels, c=c)
        return predict(model, test, rules=rules)

    return method


def predict(model: object, test: Mentions, *, rules: bool) -> np.ndarray:
    results = target_sentiments(test, model=model)  # type: ignore[arg-type]
    if rules:
        return np.array([CLASSES.index(r.label) for r in results])
    return np.array([int(np.argmax([r.probabilities[c] for c in CLASSES])) for r in results])


def bootstrap_interval(
    labels: np.ndarray, predicted: np.ndarray, groups: np.ndarray, *, seed: int, n: int = 1000
) -> tuple[float, float]:
    """95 % percentile interval of macro-F1 over resamples of whole sentences."""
    rng = np.random.default_rng(seed)
    sentences = np.unique(groups)
    members = {g: np.flatnonzero(groups == g) for g in sentences}
    scores = []
    for _ in range(n):
        chosen = rng.choice(sentences, size=len(sentences), replace=True)
        index = np.concatenate([members[g] for g in chosen])
        scores.append(f1_score(labels[index], predicted[index], average="macro"))
    low, high = np.percentile(scores, [2.5, 97.5])
    return float(low), float(high)


def report(name: str, labels: np.ndarray, predicted: np.ndarray, groups: np.ndarray, seed: int):
    macro = f1_score(labels, predicted, average="macro")
    low, high = bootstrap_interval(labels, predicted, groups, seed=seed)
    matrix = confusion_matrix(labels, predicted, labels=[0, 1, 2])
    recall = matrix.diagonal() / matrix.sum(axis=1)
    print(
        f"{name:<28} macro-F1 {macro:.3f} [{low:.3f}, {high:.3f}]  "
        f"accuracy {(labels == predicted).mean():.3f}  recall neg/neu/pos "
        + "/".join(f"{r:.2f}" for r in recall)
    )
    return matrix


def print_matrix(matrix: np.ndarray) -> None:
    print("    confusion (rows: annotators, columns: predicted; neg neu pos)")
    for name, row in zip(CLASSES, matrix, strict=True):
        print(f"    {name:>8} " + " ".join(f"{v:5d}" for v in row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--test", type=Path, default=DEFAULT_TEST)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()

    train, train_labels, train_groups = read_newsmtsc(args.train)
    test, test_labels, test_groups = read_newsmtsc(args.test)
    started = time.perf_counter()
    model = load_model()
    print(f"model loaded in {time.perf_counter() - started:.3f} s; meta {model.meta}")
    c = float(model.meta.get("c", 2.0))  # type: ignore[arg-type]
    started = time.perf_counter()
    shipped = predict(model, test, rules=True)
    elapsed = time.perf_counter() - started
    print(f"scored {len(test)} targets in {elapsed:.2f} s ({len(test) / elapsed:,.0f}/s)")

    print(f"\n{args.test.name}: {len(test)} targets, {len(set(test_groups))} sentences")
    print_matrix(report("shipped model + rules", test_labels, shipped, test_groups, args.seed))
    model_only = predict(model, test, rules=False)
    print_matrix(report("shipped model, no rules", test_labels, model_only, test_groups, args.seed))
    baselines: dict[str, Method] = {
        "majority class": majority,
        "sentence VADER": sentence_vader,
        "TF-IDF target window + LR": tfidf_window,
    }
    for name, method in baselines.items():
        predicted = method(train, train_labels, test)
        print_matrix(report(name, test_labels, predicted, test_groups, args.seed))

    print(f"\n{args.train.name}: {args.folds}-fold CV grouped by sentence ({len(train)} targets)")
    methods: dict[str, Method] = {
        "model + rules": ours(c, rules=True),
        "model, no rules": ours(c, rules=False),
        **baselines,
    }
    folds = grouped_folds(train_labels, train_groups, args.folds)
    for name, method in methods.items():
        predicted = np.zeros_like(train_labels)
        for fit_index, test_index in folds:
            predicted[test_index] = method(
                [train[i] for i in fit_index],
                train_labels[fit_index],
                [train[i] for i in test_index],
            )
        print_matrix(report(name, train_labels, predicted, train_groups, args.seed))


if __name__ == "__main__":
    main()
