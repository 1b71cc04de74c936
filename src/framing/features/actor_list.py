"""The actor list as data: persons, organisations and countries, their names, and candidates.

``lexicons/actors.yml`` lists each actor with case-insensitive ``aliases``, case-sensitive
``exact`` names ("US" but never the pronoun "us"), a ``kind`` and, for persons and bodies, the
actor it ``stands_for`` when aggregated (Putin → Russia; :attr:`Actors.fold` turns it off).
Matching is one Aho–Corasick automaton over every alias (whole tokens, longest match first); a
hit on an ``exact`` name must then match in case. :func:`person_candidates` finds people the
list does not name ("President Emmanuel Macron"), for a user to add.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from framing.errors import LexiconError
from framing.features.data_files import compose_yaml, node_error
from framing.features.phrase_matcher import PhraseMatcher, normalize_pattern

#: What an actor can be.
KINDS = ("country", "person", "organisation", "group")
#: Where the second token of a hit starts (for the case-check fallback).
_NEXT_TOKEN = re.compile(r"\w[\W_]+(?=\w)")
_TITLES = (
    r"President|Prime Minister|Foreign Minister|Defen[cs]e Minister|Minister|Chancellor|"
    r"Senator|Sen\.|Rep\.|Representative|Governor|Mayor|General|Gen\.|Colonel|Commander|"
    r"Secretary of State|Secretary|Ambassador|Spokes(?:man|woman|person)|Speaker|King|Queen|"
    r"Pope|Patriarch|Mr\.?|Mrs\.?|Ms\.?|Dr\.?"
)
_NAME = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
#: A title, then one to three capitalised words: a named person.
PERSON_PATTERN = re.compile(rf"\b(?P<title>{_TITLES})\s+(?P<name>{_NAME}(?:\s+{_NAME}){{0,2}})")


@dataclass(frozen=True)
class Actor:
    """An actor: display ``name``, case-insensitive ``aliases``, case-sensitive ``exact``.

    ``kind`` is one of :data:`KINDS`; ``stands_for`` names the actor a person or body is
    counted as when :attr:`Actors.fold` is on (Putin → Russia).
    """

    name: str
    aliases: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    kind: str = "country"
    stands_for: str | None = None


@dataclass(frozen=True)
class Actors:
    """A validated actor list with its compiled matchers (build it with :func:`load_actors`)."""

    actors: tuple[Actor, ...]
    sources: tuple[str, ...] = field(default=())
    #: Report a person or body as the actor it ``stands_for`` (Putin as Russia); off: as itself.
    fold: bool = True

    def reported(self, name: str) -> str:
        """The name a mention of actor ``name`` is reported under (see :attr:`fold`)."""
        target = self._stands_for.get(name) if self.fold else None
        return target or name

    @cached_property
    def _stands_for(self) -> dict[str, str | None]:
        return {actor.name: actor.stands_for for actor in self.actors}

    def unfolded(self) -> Actors:
        """The same list reporting every person and body as itself."""
        return replace(self, fold=False)

    @property
    def names(self) -> list[str]:
        """Actor names in file order."""
        return [actor.name for actor in self.actors]

    @cached_property
    def _matcher(self) -> tuple[PhraseMatcher, list[tuple[str | None, dict[str, str]]]]:
        """One automaton over every alias (lower-cased), and per phrase who owns it.

        Each payload indexes ``(actor if matched case-insensitively, {exact surface: actor})``.
        """
        index: dict[str, int] = {}
        owners: list[tuple[str | None, dict[str, str]]] = []
        for actor in self.actors:
            for alias, exact in [(a, False) for a in actor.aliases] + [
                (a, True) for a in actor.exact
            ]:
                key = normalize_pattern(alias)
                if key not in index:
                    index[key] = len(owners)
                    owners.append((None, {}))
                any_case, surfaces = owners[index[key]]
                name = self.reported(actor.name)
                if exact:
                    surfaces.setdefault(_normalize_space(alias), name)
                elif any_case is None:
                    owners[index[key]] = (name, surfaces)
        return PhraseMatcher(index), owners

    @property
    def matcher(self) -> PhraseMatcher:
        """The phrase matcher over every alias (for a ``phrase_matcher.MatcherGroup`` scan)."""
        return self._matcher[0]

    def matches(
        self, text: str, candidates: list[tuple[int, int, int]] | None = None
    ) -> list[tuple[int, int, str]]:
        """Return sorted, non-overlapping ``(start, end, actor)``; longest match wins.

        One Aho–Corasick pass (:class:`~framing.features.phrase_matcher.PhraseMatcher`: whole
        tokens, tolerant of line breaks and hyphens); ``exact`` names must then match in case.
        ``candidates``: :meth:`PhraseMatcher.match`'s, when the text was scanned already.
        """
        matcher, owners = self._matcher
        out: list[tuple[int, int, str]] = []
        for start, end, payload in matcher.match(text, candidates):
            out.extend(self._accept(text, start, end, payload))
        return out

    def _accept(self, text: str, start: int, end: int, payload: int) -> list[tuple[int, int, str]]:
        """Check a hit's case; a rejected "The West" falls back to the names inside it."""
        matcher, owners = self._matcher
        any_case, surfaces = owners[payload]
        actor = any_case or surfaces.get(_normalize_space(text[start:end]))
        if actor is not None:
            return [(start, end, actor)]
        rest = _NEXT_TOKEN.search(text, start, end)
        if rest is None:
            return []
        inner = text[rest.end() : end]
        found = []
        for s, e, p in matcher.match(inner):
            found.extend(self._accept(text, rest.end() + s, rest.end() + e, p))
        return found


def _normalize_space(text: str) -> str:
    return " ".join(text.split())


def _string_list(source: str, node: yaml.Node, field_name: str, actor: str) -> tuple[str, ...]:
    items = node.value if isinstance(node, yaml.SequenceNode) else None
    if items is None:
        raise node_error(
            source, node, f"actor '{actor}', field '{field_name}': expected a list of names"
        )
    out = []
    for item in items:
        if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
            raise node_error(
                source, item, f"actor '{actor}', field '{field_name}': empty or non-text name"
            )
        out.append(_normalize_space(str(item.value)))
    return tuple(out)


def _parse_actors(text: str, source: str) -> list[Actor]:
    """Parse and validate one actors YAML document; errors name file, line and field."""
    root = compose_yaml(text, source)
    if not isinstance(root, yaml.MappingNode):
        raise LexiconError(f"{source}: expected a mapping with an 'actors' list")
    top = {key.value: value for key, value in root.value}
    entries = top.get("actors")
    if not isinstance(entries, yaml.SequenceNode):
        raise node_error(source, entries or root, "field 'actors': expected a list of actors")
    actors, seen = [], set()
    for entry in entries.value:
        if not isinstance(entry, yaml.MappingNode):
            raise node_error(source, entry, "each actor must be a mapping with 'name'")
        fields = {key.value: value for key, value in entry.value}
        unknown = sorted(set(fields) - {"name", "aliases", "exact", "note", "kind", "stands_for"})
        if unknown:
            raise node_error(source, entry, f"unknown field(s) {unknown}")
        name_node = fields.get("name")
        if not isinstance(name_node, yaml.ScalarNode) or not str(name_node.value).strip():
            raise node_error(source, name_node or entry, "field 'name': missing or empty")
        name = _normalize_space(str(name_node.value))
        if name in seen:
            raise node_error(source, name_node, f"field 'name': actor '{name}' is listed twice")
        seen.add(name)
        aliases = (
            _string_list(source, fields["aliases"], "aliases", name) if "aliases" in fields else ()
        )
        exact = _string_list(source, fields["exact"], "exact", name) if "exact" in fields else ()
        if not aliases and not exact:
            raise node_error(source, entry, f"actor '{name}': needs 'aliases' or 'exact'")
        kind = _scalar(source, fields, "kind", name) or "country"
        if kind not in KINDS:
            raise node_error(source, fields["kind"], f"actor '{name}': kind must be one of {KINDS}")
        actors.append(
            Actor(name, aliases, exact, kind, _scalar(source, fields, "stands_for", name))
        )
    return actors


def _scalar(source: str, fields: dict[str, yaml.Node], field_name: str, actor: str) -> str | None:
    node = fields.get(field_name)
    if node is None:
        return None
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise node_error(source, node, f"actor '{actor}', field '{field_name}': expected a name")
    return _normalize_space(str(node.value))


def _read(path: str | os.PathLike[str]) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: cannot read the actors file ({exc})") from exc


def load_actors(
    path: str | os.PathLike[str] | None = None,
    extra: str | os.PathLike[str] | None = None,
    *,
    fold: bool = True,
) -> Actors:
    """Return the actor list: the package's ``lexicons/actors.yml`` or ``path``, plus ``extra``.

    An actor in ``extra`` with a name already present adds its aliases to that actor; a new
    name adds an actor. Invalid files raise :class:`LexiconError` naming file, line and field.
    ``fold`` reports persons and bodies as the actor they ``stands_for`` (Putin as Russia).
    """
    if path is None:
        source = "framing/lexicons/actors.yml"
        text = resources.files("framing").joinpath("lexicons/actors.yml").read_text("utf-8")
    else:
        source, text = str(path), _read(path)
    merged: dict[str, Actor] = {a.name: a for a in _parse_actors(text, source)}
    sources = [source]
    if extra is not None:
        for actor in _parse_actors(_read(extra), str(extra)):
            old = merged.get(actor.name)
            if old is not None:
                actor = replace(
                    old,
                    aliases=tuple(dict.fromkeys(old.aliases + actor.aliases)),
                    exact=tuple(dict.fromkeys(old.exact + actor.exact)),
                    stands_for=actor.stands_for or old.stands_for,
                )
            merged[actor.name] = actor
        sources.append(str(extra))
    for actor in merged.values():
        if actor.stands_for is not None and actor.stands_for not in merged:
            raise LexiconError(
                f"{sources[-1]}: actor '{actor.name}' stands_for '{actor.stands_for}', "
                "which is not an actor; add it or fix the name"
            )
    return Actors(tuple(merged.values()), tuple(sources), fold)


def person_candidates(text: str, actors: Actors | None = None) -> pd.DataFrame:
    """Return titled names in ``text`` that no listed actor covers: candidates to add.

    Columns ``start``, ``end`` (of the name), ``title``, ``name``.

    >>> person_candidates("President Emmanuel Macron spoke to President Putin.")[
    ...     ["title", "name"]].values.tolist()
    [['President', 'Emmanuel Macron']]
    """
    actors = actors or load_actors()
    covered = [(s, e) for s, e, _ in actors.matches(text)]
    rows = []
    for match in PERSON_PATTERN.finditer(text):
        start, end = match.span("name")
        if any(s < end and start < e for s, e in covered):
            continue
        rows.append((start, end, match.group("title"), match.group("name")))
    return pd.DataFrame(rows, columns=["start", "end", "title", "name"]).astype(
        {"start": "int64", "end": "int64", "title": "string", "name": "string"}
    )
