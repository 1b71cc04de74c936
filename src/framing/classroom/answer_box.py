"""The optional answer box of the exercise notebooks, with a draft file so Run All keeps it.

A widget's value lives in the browser: re-running the notebook re-creates the box empty and
the answer cell's list (``my_terms = []``) empty, so words typed into the box would be lost.
The box therefore writes what is typed to a small draft file beside the notebook
(``<exercise>__<article>.answers.txt``) on every change, and a new box reads it back and
adds its words to the answer list: the draft is the student's, the notebook stays as given.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framing.io import safe_name, write_text

if TYPE_CHECKING:
    import ipywidgets

log = logging.getLogger(__name__)

WIDGETS_MISSING = (
    "Interactive widgets are not available here: type your words into the list in the "
    "answer cell above instead."
)
DRAFT_SUFFIX = ".answers.txt"


def draft_path(exercise: str, article_id: str, folder: str | os.PathLike[str] = ".") -> Path:
    """Return where the answer box of ``exercise`` on ``article_id`` keeps its draft."""
    return Path(folder) / f"{safe_name(exercise)}__{safe_name(article_id)}{DRAFT_SUFFIX}"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in str(text).splitlines() if line.strip()]


def _read_draft(path: Path | None) -> list[str]:
    if path is None or not path.is_file():
        return []
    try:
        return _lines(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:  # a draft is a convenience, never fatal
        log.warning("answer draft %s not read: %s", path, error)
        return []


def answer_box(
    terms: list[str],
    *,
    draft: str | os.PathLike[str] | None = None,
    placeholder: str = "one word or phrase per line",
) -> ipywidgets.Textarea | str:
    """Return an optional text box that fills the list ``terms`` in place as the student
    types (one term per line), or a plain hint when ipywidgets is not installed.

    ``draft``: a text file the box saves to on every change and reads back when the cell
    runs again, so Run All never loses typed words (they are added to ``terms`` at once).
    The answer cell's plain list always works; the box only saves typing quotes and commas.
    """
    draft_file = None if draft is None else Path(draft)
    merged = list(dict.fromkeys([*map(str, terms), *_read_draft(draft_file)]))
    terms[:] = merged
    try:
        import ipywidgets
    except ImportError:
        return WIDGETS_MISSING
    box = ipywidgets.Textarea(
        value="\n".join(merged),
        placeholder=placeholder,
        layout=ipywidgets.Layout(width="100%", height="8em"),
    )
    box.add_class("framing-answer-box")

    def _update(change: dict[str, Any]) -> None:
        terms[:] = _lines(change["new"])
        if draft_file is not None:
            write_text("\n".join(terms) + "\n", draft_file)

    box.observe(_update, names="value")
    return box
