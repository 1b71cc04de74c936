"""Loaded-term lexicon: data model, loading and validation, and fast span matching.

The lexicon is data (``framing/lexicons/loaded_terms.yml``), extendable with a user's own
file. Matching uses one Aho–Corasick automaton over a normalized copy of the text
(lower-cased; typographic quotes, dashes, line breaks, soft hyphens and runs of spaces
unified), resolves overlaps leftmost-longest with a word-boundary check, and maps every hit
back to offsets in the original text. Each hit is marked ``quoted`` (inside a quotation:
reported speech) or author voice, and ``negated`` ("not an unprovoked attack").

>>> hits = find_terms("Putin called it a special military operation.")
>>> hits[["start", "end", "term", "category"]].values.tolist()
[[18, 44, 'special military operation', 'euphemism']]
"""

from __future__ import annotations

import bisect
import itertools
import logging
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick
import pandas as pd
import yaml

from framing.errors import LexiconError, ParameterError
from framing.features.negation import is_negated
from framing.features.quotes import in_regions, quoted_regions

logger = logging.getLogger(__name__)

#: Categories a loaded term can have (validated; a user file may not invent new ones).
CATEGORIES: dict[str, str] = {
    "delegitimizing_label": "names an actor so as to deny its legitimacy (regime, puppet, junta)",
    "dehumanizing": "describes people as animals, objects or vermin (orcs, hordes, infestation)",
    "euphemism": "softens violence or coercion (special military operation, neutralize)",
    "war_naming": "names the war or its cause in a way that takes a side (proxy war, unprovoked)",
    "emotional_intensifier": "adds emotion or drama beyond the facts (slaughtered, meat grinder)",
    "blame_causation": "assigns blame or cause (provocation, aggressor, warmonger)",
    "whataboutism_cue": "deflects by pointing at someone else's wrongs (double standards)",
    "atrocity_charge": "makes a grave legal or moral accusation (genocide, war crimes)",
    "discrediting": "calls statements lies or manipulation (propaganda, hoax, fake news)",
    "distancing": "signals doubt about a name or claim (so-called, self-proclaimed)",
    "loaded_verb": "reports speech or action with a judging verb (slammed, bragged, claimed)",
    "fear_appeal": "frames something as a looming danger (existential threat, invasion of)",
    "partisan_label": "political name-calling in domestic politics (radical left, far-right)",
    "glorifying": "praises one side beyond the facts (heroic defenders, freedom fighters)",
}
#: Whose narrative a term typically serves.
SIDES: tuple[str, ...] = ("pro_russia", "pro_ukraine_west", "none")
#: VADER's valence scale: the sentiment feature uses these values inside a term's span.
VALENCE_RANGE: tuple[float, float] = (-4.0, 4.0)
FIELDS: tuple[str, ...] = ("term", "variants", "category", "side", "valence", "explanation")
REQUIRED_FIELDS: tuple[str, ...] = ("term", "category", "side", "valence", "explanation")
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
)
DEFAULT_LEXICON = "loaded_terms.yml"

# ---------------------------------------------------------------------------------------
# Normalization: a matching copy of the text and a map back to original offsets.

_SPACE_LIKE = "\t\n\r\x0b\x0c\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
_SPACE_LIKE += "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_DASH_LIKE = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_REPLACEMENTS: dict[str, str] = {
    **dict.fromkeys(_SPACE_LIKE, " "),
    # Hyphens and dashes become spaces, so "proxy-war" matches "proxy war".
    **dict.fromkeys(_DASH_LIKE, " "),
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
}
#: Soft hyphens and zero-width characters vanish; runs of spaces collapse to one.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_COLLAPSE = re.compile(f"[{_INVISIBLE}]+|  +")
_SPACE_RUN = re.compile("  +")


@dataclass(frozen=True)
class NormalizedText:
    """A matching copy of a text and the offset map back to the original.

    ``checkpoints[k]`` is a position in ``text`` from which on original offsets are
    ``position + shifts[k]``.
    """

    text: str
    checkpoints: tuple[int, ...] = ()
    shifts: tuple[int, ...] = ()

    def original(self, position: int) -> int:
        """Return the original offset of normalized ``position``."""
        if not self.checkpoints:
            return position
        k = bisect.bisect_right(self.checkpoints, position) - 1
        return position + (self.shifts[k] if k >= 0 else 0)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original (start, end) of a normalized span (end exclusive)."""
        return self.original(start), self.original(end - 1) + 1


def _lower_same_length(text: str) -> str:
    """Lower-case ``text`` without changing its length (a few characters lower to two)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch if len(low := ch.lower()) != 1 else low for ch in text)


def _fold(text: str) -> str:
    """Lower-case and unify spaces, dashes and quotes, keeping the length."""
    folded = _lower_same_length(text)
    # str.replace per character present is much faster than str.translate with a dict
    # (a Python-level lookup per character) on article-length non-ASCII text.
    for char, replacement in _REPLACEMENTS.items():
        if char in folded:
            folded = folded.replace(char, replacement)
    return folded


@lru_cache(maxsize=1024)
def normalize(text: str) -> NormalizedText:
    """Return the matching copy of ``text`` with an offset map back to ``text``.

    Memoized (the last 1,024 texts): feature extraction matches each article with four
    phrase matchers (loaded terms, actors, labels, stance cues) and normalizes it once.

    >>> n = normalize("Proxy-\\u00adWar  in   Kyiv")
    >>> n.text
    'proxy war in kyiv'
    >>> n.original_span(13, 17)
    (17, 21)
    """
    folded = _fold(text)
    # The plain-space regex is several times faster; use the full one only when needed.
    collapse = _COLLAPSE if any(c in folded for c in _INVISIBLE) else _SPACE_RUN
    runs = [(m.start(), m.end()) for m in collapse.finditer(folded)]
    if not runs:
        return NormalizedText(folded)
    pieces: list[str] = []
    checkpoints: list[int] = []
    shifts: list[int] = []
    last = removed = 0
    for start, end in runs:
        pieces.append(folded[last:start])
        keep = folded[start] == " "  # a space run keeps one space; soft hyphens vanish
        if keep:
            pieces.append(" ")
        removed += end - start - keep
        checkpoints.append(end - removed)
        shifts.append(removed)
        last = end
    pieces.append(folded[last:])
    return NormalizedText("".join(pieces), tuple(checkpoints), tuple(shifts))


def normalize_pattern(pattern: str) -> str:
    """Return how a lexicon phrase is matched: normalized and stripped."""
    return normalize(pattern.strip()).text.strip()


# ---------------------------------------------------------------------------------------
# The phrase matcher (shared with ``framing.features.competing_labels``).


class PhraseMatcher:
    """One Aho–Corasick automaton over many phrases; hits are whole-token, leftmost-longest.

    ``phrases`` maps each surface phrase to an integer payload (e.g. an entry's row).
    Built once; :meth:`match` is pure and thread-safe for reading.
    """

    def __init__(self, phrases: Mapping[str, int]):
        self._automaton = ahocorasick.Automaton()
        count = 0
        for phrase, payload in phrases.items():
            key = normalize_pattern(phrase)
            if not key:
                continue
            self._automaton.add_word(key, (len(key), int(payload)))
            count += 1
        self.size = count
        if count:
            self._automaton.make_automaton()

    def candidates(self, norm: str) -> list[tuple[int, int, int]]:
        """Return every whole-token occurrence as (start, -length, payload), overlaps kept."""
        if not self.size:
            return []
        # Padding with spaces makes both neighbours of every match exist (no bounds checks).
        padded = f" {norm} "
        found = []
        for last, (size, payload) in self._automaton.iter(norm):
            before = padded[last - size + 1]
            after = padded[last + 2]
            if before.isalnum() or before == "_" or after.isalnum() or after == "_":
                continue
            found.append((last - size + 1, -size, payload))
        return found

    @staticmethod
    def leftmost_longest(candidates: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        """Resolve (start, -length, payload) candidates to non-overlapping (start, end, payload)."""
        hits = []
        taken_until = -1
        for start, negative_size, payload in sorted(candidates):
            if start < taken_until:
                continue
            end = start - negative_size
            hits.append((start, end, payload))
            taken_until = end
        return hits

    def match_normalized(self, norm: str) -> list[tuple[int, int, int]]:
        """Return (start, end, payload) in the normalized text ``norm``, leftmost-longest."""
        return self.leftmost_longest(self.candidates(norm))

    def match(self, text: str) -> list[tuple[int, int, int]]:
        """Return (start, end, payload) with offsets into the original ``text``."""
        norm = normalize(text)
        return [(*norm.original_span(s, e), p) for s, e, p in self.match_normalized(norm.text)]


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def matches_in_sentences(
    text: str,
    bounds: Sequence[tuple[int, int]],
    match: Callable[[str], list[tuple[int, int, Any]]],
    hits: list[tuple[int, int, Any]] | None = None,
) -> list[list[tuple[int, int, Any]]]:
    """Return ``match(text[start:end])`` for each sentence in ``bounds``, matching once.

    ``match`` is a whole-token matcher returning sorted ``(start, end, payload)`` (such as
    :meth:`PhraseMatcher.match`); ``hits`` is ``match(text)`` when the caller has it. Each hit
    of the whole text goes to its sentence with offsets within it; a sentence that a hit
    crosses, or whose edge falls inside a word, is matched on its own, so the result equals
    matching each sentence alone (per-call set-up dominates on sentence-length texts).
    ``bounds`` that are not sorted and disjoint are matched one by one.
    """
    ordered = all(end <= later for (_, end), (later, _) in itertools.pairwise(bounds))
    if not ordered:
        return [match(text[start:end]) for start, end in bounds]
    out: list[list[tuple[int, int, Any]]] = [[] for _ in bounds]
    starts = [start for start, _ in bounds]
    alone = {
        k
        for k, (start, end) in enumerate(bounds)
        if (start > 0 and _word_char(text[start - 1]))
        or (end < len(text) and _word_char(text[end]))
    }
    for start, end, payload in match(text) if hits is None else hits:
        first = bisect.bisect_right(starts, start) - 1
        last = bisect.bisect_right(starts, end - 1) - 1
        if first == last and first >= 0 and end <= bounds[first][1]:
            out[first].append((start - starts[first], end - starts[first], payload))
        else:
            alone.update(k for k in range(max(first, 0), last + 1))
    for k in alone:
        out[k] = match(text[bounds[k][0] : bounds[k][1]])
    return out


# ---------------------------------------------------------------------------------------
# The lexicon data model and loading.


@dataclass(frozen=True)
class Lexicon:
    """An immutable loaded-term lexicon: ``entries`` and a matcher compiled once.

    ``entries`` has one row per term: term, variants (tuple of strings), category, side,
    valence, explanation, source (file and line the entry came from).
    """

    entries: pd.DataFrame
    version: str = "unversioned"
    sources: tuple[str, ...] = ()
    matcher: PhraseMatcher = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        phrases: dict[str, int] = {}
        for row, (term, variants) in enumerate(
            zip(self.entries["term"], self.entries["variants"], strict=True)
        ):
            for phrase in (term, *variants):
                phrases[phrase] = row
        object.__setattr__(self, "matcher", PhraseMatcher(phrases))
        # Plain lists for fast per-hit lookups in the matching loop.
        columns = ("term", "category", "side", "valence", "explanation")
        object.__setattr__(
            self, "_rows", [tuple(r) for r in self.entries[list(columns)].itertuples(index=False)]
        )

    def __len__(self) -> int:
        return len(self.entries)

    def row(self, index: int) -> tuple[str, str, str, float, str]:
        """Return (term, category, side, valence, explanation) of entry ``index``."""
        return self._rows[index]  # type: ignore[attr-defined]


def _scalar(node: yaml.Node, where: str, name: str) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise LexiconError(f"{where}, line {node.start_mark.line + 1}: field '{name}' must be text")
    return str(node.value)


def _parse_entry(node: yaml.Node, index: int, source: str) -> dict[str, Any]:
    """Turn one YAML mapping node into a validated entry dict (errors name line and field)."""
    line = node.start_mark.line + 1
    where = f"{source}, entry {index + 1}"
    if not isinstance(node, yaml.MappingNode):
        raise LexiconError(f"{source}, line {line}: entry {index + 1} must be a mapping of fields")
    fields: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in FIELDS:
            raise LexiconError(
                f"{source}, line {key_node.start_mark.line + 1}: entry {index + 1} has unknown "
                f"field '{key}'; allowed fields are {', '.join(FIELDS)}"
            )
        fields[key] = value_node
    for name in REQUIRED_FIELDS:
        if name not in fields:
            raise LexiconError(f"{source}, line {line}: entry {index + 1} lacks field '{name}'")

    def at(name: str) -> str:
        return f"{source}, line {fields[name].start_mark.line + 1}"

    term = _scalar(fields["term"], where, "term").strip()
    if not normalize_pattern(term):
        raise LexiconError(f"{at('term')}: field 'term' of entry {index + 1} is empty")
    variants: list[str] = []
    if "variants" in fields:
        vnode = fields["variants"]
        if isinstance(vnode, yaml.ScalarNode) and vnode.value in ("", "~", "null"):
            vnode_items: list[yaml.Node] = []
        elif isinstance(vnode, yaml.SequenceNode):
            vnode_items = list(vnode.value)
        else:
            raise LexiconError(
                f"{at('variants')}: field 'variants' of '{term}' must be a list of phrases"
            )
        for item in vnode_items:
            text = _scalar(item, f"{at('variants')} ('{term}')", "variants").strip()
            if not normalize_pattern(text):
                raise LexiconError(f"{at('variants')}: field 'variants' of '{term}' has a blank")
            variants.append(text)
    category = _scalar(fields["category"], where, "category").strip()
    if category not in CATEGORIES:
        raise LexiconError(
            f"{at('category')}: field 'category' of '{term}' is '{category}'; "
            f"use one of {', '.join(CATEGORIES)}"
        )
    side = _scalar(fields["side"], where, "side").strip()
    if side not in SIDES:
        raise LexiconError(
            f"{at('side')}: field 'side' of '{term}' is '{side}'; use one of {', '.join(SIDES)}"
        )
    raw_valence = _scalar(fields["valence"], where, "valence")
    try:
        valence = float(raw_valence)
    except ValueError:
        valence = math.nan
    low, high = VALENCE_RANGE
    if not low <= valence <= high:  # also rejects NaN
        raise LexiconError(
            f"{at('valence')}: field 'valence' of '{term}' is '{raw_valence}'; "
            f"give a number from {low:g} to {high:g} (VADER's scale)"
        )
    explanation = _scalar(fields["explanation"], where, "explanation").strip()
    if len(explanation) < 10:
        raise LexiconError(
            f"{at('explanation')}: field 'explanation' of '{term}' is empty or too short; "
            "write one sentence a student can understand"
        )
    return {
        "term": term,
        "variants": tuple(dict.fromkeys(variants)),
        "category": category,
        "side": side,
        "valence": valence,
        "explanation": explanation,
        "source": f"{source}:{line}",
    }


def parse_lexicon(text: str, source: str = "<string>") -> tuple[str, list[dict[str, Any]]]:
    """Return (version, entries) from lexicon YAML ``text``; raise LexiconError if invalid.

    ``source`` names the file in error messages. Duplicate phrases (a term or variant that
    appears in two entries) are errors, with both lines named.
    """
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise LexiconError(f"{source}{line}: not valid YAML ({problem})") from error
    if root is None:
        raise LexiconError(f"{source}: the file is empty; expected 'version:' and 'entries:'")
    if not isinstance(root, yaml.MappingNode):
        raise LexiconError(
            f"{source}, line {root.start_mark.line + 1}: expected a mapping with "
            "'version:' and 'entries:' at the top"
        )
    top = {str(k.value): v for k, v in root.value}
    unknown = sorted(set(top) - {"version", "entries", "description"})
    if unknown:
        raise LexiconError(f"{source}: unknown top-level field(s) {unknown}")
    if "version" not in top:
        raise LexiconError(f"{source}, line 1: field 'version' is missing")
    version = _scalar(top["version"], source, "version").strip()
    if "entries" not in top or not isinstance(top["entries"], yaml.SequenceNode):
        line = top["entries"].start_mark.line + 1 if "entries" in top else 1
        raise LexiconError(f"{source}, line {line}: field 'entries' must be a list of entries")
    entries = [_parse_entry(node, i, source) for i, node in enumerate(top["entries"].value)]
    seen: dict[str, tuple[str, str]] = {}
    for entry in entries:
        line = entry["source"].rsplit(":", 1)[1]
        for phrase in (entry["term"], *entry["variants"]):
            key = normalize_pattern(phrase)
            if key in seen and seen[key][0] != entry["term"]:
                raise LexiconError(
                    f"{source}, line {line}: phrase '{phrase}' of '{entry['term']}' is also "
                    f"listed under '{seen[key][0]}' (line {seen[key][1]}); keep it in one entry"
                )
            seen[key] = (entry["term"], line)
    return version, entries


def _read_lexicon_file(path: str | os.PathLike[str]) -> tuple[str, list[dict[str, Any]]]:
    path = Path(path)
    if not path.is_file():
        raise LexiconError(f"{path}: lexicon file not found")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LexiconError(f"{path}: cannot read lexicon file as UTF-8 ({error})") from error
    return parse_lexicon(text, str(path))


def _entries_frame(entries: Iterable[dict[str, Any]]) -> pd.DataFrame:
    columns = [*FIELDS, "source"]
    frame = pd.DataFrame(list(entries), columns=columns)
    frame["valence"] = frame["valence"].astype(float)
    return frame.reset_index(drop=True)


def _merge_entries(base: list[dict[str, Any]], extra: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entries of ``extra`` replace base entries that share any phrase; others are added."""
    extra_keys = {
        normalize_pattern(p) for entry in extra for p in (entry["term"], *entry["variants"])
    }
    kept = [
        entry
        for entry in base
        if not any(normalize_pattern(p) in extra_keys for p in (entry["term"], *entry["variants"]))
    ]
    return kept + list(extra)


@lru_cache(maxsize=1)
def _default_lexicon() -> Lexicon:
    resource = resources.files("framing") / "lexicons" / DEFAULT_LEXICON
    version, entries = parse_lexicon(resource.read_text(encoding="utf-8"), DEFAULT_LEXICON)
    return Lexicon(_entries_frame(entries), version=version, sources=(DEFAULT_LEXICON,))


def load_lexicon(
    path: str | os.PathLike[str] | None = None,
    *,
    extra: str | os.PathLike[str] | None = None,
    mode: str = "merge",
) -> Lexicon:
    """Return a validated :class:`Lexicon` (the packaged default when ``path`` is None).

    ``extra`` is a user's lexicon file in the same YAML format; with ``mode="merge"`` its
    entries are added and replace base entries sharing a phrase, with ``mode="replace"`` it
    is used alone. The default lexicon is compiled once per process and cached.

    >>> lexicon = load_lexicon()
    >>> len(lexicon) >= 200
    True
    """
    if mode not in ("merge", "replace"):
        raise ParameterError(f"mode must be 'merge' or 'replace', got {mode!r}")
    if extra is None and mode == "replace":
        raise ParameterError("mode='replace' needs an extra lexicon file to replace with")
    if path is None and extra is None:
        return _default_lexicon()
    if path is None:
        base = _default_lexicon()
        base_version = base.version
        base_entries = base.entries.drop(columns=[]).to_dict("records")
        sources: tuple[str, ...] = base.sources
    else:
        base_version, base_entries = _read_lexicon_file(path)
        sources = (str(path),)
    if extra is None:
        return Lexicon(_entries_frame(base_entries), version=base_version, sources=sources)
    extra_version, extra_entries = _read_lexicon_file(extra)
    if mode == "replace":
        return Lexicon(_entries_frame(extra_entries), version=extra_version, sources=(str(extra),))
    merged = _merge_entries(base_entries, extra_entries)
    version = f"{base_version}+{Path(extra).name}:{extra_version}"
    return Lexicon(_entries_frame(merged), version=version, sources=(*sources, str(extra)))


# ---------------------------------------------------------------------------------------
# Matching.


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
) -> list[tuple]:
    """Return :func:`find_terms`'s rows as tuples in ``HIT_COLUMNS`` order (the bulk path).

    ``regions`` is ``quoted_regions(text)`` and ``spans`` is ``lexicon.matcher.match(text)``
    when the caller already has them.
    """
    spans = lexicon.matcher.match(text) if spans is None else spans
    if not spans:
        return []
    if regions is None:
        regions = quoted_regions(text)
    rows = []
    for start, end, index in spans:
        term, category, side, valence, explanation = lexicon.row(index)
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
            )
        )
    return rows


_COLUMN_DTYPES: dict[str, str] = {
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


def find_terms(text: str, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Return the loaded terms in ``text``: one row per hit, in text order.

    Columns: start, end (character offsets into ``text``), text (surface form), term
    (canonical), category, side, valence, explanation, quoted (inside quotation marks:
    reported speech, not the author's voice), negated ("not an unprovoked attack").

    >>> find_terms('Sachs denied it was “unprovoked.”')[["text", "quoted"]].values.tolist()
    [['unprovoked', True]]
    """
    if not isinstance(text, str):
        raise ParameterError(f"text must be a string, got {type(text).__name__}")
    lexicon = lexicon if lexicon is not None else load_lexicon()
    rows = hit_rows(text, lexicon)
    if not rows:
        return _empty_hits()
    return _frame(rows, HIT_COLUMNS)


def _kwic(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    left = " ".join(text[max(0, start - width) : start].split())
    right = " ".join(text[end : end + width].split())
    return left, right


def _article_texts(article_text: Any) -> dict[str, str]:
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
    frame = _frame(rows, columns)
    return frame


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
        from framing.errors import InputError

        try:
            text = Path(text_path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(text_path, f"cannot read as UTF-8 text ({error})") from error
        hits = find_terms(text, lexicon)
        voice = hits["quoted"].map({True: "quoted", False: "author"})
        voice = voice.where(~hits["negated"], voice + ", negated")
        table = hits.assign(voice=voice)[["start", "end", "text", "term", "category", "voice"]]
        lines += ["", f"{len(hits)} hit(s) in {text_path}:"]
        lines.append(table.to_string(index=False) if len(hits) else "(none)")
    return "\n".join(lines)
