"""Feedback on a student's answer in full sentences: what they found, missed, and why the
tool did not count their other words.

A DataFrame cell is cut at 50 characters in a notebook; feedback is meant to be read whole,
so :class:`Feedback` shows each point as a sentence (HTML-escaped list in JupyterLab, plain
lines in a terminal).

>>> result = score_answers(["regime"], hits, lexicon=lexicon)   # doctest: +SKIP
>>> feedback(result)                                            # doctest: +SKIP
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from framing.features.lexicon import CATEGORIES

if TYPE_CHECKING:  # pragma: no cover
    from framing.classroom.scoring import ScoreResult

NO_WORDS = (
    "You have not listed any words yet: type them into the answer cell or the box, then run "
    "the cells again. Until then, every loaded word counts as missed."
)
SECTIONS = (
    ("found", "Words you found that the tool counts too"),
    ("missed", "Loaded words you missed"),
    ("other", "Your other words"),
)


def _quoted(word: Any) -> str:
    return f"\u201c{word}\u201d"


def _kind(category: Any) -> str:
    """Return "a war naming word (names the war ...)" for a lexicon category."""
    name = str(category or "").replace("_", " ")
    about = CATEGORIES.get(str(category or ""))
    if not name:
        return "a loaded word"
    article = "an" if name[0] in "aeiou" else "a"
    return f"{article} {name} word, one that {about}" if about else f"{article} {name} word"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _missed_sentence(row: dict[Any, Any]) -> str:
    lines = str(row.get("lines") or "")
    where = f" (line{'s' if ',' in lines else ''} {lines})" if lines else ""
    example = row.get("example") or row["term"]
    text = f"You missed {_quoted(example)}{where}: it is {_kind(row.get('category'))}"
    explanation = str(row.get("explanation") or "").strip()
    if explanation:
        text = f"{_sentence(text)} {explanation}"
    return _sentence(text)


@dataclass(frozen=True)
class Feedback:
    """Feedback sentences in three groups: ``found``, ``missed`` and ``other`` words, after
    a ``note`` when the student has listed no words yet."""

    found: tuple[str, ...]
    missed: tuple[str, ...]
    other: tuple[str, ...]
    note: str = ""

    def sentences(self) -> list[str]:
        """Return every sentence, found first, then missed, then the other words."""
        return [*self.found, *self.missed, *self.other]

    def _repr_html_(self) -> str:
        parts = ['<div class="framing-feedback" style="max-width:60em;white-space:normal">']
        if self.note:
            parts.append(f"<p><b>{html.escape(self.note)}</b></p>")
        for key, heading in SECTIONS:
            items = getattr(self, key)
            if not items:
                continue
            entries = "".join(f"<li>{html.escape(item)}</li>" for item in items)
            parts.append(f"<h4>{html.escape(heading)}</h4><ul>{entries}</ul>")
        parts.append("</div>")
        return "".join(parts)

    def __repr__(self) -> str:
        lines = [self.note] if self.note else []
        for key, heading in SECTIONS:
            items = getattr(self, key)
            if items:
                lines.append(f"{heading}:")
                lines.extend(f"- {item}" for item in items)
        return "\n".join(lines)


def feedback(result: ScoreResult) -> Feedback:
    """Return the feedback on a scored answer (:func:`framing.classroom.score_answers`)."""
    categories = (
        dict(zip(result.matches["term"], result.matches["category"], strict=True))
        if "category" in result.matches
        else {}
    )
    found = tuple(
        _sentence(
            f"You found {_quoted(row['student_term'])}: the tool counts it too, as "
            f"{_quoted(row['term'])}, {_kind(categories.get(row['term']))}"
        )
        for row in result.matches.to_dict(orient="records")
    )
    missed = tuple(_missed_sentence(row) for row in result.missed.to_dict(orient="records"))
    other = tuple(str(prompt) for prompt in result.extra["prompt"])
    return Feedback(
        found=found, missed=missed, other=other, note=NO_WORDS if not result.n_student else ""
    )
