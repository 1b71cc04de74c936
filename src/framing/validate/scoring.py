"""Scores shared by the measures: multi-label F1, paired bootstrap differences, file checks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from framing.errors import InputError
from framing.validate.measure import Figure, bootstrap_interval


def require_file(path: Path, what: str) -> Path:
    """Return ``path`` if it is a file, else raise :class:`InputError` naming it and ``what``."""
    if not path.is_file():
        raise InputError(str(path), f"{what} not found (is --data a folder laid out like eval/?)")
    return path


def micro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    """Return micro-averaged F1 of boolean ``pred`` against ``gold`` (rows x labels)."""
    tp = float(np.sum(gold & pred))
    wrong = float(np.sum(gold ^ pred))
    return 2 * tp / (2 * tp + wrong) if tp else 0.0


def per_label_f1(gold: np.ndarray, pred: np.ndarray) -> np.ndarray:
    """Return F1 per label (column); 0 where a label has neither gold nor predictions."""
    tp = np.sum(gold & pred, axis=0).astype(float)
    wrong = np.sum(gold ^ pred, axis=0).astype(float)
    denominator = 2 * tp + wrong
    return np.divide(2 * tp, denominator, out=np.zeros_like(tp), where=denominator > 0)


def macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    """Return the unweighted mean of per-label F1 over the labels with gold support."""
    support = gold.sum(axis=0) > 0
    scores = per_label_f1(gold, pred)
    return float(scores[support].mean()) if support.any() else 0.0


def figure(
    name: str,
    metric: Callable[[np.ndarray], float],
    n_units: int,
    *,
    seed: int,
    note: str = "",
    groups: np.ndarray | None = None,
) -> Figure:
    """Return ``metric`` over all rows as a :class:`Figure` with its bootstrap 95 % interval."""
    value = float(metric(np.arange(n_units)))
    low, high = bootstrap_interval(metric, n_units, seed=seed, groups=groups)
    return Figure(name, round(value, 4), round(low, 4), round(high, 4), note)


def difference(
    name: str,
    metric_a: Callable[[np.ndarray], float],
    metric_b: Callable[[np.ndarray], float],
    n_units: int,
    *,
    seed: int,
    note: str = "",
) -> Figure:
    """Return ``metric_a - metric_b`` on the same rows, with a paired bootstrap interval."""
    return figure(name, lambda i: metric_a(i) - metric_b(i), n_units, seed=seed, note=note)
