"""Choosing the number of topics: sweep k and weigh coherence, diversity and stability."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from framing.corpus import Corpus
from framing.errors import ParameterError
from framing.topics.documents import prepare_documents
from framing.topics.fit import build_model

MEASURES = ("coherence", "diversity", "stability")


@dataclass
class KChoice:
    """The result of :func:`choose_k`: one row per k, the chosen k and why."""

    table: pd.DataFrame  # k, coherence, diversity, stability, score
    k: int
    reason: str
    method: str
    unit: str

    def plot(self) -> Any:
        """Return a matplotlib figure of the three measures over k, the chosen k marked."""
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(7, 3.5))
        for measure in MEASURES:
            ax.plot(self.table["k"], self.table[measure], marker="o", label=measure)
        ax.axvline(self.k, color="grey", linestyle="--", label=f"chosen k={self.k}")
        ax.set_xlabel("number of topics k")
        ax.set_ylabel("score")
        ax.set_title(f"Choosing k ({self.method}, {self.unit}s)")
        ax.legend(loc="best", fontsize="small")
        fig.tight_layout()
        return fig


def parse_k_range(text: str) -> list[int]:
    """Return the ks of ``"5:30"`` (inclusive, step 1), ``"5:30:5"`` or ``"5,8,12"``.

    >>> parse_k_range("4:10:3")
    [4, 7, 10]
    """
    try:
        if ":" in text:
            parts = [int(p) for p in text.split(":")]
            if len(parts) not in (2, 3):
                raise ValueError
            start, stop = parts[0], parts[1]
            step = parts[2] if len(parts) == 3 else 1
            if stop < start:
                raise ParameterError(
                    f"k range {text!r} is reversed: give the smaller k first, e.g. {stop}:{start}"
                )
            if step < 1:
                raise ParameterError(f"k range {text!r} needs a STEP of at least 1")
            ks = list(range(start, stop + 1, step))
        else:
            ks = [int(p) for p in text.split(",") if p.strip()]
    except ParameterError:
        raise
    except ValueError:
        raise ParameterError(
            f"k range {text!r} is not START:STOP[:STEP] or a comma list, e.g. 5:30 or 5,10,15"
        ) from None
    if not ks:
        raise ParameterError(f"k range {text!r} holds no k")
    return ks


def _cap_ks(ks: Sequence[int], n_docs: int, unit: str) -> tuple[list[int], str]:
    """Return the ks a sweep can fit (at most one topic per document) and a note on the ones
    left out ("" when none were)."""
    usable = sorted({k for k in ks if k <= n_docs})
    if len(usable) == len(set(ks)) or n_docs < 2:
        return sorted(set(ks)), ""
    usable = usable or [n_docs]
    return usable, (
        f"k above {n_docs} left out: there are only {n_docs} {unit}s to fit "
        "(one topic needs at least one document)"
    )


def _scaled(values: pd.Series) -> pd.Series:
    span = values.max() - values.min()
    if not np.isfinite(span) or span == 0:
        return pd.Series(1.0, index=values.index)
    return (values - values.min()) / span


def choose_k(
    corpus: Corpus | pd.DataFrame,
    k_range: Sequence[int] | str,
    method: str = "nmf",
    seeds: Sequence[int] = (0, 1, 2),
    *,
    unit: str = "auto",
    progress: bool = False,
    **options: Any,
) -> KChoice:
    """Return a :class:`KChoice`: coherence, diversity and stability for each k in ``k_range``.

    Each k is fitted with ``seeds[0]`` on all documents (coherence, diversity) and refitted
    with every seed on sub-samples (stability). The chosen k has the best mean of the three
    measures, each min-max scaled over the sweep; ties go to the smaller k. ``options`` go to
    :func:`prepare_documents` (``stop_words``, ``bigrams``, ``min_df``, ``max_df``,
    ``min_docs_for_articles``) or :func:`build_model` (``n_top``, ``sample_frac``, ...).
    """
    ks = parse_k_range(k_range) if isinstance(k_range, str) else [int(k) for k in k_range]
    if not ks or not seeds:
        raise ParameterError("choose_k needs at least one k and one seed")
    prepare_keys = {"stop_words", "bigrams", "min_df", "max_df", "min_docs_for_articles"}
    prepare_options = {key: v for key, v in options.items() if key in prepare_keys}
    build_options = {key: v for key, v in options.items() if key not in prepare_keys}
    docs = prepare_documents(corpus, unit=unit, method=method, **prepare_options)
    ks, capped_note = _cap_ks(ks, len(docs.fit_rows), docs.unit)
    from tqdm.auto import tqdm

    rows = []
    for k in tqdm(ks, desc="choose k", disable=not progress):
        model = build_model(docs, k, method, seeds[0], stability_seeds=seeds, **build_options)
        quality = model.quality
        rows.append(
            {
                "k": k,
                "coherence": quality.coherence,
                "diversity": quality.diversity,
                "stability": quality.stability,
            }
        )
    table = pd.DataFrame(rows)
    table["score"] = sum(_scaled(table[m]) for m in MEASURES) / len(MEASURES)
    best = table.sort_values(["score", "k"], ascending=[False, True], kind="stable").iloc[0]
    chosen = int(best["k"])
    reason = (
        f"k={chosen} has the best mean of coherence (NPMI {best['coherence']:.3f}), diversity "
        f"({best['diversity']:.3f}) and stability ({best['stability']:.3f}), each scaled 0-1 over "
        f"k={table['k'].min()}..{table['k'].max()} ({len(table)} values, seeds {list(seeds)})"
    )
    if len(table) == 1:
        reason = f"k={chosen} is the only k tried"
    if capped_note:
        reason += f"; {capped_note}"
    return KChoice(table=table, k=chosen, reason=reason, method=method, unit=docs.unit)
