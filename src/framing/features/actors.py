"""Actors (Russia, Ukraine, NATO, …): where an article names them and how it portrays them.

The actor list is data (``lexicons/actors.yml``): each actor has case-insensitive
``aliases`` and case-sensitive ``exact`` names ("US" but never the pronoun "us"). Matching
is one Aho–Corasick automaton over every alias (whole tokens, longest match first); a hit
on an ``exact`` name must then match in case.
Actor-targeted sentiment scores the clause that mentions an actor when a sentence names
several actors in different clauses ("Russia attacked while Ukraine defended"), else the
whole sentence.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from framing.errors import ParameterError
from framing.features.actor_list import Actors, load_actors

if TYPE_CHECKING:
    from framing.features.lexicon import Lexicon

#: Clause boundaries inside a sentence: semicolons/colons and contrastive or temporal
#: conjunctions that usually start a new clause with its own subject.
_CONJUNCTION = (
    r"(?=(?:while|whereas|but|although|though|however|yet|after|before|as|because|since|"
    r"and then)\b)"
)
CLAUSE_BREAK = re.compile(rf"\s*[;:]\s+|\s*,?\s+{_CONJUNCTION}", re.IGNORECASE)
#: The same matches as :data:`CLAUSE_BREAK`, written to start with one character class (each
#: case of its first character, told apart by a look-behind), which lets the regex engine
#: skip the positions where no break can start instead of trying both branches at each.
_CLAUSE_BREAK_SCAN = re.compile(
    rf"[\s;:,](?:(?<=\s)(?:\s*[;:]\s+|\s*,?\s+{_CONJUNCTION}|\s*{_CONJUNCTION})"
    rf"|(?<=[;:])\s+|(?<=,)\s+{_CONJUNCTION})",
    re.IGNORECASE,
)
#: A sentence can hold a CLAUSE_BREAK only if it has ";", ":" or one of these words (the
#: last word of each conjunction): a cheap test that spares most sentences the regex.
_CLAUSE_WORDS = frozenset(
    {
        "while",
        "whereas",
        "but",
        "although",
        "though",
        "however",
        "yet",
        "after",
        "before",
        "as",
        "because",
        "since",
        "then",
    }  # fmt: skip
)
_WORD = re.compile(r"\w+")
ACTOR_SENTIMENT_COLUMNS = [
    "article_id",
    "actor",
    "mentions",
    "n_sentences",
    "first_position",
    "sentiment_mean",
    "share_negative",
]


_DEFAULT: list[Actors] = []


def _default_actors() -> Actors:
    if not _DEFAULT:
        _DEFAULT.append(load_actors())
    return _DEFAULT[0]


def default_actors() -> Actors:
    """Return the package's actor list, read once per process (``load_actors()``)."""
    return _default_actors()


def find_actors(text: str, actors: Actors | None = None) -> pd.DataFrame:
    """Return actor mentions in ``text``: columns ``start``, ``end``, ``text``, ``actor``.

    >>> find_actors("Let us ask the US and Kyiv.")[["text", "actor"]].values.tolist()
    [['US', 'United States'], ['Kyiv', 'Ukraine']]
    """
    actors = actors or _default_actors()
    rows = [(s, e, text[s:e], a) for s, e, a in actors.matches(text)]
    return _spans_table(rows, ["start", "end", "text", "actor"])


def _spans_table(rows: list[tuple[int, int, str, str]], columns: list[str]) -> pd.DataFrame:
    """Build (start, end, text, label) rows into a table without a slow ``astype``."""
    data: dict[str, Any] = {
        columns[0]: np.asarray([r[0] for r in rows], dtype=np.int64),
        columns[1]: np.asarray([r[1] for r in rows], dtype=np.int64),
    }
    for i in (2, 3):
        data[columns[i]] = [r[i] for r in rows] if rows else pd.Series([], dtype="str")
    return pd.DataFrame(data, columns=columns)


def clauses(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of the clauses of a sentence (see :data:`CLAUSE_BREAK`)."""
    if (
        ";" not in text
        and ":" not in text
        and _CLAUSE_WORDS.isdisjoint(_WORD.findall(text.casefold()))
    ):
        return [(0, len(text))]
    return split_clauses(text)


def split_clauses(text: str) -> list[tuple[int, int]]:
    """Return :func:`clauses` without its prefilter: every :data:`CLAUSE_BREAK` is looked for."""
    out, start = [], 0
    for match in _CLAUSE_BREAK_SCAN.finditer(text):
        if match.start() > start:
            out.append((start, match.start()))
        start = match.end()
    if start < len(text):
        out.append((start, len(text)))
    return out or [(0, len(text))]


def _aligned_compound(sentences: pd.DataFrame, sentence_scores: pd.DataFrame) -> np.ndarray:
    if "compound" not in sentence_scores.columns:
        raise ParameterError("actor_sentiment: sentence_scores needs a 'compound' column")
    if len(sentence_scores) != len(sentences):
        raise ParameterError(
            f"actor_sentiment: sentence_scores has {len(sentence_scores)} rows but sentences "
            f"has {len(sentences)}; pass framing.features.sentiment.score(sentences['text'])"
        )
    return sentence_scores["compound"].to_numpy(dtype=float)


def actor_sentiment(
    sentences: pd.DataFrame,
    sentence_scores: pd.DataFrame,
    actors: Actors | None = None,
    *,
    unit: str = "clause",
    lexicon: Lexicon | None = None,
    override: bool = True,
    found: list[list[tuple[int, int, str]]] | None = None,
) -> pd.DataFrame:
    """Return per article × actor: mentions, first mention position and the sentiment around it.

    sentences : the corpus ``sentences`` table (``article_id``, ``text``; ``start``/``end``
        give exact positions, else sentence order is used).
    sentence_scores : :func:`framing.features.sentiment.score` of ``sentences["text"]``, same
        order.
    unit : ``"clause"`` scores, in a sentence naming several actors, only the clause(s) that
        name each one; ``"sentence"`` gives every actor the whole sentence's score.
    lexicon, override : passed to :func:`framing.features.sentiment.score` for clause scores.
    found : ``actors.matches`` of each sentence text, in order, when the caller already has
        them (:mod:`framing.features.chunk_tables` reuses them for its actor spans); computed
        when None.

    Columns: ``article_id``, ``actor``, ``mentions``, ``n_sentences`` (that mention it),
    ``first_position`` (0..1, relative offset of the first mention in the article),
    ``sentiment_mean`` (mean compound of those sentences or clauses) and ``share_negative``.
    """
    if unit not in ("clause", "sentence"):
        raise ParameterError(f"actor_sentiment(unit={unit!r}): use 'clause' or 'sentence'")
    missing = [c for c in ("article_id", "text") if c not in sentences.columns]
    if missing:
        raise ParameterError(f"actor_sentiment: sentences lacks column(s) {missing}")
    compound = _aligned_compound(sentences, sentence_scores)
    actors = actors or _default_actors()
    texts = sentences["text"].fillna("").astype(str).tolist()
    if found is None:
        found = [actors.matches(text) for text in texts]
    elif len(found) != len(texts):
        raise ParameterError(
            f"actor_sentiment: found has {len(found)} rows but sentences has {len(texts)}"
        )
    records, clause_texts = _mention_records(sentences, texts, found, unit)
    if not records:
        return pd.DataFrame(
            {c: pd.Series(dtype="float64") for c in ACTOR_SENTIMENT_COLUMNS}
        ).astype(
            {"article_id": "string", "actor": "string", "mentions": "int64", "n_sentences": "int64"}
        )
    clause_scores = np.empty(0, dtype=float)
    if clause_texts:
        from framing.features.sentiment import framed_compound

        clause_scores = np.asarray(
            framed_compound(clause_texts, lexicon=lexicon, override=override), dtype=float
        )
    return _per_article_actor(records, compound, clause_scores)


def _relative_positions(sentences: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, bool]:
    """Return each sentence's start, its article's length and whether these are offsets.

    With ``start``/``end`` columns they are character offsets; else sentence numbers.
    """
    if {"start", "end"} <= set(sentences.columns):
        starts = sentences["start"].to_numpy(dtype=float)
        lengths = sentences.groupby("article_id")["end"].transform("max").to_numpy(dtype=float)
        return starts, lengths, True
    starts = sentences.groupby("article_id").cumcount().to_numpy(dtype=float)
    lengths = sentences.groupby("article_id")["text"].transform("size").to_numpy(dtype=float)
    return starts, lengths, False


def _mention_records(
    sentences: pd.DataFrame,
    texts: list[str],
    found: list[list[tuple[int, int, str]]],
    unit: str,
) -> tuple[list[tuple[str, str, int, float, int, int]], list[str]]:
    """Return one record per sentence × actor it names, and the clause texts to score.

    A record is ``(article_id, actor, mentions, relative position, sentence row, clause)``:
    ``clause`` indexes the returned clause texts, or is -1 when the sentence's own score
    applies.
    """
    article_ids = sentences["article_id"].astype(str).tolist()
    starts, lengths, has_offsets = _relative_positions(sentences)
    records = []
    clause_texts: list[str] = []
    for i, text in enumerate(texts):
        if not found[i]:
            continue
        by_actor: dict[str, list[tuple[int, int]]] = {}
        for start, end, actor in found[i]:
            by_actor.setdefault(actor, []).append((start, end))
        spans = clauses(text) if unit == "clause" and len(by_actor) > 1 else []
        for actor, mentions in by_actor.items():
            first = mentions[0][0]
            position = (starts[i] + (first if has_offsets else 0)) / max(lengths[i], 1.0)
            targets = [(cs, ce) for cs, ce in spans if any(cs <= s < ce for s, _ in mentions)]
            if spans and 0 < len(targets) < len(spans):
                # Score only the clauses naming this actor, joined as one text.
                key = len(clause_texts)
                clause_texts.append(" ".join(text[cs:ce] for cs, ce in targets))
                records.append((article_ids[i], actor, len(mentions), position, i, key))
            else:
                records.append((article_ids[i], actor, len(mentions), position, i, -1))
    return records, clause_texts


def _per_article_actor(
    records: list[tuple[str, str, int, float, int, int]],
    compound: np.ndarray,
    clause_scores: np.ndarray,
) -> pd.DataFrame:
    """Aggregate the mention records per article and actor (see :func:`actor_sentiment`)."""
    df = pd.DataFrame(
        records, columns=["article_id", "actor", "mentions", "position", "row", "clause"]
    )
    df["sentiment"] = np.where(
        df["clause"] >= 0,
        clause_scores[df["clause"].clip(lower=0)] if len(clause_scores) else np.nan,
        compound[df["row"]],
    )
    df["negative"] = (df["sentiment"] <= -0.05).astype(float)
    grouped = df.groupby(["article_id", "actor"], sort=True)
    out = grouped.agg(
        mentions=("mentions", "sum"),
        n_sentences=("row", "nunique"),
        first_position=("position", "min"),
        sentiment_mean=("sentiment", "mean"),
        share_negative=("negative", "mean"),
    ).reset_index()
    out["first_position"] = out["first_position"].clip(0.0, 1.0)
    return out.astype({"article_id": "string", "actor": "string"})[ACTOR_SENTIMENT_COLUMNS]
