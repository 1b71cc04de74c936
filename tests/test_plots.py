"""plots: one colour-blind-safe palette, figures with titles and axis labels in words."""

from __future__ import annotations

import base64

import pandas as pd
import pytest
from matplotlib.figure import Figure

from framing.errors import ParameterError
from framing.report import plots
from framing.report.exports import SVG_EXPORT


def _labels(fig: Figure) -> list[tuple[str, str, str]]:
    return [(ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) for ax in fig.axes if ax.get_title()]


def test_category_colors_are_fixed_by_the_lexicon_order():
    colors = plots.category_colors(["euphemism", "dehumanizing", "euphemism"])
    assert colors == {"euphemism": "#009E73", "dehumanizing": "#56B4E9"}
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
    assert titles == ["US vs BY", "BY vs US"]
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


def test_bars_show_n_and_grey_out_thin_ones_on_an_integer_axis():
    values = pd.Series({"RT": 3, "BBC": 2})
    fig = plots.bar_chart(
        values, title="Articles", xlabel="articles", ylabel="source", counts=True,
        n=pd.Series({"RT": 2, "BBC": 40}), min_n=5,
    )  # fmt: skip
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["n=40", "n=2 (few)"]  # bottom bar first: BBC, then RT on top
    rt = ax.patches[1]
    assert rt.get_hatch() == "//"
    assert all(float(t).is_integer() for t in ax.get_xticks())


def test_bar_interval_draws_error_bars():
    values = pd.Series({"a": 0.5})
    interval = pd.DataFrame({"low": [0.3], "high": [0.9]}, index=["a"])
    fig = plots.bar_chart(values, title="t", xlabel="x", ylabel="y", interval=interval)
    segments = fig.axes[0].collections[0].get_segments()
    assert [round(v, 2) for v in segments[0][:, 0]] == [0.3, 0.9]


def test_heatmap_greys_cells_resting_on_few_articles():
    table = pd.DataFrame({"Putin": [-0.5, 0.1]}, index=["US", "BY"])
    counts = pd.DataFrame({"Putin": [12, 1]}, index=["US", "BY"])
    fig = plots.heatmap(table, title="t", xlabel="x", ylabel="y", colorbar_label="c",
                        counts=counts, min_n=3)  # fmt: skip
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["-0.50", "0.10\nn=1 (few)"]


def test_many_columns_become_small_multiples_with_their_own_labels():
    table = pd.DataFrame({f"topic {i}": [float(i), 1.0] for i in range(10)}, index=["a", "b"])
    fig = plots.grouped_bars(table, title="Top terms", xlabel="weight", ylabel="term")
    assert len(fig.axes) == 10
    assert fig.axes[3].get_title() == "topic 3"
    assert len({p.get_facecolor() for ax in fig.axes for p in ax.patches}) == 10


def test_figure_display_carries_png_svg_and_its_export_name():
    fig = plots.bar_chart(pd.Series({"a": 1}), title="Loaded terms", xlabel="x", ylabel="y")
    data, meta = fig._repr_mimebundle_()
    assert meta["framing_export"] == {"kind": "figure", "name": "loaded-terms"}
    assert meta["image/png"] == {"alt": "Loaded terms"}
    assert data[SVG_EXPORT].lstrip().startswith("<?xml")
    assert base64.b64decode(data["image/png"])[:4] == b"\x89PNG"
    assert "text/html" not in data  # the page shows the PNG; the template adds the links
