"""Competing labels: which name a text picks for a disputed thing, and in whose voice.

Label sets are data (``framing/lexicons/competing_labels.yml``): for example "invasion" /
"special military operation" / "military operation" / "war" / "conflict". One automaton
holds every set's phrases; overlaps are resolved within each set, so one phrase can count
in several sets but once per set (leftmost-longest). Hits carry
``quoted`` (inside a quotation) and ``negated``, and :func:`label_choices` counts the
choices per article or group, in the author's voice and in quotes.

>>> hits = find_labels("Putin launched a “special military operation”, an invasion.")
>>> hits.loc[hits.label_set == "war_naming", ["label", "quoted"]].values.tolist()
[['special military operation', True], ['invasion', False]]
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from framing.errors import LexiconError, ParameterError
from framing.features.data_files import compose_yaml, node_error
from framing.features.distancing import load_distancing
from framing.features.negation import is_negated
from framing.features.phrase_matcher import PhraseMatcher, normalize, normalize_pattern
from framing.features.quoted_regions import in_regions, quoted_regions
from framing.features.sense_guards import in_compound

DEFAULT_LABELS = "competing_labels.yml"
LABEL_HIT_COLUMNS: tuple[str, ...] = (
    "start",
    "end",
    "text",
    "label_set",
    "label",
    "quoted",
    "negated",
    "distanced",
)
CHOICE_COLUMNS: tuple[str, ...] = (
    "label_set",
    "label",
    "n",
    "n_author",
    "n_quoted",
    "n_negated",
    "share",
    "share_author",
)


@dataclass(frozen=True)
class LabelSets:
    """Validated competing-label sets: ``table`` (label_set, label, variants, note, source).

    All sets share one compiled automaton; overlaps are resolved within each set, so a
    phrase can count in several sets but only once per set.
    """

    table: pd.DataFrame
    version: str = "unversioned"
    matcher: PhraseMatcher = field(init=False, repr=False, compare=False)
    owners: tuple[tuple[tuple[int, int], ...], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        set_index = {name: i for i, name in enumerate(dict.fromkeys(self.table["label_set"]))}
        keys: dict[str, int] = {}
        owners: list[list[tuple[int, int]]] = []
        for row, (name, variants) in enumerate(
            zip(self.table["label_set"], self.table["variants"], strict=True)
        ):
            for phrase in variants:
                key = normalize_pattern(phrase)
                if key not in keys:
                    keys[key] = len(owners)
                    owners.append([])
                owner = (set_index[name], row)
                if owner not in owners[keys[key]]:
                    owners[keys[key]].append(owner)
        object.__setattr__(self, "matcher", PhraseMatcher(keys))
        object.__setattr__(self, "owners", tuple(tuple(o) for o in owners))
        object.__setattr__(self, "_names", list(set_index))
        # Plain lists for per-hit lookups (reading Arrow-backed columns per call is slow).
        object.__setattr__(self, "_row_sets", [str(v) for v in self.table["label_set"]])
        object.__setattr__(self, "_row_labels", [str(v) for v in self.table["label"]])

    @property
    def names(self) -> list[str]:
        """The set names, in file order."""
        return list(self._names)  # type: ignore[attr-defined]


def _mapping(node: yaml.Node, source: str, what: str) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise node_error(source, node, f"{what} must be a mapping of fields")
    return {str(k.value): v for k, v in node.value}


def _text(node: yaml.Node, source: str, name: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise node_error(source, node, f"field '{name}' must be non-empty text")
    return str(node.value).strip()


def parse_label_sets(text: str, source: str = "<string>") -> tuple[str, list[dict]]:
    """Return (version, rows) from competing-label YAML; raise LexiconError naming line/field.

    Each row: label_set, label, variants (tuple, the label itself included), note, source.
    """
    root = compose_yaml(text, source)
    if root is None:
        raise LexiconError(f"{source}: the file is empty; expected 'version:' and 'sets:'")
    top = _mapping(root, source, "the top level")
    if "version" not in top:
        raise LexiconError(f"{source}, line 1: field 'version' is missing")
    version = _text(top["version"], source, "version")
    if "sets" not in top or not isinstance(top["sets"], yaml.SequenceNode):
        raise node_error(source, top.get("sets", root), "field 'sets' must be a list of label sets")
    rows: list[dict] = []
    set_names: set[str] = set()
    for set_node in top["sets"].value:
        fields = _mapping(set_node, source, "each label set")
        for name in ("name", "labels"):
            if name not in fields:
                raise node_error(source, set_node, f"label set lacks field '{name}'")
        set_name = _text(fields["name"], source, "name")
        if set_name in set_names:
            raise node_error(source, fields["name"], f"label set '{set_name}' is defined twice")
        set_names.add(set_name)
        if not isinstance(fields["labels"], yaml.SequenceNode) or not fields["labels"].value:
            raise node_error(
                source, fields["labels"], f"field 'labels' of '{set_name}' must be a list"
            )
        seen: dict[str, str] = {}
        for label_node in fields["labels"].value:
            label_fields = _mapping(label_node, source, f"each label of '{set_name}'")
            if "label" not in label_fields:
                raise node_error(source, label_node, f"a label of '{set_name}' lacks field 'label'")
            label = _text(label_fields["label"], source, "label")
            variants = [label]
            if "variants" in label_fields:
                node = label_fields["variants"]
                if not isinstance(node, yaml.SequenceNode):
                    raise node_error(source, node, f"field 'variants' of '{label}' must be a list")
                variants += [_text(item, source, "variants") for item in node.value]
            for phrase in variants:
                key = normalize_pattern(phrase)
                if key in seen and seen[key] != label:
                    raise node_error(
                        source,
                        label_node,
                        f"phrase '{phrase}' of label '{label}' is also a variant of "
                        f"'{seen[key]}' in set '{set_name}'",
                    )
                seen[key] = label
            note = _text(label_fields["note"], source, "note") if "note" in label_fields else ""
            rows.append(
                {
                    "label_set": set_name,
                    "label": label,
                    "variants": tuple(dict.fromkeys(variants)),
                    "note": note,
                    "source": f"{source}:{label_node.start_mark.line + 1}",
                }
            )
    return version, rows


def _read(path: str | os.PathLike[str]) -> tuple[str, list[dict]]:
    path = Path(path)
    if not path.is_file():
        raise LexiconError(f"{path}: label-set file not found")
    try:
        return parse_label_sets(path.read_text(encoding="utf-8"), str(path))
    except UnicodeDecodeError as error:
        raise LexiconError(f"{path}: cannot read label-set file as UTF-8 ({error})") from error


@lru_cache(maxsize=1)
def _default_label_sets() -> LabelSets:
    resource = resources.files("framing") / "lexicons" / DEFAULT_LABELS
    version, rows = parse_label_sets(resource.read_text(encoding="utf-8"), DEFAULT_LABELS)
    return LabelSets(pd.DataFrame(rows), version=version)


def load_label_sets(
    path: str | os.PathLike[str] | None = None,
    extra: str | os.PathLike[str] | None = None,
) -> LabelSets:
    """Return validated competing-label sets (the packaged default when ``path`` is None).

    Sets in ``extra`` (same YAML format) replace sets of the same name and add new ones.
    """
    if path is None and extra is None:
        return _default_label_sets()
    if path is None:
        base = _default_label_sets()
        version, rows = base.version, base.table.to_dict("records")
    else:
        version, rows = _read(path)
    if extra is not None:
        extra_version, extra_rows = _read(extra)
        replaced = {row["label_set"] for row in extra_rows}
        rows = [row for row in rows if row["label_set"] not in replaced] + extra_rows
        version = f"{version}+{Path(extra).name}:{extra_version}"
    return LabelSets(pd.DataFrame(rows).reset_index(drop=True), version=version)


def _empty_label_hits() -> pd.DataFrame:
    dtypes = ["int64", "int64", "string", "string", "string", "bool", "bool", "bool"]
    return pd.DataFrame(
        {c: pd.Series(dtype=t) for c, t in zip(LABEL_HIT_COLUMNS, dtypes, strict=True)}
    )


def label_rows(
    text: str,
    label_sets: LabelSets | None = None,
    *,
    regions: list[tuple[int, int]] | None = None,
    candidates: list[tuple[int, int, int]] | None = None,
) -> list[tuple[int, int, str, str, str, bool, bool, bool]]:
    """Return :func:`find_labels`'s rows as tuples (the fast path for bulk extraction).

    ``regions`` is ``quoted_regions(text)`` and ``candidates`` the label matcher's
    candidates in ``normalize(text).text`` when the caller already has them. A label that is
    part of a hyphenated compound ("anti-war") is no hit, as for loaded terms.
    """
    label_sets = label_sets if label_sets is not None else load_label_sets()
    norm = normalize(text)
    if candidates is None:
        candidates = label_sets.matcher.candidates(norm.text)
    per_set: dict[int, list[tuple[int, int, int]]] = {}
    for start, negative_size, key in candidates:
        if in_compound(text, *norm.original_span(start, start - negative_size)):
            continue
        for set_number, row in label_sets.owners[key]:
            per_set.setdefault(set_number, []).append((start, negative_size, row))
    if not per_set:
        return []
    rows = []
    if regions is None:
        regions = quoted_regions(text)
    table_set = label_sets._row_sets  # type: ignore[attr-defined]
    table_label = label_sets._row_labels  # type: ignore[attr-defined]
    cues = load_distancing()
    for set_number in sorted(per_set):
        for s, e, row in PhraseMatcher.leftmost_longest(per_set[set_number]):
            start, end = norm.original_span(s, e)
            rows.append(
                (
                    start,
                    end,
                    text[start:end],
                    table_set[row],
                    table_label[row],
                    in_regions(start, regions),
                    is_negated(text, start, end),
                    cues.cue(text, start, end) is not None,
                )
            )
    return rows


def find_labels(text: str, label_sets: LabelSets | None = None) -> pd.DataFrame:
    """Return every competing-label hit in ``text``, ordered by set (file order) then position.

    Columns: start, end (offsets into ``text``), text (surface form), label_set, label,
    quoted (inside quotation marks), negated, distanced ("so-called", "what X calls", scare
    quotes: :mod:`framing.features.distancing`).
    """
    if not isinstance(text, str):
        raise ParameterError(f"text must be a string, got {type(text).__name__}")
    rows = label_rows(text, label_sets)
    if not rows:
        return _empty_label_hits()
    dtypes: tuple[Any, ...] = (
        "int64", "int64", "string", "string", "string", "bool", "bool", "bool",
    )  # fmt: skip
    columns = zip(LABEL_HIT_COLUMNS, dtypes, zip(*rows, strict=True), strict=True)
    # One typed array per column: far faster than DataFrame.from_records + astype.
    return pd.DataFrame({name: pd.array(list(values), dtype=t) for name, t, values in columns})


def label_choices(hits: pd.DataFrame, by: str | list[str] | None = None) -> pd.DataFrame:
    """Return how often each label of each set is chosen, per group of ``by`` columns.

    ``hits`` is the output of :func:`find_labels` (plus grouping columns such as
    ``article_id`` or ``source``). Counts: ``n`` (all), ``n_author`` (outside quotations and
    not distanced), ``n_quoted``, ``n_negated``; ``share`` is ``n`` over all hits of the set
    in the group, ``share_author`` the same among author-voice hits (NaN when none).
    Empty ``hits`` give an empty table with the output columns.

    >>> hits = find_labels("It is a war. “Not a war but an operation,” they said. A war.")
    >>> choices = label_choices(hits).query("label_set == 'war_naming'")
    >>> choices[["label", "n", "n_author", "n_quoted", "share"]].values.tolist()
    [['war', 3, 2, 1, 1.0]]
    """
    keys = [by] if isinstance(by, str) else list(by or [])
    needed = {"label_set", "label", "quoted", "negated", *keys}
    missing = needed - set(hits.columns)
    if missing and not hits.empty:
        raise ParameterError(
            f"hits lack column(s) {sorted(missing)}; pass find_labels output with the "
            "grouping columns added"
        )
    group_keys = [*keys, "label_set", "label"]
    if hits.empty:
        out = pd.DataFrame({c: pd.Series(dtype="string") for c in group_keys})
        for name in CHOICE_COLUMNS[2:]:
            out[name] = pd.Series(dtype="float64" if name.startswith("share") else "int64")
        return out
    frame = hits[group_keys].copy()
    frame["n"] = 1
    author = ~hits["quoted"].astype(bool)
    if "distanced" in hits.columns:
        author &= ~hits["distanced"].astype(bool)
    frame["n_author"] = author.astype("int64")
    frame["n_quoted"] = hits["quoted"].astype(bool).astype("int64")
    frame["n_negated"] = hits["negated"].astype(bool).astype("int64")
    counts = (
        frame.groupby(group_keys, sort=True, dropna=False)[
            ["n", "n_author", "n_quoted", "n_negated"]
        ]
        .sum()
        .reset_index()
    )
    set_keys = [*keys, "label_set"]
    totals = counts.groupby(set_keys, dropna=False)[["n", "n_author"]].transform("sum")
    counts["share"] = counts["n"] / totals["n"]
    counts["share_author"] = (counts["n_author"] / totals["n_author"]).where(totals["n_author"] > 0)
    return counts[[*keys, *CHOICE_COLUMNS]].reset_index(drop=True)


def label_counts(label_rows: Iterable[tuple[str, str, str, bool, bool]]) -> list[tuple]:
    """Count each article's labels in author voice, in quotes and distanced (first-seen order).

    ``label_rows`` holds (article_id, label_set, label, quoted, distanced) per hit. Each
    result is (article_id, label_set, label, n_author, n_quoted, n_distanced, share_author):
    author voice is neither quoted nor distanced; ``share_author`` is the label's share of the
    article's author-voice labels of its set (NaN when the set has none in author voice).
    """
    counts: dict[tuple[str, str, str], list[int]] = {}
    for article_id, label_set, label, quoted, distanced in label_rows:
        counter = counts.setdefault((article_id, label_set, label), [0, 0, 0])
        counter[0] += not quoted and not distanced
        counter[1] += bool(quoted)
        counter[2] += bool(distanced)
    totals: dict[tuple[str, str], int] = {}
    for (article_id, label_set, _), (author, _, _) in counts.items():
        totals[article_id, label_set] = totals.get((article_id, label_set), 0) + author
    return [
        (*key, author, quoted, away, author / totals[key[:2]] if totals[key[:2]] else math.nan)
        for key, (author, quoted, away) in counts.items()
    ]
