"""Plots for the reports: one colour-blind-safe palette, titles and axis labels in words.

Every helper returns a :class:`matplotlib.figure.Figure` built without pyplot, so library
code keeps no global figure state (safe in worker processes); a notebook displays the
returned figure as an inline PNG. Colours come from the Okabe–Ito palette (Okabe & Ito 2008,
distinguishable under the common colour-vision deficiencies); diverging values (sentiment)
use ColorBrewer's ``RdBu``, which is also colour-blind safe.
"""

from __future__ import annotations

import io
import logging
import math
import warnings
from collections.abc import Callable, Iterable, Sequence
from functools import wraps
from typing import TYPE_CHECKING, Any, ParamSpec

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from framing.errors import ParameterError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.typing import RcKeyType

log = logging.getLogger(__name__)
Params = ParamSpec("Params")

#: Okabe–Ito colours (black moved last: it is kept for text and reference lines).
PALETTE: tuple[str, ...] = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#999999",  # grey
)
INK = "#000000"
#: Text drawn from data is never parsed as mathtext (see :func:`_plain_text`).
PLAIN_TEXT: dict[RcKeyType, Any] = {"text.parse_math": False}
DIVERGING_CMAP = "RdBu"

STYLE: dict[RcKeyType, Any] = {
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titleweight": "bold",
    "axes.titlesize": 12,
    "axes.labelsize": 10,
    "font.size": 10,
    "figure.dpi": 100,
}


def category_colors(categories: Iterable[str]) -> dict[str, str]:
    """Return a stable category → colour map (sorted categories take palette colours in order).

    More categories than colours reuse the palette (logged), so keep the set small.

    >>> category_colors(["euphemism", "dehumanizing"])
    {'dehumanizing': '#E69F00', 'euphemism': '#56B4E9'}
    """
    names = sorted({str(c) for c in categories if c is not None and str(c) != ""})
    if len(names) > len(PALETTE):
        log.debug("%d categories share %d palette colours", len(names), len(PALETTE))
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


class ReportFigure(Figure):
    """A Figure that displays itself as a PNG in any IPython front end (``_repr_png_``).

    Library figures are made without pyplot, so no backend hook would render them; this
    method makes a notebook cell ending in a plot helper show an image, which nbconvert
    then inlines as ``data:image/png;base64``.
    """

    def _repr_png_(self) -> tuple[bytes, dict[str, str]]:
        import matplotlib as mpl

        buffer = io.BytesIO()
        # Layout warnings go to the log, not into the notebook's output (and the report).
        with warnings.catch_warnings(record=True) as caught, mpl.rc_context(PLAIN_TEXT):
            warnings.simplefilter("always")
            self.savefig(buffer, format="png", dpi=self.dpi)
        for warning in caught:
            log.debug("figure %r: %s", self.describe(), warning.message)
        return buffer.getvalue(), {"alt": self.describe()}

    def describe(self) -> str:
        """Return the figure's title(s) in words: its alt text."""
        titles = [self.get_suptitle()] + [ax.get_title() for ax in self.axes]
        return "; ".join(t for t in titles if t) or "figure"


def _figure(width: float = 7.0, height: float = 4.0) -> ReportFigure:
    import matplotlib as mpl

    with mpl.rc_context(STYLE):
        fig = ReportFigure(figsize=(width, height), layout="constrained")
    return fig


def _plain_text(plot: Callable[Params, Figure]) -> Callable[Params, Figure]:
    """Build the figure with mathtext off: labels come from data, and a ``$`` pair in a
    group or term name ("$5 bn and $6 bn") must print as written, not fail as math."""

    @wraps(plot)
    def build(*args: Params.args, **kwargs: Params.kwargs) -> Figure:
        import matplotlib as mpl

        with mpl.rc_context(PLAIN_TEXT):
            return plot(*args, **kwargs)

    return build


def _styled(fig: Figure) -> None:
    for ax in fig.axes:
        ax.spines["top"].set_visible(False)
        ax.spines["right"].set_visible(False)
        ax.title.set_fontweight("bold")


def _require_words(**labels: str) -> None:
    for name, value in labels.items():
        if not value or not str(value).strip():
            raise ParameterError(f"plot {name} must be a non-empty label in words")


@_plain_text
def empty_figure(message: str, *, title: str) -> Figure:
    """Return a small figure that says why there is nothing to plot."""
    fig = _figure(6, 1.6)
    ax = fig.add_subplot()
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return fig


@_plain_text
def bar_chart(
    values: pd.Series | None,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    colors: dict[str, str] | str | None = None,
    horizontal: bool = True,
    limit: int = 25,
) -> Figure:
    """Return a bar chart of ``values`` (index = bar names), largest first, at most ``limit``.

    ``colors`` maps bar names to colours, or ``"categories"`` gives each bar its
    :func:`category_colors` colour; default one blue. ``None`` or empty values give a figure
    that says "no data".
    """
    _require_words(title=title, xlabel=xlabel, ylabel=ylabel)
    values = pd.Series(values, dtype=float) if values is None else pd.Series(values).dropna()
    if values.empty:
        return empty_figure("no data", title=title)
    values = values.sort_values(ascending=False).head(limit)
    names = [str(i) for i in values.index]
    if colors == "categories":
        colors = category_colors(names)
    elif isinstance(colors, str):
        raise ParameterError(f"colors must be a dict or 'categories', got {colors!r}")
    bar_colors = [(colors or {}).get(n, PALETTE[4]) for n in names]
    fig = _figure(7, max(2.5, 0.3 * len(values) + 1.2) if horizontal else 4)
    ax = fig.add_subplot()
    if horizontal:
        ax.barh(names[::-1], values.to_numpy()[::-1], color=bar_colors[::-1])
    else:
        ax.bar(names, values.to_numpy(), color=bar_colors)
        ax.tick_params(axis="x", rotation=45)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    _styled(fig)
    return fig


@_plain_text
def grouped_bars(
    table: pd.DataFrame | None,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    legend_title: str = "group",
) -> Figure:
    """Return horizontal grouped bars: one bar group per row, one colour per column."""
    _require_words(title=title, xlabel=xlabel, ylabel=ylabel)
    table = pd.DataFrame(table).fillna(0)
    if table.empty:
        return empty_figure("no data", title=title)
    rows, cols = list(map(str, table.index)), list(map(str, table.columns))
    colors = category_colors(cols)
    fig = _figure(7, max(2.5, 0.25 * len(rows) * max(1, len(cols)) ** 0.5 + 1.5))
    ax = fig.add_subplot()
    height = 0.8 / max(1, len(cols))
    y = np.arange(len(rows))
    for i, col in enumerate(cols):
        ax.barh(y + i * height, table.iloc[:, i].to_numpy(), height, label=col, color=colors[col])
    ax.set_yticks(y + height * (len(cols) - 1) / 2, rows)
    ax.invert_yaxis()
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(title=legend_title, fontsize=8, frameon=False)
    _styled(fig)
    return fig


@_plain_text
def heatmap(
    table: pd.DataFrame | None,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    colorbar_label: str,
    diverging: bool = True,
    annotate: bool = True,
) -> Figure:
    """Return a heatmap of ``table`` (rows × columns); diverging colours centred on zero."""
    _require_words(title=title, xlabel=xlabel, ylabel=ylabel, colorbar_label=colorbar_label)
    table = pd.DataFrame(table).astype(float)
    if table.empty:
        return empty_figure("no data", title=title)
    data = table.to_numpy()
    finite = data[np.isfinite(data)]
    bound = float(np.abs(finite).max()) if finite.size else 1.0
    bound = bound or 1.0
    # Column names are rotated 45°: the longest one takes height from the plot area.
    longest = max(len(str(c)) for c in table.columns)
    height = max(2.5, 0.35 * table.shape[0] + 1.5) + 0.06 * longest
    fig = _figure(max(5, 0.7 * table.shape[1] + 3), height)
    ax = fig.add_subplot()
    if diverging:
        image = ax.imshow(data, cmap=DIVERGING_CMAP, vmin=-bound, vmax=bound, aspect="auto")
    else:
        image = ax.imshow(data, cmap="cividis", aspect="auto")
    ax.set_xticks(range(table.shape[1]), [str(c) for c in table.columns], rotation=45, ha="right")
    ax.set_yticks(range(table.shape[0]), [str(r) for r in table.index])
    if annotate and table.size <= 400:
        for (r, c), value in np.ndenumerate(data):
            if np.isfinite(value):
                dark = diverging and abs(value) > 0.6 * bound
                ax.text(
                    c,
                    r,
                    f"{value:.2f}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if dark else INK,
                )
    fig.colorbar(image, ax=ax, label=colorbar_label)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return fig


@_plain_text
def arc(
    positions: Sequence[float] | pd.Series | None,
    values: Sequence[float] | pd.Series | None,
    *,
    title: str,
    xlabel: str = "position in the article (sentence number)",
    ylabel: str = "sentiment (VADER compound, −1 to +1)",
    window: int = 3,
) -> Figure:
    """Return a sentiment arc: per-sentence points, a rolling mean line and a zero line."""
    _require_words(title=title, xlabel=xlabel, ylabel=ylabel)
    x = np.asarray(list(positions if positions is not None else []), dtype=float)
    y = np.asarray(list(values if values is not None else []), dtype=float)
    if x.size == 0:
        return empty_figure("no sentences", title=title)
    fig = _figure(7, 3.2)
    ax = fig.add_subplot()
    ax.axhline(0, color=INK, linewidth=0.6)
    colors = [PALETTE[4] if v >= 0 else PALETTE[5] for v in y]
    ax.scatter(x, y, s=14, c=colors, label="one sentence")
    smooth = pd.Series(y).rolling(max(1, window), center=True, min_periods=1).mean()
    ax.plot(x, smooth.to_numpy(), color=INK, linewidth=1.5, label=f"rolling mean of {window}")
    ax.set_ylim(-1.05, 1.05)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8, frameon=False, loc="lower left")
    _styled(fig)
    return fig


@_plain_text
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
    z-score of the log-odds ratio (this group against the rest) against its total frequency
    (log scale), and names the ``label_top`` most distinctive terms, as in the paper's figures.
    """
    if table is None or table.empty:
        return empty_figure("no terms to compare", title=title)
    needed = {"group", "term", "count_group", "count_rest", score}
    missing = needed - set(table.columns)
    if missing:
        raise ParameterError(f"keyness table lacks column(s) {sorted(missing)}")
    groups = list(dict.fromkeys(table["group"].astype(str)))[:max_groups]
    colors = category_colors(groups)
    ncols = min(2, len(groups))
    nrows = math.ceil(len(groups) / ncols)
    fig = _figure(6.5 * ncols, 3.8 * nrows)
    fig.suptitle(title, fontweight="bold")
    for i, group in enumerate(groups):
        ax = fig.add_subplot(nrows, ncols, i + 1)
        rows = table[table["group"].astype(str) == group]
        freq = (rows["count_group"] + rows["count_rest"]).clip(lower=1).to_numpy(dtype=float)
        z = rows[score].to_numpy(dtype=float)
        ax.scatter(freq, z, s=10, color=colors[group], alpha=0.7)
        ax.set_xscale("log")
        ax.axhline(0, color=INK, linewidth=0.5)
        top = rows.assign(_z=z).nlargest(label_top, "_z")
        for _, row in top.iterrows():
            ax.annotate(
                str(row["term"]),
                (max(1, row["count_group"] + row["count_rest"]), row["_z"]),
                fontsize=7,
                xytext=(3, 2),
                textcoords="offset points",
            )
        ax.set_title(f"{group} vs the rest")
        ax.set_xlabel("how often the word occurs in all groups (log scale)")
        ax.set_ylabel("z-score: more typical of this group →")
    _styled(fig)
    return fig
