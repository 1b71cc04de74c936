"""Tables for people: formatted HTML with no index, rounded numbers and "—" for missing.

:func:`show_table` turns a DataFrame or Series into a :class:`TableDisplay`: headers in words,
whole numbers with thousands separators, other numbers rounded, yes/no for flags, "—" for a
missing value, text left-aligned and never cut (long cells wrap), long tables in a scrolling
box. Rows resting on fewer than ``min_n`` observations are greyed and marked "(few)". The
same display carries the complete table as CSV (every row, raw values) and an export name,
which the renderer writes to ``<report>/tables/`` and links below the table.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import ParameterError
from framing.measures import VALIDITY_KEYS
from framing.report.exports import EXPORT_KEY, EXPORT_PREFIX, ROOT_PREFIX, export_name

MISSING = "—"
#: Tables longer than this scroll inside a box instead of stretching the page.
SCROLL_ROWS = 15
TEXT_CELL = "text-align:left;white-space:normal;overflow-wrap:break-word;max-width:40em"
NUMBER_CELL = "text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums"
CELL = "padding:0.3em 0.6em;border-bottom:1px solid #e0e0e0;vertical-align:top"
THIN_ROW = "color:#767676;background:#f4f4f4"
#: Columns that quote the corpus (its words may hold anything, "…" included): their cells
#: are marked ``framing-corpus-text``.
CORPUS_COLUMNS = frozenset({"text", "example", "contexts", "context", "title"})


def tidy(table: pd.DataFrame | pd.Series) -> pd.DataFrame:
    """Return ``table`` as a flat DataFrame: a meaningful index becomes columns, none kept.

    >>> tidy(pd.Series({"RT": 3}, name="articles").rename_axis("source")).columns.tolist()
    ['source', 'articles']
    """
    if isinstance(table, pd.Series):
        table = table.to_frame(name=table.name if table.name is not None else "value")
    frame = table.copy()
    if isinstance(frame.columns, pd.MultiIndex):
        frame.columns = [" · ".join(str(p) for p in c if str(p)) for c in frame.columns]
    plain = frame.index.name is None and pd.api.types.is_integer_dtype(frame.index.dtype)
    if not isinstance(frame.index, pd.RangeIndex) and not plain:
        names = [
            n if n is not None else ("name" if i == 0 else f"name {i}")
            for i, n in enumerate(frame.index.names)
        ]
        frame = frame.rename_axis(names).reset_index()
    frame.columns = [str(c) for c in frame.columns]
    return frame.reset_index(drop=True)


def header(name: str) -> str:
    """Return a column name in words ("n_author" -> "n author", "word_count" -> "word count")."""
    return str(name).replace("_", " ").strip()


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def format_value(value: object, digits: int = 2, whole: bool = False) -> str:
    """Return one cell in words: "—" when missing, yes/no, 1,234, 0.43 (``digits`` places).

    >>> [format_value(v) for v in (None, float("nan"), True, 1234, 0.010679, 2.0, "a")]
    ['—', '—', 'yes', '1,234', '0.011', '2.00', 'a']
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return MISSING
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "yes" if value else "no"
    if _is_number(value):
        number = float(value)  # type: ignore[arg-type]
        if math.isnan(number):
            return MISSING
        if math.isinf(number):
            return "∞" if number > 0 else "−∞"
        if whole or isinstance(value, numbers.Integral):
            return f"{round(number):,}"
        if number != 0 and abs(number) < 10 ** (-digits):
            return f"{number:.2g}"
        if number != 0 and abs(number) < 0.1:
            return f"{number:,.{digits + 1}f}"
        return f"{number:,.{digits}f}"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, (list, tuple, set, np.ndarray)):
        return ", ".join(str(v) for v in value) or MISSING
    text = str(value)
    return text if text.strip() else MISSING


def _numeric_columns(frame: pd.DataFrame) -> dict[str, bool]:
    """Return numeric column -> whether every value in it is a whole number."""
    out = {}
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
            continue
        values = pd.to_numeric(series, errors="coerce").dropna()
        whole = bool(len(values)) and bool((values == values.round()).all())
        out[column] = whole and not pd.api.types.is_float_dtype(series) or _counts(column, whole)
    return out


def _counts(column: str, whole: bool) -> bool:
    """A float column of whole numbers named like a count (n, hits, articles) is a count."""
    words = set(header(column).lower().split())
    return whole and bool(words & {"n", "hits", "articles", "mentions", "count", "words", "lines"})


class TableDisplay:
    """A formatted table: HTML for people, CSV for the export (see the module docstring)."""

    def __init__(
        self,
        frame: pd.DataFrame,
        *,
        name: str,
        caption: str = "",
        digits: int = 2,
        thin: Iterable[bool] | None = None,
        min_n: int = 0,
        n_column: str | None = None,
        corpus_columns: Iterable[str] = CORPUS_COLUMNS,
    ) -> None:
        self.frame = frame
        self.name = name
        self.caption = caption
        self.digits = digits
        self.thin = list(thin) if thin is not None else [False] * len(frame)
        self.min_n = min_n
        self.n_column = n_column
        self.corpus_columns = set(corpus_columns)

    def to_html(self) -> str:
        """Return the table as escaped HTML with its caption, notes and CSV link."""
        numeric = _numeric_columns(self.frame)
        head = "".join(
            f'<th style="{CELL};{NUMBER_CELL if c in numeric else TEXT_CELL};'
            f'white-space:normal;position:sticky;top:0;background:#fff">'
            f"{html.escape(header(c))}</th>"
            for c in self.frame.columns
        )
        body = []
        for row, thin in zip(self.frame.itertuples(index=False), self.thin, strict=True):
            cells = []
            for column, value in zip(self.frame.columns, row, strict=True):
                text = format_value(value, self.digits, whole=numeric.get(column, False))
                if thin and column == self.n_column and text != MISSING:
                    text += " (few)"
                align = NUMBER_CELL if column in numeric else TEXT_CELL
                quoted = ' class="framing-corpus-text"' if column in self.corpus_columns else ""
                cells.append(f'<td{quoted} style="{CELL};{align}">{html.escape(text)}</td>')
            style = f' style="{THIN_ROW}"' if thin else ""
            body.append(f"<tr{style}>{''.join(cells)}</tr>")
        box = "max-height:28em;overflow:auto" if len(self.frame) > SCROLL_ROWS else "overflow:auto"
        return (
            '<div class="framing-table-block" style="margin:0.5em 0 1em 0;max-width:100%">'
            + (f'<p style="margin:0.2em 0">{html.escape(self.caption)}</p>' if self.caption else "")
            + f'<div class="framing-table" style="{box};max-width:100%">'
            '<table style="border-collapse:collapse;table-layout:auto;margin:0;font-size:13px">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
            f'<p class="framing-downloads" style="font-size:12px;margin:0.2em 0">{self._notes()}'
            f'<a href="{EXPORT_PREFIX}tables/{self.name}.csv">CSV</a> '
            f"({len(self.frame):,} rows)</p></div>"
        )

    def _notes(self) -> str:
        if not any(self.thin):
            return ""
        return (
            f"Grey rows marked (few) rest on fewer than {self.min_n} observations: "
            "read them with care. "
        )

    def to_csv(self) -> str:
        """Return the complete table as CSV (raw values, every row)."""
        return self.frame.to_csv(index=False)

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> tuple[dict[str, str], dict[str, Any]]:
        data = {"text/html": self.to_html(), "text/csv": self.to_csv()}
        return data, {EXPORT_KEY: {"kind": "table", "name": self.name}}


def show_table(
    table: pd.DataFrame | pd.Series | None,
    name: str,
    *,
    caption: str = "",
    digits: int = 2,
    columns: Mapping[str, str] | None = None,
    n_column: str | None = None,
    min_n: int = 0,
    empty: str = "nothing to show",
) -> TableDisplay | str:
    """Return ``table`` formatted for people (see the module docstring), exported as
    ``tables/<name>.csv``.

    ``columns`` renames columns (and keeps only those, in that order); rows whose
    ``n_column`` is below ``min_n`` are greyed and marked. ``None`` or an empty table gives
    a display that says ``empty``.
    """
    if table is None or len(table) == 0:
        return _Message(empty)
    frame = tidy(table)
    corpus = {str((columns or {}).get(c, c)) for c in frame.columns if c in CORPUS_COLUMNS}
    if columns:
        frame = frame[[c for c in columns if c in frame.columns]].rename(columns=dict(columns))
    thin = None
    n_column = (columns or {}).get(n_column, n_column) if n_column else None
    if n_column is not None and n_column in frame.columns:
        thin = (pd.to_numeric(frame[n_column], errors="coerce").fillna(0) < min_n).tolist()
    return TableDisplay(
        frame,
        name=export_name(name, "table"),
        caption=caption,
        digits=digits,
        thin=thin,
        min_n=min_n,
        n_column=n_column,
        corpus_columns=corpus,
    )


class _Message(str):
    """A one-line note shown instead of an empty table."""

    def _repr_html_(self) -> str:
        return f'<p class="framing-empty"><i>{html.escape(str(self))}</i></p>'


class ValidityLink(str):
    """A "How reliable is this?" link to one measure's section of ``validity.html``."""

    def _repr_html_(self) -> str:
        return (
            '<p class="framing-validity" style="font-size:12px;margin:0.2em 0">'
            f'<a href="{ROOT_PREFIX}validity.html#{html.escape(str(self))}">'
            "How reliable is this?</a> (agreement with human judgement)</p>"
        )


def validity_link(key: str) -> ValidityLink:
    """Return the "How reliable is this?" link of measure ``key`` (one of VALIDITY_KEYS).

    >>> "validity.html#frames" in validity_link("frames")._repr_html_()
    True
    """
    if key not in VALIDITY_KEYS:
        raise ParameterError(f"no validity section '{key}'; use one of {list(VALIDITY_KEYS)}")
    return ValidityLink(key)


class HtmlBlock(str):
    """Ready, escaped HTML shown as it is (a legend, a headline)."""

    def _repr_html_(self) -> str:
        return str(self)


def category_legend(categories: Iterable[str] | pd.Series | pd.Index) -> HtmlBlock:
    """Return the legend of loaded-term categories in their fixed colours (wraps).

    A Series gives its index (e.g. hits per category).
    """
    from framing.report.palette import category_colors, legend_html

    names = categories.index if isinstance(categories, pd.Series) else categories
    return HtmlBlock(legend_html(category_colors([str(n) for n in names]), title="Categories:"))
