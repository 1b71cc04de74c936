"""Printable HTML handouts: article text with line numbers, questions and space to write.

One self-contained HTML file (CSS inlined from ``framing/templates/handout.css``) per
exercise × article or pair. Article text is wrapped to a fixed width so line numbers are the
same on screen and on paper, and every piece of article text is HTML-escaped.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from framing.errors import LexiconError, ParameterError
from framing.io import read_yaml

#: Characters per printed article line (fits A4 at 11 pt with the line-number gutter).
LINE_WIDTH = 80
RATING_SCALE = "\u22124 \u22123 \u22122 \u22121 0 +1 +2 +3 +4"


@dataclass(frozen=True)
class Exercise:
    """One classroom exercise as described in ``templates/classroom.yml``."""

    name: str
    title: str
    kind: str
    goals: tuple[str, ...]
    questions: tuple[dict[str, Any], ...]


@lru_cache(maxsize=1)
def load_exercises() -> dict[str, Exercise]:
    """Return the packaged exercises by name (``spot-the-loaded-term``, ...)."""
    source = resources.files("framing") / "templates" / "classroom.yml"
    data = read_yaml(str(source), text=source.read_text(encoding="utf-8"))
    exercises = {}
    for name, spec in data["exercises"].items():
        if spec.get("kind") not in ("single", "pair"):
            raise LexiconError(f"{source}: exercise {name!r} field 'kind' must be single or pair")
        exercises[name] = Exercise(
            name=name,
            title=spec["title"],
            kind=spec["kind"],
            goals=tuple(spec.get("goals", [])),
            questions=tuple(spec.get("questions", [])),
        )
    return exercises


def get_exercise(name: str) -> Exercise:
    """Return exercise ``name`` or raise :class:`ParameterError` listing the known ones."""
    exercises = load_exercises()
    if name not in exercises:
        raise ParameterError(f"unknown exercise {name!r}; choose one of {sorted(exercises)}")
    return exercises[name]


@lru_cache(maxsize=1)
def handout_css() -> str:
    """Return the packaged handout stylesheet."""
    return (resources.files("framing") / "templates" / "handout.css").read_text(encoding="utf-8")


_WORD = re.compile(r"\S+")


def line_spans(text: str, *, width: int = LINE_WIDTH) -> list[tuple[int, int] | None]:
    """Return the ``(start, end)`` offsets in ``text`` of each printed line, ``None`` for a gap
    between paragraphs (a paragraph is a non-blank input line).

    Words are packed greedily up to ``width`` characters; a longer word (a URL) is cut.
    Offsets let a hit's position be turned into the handout's line number.
    """
    spans: list[tuple[int, int] | None] = []
    for paragraph in re.finditer(r"[^\n]+", str(text)):
        words = [m.span() for m in _WORD.finditer(text, paragraph.start(), paragraph.end())]
        if not words:
            continue
        if spans:
            spans.append(None)
        line_start: int | None = None
        line_end = 0
        for start, end in words:
            while end - start > width:  # a word longer than a line: cut it into pieces
                if line_start is not None:
                    spans.append((line_start, line_end))
                    line_start = None
                spans.append((start, start + width))
                start += width
            if line_start is None:
                line_start, line_end = start, end
            elif end - line_start <= width:
                line_end = end
            else:
                spans.append((line_start, line_end))
                line_start, line_end = start, end
        if line_start is not None:
            spans.append((line_start, line_end))
    return spans


def numbered_lines(text: str, *, width: int = LINE_WIDTH) -> list[tuple[int | None, str]]:
    """Return ``(line_no, line)`` pairs of ``text`` wrapped to ``width``; ``None`` marks a
    paragraph gap. Numbering starts at 1 and skips gaps.

    >>> numbered_lines("One two.\\n\\nThree.", width=20)
    [(1, 'One two.'), (None, ''), (2, 'Three.')]
    """
    out: list[tuple[int | None, str]] = []
    number = 0
    for span in line_spans(text, width=width):
        if span is None:
            out.append((None, ""))
        else:
            number += 1
            out.append((number, text[span[0] : span[1]]))
    return out


def line_numbers(text: str, positions: Sequence[int], *, width: int = LINE_WIDTH) -> list[int]:
    """Return the handout line number (1-based) of each character offset in ``positions``.

    >>> line_numbers("One two three.\\nFour.", [0, 8, 15], width=8)
    [1, 2, 3]
    """
    starts = [span[0] for span in line_spans(text, width=width) if span is not None]
    return [max(1, bisect.bisect_right(starts, int(p))) for p in positions]


def _article_html(article: dict[str, Any], heading: str, *, width: int) -> str:
    title = html.escape(str(article.get("title") or "Untitled article"))
    bits = [f'<section class="article"><h3>{html.escape(heading)}{title}</h3>']
    source = " \u00b7 ".join(
        html.escape(str(article[k])) for k in ("source", "date") if article.get(k)
    )
    if source:
        bits.append(f'<p class="meta">{source}</p>')
    for number, line in numbered_lines(str(article.get("text") or ""), width=width):
        if number is None:
            bits.append('<div class="gap"></div>')
        else:
            bits.append(
                f'<div class="line"><span class="no">{number}</span>'
                f'<span class="tx">{html.escape(line)}</span></div>'
            )
    bits.append("</section>")
    return "\n".join(bits)


def _question_html(index: int, question: dict[str, Any], rate_sentences: Sequence[str]) -> str:
    bits = [f'<div class="question"><p>{index}. {html.escape(str(question["text"]))}</p>']
    if question.get("rate_sentences"):
        for number, sentence in enumerate(rate_sentences, start=1):
            bits.append(
                f'<div class="rate"><span class="sentence">S{number}. '
                f"{html.escape(sentence)}</span>"
                f'<span class="scale">{RATING_SCALE}</span></div>'
            )
    bits.extend('<div class="write"></div>' for _ in range(int(question.get("lines", 3))))
    bits.append("</div>")
    return "\n".join(bits)


def render_handout(
    exercise: str,
    articles: Sequence[dict[str, Any]],
    *,
    rate_sentences: Sequence[str] = (),
    width: int = LINE_WIDTH,
) -> str:
    """Return the printable HTML handout of ``exercise`` for one article (or two for a pair).

    ``articles`` are mappings with ``text`` and optionally ``title``, ``source``, ``date``
    and ``article_id`` (rows of the articles table). ``rate_sentences`` are the sentences
    printed with a rating scale (Feel the tone).
    """
    spec = get_exercise(exercise)
    needed = 2 if spec.kind == "pair" else 1
    if len(articles) != needed:
        raise ParameterError(
            f"exercise {exercise!r} needs {needed} article(s), got {len(articles)}"
        )
    headings = ["Article A: ", "Article B: "] if needed == 2 else [""]
    ids = ", ".join(html.escape(str(a.get("article_id", ""))) for a in articles)
    goals = "\n".join(f"<li>{html.escape(g)}</li>" for g in spec.goals)
    body = "\n".join(
        _article_html(article, heading, width=width)
        for article, heading in zip(articles, headings, strict=True)
    )
    questions = "\n".join(
        _question_html(i, q, rate_sentences) for i, q in enumerate(spec.questions, start=1)
    )
    title = html.escape(spec.title)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
{handout_css()}
</style>
</head>
<body>
<header class="handout">
<h1>{title}</h1>
<p class="meta">framing classroom handout \u00b7 article {ids}</p>
<p class="name-line">Name: <span></span> Date: <span></span></p>
</header>
<h2>What you will learn</h2>
<ul class="goals">
{goals}
</ul>
<h2>Read the article</h2>
{body}
<h2>Questions</h2>
{questions}
<footer class="handout">Line numbers let you point to a passage: "line 12" means the
line numbered 12 in the margin.</footer>
</body>
</html>
"""
