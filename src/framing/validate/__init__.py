"""Scoring every measure against human judgement: one runner, one record per measure.

Each measure is a module here exposing ``run(data_root, *, seed=0) -> Measure``;
:func:`run_all` runs them all on a folder laid out like ``eval/`` and writes
``validity.json`` and ``validity.html``; :func:`validity_cards` and :func:`readme_markdown`
turn the JSON into the report's cards and the README's table.
"""

from framing.validate.cards import readme_markdown, validity_cards
from framing.validate.measure import Figure, Measure, bootstrap_interval
from framing.validate.runner import MEASURES, published_validity, read_validity, run_all

__all__ = [
    "MEASURES",
    "Figure",
    "Measure",
    "bootstrap_interval",
    "published_validity",
    "read_validity",
    "readme_markdown",
    "run_all",
    "validity_cards",
]
