"""The rows each feature family adds to the span table, for one article of a chunk.

Each function appends the family's hits as rows in
:data:`framing.features.span_table.ROW_FIELDS` order (``position`` is the article's place
in its chunk) and returns what the article table counts. Per-hit work is one tuple each.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from framing.features import span_table
from framing.features.competing_labels import load_label_sets
from framing.features.domains import DomainDetector, article_domains, load_domain_packs
from framing.features.frames import DIMENSIONS, Frames, frame_hits
from framing.features.lexicon import Lexicon
from framing.features.loaded_terms import hit_rows
from framing.features.phrase_matcher import PhraseMatcher, matcher_group, normalize
from framing.features.quoted_regions import quoted_regions
from framing.features.stance import cue_rows, default_stance


def scans(
    ids: Sequence[str],
    texts: Mapping[str, str],
    lexicon: PhraseMatcher,
    actors: PhraseMatcher,
    domains: DomainDetector,
) -> dict[str, list[list[tuple[int, int, int]]]]:
    """Return per article the candidates of five phrase matchers, found in one pass (not five).

    The matchers, in order: ``lexicon``, ``actors``, the default label sets', the default
    stance cues' and the seeds of ``domains`` (``PhraseMatcher.match(text, candidates)`` takes
    each share).
    """
    group = matcher_group(
        lexicon, actors, load_label_sets().matcher, default_stance().matcher, domains.matcher
    )
    return {aid: group.candidates(normalize(texts[aid]).text) for aid in ids}


def scans_and_domains(
    ids: Sequence[str],
    texts: Mapping[str, str],
    titles: Mapping[str, str],
    given: Iterable[object] | None,
    lexicon: Lexicon,
    actors: PhraseMatcher,
) -> tuple[dict[str, list[list[tuple[int, int, int]]]], dict[str, str]]:
    """Return :func:`scans` of the articles and each one's domain: ``given`` (an articles-table
    column) where set, else detected from the seeds of the packaged domain packs and of the
    lexicon's own (:attr:`~framing.features.lexicon.Lexicon.domain_packs`)."""
    detector = load_domain_packs(lexicon.domain_packs)
    found = scans(ids, texts, lexicon.matcher, actors, detector)
    seeds = {aid: scan[4] for aid, scan in found.items()}
    return found, article_domains(ids, texts, titles, given, seeds, detector)


def loaded_spans(
    spans: list[tuple],
    position: int,
    text: str,
    sentence_bounds: tuple[list[int], list[int]] | None,
    lexicon: Lexicon,
    regions: list[tuple[int, int]],
    hits: list[tuple[int, int, int]],
    loaded: list[tuple[int, int, str, bool]],
    prefix: str = "",
    domain: str | None = None,
) -> dict[str, int]:
    """Add the loaded terms of an article; return its counts per ``loaded_*`` column.

    ``hits`` is ``lexicon.matcher.match(text)``; the quoted status of a hit is judged on the
    whole article (its quotation ``regions``). Hits outside every sentence are left out
    (``sentence_bounds`` None, for a title, keeps all). ``(position, start, side,
    distanced)`` of each hit is added to ``loaded`` (the span table's ``side`` and
    ``distanced``). Counts are named with ``prefix`` (``title_`` for a title) except the side
    counts (``side_*``, ``distanced_*``), which add up title and body.
    """
    counts: dict[str, int] = {}
    for hit in hit_rows(text, lexicon, regions=regions, spans=hits, domain=domain):
        start, end, surface, term, category, side, _valence, why, quoted, negated, away = hit
        if sentence_bounds is not None:
            starts, ends = sentence_bounds
            k = bisect.bisect_right(starts, start) - 1
            if k < 0 or start >= ends[k]:
                continue  # outside every sentence (e.g. text the segmenter dropped)
        spans.append(
            (position, start, end, surface, "loaded", term, category, bool(quoted),
             bool(negated), why)
        )  # fmt: skip
        loaded.append((position, start, side, bool(away)))
        keys = [f"{prefix}loaded_hits"]
        if not prefix:
            keys.append(f"loaded_{category}")
        if away:
            keys.append(f"{prefix}loaded_distanced")
            if side != "none" and not negated:
                keys.append(f"distanced_{side}")
        if quoted:
            keys.append(f"{prefix}loaded_quoted")
        if negated:
            keys.append(f"{prefix}loaded_negated")
        if not quoted and not negated and not away:
            keys.append(f"{prefix}loaded_author_voice")
            if side != "none":
                keys.append(f"side_{side}")
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    return counts


def titles_of(articles: pd.DataFrame, ids: Sequence[str]) -> dict[str, str]:
    """Return article id -> title for the articles that have one (a ``title`` column)."""
    if "title" not in articles.columns:
        return {}
    return {a: t for a, t in zip(ids, articles["title"], strict=True) if isinstance(t, str) and t}


def add_title_hits(
    counts: dict[str, int],
    rows: list[tuple],
    position: int,
    title: str,
    lexicon: Lexicon,
    loaded: list[tuple[int, int, str, bool]],
    domain: str | None = None,
) -> None:
    """Add a title's loaded terms to ``rows`` and its ``title_*`` and side counts to ``counts``."""
    found = loaded_spans(
        rows, position, title, None, lexicon, quoted_regions(title), lexicon.matcher.match(title),
        loaded, prefix="title_", domain=domain,
    )  # fmt: skip
    for key, value in found.items():
        counts[key] = counts.get(key, 0) + value


def with_title_spans(
    body: pd.DataFrame,
    rows: list[tuple],
    article_ids: Sequence[str],
    titles: Mapping[str, str],
    loaded: list[tuple[int, int, str, bool]],
    width: int,
) -> pd.DataFrame:
    """Return the chunk's span table with its title rows (``field`` "title") added."""
    if not rows:
        return body
    empty = np.zeros(0, dtype=np.int64)
    title_table = span_table.build(
        rows, article_ids, [titles.get(a, "") for a in article_ids], (empty, empty, empty, empty),
        [quoted_regions(titles.get(a, "")) for a in article_ids], width, loaded=loaded,
        field="title",
    )  # fmt: skip
    return span_table.with_titles(body, title_table, article_ids)


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


def stance_spans(
    spans: list[tuple], position: int, text: str, candidates: list[tuple] | None = None
) -> dict[str, int]:
    """Add an article's stance cues; return their counts per cue category.

    ``candidates``: the default stance matcher's, when the article was scanned already.
    """
    cue_counts: dict[str, int] = {}
    for start, end, surface, cue in cue_rows(text, candidates=candidates):
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
