"""Score a student's list of loaded terms against the tool's hits, and grow the lexicon.

Matching is on a *term key*: Unicode-normalised, case-folded, typographic quotes and
apostrophes unified, possessive ``'s`` dropped, hyphens/spaces removed between tokens and
every token Porter-stemmed (NLTK's stemmer needs no data download). So "Puppets",
“puppet”, ‘regime’s’, "slaughtering"/"slaughtered", "proxy-war"/"proxy war" and
"de-Nazify"/"denazify" each meet their canonical lexicon term.

Scoring counts distinct terms (types), not occurrences: a student who writes "puppet"
once has found the term however often the article uses it.
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import yaml
from nltk.stem import PorterStemmer

from framing.errors import LexiconError, ParameterError, SchemaError
from framing.io import read_yaml, write_text
from framing.textnorm import INVISIBLE, typography_map

if TYPE_CHECKING:
    from framing.features.lexicon import Lexicon

log = logging.getLogger(__name__)

#: Typographic quotes, apostrophes, dashes and spaces to their ASCII form, and invisible
#: characters (soft hyphen, zero-width space) dropped: a word pasted from a web page keys
#: like the same word typed.
_FOLD = str.maketrans({**typography_map(), **dict.fromkeys(INVISIBLE)})
_POSSESSIVE = re.compile(r"(?<=\w)'s?\b")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_STEMMER = PorterStemmer()

#: Why a student's word is not one of the tool's terms here (``ScoreResult.extra.status``).
NOT_IN_LEXICON = "not in the lexicon"
NOT_IN_ARTICLE = "not in this article"
ONLY_QUOTED = "only inside quotations"
ONLY_NEGATED = "only negated"
NOT_COUNTED_HERE = "not counted here"


@lru_cache(maxsize=65536)
def term_key(term: str) -> str:
    """Return the matching key of ``term``: folded, de-quoted, de-hyphenated and stemmed.

    >>> term_key("“Puppets”") == term_key("puppet")
    True
    >>> term_key("proxy-war") == term_key("Proxy Wars")
    True
    """
    text = unicodedata.normalize("NFKC", str(term)).translate(_FOLD).casefold()
    text = _POSSESSIVE.sub("", text)
    # Fold again after stemming: the stemmer lower-cases, and for some scripts (Cherokee)
    # lower case is not the case-folded form, so equal words could get different keys.
    return "".join(_STEMMER.stem(token) for token in _TOKEN.findall(text)).casefold()


def clean_student_terms(student_terms: Iterable[Any]) -> list[str]:
    """Return the student's terms stripped, without blanks, first spelling of each key kept."""
    if isinstance(student_terms, str):
        raise ParameterError(
            "student_terms must be a list of words, e.g. ['puppet', 'regime'], not one string "
            f"({student_terms!r})"
        )
    seen: dict[str, str] = {}
    for raw in student_terms:
        if raw is None or (isinstance(raw, float) and pd.isna(raw)):
            continue
        term = str(raw).strip()
        key = term_key(term)
        if key and key not in seen:
            seen[key] = term
    return list(seen.values())


@dataclass(frozen=True)
class ScoreResult:
    """How a student's term list compares with the tool's hits (distinct terms).

    ``matches``: student_term, term, category. ``per_category``: category, n_tool, n_found,
    recall. ``missed``: term, category, explanation, example (surface text), n_hits, lines
    (the handout lines where it occurs, when the hits have a ``line`` column).
    ``extra``: student_term, in_lexicon (the word is a lexicon term that the tool did not
    count here), status (why not: :data:`NOT_IN_LEXICON`, :data:`NOT_IN_ARTICLE`,
    :data:`ONLY_QUOTED`, :data:`ONLY_NEGATED`, :data:`NOT_COUNTED_HERE`), prompt (a full
    sentence for the student).
    """

    precision: float
    recall: float
    f1: float
    n_student: int
    n_tool: int
    n_matched: int
    matches: pd.DataFrame = field(repr=False)
    per_category: pd.DataFrame = field(repr=False)
    missed: pd.DataFrame = field(repr=False)
    extra: pd.DataFrame = field(repr=False)

    def summary(self) -> pd.DataFrame:
        """Return the headline figures as a one-row table for a notebook."""
        return pd.DataFrame(
            [
                {
                    "your_terms": self.n_student,
                    "tool_terms": self.n_tool,
                    "matched": self.n_matched,
                    "precision": round(self.precision, 3),
                    "recall": round(self.recall, 3),
                    "f1": round(self.f1, 3),
                }
            ]
        )


def _lexicon_entries(lexicon: Lexicon | pd.DataFrame | None) -> pd.DataFrame:
    """Return ``lexicon.entries`` (or a DataFrame given directly), or an empty table."""
    if lexicon is None:
        return pd.DataFrame(columns=["term", "variants", "category", "explanation"])
    entries = getattr(lexicon, "entries", lexicon)
    if not isinstance(entries, pd.DataFrame):
        raise ParameterError(
            f"lexicon must be a Lexicon (framing.load_lexicon) or a DataFrame, got {type(lexicon)}"
        )
    return entries


def _variants(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    if isinstance(value, str):
        return [v for v in value.split("|") if v]
    return [str(v) for v in value]


def _lexicon_keys(entries: pd.DataFrame) -> dict[str, str]:
    """Map every key of every spelling (term and variants) to the canonical term."""
    keys: dict[str, str] = {}
    for row in entries.itertuples(index=False):
        term = str(row.term)
        for spelling in [term, *_variants(getattr(row, "variants", None))]:
            keys.setdefault(term_key(spelling), term)
    return keys


def _tool_terms(hits: pd.DataFrame) -> pd.DataFrame:
    """Return one row per tool term: category, explanation, first surface form, hit count,
    and the handout ``lines`` where it occurs ("" when the hits have no ``line``)."""
    tool = (
        hits.groupby("term", sort=True)
        .agg(
            category=("category", "first"),
            explanation=("explanation", "first"),
            example=("text", "first"),
            n_hits=("text", "size"),
        )
        .reset_index()
    )
    if "line" in hits.columns and not hits.empty:
        lines = hits.groupby("term", sort=True)["line"].agg(
            lambda s: ", ".join(str(n) for n in sorted({int(v) for v in s.dropna()}))
        )
        tool["lines"] = tool["term"].map(lines).fillna("").astype(str)
    else:
        tool["lines"] = ""
    return tool


def _keys_of_tool_terms(
    tool: pd.DataFrame, hits: pd.DataFrame, lexicon_keys: dict[str, str]
) -> dict[str, str]:
    """Map every spelling that counts as finding a tool term to that term: the canonical
    term, each surface form in the text, and the lexicon's variants of the term."""
    key_to_term: dict[str, str] = {}
    for term in tool["term"]:
        key_to_term.setdefault(term_key(term), str(term))
    for row in hits.itertuples(index=False):
        key_to_term.setdefault(term_key(str(row.text)), str(row.term))
    tool_terms = set(tool["term"])
    for key, term in lexicon_keys.items():
        if term in tool_terms:
            key_to_term.setdefault(key, term)
    return key_to_term


def _quoted(word: str) -> str:
    return f"\u201c{word}\u201d"


def _lines(hits: pd.DataFrame) -> str:
    if "line" not in hits.columns or hits.empty:
        return ""
    numbers = sorted({int(n) for n in hits["line"].dropna()})
    if not numbers:
        return ""
    return f" ({'line' if len(numbers) == 1 else 'lines'} {', '.join(map(str, numbers))})"


def extra_prompt(student_term: str, status: str, where: str = "") -> str:
    """Return the full-sentence feedback on a student's word the tool did not count.

    ``status`` is one of :data:`NOT_IN_LEXICON`, :data:`NOT_IN_ARTICLE`, :data:`ONLY_QUOTED`,
    :data:`ONLY_NEGATED`, :data:`NOT_COUNTED_HERE`; ``where`` names lines, e.g. " (line 4)".
    """
    word = _quoted(student_term)
    prompts = {
        NOT_IN_ARTICLE: (
            f"{word} is in the tool's word list, but it does not occur in this article. "
            "Check the spelling, or look again: maybe you saw it in another text."
        ),
        ONLY_QUOTED: (
            f"{word} is in the tool's word list, but in this article it occurs only inside "
            f"quotations{where}. At the basic level the tool counts only the journalist's own "
            "words, not what the people quoted say; the advanced level counts both."
        ),
        ONLY_NEGATED: (
            f"{word} is in the tool's word list, but in this article it occurs only where the "
            f"writer denies it{where}, as in \u201cnot {student_term}\u201d. At the basic level "
            "the tool does not count a word the writer denies."
        ),
        NOT_COUNTED_HERE: (
            f"{word} is in the tool's word list and occurs in this article, but the tool did "
            "not count it here: its rules skip this use (for example another sense of the "
            "word). Discuss whether it judges in this sentence."
        ),
        NOT_IN_LEXICON: (
            f"{word} is not in the tool's word list, so the tool cannot count it. That does "
            "not make it wrong: discuss with the class whether it judges or only describes. "
            "If the class agrees it is loaded, the teacher can add it to the class word list "
            "with framing.classroom.add_to_lexicon(...)."
        ),
    }
    if status == NOT_COUNTED_HERE and where == " (unknown)":
        return (
            f"{word} is in the tool's word list, but the tool did not count it in this text: "
            "it may not occur here, or only inside quotations or negated."
        )
    if status == NOT_IN_LEXICON and where == " (not in this article)":
        return (
            f"{word} does not occur in this article, and it is not in the tool's word list "
            "either. Check the spelling."
        )
    return prompts[status]


def _text_keys(text: str, size: int) -> set[str]:
    """Return the keys of every run of ``size`` consecutive words of ``text``."""
    folded = _POSSESSIVE.sub("", unicodedata.normalize("NFKC", text).translate(_FOLD).casefold())
    stems = [_STEMMER.stem(token).casefold() for token in _TOKEN.findall(folded)]
    return {"".join(stems[i : i + size]) for i in range(len(stems) - size + 1)}


def _extra_row(
    student_term: str, lexicon_term: str | None, all_hits: pd.DataFrame | None, text: str | None
) -> dict[str, Any]:
    """Classify a student's word the tool did not count, with its feedback sentence."""
    where = ""
    hits = all_hits if all_hits is not None else pd.DataFrame(columns=["term"])
    if lexicon_term is None:
        status = NOT_IN_LEXICON
        size = max(1, len(_TOKEN.findall(student_term)))
        if text is not None and term_key(student_term) not in _text_keys(text, size):
            where = " (not in this article)"
    else:
        uses = hits[hits["term"] == lexicon_term]
        quoted = uses["quoted"].astype(bool) if "quoted" in uses else pd.Series(False, uses.index)
        negated = (
            uses["negated"].astype(bool) if "negated" in uses else pd.Series(False, uses.index)
        )
        where = _lines(uses)
        if uses.empty and all_hits is None and text is None:
            status = NOT_COUNTED_HERE  # without the article, the reason is unknown
            where = " (unknown)"
        elif uses.empty:
            size = max(1, len(_TOKEN.findall(student_term)))
            occurs = text is not None and term_key(student_term) in _text_keys(text, size)
            status = NOT_COUNTED_HERE if occurs else NOT_IN_ARTICLE
        elif quoted.all():
            status = ONLY_QUOTED
        elif negated.all():
            status = ONLY_NEGATED
        else:
            status = NOT_COUNTED_HERE
    return {
        "student_term": student_term,
        "in_lexicon": lexicon_term is not None,
        "status": status,
        "prompt": extra_prompt(student_term, status, where),
    }


def _per_category(tool: pd.DataFrame) -> pd.DataFrame:
    """Return per category the tool's terms, how many the student found, and the recall."""
    per_category = (
        tool.groupby("category", sort=True)
        .agg(n_tool=("term", "size"), n_found=("found", "sum"))
        .reset_index()
    )
    per_category["n_found"] = per_category["n_found"].astype(int)
    per_category["recall"] = per_category["n_found"] / per_category["n_tool"]
    return per_category


def score_answers(
    student_terms: Sequence[str],
    tool_hits: pd.DataFrame,
    lexicon: Lexicon | pd.DataFrame | None = None,
    *,
    all_hits: pd.DataFrame | None = None,
    text: str | None = None,
) -> ScoreResult:
    """Return precision, recall, per-category recall, missed and extra terms of a student list.

    ``tool_hits`` is the output of ``framing.find_terms`` (columns ``term`` and ``text``;
    ``category`` and ``explanation`` used when present). ``lexicon`` (a ``Lexicon`` or its
    ``entries`` DataFrame) adds every variant spelling of the hit terms to the matcher and
    tells whether an extra student word is a lexicon term anyway. ``all_hits`` (every hit in
    the article, quoted and negated ones included) and ``text`` (the article) say why a
    lexicon word was not counted: only inside quotations, only negated, or not in this
    article at all (``extra.status`` and a full-sentence ``extra.prompt``). Precision = matched
    student terms / student terms; recall = found tool terms / tool terms; 0.0 when the
    denominator is 0.

    >>> hits = pd.DataFrame({"term": ["puppet"], "text": ["puppet"], "category": ["x"]})
    >>> score_answers(["Puppets", "war"], hits).precision
    0.5
    """
    missing = [c for c in ("term", "text") if c not in tool_hits.columns]
    if missing:
        raise SchemaError(
            f"tool_hits lacks column(s) {missing}: pass the table framing.find_terms "
            f"returns (it has {list(tool_hits.columns)})"
        )
    hits = tool_hits.copy()
    for column in ("category", "explanation"):
        if column not in hits.columns:
            hits[column] = ""
        hits[column] = hits[column].fillna("").astype(str)
    lexicon_keys = _lexicon_keys(_lexicon_entries(lexicon))
    tool = _tool_terms(hits)
    key_to_term = _keys_of_tool_terms(tool, hits, lexicon_keys)

    students = clean_student_terms(student_terms)
    every_hit = all_hits
    matched_rows, extra_rows = [], []
    for student_term in students:
        key = term_key(student_term)
        if key in key_to_term:
            matched_rows.append({"student_term": student_term, "term": key_to_term[key]})
        else:
            extra_rows.append(_extra_row(student_term, lexicon_keys.get(key), every_hit, text))
    matches = pd.DataFrame(matched_rows, columns=["student_term", "term"])
    matches = matches.merge(tool[["term", "category"]], on="term", how="left")
    found = set(matches["term"])

    n_student, n_tool, n_matched = len(students), len(tool), len(matches)
    precision = n_matched / n_student if n_student else 0.0
    recall = len(found) / n_tool if n_tool else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    tool["found"] = tool["term"].isin(found)
    columns = ["term", "category", "explanation", "example", "n_hits", "lines"]
    missed = tool.loc[~tool["found"], columns]
    return ScoreResult(
        precision=precision,
        recall=recall,
        f1=f1,
        n_student=n_student,
        n_tool=n_tool,
        n_matched=n_matched,
        matches=matches.reset_index(drop=True),
        per_category=_per_category(tool),
        missed=missed.reset_index(drop=True),
        extra=pd.DataFrame(extra_rows, columns=["student_term", "in_lexicon", "status", "prompt"]),
    )


def add_to_lexicon(
    terms: Sequence[str],
    path: str | os.PathLike[str],
    *,
    category: str = "emotional_intensifier",
    explanation: str = "Added by the class: the students judged this word loaded.",
    side: str = "none",
    valence: float = 0.0,
) -> Path:
    """Add ``terms`` to the user lexicon YAML at ``path`` (created if missing); return its
    absolute path.

    The file is the same format as the packaged lexicon, so ``framing ... --lexicon PATH``
    and ``framing.load_lexicon(extra=PATH)`` merge it. Terms already in the file
    (same key) are kept as they are; the write is atomic and re-running adds nothing new.
    """
    target = Path(path)
    data = (read_yaml(target) or {}) if target.exists() else {}
    if not isinstance(data, dict):
        raise LexiconError(f"{target}: expected a mapping with 'version' and 'entries'")
    data.setdefault("version", 1)
    entries = data.setdefault("entries", [])
    if not isinstance(entries, list):
        raise LexiconError(f"{target}: field 'entries' must be a list")
    known = {term_key(str(e.get("term", ""))) for e in entries if isinstance(e, dict)}
    for term in clean_student_terms(terms):
        if term_key(term) in known:
            continue
        known.add(term_key(term))
        entries.append(
            {
                "term": term.strip("\"'\u201c\u201d\u2018\u2019 ").lower(),
                "variants": [],
                "category": category,
                "side": side,
                "valence": float(valence),
                "explanation": explanation,
            }
        )
    write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), target)
    log.info("user lexicon %s now has %d entries", target, len(entries))
    return target.resolve()  # shown in the notebook: the teacher sees where it went
