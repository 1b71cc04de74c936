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

import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import yaml

from framing.errors import LexiconError, ParameterError
from framing.features.phrase_matcher import PhraseMatcher, normalize_pattern

if TYPE_CHECKING:
    from framing.features.lexicon import Lexicon

#: Clause boundaries inside a sentence: semicolons/colons and contrastive or temporal
#: conjunctions that usually start a new clause with its own subject.
CLAUSE_BREAK = re.compile(
    r"\s*[;:]\s+|\s*,?\s+(?=(?:while|whereas|but|although|though|however|yet|"
    r"after|before|as|because|since|and then)\b)",
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
#: Where the second token of a hit starts (for the case-check fallback).
_NEXT_TOKEN = re.compile(r"\w[\W_]+(?=\w)")
ACTOR_SENTIMENT_COLUMNS = [
    "article_id",
    "actor",
    "mentions",
    "n_sentences",
    "first_position",
    "sentiment_mean",
    "share_negative",
]


@dataclass(frozen=True)
class Actor:
    """An actor: display ``name``, case-insensitive ``aliases``, case-sensitive ``exact``."""

    name: str
    aliases: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()


@dataclass(frozen=True)
class Actors:
    """A validated actor list with its compiled matchers (build it with :func:`load_actors`)."""

    actors: tuple[Actor, ...]
    sources: tuple[str, ...] = field(default=())

    @property
    def names(self) -> list[str]:
        """Actor names in file order."""
        return [actor.name for actor in self.actors]

    @cached_property
    def _matcher(self) -> tuple[PhraseMatcher, list[tuple[str | None, dict[str, str]]]]:
        """One automaton over every alias (lower-cased), and per phrase who owns it.

        Each payload indexes ``(actor if matched case-insensitively, {exact surface: actor})``.
        """
        index: dict[str, int] = {}
        owners: list[tuple[str | None, dict[str, str]]] = []
        for actor in self.actors:
            for alias, exact in [(a, False) for a in actor.aliases] + [
                (a, True) for a in actor.exact
            ]:
                key = normalize_pattern(alias)
                if key not in index:
                    index[key] = len(owners)
                    owners.append((None, {}))
                any_case, surfaces = owners[index[key]]
                if exact:
                    surfaces.setdefault(_normalize_space(alias), actor.name)
                elif any_case is None:
                    owners[index[key]] = (actor.name, surfaces)
        return PhraseMatcher(index), owners

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """Return sorted, non-overlapping ``(start, end, actor)``; longest match wins.

        One Aho–Corasick pass (:class:`~framing.features.phrase_matcher.PhraseMatcher`: whole
        tokens, tolerant of line breaks and hyphens); ``exact`` names must then match in case.
        """
        matcher, owners = self._matcher
        out: list[tuple[int, int, str]] = []
        for start, end, payload in matcher.match(text):
            out.extend(self._accept(text, start, end, payload))
        return out

    def _accept(self, text: str, start: int, end: int, payload: int) -> list[tuple[int, int, str]]:
        """Check a hit's case; a rejected "The West" falls back to the names inside it."""
        matcher, owners = self._matcher
        any_case, surfaces = owners[payload]
        actor = any_case or surfaces.get(_normalize_space(text[start:end]))
        if actor is not None:
            return [(start, end, actor)]
        rest = _NEXT_TOKEN.search(text, start, end)
        if rest is None:
            return []
        inner = text[rest.end() : end]
        found = []
        for s, e, p in matcher.match(inner):
            found.extend(self._accept(text, rest.end() + s, rest.end() + e, p))
        return found


def _normalize_space(text: str) -> str:
    return " ".join(text.split())


def _node_error(source: str, node: yaml.Node, what: str) -> LexiconError:
    return LexiconError(f"{source}, line {node.start_mark.line + 1}: {what}")


def _string_list(source: str, node: yaml.Node, field_name: str, actor: str) -> tuple[str, ...]:
    items = node.value if isinstance(node, yaml.SequenceNode) else None
    if items is None:
        raise _node_error(
            source, node, f"actor '{actor}', field '{field_name}': expected a list of names"
        )
    out = []
    for item in items:
        if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
            raise _node_error(
                source, item, f"actor '{actor}', field '{field_name}': empty or non-text name"
            )
        out.append(_normalize_space(str(item.value)))
    return tuple(out)


def _parse_actors(text: str, source: str) -> list[Actor]:
    """Parse and validate one actors YAML document; errors name file, line and field."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        raise LexiconError(f"{source}{line}: not valid YAML ({exc})") from exc
    if not isinstance(root, yaml.MappingNode):
        raise LexiconError(f"{source}: expected a mapping with an 'actors' list")
    top = {key.value: value for key, value in root.value}
    entries = top.get("actors")
    if not isinstance(entries, yaml.SequenceNode):
        raise _node_error(source, entries or root, "field 'actors': expected a list of actors")
    actors, seen = [], set()
    for entry in entries.value:
        if not isinstance(entry, yaml.MappingNode):
            raise _node_error(source, entry, "each actor must be a mapping with 'name'")
        fields = {key.value: value for key, value in entry.value}
        unknown = sorted(set(fields) - {"name", "aliases", "exact", "note"})
        if unknown:
            raise _node_error(source, entry, f"unknown field(s) {unknown}")
        name_node = fields.get("name")
        if not isinstance(name_node, yaml.ScalarNode) or not str(name_node.value).strip():
            raise _node_error(source, name_node or entry, "field 'name': missing or empty")
        name = _normalize_space(str(name_node.value))
        if name in seen:
            raise _node_error(source, name_node, f"field 'name': actor '{name}' is listed twice")
        seen.add(name)
        aliases = (
            _string_list(source, fields["aliases"], "aliases", name) if "aliases" in fields else ()
        )
        exact = _string_list(source, fields["exact"], "exact", name) if "exact" in fields else ()
        if not aliases and not exact:
            raise _node_error(source, entry, f"actor '{name}': needs 'aliases' or 'exact'")
        actors.append(Actor(name, aliases, exact))
    return actors


def _read(path: str | os.PathLike[str]) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: cannot read the actors file ({exc})") from exc


def load_actors(
    path: str | os.PathLike[str] | None = None,
    extra: str | os.PathLike[str] | None = None,
) -> Actors:
    """Return the actor list: the package's ``lexicons/actors.yml`` or ``path``, plus ``extra``.

    An actor in ``extra`` with a name already present adds its aliases to that actor; a new
    name adds an actor. Invalid files raise :class:`LexiconError` naming file, line and field.
    """
    if path is None:
        source = "framing/lexicons/actors.yml"
        text = resources.files("framing").joinpath("lexicons/actors.yml").read_text("utf-8")
    else:
        source, text = str(path), _read(path)
    merged: dict[str, Actor] = {a.name: a for a in _parse_actors(text, source)}
    sources = [source]
    if extra is not None:
        for actor in _parse_actors(_read(extra), str(extra)):
            old = merged.get(actor.name)
            if old is not None:
                actor = Actor(
                    actor.name,
                    tuple(dict.fromkeys(old.aliases + actor.aliases)),
                    tuple(dict.fromkeys(old.exact + actor.exact)),
                )
            merged[actor.name] = actor
        sources.append(str(extra))
    return Actors(tuple(merged.values()), tuple(sources))


_DEFAULT: list[Actors] = []


def _default_actors() -> Actors:
    if not _DEFAULT:
        _DEFAULT.append(load_actors())
    return _DEFAULT[0]


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
    for match in CLAUSE_BREAK.finditer(text):
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
