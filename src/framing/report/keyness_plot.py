"""The keyness ("fightin' words") chart: one panel per group, top words named without overlap."""

from __future__ import annotations

import logging
import math

import pandas as pd
from matplotlib.figure import Figure

from framing.errors import ParameterError
from framing.report.figure import empty_figure, new_figure, plain_text, styled
from framing.report.palette import INK, group_colors

log = logging.getLogger(__name__)
#: Rounds of label moves (a bound, not a time limit, so a chart renders the same twice).
ADJUST_ITERATIONS = 100


def panel_title(group: str, groups: list[str]) -> str:
    """Return an honest panel title: "A vs B" for two groups, else "A vs all other groups".

    >>> panel_title("rest", ["RT", "rest"])
    'rest vs RT'
    """
    others = [g for g in groups if g != group]
    return f"{group} vs {others[0]}" if len(others) == 1 else f"{group} vs all other groups"


def _log_axis(ax: object) -> None:
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    ax.set_xscale("log")  # type: ignore[attr-defined]
    axis = ax.xaxis  # type: ignore[attr-defined]
    axis.set_major_locator(LogLocator(base=10, numticks=5))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}" if v >= 1 else ""))
    axis.set_minor_formatter(NullFormatter())


def _name_terms(ax: object, top: pd.DataFrame) -> None:
    """Write the top terms beside their points, moved apart so none overprints another."""
    texts = [
        ax.text(x, y, str(term), fontsize=7, color=INK)  # type: ignore[attr-defined]
        for term, x, y in zip(top["term"], top["_freq"], top["_z"], strict=True)
    ]
    if len(texts) < 2:
        return
    from adjustText import adjust_text  # type: ignore[import-untyped]

    adjust_text(
        texts,
        x=top["_freq"].tolist(),
        y=top["_z"].tolist(),
        ax=ax,
        arrowprops={"arrowstyle": "-", "color": "#777777", "lw": 0.5},
        iter_lim=ADJUST_ITERATIONS,
    )


@plain_text
def keyness_chart(
    table: pd.DataFrame | None,
    *,
    title: str = "Words that distinguish each group (log-odds with informative prior)",
    score: str = "zscore",
    label_top: int = 8,
    max_groups: int = 6,
) -> Figure:
    """Return a "fightin' words" chart (Monroe, Colaresi & Quinn 2008) per group.

    ``table`` is the output of :func:`framing.features.keyness.keyness` (columns ``group``,
    ``term``, ``count_group``, ``count_rest`` and ``score``). Each panel plots every term's
    z-score of the log-odds ratio (this group against the others) against its total frequency
    (log scale), and names the ``label_top`` most distinctive terms, moved apart so they do
    not overprint (adjustText).
    """
    if table is None or table.empty:
        return empty_figure("no terms to compare", title=title)
    needed = {"group", "term", "count_group", "count_rest", score}
    missing = needed - set(table.columns)
    if missing:
        raise ParameterError(f"keyness table lacks column(s) {sorted(missing)}")
    all_groups = list(dict.fromkeys(table["group"].astype(str)))
    groups = all_groups[:max_groups]
    colors = group_colors(all_groups)
    ncols = min(2, len(groups))
    nrows = math.ceil(len(groups) / ncols)
    fig = new_figure(6.5 * ncols, 4.2 * nrows)
    fig.suptitle(title, fontweight="bold")
    tops = []
    for i, group in enumerate(groups):
        ax = fig.add_subplot(nrows, ncols, i + 1)
        rows = table[table["group"].astype(str) == group]
        rows = rows.assign(
            _freq=(rows["count_group"] + rows["count_rest"]).clip(lower=1).astype(float),
            _z=rows[score].astype(float),
        )
        ax.scatter(rows["_freq"], rows["_z"], s=10, color=colors[group], alpha=0.7)
        _log_axis(ax)
        ax.axhline(0, color=INK, linewidth=0.5)
        tops.append((ax, rows.nlargest(label_top, "_z")))
        ax.set_title(panel_title(group, all_groups))
        ax.set_xlabel("how often the word occurs in all groups (log scale)")
        ax.set_ylabel("z-score: more typical of this group →")
    # Lay the figure out once, then move the labels with the layout engine off: adjustText
    # draws the figure on every call, and constrained layout would redo its work each time.
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    for ax, top in tops:
        _name_terms(ax, top)
    fig.set_layout_engine("constrained")
    styled(fig)
    return fig
