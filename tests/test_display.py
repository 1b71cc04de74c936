"""framing.display: escaped HTML, plain-text reprs, pagination of large tables."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from framing.corpus import Corpus
from framing.display import Article, Concordance, SpanTable, Table, span_category
from framing.errors import ParameterError
from framing.explore import kwic

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
    assert highlighted == [("stance", "called"), ("war_naming", "proxy war")]
    # The quote span is drawn as a quotation region (italic), not as a highlight.
    assert article.quotes == ((0, len(SCRIPT_TEXT)),)
    assert article.categories == ["stance", "war_naming"]
    assert "2 highlighted of 2 spans" in page


def test_article_toggles_hide_a_category_and_keep_colours() -> None:
    shown = _article()._repr_html_()
    hidden = _article(frozenset({"stance"}))._repr_html_()
    assert 'data-category="stance"' in shown and 'data-category="stance"' not in hidden
    colour = re.search(r'data-category="war_naming"[^>]*style="([^"]+)"', shown).group(1)
    assert re.search(r'data-category="war_naming"[^>]*style="([^"]+)"', hidden).group(1) == colour
    assert "1 highlighted of 2 spans" in hidden


def test_article_plain_repr() -> None:
    text = repr(_article())
    assert text.splitlines()[0] == "Article x: <b>T</b> (s)"
    assert text.splitlines()[1] == "9 words; spans: stance 1, war_naming 1"


def test_span_category_falls_back_to_kind() -> None:
    spans = pd.DataFrame({"kind": ["actor", "loaded"], "category": [None, "euphemism"]})
    assert span_category(spans).tolist() == ["actor", "euphemism"]


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
    assert "<td>&lt;x&gt;</td>" in page or "&lt;x&gt;</td>" in page
    assert 'style="background:' in page


def test_concordance_of_sample(sample_corpus: Corpus) -> None:
    lines = kwic("NATO", window=25, corpus=sample_corpus)
    view = Concordance(lines, caption="NATO")
    page = view._repr_html_()
    assert page.count('<tr class="kwic-line">') == 20
    assert "rows 1–20 of 56 · page 1 of 3" in page
    assert view.page(3).rows().shape[0] == 16
    assert repr(view).splitlines()[1].endswith("US-led [NATO] expansion rather than Ru")
