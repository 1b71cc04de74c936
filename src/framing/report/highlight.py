"""Article text → escaped HTML with framing spans highlighted by category.

Design: the text is cut at every span and quotation boundary, each piece is escaped with
:func:`html.escape`, and only our own ``<span>`` tags are added, so nothing from an article
can ever become markup. Author-voice hits get a solid colour background; hits inside a
quotation get a dashed underline in the same colour and no fill, and quotations themselves
are set in italics, so "who says it" is visible at a glance. Every hit carries a ``title``
tooltip with its category, term and explanation. Styles are inline (no stylesheet needed,
the report stays self-contained).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable
from typing import Any

import pandas as pd

from framing.errors import SchemaError
from framing.report.plots import PALETTE, category_colors

log = logging.getLogger(__name__)

SPAN_COLUMNS = ("start", "end", "category")
OTHER = "other categories"
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
    parts = [str(row.get("category", ""))]
    term = row.get("term")
    if isinstance(term, str) and term:
        parts[0] += f": {term}"
    explanation = row.get("explanation")
    if isinstance(explanation, str) and explanation:
        parts.append(explanation)
    voice = "inside a quotation" if quoted else "author's voice"
    if _flag(row.get("negated")):
        voice += ", negated"
    return " — ".join(parts) + f" ({voice})"


def highlight_html(
    text: str,
    spans: pd.DataFrame,
    *,
    quotes: Iterable[tuple[int, int]] = (),
    colors: dict[str, str] | None = None,
    legend: bool = True,
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
    spans = resolve_overlaps(spans, len(text))
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

    out: list[str] = [f'<div class="framing-article" style="{TEXT_STYLE}">']
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
            color = colors.get(str(row["category"]), "#999999")
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


def highlight_colors(categories: pd.Series, *, other: str = OTHER) -> dict[str, str]:
    """Return category → colour for one text: the most frequent categories get the palette's
    distinct colours; when there are more categories than colours, the rarest share grey
    under ``other`` (the tooltip still names each one), so no two legend entries share a hue.
    """
    counts = categories.value_counts()
    ranked = sorted(counts.index, key=lambda c: (-counts[c], c))
    distinct = len(PALETTE) - 1  # the last palette colour (grey) is kept for "other"
    if len(ranked) <= distinct + 1:
        return category_colors(ranked)
    colors = category_colors(ranked[:distinct])
    colors.update({name: PALETTE[-1] for name in ranked[distinct:]})
    return colors


def _legend_entries(colors: dict[str, str]) -> dict[str, str]:
    """Merge categories sharing the 'other' grey into one legend entry."""
    grey = [name for name, color in colors.items() if color == PALETTE[-1]]
    if len(grey) < 2:
        return colors
    entries = {name: color for name, color in colors.items() if color != PALETTE[-1]}
    entries[f"{OTHER} ({', '.join(n.replace('_', ' ') for n in sorted(grey))})"] = PALETTE[-1]
    return entries


def legend_html(colors: dict[str, str]) -> str:
    """Return an escaped HTML legend: one swatch per category plus the two voice styles."""
    items = [
        f'<span style="margin-right:1em;white-space:nowrap"><span style="{_author_style(color)}">'
        f"&nbsp;&nbsp;&nbsp;</span> {html.escape(name.replace('_', ' '))}</span>"
        for name, color in _legend_entries(colors).items()
    ]
    voices = (
        f'<span style="margin-right:1em"><span style="{_author_style("#999999")}">author'
        "</span> = author&#x27;s voice</span>"
        f'<span style="margin-right:1em"><span style="{QUOTE_STYLE}"><span style="'
        f'{_quoted_style("#999999")}">quoted</span></span> = inside a quotation (italic)</span>'
        "<span>hover a highlight for its explanation</span>"
    )
    return (
        '<div class="framing-legend" style="margin:0.5em 0 1em 0;font-size:13px">'
        f"<div><b>Categories:</b> {''.join(items) or 'no highlighted terms'}</div>"
        f"<div><b>Voice:</b> {voices}</div></div>"
    )
