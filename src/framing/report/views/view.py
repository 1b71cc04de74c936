"""The :class:`View` every report view returns: named tables and notes on what is missing."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from IPython.display import Markdown

#: What a view holds under a name: a table, or a Series (one value per label).
Table = pd.DataFrame | pd.Series


@dataclass
class View:
    """Tables for one report (``tables[name]``) and notes about what is missing."""

    tables: dict[str, Table] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    html: str = ""
    headline: str = ""

    def __getitem__(self, name: str) -> Table:
        return self.tables[name]

    def has(self, name: str) -> bool:
        """Return True when table ``name`` exists and is not empty."""
        value = self.tables.get(name)
        return value is not None and len(value) > 0

    def notes_markdown(self) -> Markdown | None:
        """Return the notes as IPython Markdown (None when there is nothing to say)."""
        if not self.notes:
            return None
        text = "\n".join(f"- {note}" for note in self.notes)
        return Markdown("**What this report could not show:**\n\n" + _md_escape(text))


def missing_label(values: pd.Series, column: str) -> str:
    """Return how articles without a ``column`` value are labelled: ``(no <column>)``, with
    more brackets until no real value has that name (a group can be called anything).

    >>> missing_label(pd.Series(["(no source)", "BBC"]), "source")
    '[(no source)]'
    """
    taken = set(values.dropna().astype(str))
    label = f"(no {column})"
    while label in taken:
        label = f"[{label}]"
    return label


def group_values(values: pd.Series, column: str) -> tuple[pd.Series, str]:
    """Return ``(values as strings with missing ones labelled, that label)``: a real value
    never merges with the missing ones (see :func:`missing_label`)."""
    label = missing_label(values, column)
    return values.astype("string").fillna(label), label


def _md_escape(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")
