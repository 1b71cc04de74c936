"""Plots for the reports: the one palette, titles and axis labels in words, nothing clipped.

Every helper returns a :class:`~framing.report.figure.ReportFigure` built without pyplot, so
library code keeps no global figure state (safe in worker processes); a notebook displays the
returned figure as an inline PNG with links to its PNG and SVG exports. Colours come from
:mod:`framing.report.palette` (a fixed colour per category, colour-blind-safe group colours);
diverging values (sentiment) use ColorBrewer's ``RdBu``, also colour-blind safe. Bars and
cells resting on fewer than ``min_n`` observations are drawn grey and hatched and say so.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from framing.errors import ParameterError
from framing.report.figure import (
    ReportFigure,
    empty_figure,
    integer_axis,
    new_figure,
    plain_text,
    require_words,
    styled,
    wrap_label,
)
from framing.report.keyness_plot import keyness_chart
from framing.report.palette import (
    DIVERGING_CMAP,
    GREY,
    INK,
    PALETTE,
    SEQUENTIAL_CMAP,
    THIN_GREY,
    category_colors,
    group_colors,
)

log = logging.getLogger(__name__)

__all__ = [
    "DIVERGING_CMAP",
    "INK",
    "PALETTE",
    "ReportFigure",
    "arc",
    "bar_chart",
    "category_colors",
    "empty_figure",
    "grouped_bars",
    "heatmap",
    "keyness_chart",
    "small_multiple_bars",
]
#: Past this many groups a grouped bar chart becomes small multiples (one panel per group).
MAX_GROUPED = 8
BAR_BLUE = PALETTE[4]


def _bar_colors(names: list[str], colors: dict[str, str] | str | None) -> list[str]:
    if colors == "categories":
        colors = category_colors(names)
    elif isinstance(colors, str):
        raise ParameterError(f"colors must be a dict or 'categories', got {colors!r}")
    return [(colors or {}).get(n, BAR_BLUE) for n in names]


@plain_text
def bar_chart(
    values: pd.Series | None,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    colors: dict[str, str] | str | None = None,
    horizontal: bool = True,
    limit: int = 25,
    counts: bool = False,
    n: pd.Series | None = None,
    min_n: int = 0,
    interval: pd.DataFrame | None = None,
    sort: bool = True,
) -> Figure:
    """Return a bar chart of ``values`` (index = bar names), largest first, at most ``limit``.

    ``colors`` maps bar names to colours, or ``"categories"`` gives each bar its fixed
    category colour; default one blue. ``counts`` puts whole numbers on the value axis.
    ``n`` (same index) is written beside each bar; bars with ``n < min_n`` are grey, hatched
    and marked "few". ``interval`` (columns ``low``, ``high``) draws a 95 % interval.
    ``None`` or empty values give a figure that says "no data".
    """
    require_words(title=title, xlabel=xlabel, ylabel=ylabel)
    values = pd.Series(values, dtype=float) if values is None else pd.Series(values).dropna()
    if values.empty:
        return empty_figure("no data", title=title)
    values = (values.sort_values(ascending=False) if sort else values).head(limit)
    names = [str(i) for i in values.index]
    bar_colors = _bar_colors(names, colors)
    sizes = None if n is None else pd.Series(n).reindex(values.index)
    thin = [False] * len(names) if sizes is None else list((sizes.fillna(0) < min_n).to_numpy())
    bar_colors = [THIN_GREY if t else c for c, t in zip(bar_colors, thin, strict=True)]
    labels = [wrap_label(x, 36 if horizontal else 14) for x in names]
    lines = sum(label.count("\n") + 1 for label in labels)
    fig = new_figure(7.5, max(2.5, 0.17 * lines + 0.16 * len(values) + 1.4) if horizontal else 4)
    ax = fig.add_subplot()
    errors = _errors(values, interval)
    if horizontal:
        bars = ax.barh(
            labels[::-1],
            values.to_numpy()[::-1],
            color=bar_colors[::-1],
            xerr=None if errors is None else errors[:, ::-1],
            ecolor=INK,
        )
        value_axis = "x"
    else:
        bars = ax.bar(labels, values.to_numpy(), color=bar_colors, yerr=errors, ecolor=INK)
        value_axis = "y"
        if max(len(x) for x in names) > 6:
            ax.tick_params(axis="x", rotation=45)
    ordered_thin = thin[::-1] if horizontal else thin
    for bar, is_thin in zip(bars, ordered_thin, strict=True):
        if is_thin:
            bar.set_hatch("//")
            bar.set_edgecolor(GREY)
    if sizes is not None:
        shown = sizes.to_numpy()[::-1] if horizontal else sizes.to_numpy()
        marks = [
            f"n={int(k)}" + (" (few)" if t else "")
            for k, t in zip(shown, ordered_thin, strict=True)
        ]
        ax.bar_label(bars, labels=marks, padding=3, fontsize=7)
        if horizontal:
            ax.margins(x=0.15)
        else:
            ax.margins(y=0.15)
    if counts:
        integer_axis(ax, value_axis)
    if horizontal and lines > len(labels):
        ax.tick_params(axis="y", labelsize=8)
    ax.set_title(wrap_label(title, 48))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    styled(fig)
    return fig


def _errors(values: pd.Series, interval: pd.DataFrame | None) -> np.ndarray | None:
    """Return the 2 × n error-bar lengths of ``interval`` around ``values`` (None if absent)."""
    if interval is None or not {"low", "high"} <= set(interval.columns):
        return None
    bounds = interval.reindex(values.index)
    low = (values - bounds["low"]).clip(lower=0).fillna(0).to_numpy(dtype=float)
    high = (bounds["high"] - values).clip(lower=0).fillna(0).to_numpy(dtype=float)
    return np.vstack([low, high])


@plain_text
def grouped_bars(
    table: pd.DataFrame | None,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    legend_title: str = "group",
) -> Figure:
    """Return horizontal grouped bars: one bar group per row, one colour per column.

    Past :data:`MAX_GROUPED` columns the chart becomes small multiples, one panel per column.
    """
    require_words(title=title, xlabel=xlabel, ylabel=ylabel)
    table = pd.DataFrame(table).fillna(0)
    if table.empty:
        return empty_figure("no data", title=title)
    if table.shape[1] > MAX_GROUPED:
        long = table.rename_axis(index="_row", columns="_panel").stack()
        return small_multiple_bars(
            pd.Series(long, name="_value").reset_index(),
            panel="_panel",
            label="_row",
            value="_value",
            title=title,
            xlabel=xlabel,
        )
    rows, cols = list(map(str, table.index)), list(map(str, table.columns))
    colors = group_colors(cols)
    fig = new_figure(7, max(2.5, 0.28 * len(rows) * max(1, len(cols)) ** 0.5 + 1.8))
    ax = fig.add_subplot()
    height = 0.8 / max(1, len(cols))
    y = np.arange(len(rows))
    for i, col in enumerate(cols):
        ax.barh(y + i * height, table.iloc[:, i].to_numpy(), height, label=col, color=colors[col])
    ax.set_yticks(y + height * (len(cols) - 1) / 2, [wrap_label(r) for r in rows])
    ax.invert_yaxis()
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.legend(
        title=legend_title,
        fontsize=8,
        frameon=False,
        loc="outside lower center",
        ncols=min(4, len(cols)),
    )
    styled(fig)
    return fig


@plain_text
def small_multiple_bars(
    table: pd.DataFrame | None,
    *,
    panel: str,
    label: str,
    value: str,
    title: str,
    xlabel: str,
    top: int = 8,
    ncols: int = 3,
) -> Figure:
    """Return one small bar chart per ``panel`` value: its ``top`` labels by ``value``.

    Each panel has its own labels, so the bars sit next to their own names.
    """
    require_words(title=title, xlabel=xlabel)
    table = pd.DataFrame(table)
    if table.empty:
        return empty_figure("no data", title=title)
    panels = list(dict.fromkeys(table[panel].astype(str)))
    colors = group_colors(panels)
    ncols = max(1, min(ncols, len(panels)))
    nrows = math.ceil(len(panels) / ncols)
    fig = new_figure(3.6 * ncols, 0.28 * top * nrows + 1.4 * nrows + 0.6)
    fig.suptitle(title, fontweight="bold")
    for i, name in enumerate(panels):
        ax = fig.add_subplot(nrows, ncols, i + 1)
        rows = table[table[panel].astype(str) == name].nlargest(top, value)
        ax.barh(
            [wrap_label(x, 22) for x in rows[label]][::-1],
            rows[value].to_numpy()[::-1],
            color=colors[name],
        )
        ax.set_title(wrap_label(name, 34), fontsize=10)
        ax.set_xlabel(xlabel, fontsize=8)
        ax.tick_params(labelsize=8)
    styled(fig)
    return fig


@plain_text
def heatmap(
    table: pd.DataFrame | None,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    colorbar_label: str,
    diverging: bool = True,
    annotate: bool = True,
    counts: pd.DataFrame | None = None,
    min_n: int = 0,
    show_n: bool = False,
) -> Figure:
    """Return a heatmap of ``table`` (rows × columns); diverging colours centred on zero.

    ``counts`` (same shape) says how many observations each cell rests on: cells with fewer
    than ``min_n`` are drawn grey and annotated with their n; ``show_n`` writes every
    cell's n under its value.
    """
    require_words(title=title, xlabel=xlabel, ylabel=ylabel, colorbar_label=colorbar_label)
    table = pd.DataFrame(table).astype(float)
    if table.empty:
        return empty_figure("no data", title=title)
    data = table.to_numpy()
    sizes = None if counts is None else counts.reindex_like(table).fillna(0).to_numpy()
    thin = np.zeros_like(data, dtype=bool) if sizes is None else sizes < min_n
    shown = np.where(thin, np.nan, data)
    finite = shown[np.isfinite(shown)]
    bound = (float(np.abs(finite).max()) if finite.size else 1.0) or 1.0
    columns = [wrap_label(c, 18) for c in table.columns]
    longest = max(len(line) for c in columns for line in c.splitlines())
    height = max(2.5, 0.4 * table.shape[0] + 1.6) + 0.07 * longest
    fig = new_figure(max(5.5, 0.8 * table.shape[1] + 3.5), height)
    ax = fig.add_subplot()
    if thin.any():
        ax.imshow(np.where(thin, 1.0, np.nan), cmap="Greys", vmin=0, vmax=6, aspect="auto")
    if diverging:
        image = ax.imshow(shown, cmap=DIVERGING_CMAP, vmin=-bound, vmax=bound, aspect="auto")
    else:
        image = ax.imshow(shown, cmap=SEQUENTIAL_CMAP, aspect="auto")
    ax.set_xticks(range(table.shape[1]), columns, rotation=45, ha="right")
    ax.set_yticks(range(table.shape[0]), [wrap_label(r) for r in table.index])
    if annotate and table.size <= 400:
        _annotate_cells(
            ax,
            data,
            thin,
            sizes if show_n or thin.any() else None,
            bound if diverging else None,
            show_n,
        )
    fig.colorbar(image, ax=ax, label=colorbar_label, shrink=0.9)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return fig


def _annotate_cells(
    ax: Axes,
    data: np.ndarray,
    thin: np.ndarray,
    sizes: np.ndarray | None,
    bound: float | None,
    show_n: bool = False,
) -> None:
    """Write each cell's value (and n), or "n=k (few)" on a thin cell."""
    for (r, c), value in np.ndenumerate(data):
        n = f"n={int(sizes[r, c])}" if sizes is not None else "n=0"
        shown = f"{value:.2f}" if np.isfinite(value) else "—"
        if thin[r, c]:
            ax.text(
                c, r, f"{shown}\n{n} (few)", ha="center", va="center", fontsize=6, color="#555555"
            )
        elif np.isfinite(value):
            dark = bound is not None and abs(value) > 0.6 * bound
            label = f"{value:.2f}\n{n}" if show_n and sizes is not None else f"{value:.2f}"
            color = "white" if dark else INK
            ax.text(c, r, label, ha="center", va="center", fontsize=7, color=color)


@plain_text
def arc(
    positions: Sequence[float] | pd.Series | None,
    values: Sequence[float] | pd.Series | None,
    *,
    title: str,
    xlabel: str = "position in the article (sentence number)",
    ylabel: str = "sentence sentiment (−1 to +1)",
    window: int = 3,
) -> Figure:
    """Return a sentiment arc: per-sentence points, a rolling mean line and a zero line."""
    require_words(title=title, xlabel=xlabel, ylabel=ylabel)
    x = np.asarray(list(positions if positions is not None else []), dtype=float)
    y = np.asarray(list(values if values is not None else []), dtype=float)
    if x.size == 0:
        return empty_figure("no sentences", title=title)
    fig = new_figure(7, 3.2)
    ax = fig.add_subplot()
    ax.axhline(0, color=INK, linewidth=0.6)
    colors = [PALETTE[4] if v >= 0 else PALETTE[5] for v in y]
    ax.scatter(x, y, s=14, c=colors, label="one sentence")
    smooth = pd.Series(y).rolling(max(1, window), center=True, min_periods=1).mean()
    ax.plot(x, smooth.to_numpy(), color=INK, linewidth=1.5, label=f"rolling mean of {window}")
    ax.set_ylim(-1.05, 1.05)
    integer_axis(ax, "x")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8, frameon=False, loc="lower left")
    styled(fig)
    return fig
