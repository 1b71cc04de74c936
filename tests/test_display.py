"""framing.explore.display and .article: escaped HTML, plain-text reprs, pagination."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from framing.corpus import Corpus
from framing.errors import ParameterError
from framing.explore.article import Article
from framing.explore.display import (
    Concordance,
    Features,
    SpanTable,
    Table,
    highlight_spans,
    span_kind,
)
from framing.explore.kwic import kwic
from framing.report.palette import category_color, kind_color

SCRIPT_TEXT = "Officials called it a <script>alert(1)</script> proxy war & more."
PROXY = SCRIPT_TEXT.index("proxy war")


def _article(hidden: frozenset[str] = frozenset()) -> Article:
    spans = pd.DataFrame(
        {
            "article_id": ["x", "x", "x"],
            "sentence_id": [0, 0, 0],
            "start": [PROXY, 10, 0],
            "end": [PROXY + 9, 16, len(SCRIPT_TEXT)],
            "text": ["proxy war", "called", SCRIPT_TEXT],
            "kind": ["loaded", "stance", "quote"],
            "category": ["war_naming", None, None],
            "term": ["proxy war", "called", None],
        }
    )
    article = Article.from_spans("x", SCRIPT_TEXT, spans, title="<b>T</b>", source="s", date=None)
    return article.with_hidden(hidden)


def test_article_html_escapes_text_and_highlights_spans() -> None:
    article = _article()
    page = article._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;T&lt;/b&gt;" in page and "<b>T</b>" not in page
    highlighted = re.findall(r'<span class="hl[^"]*" data-category="([^"]+)"[^>]*>([^<]*)<', page)
    # A loaded term is coloured by its lexicon category, as in the reports; other spans by kind.
    assert highlighted == [("stance", "called"), ("war_naming", "proxy war")]
    assert f"background:{category_color('war_naming')}" in page
    assert f"{kind_color('stance')}" in page
    # The tooltip names the lexicon category; the span is inside the quotation region.
    assert 'title="war naming: proxy war (inside a quotation)"' in page
    assert article.quotes == ((0, len(SCRIPT_TEXT)),)
    assert article.categories == ["loaded", "stance", "war_naming"]
    assert "2 highlighted of 2 spans" in page


def test_article_toggles_hide_a_kind_or_a_loaded_category_and_keep_colours() -> None:
    shown = _article()._repr_html_()
    no_stance = _article(frozenset({"stance"}))._repr_html_()
    assert 'data-category="stance"' in shown and 'data-category="stance"' not in no_stance
    colour = re.search(r'data-category="war_naming"[^>]*style="([^"]+)"', shown).group(1)
    assert re.search(r'data-category="war_naming"[^>]*style="([^"]+)"', no_stance).group(1) == (
        colour
    )
    assert "1 highlighted of 2 spans" in no_stance
    no_war_naming = _article(frozenset({"war_naming"}))
    assert no_war_naming.visible_spans()["text"].tolist() == ["called"]
    # Frame and stance cues start hidden (dense); the default article shows loaded terms.
    assert Article.from_spans("x", SCRIPT_TEXT, _article().spans).visible_spans()[
        "text"
    ].tolist() == ["proxy war"]


def test_article_plain_repr() -> None:
    text = repr(_article())
    assert text.splitlines()[0] == "Article x: <b>T</b> (s)"
    assert text.splitlines()[1] == "9 words; spans: loaded 1, stance 1"


def test_span_kind_and_highlight_spans() -> None:
    spans = pd.DataFrame(
        {
            "start": [0, 5],
            "end": [4, 9],
            "kind": ["actor", "frame"],
            "category": ["actor", "economic"],
            "explanation": [None, "Costs and benefits"],
        }
    )
    assert span_kind(spans).tolist() == ["actor", "frame"]
    ready = highlight_spans(spans)
    assert ready["category"].tolist() == ["actor", "frame"]
    assert ready["explanation"].tolist()[1] == "economic: Costs and benefits"
    assert pd.isna(ready["explanation"].iloc[0])


def test_article_of_the_sample_highlights_proxy_war(sample_corpus: Corpus, sample_features) -> None:
    articles = sample_corpus.articles
    article_id = articles.loc[articles["date"] == "2023-09-13", "article_id"].iloc[0]
    article = Article.load(article_id, corpus=sample_corpus, features=sample_features)
    page = article._repr_html_()
    assert re.search(r'data-category="war_naming"[^>]*>proxy war</span>', page)
    # The legend names the categories shown, in the reports' colours.
    assert "war naming" in page.split('class="framing-article"')[0]
    assert "war_naming" in article.loaded_categories
    assert "features not computed" not in page
    bare = Article.load(article_id, corpus=sample_corpus)  # the sample folder has no spans
    assert bare.note.startswith("features not computed: run `framing features`")
    assert 'class="hl' not in bare._repr_html_()


def test_table_paginates_10000_rows() -> None:
    frame = pd.DataFrame({"n": range(10_000), "text": ["<i>x</i>"] * 10_000})
    table = Table(frame)
    page = table._repr_html_()
    assert page.count("<tr") == 21  # header + 20 rows, never 10,000
    assert "rows 1–20 of 10,000 · page 1 of 500 · .page(2) for the next" in page
    assert "&lt;i&gt;x&lt;/i&gt;" in page and "<i>x</i>" not in page
    last = table.page(500)
    assert last.rows()["n"].tolist() == list(range(9_980, 10_000))
    assert "rows 9,981–10,000 of 10,000 · page 500 of 500" in repr(last)
    assert len(repr(table).splitlines()) == 22  # position line + header + 20 rows
    with pytest.raises(ParameterError, match="page 501 does not exist: the table has 500 page"):
        table.page(501)


def test_span_table_colours_categories_and_orders_columns() -> None:
    spans = pd.DataFrame(
        {"category": ["euphemism", "<x>"], "start": [1, 5], "end": [3, 9], "kind": ["loaded"] * 2}
    )
    table = SpanTable(spans)
    assert table.rows().columns.tolist() == ["start", "end", "kind", "category"]
    page = table._repr_html_()
    assert "<td>&lt;x&gt;</td>" in page and "<x>" not in page
    assert page.count(f'<td style="background:{kind_color("loaded")}66">loaded</td>') == 2


def test_concordance_of_sample(sample_corpus: Corpus) -> None:
    lines = kwic("NATO", window=25, corpus=sample_corpus)
    view = Concordance(lines, caption="NATO")
    page = view._repr_html_()
    assert page.count('<details class="kwic-line"') == 20
    assert "rows 1–20 of 56 · page 1 of 3" in page
    # Source, date and id in their own cell; the whole sentence opens on a click, match bold.
    first = lines.iloc[0]
    assert f'<span class="kwic-id">{first["article_id"]}</span>' in page
    meta = " · ".join(str(v) for v in (first["source"], first["date"]) if not pd.isna(v))
    assert f">{meta} · <span" in page
    context = page.split('<div class="kwic-context"', 1)[1].split(">", 1)[1].split("</div>")[0]
    assert context.count("<b>NATO</b>") == 1
    assert context.replace("<b>", "").replace("</b>", "") == html.escape(first["context"])
    assert len(first["context"]) > len(first["left"]) + len(first["right"])  # the whole sentence
    assert view.page(3).rows().shape[0] == 16
    assert repr(view).splitlines()[1].endswith("US-led [NATO] expansion rather than Ru")


def test_features_overview_is_compact(sample_features) -> None:
    overview = Features(sample_features)
    sizes = overview.sizes().set_index("table")["rows"]
    assert sizes["articles"] == 5
    assert sizes["spans"] == len(sample_features.spans)
    page = overview._repr_html_()
    assert "<b>feature tables</b> rows 1–6 of 6" in page
    assert "<b>article features</b> rows 1–5 of 5" in page
    assert repr(overview).startswith("FeatureSet tables\n")
