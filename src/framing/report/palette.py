"""The one visual language of every report, handout, widget and plot: fixed colours and legends.

A loaded-term category always has the same colour, whatever article, report or widget shows
it: colours follow the lexicon's category list (:data:`framing.features.lexicon.CATEGORIES`)
in its fixed order, never the categories one article happens to contain. The first seven take
the Okabe–Ito colours (Okabe & Ito 2008), the next seven Paul Tol's "muted" scheme; both are
designed to stay apart under the common colour-vision deficiencies. Fourteen hues cannot all
be told apart by hue alone, so every use also names the category (legend, hover text, axis).

Groups and topics (any number) take :func:`group_colors`; span kinds :func:`kind_color`;
lexicon sides :func:`side_color`. :func:`legend_html` draws a legend that wraps.

>>> category_color("war_naming")
'#F0E442'
>>> group_colors(["BBC", "RT"])
{'BBC': '#E69F00', 'RT': '#56B4E9'}
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Mapping, Sequence

from framing.features.lexicon import CATEGORIES, SIDES

#: Okabe–Ito colours without black (kept for text and reference lines) and grey (kept for
#: "other" and missing values).
OKABE_ITO: tuple[str, ...] = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
)
#: Paul Tol's "muted" colours not close to an Okabe–Ito one.
TOL_MUTED: tuple[str, ...] = (
    "#882255",  # wine
    "#332288",  # indigo
    "#44AA99",  # teal
    "#999933",  # olive
    "#CC6677",  # rose
    "#117733",  # green
    "#AA4499",  # purple
)
#: Every distinct colour, in the order categories and groups take them.
DISTINCT: tuple[str, ...] = OKABE_ITO + TOL_MUTED
#: Okabe–Ito plus grey: the palette plots used before this module (kept for old callers).
PALETTE: tuple[str, ...] = (*OKABE_ITO, "#999999")
INK = "#000000"
GREY = "#999999"
#: Marks cells and bars that rest on too few observations.
THIN_GREY = "#DDDDDD"
DIVERGING_CMAP = "RdBu"
SEQUENTIAL_CMAP = "cividis"

#: Category -> colour, fixed by the lexicon's category order.
CATEGORY_COLORS: dict[str, str] = {
    name: DISTINCT[i % len(DISTINCT)] for i, name in enumerate(CATEGORIES)
}
#: Span kind -> colour. A competing label is pale grey, so it never reads as a category.
KIND_COLORS: dict[str, str] = {
    "loaded": "#D55E00",
    "label": "#BBBBBB",
    "actor": "#009E73",
    "quote": "#777777",
    "stance": "#CC79A7",
    "frame": "#0072B2",
    "negation": "#332288",
    "headline": "#E69F00",
}
#: Lexicon side -> colour (``none``: grey).
SIDE_COLORS: dict[str, str] = {"pro_russia": "#D55E00", "pro_ukraine_west": "#0072B2", "none": GREY}


def _stable_pick(name: str, colors: Sequence[str]) -> str:
    """Return a colour for an unlisted name that is the same in every process and run."""
    digest = int(hashlib.sha1(name.encode("utf-8")).hexdigest()[:8], 16)
    return colors[digest % len(colors)]


def category_color(category: str) -> str:
    """Return the fixed colour of a loaded-term category (an unknown one: a stable pick).

    >>> category_color("euphemism")
    '#009E73'
    """
    name = str(category)
    return CATEGORY_COLORS.get(name) or _stable_pick(name, DISTINCT)


def category_colors(categories: Sequence[str] | None = None) -> dict[str, str]:
    """Return category -> fixed colour for ``categories`` (default: every lexicon category)."""
    names = list(CATEGORIES) if categories is None else [str(c) for c in categories]
    return {name: category_color(name) for name in dict.fromkeys(names) if name}


def kind_color(kind: str) -> str:
    """Return the colour of a span kind (loaded, label, actor, quote, stance, frame, ...).

    >>> kind_color("label")
    '#BBBBBB'
    """
    return KIND_COLORS.get(str(kind)) or _stable_pick(str(kind), DISTINCT)


def side_color(side: str) -> str:
    """Return the colour of a lexicon side (pro_russia, pro_ukraine_west, none)."""
    if str(side) in SIDES or str(side) in SIDE_COLORS:
        return SIDE_COLORS.get(str(side), GREY)
    return _stable_pick(str(side), DISTINCT)


def group_colors(names: Sequence[str]) -> dict[str, str]:
    """Return name -> colour for any number of groups or topics, in the given order.

    Up to 14 names take distinct colour-blind-safe hues (Okabe–Ito, then Tol muted); more
    take evenly spaced colours of the ``cividis`` map, which stays ordered by lightness under
    colour-vision deficiencies (plots past ~8 groups should use small multiples anyway).

    >>> len(set(group_colors([f"topic {i}" for i in range(20)]).values()))
    20
    """
    unique = list(dict.fromkeys(str(n) for n in names))
    if len(unique) <= len(DISTINCT):
        return {name: DISTINCT[i] for i, name in enumerate(unique)}
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cmap = colormaps[SEQUENTIAL_CMAP]
    last = len(unique) - 1
    return {name: to_hex(cmap(i / last)).upper() for i, name in enumerate(unique)}


def display_name(name: str) -> str:
    """Return a snake_case name in words ("war_naming" -> "war naming")."""
    return str(name).replace("_", " ")


def legend_html(items: Mapping[str, str], *, title: str = "") -> str:
    """Return an escaped HTML legend (name -> colour) that wraps and never clips.

    >>> "war naming" in legend_html({"war_naming": category_color("war_naming")})
    True
    """
    entries = "".join(
        f'<li data-category="{html.escape(name)}" style="display:inline-flex;align-items:center;'
        'gap:0.35em;max-width:100%;overflow-wrap:anywhere;margin:0">'
        '<span class="swatch" aria-hidden="true" style="flex:none;display:inline-block;width:1.1em;'
        f'height:0.9em;border-radius:2px;background:{html.escape(color)}"></span>'
        f"<span>{html.escape(display_name(name))}</span></li>"
        for name, color in items.items()
    )
    heading = f"<b>{html.escape(title)}</b> " if title else ""
    return (
        '<div class="framing-legend" style="font-size:13px;margin:0.4em 0;max-width:100%">'
        f"{heading}"
        '<ul style="display:flex;flex-wrap:wrap;gap:0.25em 1em;list-style:none;padding:0;'
        f'margin:0.2em 0">{entries}</ul></div>'
    )
