"""The rows each feature family adds to the span table, for one article of a chunk.

Each function appends the family's hits as rows in
:data:`framing.features.span_table.ROW_FIELDS` order (``position`` is the article's place
in its chunk) and returns what the article table counts. Per-hit work is one tuple each.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from framing.features.frames import DIMENSIONS, Frames, frame_hits
from framing.features.lexicon import Lexicon
from framing.features.loaded_terms import hit_rows
from framing.features.stance import cue_rows


def loaded_spans(
    spans: list[tuple],
    position: int,
    text: str,
    sentence_bounds: tuple[list[int], list[int]],
    lexicon: Lexicon,
    regions: list[tuple[int, int]],
    hits: list[tuple[int, int, int]],
) -> dict[str, int]:
    """Add the loaded terms of an article; return its counts per ``loaded_*`` column.

    ``hits`` is ``lexicon.matcher.match(text)``; the quoted status of a hit is judged on the
    whole article (its quotation ``regions``). Hits outside every sentence are left out.
    """
    starts, ends = sentence_bounds
    counts: dict[str, int] = {}
    for hit in hit_rows(text, lexicon, regions=regions, spans=hits):
        start, end, surface, term, category, _side, _valence, why, quoted, negated = hit
        k = bisect.bisect_right(starts, start) - 1
        if k < 0 or start >= ends[k]:
            continue  # outside every sentence (e.g. text the segmenter dropped)
        spans.append(
            (position, start, end, surface, "loaded", term, category, bool(quoted),
             bool(negated), why)
        )  # fmt: skip
        keys = ["loaded_hits", f"loaded_{category}"]
        if quoted:
            keys.append("loaded_quoted")
        if negated:
            keys.append("loaded_negated")
        if not quoted and not negated:
            keys.append("loaded_author_voice")
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    return counts


def actor_spans(
    spans: list[tuple],
    position: int,
    text: str,
    sentence_starts: Sequence[int],
    hits: Sequence[Sequence[tuple[int, int, str]]],
) -> None:
    """Add an article's actor mentions: ``hits`` per sentence, offsets within the sentence."""
    for s_start, sentence_hits in zip(sentence_starts, hits, strict=True):
        for a_start, a_end, actor in sentence_hits:
            start, end = s_start + a_start, s_start + a_end
            spans.append(
                (position, start, end, text[start:end], "actor", actor, "actor", None, None, None)
            )


def stance_spans(spans: list[tuple], position: int, text: str) -> dict[str, int]:
    """Add an article's stance cues; return their counts per cue category."""
    cue_counts: dict[str, int] = {}
    for start, end, surface, cue in cue_rows(text):
        cue_counts[cue] = cue_counts.get(cue, 0) + 1
        spans.append(
            (position, start, end, surface, "stance", " ".join(surface.lower().split()),
             cue, None, None, None)
        )  # fmt: skip
    return cue_counts


def frame_spans(spans: list[tuple], position: int, text: str, frame_set: Frames) -> dict[str, int]:
    """Add an article's frame-seed hits; return their counts per dimension."""
    frame_counts = dict.fromkeys(DIMENSIONS, 0)
    for start, end, dimension, seed in frame_hits(text, frame_set):
        frame_counts[dimension] += 1
        spans.append(
            (position, start, end, text[start:end], "frame", seed, dimension, None, None,
             frame_set.definitions.get(dimension) or None)
        )  # fmt: skip
    return frame_counts
