"""A memo for the hot paths of feature extraction: word → value, with bounded memory.

News repeats its words, so the per-word work of readability, word counts and VADER's token
stripping is done once per distinct word and then looked up: a plain ``dict`` look-up (with
``__missing__`` on a miss) is several times faster than ``functools.lru_cache``, and a
``map(cache.__getitem__, words)`` runs the hits in C.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: A cache is emptied when it grows past this many entries (bounded memory on any corpus).
CACHE_LIMIT = 1 << 18


class BoundedCache(dict):
    """key → ``compute(key)``, filled on a miss; emptied past :data:`CACHE_LIMIT` entries.

    >>> lengths = BoundedCache(len)
    >>> lengths["war"], len(lengths)
    (3, 1)
    """

    def __init__(self, compute: Callable[[str], Any]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: str) -> Any:
        if len(self) >= CACHE_LIMIT:
            self.clear()
        value = self[key] = self.compute(key)
        return value
