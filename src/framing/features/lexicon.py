"""The loaded-term lexicon: its data model, and loading and validating lexicon files.

The lexicon is data (``framing/lexicons/loaded_terms.yml``), extendable with a user's own
file; :func:`load_lexicon` validates it (errors name the file, line and field) and compiles
one :class:`~framing.features.phrase_matcher.PhraseMatcher` over every term and variant.
:mod:`framing.features.loaded_terms` finds the terms in text.

>>> lexicon = load_lexicon()
>>> lexicon.row(0)[1] in CATEGORIES
True
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, cast

import pandas as pd
import yaml

from framing.errors import LexiconError, ParameterError
from framing.features.phrase_matcher import PhraseMatcher, normalize_pattern
from framing.features.sense_guards import Guard, compile_guard, in_compound
from framing.io import YAML_LOADER

#: Categories a loaded term can have (validated; a user file may not invent new ones).
CATEGORIES: dict[str, str] = {
    "delegitimizing_label": "names an actor so as to deny its legitimacy (regime, puppet, junta)",
    "dehumanizing": "describes people as animals, objects or vermin (orcs, hordes, infestation)",
    "euphemism": "softens violence or coercion (special military operation, neutralize)",
    "war_naming": "names the war or its cause in a way that takes a side (proxy war, unprovoked)",
    "emotional_intensifier": "adds emotion or drama beyond the facts (slaughtered, meat grinder)",
    "blame_causation": "assigns blame or cause (provocation, aggressor, warmonger)",
    "whataboutism_cue": "deflects by pointing at someone else's wrongs (double standards)",
    "atrocity_charge": "makes a grave legal or moral accusation (genocide, war crimes)",
    "discrediting": "calls statements lies or manipulation (propaganda, hoax, fake news)",
    "distancing": "signals doubt about a name or claim (so-called, self-proclaimed)",
    "loaded_verb": "reports speech or action with a judging verb (slammed, bragged, claimed)",
    "fear_appeal": "frames something as a looming danger (existential threat, invasion of)",
    "partisan_label": "political name-calling in domestic politics (radical left, far-right)",
    "glorifying": "praises one side beyond the facts (heroic defenders, freedom fighters)",
}
#: Whose narrative a term typically serves.
SIDES: tuple[str, ...] = ("pro_russia", "pro_ukraine_west", "none")
#: VADER's valence scale: the sentiment feature uses these values inside a term's span.
VALENCE_RANGE: tuple[float, float] = (-4.0, 4.0)
#: Sense-guard fields: lists of phrases (see :mod:`framing.features.sense_guards`).
GUARD_FIELDS: tuple[str, ...] = ("not_before", "not_after", "exceptions", "context")
FIELDS: tuple[str, ...] = (
    "term", "variants", "category", "side", "valence", "explanation", "domain", *GUARD_FIELDS,
)  # fmt: skip
#: The domain of an entry that holds in any story.
GENERAL_DOMAIN = "general"
#: Top-level fields a domain pack adds to the lexicon format.
PACK_FIELDS: tuple[str, ...] = ("domain", "seeds", "sides")
#: Folder of the packaged domain packs, one YAML file each.
DOMAIN_PACKS = "domains"
REQUIRED_FIELDS: tuple[str, ...] = ("term", "category", "side", "valence", "explanation")
DEFAULT_LEXICON = "loaded_terms.yml"


@dataclass(frozen=True)
class Lexicon:
    """An immutable loaded-term lexicon: ``entries`` and a matcher compiled once.

    ``entries`` has one row per term: term, variants (tuple of strings), category, side,
    valence, explanation, domain, the sense guards (tuples of phrases), source (file and line
    the entry came from). ``guards`` maps the row of each guarded entry to its compiled
    :class:`~framing.features.sense_guards.Guard`.
    """

    entries: pd.DataFrame
    version: str = "unversioned"
    sources: tuple[str, ...] = ()
    #: A user's files among ``sources`` that are domain packs (they have ``seeds``): article
    #: domains are detected with their seeds as well as the packaged packs'.
    domain_packs: tuple[str, ...] = ()
    matcher: PhraseMatcher = field(init=False, repr=False, compare=False)
    guards: dict[int, Guard] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        phrases = self.matcher_phrases()
        guards: dict[int, Guard] = {}
        if set(GUARD_FIELDS) <= set(self.entries.columns):
            for row, values in enumerate(self.entries[list(GUARD_FIELDS)].itertuples(index=False)):
                if any(values):
                    guards[row] = compile_guard(**dict(zip(GUARD_FIELDS, values, strict=True)))
        object.__setattr__(self, "guards", guards)
        object.__setattr__(self, "matcher", PhraseMatcher(phrases, accept=self.accepts))
        # Plain lists for fast per-hit lookups in the matching loop.
        columns = ("term", "category", "side", "valence", "explanation")
        object.__setattr__(
            self, "_rows", [tuple(r) for r in self.entries[list(columns)].itertuples(index=False)]
        )
        object.__setattr__(self, "_domains", self.entries["domain"].tolist())

    def digest(self) -> str:
        """Return a hash of the entries' content: it changes with any edit to a term, variant,
        guard or explanation, whether or not the file's ``version`` was bumped."""
        cached = self.__dict__.get("_digest")
        if cached is None:
            records = self.entries.drop(columns=["source"], errors="ignore").to_dict("records")
            payload = json.dumps(records, sort_keys=True, default=str, ensure_ascii=False)
            cached = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]
            object.__setattr__(self, "_digest", cached)
        return cached

    def matcher_phrases(self) -> dict[str, int]:
        """Return every term and variant with the row of its entry (what the matcher holds)."""
        return {
            phrase: row
            for row, (term, variants) in enumerate(
                zip(self.entries["term"], self.entries["variants"], strict=True)
            )
            for phrase in (term, *variants)
        }

    def accepts(self, text: str, start: int, end: int, index: int) -> bool:
        """True when a match of entry ``index`` at ``text[start:end]`` is a loaded use.

        It is not when it is part of a hyphenated compound or the entry's guards rule it out.
        """
        if in_compound(text, start, end):
            return False
        guard = self.guards.get(index)
        return guard is None or guard.allows(text, start, end)

    def __len__(self) -> int:
        return len(self.entries)

    def domain(self, index: int) -> str:
        """Return the domain of entry ``index`` ("general" holds in every story)."""
        return self._domains[index]  # type: ignore[attr-defined]

    def row(self, index: int) -> tuple[str, str, str, float, str]:
        """Return (term, category, side, valence, explanation) of entry ``index``."""
        return self._rows[index]  # type: ignore[attr-defined]


def _scalar(node: yaml.Node, where: str, name: str) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise LexiconError(f"{where}, line {node.start_mark.line + 1}: field '{name}' must be text")
    return str(node.value)


def _parse_entry(
    node: yaml.Node,
    index: int,
    source: str,
    sides: tuple[str, ...] = SIDES,
    default_domain: str = GENERAL_DOMAIN,
) -> dict[str, Any]:
    """Turn one YAML mapping node into a validated entry dict (errors name line and field).

    ``sides`` are the allowed sides (a domain pack adds its own); ``default_domain`` is the
    domain of an entry without one (a pack's domain).
    """
    line = node.start_mark.line + 1
    where = f"{source}, entry {index + 1}"
    if not isinstance(node, yaml.MappingNode):
        raise LexiconError(f"{source}, line {line}: entry {index + 1} must be a mapping of fields")
    fields: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in FIELDS:
            raise LexiconError(
                f"{source}, line {key_node.start_mark.line + 1}: entry {index + 1} has unknown "
                f"field '{key}'; allowed fields are {', '.join(FIELDS)}"
            )
        fields[key] = value_node
    for name in REQUIRED_FIELDS:
        if name not in fields:
            raise LexiconError(f"{source}, line {line}: entry {index + 1} lacks field '{name}'")

    def at(name: str) -> str:
        return f"{source}, line {fields[name].start_mark.line + 1}"

    term = _scalar(fields["term"], where, "term").strip()
    if not normalize_pattern(term):
        raise LexiconError(f"{at('term')}: field 'term' of entry {index + 1} is empty")
    lists = {
        name: _phrase_list(fields[name], name, term, at(name)) if name in fields else []
        for name in ("variants", *GUARD_FIELDS)
    }
    category = _scalar(fields["category"], where, "category").strip()
    if category not in CATEGORIES:
        raise LexiconError(
            f"{at('category')}: field 'category' of '{term}' is '{category}'; "
            f"use one of {', '.join(CATEGORIES)}"
        )
    side = _scalar(fields["side"], where, "side").strip()
    if side not in sides:
        raise LexiconError(
            f"{at('side')}: field 'side' of '{term}' is '{side}'; use one of {', '.join(sides)}"
        )
    raw_valence = _scalar(fields["valence"], where, "valence")
    try:
        valence = float(raw_valence)
    except ValueError:
        valence = math.nan
    low, high = VALENCE_RANGE
    if not low <= valence <= high:  # also rejects NaN
        raise LexiconError(
            f"{at('valence')}: field 'valence' of '{term}' is '{raw_valence}'; "
            f"give a number from {low:g} to {high:g} (VADER's scale)"
        )
    explanation = _scalar(fields["explanation"], where, "explanation").strip()
    if len(explanation) < 10:
        raise LexiconError(
            f"{at('explanation')}: field 'explanation' of '{term}' is empty or too short; "
            "write one sentence a student can understand"
        )
    domain = _scalar(fields["domain"], where, "domain").strip() if "domain" in fields else ""
    return {
        "term": term,
        "variants": tuple(dict.fromkeys(lists["variants"])),
        "category": category,
        "side": side,
        "valence": valence,
        "explanation": explanation,
        "domain": domain or default_domain,
        **{name: tuple(dict.fromkeys(lists[name])) for name in GUARD_FIELDS},
        "source": f"{source}:{line}",
    }


def _phrase_list(node: yaml.Node, name: str, term: str, where: str) -> list[str]:
    """Return the phrases of a list field (``variants`` or a guard); errors name the line."""
    if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise LexiconError(f"{where}: field '{name}' of '{term}' must be a list of phrases")
    phrases = []
    for item in node.value:
        text = _scalar(item, f"{where} ('{term}')", name).strip()
        if not normalize_pattern(text):
            raise LexiconError(f"{where}: field '{name}' of '{term}' has a blank")
        phrases.append(text)
    return phrases


def parse_lexicon(text: str, source: str = "<string>") -> tuple[str, list[dict[str, Any]]]:
    """Return (version, entries) from lexicon YAML ``text``; raise LexiconError if invalid.

    ``source`` names the file in error messages. Duplicate phrases (a term or variant that
    appears in two entries) are errors, with both lines named. A domain pack
    (:mod:`framing.features.domains`) also has ``domain`` (its entries' default domain),
    ``seeds`` (words that detect the domain) and ``sides`` (its own side values).
    """
    version, entries, _ = _parse_document(text, source)
    return version, entries


def _parse_document(text: str, source: str) -> tuple[str, list[dict[str, Any]], bool]:
    """:func:`parse_lexicon`, and whether the file is a domain pack (it lists ``seeds``)."""
    try:
        root = yaml.compose(text, Loader=YAML_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise LexiconError(f"{source}{line}: not valid YAML ({problem})") from error
    if root is None:
        raise LexiconError(f"{source}: the file is empty; expected 'version:' and 'entries:'")
    if not isinstance(root, yaml.MappingNode):
        raise LexiconError(
            f"{source}, line {root.start_mark.line + 1}: expected a mapping with "
            "'version:' and 'entries:' at the top"
        )
    top = {str(k.value): v for k, v in root.value}
    unknown = sorted(set(top) - {"version", "entries", "description", *PACK_FIELDS})
    if unknown:
        raise LexiconError(f"{source}: unknown top-level field(s) {unknown}")
    if "version" not in top:
        raise LexiconError(f"{source}, line 1: field 'version' is missing")
    version = _scalar(top["version"], source, "version").strip()
    if "entries" not in top or not isinstance(top["entries"], yaml.SequenceNode):
        at = top["entries"].start_mark.line + 1 if "entries" in top else 1
        raise LexiconError(f"{source}, line {at}: field 'entries' must be a list of entries")
    default_domain = _scalar(top["domain"], source, "domain").strip() if "domain" in top else ""
    extra_sides: list[str] = []
    if "sides" in top:
        extra_sides = _phrase_list(top["sides"], "sides", "the pack", source)
    sides = (*SIDES, *extra_sides)
    entries = [
        _parse_entry(node, i, source, sides, default_domain or GENERAL_DOMAIN)
        for i, node in enumerate(top["entries"].value)
    ]
    seen: dict[str, tuple[str, str]] = {}
    for entry in entries:
        line = entry["source"].rsplit(":", 1)[1]
        for phrase in (entry["term"], *entry["variants"]):
            key = normalize_pattern(phrase)
            if key in seen and seen[key][0] != entry["term"]:
                raise LexiconError(
                    f"{source}, line {line}: phrase '{phrase}' of '{entry['term']}' is also "
                    f"listed under '{seen[key][0]}' (line {seen[key][1]}); keep it in one entry"
                )
            seen[key] = (entry["term"], line)
    return version, entries, "seeds" in top


def _read_lexicon_file(path: str | os.PathLike[str]) -> tuple[str, list[dict[str, Any]], bool]:
    path = Path(path)
    if not path.is_file():
        raise LexiconError(f"{path}: lexicon file not found")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LexiconError(f"{path}: cannot read lexicon file as UTF-8 ({error})") from error
    return _parse_document(text, str(path))


def _entries_frame(entries: Iterable[dict[str, Any]]) -> pd.DataFrame:
    columns = [*FIELDS, "source"]
    frame = pd.DataFrame(list(entries), columns=columns)
    for name in GUARD_FIELDS:  # entries from an older frame may lack them
        frame[name] = [v if isinstance(v, tuple) else () for v in frame[name]]
    frame["domain"] = frame["domain"].fillna(GENERAL_DOMAIN)
    frame["valence"] = frame["valence"].astype(float)
    return frame.reset_index(drop=True)


def _merge_entries(base: list[dict[str, Any]], extra: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entries of ``extra`` replace base entries that share any phrase; others are added."""
    extra_keys = {
        normalize_pattern(p) for entry in extra for p in (entry["term"], *entry["variants"])
    }
    kept = [
        entry
        for entry in base
        if not any(normalize_pattern(p) in extra_keys for p in (entry["term"], *entry["variants"]))
    ]
    return kept + list(extra)


@lru_cache(maxsize=1)
def _default_lexicon() -> Lexicon:
    folder = resources.files("framing") / "lexicons"
    version, entries = parse_lexicon(
        (folder / DEFAULT_LEXICON).read_text(encoding="utf-8"), DEFAULT_LEXICON
    )
    sources = [DEFAULT_LEXICON]
    packs = sorted((p for p in (folder / DOMAIN_PACKS).iterdir() if p.name.endswith(".yml")),
                   key=lambda p: p.name)  # fmt: skip
    for pack in packs:
        name = f"{DOMAIN_PACKS}/{pack.name}"
        entries = _add_entries(entries, parse_lexicon(pack.read_text(encoding="utf-8"), name)[1])
        sources.append(name)
    return Lexicon(_entries_frame(entries), version=version, sources=tuple(sources))


def _add_entries(base: list[dict[str, Any]], extra: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return ``base`` and ``extra``; a phrase in both is an error naming both sources."""
    seen = {normalize_pattern(p): e["source"] for e in base for p in (e["term"], *e["variants"])}
    for entry in extra:
        for phrase in (entry["term"], *entry["variants"]):
            if normalize_pattern(phrase) in seen:
                raise LexiconError(
                    f"{entry['source']}: phrase '{phrase}' is also listed at "
                    f"{seen[normalize_pattern(phrase)]}; keep it in one file"
                )
    return [*base, *extra]


def load_lexicon(
    path: str | os.PathLike[str] | None = None,
    *,
    extra: str | os.PathLike[str] | None = None,
    mode: str = "merge",
) -> Lexicon:
    """Return a validated :class:`Lexicon` (the packaged default when ``path`` is None).

    ``extra`` is a user's lexicon file in the same YAML format; with ``mode="merge"`` its
    entries are added and replace base entries sharing a phrase, with ``mode="replace"`` it
    is used alone. The default lexicon is compiled once per process and cached.

    >>> lexicon = load_lexicon()
    >>> len(lexicon) >= 200
    True
    """
    if mode not in ("merge", "replace"):
        raise ParameterError(f"mode must be 'merge' or 'replace', got {mode!r}")
    if extra is None and mode == "replace":
        raise ParameterError("mode='replace' needs an extra lexicon file to replace with")
    if path is None and extra is None:
        return _default_lexicon()
    if path is None:
        base = _default_lexicon()
        base_version = base.version
        base_entries = cast(list[dict[str, Any]], base.entries.to_dict("records"))
        sources: tuple[str, ...] = base.sources
    packs: tuple[str, ...] = ()
    if path is not None:
        base_version, base_entries, base_is_pack = _read_lexicon_file(path)
        sources = (str(path),)
        packs = (str(path),) if base_is_pack else ()
    if extra is None:
        return Lexicon(
            _entries_frame(base_entries), version=base_version, sources=sources, domain_packs=packs
        )
    extra_version, extra_entries, extra_is_pack = _read_lexicon_file(extra)
    extra_packs = (str(extra),) if extra_is_pack else ()
    if mode == "replace":
        return Lexicon(
            _entries_frame(extra_entries),
            version=extra_version,
            sources=(str(extra),),
            domain_packs=extra_packs,
        )
    merged = _merge_entries(base_entries, extra_entries)
    version = f"{base_version}+{Path(extra).name}:{extra_version}"
    return Lexicon(
        _entries_frame(merged),
        version=version,
        sources=(*sources, str(extra)),
        domain_packs=(*packs, *extra_packs),
    )
