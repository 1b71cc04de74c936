"""The report figure: built without pyplot, shown as a PNG, exported as PNG and SVG.

:class:`ReportFigure` displays itself in a notebook as an inline PNG; the same display carries
its SVG and an export name in its metadata, which :mod:`framing.report.exports` writes to
``<report>/figures/`` when the report is rendered, and from which the report template writes
the download links (``framing-export:`` links the renderer points at the report's folder).
"""

from __future__ import annotations

import base64
import io
import logging
import textwrap
import warnings
from collections.abc import Callable, Iterable
from functools import wraps
from typing import TYPE_CHECKING, Any, ParamSpec

from matplotlib.figure import Figure

from framing.errors import ParameterError
from framing.report.exports import EXPORT_KEY, SVG_EXPORT, export_name

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.typing import RcKeyType

log = logging.getLogger(__name__)
Params = ParamSpec("Params")

#: Text drawn from data is never parsed as mathtext (see :func:`plain_text`).
PLAIN_TEXT: dict[RcKeyType, Any] = {"text.parse_math": False, "svg.fonttype": "none"}
STYLE: dict[RcKeyType, Any] = {
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titleweight": "bold",
    "axes.titlesize": 12,
    "axes.labelsize": 10,
    "font.size": 10,
    "figure.dpi": 100,
}


class ReportFigure(Figure):
    """A Figure that displays itself as a PNG with links to its PNG and SVG exports."""

    def _render(self, fmt: str) -> bytes:
        import matplotlib as mpl

        buffer = io.BytesIO()
        # Layout warnings go to the log, not into the notebook's output (and the report).
        with warnings.catch_warnings(record=True) as caught, mpl.rc_context(PLAIN_TEXT):
            warnings.simplefilter("always")
            self.savefig(buffer, format=fmt, dpi=self.dpi, metadata=_no_date(fmt))
        for warning in caught:
            log.debug("figure %r: %s", self.describe(), warning.message)
        return buffer.getvalue()

    def _render_again(self, fmt: str) -> bytes:
        """Render once more in the layout the first render computed (constrained layout
        solved once, not per format)."""
        engine = self.get_layout_engine()
        try:
            self.set_layout_engine("none")
        except RuntimeError:  # an engine that cannot be switched off here: lay out again
            return self._render(fmt)
        try:
            return self._render(fmt)
        finally:
            self.set_layout_engine(engine)

    def _repr_png_(self) -> tuple[bytes, dict[str, str]]:
        return self._render("png"), {"alt": self.describe()}

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> tuple[dict[str, str], dict[str, Any]]:
        png = base64.b64encode(self._render("png")).decode("ascii")
        svg = self._render_again("svg").decode("utf-8")
        data = {"image/png": png, SVG_EXPORT: svg}
        metadata = {
            "image/png": {"alt": self.describe()},
            EXPORT_KEY: {"kind": "figure", "name": export_name(self.describe())},
        }
        return data, metadata

    def describe(self) -> str:
        """Return the figure's title(s) in words: its alt text."""
        titles = [self.get_suptitle()] + [ax.get_title() for ax in self.axes]
        return "; ".join(" ".join(t.split()) for t in titles if t) or "figure"


def _no_date(fmt: str) -> dict[str, Any]:
    """Metadata without a creation date, so the same figure exports to the same bytes."""
    return {"Date": None} if fmt == "svg" else {}


def new_figure(width: float = 7.0, height: float = 4.0) -> ReportFigure:
    """Return an empty report figure with constrained layout (nothing clipped)."""
    import matplotlib as mpl

    with mpl.rc_context(STYLE):
        return ReportFigure(figsize=(width, height), layout="constrained")


def plain_text(plot: Callable[Params, Figure]) -> Callable[Params, Figure]:
    """Build the figure with mathtext off: labels come from data, and a ``$`` pair in a
    group or term name ("$5 bn and $6 bn") must print as written, not fail as math."""

    @wraps(plot)
    def build(*args: Params.args, **kwargs: Params.kwargs) -> Figure:
        import matplotlib as mpl

        with mpl.rc_context(PLAIN_TEXT):
            return plot(*args, **kwargs)

    return build


@plain_text
def empty_figure(message: str, *, title: str) -> Figure:
    """Return a small figure that says why there is nothing to plot."""
    fig = new_figure(6, 1.6)
    ax = fig.add_subplot()
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return fig


def styled(fig: Figure) -> None:
    """Drop the top and right spines and set titles in bold."""
    for ax in fig.axes:
        ax.spines["top"].set_visible(False)
        ax.spines["right"].set_visible(False)
        ax.title.set_fontweight("bold")


def integer_axis(ax: Axes, axis: str = "x") -> None:
    """Put only whole-number ticks on a count axis."""
    from matplotlib.ticker import MaxNLocator

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(MaxNLocator(integer=True))


def wrap_label(text: object, width: int = 28) -> str:
    """Return a tick label wrapped onto lines of at most ``width`` characters (none cut)."""
    return "\n".join(textwrap.wrap(str(text), width, break_long_words=True)) or str(text)


def require_words(**labels: str) -> None:
    """Raise :class:`ParameterError` when a title or axis label is empty."""
    for name, value in labels.items():
        if not value or not str(value).strip():
            raise ParameterError(f"plot {name} must be a non-empty label in words")
