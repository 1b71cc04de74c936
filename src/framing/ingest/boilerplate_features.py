"""Features of one line of an article, and the linear line classifier that scores them.

The classifier catches boilerplate that no phrase rule names: a related-story headline in
capitals, a caption, an initials-only credit. It is a logistic regression over the
features below, stored as plain numbers in ``boilerplate_classifier.yml`` (fitted and
cross-validated by ``benchmarks/eval_cleaning.py --write-model``), so it can be read,
diffed and re-fitted without pickles.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framing.errors import LexiconError
from framing.ingest.boilerplate_repeats import contained_in_other, line_key
from framing.io import read_yaml
from framing.textnorm import fold_typography

#: The features, in the order of :func:`line_features` columns.
FEATURE_NAMES: tuple[str, ...] = (
    "log_words",  # log(1 + words): boilerplate is short
    "stopword_share",  # share of English stop words: prose is full of them
    "upper_share",  # share of capital letters among letters: "CLICK HERE ..."
    "titlecase_share",  # share of words starting with a capital: headlines, names, credits
    "link_density",  # URLs, @handles, #tags and domain names per word
    "promo_verb_start",  # opens with an imperative promo verb ("Watch", "Sign", "Click")
    "position",  # relative position in the article, 0 (first line) to 1 (last)
    "at_end",  # one of the last two lines
    "ends_sentence",  # ends with . ! ? or a closing quote
    "has_quote",  # holds a quotation mark: quotes are prose
    "digit_share",  # share of digits among characters
    "label_colon",  # opens with one to three words and a colon ("Source:", "Photo:")
    "contained_elsewhere",  # share of its words found in one other, longer line
    "repeated_in_source",  # recurs across articles of its source (repeated_lines)
)

MODEL_PATH = Path(__file__).with_name("boilerplate_classifier.yml")

PROMO_VERBS = frozenset(
    {"click", "tap", "sign", "subscribe", "register", "join", "follow", "watch", "listen"}
    | {"read", "see", "view", "download", "get", "share", "like", "comment", "support"}
    | {"donate", "visit", "check", "find", "discover", "explore", "learn", "log", "install"}
)
_WORD = re.compile(r"[\w'-]+")
_LINK = re.compile(
    r"https?://\S+|www\.\S+|(?<!\w)[@#]\w+|\b[\w-]+\.(?:com|org|net|pl|ua|by|ru|uk|gov|io)\b",
    re.I,
)
_LABEL_COLON = re.compile(r"^[\w'/ -]{1,30}:\s")
_SENTENCE_END = tuple(".!?\"')")


@functools.cache
def english_stop_words() -> frozenset[str]:
    """Return scikit-learn's English stop-word list (imported on first use: sklearn is slow
    to import and most callers never need it)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


def ends_sentence(line: str) -> bool:
    """Return True when the line ends like a sentence (. ! ? or a closing quote/bracket)."""
    return fold_typography(line).rstrip().endswith(_SENTENCE_END)


def _opens_with_promo_verb(words: list[str]) -> bool:
    lowered = [w.lower() for w in words[:3]]
    if lowered[:2] == ["you", "can"]:
        lowered = lowered[2:]
    return bool(lowered) and lowered[0] in PROMO_VERBS


def _one_line(
    line: str, position: float, at_end: bool, contained: float, repeated: bool
) -> list[float]:
    own = _own_features(line)
    return [*own[:6], position, float(at_end), *own[6:], contained, float(repeated)]


@functools.lru_cache(maxsize=8192)
def _own_features(line: str) -> tuple[float, ...]:
    """Return the features that depend on the line alone (memoized: the cleaner scores a
    body twice, and site furniture recurs), in FEATURE_NAMES order without the context
    ones (position, at_end, contained_elsewhere, repeated_in_source)."""
    folded = fold_typography(line)
    words = _WORD.findall(folded)
    n_words = max(len(words), 1)
    letters = "".join(filter(str.isalpha, folded))
    stop = english_stop_words()
    return (
        math.log1p(len(words)),
        sum(w.lower() in stop for w in words) / n_words,
        sum(map(str.isupper, letters)) / len(letters) if letters else 0.0,
        sum(w[:1].isupper() for w in words) / n_words,
        len(_LINK.findall(folded)) / n_words,
        float(_opens_with_promo_verb(words)),
        float(ends_sentence(folded)),
        float('"' in folded or "'" in folded.replace("'s", "")),
        sum(map(str.isdigit, folded)) / max(len(folded), 1),
        float(bool(_LABEL_COLON.match(folded))),
    )


def line_features(
    lines: Sequence[str],
    *,
    repeated: Collection[str] = frozenset(),
    only: Collection[int] | None = None,
) -> list[list[float] | None]:
    """Return one feature row (a list of floats, :data:`FEATURE_NAMES` order) per line of one
    article; ``repeated`` holds the :func:`line_key` of lines that recur in its source.
    With ``only``, rows are computed for those line indices and None is given elsewhere."""
    last = max(len(lines) - 1, 1)
    contained = contained_in_other(list(lines), only=only)
    return [
        _one_line(line, i / last, i >= len(lines) - 2, contained[i], line_key(line) in repeated)
        if only is None or i in only
        else None
        for i, line in enumerate(lines)
    ]


@dataclass(frozen=True)
class LineModel:
    """A fitted logistic regression over standardized features, and its decision threshold.

    ``max_words``: lines longer than this are never scored as boilerplate (the model was
    fitted on short web furniture; a long paragraph is prose whatever its features say).
    """

    feature_names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float
    max_words: int = 40

    def probability(self, row: Sequence[float]) -> float:
        """Return the modelled probability that a line with features ``row`` is boilerplate."""
        z = self.intercept + sum(
            c * (x - m) / s
            for c, x, m, s in zip(self.coef, row, self.mean, self.scale, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(min(z, 500.0), -500.0)))

    def contributions(self, row: Sequence[float]) -> dict[str, float]:
        """Return each feature's share of the log-odds for ``row`` (the evidence of a call)."""
        return {
            name: c * (x - m) / s
            for name, c, x, m, s in zip(
                self.feature_names, self.coef, row, self.mean, self.scale, strict=True
            )
        }

    def to_dict(self) -> dict[str, object]:
        """Return the model as plain numbers, ready for YAML."""
        return {
            "feature_names": list(self.feature_names),
            "mean": [round(v, 6) for v in self.mean],
            "scale": [round(v, 6) for v in self.scale],
            "coef": [round(v, 6) for v in self.coef],
            "intercept": round(self.intercept, 6),
            "threshold": round(self.threshold, 6),
            "max_words": self.max_words,
        }


def model_from_dict(data: Mapping[str, Any], *, source: str = "<dict>") -> LineModel:
    """Return a :class:`LineModel` from its :meth:`LineModel.to_dict` form.

    Raises :class:`LexiconError` when a field is missing or the features differ from
    :data:`FEATURE_NAMES` (the model was fitted on another feature set: re-fit it with
    ``benchmarks/eval_cleaning.py --write-model``).
    """

    def numbers(field: str) -> tuple[float, ...]:
        return tuple(float(v) for v in data[field])

    try:
        names = tuple(str(n) for n in data["feature_names"])
        model = LineModel(
            feature_names=names,
            mean=numbers("mean"),
            scale=tuple(v or 1.0 for v in numbers("scale")),
            coef=numbers("coef"),
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            max_words=int(data.get("max_words", 40)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise LexiconError(f"{source}: not a line-classifier model: {exc}") from exc
    if names != FEATURE_NAMES:
        raise LexiconError(
            f"{source}: the model's features {list(names)} differ from {list(FEATURE_NAMES)}; "
            "re-fit it with benchmarks/eval_cleaning.py --write-model"
        )
    return model


@functools.cache
def load_line_model(path: str | None = None) -> LineModel | None:
    """Return the shipped line classifier (or the one at ``path``); None when there is none."""
    target = Path(path) if path else MODEL_PATH
    if not target.exists():
        return None
    data = read_yaml(target)
    return model_from_dict(data.get("model", data), source=str(target))
