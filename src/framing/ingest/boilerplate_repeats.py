"""Lines that recur across the articles of one source: site furniture, not article text.

A widget ("CLICK HERE TO GET THE FOX NEWS APP", "ADVERTISEMENT") appears in many different
articles of one site. A sentence of a story that was scraped five times appears in five
articles too, but they are one story: near-duplicate articles are merged into one cluster
first, and a line counts once per cluster.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Collection, Iterable, Mapping

from framing.textnorm import fold_typography

_WORDS = re.compile(r"\w+")


def line_key(line: str) -> str:
    """Return the comparison key of a line: folded, lower-case, spaces collapsed, no end marks.

    >>> line_key("  CLICK HERE to get the app! ")
    'click here to get the app'
    """
    return folded_line_key(fold_typography(line))


def folded_line_key(folded: str) -> str:
    """Return :func:`line_key` of a line already passed through ``fold_typography``."""
    return " ".join(folded.lower().split()).strip(" .,:;!?\"'-")


def repeat_source(fields: Mapping[str, str], collection: str) -> str:
    """Return the group whose articles are compared for repeated lines: the record's
    ``source`` (site, outlet) when it has one, else its collection.

    >>> repeat_source({"source": "Fox News"}, "ukraine"), repeat_source({}, "ukraine")
    ('source:Fox News', 'collection:ukraine')
    """
    source = fields.get("source")
    return f"source:{source}" if source else f"collection:{collection}"


def article_lines(text: str) -> list[str]:
    """Return the stripped, non-empty lines of an article text."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def article_clusters(
    line_sets: list[frozenset[str]], *, near_duplicate: float = 0.5, max_clusters: int = 2
) -> list[int]:
    """Return a cluster number per article: articles sharing >= ``near_duplicate`` of their
    line keys (Jaccard) join the cluster of the first such article.

    Candidates are found through keys seen in at most ``max_clusters`` clusters so far: a
    widget line found in every article would make this quadratic, and a key already in
    more clusters than that is counted as repeated whatever the clustering decides.
    """
    cluster_of: list[int] = []
    members_by_key: dict[str, list[int]] = {}
    clusters_by_key: dict[str, set[int]] = {}
    for index, keys in enumerate(line_sets):
        candidates: set[int] = set()
        for key in keys:
            if len(clusters_by_key.get(key, ())) <= max_clusters:
                candidates.update(members_by_key.get(key, ()))
        match = next(
            (j for j in sorted(candidates) if _jaccard(keys, line_sets[j]) >= near_duplicate),
            None,
        )
        cluster_of.append(cluster_of[match] if match is not None else index)
        for key in keys:
            clusters = clusters_by_key.setdefault(key, set())
            clusters.add(cluster_of[index])
            if len(clusters) <= max_clusters:
                members_by_key.setdefault(key, []).append(index)
            else:
                members_by_key.pop(key, None)
    return cluster_of


def repeated_lines(
    texts_by_source: Mapping[str, Iterable[str]],
    *,
    min_articles: int = 3,
    min_share: float = 0.01,
    near_duplicate: float = 0.5,
) -> dict[str, frozenset[str]]:
    """Return, per source, the keys (:func:`line_key`) of lines found in ``min_articles`` or
    more distinct articles of that source, and in at least ``min_share`` of them.

    ``texts_by_source`` maps a source (site, outlet, or whatever groups articles of one
    publisher) to its article texts. Near-duplicate articles (line-key Jaccard >=
    ``near_duplicate``) count once, so a story scraped several times does not make its own
    sentences "repeated". ``min_share`` matters for large sources only: a background
    sentence an outlet reuses in 20 of its 10,000 stories is prose; its widgets recur in
    far more.

    >>> texts = {"fox": ["A.\\nCLICK HERE", "B.\\nCLICK HERE", "C.\\nCLICK HERE"]}
    >>> sorted(repeated_lines(texts)["fox"])
    ['click here']
    """
    result: dict[str, frozenset[str]] = {}
    for source, texts in texts_by_source.items():
        line_sets = [frozenset(k for k in map(line_key, article_lines(t)) if k) for t in texts]
        # A key in `at_most` clusters or more is repeated whatever the clustering decides.
        at_most = max(min_articles, math.ceil(min_share * len(line_sets)))
        clusters = article_clusters(
            line_sets, near_duplicate=near_duplicate, max_clusters=at_most - 1
        )
        needed = max(min_articles, math.ceil(min_share * len(set(clusters))))
        clusters_by_key: dict[str, set[int]] = {}
        for keys, cluster in zip(line_sets, clusters, strict=True):
            for key in keys:
                clusters_by_key.setdefault(key, set()).add(cluster)
        result[source] = frozenset(
            key for key, found in clusters_by_key.items() if len(found) >= needed
        )
    return result


@functools.lru_cache(maxsize=4096)
def word_set(line: str) -> frozenset[str]:
    """Return the set of lower-case words of a line (memoized: the cleaner reads a body
    twice)."""
    return frozenset(_WORDS.findall(line.lower()))


def contained_in_other(
    lines: list[str], *, min_words: int = 8, only: Collection[int] | None = None
) -> list[float]:
    """Return, per line, the largest share of its words found in one other, longer line of
    the same article (0.0 for lines shorter than ``min_words``): high for a pull quote that
    repeats a sentence of the body. With ``only``, lines outside it get 0.0 unscored."""
    scored = {i: word_set(lines[i]) for i in (range(len(lines)) if only is None else only)}
    scored = {i: words for i, words in scored.items() if len(words) >= min_words}
    shares = [0.0] * len(lines)
    if not scored:  # the usual case: no short line long enough to be a pull quote
        return shares
    sets = [scored.get(i) or word_set(line) for i, line in enumerate(lines)]
    for i, words in scored.items():
        for j, other in enumerate(sets):
            if j != i and len(lines[j]) > len(lines[i]):
                shares[i] = max(shares[i], len(words & other) / len(words))
    return shares
