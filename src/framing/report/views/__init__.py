"""The tables each report notebook shows, computed in the library so notebooks stay thin.

Each view function takes the processed folder and the notebook's parameters and returns a
:class:`~framing.report.views.view.View`: named tables (DataFrames or Series) plus ``notes``
that say what is missing (e.g. "features not computed: run `framing features`"), so a report
renders with whatever steps have run. Article text never leaves here as HTML except through
:func:`framing.report.highlight.highlight_html`, which escapes it.

One module per report: :func:`overview_view`, :func:`article_view`, :func:`comparison_view`,
:func:`topics_view` and :func:`lexicon_audit`.
"""

from framing.report.formatting import (
    HtmlBlock,
    category_legend,
    show_table,
    validity_link,
)
from framing.report.views.article import article_view
from framing.report.views.comparison import comparison_view
from framing.report.views.lexicon_audit import lexicon_audit
from framing.report.views.overview import overview_view
from framing.report.views.topics import topics_view

__all__ = [
    "HtmlBlock",
    "article_view",
    "category_legend",
    "comparison_view",
    "lexicon_audit",
    "overview_view",
    "show_table",
    "topics_view",
    "validity_link",
]
