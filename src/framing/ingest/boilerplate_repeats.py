"""Lines that recur across the articles of one source: site furniture, not article text.

A widget ("CLICK HERE TO GET THE FOX NEWS APP", "ADVERTISEMENT") appears in many different
articles of one site. A sentence of a story that was scraped five times appears in five
articles too, but they are one story: near-duplicate articles are merged into one cluster
first, and a line counts once per cluster.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from framing.textnorm import fold_typography

_WORDS = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


def line_key(line: str) -> str:
    """Return the comparison key of a line: folded, lower-case, spaces collapsed, no end marks.

    >>> line_key("  CLICK HERE to get the app! ")
    'click here to get the app'
    """
    folded = _SPACE.sub(" ", fold_typography(line)).strip().lower()
    return folded.strip(" .,:;!?\"'-")


def article_lines(text: str) -> list[str]:
    """Return the stripped, non-empty lines of an article text."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def article_clusters(line_sets: list[frozenset[str]], *, near_duplicate: float = 0.5) -> list[int]:
    """Return a cluster number per article: articles sharing >= ``near_duplicate`` of their
    line keys (Jaccard) join the cluster of the first such article."""
    cluster_of: list[int] = []
    members_by_key: dict[str, set[int]] = {}
    for index, keys in enumerate(line_sets):
        candidates: set[int] = set()
        for key in keys:
            candidates |= members_by_key.get(key, set())
        match = next(
            (j for j in sorted(candidates) if _jaccard(keys, line_sets[j]) >= near_duplicate),
            None,
        )
        cluster_of.append(cluster_of[match] if match is not None else index)
        for key in keys:
            members_by_key.setdefault(key, set()).add(index)
    return cluster_of


def repeated_lines(
    texts_by_source: Mapping[str, Iterable[str]],
    *,
    min_articles: int = 3,
    near_duplicate: float = 0.5,
) -> dict[str, frozenset[str]]:
    """Return, per source, the keys (:func:`line_key`) of lines found in ``min_articles`` or
    more distinct articles of that source.

    ``texts_by_source`` maps a source (site, outlet, or whatever groups articles of one
    publisher) to its article texts. Near-duplicate articles (line-key Jaccard >=
    ``near_duplicate``) count once, so a story scraped several times does not make its own
    sentences "repeated".

    >>> texts = {"fox": ["A.\\nCLICK HERE", "B.\\nCLICK HERE", "C.\\nCLICK HERE"]}
    >>> sorted(repeated_lines(texts)["fox"])
    ['click here']
    """
    result: dict[str, frozenset[str]] = {}
    for source, texts in texts_by_source.items():
        line_sets = [frozenset(k for k in map(line_key, article_lines(t)) if k) for t in texts]
        clusters = article_clusters(line_sets, near_duplicate=near_duplicate)
        clusters_by_key: dict[str, set[int]] = {}
        for keys, cluster in zip(line_sets, clusters, strict=True):
            for key in keys:
                clusters_by_key.setdefault(key, set()).add(cluster)
        result[source] = frozenset(
            key for key, found in clusters_by_key.items() if len(found) >= min_articles
        )
    return result


def word_set(line: str) -> frozenset[str]:
    """Return the set of lower-case words of a line."""
    return frozenset(_WORDS.findall(line.lower()))


def contained_in_other(lines: list[str], *, min_words: int = 8) -> list[float]:
    """Return, per line, the largest share of its words found in one other, longer line of
    the same article (0.0 for lines shorter than ``min_words``): high for a pull quote that
    repeats a sentence of the body."""
    sets = [word_set(line) for line in lines]
    shares: list[float] = []
    for i, words in enumerate(sets):
        best = 0.0
        if len(words) >= min_words:
            for j, other in enumerate(sets):
                if j != i and len(lines[j]) > len(lines[i]):
                    best = max(best, len(words & other) / len(words))
        shares.append(best)
    return shares
