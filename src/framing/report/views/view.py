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


def _md_escape(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")
