"""Uncertainty for the reports: Wilson intervals, bootstrap means, group-difference tests.

Every share a report shows comes with its n and a Wilson 95 % interval (Wilson 1927; good
for small n and shares near 0 or 1); every mean over articles with its n and a percentile
bootstrap interval that resamples articles (seeded, so a report renders the same twice).
Differences between groups in label choice are tested with Pearson's chi-square on the
group × label table, and the balance of loaded terms by lexicon side with the log odds ratio
(one group against the others) and its Woolf 95 % interval.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.checks import check_int

Z95 = 1.959963984540054
#: Below this many observations a share or mean is greyed and marked "few".
MIN_N = 5


def wilson_interval(
    successes: Sequence[float] | pd.Series | np.ndarray,
    totals: Sequence[float] | pd.Series | np.ndarray,
    z: float = Z95,
) -> tuple[np.ndarray, np.ndarray]:
    """Return the Wilson score interval (low, high) of ``successes / totals``, elementwise.

    A total of 0 gives NaN bounds.

    >>> [round(float(v[0]), 3) for v in wilson_interval([1], [1])]
    [0.207, 1.0]
    """
    k = np.asarray(successes, dtype=float)
    n = np.asarray(totals, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    low = np.where(n > 0, np.clip(centre - half, 0, 1), np.nan)
    high = np.where(n > 0, np.clip(centre + half, 0, 1), np.nan)
    return low, high


def bootstrap_means(
    frame: pd.DataFrame,
    by: str,
    columns: Sequence[str],
    *,
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Return the mean of each column per ``by`` group, with n and a bootstrap 95 % interval.

    Rows of ``frame`` are the units resampled (articles). Missing values are left out of
    each column's mean and n. Columns: group, measure, mean, low, high, n.
    """
    check_int("n_boot", n_boot, minimum=1)
    rng = np.random.default_rng(seed)
    rows = []
    for group, part in frame.groupby(by, sort=True):
        for column in columns:
            values = part[column].dropna().to_numpy(dtype=float)
            n = values.size
            if n == 0:
                rows.append((group, column, math.nan, math.nan, math.nan, 0))
                continue
            draws = values[rng.integers(0, n, size=(n_boot, n))].mean(axis=1)
            low, high = np.percentile(draws, [2.5, 97.5])
            rows.append((group, column, float(values.mean()), float(low), float(high), n))
    return pd.DataFrame(rows, columns=["group", "measure", "mean", "low", "high", "n"])


def chi_square(table: pd.DataFrame) -> dict[str, float]:
    """Return Pearson's chi-square test of independence of a count table (rows × columns).

    Keys: chi2, dof, p, cramers_v, n, min_expected (under 5: the p-value is approximate).
    Rows or columns that are all zero are dropped first; fewer than 2 × 2 left gives NaN.
    """
    from scipy.special import (
        chdtrc,
    )  # the chi-square survival function (scipy.stats is slow to import)

    counts = table.loc[table.sum(axis=1) > 0, table.sum(axis=0) > 0].to_numpy(dtype=float)
    n = float(counts.sum())
    if counts.shape[0] < 2 or counts.shape[1] < 2:
        nan = math.nan
        return {"chi2": nan, "dof": nan, "p": nan, "cramers_v": nan, "n": n, "min_expected": nan}
    expected = np.outer(counts.sum(axis=1), counts.sum(axis=0)) / n
    statistic = float(((counts - expected) ** 2 / expected).sum())
    dof = (counts.shape[0] - 1) * (counts.shape[1] - 1)
    smaller = min(counts.shape) - 1
    return {
        "chi2": statistic,
        "dof": float(dof),
        "p": float(chdtrc(dof, statistic)),
        "cramers_v": math.sqrt(statistic / (n * smaller)),
        "n": n,
        "min_expected": float(expected.min()),
    }


def log_odds_ratio(a: float, b: float, c: float, d: float, z: float = Z95) -> dict[str, float]:
    """Return the log odds ratio of a 2 × 2 table [[a, b], [c, d]] with its Woolf interval.

    0.5 is added to every cell (Haldane–Anscombe), so zero counts give a finite estimate.

    >>> {k: round(v, 2) for k, v in log_odds_ratio(10, 2, 3, 9).items()}
    {'log_odds_ratio': 2.43, 'low': 0.59, 'high': 4.28}
    """
    a, b, c, d = (float(x) + 0.5 for x in (a, b, c, d))
    estimate = math.log((a * d) / (b * c))
    half = z * math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    return {"log_odds_ratio": estimate, "low": estimate - half, "high": estimate + half}
