"""plots: one colour-blind-safe palette, figures with titles and axis labels in words."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.figure import Figure

from framing.errors import ParameterError
from framing.report import plots


def _labels(fig: Figure) -> list[tuple[str, str, str]]:
    return [(ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) for ax in fig.axes if ax.get_title()]


def test_category_colors_are_stable_and_from_okabe_ito():
    colors = plots.category_colors(["euphemism", "dehumanizing", "euphemism"])
    assert colors == {"dehumanizing": "#E69F00", "euphemism": "#56B4E9"}
    assert set(plots.PALETTE) >= set(colors.values())


def test_bar_chart_sorts_and_labels_in_words():
    fig = plots.bar_chart(
        pd.Series({"war": 2, "invasion": 5}),
        title="Label choices",
        xlabel="mentions",
        ylabel="label",
    )
    ax = fig.axes[0]
    assert _labels(fig) == [("Label choices", "mentions", "label")]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["war", "invasion"]  # top = largest
    assert [round(p.get_width()) for p in ax.patches] == [2, 5]


def test_labels_in_words_are_required():
    with pytest.raises(ParameterError, match="xlabel"):
        plots.bar_chart(pd.Series({"a": 1}), title="t", xlabel=" ", ylabel="y")


def test_heatmap_is_centred_on_zero_with_colorbar_label():
    table = pd.DataFrame({"Putin": [-0.5, 0.1], "NATO": [0.2, 0.4]}, index=["US", "BY"])
    fig = plots.heatmap(
        table,
        title="Sentiment toward actors",
        xlabel="actor",
        ylabel="country",
        colorbar_label="mean sentiment",
    )
    image = fig.axes[0].images[0]
    assert image.get_clim() == (-0.5, 0.5)
    assert image.get_cmap().name == "RdBu"
    assert fig.axes[1].get_ylabel() == "mean sentiment"
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["-0.50", "0.10", "0.20", "0.40"]


def test_keyness_chart_one_panel_per_group_with_top_terms_named():
    table = pd.DataFrame(
        {
            "group": ["US", "US", "BY", "BY"],
            "term": ["invasion", "aid", "special operation", "nazis"],
            "count_group": [10, 4, 8, 6],
            "count_rest": [1, 2, 0, 1],
            "zscore": [3.1, 1.2, 2.9, 2.2],
        }
    )
    fig = plots.keyness_chart(table, label_top=1)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["US vs the rest", "BY vs the rest"]
    assert [t.get_text() for t in fig.axes[0].texts] == ["invasion"]
    assert fig.axes[0].get_xscale() == "log"
    assert "z-score" in fig.axes[0].get_ylabel()


def test_keyness_chart_names_missing_columns():
    with pytest.raises(ParameterError, match="zscore"):
        plots.keyness_chart(pd.DataFrame({"group": ["a"], "term": ["war"]}))


def test_arc_and_empty_figure():
    fig = plots.arc([0, 1, 2, 3], [0.5, -0.4, -0.2, 0.1], title="Sentiment arc")
    assert fig.axes[0].get_ylim() == (-1.05, 1.05)
    assert "sentence" in fig.axes[0].get_xlabel()
    empty = plots.arc([], [], title="Sentiment arc")
    assert empty.axes[0].texts[0].get_text() == "no sentences"
