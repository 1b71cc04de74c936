"""Keyword-in-context lines: find a term or regex in the corpus and cut its contexts.

:func:`kwic` filters the text column in Arrow's C++ kernels before Python's ``re`` finds
exact offsets in the few matching articles, so a 100,000-article corpus answers in seconds;
:func:`term_contexts` cuts the same lines around the hits the features counted.

>>> from framing import kwic                                  # doctest: +SKIP
>>> kwic("proxy war", window=40)[["left", "match", "right"]]  # doctest: +SKIP
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framing.checks import check_int
from framing.corpus import Corpus
from framing.errors import ParameterError
from framing.explore.queries import META_COLUMNS, open_corpus
from framing.tables import dataset, read_rows, table_columns, table_path

if TYPE_CHECKING:  # pragma: no cover
    from framing.features.feature_set import FeatureSet

KWIC_COLUMNS = ["left", "match", "right", "article_id", "sentence_id", "start", "end", "context"]
#: Longest ``context`` kept (characters each side of the match), for run-on "sentences".
MAX_CONTEXT = 600

# Escapes whose meaning differs between Python's re (Unicode-aware) and RE2 (ASCII): a regex
# using them is not pre-filtered in Arrow, so no match can be lost to the pre-filter.
_UNICODE_SENSITIVE = re.compile(r"\\[wWbBdDsS]")
_SPACES = re.compile(r"\s+")


def compile_pattern(
    term_or_regex: str, *, regex: bool = False, whole_words: bool = True
) -> re.Pattern:
    """Return the case-insensitive pattern :func:`kwic` searches for.

    A plain term matches its words separated by any whitespace ("proxy war" also finds
    "proxy\\nwar"); ``regex=True`` takes the text as a Python regular expression. With
    ``whole_words`` the match may not start or end inside a word ("war" misses "warfare").
    """
    if not isinstance(term_or_regex, str) or not term_or_regex.strip():
        raise ParameterError(f"kwic needs a non-empty term or regex, got {term_or_regex!r}")
    if regex:
        try:  # validate alone, so the error position refers to the user's pattern
            re.compile(term_or_regex, re.IGNORECASE)
        except re.error as error:
            raise ParameterError(f"invalid regex {term_or_regex!r}: {error}") from None
        core = term_or_regex
    else:
        core = r"\s+".join(re.escape(word) for word in term_or_regex.split())
    if whole_words:
        core = rf"(?<!\w)(?:{core})(?!\w)"
    try:
        return re.compile(core, re.IGNORECASE)
    except re.error as error:
        raise ParameterError(f"invalid regex {term_or_regex!r}: {error}") from None


@lru_cache(maxsize=64)
def _core_pattern(term: str, flags: int = 0) -> re.Pattern:
    return re.compile(r"\s+".join(re.escape(word) for word in term.split()), flags)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def find_matches(
    text: str,
    term_or_regex: str,
    *,
    regex: bool = False,
    whole_words: bool = True,
    lowered: str | None = None,
) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` offsets of every non-empty match in ``text``.

    Same matches as :func:`compile_pattern`'s pattern. A plain term is searched
    case-sensitively in the lower-cased text (``lowered``, same length as ``text``; computed
    when not given), without look-arounds, so ``re`` jumps to its literal first word (about
    20x faster than a case-insensitive pattern); word boundaries are checked by hand,
    resuming one character later when a check fails.
    """
    if regex or not whole_words:
        pattern = compile_pattern(term_or_regex, regex=regex, whole_words=whole_words)
        return [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
    if lowered is None:
        lowered = text.lower()
    if len(lowered) == len(text):
        pattern, haystack = _core_pattern(term_or_regex.lower()), lowered
    else:  # full case mapping changed the length (e.g. "İ"): search the text itself
        pattern, haystack = _core_pattern(term_or_regex, re.IGNORECASE), text
    spans, position, length = [], 0, len(text)
    while (found := pattern.search(haystack, position)) is not None:
        start, end = found.span()
        if (start > 0 and _is_word_char(text[start - 1])) or (
            end < length and _is_word_char(text[end])
        ):
            position = start + 1
            continue
        spans.append((start, end))
        position = end
    return spans


def _prefilter(text: pa.ChunkedArray, term_or_regex: str, regex: bool) -> pa.ChunkedArray | None:
    """Return a boolean mask of rows that may match (a superset), or None to scan all rows."""
    if not regex:
        mask = None
        for word in term_or_regex.split():
            found = pc.match_substring(text, pattern=word, ignore_case=True)
            mask = found if mask is None else pc.and_(mask, found)
        return mask
    if _UNICODE_SENSITIVE.search(term_or_regex):
        return None
    try:
        return pc.match_substring_regex(text, pattern=term_or_regex, ignore_case=True)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # e.g. look-arounds RE2 lacks
        return None


def _context(text: str, start: int, end: int, window: int) -> tuple[str, str, str]:
    """Return the left context, the match and the right context, whitespace runs collapsed."""
    return (
        _SPACES.sub(" ", text[max(0, start - window) : start]),
        _SPACES.sub(" ", text[start:end]),
        _SPACES.sub(" ", text[end : end + window]),
    )


def _empty_kwic() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="string") for c in KWIC_COLUMNS + META_COLUMNS})
    for column in ("sentence_id", "start", "end"):
        frame[column] = frame[column].astype("int64")
    return frame


def kwic(
    term_or_regex: str,
    window: int = 60,
    *,
    corpus: Corpus | None = None,
    processed_dir: str | os.PathLike[str] | None = None,
    regex: bool = False,
    whole_words: bool = True,
    limit: int | None = None,
) -> pd.DataFrame:
    """Return keyword-in-context lines for a term or regex across the corpus.

    One row per match, in corpus order: ``left`` / ``match`` / ``right`` (whitespace runs
    collapsed to one space; ``window`` characters of context each side, across sentence
    boundaries), ``article_id``, ``sentence_id`` (the sentence where the match starts),
    ``start`` / ``end`` (offsets into ``articles.text``), ``context`` (the whole sentence or
    sentences the match is in: the full context a display shows on demand), ``source`` and
    ``date``. Matching is
    case-insensitive and respects word boundaries (see :func:`compile_pattern`).

    >>> lines = kwic("proxy war", window=30)                       # doctest: +SKIP
    >>> lines.loc[0, ["left", "match", "right"]].tolist()           # doctest: +SKIP
    ['... described the conflict as a ', 'proxy war', ' between ...']
    >>> kwic(r"unprovok\\w*", regex=True).groupby("source").size()  # doctest: +SKIP
    """
    check_int("window", window, minimum=0)
    if limit is not None:
        check_int("limit", limit)
    compile_pattern(term_or_regex, regex=regex, whole_words=whole_words)  # validates
    processed_dir = open_corpus(corpus, processed_dir).processed_dir
    table = dataset(processed_dir, "articles").to_table(columns=["article_id", "text"])
    mask = _prefilter(table.column("text"), term_or_regex, regex)
    if mask is not None:
        table = table.filter(pc.fill_null(mask, False))

    texts = table.column("text")
    # Arrow lower-cases with the simple (one-to-one) case mapping: offsets stay valid.
    lowered = pc.utf8_lower(texts).to_pylist() if not regex and whole_words else [None] * len(texts)
    rows: list[tuple[Any, ...]] = []
    hit_texts: dict[str, str] = {}
    for article_id, text, low in zip(
        table.column("article_id").to_pylist(), texts.to_pylist(), lowered, strict=True
    ):
        for start, end in find_matches(
            text or "", term_or_regex, regex=regex, whole_words=whole_words, lowered=low
        ):
            rows.append((*_context(text, start, end, window), article_id, start, end))
            hit_texts[article_id] = text
            if limit is not None and len(rows) >= limit:
                break
        if limit is not None and len(rows) >= limit:
            break
    if not rows:
        return _empty_kwic()

    lines = pd.DataFrame(rows, columns=["left", "match", "right", "article_id", "start", "end"])
    hit_ids = list(hit_texts)
    sentences = read_rows(
        processed_dir, "sentences", hit_ids, ["article_id", "sentence_id", "start", "end"]
    )
    lines["sentence_id"], lines["context"] = _sentence_context(lines, sentences, hit_texts)
    meta = read_rows(processed_dir, "articles", hit_ids, ["article_id", *META_COLUMNS])
    lines = lines.merge(meta, on="article_id", how="left", validate="many_to_one")
    lines = lines[KWIC_COLUMNS + META_COLUMNS]
    for column in ("left", "match", "right", "article_id", "context", *META_COLUMNS):
        lines[column] = lines[column].astype("string")
    return lines.astype({"sentence_id": "int64", "start": "int64", "end": "int64"})


def format_kwic(lines: pd.DataFrame, window: int = 60) -> str:
    """Return kwic lines as aligned plain text: left context right-aligned, match in brackets.

    One line per match, then ``source date article_id``; ends with the number of lines.
    """
    out = []
    line: Any  # a row namedtuple
    for line in lines.itertuples(index=False):
        meta = " ".join(
            str(value) for value in (line.source, line.date, line.article_id) if not pd.isna(value)
        )
        out.append(f"{line.left:>{window}}[{line.match}]{line.right:<{window}}  {meta}")
    out.append(f"{len(lines)} line{'s' if len(lines) != 1 else ''}")
    return "\n".join(out)


def _sentence_at(lines: pd.DataFrame, offsets: pd.Series, sentences: pd.DataFrame) -> pd.DataFrame:
    """Return, per kwic line, the sentence starting last at or before ``offsets`` (``sentence_id``,
    ``start``, ``end``; sentence 0 at offset 0 for a match before any sentence)."""
    left = pd.DataFrame(
        {
            "article_id": lines["article_id"].astype(str).to_numpy(),
            "offset": offsets.astype("int64").to_numpy(),
            "_line": np.arange(len(lines)),
        }
    ).sort_values("offset", kind="stable")
    right = pd.DataFrame(
        {
            "article_id": sentences["article_id"].astype(str),
            "offset": sentences["start"].astype("int64"),
            "sentence_id": sentences["sentence_id"].astype("int64"),
            "sentence_start": sentences["start"].astype("int64"),
            "sentence_end": sentences["end"].astype("int64"),
        }
    ).sort_values("offset", kind="stable")
    joined = pd.merge_asof(left, right, on="offset", by="article_id", direction="backward")
    joined = joined.sort_values("_line")
    # A match before the first sentence (cannot happen with ingest's tables) gets sentence 0.
    return pd.DataFrame(
        {
            "sentence_id": joined["sentence_id"].fillna(0).astype("int64").to_numpy(),
            "start": joined["sentence_start"].fillna(joined["offset"]).astype("int64").to_numpy(),
            "end": joined["sentence_end"].fillna(joined["offset"]).astype("int64").to_numpy(),
        }
    )


def _sentence_context(
    lines: pd.DataFrame, sentences: pd.DataFrame, texts: dict[str, str]
) -> tuple[np.ndarray, list[str]]:
    """Return per kwic line the id of the sentence where the match starts, and the full
    context: every sentence the match touches, whitespace collapsed (at most
    :data:`MAX_CONTEXT` characters each side of the match)."""
    first = _sentence_at(lines, lines["start"], sentences)
    last = _sentence_at(lines, (lines["end"] - 1).clip(lower=lines["start"]), sentences)
    contexts = []
    for article_id, start, end, left, right in zip(
        lines["article_id"], lines["start"], lines["end"], first["start"], last["end"], strict=True
    ):
        left = max(int(left), int(start) - MAX_CONTEXT)
        right = min(max(int(right), int(end)), int(end) + MAX_CONTEXT)
        contexts.append(_SPACES.sub(" ", texts.get(str(article_id), "")[left:right]).strip())
    return first["sentence_id"].to_numpy(), contexts


#: The ``field`` of a span found in the headline (offsets into ``articles.title``).
TITLE_FIELD = "title"


def _term_spans(term: str, features: FeatureSet | None, processed_dir: Path) -> pd.DataFrame | None:
    """Return the spans of ``term`` (with ``field``: "body" unless in the headline), or None
    without a spans table."""
    columns = ["article_id", "sentence_id", "start", "end", "term", "kind"]
    if features is not None:
        available = list(features.spans.columns)
        spans = features.spans.loc[features.spans["term"] == term]
    elif table_path(processed_dir, "spans").exists():
        available = table_columns(processed_dir, "spans")
        wanted = columns + (["field"] if "field" in available else [])
        spans = (
            dataset(processed_dir, "spans")
            .to_table(columns=wanted, filter=pc.field("term") == term)
            .to_pandas()
        )
    else:
        return None
    field = spans["field"].astype("string") if "field" in available else None
    spans = spans[columns].assign(field="body" if field is None else field.fillna("body"))
    return spans


def term_contexts(
    term: str,
    *,
    kind: str | None = None,
    window: int = 60,
    features: FeatureSet | None = None,
    corpus: Corpus | None = None,
    processed_dir: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Return every hit of lexicon ``term`` across the corpus as kwic-shaped lines.

    The hits come from the spans table (``framing features``), so they are exactly what the
    features counted, inflections included (``kind`` keeps one kind of span, e.g.
    ``"loaded"``); the context is cut from the article text like :func:`kwic`'s, or from the
    headline for a hit in it (``sentence_id`` -1, ``context`` "Headline: ..."). Without a
    spans table, falls back to :func:`kwic` on the term's words.

    >>> term_contexts("proxy war")[["left", "match", "right", "source"]]   # doctest: +SKIP
    """
    processed_dir = open_corpus(corpus, processed_dir).processed_dir
    spans = _term_spans(term, features, processed_dir)
    if spans is None:
        return kwic(term, window, processed_dir=processed_dir)
    if kind is not None:
        spans = spans[spans["kind"] == kind]
    spans = spans.drop_duplicates(["article_id", "field", "start", "end"])
    if spans.empty:
        return _empty_kwic()
    ids = list(dict.fromkeys(spans["article_id"]))
    articles = read_rows(
        processed_dir, "articles", ids, ["article_id", "title", "text", *META_COLUMNS]
    )
    texts = {str(k): v or "" for k, v in zip(articles["article_id"], articles["text"], strict=True)}
    titles = {
        str(k): v or "" for k, v in zip(articles["article_id"], articles["title"], strict=True)
    }
    in_title = (spans["field"] == TITLE_FIELD).to_numpy()
    rows = [
        _context((titles if headline else texts).get(str(article_id), ""), start, end, window)
        for article_id, start, end, headline in zip(
            spans["article_id"], spans["start"], spans["end"], in_title, strict=True
        )
    ]
    lines = pd.DataFrame(rows, columns=["left", "match", "right"], dtype="string")
    lines["article_id"] = spans["article_id"].astype("string").to_numpy()
    lines["sentence_id"] = spans["sentence_id"].fillna(-1).astype("int64").to_numpy()
    lines["start"] = spans["start"].astype("int64").to_numpy()
    lines["end"] = spans["end"].astype("int64").to_numpy()
    sentences = read_rows(
        processed_dir, "sentences", ids, ["article_id", "sentence_id", "start", "end"]
    )
    contexts = _sentence_context(lines, sentences, texts)[1]
    lines["context"] = pd.Series(
        [
            "Headline: " + _SPACES.sub(" ", titles.get(str(a), "")).strip() if headline else c
            for a, headline, c in zip(lines["article_id"], in_title, contexts, strict=True)
        ],
        index=lines.index,
        dtype="string",
    )
    lines.loc[in_title, "sentence_id"] = -1
    meta = articles[["article_id", *META_COLUMNS]].astype("string")
    return lines.merge(meta, on="article_id", how="left", validate="many_to_one")


def count_note(term: str, lines: pd.DataFrame) -> str:
    """Return a sentence explaining how many of ``lines`` (from :func:`term_contexts`) are
    the exact phrase ``term``, how many are variants of the lexicon entry and how many are
    in headlines (``sentence_id`` -1), none of which :func:`kwic` searches.

    >>> lines = pd.DataFrame({"match": ["invasion", "Invasion", "invaded"]})
    >>> count_note("invasion", lines)[:70]
    "3 matches of the lexicon entry 'invasion', variants included (invaded "
    """
    forms = lines["match"].astype(str).map(lambda m: _SPACES.sub(" ", m).strip().casefold())
    wanted = _SPACES.sub(" ", term).strip().casefold()
    exact = int((forms == wanted).sum())
    variants = forms[forms != wanted].value_counts()
    headlines = int((lines["sentence_id"] == -1).sum()) if "sentence_id" in lines else 0
    count = len(lines)
    noun = "match" if count == 1 else "matches"
    if variants.empty and not headlines:
        return f"{count} {noun} of the lexicon entry '{term}', all of them the exact phrase."
    listed = ", ".join(f"{form} {n}" for form, n in variants.head(6).items())
    more = ", ..." if len(variants) > 6 else ""
    text = f"{count} {noun} of the lexicon entry '{term}'"
    if listed:
        text += f", variants included ({listed}{more})"
    text += f"; {exact} of them {'is' if exact == 1 else 'are'} the exact phrase"
    if headlines:
        text += f", {headlines} {'is' if headlines == 1 else 'are'} in headlines"
    return f"{text}. kwic('{term}') finds only the exact phrase, in article texts."
