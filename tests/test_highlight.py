"""highlight: escaped article HTML with category highlights, tooltips and voice styles."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from framing.errors import SchemaError
from framing.report.highlight import headline_html, highlight_html, resolve_overlaps
from framing.report.plots import category_colors

TEXT = (
    'Critics called it "a proxy war <script>alert(1)</script>" while the author wrote of '
    "an unprovoked invasion."
)


def _spans(*items: tuple[str, str, bool]) -> pd.DataFrame:
    rows = []
    for term, category, quoted in items:
        start = TEXT.index(term)
        rows.append(
            {
                "start": start,
                "end": start + len(term),
                "category": category,
                "term": term,
                "explanation": f"why <{term}> is loaded",
                "quoted": quoted,
                "negated": False,
            }
        )
    return pd.DataFrame(rows)


def test_article_markup_is_escaped_and_never_executes():
    out = highlight_html(TEXT, _spans(("proxy war", "war_naming", True)))
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    # removing our own tags and unescaping gives back the article text exactly
    import html

    article = re.search(r'<div class="framing-article"[^>]*>(.*)</div>$', out).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", article)) == TEXT


def test_author_voice_and_quoted_hits_look_different():
    spans = _spans(("proxy war", "war_naming", True), ("unprovoked", "blame_causation", False))
    quote = (TEXT.index('"'), TEXT.index("</script>") + len('</script>"'))
    out = highlight_html(TEXT, spans, quotes=[quote])
    colors = category_colors(["war_naming", "blame_causation"])
    quoted = re.search(r'<span class="hl hl-quoted"[^>]*>proxy war</span>', out).group(0)
    author = re.search(r'<span class="hl hl-author"[^>]*>unprovoked</span>', out).group(0)
    assert f"border-bottom:2px dashed {colors['war_naming']}" in quoted
    assert f"background:{colors['blame_causation']}66" in author
    assert (
        'title="war naming: proxy war — why &lt;proxy war&gt; is loaded (inside a quotation)"'
        in quoted
    )
    assert "(author&#x27;s voice)" in author
    # the quotation itself is a visible italic region that contains the quoted hit
    assert re.search(r'<span class="quote" style="font-style:italic[^"]*">&quot;a <span', out)


def test_span_inside_quotation_is_drawn_quoted_even_without_flag():
    spans = _spans(("proxy war", "war_naming", False))
    start = TEXT.index('"')
    out = highlight_html(TEXT, spans, quotes=[(start, start + 60)], legend=False)
    assert 'class="hl hl-quoted"' in out


def test_legend_lists_each_category_once_with_its_colour():
    spans = _spans(("proxy war", "war_naming", True), ("invasion", "war_naming", False))
    out = highlight_html(TEXT, spans)
    legend = out[: out.index('<div class="framing-article"')]
    assert legend.count("war naming") == 1
    assert "inside a quotation" in legend and "author&#x27;s voice" in legend


def test_overlaps_keep_leftmost_then_longest():
    spans = pd.DataFrame(
        {
            "start": [0, 0, 3, 20, 30],
            "end": [5, 10, 8, 25, 99],
            "category": ["a", "b", "c", "d", "e"],
        }
    )
    kept = resolve_overlaps(spans, text_length=40)
    assert kept["category"].tolist() == ["b", "d"]


def test_missing_columns_raise_schema_error():
    with pytest.raises(SchemaError, match=r"lack column\(s\) \['category'\]"):
        highlight_html("text", pd.DataFrame({"start": [0], "end": [2]}))


def test_empty_spans_render_plain_escaped_text():
    out = highlight_html("a < b", pd.DataFrame(columns=["start", "end", "category"]))
    assert "a &lt; b" in out and "no highlighted terms" in out


def test_category_colour_is_fixed_whatever_else_the_text_holds():
    alone = highlight_html(TEXT, _spans(("invasion", "blame_causation", False)))
    mixed = highlight_html(
        TEXT,
        _spans(("proxy war", "war_naming", True), ("invasion", "blame_causation", False)),
    )
    style = "background:#D55E0066"  # blame_causation's fixed colour, at 40 % opacity
    for out in (alone, mixed):
        hit = re.search(r'<span class="hl hl-author"[^>]*>invasion</span>', out).group(0)
        assert style in hit
    assert "nowrap" not in mixed


def test_a_loaded_term_that_is_also_a_label_keeps_its_category_and_names_both():
    start = TEXT.index("invasion")
    spans = pd.DataFrame(
        {
            "start": [start, start, TEXT.index("proxy war")],
            "end": [start + 8, start + 8, TEXT.index("proxy war") + 9],
            "kind": ["label", "loaded", "label"],
            "category": ["war_naming", "war_naming", "war_naming"],
            "term": ["invasion", "invasion", "proxy war"],
            "explanation": [None, "names an attack as an attack", None],
        }
    )
    out = highlight_html(TEXT, spans, legend=False, fold=True)
    hit = re.search(r'<span class="hl[^"]*"[^>]*>invasion</span>', out).group(0)
    assert 'data-category="war_naming"' in hit
    assert "names an attack as an attack" in hit
    assert "also a competing label: invasion (set: war_naming)" in hit
    label = re.search(r'<span class="hl[^"]*"[^>]*>proxy war</span>', out).group(0)
    assert 'data-category="competing label"' in label and "#BBBBBB" in label


def test_headline_is_highlighted_with_the_lexicon_and_escaped():
    title = "Russia Invaded Ukraine, Stoltenberg Admits <b>"
    out = headline_html(title)
    assert out.startswith('<div class="framing-headline"')
    assert re.search(r'data-category="war_naming"[^>]*>Invaded</span>', out)
    assert re.search(r'data-category="loaded_verb"[^>]*>Admits</span>', out)
    assert "&lt;b&gt;" in out and "<b>" not in out
