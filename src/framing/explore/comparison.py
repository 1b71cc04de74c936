"""The display of :func:`framing.compare`: features as rows, grouped as in the codebook.

A comparison of 56 features over a few groups is unreadable as one wide row per group (the
middle columns are hidden); transposed, with the codebook's groups and units, it reads top
to bottom. ``.table`` keeps the full wide DataFrame for analysis.

>>> from framing import compare                                 # doctest: +SKIP
>>> view = compare("source")                                    # doctest: +SKIP
>>> view.table.loc["BBC", "loaded_per_1k"]                      # doctest: +SKIP
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from framing.explore.display import NOTE_STYLE, TABLE_STYLE
from framing.features.codebook import codebook

#: The group of features the codebook does not list (e.g. a user's own columns).
OTHER_GROUP = "other"
#: The first row of the view: the size of each group.
SIZE_ROW = "n_articles"


def format_value(value: Any) -> str:
    """Return a number rounded for reading: integers whole, others to 3 significant places."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, int | bool) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}"
    if isinstance(value, float):
        magnitude = abs(value)
        digits = 1 if magnitude >= 100 else 2 if magnitude >= 1 else 3
        return f"{value:,.{digits}f}"
    return str(value)


@dataclass(frozen=True, eq=False)
class Comparison:
    """Feature statistics per group: shows transposed and grouped; ``.table`` is the data."""

    table: pd.DataFrame
    group_by: str = "source"
    stat: str = "mean"

    def __getitem__(self, key: Any) -> Any:
        """Index the full table (``comparison["loaded_per_1k"]``), as with a DataFrame."""
        return self.table[key]

    def __len__(self) -> int:
        return len(self.table)

    def transposed(self) -> pd.DataFrame:
        """Return features as rows (index: codebook ``group``, ``feature``), one column per
        group, then ``unit`` and ``measures`` from :func:`framing.codebook`."""
        book = {str(row["name"]): row for row in codebook().to_dict(orient="records")}
        size = {"group": "size", "unit": "articles", "measures": f"articles per {self.group_by}"}
        order = {name: i for i, name in enumerate(book)}
        features = sorted(
            (str(c) for c in self.table.columns if c != SIZE_ROW),
            key=lambda name: order.get(name, len(order)),
        )
        rows = [SIZE_ROW, *features] if SIZE_ROW in self.table.columns else features
        about = [size if n == SIZE_ROW else book.get(n, {}) for n in rows]
        values = self.table[rows].T
        values.columns = pd.Index([str(c) for c in values.columns], name=self.group_by)
        values["unit"] = [str(a.get("unit") or "") for a in about]
        values["measures"] = [str(a.get("measures") or "") for a in about]
        groups = [str(a.get("group") or OTHER_GROUP) for a in about]
        values.index = pd.MultiIndex.from_arrays([groups, rows], names=["group", "feature"])
        return values

    def _caption(self) -> str:
        return (
            f"{self.stat} of {len(self.table.columns) - 1} features by {self.group_by} "
            f"({len(self.table)} groups); .table is the full DataFrame"
        )

    def _repr_html_(self) -> str:
        view = self.transposed()
        names = [c for c in view.columns if c not in ("unit", "measures")]
        head = "".join(f"<th>{html.escape(c)}</th>" for c in ["feature", *names, "unit"])
        body: list[str] = []
        current = None
        for key, row in view.iterrows():
            group, feature = str(key[0]), str(key[1])  # type: ignore[index]  # a MultiIndex key
            if group != current:
                current = group
                body.append(
                    f'<tr class="framing-group"><th colspan="{len(names) + 2}" '
                    f'style="text-align:left;background:#F2F2F2">{html.escape(str(group))}</th></tr>'
                )
            cells = "".join(
                f'<td style="text-align:right">{html.escape(format_value(row[n]))}</td>'
                for n in names
            )
            measures = html.escape(str(row["measures"]))
            body.append(
                f'<tr><td title="{measures}">{html.escape(str(feature))}</td>'
                f'{cells}<td style="color:#555555">{html.escape(str(row["unit"]))}</td></tr>'
            )
        return (
            f'<div class="framing-comparison" style="{TABLE_STYLE}">'
            f'<div style="{NOTE_STYLE}">{html.escape(self._caption())}; hover a feature for '
            f"what it measures (framing.codebook())</div>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        )

    def __repr__(self) -> str:
        view = self.transposed().drop(columns="measures")
        shown = view.map(format_value) if hasattr(view, "map") else view
        shown["unit"] = view["unit"]
        with pd.option_context("display.max_rows", None, "display.width", 200):
            return f"{self._caption()}\n{shown.to_string()}"
