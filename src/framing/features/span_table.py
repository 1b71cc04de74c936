"""The span table of one extraction chunk, built column by column.

Every feature family reports its hits as light rows (:data:`ROW_FIELDS`): the article's
position in the chunk, offsets, surface text, kind, term, category, quoted status (``None``
when the family leaves it to the quotation regions), negation and explanation. What every
hit needs besides (the sentence it lies in, whether it stands inside a quotation, and its
keyword-in-context) is computed here once for the whole chunk with sorted-array lookups,
instead of one bisect and two string splits per hit: a chunk of 200 articles has about
45,000 spans. ``side`` and ``distanced`` are set on loaded-term rows (from the records the
loaded family hands in) and missing on the others; ``field`` says whether offsets point
into the article's ``body`` (its text) or its ``title``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

#: Columns of the span table and their dtypes, in order.
SPAN_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "sentence_id": "Int64",
    "start": "int64",
    "end": "int64",
    "text": "string",
    "kind": "string",
    "term": "string",
    "category": "string",
    "quoted": "bool",
    "negated": "boolean",
    "side": "string",
    "distanced": "boolean",
    "field": "string",
    "left": "string",
    "right": "string",
    "explanation": "string",
}
#: The fields of a row handed in by a feature family.
ROW_FIELDS = ("position", "start", "end", "text", "kind", "term", "category", "quoted",
              "negated", "explanation")  # fmt: skip

#: Every character ``str.split()`` splits on, but the plain space (all lie below U+3001).
_OTHER_SPACES = tuple(c for c in map(chr, range(0x3001)) if c.isspace() and c != " ")
_SPACE_RUN = re.compile("  +")
# Article offsets fit in 32 bits; (position, offset) pairs are compared as one int64 key.
_SHIFT = 32


def _keys(positions: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    return (positions.astype(np.int64) << _SHIFT) | offsets.astype(np.int64)


def collapse_spaces(text: str) -> tuple[str, np.ndarray]:
    """Return ``text`` with every whitespace run as one space, and where each offset went.

    ``where[i]`` (for ``i`` in ``0..len(text)``) is chosen so that for any ``a <= b``,
    ``collapsed[where[a]:where[b]].strip() == " ".join(text[a:b].split())``: the first
    character of a run maps to its space, the others (and the character after the run) to
    the character after that space.

    >>> collapsed, where = collapse_spaces("a \\n\\n b")
    >>> collapsed, where.tolist()
    ('a b', [0, 1, 2, 2, 2, 2, 3])
    """
    flat = text
    for char in _OTHER_SPACES:  # str.replace per present character: C speed
        if char in flat:
            flat = flat.replace(char, " ")
    # Each run keeps its first space and drops the rest: mark where the dropped stretch
    # starts (+1) and ends (-1); one running sum flags dropped characters, a second counts
    # the characters dropped before each offset.
    edges = np.zeros(len(text) + 1, dtype=np.int64)
    pieces, last = [], 0
    for run in _SPACE_RUN.finditer(flat):
        edges[run.start() + 1] += 1
        edges[run.end()] -= 1
        pieces.append(flat[last : run.start() + 1])
        last = run.end()
    pieces.append(flat[last:])
    dropped_before = np.concatenate(([0], np.cumsum(np.cumsum(edges[:-1]))))
    return "".join(pieces), np.arange(len(text) + 1, dtype=np.int64) - dropped_before


def contexts(
    texts: Sequence[str], positions: np.ndarray, starts: np.ndarray, ends: np.ndarray, width: int
) -> tuple[list[str], list[str]]:
    """Return the left and right keyword-in-context of each span, whitespace collapsed.

    The same as ``" ".join(text[max(0, start - width):start].split())`` and
    ``" ".join(text[end:end + width].split())`` per span, where ``text`` is
    ``texts[position]``; the texts are joined and collapsed once.
    """
    if not len(positions):
        return [], []
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    bases = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    collapsed, where = collapse_spaces("\n".join(texts))
    base = bases[positions]
    left_from = where[np.maximum(base + starts - width, base)].tolist()
    left_to = where[base + starts].tolist()
    right_from = where[base + ends].tolist()
    right_to = where[np.minimum(base + ends + width, base + lengths[positions])].tolist()
    left = [collapsed[a:b].strip() for a, b in zip(left_from, left_to, strict=True)]
    right = [collapsed[a:b].strip() for a, b in zip(right_from, right_to, strict=True)]
    return left, right


def containing(
    interval_positions: np.ndarray,
    interval_starts: np.ndarray,
    interval_ends: np.ndarray,
    positions: np.ndarray,
    offsets: np.ndarray,
) -> np.ndarray:
    """Index of the interval holding each (position, offset), or -1.

    The intervals are sorted by (position, start) and do not overlap within a position.
    """
    if not len(interval_positions):
        return np.full(len(positions), -1, dtype=np.int64)
    # The last interval starting at or before each (position, offset).
    index = (
        np.searchsorted(
            _keys(interval_positions, interval_starts), _keys(positions, offsets), side="right"
        )
        - 1
    )
    safe = np.maximum(index, 0)
    inside = (
        (index >= 0)
        & (interval_positions[safe] == positions)
        & (offsets < interval_ends[safe])
    )  # fmt: skip
    return np.where(inside, index, -1)


def _strings(values: Sequence[str | None], order: np.ndarray | None = None) -> Any:
    """Return ``values`` (taken in ``order`` when given) as a pandas string array."""
    array = pa.array(values, type=pa.large_string())
    return pd.array(array if order is None else array.take(order), dtype="string")


def _order(
    positions: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    kind: Sequence[str],
    category: Sequence[str | None],
) -> np.ndarray:
    """Return the row order: article, start, end, kind, category (missing sorts as "")."""
    kind_rank = {k: i for i, k in enumerate(sorted(set(kind)))}
    category_rank = {c: i for i, c in enumerate(sorted({c or "" for c in category}))}
    return np.lexsort(
        (
            np.fromiter((category_rank[c or ""] for c in category), np.int64, len(kind)),
            np.fromiter((kind_rank[k] for k in kind), np.int64, len(kind)),
            ends,
            starts,
            positions,
        )
    )


def build(
    rows: list[tuple],
    article_ids: Sequence[str],
    texts: Sequence[str],
    sentences: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    regions: Sequence[Sequence[tuple[int, int]]],
    width: int,
    *,
    loaded: Sequence[tuple[int, int, str, bool]] = (),
    field: str = "body",
) -> pd.DataFrame:
    """Return the typed span table of ``rows`` (see :data:`ROW_FIELDS`), sorted.

    article_ids, texts
        per chunk position, the article's id and text.
    sentences
        ``(positions, starts, ends, sentence_ids)`` arrays sorted by position and start.
    regions
        per chunk position, the sorted quotation regions (``quoted_regions(text)``).
    width
        characters of context on each side.
    loaded
        ``(position, start, side, distanced)`` of each loaded-term hit.
    field
        "body" when offsets point into ``texts`` as article texts, "title" for titles.

    Rows are ordered by article, start, end, kind and category; a hit outside every
    sentence gets a missing ``sentence_id``; a row whose ``quoted`` is None is quoted when
    its start lies in a quotation region.
    """
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in SPAN_COLUMNS.items()})
    (position, start, end, surface, kind, term, category, quoted, negated,
     explanation) = zip(*rows, strict=True)  # fmt: skip
    positions = np.asarray(position, dtype=np.int64)
    starts = np.asarray(start, dtype=np.int64)
    ends = np.asarray(end, dtype=np.int64)

    order = _order(positions, starts, ends, kind, category)
    positions, starts, ends = positions[order], starts[order], ends[order]

    sentence_positions, sentence_starts, sentence_ends, sentence_ids = sentences
    sentence = containing(sentence_positions, sentence_starts, sentence_ends, positions, starts)
    region_rows = [(p, s, e) for p, spans in enumerate(regions) for s, e in spans]
    region_array = np.asarray(region_rows, dtype=np.int64).reshape(-1, 3)
    in_quote = (
        containing(region_array[:, 0], region_array[:, 1], region_array[:, 2], positions, starts)
        >= 0
    )
    given = np.asarray([q if q is not None else -1 for q in quoted], dtype=np.int8)[order]
    left, right = contexts(texts, positions, starts, ends, width)
    ids = np.asarray(article_ids, dtype=object)
    found = sentence >= 0
    table = pd.DataFrame(
        {
            "article_id": _strings(ids[positions].tolist()),
            "sentence_id": pd.arrays.IntegerArray(
                np.where(found, sentence_ids[np.maximum(sentence, 0)], 0).astype(np.int64)
                if len(sentence_ids)
                else np.zeros(len(found), dtype=np.int64),
                ~found,
            ),
            "start": starts,
            "end": ends,
            "text": _strings(surface, order),
            "kind": _strings(kind, order),
            "term": _strings(term, order),
            "category": _strings(category, order),
            "quoted": np.where(given >= 0, given == 1, in_quote),
            "negated": pd.array(pa.array(negated, type=pa.bool_()).take(order), dtype="boolean"),
            **_loaded_details(loaded, positions, starts, kind, order),
            "field": pd.array([field] * len(order), dtype="string"),
            "left": _strings(left),
            "right": _strings(right),
            "explanation": _strings(explanation, order),
        }
    )
    return table


def _loaded_details(
    records: Sequence[tuple[int, int, str, bool]],
    positions: np.ndarray,
    starts: np.ndarray,
    kinds: Sequence[str],
    order: np.ndarray,
) -> dict[str, Any]:
    """Return the ``side`` and ``distanced`` columns: set on loaded rows, missing elsewhere."""
    loaded = np.asarray([k == "loaded" for k in kinds], dtype=bool)[order]
    side = np.full(len(order), None, dtype=object)
    distanced = np.zeros(len(order), dtype=bool)
    if len(records):
        # Loaded-term hits never overlap within an article: (position, start) names one.
        keys = _keys(
            np.fromiter((r[0] for r in records), np.int64, len(records)),
            np.fromiter((r[1] for r in records), np.int64, len(records)),
        )
        by_key = np.argsort(keys, kind="stable")
        row_keys = _keys(positions, starts)
        index = np.minimum(np.searchsorted(keys[by_key], row_keys), len(keys) - 1)
        found = loaded & (keys[by_key][index] == row_keys)
        chosen = by_key[index]
        sides = np.asarray([r[2] for r in records], dtype=object)
        flags = np.fromiter((r[3] for r in records), bool, len(records))
        side[found] = sides[chosen][found]
        distanced = found & flags[chosen]
    return {
        "side": _strings(side.tolist()),
        "distanced": pd.arrays.BooleanArray(distanced, ~loaded),
    }


def with_titles(
    body: pd.DataFrame, titles: pd.DataFrame, article_ids: Sequence[str]
) -> pd.DataFrame:
    """Return the body and title span tables as one, each article's title rows first."""
    if not len(titles):
        return body
    rank = {article_id: i for i, article_id in enumerate(article_ids)}
    both = pd.concat([titles, body], ignore_index=True)
    position = both["article_id"].map(rank).to_numpy(dtype=np.int64)
    is_body = (both["field"] == "body").to_numpy(dtype=bool)
    order = np.lexsort((np.arange(len(both)), is_body, position))
    return both.iloc[order].reset_index(drop=True)
