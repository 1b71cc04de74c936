"""An ipywidgets corpus browser for JupyterLab: pick an article, see its framing highlighted.

Filter articles by source, date range and title words; choose one; switch highlight
categories on and off; click a term button to list every context of that term across the
corpus (paginated). The browser only reads the small metadata columns up front; an article's
text and spans are read when it is chosen (see :mod:`framing.explore.kwic`).

>>> from framing import Browser                  # doctest: +SKIP
>>> Browser(processed_dir="data/processed")      # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
from typing import TYPE_CHECKING, Any

import ipywidgets as w
import pandas as pd

from framing.config import PROCESSED_DIR
from framing.corpus import Corpus
from framing.errors import FramingError
from framing.explore.article import DEFAULT_HIDDEN, Article
from framing.explore.display import PAGE_SIZE, Concordance
from framing.explore.kwic import term_contexts
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
        The processed corpus (``framing ingest`` + ``framing features``).
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
        processed_dir: str | os.PathLike[str] = PROCESSED_DIR,
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
        self.hidden: frozenset[str] = DEFAULT_HIDDEN  # kept when another article is chosen
        self.contexts: Concordance | None = None

        sources = sorted(self.catalog["source"].dropna().unique().tolist())
        self.source = w.Dropdown(options=[ALL_SOURCES, *sources], description="Source")
        self.date_from = w.DatePicker(description="From")
        self.date_to = w.DatePicker(description="To")
        self.title_filter = w.Text(description="Title", placeholder="words in the title")
        self.article = w.Dropdown(description="Article", layout=w.Layout(width="95%"))
        self.status = w.HTML()
        self.toggles = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.text = w.HTML()
        self.terms = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.context_view = w.HTML()
        self.previous_page = w.Button(description="◀ previous", disabled=True)
        self.next_page = w.Button(description="next ▶", disabled=True)

        for control in (self.source, self.date_from, self.date_to, self.title_filter):
            control.observe(self._on_filter, names="value")
        self.article.observe(self._on_article, names="value")
        self.previous_page.on_click(lambda _: self._turn_page(-1))
        self.next_page.on_click(lambda _: self._turn_page(+1))

        self.widget = w.VBox(
            [
                w.HBox([self.source, self.date_from, self.date_to, self.title_filter]),
                self.article,
                self.status,
                w.HTML("<b>Highlight</b>"),
                self.toggles,
                self.text,
                w.HTML("<b>Terms in this article</b> (click one for its contexts in the corpus)"),
                self.terms,
                self.context_view,
                w.HBox([self.previous_page, self.next_page]),
            ],
            layout=w.Layout(width="100%"),
        )
        self.widget.add_class("framing-browser")
        self._refresh_options(prefer=article_id)

    # -- display ---------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        shown = self.current.article_id if self.current else "none"
        return f"Browser({len(self.catalog):,} articles, showing {shown})"

    # -- article list ----------------------------------------------------------------------
    def _on_filter(self, _change: dict) -> None:
        self._refresh_options(prefer=self.article.value)

    def _refresh_options(self, prefer: str | None = None) -> None:
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
        self.article.options = options
        if prefer in ids:
            self.article.value = prefer
        elif ids:
            self.article.value = ids[0]
        else:
            self.article.value = None
            self._show(None)

    def _on_article(self, change: dict) -> None:
        self._show(change["new"])

    # -- one article -----------------------------------------------------------------------
    def _show(self, article_id: str | None) -> None:
        if article_id is None:
            self.current = None
            self.text.value = "<i>no article matches the filters</i>"
            self.toggles.children = ()
            self.terms.children = ()
            return
        try:
            article = Article.load(article_id, corpus=self.corpus, features=self.features)
            self.current = article.with_hidden(self.hidden)
        except FramingError as error:
            self.current = None
            self.text.value = (
                f"<b>cannot show {html.escape(article_id)}:</b> {html.escape(str(error))}"
            )
            return
        self.toggles.children = tuple(self._toggle(name) for name in self.current.categories)
        self.terms.children = tuple(self._term_button(term) for term in self._terms())
        self._render()

    def _toggle(self, category: str) -> w.Checkbox:
        shown = category not in self.hidden
        box = w.Checkbox(value=shown, description=category.replace("_", " "), indent=False)
        box.add_class(f"framing-toggle-{category}")
        box.layout.width = "auto"
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
            lines, page_size=self.page_size, caption=f"'{term}' in the corpus"
        )
        self._render_contexts()
        return self.contexts

    def _turn_page(self, step: int) -> None:
        if self.contexts is not None:
            self.contexts = self.contexts.page(self.contexts.page_number + step)
            self._render_contexts()

    def _render_contexts(self) -> None:
        contexts = self.contexts
        if contexts is None:
            return
        self.context_view.value = contexts._repr_html_()
        self.previous_page.disabled = contexts.page_number <= 1
        self.next_page.disabled = contexts.page_number >= contexts.page_count
