"""Frame dimensions: dictionary scores for the 15 dimensions of the Policy Frames Codebook.

Seed terms live in ``lexicons/frames.yml`` (editable data; Card et al. 2015 codebook
definitions guide them). All seeds of all frames are compiled into ONE Aho–Corasick automaton
run over a lower-cased, length-preserving normalisation of the text; matches are then checked
for token boundaries and resolved leftmost-longest, so "court" never fires inside "courtesy"
and "health care" counts once, not also as "health".

>>> from framing.features import frames
>>> bool(frames.score("Taxes and the budget deficit hurt the economy.")["economic"] > 0)
True
>>> sorted(frames.detect("Troops and missiles massed at the border; the army fears an attack."))
['security_and_defense']
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick
import pandas as pd
import yaml

from framing.checks import check_number
from framing.errors import InputError, LexiconError, ParameterError
from framing.io import YAML_LOADER, read_yaml
from framing.textnorm import count_words, typography_map

#: The 15 dimensions, in codebook order.
DIMENSIONS: tuple[str, ...] = (
    "economic",
    "capacity_and_resources",
    "morality",
    "fairness_and_equality",
    "legality_constitutionality_jurisprudence",
    "policy_prescription_and_evaluation",
    "crime_and_punishment",
    "security_and_defense",
    "health_and_safety",
    "quality_of_life",
    "cultural_identity",
    "public_opinion",
    "political",
    "external_regulation_and_reputation",
    "other",
)

#: SemEval-2023 Task 3 (subtask 2) frame names -> our dimension names (1:1).
SEMEVAL_TO_DIMENSION: dict[str, str] = {
    "Economic": "economic",
    "Capacity_and_resources": "capacity_and_resources",
    "Morality": "morality",
    "Fairness_and_equality": "fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence": "legality_constitutionality_jurisprudence",
    "Policy_prescription_and_evaluation": "policy_prescription_and_evaluation",
    "Crime_and_punishment": "crime_and_punishment",
    "Security_and_defense": "security_and_defense",
    "Health_and_safety": "health_and_safety",
    "Quality_of_life": "quality_of_life",
    "Cultural_identity": "cultural_identity",
    "Public_opinion": "public_opinion",
    "Political": "political",
    "External_regulation_and_reputation": "external_regulation_and_reputation",
    "Other": "other",
}

#: Hits per 1,000 tokens above which a frame counts as present, unless the frames file sets a
#: per-frame ``threshold``. The global threshold chosen on the SemEval-2023 dev half by the
#: procedure :mod:`framing.validate.frames` cross-validates.
DEFAULT_THRESHOLD = 3.5

SPAN_COLUMNS: dict[str, str] = {
    "start": "int64",
    "end": "int64",
    "text": "string",
    "frame": "string",
    "seed": "string",
}

# Length-preserving normalisation: typographic quotes, dashes and spaces and every line
# break become their plain ASCII forms; a soft hyphen reads as a hyphen.
_NORMALISE: dict[str, str] = {
    **typography_map(dash="-", space=" ", line_break=" "),
    "\u00ad": "-",
}
#: A wildcard seed's span runs on over letters, digits (``str.isalnum``) and apostrophes.
_WILDCARD_TAIL = re.compile(r"(?:[^\W_]|')*")


@dataclass(frozen=True)
class Frames:
    """Compiled frame seeds: dimension names, labels, definitions, thresholds and the automaton."""

    seeds: Mapping[str, tuple[str, ...]]
    labels: Mapping[str, str]
    definitions: Mapping[str, str]
    thresholds: Mapping[str, float]
    version: str
    source: str
    automaton: Any = field(repr=False, compare=False)
    #: Seeds the cue audit removed (kept in the file so the evaluation can redo the audit).
    dropped: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def dimensions(self) -> tuple[str, ...]:
        return tuple(self.seeds)


def _normalise(text: str) -> str:
    """Lower-case ``text`` and normalise quotes, hyphens and spaces, keeping every offset."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters ("İ") lower-case to two code points
        lowered = "".join(ch.lower()[:1] for ch in text)
    # One str.replace per character present: str.translate falls back to a dict look-up per
    # character on non-ASCII text, which made it most of frame_hits' time.
    for old, new in _NORMALISE.items():
        if old in lowered:
            lowered = lowered.replace(old, new)
    return lowered


def _seed_variants(seed: str) -> tuple[str, ...]:
    """Return the surface forms of a normalised seed: spaces and hyphens are interchangeable."""
    forms = {seed}
    if " " in seed or "-" in seed:
        forms.add(seed.replace("-", " "))
        forms.add(seed.replace(" ", "-"))
    return tuple(sorted(forms))


def _frame_lines(text: str) -> dict[str, int]:
    """Return the 1-based line of each frame key in a frames YAML document (for messages)."""
    try:
        root = yaml.compose(text, Loader=YAML_LOADER)
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "frames" and isinstance(value, yaml.MappingNode):
                for frame_key, _ in value.value:
                    lines[str(frame_key.value)] = frame_key.start_mark.line + 1
    return lines


def _read_frames_file(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise LexiconError(f"{path}: cannot read the frames file ({error.strerror})") from error
    try:
        data = read_yaml(path, text=text)
    except InputError as error:
        raise LexiconError(str(error)) from error
    if not isinstance(data, dict) or not isinstance(data.get("frames"), dict):
        raise LexiconError(f"{path}: expected a mapping with a 'frames:' mapping at the top")
    return data, _frame_lines(text)


def _validated_entry(
    path: Path, key: str, entry: Any, line: int | None, *, partial: bool
) -> dict[str, Any]:
    where = f"{path} line {line}" if line else str(path)
    if key not in DIMENSIONS:
        raise LexiconError(
            f"{where}: frame '{key}' is not one of the 15 codebook dimensions {list(DIMENSIONS)}"
        )
    if isinstance(entry, list):  # shorthand: `economic: [seed, seed]`
        entry = {"seeds": entry}
    if not isinstance(entry, dict):
        raise LexiconError(f"{where}: frame '{key}' must be a mapping with a 'seeds' list")
    seeds = entry.get("seeds", [] if partial else None)
    if not isinstance(seeds, list):
        raise LexiconError(f"{where}: frame '{key}', field 'seeds' must be a list of terms")
    for name in ("seeds", "dropped"):
        terms = entry.get(name) or []
        if not isinstance(terms, list):
            raise LexiconError(f"{where}: frame '{key}', field '{name}' must be a list of terms")
        for seed in terms:
            if not isinstance(seed, str) or not seed.strip() or seed.strip() == "*":
                raise LexiconError(
                    f"{where}: frame '{key}', field '{name}' has an invalid term {seed!r} "
                    "(expected non-empty text)"
                )
    if entry.get("threshold") is not None:
        try:
            check_number(f"frame '{key}', field 'threshold'", entry["threshold"])
        except ParameterError as error:
            raise LexiconError(f"{where}: {error}") from error
    return entry


def _compile(seeds: Mapping[str, tuple[str, ...]]) -> Any:
    """Build one automaton over every seed form of every frame.

    Each key maps to ``(length, wildcard, frames, seed)``; a seed shared by two frames counts
    for both.
    """
    table: dict[tuple[str, bool], set[str]] = {}
    original: dict[tuple[str, bool], str] = {}
    for frame, frame_seeds in seeds.items():
        for seed in frame_seeds:
            norm = _normalise(seed.strip())
            wildcard = norm.endswith("*")
            stem = norm.rstrip("*").strip()
            for form in _seed_variants(stem):
                table.setdefault((form, wildcard), set()).add(frame)
                original.setdefault((form, wildcard), seed.strip())
    automaton = ahocorasick.Automaton()
    by_form: dict[str, list[tuple[int, bool, tuple[str, ...], str]]] = {}
    for (form, wildcard), frame_set in table.items():
        by_form.setdefault(form, []).append(
            (len(form), wildcard, tuple(sorted(frame_set)), original[(form, wildcard)])
        )
    for form, values in by_form.items():
        automaton.add_word(form, tuple(values))
    if len(automaton):
        automaton.make_automaton()
    return automaton


def load_frames(
    path: str | os.PathLike[str] | None = None,
    extra: str | os.PathLike[str] | Mapping[str, Iterable[str]] | None = None,
) -> Frames:
    """Return the compiled frame seeds from ``path`` (default: the packaged ``frames.yml``).

    extra
        Seeds to add: a YAML file in the same format (only ``seeds``/``threshold`` of the
        frames it names are used) or a mapping ``{dimension: [seed, ...]}``.

    Raises :class:`LexiconError` naming the file, line and field of any invalid entry.
    """
    if path is None and extra is None:
        return _default_frames()
    source = Path(path) if path is not None else _packaged_path()
    data, lines = _read_frames_file(source)
    seeds: dict[str, list[str]] = {key: [] for key in DIMENSIONS}
    labels = {key: label for label, key in SEMEVAL_TO_DIMENSION.items()}
    definitions = {key: "" for key in DIMENSIONS}
    thresholds = {key: DEFAULT_THRESHOLD for key in DIMENSIONS}
    dropped: dict[str, tuple[str, ...]] = {}
    for key, entry in data["frames"].items():
        entry = _validated_entry(source, str(key), entry, lines.get(str(key)), partial=False)
        seeds[key] = [s.strip() for s in entry["seeds"]]
        dropped[key] = tuple(s.strip() for s in entry.get("dropped") or [])
        labels[key] = str(entry.get("label", labels[key]))
        definitions[key] = str(entry.get("definition", ""))
        if entry.get("threshold") is not None:
            thresholds[key] = float(entry["threshold"])
    if extra is not None:
        if isinstance(extra, Mapping):
            extra_lines: dict[str, int] = {}
            extra_path, extra_frames = Path("<extra>"), dict(extra)
        else:
            extra_path = Path(extra)
            extra_data, extra_lines = _read_frames_file(extra_path)
            extra_frames = extra_data["frames"]
        for key, entry in extra_frames.items():
            if not isinstance(entry, dict):
                entry = {"seeds": list(entry) if isinstance(entry, list | tuple) else entry}
            entry = _validated_entry(
                extra_path, str(key), entry, extra_lines.get(str(key)), partial=True
            )
            seeds[key] = seeds[key] + [s.strip() for s in entry["seeds"]]
            if entry.get("threshold") is not None:
                thresholds[key] = float(entry["threshold"])
    frozen = {key: tuple(dict.fromkeys(seeds[key])) for key in DIMENSIONS}
    return Frames(
        seeds=frozen,
        labels=labels,
        definitions=definitions,
        thresholds=thresholds,
        version=str(data.get("version", "0")),
        source=str(source),
        automaton=_compile(frozen),
        dropped=dropped,
    )


def _packaged_path() -> Path:
    return Path(str(resources.files("framing") / "lexicons" / "frames.yml"))


@lru_cache(maxsize=1)
def _default_frames() -> Frames:
    return load_frames(_packaged_path())


def frame_hits(text: str, frames: Frames | None = None) -> list[tuple[int, int, str, str]]:
    """Return ``(start, end, frame, seed)`` tuples for every frame-seed hit (the fast path).

    Hits are leftmost-longest and never overlap; a wildcard seed's span runs to the end of the
    word it starts; a seed shared by two frames yields one tuple per frame (same span).
    """
    frames = frames or _default_frames()
    automaton = frames.automaton
    if not text or not len(automaton):
        return []
    norm = _normalise(text)
    size = len(norm)
    tail = _WILDCARD_TAIL.match
    # start -> [end, frames (tuple, or a set once two seeds tie), seed]
    best: dict[int, list[Any]] = {}
    for last, values in automaton.iter(norm):
        end = last + 1
        after_ok = end >= size or not norm[end].isalnum()
        for length, wildcard, frame_names, seed in values:
            start = end - length
            if start and norm[start - 1].isalnum():
                continue
            if wildcard:
                stop = tail(norm, end).end()  # type: ignore[union-attr]  # "*" always matches
            elif after_ok:
                stop = end
            else:
                continue
            current = best.get(start)
            if current is None:
                best[start] = [stop, frame_names, seed]
            elif stop > current[0]:
                current[0], current[1], current[2] = stop, frame_names, seed
            elif stop == current[0]:
                current[1] = set(current[1]).union(frame_names)
    hits: list[tuple[int, int, str, str]] = []
    covered = -1
    for start in sorted(best):
        if start < covered:
            continue
        stop, frame_names, seed = best[start]
        covered = stop
        if len(frame_names) == 1:
            (frame,) = frame_names
            hits.append((start, stop, frame, seed))
        else:
            hits.extend((start, stop, frame, seed) for frame in sorted(frame_names))
    return hits


def find_frame_terms(text: str, frames: Frames | None = None) -> pd.DataFrame:
    """Return one row per frame-seed hit in ``text``: start, end, text, frame, seed.

    >>> find_frame_terms("Taxes rose.")[["text", "frame"]].values.tolist()
    [['Taxes', 'economic']]
    """
    rows = [(s, e, text[s:e], f, seed) for s, e, f, seed in frame_hits(text, frames)]
    return pd.DataFrame(rows, columns=list(SPAN_COLUMNS)).astype(SPAN_COLUMNS)


def _rates(hits: pd.DataFrame, n_tokens: int, dimensions: Iterable[str]) -> pd.Series:
    counts = hits["frame"].value_counts() if len(hits) else pd.Series(dtype="int64")
    per_1k = counts.reindex(list(dimensions), fill_value=0).astype(float)
    per_1k = per_1k * (1000.0 / n_tokens) if n_tokens else per_1k * 0.0
    per_1k.name = "per_1k"
    return per_1k


def score(text: str, frames: Frames | None = None) -> pd.Series:
    """Return hits per 1,000 tokens for each of the 15 dimensions (indexed by dimension).

    ``other`` has no seeds and scores 0; :func:`detect` reports it when nothing else is found.
    """
    if not isinstance(text, str):
        raise ParameterError(f"frames.score expects text (str), got {type(text).__name__}")
    frames = frames or _default_frames()
    return _rates(find_frame_terms(text, frames), count_words(text), frames.dimensions)


def detect(text: str, frames: Frames | None = None, threshold: float | None = None) -> set[str]:
    """Return the dimensions whose rate reaches the threshold (hits per 1,000 tokens).

    threshold
        One rate for every frame; ``None`` (default) uses each frame's tuned threshold from
        the frames file, else :data:`DEFAULT_THRESHOLD`. A frame needs at least one hit.
        ``"other"`` is returned for non-empty text where no other dimension is present.
    """
    if threshold is not None:
        check_number("threshold", threshold)
    frames = frames or _default_frames()
    rates = score(text, frames)
    present = {
        str(frame)
        for frame, rate in rates.items()
        if frame != "other"
        and rate > 0
        and rate >= (frames.thresholds[str(frame)] if threshold is None else threshold)
    }
    if not present and count_words(text):
        present.add("other")
    return present
