"""The record every evaluation returns, and the bootstrap interval they all use.

A :class:`Measure` says what was scored, on which file and how many rows, the figure with a
95 % bootstrap interval, the baselines computed on the same data and folds, and the seed.
The validity report and the README's "What is measured" table are generated from these.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Figure:
    """One scored figure: its value and 95 % bootstrap interval (``None`` when not computed)."""

    name: str
    value: float
    low: float | None = None
    high: float | None = None
    note: str = ""


@dataclass(frozen=True)
class Measure:
    """What one evaluation found, with everything needed to cite or re-run it."""

    key: str  # short id, e.g. "target_sentiment"
    title: str  # what is measured, in words
    data: str  # the path read (as given), never hard-coded to a split
    n: int  # rows (or units) scored
    unit: str  # what n counts: "targets", "sentences", "articles", …
    figure: Figure  # the headline figure
    baselines: tuple[Figure, ...] = ()
    extra: tuple[Figure, ...] = ()  # further figures (accuracy, per-class recall, …)
    seed: int = 0
    method: str = ""  # how the figure was obtained (held-out file, k-fold CV, …)
    licence: str = ""
    failure_modes: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)  # e.g. a confusion matrix
    not_for: tuple[str, ...] = ()  # when not to use the measure

    def to_dict(self) -> dict[str, Any]:
        """Return the measure as plain JSON-ready data."""
        return asdict(self)


def bootstrap_interval(
    metric: Callable[[np.ndarray], float],
    n_units: int,
    *,
    seed: int = 0,
    n_resamples: int = 1000,
    groups: Sequence[Any] | np.ndarray | None = None,
    level: float = 0.95,
) -> tuple[float, float]:
    """Return the percentile interval of ``metric(index)`` over bootstrap resamples.

    ``metric`` receives an integer index array into the scored rows. With ``groups``
    (one label per row, e.g. the sentence a target sits in) whole groups are resampled,
    so rows that share a sentence are never treated as independent.

    >>> import numpy as np
    >>> hits = np.array([1, 0, 1, 1, 0, 1, 1, 1])
    >>> low, high = bootstrap_interval(lambda i: hits[i].mean(), len(hits), seed=0)
    >>> 0.3 < low < 0.75 < high <= 1.0
    True
    """
    rng = np.random.default_rng(seed)
    if groups is None:
        members = [np.array([i]) for i in range(n_units)]
    else:
        labels = np.asarray(groups)
        _, inverse = np.unique(labels, return_inverse=True)
        order = np.argsort(inverse, kind="stable")
        bounds = np.flatnonzero(np.diff(inverse[order])) + 1
        members = np.split(order, bounds)
    scores = []
    for _ in range(n_resamples):
        chosen = rng.integers(0, len(members), size=len(members))
        scores.append(metric(np.concatenate([members[c] for c in chosen])))
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(scores, [tail, 100 - tail])
    return float(low), float(high)
