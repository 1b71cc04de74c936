"""An ipywidgets corpus browser for JupyterLab: pick an article, see its framing highlighted.

Filter articles by source, date range and title words (the article shown stays while it
still matches); choose one; switch highlight kinds and loaded-term categories on and off
(coloured as in the reports); click a term button to list every context of that term across
the corpus (paginated; each line opens its article or, on a click, its whole sentence). The
browser only reads the small metadata columns up front; an article's text and spans are read
when it is chosen (see :mod:`framing.explore.kwic`).

>>> from framing import Browser                  # doctest: +SKIP
>>> Browser()                                    # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
from typing import TYPE_CHECKING, Any

import ipywidgets as w
import pandas as pd

from framing.corpus import Corpus
from framing.errors import FramingError
from framing.explore.article import DEFAULT_HIDDEN, Article
from framing.explore.display import PAGE_SIZE, Concordance, display_colors, kwic_line_html
from framing.explore.kwic import count_note, term_contexts
from framing.explore.queries import open_corpus

if TYPE_CHECKING:  # pragma: no cover
    from framing.features.feature_set import FeatureSet

log = logging.getLogger(__name__)

ALL_SOURCES = "(all sources)"
#: Term buttons shown per article (most frequent terms first).
MAX_TERMS = 40
#: Span kinds whose terms get a button (actors, stance and frame cues are too common).
TERM_KINDS = ("loaded", "label")


def article_catalog(corpus: Corpus) -> pd.DataFrame:
    """Return ``article_id``, ``title``, ``source``, ``date`` of every article (no text read)."""
    catalog = corpus.table("articles", columns=["article_id", "title", "source", "date"])
    return catalog.astype("string")


def filter_catalog(
    catalog: pd.DataFrame,
    *,
    source: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    title_contains: str = "",
) -> pd.DataFrame:
    """Return the catalog rows matching every filter given (dates inclusive, ISO strings).

    Articles without a date are kept only when no date bound is set.
    """
    keep = pd.Series(True, index=catalog.index)
    if source and source != ALL_SOURCES:
        keep &= (catalog["source"] == source).fillna(False)
    if date_from is not None:
        keep &= (catalog["date"] >= date_from.isoformat()).fillna(False)
    if date_to is not None:
        keep &= (catalog["date"] <= date_to.isoformat()).fillna(False)
    if title_contains.strip():
        found = catalog["title"].str.contains(title_contains.strip(), case=False, regex=False)
        keep &= found.fillna(False)
    return catalog[keep.astype(bool)]


def option_label(row: pd.Series) -> str:
    """Return the dropdown label of an article: date · source · title."""
    parts = [row.get("date"), row.get("source"), row.get("title") or row.get("article_id")]
    return " · ".join(str(p) for p in parts if isinstance(p, str) and p)


class Browser:
    """The interactive browser; display it as the last expression of a notebook cell.

    Parameters
    ----------
    corpus, processed_dir
        The processed corpus (``framing ingest`` + ``framing features``); found by
        :func:`framing.config.find_processed` when neither is given.
    features
        An in-memory :class:`framing.FeatureSet` instead of the saved tables.
    article_id
        The article shown first (default: the first one).
    max_options
        At most this many articles are listed; narrow the filters to reach the others.
    """

    def __init__(
        self,
        corpus: Corpus | None = None,
        *,
        processed_dir: str | os.PathLike[str] | None = None,
        features: FeatureSet | None = None,
        article_id: str | None = None,
        max_options: int = 1000,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self.corpus = open_corpus(corpus, processed_dir)
        self.features = features
        self.max_options = max_options
        self.page_size = page_size
        self.catalog = article_catalog(self.corpus)
        self.current: Article | None = None
        self.chosen: str | None = article_id  # the reader's choice, kept across filters
        self.last_shown: str | None = None
        self.hidden: frozenset[str] = DEFAULT_HIDDEN  # kept when another article is chosen
        self.contexts: Concordance | None = None
        self.toggle_boxes: dict[str, w.Checkbox] = {}
        self._updating = False
        self._build_controls()
        self.widget = self._layout()
        self.widget.add_class("framing-browser")
        self._refresh_options()

    def _build_controls(self) -> None:
        sources = sorted(self.catalog["source"].dropna().unique().tolist())
        self.source = w.Dropdown(options=[ALL_SOURCES, *sources], description="Source")
        self.date_from = w.DatePicker(description="From")
        self.date_to = w.DatePicker(description="To")
        self.title_filter = w.Text(description="Title", placeholder="words in the title")
        self.article = w.Dropdown(description="Article", layout=w.Layout(width="95%"))
        self.status = w.HTML()
        self.kind_toggles = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.category_toggles = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.toggles = w.VBox(
            [
                w.HBox([_row_label("Kinds"), self.kind_toggles]),
                w.HBox([_row_label("Loaded terms"), self.category_toggles]),
            ]
        )
        self.text = w.HTML()
        self.terms = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.context_header = w.HTML()
        self.context_lines = w.VBox(layout=w.Layout(width="100%"))
        self.context_view = w.VBox(
            [self.context_header, self.context_lines], layout=w.Layout(width="100%")
        )
        self.previous_page = w.Button(description="◀ previous", disabled=True)
        self.next_page = w.Button(description="next ▶", disabled=True)
        for control in (self.source, self.date_from, self.date_to, self.title_filter):
            control.observe(self._on_filter, names="value")
        self.article.observe(self._on_article, names="value")
        self.previous_page.on_click(lambda _: self._turn_page(-1))
        self.next_page.on_click(lambda _: self._turn_page(+1))

    def _layout(self) -> w.VBox:
        return w.VBox(
            [
                w.HBox([self.source, self.date_from, self.date_to, self.title_filter]),
                self.article,
                self.status,
                w.HTML("<b>Highlight</b> (colours as in the reports)"),
                self.toggles,
                self.text,
                w.HTML("<b>Terms in this article</b> (click one for its contexts in the corpus)"),
                self.terms,
                self.context_view,
                w.HBox([self.previous_page, self.next_page]),
            ],
            layout=w.Layout(width="100%"),
        )

    # -- display ---------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        shown = self.current.article_id if self.current else "none"
        return f"Browser({len(self.catalog):,} articles, showing {shown})"

    # -- article list ----------------------------------------------------------------------
    def _on_filter(self, _change: dict) -> None:
        self._refresh_options()

    def _refresh_options(self) -> None:
        """List the matching articles; keep the reader's article when it still matches."""
        matching = filter_catalog(
            self.catalog,
            source=self.source.value,
            date_from=self.date_from.value,
            date_to=self.date_to.value,
            title_contains=self.title_filter.value,
        )
        listed = matching.head(self.max_options)
        options = [(option_label(row), row["article_id"]) for _, row in listed.iterrows()]
        note = f"{len(matching):,} of {len(self.catalog):,} articles match"
        if len(matching) > len(listed):
            note += f"; listing the first {len(listed):,}: narrow the filters to see the others"
        self.status.value = f"<small>{html.escape(note)}</small>"
        ids = [value for _, value in options]
        # The reader's choice, else the article last on screen, while it matches; else the
        # first (a filter that matched nothing for a moment does not lose the article).
        preferred = (self.chosen, self.last_shown)
        wanted = next((i for i in preferred if i is not None and i in ids), None)
        wanted = wanted or (ids[0] if ids else None)
        self._updating = True
        try:
            self.article.options = options
            self.article.value = wanted
        finally:
            self._updating = False
        if wanted is None:
            self._show(None)
        elif self.current is None or self.current.article_id != wanted:
            self._show(wanted)

    def _on_article(self, change: dict) -> None:
        if self._updating:
            return
        self.chosen = change["new"]
        self._show(change["new"])

    def open_article(self, article_id: str) -> None:
        """Show ``article_id``; clear the filters first when it does not match them."""
        self.chosen = article_id
        if article_id not in [value for _, value in self.article.options]:
            self._updating = True  # one refresh for the four filters
            try:
                self.source.value = ALL_SOURCES
                self.date_from.value = self.date_to.value = None
                self.title_filter.value = ""
            finally:
                self._updating = False
        self._refresh_options()

    # -- one article -----------------------------------------------------------------------
    def _show(self, article_id: str | None) -> None:
        if article_id is None:
            self.current = None
            self.text.value = "<i>no article matches the filters</i>"
            self.kind_toggles.children = self.category_toggles.children = ()
            self.toggle_boxes = {}
            self.terms.children = ()
            self._clear_contexts()
            return
        try:
            article = Article.load(article_id, corpus=self.corpus, features=self.features)
            self.current = article.with_hidden(self.hidden)
            self.last_shown = article_id
        except FramingError as error:
            self.current = None
            self.text.value = (
                f"<b>cannot show {html.escape(article_id)}:</b> {html.escape(str(error))}"
            )
            return
        colors = display_colors(self.current.categories)
        self.toggle_boxes = {n: self._toggle(n, colors[n]) for n in self.current.categories}
        self.kind_toggles.children = tuple(self.toggle_boxes[k] for k in self.current.kinds)
        self.category_toggles.children = tuple(
            self.toggle_boxes[c] for c in self.current.loaded_categories
        )
        self.terms.children = tuple(self._term_button(term) for term in self._terms())
        self._render()

    def _toggle(self, category: str, color: str) -> w.Checkbox:
        box = w.Checkbox(
            value=category not in self.hidden,
            description=category.replace("_", " "),
            indent=False,
            style={"background": f"{color}55"},  # the highlight's own tint
            tooltip=f"highlight {category.replace('_', ' ')}",
        )
        box.add_class(f"framing-toggle-{category}")
        box.layout.width = "auto"
        box.layout.margin = "1px 6px 1px 0"
        box.observe(
            lambda change, name=category: self._on_toggle(name, change["new"]), names="value"
        )
        return box

    def _on_toggle(self, category: str, shown: bool) -> None:
        if self.current is None:
            return
        hidden = set(self.hidden)
        (hidden.discard if shown else hidden.add)(category)
        self.hidden = frozenset(hidden)
        self.current = self.current.with_hidden(self.hidden)
        self._render()

    def _render(self) -> None:
        if self.current is not None:
            self.text.value = self.current.html()

    def _terms(self) -> list[str]:
        """Loaded terms and labels of the article, most frequent first."""
        spans = self.current.spans if self.current is not None else pd.DataFrame()
        if spans.empty or "term" not in spans:
            return []
        if "kind" in spans:
            spans = spans[spans["kind"].isin(TERM_KINDS)]
        counts = spans["term"].dropna().astype(str).value_counts()
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return [str(term) for term, _ in ordered[:MAX_TERMS]]

    def _term_button(self, term: str) -> w.Button:
        button = w.Button(description=term, tooltip=f"all contexts of '{term}' in the corpus")
        button.layout.width = "auto"
        button.add_class("framing-term")
        button.on_click(lambda _, t=term: self.show_contexts(t))
        return button

    # -- contexts of a term across the corpus ----------------------------------------------
    def show_contexts(self, term: str) -> Concordance:
        """List every context of ``term`` across the corpus under the article (page 1)."""
        lines = term_contexts(term, corpus=self.corpus, features=self.features)
        self.contexts = Concordance(
            lines,
            page_size=self.page_size,
            caption=f"'{term}' in the corpus",
            note=count_note(term, lines) if len(lines) else "",
        )
        self._render_contexts()
        return self.contexts

    def _turn_page(self, step: int) -> None:
        if self.contexts is not None:
            self.contexts = self.contexts.page(self.contexts.page_number + step)
            self._render_contexts()

    def _clear_contexts(self) -> None:
        self.contexts = None
        self.context_header.value = ""
        self.context_lines.children = ()
        self.previous_page.disabled = self.next_page.disabled = True

    def _render_contexts(self) -> None:
        contexts = self.contexts
        if contexts is None:
            return
        self.context_header.value = contexts.header_html()
        self.context_lines.children = tuple(
            self._context_line(record) for record in contexts.rows().itertuples(index=False)
        )
        self.previous_page.disabled = contexts.page_number <= 1
        self.next_page.disabled = contexts.page_number >= contexts.page_count

    def _context_line(self, record: Any) -> w.HBox:
        """One concordance line: an "open" button (shows the article) and the line."""
        article_id = str(record.article_id)
        button = w.Button(
            description="open",
            tooltip=f"show article {article_id}",
            layout=w.Layout(width="4.5em", flex="0 0 auto"),
        )
        button.add_class("framing-open-article")
        button.on_click(lambda _: self.open_article(article_id))
        line = w.HTML(kwic_line_html(record), layout=w.Layout(flex="1 1 auto", min_width="0"))
        return w.HBox([button, line], layout=w.Layout(width="100%", align_items="flex-start"))


def _row_label(text: str) -> w.HTML:
    """The label in front of a row of toggles (fixed width, so the two rows align)."""
    return w.HTML(f"<b>{html.escape(text)}</b>", layout=w.Layout(width="8.5em", flex="0 0 auto"))
