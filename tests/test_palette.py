"""The one palette: fixed colours per category, side and kind; group colours; a wrapping legend."""

from __future__ import annotations

import re

import pytest

from framing.features.lexicon import CATEGORIES
from framing.report import palette


def test_every_lexicon_category_has_its_own_fixed_colour() -> None:
    colors = [palette.category_color(c) for c in CATEGORIES]
    assert len(set(colors)) == len(CATEGORIES) == 14
    assert palette.category_color("war_naming") == "#F0E442"
    assert palette.category_color("loaded_verb") == "#999933"


def test_a_category_keeps_its_colour_whatever_else_is_shown() -> None:
    alone = palette.category_colors(["loaded_verb"])
    with_others = palette.category_colors(["euphemism", "loaded_verb", "dehumanizing"])
    assert alone["loaded_verb"] == with_others["loaded_verb"] == "#999933"


def test_an_unknown_category_gets_the_same_colour_every_time() -> None:
    first = palette.category_color("custom_domain_category")
    assert first == palette.category_color("custom_domain_category")
    assert first in palette.DISTINCT


def test_kinds_and_sides() -> None:
    assert palette.kind_color("label") == "#BBBBBB"
    assert palette.kind_color("loaded") != palette.kind_color("actor")
    assert palette.side_color("pro_russia") == "#D55E00"
    assert palette.side_color("pro_ukraine_west") == "#0072B2"
    assert palette.side_color("none") == palette.GREY


@pytest.mark.parametrize("n", [1, 7, 10, 14, 15, 40])
def test_group_colours_are_distinct_for_any_number(n: int) -> None:
    names = [f"topic {i}" for i in range(n)]
    colors = palette.group_colors(names)
    assert list(colors) == names
    assert len(set(colors.values())) == n
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in colors.values())


def test_legend_wraps_and_escapes() -> None:
    legend = palette.legend_html({"<b>x</b>_y": "#E69F00", "war_naming": "#F0E442"}, title="Key")
    assert "flex-wrap:wrap" in legend
    assert "nowrap" not in legend
    assert "&lt;b&gt;x&lt;/b&gt; y" in legend
    assert "war naming" in legend
    assert "<b>Key</b>" in legend
