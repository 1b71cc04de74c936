"""Rich notebook displays: paginated tables, span tables, concordances, feature overviews.

Every object has ``_repr_html_`` (what JupyterLab shows) and a plain-text ``__repr__`` (what a
terminal or a log shows). Cell text always goes through :func:`html.escape` (directly, or via
pandas' escaping), and a large table shows one page at a time, never all its rows:
``table.page(3)`` gives another page. The span helpers here colour highlights by kind for
:class:`framing.explore.article.Article`.

>>> from framing import Concordance, kwic                      # doctest: +SKIP
>>> Concordance(kwic("proxy war"), caption="'proxy war'")     # doctest: +SKIP
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Self

import pandas as pd

from framing.checks import check_int
from framing.errors import ParameterError
from framing.report.palette import KIND_COLORS, category_color, kind_color

if TYPE_CHECKING:  # pragma: no cover
    from framing.features.feature_set import FeatureSet

#: Rows per page of a displayed table.
PAGE_SIZE = 20
#: The kind whose spans are coloured by their lexicon category (the report palette's colour).
LOADED = "loaded"
#: Span columns a span table shows first (others follow).
SPAN_DISPLAY_COLUMNS = [
    "article_id",
    "sentence_id",
    "start",
    "end",
    "kind",
    "category",
    "term",
    "text",
    "quoted",
    "negated",
    "explanation",
]
TABLE_STYLE = "font-size:12px;border-collapse:collapse"
NOTE_STYLE = "color:#555555;font-size:12px;margin:0.3em 0"


def span_kind(spans: pd.DataFrame) -> pd.Series:
    """Return each span's ``kind`` (loaded, label, actor, ...); its ``category`` without one."""
    if spans.empty:
        return pd.Series([], dtype="string", index=spans.index)
    if "kind" in spans:
        return spans["kind"].astype("string").fillna("span")
    if "category" in spans:
        return spans["category"].astype("string").fillna("span")
    return pd.Series("span", index=spans.index, dtype="string")


def kind_colors(kinds: list[str] | set[str]) -> dict[str, str]:
    """Return a colour per kind, from the report palette (``palette.kind_color``)."""
    return {k: kind_color(k) for k in sorted(kinds)}


def display_category(spans: pd.DataFrame) -> pd.Series:
    """Return what each span is coloured by: a loaded term's lexicon category (the reports'
    colour for it), else the span's kind (actor, label, stance, frame)."""
    kind = span_kind(spans)
    if "category" not in spans or spans.empty:
        return kind
    category = spans["category"].astype("string")
    return category.where((kind == LOADED) & category.notna(), kind).astype("string")


def display_colors(names: list[str] | set[str]) -> dict[str, str]:
    """Return the colour of each display category: kinds by kind, loaded categories by category."""
    return {
        name: kind_color(name) if name in KIND_COLORS else category_color(name)
        for name in sorted(names)
    }


def highlight_spans(spans: pd.DataFrame) -> pd.DataFrame:
    """Return ``spans`` ready for :func:`framing.report.highlight.highlight_html`.

    ``category`` becomes the display category (:func:`display_category`: a loaded term's
    lexicon category, coloured as in the reports; the kind for the other spans); the
    original category of other kinds (label set, cue type, frame dimension) goes at the
    front of ``explanation`` for the tooltip, after the kind.
    """
    if spans.empty:
        return pd.DataFrame({"start": [], "end": [], "category": []})
    kind = span_kind(spans)
    shown = display_category(spans)
    missing = pd.Series(pd.NA, index=spans.index, dtype="string")
    original = spans["category"].astype("string") if "category" in spans else missing
    explanation = spans["explanation"].astype("string") if "explanation" in spans else missing
    prefix = original.where((original != kind) & (original != shown))
    merged = (prefix + ": " + explanation).fillna(prefix).fillna(explanation)
    return spans.assign(category=shown, explanation=merged)


@dataclass(frozen=True)
class Table:
    """A DataFrame shown one page at a time (HTML and plain text).

    >>> Table(pd.DataFrame({"n": range(10_000)})).page(2)   # doctest: +SKIP
    """

    frame: pd.DataFrame
    page_size: int = PAGE_SIZE
    page_number: int = 1
    caption: str = ""

    def __post_init__(self) -> None:
        check_int("page_size", self.page_size)
        if not 1 <= self.page_number <= self.page_count:
            raise ParameterError(
                f"page {self.page_number} does not exist: the table has {self.page_count} page(s)"
            )

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def page_count(self) -> int:
        """Number of pages (at least 1, an empty table has one empty page)."""
        return max(1, math.ceil(len(self.frame) / self.page_size))

    def page(self, number: int) -> Self:
        """Return the same table showing page ``number`` (1-based)."""
        return replace(self, page_number=number)

    def rows(self) -> pd.DataFrame:
        """Return the rows of the current page."""
        first = (self.page_number - 1) * self.page_size
        return self.frame.iloc[first : first + self.page_size]

    def _position(self) -> str:
        total = len(self.frame)
        if total == 0:
            return "no rows"
        first = (self.page_number - 1) * self.page_size + 1
        last = min(total, first + self.page_size - 1)
        text = f"rows {first:,}–{last:,} of {total:,}"
        if self.page_count > 1:
            text += f" · page {self.page_number} of {self.page_count:,}"
            if self.page_number < self.page_count:
                text += f" · .page({self.page_number + 1}) for the next"
        return text

    def _body_html(self) -> str:
        return self.rows().to_html(index=False, escape=True, na_rep="", border=0)

    def _repr_html_(self) -> str:
        caption = f"<b>{html.escape(self.caption)}</b> " if self.caption else ""
        return (
            f'<div class="framing-table" style="{TABLE_STYLE}">'
            f'<div style="{NOTE_STYLE}">{caption}{html.escape(self._position())}</div>'
            f"{self._body_html()}</div>"
        )

    def __repr__(self) -> str:
        head = f"{self.caption}: " if self.caption else ""
        body = self.rows().to_string(index=False, max_colwidth=40) if len(self.frame) else ""
        return f"{head}{self._position()}\n{body}".rstrip()


@dataclass(frozen=True, repr=False)
class SpanTable(Table):
    """Spans (framing hits) as a compact paginated table, category cells coloured."""

    caption: str = "spans"

    def rows(self) -> pd.DataFrame:
        page = super().rows()
        ordered = [c for c in SPAN_DISPLAY_COLUMNS if c in page.columns]
        return page[ordered + [c for c in page.columns if c not in ordered]]

    def _body_html(self) -> str:
        page = self.rows()
        colors = kind_colors(set(span_kind(self.frame)))
        header = "".join(f"<th>{html.escape(str(c))}</th>" for c in page.columns)
        lines = []
        for record in page.itertuples(index=False):
            cells = []
            for column, value in zip(page.columns, record, strict=True):
                text = "" if value is None or value is pd.NA or value != value else str(value)
                style = ""
                if column == "kind" and text in colors:
                    style = f' style="background:{colors[text]}66"'
                cells.append(f"<td{style}>{html.escape(text)}</td>")
            lines.append(f"<tr>{''.join(cells)}</tr>")
        return f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(lines)}</tbody></table>"


#: One concordance line: source · date · id, the left context (right-aligned, cut at its
#: start), then the match and the right context (cut at the end). Fixed columns keep every
#: match at the same place; the meta column is wide enough for "source · date · id".
KWIC_GRID = (
    "display:grid;grid-template-columns:minmax(14em,26em) minmax(0,1fr) minmax(0,1fr);"
    "column-gap:0.6em;align-items:baseline;cursor:pointer"
)
_CELL = "white-space:pre;overflow:hidden"


def _present(record: Any, column: str) -> str | None:
    value = getattr(record, column, None)
    return None if value is None or pd.isna(value) else str(value)


def _context_html(context: str, left: str, match: str) -> str:
    """Return the full context escaped, the match (found after its left context) in bold."""
    tail = left[-30:].lstrip()
    found = context.find(tail + match) if tail else -1
    at = found + len(tail) if found >= 0 else context.find(match)
    if at < 0 or not match:
        return html.escape(context)
    return (
        f"{html.escape(context[:at])}<b>{html.escape(match)}</b>"
        f"{html.escape(context[at + len(match) :])}"
    )


def kwic_line_html(record: Any) -> str:
    """Return one kwic line (a row of :func:`framing.kwic`) as escaped HTML: a summary line
    that opens, on a click, onto the full ``context`` (the sentence or sentences around the
    match)."""
    meta = " · ".join(v for v in (_present(record, c) for c in ("source", "date")) if v)
    article_id = _present(record, "article_id") or ""
    left, match, right = (str(getattr(record, c)) for c in ("left", "match", "right"))
    summary = (
        f'<summary class="kwic-row" style="{KWIC_GRID}">'
        f'<span class="kwic-meta" title="{html.escape(meta)} · {html.escape(article_id)}" '
        f'style="white-space:nowrap;overflow:hidden;text-overflow:ellipsis;font-family:sans-serif;'
        f'color:#555555">{html.escape(meta)}{" · " if meta else ""}'
        f'<span class="kwic-id">{html.escape(article_id)}</span></span>'
        f'<span class="kwic-left" style="{_CELL};direction:rtl;text-align:right">'
        f"<bdi>{html.escape(left)}</bdi></span>"
        f'<span class="kwic-right" style="{_CELL};text-overflow:ellipsis">'
        f'<b class="kwic-match">{html.escape(match)}</b>{html.escape(right)}</span></summary>'
    )
    context = _present(record, "context")
    body = (
        f'<div class="kwic-context" style="font-family:sans-serif;margin:0.2em 0 0.5em 2em;'
        f'white-space:normal">{_context_html(context, left, match)}</div>'
        if context
        else ""
    )
    return f'<details class="kwic-line" style="margin:0.1em 0">{summary}{body}</details>'


@dataclass(frozen=True, repr=False)
class Concordance(Table):
    """Keyword-in-context lines (from :func:`framing.kwic`): source · date · id, then the
    contexts aligned on the match; click a line for its whole sentence. ``note`` explains
    the count (e.g. variants versus the exact phrase)."""

    caption: str = "concordance"
    note: str = ""

    def _body_html(self) -> str:
        lines = "".join(kwic_line_html(record) for record in self.rows().itertuples(index=False))
        return (
            '<div class="kwic" style="font-family:monospace;font-size:12px;width:100%">'
            f"{lines}</div>"
        )

    def header_html(self) -> str:
        """Return the caption, the count note and the position of this page, escaped."""
        caption = f"<b>{html.escape(self.caption)}</b> " if self.caption else ""
        note = f'<div style="{NOTE_STYLE}">{html.escape(self.note)}</div>' if self.note else ""
        return f'<div style="{NOTE_STYLE}">{caption}{html.escape(self._position())}</div>{note}'

    def _repr_html_(self) -> str:
        return (
            f'<div class="framing-table framing-concordance" style="{TABLE_STYLE};width:100%">'
            f"{self.header_html()}{self._body_html()}</div>"
        )

    def __repr__(self) -> str:
        head = f"{self.caption}: {self._position()}"
        if self.note:
            head += f"\n{self.note}"
        width = max((len(x) for x in self.rows()["left"]), default=0)
        body = [
            f"{r.left:>{width}}[{r.match}]{r.right}" for r in self.rows().itertuples(index=False)
        ]
        return "\n".join([head, *body])


@dataclass(frozen=True, eq=False)
class Features:
    """A compact overview of a :class:`framing.FeatureSet`: table sizes and a page
    of the article-level features.

    >>> Features(FeatureSet.load("data/processed"))   # doctest: +SKIP
    """

    features: FeatureSet
    page_size: int = 10

    TABLES = ("articles", "spans", "sentences", "actors", "labels", "quotes")

    def sizes(self) -> pd.DataFrame:
        """Return one row per table: name, rows, columns."""
        records = []
        for name in self.TABLES:
            frame = getattr(self.features, name, None)
            if isinstance(frame, pd.DataFrame):
                records.append({"table": name, "rows": len(frame), "columns": frame.shape[1]})
        return pd.DataFrame(records, columns=["table", "rows", "columns"])

    def _articles(self) -> Table:
        return Table(self.features.articles, page_size=self.page_size, caption="article features")

    def _repr_html_(self) -> str:
        return (
            '<div class="framing-features">'
            + Table(self.sizes(), caption="feature tables")._repr_html_()
            + self._articles()._repr_html_()
            + "</div>"
        )

    def __repr__(self) -> str:
        return f"FeatureSet tables\n{self.sizes().to_string(index=False)}\n{self._articles()!r}"
