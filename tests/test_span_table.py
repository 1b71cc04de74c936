"""The chunk span table: its vectorized lookups equal the per-hit definitions they replace."""

from __future__ import annotations

import bisect
import random
import re

import numpy as np

from framing.features.quoted_regions import in_regions, quoted_regions
from framing.features.span_table import SPAN_COLUMNS, build, collapse_spaces, containing, contexts


def _kwic(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    """The per-hit definition: whitespace-collapsed windows of ``width`` characters."""
    return (
        " ".join(text[max(0, start - width) : start].split()),
        " ".join(text[end : end + width].split()),
    )


def _random_text(rng: random.Random, size: int) -> str:
    alphabet = ["a", "b", "Z", "é", " ", " ", "  ", "\n", "\n\n", "\t", "\xa0", "\u2009", "."]
    return "".join(rng.choice(alphabet) for _ in range(size))


def test_collapse_spaces_maps_every_window_to_its_collapsed_text() -> None:
    rng = random.Random(3)
    for _ in range(200):
        text = _random_text(rng, rng.randint(0, 40))
        collapsed, where = collapse_spaces(text)
        assert collapsed == re.sub(r"\s+", " ", text)
        for a in range(len(text) + 1):
            for b in range(a, len(text) + 1):
                assert collapsed[where[a] : where[b]].strip() == " ".join(text[a:b].split())


def test_contexts_equal_per_hit_windows_and_stop_at_the_article_edge() -> None:
    texts = ["Kyiv said\n\nthe  proxy war\tgoes on.", "A proxy war. Another\xa0one", ""]
    hits = [(0, 17, 26), (0, 0, 4), (1, 2, 11), (1, 21, 24)]
    positions, starts, ends = (np.array(column) for column in zip(*hits, strict=True))
    left, right = contexts(texts, positions, starts, ends, width=12)
    expected = [_kwic(texts[p], s, e, 12) for p, s, e in hits]
    assert list(zip(left, right, strict=True)) == expected
    # The first article's right context ends at its own end, not in the next article.
    assert right[0] == "goes on."
    assert left[2] == "A"


def test_containing_is_the_bisect_lookup_per_article() -> None:
    rng = random.Random(5)
    intervals: list[tuple[int, int, int]] = []
    for position in range(6):
        cursor = rng.randint(0, 5)
        for _ in range(rng.randint(0, 4)):
            start = cursor + rng.randint(0, 3)
            end = start + rng.randint(1, 6)
            intervals.append((position, start, end))
            cursor = end
    array = np.array(intervals, dtype=np.int64).reshape(-1, 3)
    queries = [(p, o) for p in range(7) for o in range(40)]
    positions, offsets = (np.array(column) for column in zip(*queries, strict=True))
    got = containing(array[:, 0], array[:, 1], array[:, 2], positions, offsets)
    for (position, offset), index in zip(queries, got, strict=True):
        own = [(s, e) for p, s, e in intervals if p == position]
        k = bisect.bisect_right([s for s, _ in own], offset) - 1
        inside = k >= 0 and offset < own[k][1]
        assert (index >= 0) == inside
        if inside:
            assert tuple(intervals[index]) == (position, *own[k])


def test_build_sorts_rows_and_fills_sentence_quoted_and_context() -> None:
    texts = ['He said: "this proxy war is unprovoked". Then silence.', "Plain text here."]
    sentences = (
        np.array([0, 0, 1]),
        np.array([0, 41, 0]),
        np.array([40, 54, 16]),
        np.array([0, 1, 0]),
    )
    regions = [quoted_regions(t) for t in texts]
    rows = [
        # position, start, end, text, kind, term, category, quoted, negated, explanation
        (1, 6, 10, "text", "frame", "text", "other", None, None, "Other frame"),
        (0, 15, 24, "proxy war", "loaded", "proxy war", "war naming", False, False, "why"),
        (0, 15, 24, "proxy war", "frame", "war", "security", None, None, None),
        (0, 46, 53, "silence", "stance", "silence", "hedge", None, None, None),
        (0, 3, 7, "said", "quote", None, None, True, None, None),
    ]
    table = build(rows, ["a1", "a2"], texts, sentences, regions, width=10)
    assert list(table.columns) == list(SPAN_COLUMNS)
    assert table.dtypes.equals(table.astype(SPAN_COLUMNS).dtypes)
    assert table[["article_id", "start", "kind"]].values.tolist() == [
        ["a1", 3, "quote"],
        ["a1", 15, "frame"],
        ["a1", 15, "loaded"],
        ["a1", 46, "stance"],
        ["a2", 6, "frame"],
    ]
    assert table["sentence_id"].tolist() == [0, 0, 0, 1, 0]
    # quoted: given values kept (the loaded hit says False), the rest from the regions.
    assert table["quoted"].tolist() == [True, True, False, False, False]
    assert table["negated"].isna().tolist() == [True, True, False, True, True]
    for row in table.itertuples(index=False):
        text = texts[0 if row.article_id == "a1" else 1]
        assert (row.left, row.right) == _kwic(text, row.start, row.end, 10)
    assert in_regions(15, regions[0]) and not in_regions(46, regions[0])


def test_build_leaves_sentence_missing_outside_every_sentence() -> None:
    sentences = (np.array([0]), np.array([5]), np.array([9]), np.array([7]))
    rows = [(0, 1, 3, "bc", "frame", "bc", "other", None, None, None),
            (0, 6, 8, "gh", "frame", "gh", "other", None, None, None)]  # fmt: skip
    table = build(rows, ["x"], ["abcdefghij"], sentences, [[]], width=3)
    assert table["sentence_id"].isna().tolist() == [True, False]
    assert table["sentence_id"].iloc[1] == 7


def test_build_of_no_rows_is_an_empty_typed_table() -> None:
    empty = (np.array([], dtype=np.int64),) * 4
    table = build([], [], [], empty, [], width=40)
    assert table.empty and list(table.columns) == list(SPAN_COLUMNS)
    assert str(table["sentence_id"].dtype) == "Int64"
