"""One article with its framing spans, shown as highlighted text with a legend.

``Corpus[article_id]`` returns an :class:`Article` (registered by :mod:`framing.explore`).
Its text always goes through :func:`html.escape`, via :mod:`framing.report.highlight`.

>>> from framing import Corpus                   # doctest: +SKIP
>>> Corpus("data/processed")["7ca9c9814521f07f"]   # doctest: +SKIP
"""

from __future__ import annotations

import html
import os
import textwrap
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from framing.corpus import Corpus
from framing.explore.display import (
    NOTE_STYLE,
    SpanTable,
    display_category,
    display_colors,
    highlight_spans,
    span_kind,
)
from framing.explore.queries import open_corpus
from framing.report.highlight import highlight_html
from framing.report.palette import legend_html
from framing.tables import read_article, read_rows, table_path

if TYPE_CHECKING:  # pragma: no cover
    from framing.features.feature_set import FeatureSet

#: Span kinds shown as highlights; quotations are drawn as italic regions instead.
HIGHLIGHT_KINDS = ("loaded", "label", "actor", "stance", "frame")
#: Display categories switched off at first: frame and stance cues are dense (a third of the
#: words of a news article), so they hide the loaded terms until the reader asks for them.
DEFAULT_HIDDEN = frozenset({"frame", "stance"})


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
        processed_dir: str | os.PathLike[str] | None = None,
        features: FeatureSet | None = None,
    ) -> Article:
        """Read one article and its spans (from ``features`` or the processed folder)."""
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
        cls,
        article_id: str,
        text: str,
        spans: pd.DataFrame,
        *,
        title: str | None = None,
        source: str | None = None,
        date: str | None = None,
        note: str = "",
    ) -> Article:
        """Build an article display from its text and its rows of the spans table.

        Spans of kind ``quote`` become italic quotation regions; the others (kinds in
        :data:`HIGHLIGHT_KINDS`, or all when there is no ``kind`` column) are highlighted.
        Spans found in the headline (``field`` "title") are left out: their offsets are not
        into ``text``.
        """
        quotes: tuple[tuple[int, int], ...] = ()
        if not spans.empty and "field" in spans:  # headline spans: offsets into the title
            spans = spans[spans["field"].astype("string").fillna("body") != "title"]
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
        return cls(
            article_id=article_id,
            text=text,
            title=title,
            source=source,
            date=date,
            spans=spans,
            quotes=quotes,
            note=note,
        )

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
        # Colours of everything the article holds, so toggling never changes a colour.
        colors = display_colors(set(display_category(self.spans)))
        visible = self.visible_spans()
        shown = {k: v for k, v in colors.items() if k in set(visible["category"])}
        meta = " · ".join(html.escape(x) for x in (self.source, self.date) if x)
        parts = [
            f'<div class="framing-article-view" data-article-id="{html.escape(self.article_id)}">',
            f"<h3 style='margin:0.2em 0'>{html.escape(self.title or '(untitled)')}</h3>",
            f'<div style="{NOTE_STYLE}">{meta}{" · " if meta else ""}'
            f"{html.escape(self.article_id)} · {len(visible)} highlighted of "
            f"{len(self.spans)} spans</div>",
        ]
        if self.note:
            parts.append(f'<div style="{NOTE_STYLE}"><i>{html.escape(self.note)}</i></div>')
        if legend:
            parts.append(legend_html(shown))
        parts.append(
            highlight_html(self.text, visible, quotes=self.quotes, colors=colors, legend=False)
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


def _text_or_none(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else str(value)
