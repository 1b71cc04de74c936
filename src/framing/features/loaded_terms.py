"""Loaded terms in text: every lexicon hit with its offsets, voice and negation.

Matching runs the lexicon's :class:`~framing.features.phrase_matcher.PhraseMatcher` over the
text and maps every hit back to offsets in the original. A hit that is part of a hyphenated
compound ("anti-war"), or that an entry's sense guards rule out ("woke up", "sanctions
regime"), is dropped (:mod:`framing.features.sense_guards`). Each hit is marked ``quoted``
(inside a quotation: reported speech), ``negated`` ("not an unprovoked attack") and
``distanced`` (named to be rejected: "so-called", "alleged", scare quotes; see
:mod:`framing.features.distancing`). Its ``voice`` (:func:`voice_of`) is "distanced",
"quoted" or "author"; only author-voice hits that are not negated count as the author's
endorsement of a term.

>>> hits = find_terms("Putin called it a special military operation.")
>>> hits[["start", "end", "term", "category"]].values.tolist()
[[18, 44, 'special military operation', 'euphemism']]
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from framing.errors import InputError, ParameterError
from framing.features.distancing import Distancing, load_distancing
from framing.features.domains import out_of_domain
from framing.features.lexicon import GENERAL_DOMAIN, Lexicon, load_lexicon
from framing.features.negation import is_negated
from framing.features.quoted_regions import in_regions, quoted_regions

HIT_COLUMNS: tuple[str, ...] = (
    "start",
    "end",
    "text",
    "term",
    "category",
    "side",
    "valence",
    "explanation",
    "quoted",
    "negated",
    "distanced",
)
#: Voices of a hit, from :func:`voice_of`.
VOICES: tuple[str, ...] = ("author", "quoted", "distanced")


def voice_of(quoted: bool, distanced: bool) -> str:
    """Return a hit's voice: "distanced" before "quoted" before "author".

    >>> voice_of(True, False), voice_of(True, True), voice_of(False, False)
    ('quoted', 'distanced', 'author')
    """
    return "distanced" if distanced else "quoted" if quoted else "author"


def _empty_hits(extra_columns: Sequence[str] = ()) -> pd.DataFrame:
    columns = {c: pd.Series(dtype=_COLUMN_DTYPES[c]) for c in HIT_COLUMNS}
    for name in extra_columns:
        columns[name] = pd.Series(dtype="string")
    return pd.DataFrame(columns)


def hit_rows(
    text: str,
    lexicon: Lexicon,
    *,
    regions: Sequence[tuple[int, int]] | None = None,
    spans: list[tuple[int, int, int]] | None = None,
    distancing: Distancing | None = None,
    domain: str | None = None,
) -> list[tuple]:
    """Return :func:`find_terms`'s rows as tuples in ``HIT_COLUMNS`` order (the bulk path).

    ``regions`` is ``quoted_regions(text)`` and ``spans`` is ``lexicon.matcher.match(text)``
    when the caller already has them; ``distancing`` the cues (the packaged ones by default).
    With the article's ``domain``, a hit of an entry from another domain gets its category's
    general explanation and side "none" (:func:`framing.features.domains.out_of_domain`).
    """
    spans = lexicon.matcher.match(text) if spans is None else spans
    if not spans:
        return []
    if regions is None:
        regions = quoted_regions(text)
    distancing = distancing if distancing is not None else load_distancing()
    rows = []
    previous_start = 0
    for start, end, index in spans:
        term, category, side, valence, explanation = lexicon.row(index)
        if domain is not None and lexicon.domain(index) not in (GENERAL_DOMAIN, domain):
            side, explanation = "none", out_of_domain(category)
        rows.append(
            (
                start,
                end,
                text[start:end],
                term,
                category,
                side,
                valence,
                explanation,
                in_regions(start, regions),
                is_negated(text, start, end),
                distancing.cue(text, start, end, after=previous_start) is not None,
            )
        )
        previous_start = start
    return rows


_COLUMN_DTYPES: dict[str, Any] = {  # name -> pandas dtype
    "article_id": "string",
    "sentence_id": "int64",
    "start": "int64",
    "end": "int64",
    "text": "string",
    "term": "string",
    "category": "string",
    "side": "string",
    "valence": "float64",
    "explanation": "string",
    "quoted": "bool",
    "negated": "bool",
    "distanced": "bool",
    "left": "string",
    "right": "string",
}


def _frame(rows: list[tuple], columns: Sequence[str]) -> pd.DataFrame:
    """Build the hit table column by column (one typed array each: far faster than astype)."""
    values = list(zip(*rows, strict=True))
    return pd.DataFrame(
        {
            name: pd.array(list(column), dtype=_COLUMN_DTYPES[name])
            for name, column in zip(columns, values, strict=True)
        }
    )


def find_terms(
    text: str, lexicon: Lexicon | None = None, *, domain: str | None = None
) -> pd.DataFrame:
    """Return the loaded terms in ``text``: one row per hit, in text order.

    Columns: start, end (character offsets into ``text``), text (surface form), term
    (canonical), category, side, valence, explanation, quoted (inside quotation marks:
    reported speech, not the author's voice), negated ("not an unprovoked attack"),
    distanced (named to be rejected: "so-called", "alleged", scare quotes). ``domain`` is
    the article's domain (:func:`framing.features.domains.detect_domain`): an entry of
    another domain is explained by its category only, with side "none".

    >>> find_terms('Sachs denied it was “unprovoked.”')[["text", "quoted"]].values.tolist()
    [['unprovoked', True]]
    """
    if not isinstance(text, str):
        raise ParameterError(f"text must be a string, got {type(text).__name__}")
    lexicon = lexicon if lexicon is not None else load_lexicon()
    rows = hit_rows(text, lexicon, domain=domain)
    if not rows:
        return _empty_hits()
    return _frame(rows, HIT_COLUMNS)


def _kwic(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    left = " ".join(text[max(0, start - width) : start].split())
    right = " ".join(text[end : end + width].split())
    return left, right


def _article_texts(
    article_text: pd.DataFrame | pd.Series | Mapping[str, str] | None,
) -> dict[Any, str]:
    """Return article id -> text from the articles table, a Series or a mapping."""
    if article_text is None:
        return {}
    if isinstance(article_text, pd.DataFrame):
        missing = {"article_id", "text"} - set(article_text.columns)
        if missing:
            raise ParameterError(f"article_text lacks column(s) {sorted(missing)}")
        return dict(zip(article_text["article_id"], article_text["text"], strict=True))
    if isinstance(article_text, pd.Series):
        return article_text.to_dict()
    if isinstance(article_text, Mapping):
        return dict(article_text)
    raise ParameterError(
        "article_text must be the articles table, a Series or a dict of article_id -> text"
    )


def find_terms_in_sentences(
    sentences: pd.DataFrame,
    lexicon: Lexicon | None = None,
    *,
    article_text: pd.DataFrame | pd.Series | Mapping[str, str] | None = None,
    context: int = 40,
) -> pd.DataFrame:
    """Return every hit in a corpus with its article, sentence and KWIC context.

    ``sentences`` is the processed ``sentences`` table (article_id, sentence_id, start, end,
    text). Give ``article_text`` (the ``articles`` table or a mapping article_id -> text)
    so that matching runs on whole articles: quotations that span sentences are then seen
    whole. Without it each sentence is matched alone. Offsets (``start``, ``end``) are
    article-level; ``left``/``right`` hold up to ``context`` characters either side.
    """
    needed = {"article_id", "sentence_id", "start", "end", "text"}
    missing = needed - set(sentences.columns)
    if missing:
        raise ParameterError(f"sentences table lacks column(s) {sorted(missing)}")
    if context < 0:
        raise ParameterError(f"context must be 0 or more characters, got {context}")
    lexicon = lexicon if lexicon is not None else load_lexicon()
    columns = ["article_id", "sentence_id", *HIT_COLUMNS, "left", "right"]
    texts = _article_texts(article_text)
    rows: list[tuple] = []
    if len(sentences):
        ordered = sentences.sort_values(["article_id", "start"], kind="stable")
        for article_id, group in ordered.groupby("article_id", sort=False):
            starts = group["start"].to_numpy()
            ends = group["end"].to_numpy()
            sentence_ids = group["sentence_id"].to_numpy()
            if article_id in texts:
                full = texts[article_id]
                for hit in hit_rows(full, lexicon):
                    k = bisect.bisect_right(starts, hit[0]) - 1
                    if k < 0 or hit[0] >= ends[k]:
                        continue  # outside every sentence (e.g. text the segmenter dropped)
                    rows.append(
                        (
                            article_id,
                            int(sentence_ids[k]),
                            *hit,
                            *_kwic(full, hit[0], hit[1], context),
                        )
                    )
            else:
                if texts:
                    raise ParameterError(f"article_text has no text for article '{article_id}'")
                for offset, sentence_id, sentence in zip(
                    starts, sentence_ids, group["text"], strict=True
                ):
                    for hit in hit_rows(sentence, lexicon):
                        left, right = _kwic(sentence, hit[0], hit[1], context)
                        rows.append(
                            (
                                article_id,
                                int(sentence_id),
                                hit[0] + int(offset),
                                hit[1] + int(offset),
                                *hit[2:],
                                left,
                                right,
                            )
                        )
    if not rows:
        empty = _empty_hits()
        empty.insert(0, "sentence_id", pd.Series(dtype="int64"))
        empty.insert(0, "article_id", pd.Series(dtype="string"))
        empty["left"] = pd.Series(dtype="string")
        empty["right"] = pd.Series(dtype="string")
        return empty
    return _frame(rows, columns)


def lexicon_report(
    *,
    extra: str | os.PathLike[str] | None = None,
    mode: str = "merge",
    text_path: str | os.PathLike[str] | None = None,
) -> str:
    """Return a plain-text summary of a lexicon (validating it), and the hits in a text file.

    The summary gives version, sources and entries per category and side; with
    ``text_path`` it lists every hit (offsets, surface form, term, category, voice).
    """
    lexicon = load_lexicon(extra=extra, mode=mode) if extra is not None else load_lexicon()
    counts = pd.crosstab(lexicon.entries["category"], lexicon.entries["side"], margins=True)
    lines = [
        f"lexicon {lexicon.version}: {len(lexicon)} entries from {', '.join(lexicon.sources)}",
        "",
        counts.to_string(),
    ]
    if text_path is not None:
        try:
            text = Path(text_path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(str(text_path), f"cannot read as UTF-8 text ({error})") from error
        hits = find_terms(text, lexicon)
        voice = pd.Series(
            [voice_of(q, d) for q, d in zip(hits["quoted"], hits["distanced"], strict=True)],
            index=hits.index,
        )
        voice = voice.where(~hits["negated"], voice + ", negated")
        table = hits.assign(voice=voice)[["start", "end", "text", "term", "category", "voice"]]
        lines += ["", f"{len(hits)} hit(s) in {text_path}:"]
        lines.append(table.to_string(index=False) if len(hits) else "(none)")
    return "\n".join(lines)
