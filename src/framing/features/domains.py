"""Domains: which story an article tells, so each loaded term is explained for that story.

Every lexicon entry has a ``domain`` (``general`` holds in any story). A *domain pack* is one
YAML file in the lexicon format with three more top-level fields: ``domain`` (its name and
its entries' default domain), ``seeds`` (words and phrases that mark an article as being
about the domain) and ``sides`` (the side values its entries may use). The packaged packs
live in ``framing/lexicons/domains/``; a user's pack is added with ``load_lexicon(extra=...)``
for its entries and :func:`load_domain_packs` for its seeds.

An article's domain (:func:`detect_domain`) is the pack whose seeds occur most often in its
title and the start of its text, with at least ``min_hits`` occurrences, else ``general``; a
collection can override it (an articles table with a ``domain`` column). A hit of an entry
whose domain is neither ``general`` nor the article's gets the general explanation of its
category and side "none" (:func:`out_of_domain`): "proxy war" in a dockworkers' strike is
not explained as a claim about Ukraine.

>>> detect_domain("Kyiv said Russian troops shelled Kharkiv; Ukraine's army and the Kremlin ...")
'russia_ukraine_war'
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from framing.errors import LexiconError
from framing.features.data_files import FileKey, file_key, read_data_file
from framing.features.lexicon import CATEGORIES, DOMAIN_PACKS, GENERAL_DOMAIN
from framing.features.phrase_matcher import PhraseMatcher

#: Seed occurrences an article needs before it is assigned a domain.
MIN_HITS = 3
#: Characters of an article's text read for its domain (a story names its topic early).
DETECT_CHARS = 4000


@dataclass(frozen=True)
class DomainPack:
    """A domain's name, detection seeds and side values (its entries are in the lexicon)."""

    domain: str
    seeds: tuple[str, ...]
    sides: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class DomainDetector:
    """One matcher over every pack's seeds; :meth:`detect` names an article's domain."""

    packs: tuple[DomainPack, ...]
    matcher: PhraseMatcher
    min_hits: int = MIN_HITS

    def detect(
        self, text: str, title: str = "", candidates: list[tuple[int, int, int]] | None = None
    ) -> str:
        """Return the domain whose seeds occur most in ``title`` and ``text``, or general.

        Only seeds ending within the first :data:`DETECT_CHARS` characters of ``text`` count.
        ``candidates`` is this detector's matcher's share of a scan of ``text`` (see
        :func:`framing.features.span_rows.scans`) when the caller has one.
        """
        counts = [0] * len(self.packs)
        for _, _, index in self.matcher.match(title) if title else ():
            counts[index] += 1
        for _, end, index in self.matcher.match(text, candidates):
            if end > DETECT_CHARS:
                break  # hits are sorted and do not overlap: the later ones end later
            counts[index] += 1
        best = max(range(len(counts)), key=counts.__getitem__, default=-1)
        if best < 0 or counts[best] < self.min_hits:
            return GENERAL_DOMAIN
        return self.packs[best].domain


def _strings(data: dict, key: str, source: str) -> tuple[str, ...]:
    values = data.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise LexiconError(f"{source}: field '{key}' must be a list of non-empty phrases")
    return tuple(v.strip() for v in values)


def parse_pack(data: object, source: str) -> DomainPack:
    """Return the :class:`DomainPack` of parsed pack YAML ``data`` (``source`` names it)."""
    if not isinstance(data, dict) or not isinstance(data.get("domain"), str):
        raise LexiconError(f"{source}: a domain pack needs a 'domain:' name at the top")
    domain = data["domain"].strip()
    if not domain.isidentifier():
        raise LexiconError(f"{source}: domain '{domain}' must be a name such as 'immigration'")
    seeds = _strings(data, "seeds", source)
    if not seeds:
        raise LexiconError(f"{source}: field 'seeds' lists no words to detect '{domain}'")
    return DomainPack(domain, seeds, _strings(data, "sides", source), source)


def packaged_pack_files() -> list[str]:
    """Return the names of the packaged domain packs (``domains/<name>.yml``)."""
    folder = resources.files("framing") / "lexicons" / DOMAIN_PACKS
    return sorted(f"{DOMAIN_PACKS}/{p.name}" for p in folder.iterdir() if p.name.endswith(".yml"))


@lru_cache(maxsize=8)
def _detector(paths: tuple[FileKey, ...], min_hits: int) -> DomainDetector:
    sources = [read_data_file(None, name) for name in packaged_pack_files()]
    sources += [read_data_file(path, "") for path, _ in paths]
    packs = [parse_pack(data, source) for source, data in sources]
    phrases = {seed: i for i, pack in enumerate(packs) for seed in pack.seeds}
    return DomainDetector(tuple(packs), PhraseMatcher(phrases), min_hits)


def load_domain_packs(
    extra: tuple[str | os.PathLike[str], ...] = (), *, min_hits: int = MIN_HITS
) -> DomainDetector:
    """Return the detector of the packaged packs and the user's ``extra`` pack files (cached).

    A lexicon loaded with a pack (``load_lexicon(extra=pack)``) lists it in
    :attr:`~framing.features.lexicon.Lexicon.domain_packs`, so
    ``load_domain_packs(lexicon.domain_packs)`` detects the pack's domain too; feature
    extraction does so by itself.
    """
    # Keyed by each file's time and size too: an edited pack is read again, not served stale.
    return _detector(tuple(file_key(p) for p in extra), min_hits)


def detect_domain(text: str, title: str = "", detector: DomainDetector | None = None) -> str:
    """Return the domain of an article from the seeds of the domain packs (or "general")."""
    return (detector or load_domain_packs()).detect(text, title)


def article_domains(
    ids: Sequence[str],
    texts: Mapping[str, str],
    titles: Mapping[str, str],
    given: Iterable[object] | None = None,
    candidates: Mapping[str, list[tuple[int, int, int]]] | None = None,
    detector: DomainDetector | None = None,
) -> dict[str, str]:
    """Return each article's domain: ``given`` (e.g. an articles-table column), else detected.

    ``given`` holds one value per id; a missing or empty one means "detect". ``detector``
    defaults to the packaged packs' (:func:`load_domain_packs`); ``candidates`` maps ids to
    its scan candidates (see :meth:`DomainDetector.detect`).
    """
    values = list(given) if given is not None else [None] * len(ids)
    detector = detector or load_domain_packs()
    found = candidates or {}
    return {
        aid: value
        if isinstance(value, str) and value
        else detector.detect(texts[aid], titles.get(aid, ""), found.get(aid))
        for aid, value in zip(ids, values, strict=True)
    }


def out_of_domain(category: str) -> str:
    """Return the explanation a hit gets outside its entry's domain: its category's.

    >>> out_of_domain("war_naming")[:40]
    'A loaded term (war naming): names the wa'
    """
    return f"A loaded term ({category.replace('_', ' ')}): {CATEGORIES[category]}."
