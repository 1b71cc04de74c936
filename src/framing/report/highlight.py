"""Article text → escaped HTML with framing spans highlighted by category.

Design: the text is cut at every span and quotation boundary, each piece is escaped with
:func:`html.escape`, and only our own ``<span>`` tags are added, so nothing from an article
can ever become markup. Author-voice hits get a solid colour background; hits inside a
quotation get a dashed underline in the same colour and no fill, and quotations themselves
are set in italics, so "who says it" is visible at a glance. Every hit carries a ``title``
tooltip with its category, term and explanation. Styles are inline (no stylesheet needed,
the report stays self-contained). Colours are the fixed ones of :mod:`framing.report.palette`.

With ``fold=True`` and a ``kind`` column (the ``spans`` table), a competing label that
overlaps a loaded term is folded into it: the loaded term's category and explanation win,
and its tooltip also names the label. Other labels are drawn in the label colour as
"competing label".
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable
from typing import Any

import pandas as pd

from framing.errors import SchemaError
from framing.report.palette import category_color, kind_color
from framing.report.palette import legend_html as palette_legend

log = logging.getLogger(__name__)

SPAN_COLUMNS = ("start", "end", "category")
LABEL = "competing label"
QUOTE_STYLE = "font-style:italic;color:#333333"
TEXT_STYLE = (
    "white-space:pre-wrap;line-height:1.7;font-family:Georgia,serif;font-size:15px;max-width:48em"
)


def _author_style(color: str) -> str:
    return f"background:{color}66;border-radius:2px;padding:0 1px"


def _quoted_style(color: str) -> str:
    return f"border-bottom:2px dashed {color};padding-bottom:1px"


def resolve_overlaps(spans: pd.DataFrame, text_length: int) -> pd.DataFrame:
    """Return valid, non-overlapping spans: leftmost first, then longest (others dropped).

    Spans outside ``[0, text_length]`` or empty are dropped with a log message.
    """
    if spans.empty:
        return spans.copy()
    valid = (spans["start"] >= 0) & (spans["end"] <= text_length) & (spans["start"] < spans["end"])
    if not valid.all():
        log.warning("dropping %d span(s) outside the text", int((~valid).sum()))
    ordered = spans[valid].assign(_len=spans["end"] - spans["start"])
    ordered = ordered.sort_values(["start", "_len"], ascending=[True, False], kind="stable")
    keep, last_end = [], -1
    for index, start, end in zip(ordered.index, ordered["start"], ordered["end"], strict=True):
        if start >= last_end:
            keep.append(index)
            last_end = end
    return ordered.loc[keep].drop(columns="_len")


def _merge_regions(regions: Iterable[tuple[int, int]], text_length: int) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted((max(0, int(s)), min(text_length, int(e))) for s, e in regions):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _flag(value: object) -> bool:
    """True only for a real true value (missing values such as pd.NA count as False)."""
    try:
        return bool(value) if value is not None and value == value else False
    except TypeError:  # pd.NA refuses bool()
        return False


def _tooltip(row: pd.Series, quoted: bool) -> str:
    parts = [str(row.get("category", "")).replace("_", " ")]
    term = row.get("term")
    if isinstance(term, str) and term:
        parts[0] += f": {term}"
    explanation = row.get("explanation")
    if isinstance(explanation, str) and explanation:
        parts.append(explanation)
    voice = "inside a quotation" if quoted else "author's voice"
    if _flag(row.get("negated")):
        voice += ", negated"
    also = row.get("also")
    tail = f"; {also}" if isinstance(also, str) and also else ""
    return " — ".join(parts) + f" ({voice}){tail}"


def highlight_html(
    text: str,
    spans: pd.DataFrame,
    *,
    quotes: Iterable[tuple[int, int]] = (),
    colors: dict[str, str] | None = None,
    legend: bool = True,
    text_style: str = TEXT_STYLE,
    fold: bool = False,
) -> str:
    """Return ``text`` as escaped HTML with ``spans`` highlighted by ``category``.

    ``spans`` needs ``start``, ``end`` (offsets into ``text``) and ``category``; optional
    ``term``, ``explanation``, ``quoted`` and ``negated`` feed the tooltip and the style.
    ``quotes`` are character ranges of quotations (italic); a span inside one is drawn as
    quoted even when its ``quoted`` flag is missing. Overlapping spans: the leftmost, then the
    longest, wins.

    >>> import pandas as pd
    >>> spans = pd.DataFrame({"start": [4], "end": [13], "category": ["war_naming"]})
    >>> "proxy war" in highlight_html("The proxy war <b>", spans, legend=False)
    True
    """
    text = "" if text is None else str(text)
    missing = [c for c in SPAN_COLUMNS if c not in spans.columns]
    if missing:
        raise SchemaError(f"highlight spans lack column(s) {missing}; got {list(spans.columns)}")
    spans = resolve_overlaps(fold_labels(spans) if fold else spans, len(text))
    colors = colors or highlight_colors(spans["category"].astype(str))
    regions = _merge_regions(quotes, len(text))

    def in_quote(position: int) -> bool:
        return any(s <= position < e for s, e in regions)

    # Cut points: span edges and quotation edges; pieces between them are escaped.
    cuts = {0, len(text)}
    for s, e in regions:
        cuts.update((s, e))
    records: list[Any] = list(spans.itertuples(index=False))  # namedtuples, one per span
    starts = {int(r.start): r for r in records}
    ends = {int(r.end) for r in records}
    cuts.update(starts)
    cuts.update(ends)
    points = sorted(cuts)

    out: list[str] = [f'<div class="framing-article" style="{text_style}">']
    open_span = False
    open_quote = False
    span_end = -1
    for left, right in zip(points, points[1:], strict=False):
        quoted_here = in_quote(left)
        if open_span and left >= span_end:
            out.append("</span>")
            open_span = False
        if quoted_here != open_quote and not open_span:
            out.append("</span>" if open_quote else f'<span class="quote" style="{QUOTE_STYLE}">')
            open_quote = quoted_here
        if left in starts and not open_span:
            row = pd.Series(starts[left]._asdict())
            quoted = _flag(row.get("quoted")) or quoted_here
            color = colors.get(str(row["category"])) or category_color(str(row["category"]))
            style = _quoted_style(color) if quoted else _author_style(color)
            css_class = "hl hl-quoted" if quoted else "hl hl-author"
            out.append(
                f'<span class="{css_class}" data-category="{html.escape(str(row["category"]))}"'
                f' title="{html.escape(_tooltip(row, quoted))}" style="{style}">'
            )
            open_span = True
            span_end = int(row["end"])
        out.append(html.escape(text[left:right]))
    if open_span:
        out.append("</span>")
    if open_quote:
        out.append("</span>")
    out.append("</div>")
    body = "".join(out)
    return (legend_html(colors) + body) if legend else body


def fold_labels(spans: pd.DataFrame) -> pd.DataFrame:
    """Return ``spans`` with competing labels folded into the loaded terms they overlap.

    Without a ``kind`` column ``spans`` is returned as it is. Labels (``kind == "label"``,
    ``category`` = label set, ``term`` = label) that overlap a loaded term are dropped and
    named in that term's ``also`` text; the others become category :data:`LABEL`.
    """
    if "kind" not in spans.columns or spans.empty:
        return spans
    spans = spans.reset_index(drop=True)
    is_label = spans["kind"].astype(str) == "label"
    labels, loaded = spans[is_label], spans[~is_label].copy()
    loaded["also"] = ""
    keep = []
    for index, label in labels.iterrows():
        overlapping = loaded.index[
            (loaded["start"] < label["end"]) & (loaded["end"] > label["start"])
        ]
        note = f"also a competing label: {label.get('term')} (set: {label['category']})"
        if len(overlapping):
            loaded.loc[overlapping, "also"] = note
        else:
            keep.append(index)
    rest = spans.loc[keep].copy()
    rest["explanation"] = (
        "a competing label (set: "
        + rest["category"].astype(str)
        + "): one of several words that name the same thing; the choice frames it"
    )
    rest["category"] = LABEL
    return pd.concat([loaded, rest]).sort_values("start", kind="stable")


def highlight_colors(categories: pd.Series | list[str]) -> dict[str, str]:
    """Return category -> its fixed colour (a competing label: the label colour)."""
    return {
        name: kind_color("label") if name == LABEL else category_color(name)
        for name in dict.fromkeys(str(c) for c in categories)
    }


def _voice_legend() -> str:
    return (
        '<div style="display:flex;flex-wrap:wrap;gap:0.25em 1em;font-size:13px">'
        f'<b>Voice:</b><span><span style="{_author_style("#999999")}">author</span>'
        " = author&#x27;s voice</span>"
        f'<span><span style="{QUOTE_STYLE}"><span style="{_quoted_style("#999999")}">quoted'
        "</span></span> = inside a quotation (italic)</span>"
        "<span>hover a highlight for its explanation</span></div>"
    )


def legend_html(colors: dict[str, str]) -> str:
    """Return an escaped HTML legend that wraps: the categories shown, then the two voices."""
    categories = (
        palette_legend(colors, title="Categories:")
        if colors
        else '<div class="framing-legend"><b>Categories:</b> no highlighted terms</div>'
    )
    return f'<div style="margin:0.5em 0 1em 0">{categories}{_voice_legend()}</div>'


HEADLINE_STYLE = (
    "white-space:pre-wrap;line-height:1.4;font-family:Georgia,serif;font-size:24px;"
    "font-weight:bold;max-width:40em;margin:0.3em 0"
)


def headline_spans(title: str) -> pd.DataFrame:
    """Return the loaded terms and competing labels in a headline, found by the lexicon
    matchers (columns start, end, kind, category, term, explanation, quoted, negated)."""
    from framing.features.competing_labels import find_labels
    from framing.features.loaded_terms import find_terms

    columns = ["start", "end", "kind", "category", "term", "explanation", "quoted", "negated"]
    terms = find_terms(title).assign(kind="loaded")
    labels = find_labels(title).rename(columns={"label_set": "category", "label": "term"})
    labels = labels.assign(
        kind="label", explanation=pd.Series(pd.NA, index=labels.index, dtype="string")
    )
    frames = [f.reindex(columns=columns) for f in (terms, labels) if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def headline_html(title: str, spans: pd.DataFrame | None = None) -> str:
    """Return the headline as escaped HTML with its loaded terms and labels highlighted.

    ``spans`` are offsets into ``title`` (e.g. the spans table's rows with ``field ==
    "title"``); without them the lexicon matchers run on the title.

    >>> "<mark" not in headline_html("Unprovoked <b>war</b>")
    True
    """
    title = "" if title is None else str(title)
    spans = headline_spans(title) if spans is None else spans
    return highlight_html(title, spans, legend=False, text_style=HEADLINE_STYLE, fold=True).replace(
        'class="framing-article"', 'class="framing-headline"', 1
    )
