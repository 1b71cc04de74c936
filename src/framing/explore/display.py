"""Rich notebook displays: articles with highlighted framing, paginated tables, concordances.

Every object has ``_repr_html_`` (what JupyterLab shows) and a plain-text ``__repr__`` (what a
terminal or a log shows). Article text always goes through :func:`html.escape` (via
:mod:`framing.report.highlight` for highlighted text, via pandas' escaping for tables), and a large
table shows one page at a time, never all its rows: ``table.page(3)`` gives another page.

>>> from framing import Corpus                   # doctest: +SKIP
>>> Corpus("data/processed")["7ca9c9814521f07f"]   # doctest: +SKIP
"""

from __future__ import annotations

import html
import math
import os
import textwrap
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import pandas as pd

from framing.config import PROCESSED_DIR
from framing.corpus import Corpus
from framing.errors import ParameterError
from framing.report.highlight import highlight_html, legend_html
from framing.report.plots import PALETTE, category_colors
from framing.tables import read_article, read_rows, table_path

if TYPE_CHECKING:  # pragma: no cover
    from framing.features.extraction import FeatureSet

#: Rows per page of a displayed table.
PAGE_SIZE = 20
#: Span kinds shown as highlights; quotations are drawn as italic regions instead.
HIGHLIGHT_KINDS = ("loaded", "label", "actor", "stance", "frame")
#: One colour per kind (Okabe–Ito, from framing.plots.PALETTE): loaded terms in the most
#: salient orange, frame cues in grey.
KIND_COLORS = {
    "loaded": PALETTE[0],
    "label": PALETTE[1],
    "actor": PALETTE[2],
    "stance": PALETTE[6],
    "frame": PALETTE[7],
}
#: Display categories switched off at first: frame and stance cues are dense (a third of the
#: words of a news article), so they hide the loaded terms until the reader asks for them.
DEFAULT_HIDDEN = frozenset({"frame", "stance"})
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
    """Return a colour per kind: fixed Okabe–Ito colours for the known kinds, others after."""
    others = category_colors(k for k in kinds if k not in KIND_COLORS)
    return {k: KIND_COLORS.get(k) or others[k] for k in sorted(kinds)}


def highlight_spans(spans: pd.DataFrame) -> pd.DataFrame:
    """Return ``spans`` ready for :func:`framing.highlight.highlight_html`, coloured by kind.

    ``category`` becomes the kind (one colour per kind keeps the legend readable: an article
    easily has a dozen lexicon categories); the original category (lexicon category, label
    set, cue type, frame dimension) goes at the front of ``explanation`` for the tooltip.
    """
    if spans.empty:
        return pd.DataFrame({"start": [], "end": [], "category": []})
    kind = span_kind(spans)
    missing = pd.Series(pd.NA, index=spans.index, dtype="string")
    original = spans["category"].astype("string") if "category" in spans else missing
    explanation = spans["explanation"].astype("string") if "explanation" in spans else missing
    prefix = original.where(original != kind)
    merged = (prefix + ": " + explanation).fillna(prefix).fillna(explanation)
    return spans.assign(category=kind, explanation=merged)


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
        if not isinstance(self.page_size, int) or self.page_size < 1:
            raise ParameterError(
                f"page_size must be a positive number of rows, got {self.page_size!r}"
            )
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

    def page(self, number: int) -> Table:
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


@dataclass(frozen=True, repr=False)
class Concordance(Table):
    """Keyword-in-context lines (from :func:`framing.explore.kwic`), match centred in bold."""

    caption: str = "concordance"

    def _body_html(self) -> str:
        lines = []
        for record in self.rows().itertuples(index=False):
            meta = " · ".join(
                html.escape(str(getattr(record, c)))
                for c in ("source", "date", "article_id")
                if hasattr(record, c) and not pd.isna(getattr(record, c))
            )
            lines.append(
                '<tr class="kwic-line">'
                f'<td style="text-align:right;white-space:nowrap">{html.escape(record.left)}</td>'
                f'<td style="white-space:nowrap"><b>{html.escape(record.match)}</b></td>'
                f'<td style="text-align:left;white-space:nowrap">{html.escape(record.right)}</td>'
                f'<td style="{NOTE_STYLE}">{meta}</td></tr>'
            )
        return f'<table class="kwic" style="font-family:monospace">{"".join(lines)}</table>'

    def __repr__(self) -> str:
        head = f"{self.caption}: {self._position()}"
        width = max((len(x) for x in self.rows()["left"]), default=0)
        body = [
            f"{r.left:>{width}}[{r.match}]{r.right}" for r in self.rows().itertuples(index=False)
        ]
        return "\n".join([head, *body])


@dataclass(frozen=True, eq=False)
class Article:
    """One article with its framing spans; shows as highlighted text with a legend.

    ``hidden`` names kinds (``"actor"``) or loaded-term categories (``"euphemism"``) not to
    highlight (toggled off); frame and stance cues start hidden.

    >>> article = Article.load("7ca9c9814521f07f")      # doctest: +SKIP
    >>> article.with_hidden({"actor"})                    # doctest: +SKIP
    """

    article_id: str
    text: str
    title: str | None = None
    source: str | None = None
    date: str | None = None
    spans: pd.DataFrame = field(default_factory=pd.DataFrame)
    quotes: tuple[tuple[int, int], ...] = ()
    hidden: frozenset[str] = DEFAULT_HIDDEN
    note: str = ""

    @classmethod
    def load(
        cls,
        article_id: str,
        *,
        corpus: Corpus | None = None,
        processed_dir: str | os.PathLike[str] = PROCESSED_DIR,
        features: FeatureSet | None = None,
    ) -> Article:
        """Read one article and its spans (from ``features`` or the processed folder)."""
        from framing.explore.queries import open_corpus

        processed_dir = open_corpus(corpus, processed_dir).processed_dir
        row = read_article(
            processed_dir, article_id, ["article_id", "title", "source", "date", "text"]
        )
        note = ""
        if features is not None:
            spans = features.spans[features.spans["article_id"] == article_id]
        elif table_path(processed_dir, "spans").exists():
            spans = read_rows(processed_dir, "spans", article_id)
        else:
            spans = pd.DataFrame()
            note = "features not computed: run `framing features` to highlight framing"
        return cls.from_spans(
            article_id,
            "" if pd.isna(row["text"]) else str(row["text"]),
            spans,
            title=_text_or_none(row["title"]),
            source=_text_or_none(row["source"]),
            date=_text_or_none(row["date"]),
            note=note,
        )

    @classmethod
    def from_spans(
        cls, article_id: str, text: str, spans: pd.DataFrame, **meta: str | None
    ) -> Article:
        """Build an article display from its text and its rows of the spans table.

        Spans of kind ``quote`` become italic quotation regions; the others (kinds in
        :data:`HIGHLIGHT_KINDS`, or all when there is no ``kind`` column) are highlighted.
        """
        quotes: tuple[tuple[int, int], ...] = ()
        if not spans.empty and "kind" in spans:
            is_quote = spans["kind"] == "quote"
            quotes = tuple(
                (int(s), int(e))
                for s, e in zip(
                    spans.loc[is_quote, "start"], spans.loc[is_quote, "end"], strict=True
                )
            )
            spans = spans[spans["kind"].isin(HIGHLIGHT_KINDS)]
        spans = spans.reset_index(drop=True)
        return cls(article_id=article_id, text=text, spans=spans, quotes=quotes, **meta)

    @property
    def kinds(self) -> list[str]:
        """Kinds of this article's highlightable spans, sorted (one colour each)."""
        return sorted(set(span_kind(self.spans)))

    @property
    def loaded_categories(self) -> list[str]:
        """Lexicon categories of this article's loaded terms, sorted."""
        if self.spans.empty or "category" not in self.spans:
            return []
        loaded = self.spans[span_kind(self.spans) == "loaded"]
        return sorted(set(loaded["category"].dropna().astype(str)))

    @property
    def categories(self) -> list[str]:
        """Everything that can be toggled: the kinds, then the loaded-term categories."""
        return self.kinds + self.loaded_categories

    def with_hidden(self, hidden: set[str] | frozenset[str]) -> Article:
        """Return the same article with the kinds or loaded categories in ``hidden`` off."""
        return replace(self, hidden=frozenset(hidden))

    def visible_spans(self) -> pd.DataFrame:
        """Return the highlighted spans (kind and loaded category not hidden), coloured by kind."""
        if self.spans.empty:
            return highlight_spans(self.spans)
        kind = span_kind(self.spans)
        category = (
            self.spans["category"].astype("string")
            if "category" in self.spans
            else pd.Series(pd.NA, index=self.spans.index, dtype="string")
        )
        hidden_category = ((kind == "loaded") & category.isin(self.hidden)).fillna(False)
        keep = (~kind.isin(self.hidden) & ~hidden_category.astype(bool)).astype(bool)
        # Where spans coincide (a loaded term that is also a label), the overlap rule keeps
        # the first: order by HIGHLIGHT_KINDS so the loaded term wins.
        priority = kind.map({k: i for i, k in enumerate(HIGHLIGHT_KINDS)}).fillna(
            len(HIGHLIGHT_KINDS)
        )
        ordered = self.spans[keep].assign(_priority=priority[keep].astype("int64"))
        ordered = ordered.sort_values("_priority", kind="stable").drop(columns="_priority")
        return highlight_spans(ordered)

    def html(self, *, legend: bool = True) -> str:
        """Return the header, legend and highlighted text as escaped HTML."""
        colors = kind_colors(set(self.kinds))  # all kinds: toggling keeps the colours
        shown = {k: v for k, v in colors.items() if k not in self.hidden}
        meta = " · ".join(html.escape(x) for x in (self.source, self.date) if x)
        parts = [
            f'<div class="framing-article-view" data-article-id="{html.escape(self.article_id)}">',
            f"<h3 style='margin:0.2em 0'>{html.escape(self.title or '(untitled)')}</h3>",
            f'<div style="{NOTE_STYLE}">{meta}{" · " if meta else ""}'
            f"{html.escape(self.article_id)} · {len(self.visible_spans())} highlighted of "
            f"{len(self.spans)} spans</div>",
        ]
        if self.note:
            parts.append(f'<div style="{NOTE_STYLE}"><i>{html.escape(self.note)}</i></div>')
        if legend:
            parts.append(legend_html(shown))
        parts.append(
            highlight_html(
                self.text, self.visible_spans(), quotes=self.quotes, colors=colors, legend=False
            )
        )
        parts.append("</div>")
        return "".join(parts)

    def _repr_html_(self) -> str:
        return self.html()

    def span_table(self) -> SpanTable:
        """Return this article's spans as a paginated table."""
        return SpanTable(self.spans, caption=f"spans of {self.article_id}")

    def __repr__(self) -> str:
        counts = span_kind(self.spans).value_counts().sort_index()
        summary = ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"
        meta = ", ".join(x for x in (self.source, self.date) if x)
        lines = [
            f"Article {self.article_id}: {self.title or '(untitled)'}"
            + (f" ({meta})" if meta else ""),
            f"{len(self.text.split()):,} words; spans: {summary}",
        ]
        if self.note:
            lines.append(self.note)
        lines.append(textwrap.shorten(self.text, width=300, placeholder=" …"))
        return "\n".join(lines)


def _text_or_none(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


@dataclass(frozen=True, eq=False)
class Features:
    """A compact overview of a :class:`framing.features.FeatureSet`: table sizes and a page
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
