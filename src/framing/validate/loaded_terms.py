"""Loaded terms against human annotation: BABE sentences and PTC propaganda spans.

* BABE (SG2): a sentence is predicted "biased" when it holds an author-voice loaded term (a
  hit neither quoted, negated nor distanced); scored against the experts' ``label_bias``
  with precision, recall, F1 and MCC, beside answering "biased" for every sentence.
* PTC (SemEval-2020 task 11): recall of Loaded_Language and Name_Calling,Labeling spans (a
  gold span is found when a hit, in any voice, overlaps it) and precision of hits against
  every technique span, beside a general sentiment lexicon (every VADER word rated 2 or more
  either way).

Lexicon additions are chosen on one part of each development file and scored on the other:
:func:`part_of` splits BABE by a hash of the sentence and PTC by article id, fixed before
looking. ``part="score"`` (the default) scores the part not used for choosing; give
``part="all"`` for a file kept aside (such as a test half).
"""

from __future__ import annotations

import ast
import bisect
import hashlib
import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from framing.errors import InputError, ParameterError
from framing.features.lexicon import Lexicon, load_lexicon
from framing.features.loaded_terms import find_terms
from framing.features.sentiment import analyzer
from framing.validate.measure import Figure, Measure, bootstrap_interval

logger = logging.getLogger(__name__)

TARGET_TECHNIQUES: tuple[str, ...] = ("Loaded_Language", "Name_Calling,Labeling")
PARTS: tuple[str, ...] = ("choose", "score", "all")
_PART_NOTES = {
    "choose": "the half on which lexicon additions were chosen: not a fair test",
    "score": "the half not used to choose lexicon additions: BABE split by a hash of the "
    "sentence, PTC by article id",
    "all": "the whole file; fair only for a file kept aside, such as a test half",
}
#: The general-sentiment baseline for PTC flags every word VADER rates at least this strongly.
BASELINE_VALENCE = 2.0
_TOKEN = re.compile(r"[\w][\w'’-]*")


def part_of(key: str) -> str:
    """Return "choose" or "score": the fixed half of a development file ``key`` falls in.

    >>> part_of("111111112"), part_of("111111121")
    ('score', 'choose')
    """
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=2).digest()
    return "choose" if digest[0] % 2 == 0 else "score"


def cv_fold(key: str, folds: int = 5) -> int:
    """Return the fixed cross-validation fold (0 .. folds-1) of a BABE sentence or a PTC
    article id, for choices made inside the choose half (a salted hash, so folds do not
    follow the halves).

    >>> cv_fold("111111112"), cv_fold("111111121")
    (1, 4)
    """
    digest = hashlib.blake2b(("cv5:" + key).encode("utf-8"), digest_size=2).digest()
    return digest[1] % folds


def _check_part(part: str) -> None:
    if part not in PARTS:
        raise ParameterError(f"part must be one of {', '.join(PARTS)}, got {part!r}")


def _f1(truth: np.ndarray, pred: np.ndarray) -> float:
    tp = float(np.sum(truth & pred))
    denominator = float(np.sum(truth) + np.sum(pred))
    return 2 * tp / denominator if denominator else 0.0


def _mcc(truth: np.ndarray, pred: np.ndarray) -> float:
    tp = float(np.sum(truth & pred))
    tn = float(np.sum(~truth & ~pred))
    fp = float(np.sum(~truth & pred))
    fn = float(np.sum(truth & ~pred))
    denominator = np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return float((tp * tn - fp * fn) / denominator) if denominator else 0.0


def _precision(truth: np.ndarray, pred: np.ndarray) -> float:
    flagged = float(np.sum(pred))
    return float(np.sum(truth & pred)) / flagged if flagged else 0.0


def _recall(truth: np.ndarray, pred: np.ndarray) -> float:
    positives = float(np.sum(truth))
    return float(np.sum(truth & pred)) / positives if positives else 0.0


def author_voice(hits: pd.DataFrame) -> pd.DataFrame:
    """Return the hits the author endorses: neither quoted, negated nor distanced."""
    keep = ~hits["quoted"] & ~hits["negated"]
    if "distanced" in hits.columns:
        keep &= ~hits["distanced"]
    return hits[keep]


@dataclass
class BabeResult:
    """Per-sentence truth and prediction on BABE, with the terms behind the errors."""

    truth: np.ndarray
    predicted: np.ndarray
    false_terms: Counter[str] = field(default_factory=Counter)
    true_terms: Counter[str] = field(default_factory=Counter)
    missed_words: Counter[str] = field(default_factory=Counter)


def read_babe(path: Path, part: str = "score") -> pd.DataFrame:
    """Return BABE's labelled sentences (text, label_bias, biased_words) in ``part``."""
    _check_part(part)
    if not path.is_file():
        raise InputError(str(path), "BABE file not found; see ../shared/eval/README.md")
    data = pd.read_csv(path)
    data = data[data["label_bias"].isin(["Biased", "Non-biased"])]
    if part != "all":
        data = data[[part_of(str(text)) == part for text in data["text"]]]
    return data.reset_index(drop=True)


def score_babe(data: pd.DataFrame, lexicon: Lexicon) -> BabeResult:
    """Predict "biased" for each sentence holding an author-voice hit; keep error terms."""
    truth = (data["label_bias"] == "Biased").to_numpy()
    predicted = np.zeros(len(data), dtype=bool)
    result = BabeResult(truth, predicted)
    for i, (text, cell) in enumerate(zip(data["text"], data["biased_words"], strict=True)):
        author = author_voice(find_terms(str(text), lexicon))
        predicted[i] = not author.empty
        counter = result.true_terms if truth[i] else result.false_terms
        counter.update(author["term"])
        gold = {t.lower() for p in ast.literal_eval(cell) for t in _TOKEN.findall(str(p))}
        covered = {
            m.group().lower()
            for m in _TOKEN.finditer(str(text))
            if ((author["start"] < m.end()) & (author["end"] > m.start())).any()
        }
        result.missed_words.update(gold - covered)
    return result


@dataclass
class PtcResult:
    """PTC gold spans (found or not) and hits (inside a technique span or not), by article."""

    span_article: list[str] = field(default_factory=list)
    span_found: list[bool] = field(default_factory=list)
    hit_article: list[str] = field(default_factory=list)
    hit_inside: list[bool] = field(default_factory=list)
    false_terms: Counter[str] = field(default_factory=Counter)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when sorted ``spans`` has one overlapping [start, end)."""
    index = bisect.bisect_left(spans, (end, -1))
    return any(s < end and e > start for s, e in spans[max(0, index - 50) : index])


def read_ptc(folder: Path, labels: str, part: str = "score") -> pd.DataFrame:
    """Return PTC technique spans (article_id, technique, start, end) in ``part``."""
    _check_part(part)
    path = folder / labels
    if not path.is_file():
        raise InputError(str(path), "PTC labels not found; see ../shared/eval/README.md")
    spans = pd.read_csv(
        path,
        sep="\t",
        header=None,
        names=["article_id", "technique", "start", "end"],
        dtype={"article_id": str},
    )
    if part != "all":
        spans = spans[[part_of(a) == part for a in spans["article_id"]]]
    return spans.reset_index(drop=True)


def score_ptc(
    folder: Path,
    spans: pd.DataFrame,
    find: Callable[[str], list[tuple[int, int, str]]],
) -> PtcResult:
    """Match every PTC article with ``find`` (text -> (start, end, term)) and score its hits."""
    result = PtcResult()
    for article_id, group in spans.groupby("article_id"):
        path = folder / "articles" / f"article{article_id}.txt"
        if not path.is_file():
            logger.warning("PTC article %s has no text file; skipped", path)
            continue
        hits = find(path.read_text(encoding="utf-8"))
        hit_spans = sorted((s, e) for s, e, _ in hits)
        gold = sorted(zip(group["start"], group["end"], strict=True))
        targets = group[group["technique"].isin(TARGET_TECHNIQUES)]
        for start, end in zip(targets["start"], targets["end"], strict=True):
            result.span_article.append(str(article_id))
            result.span_found.append(_overlaps(hit_spans, start, end))
        for start, end, term in hits:
            inside = _overlaps(gold, start, end)
            result.hit_article.append(str(article_id))
            result.hit_inside.append(inside)
            if not inside:
                result.false_terms[term] += 1
    return result


def lexicon_finder(lexicon: Lexicon) -> Callable[[str], list[tuple[int, int, str]]]:
    """Return text -> every hit (start, end, term) of ``lexicon``, whatever its voice.

    PTC marks a technique wherever it appears, in a quotation too, so every hit counts.
    """

    def find(text: str) -> list[tuple[int, int, str]]:
        hits = find_terms(text, lexicon)
        return list(zip(hits["start"], hits["end"], hits["term"], strict=True))

    return find


def sentiment_word_finder(text: str) -> list[tuple[int, int, str]]:
    """Return every word VADER rates at least :data:`BASELINE_VALENCE` either way."""
    words = analyzer().lexicon
    return [
        (m.start(), m.end(), m.group().lower())
        for m in _TOKEN.finditer(text)
        if abs(words.get(m.group().lower(), 0.0)) >= BASELINE_VALENCE
    ]


def _figure(name: str, values: np.ndarray, metric: Callable, seed: int, **kw: object) -> Figure:
    """Return ``metric`` of the boolean columns ``values`` with a bootstrap interval."""
    value = metric(np.arange(len(values)))
    low, high = bootstrap_interval(metric, len(values), seed=seed, **kw)  # type: ignore[arg-type]
    return Figure(name, float(value), low, high)


def _babe_figures(result: BabeResult, seed: int) -> tuple[list[Figure], list[Figure]]:
    """Return (figures of the lexicon, figures of answering "biased" everywhere)."""
    truth, pred = result.truth, result.predicted
    always = np.ones_like(truth)
    ours = [
        _figure(f"babe_{name}", truth, lambda i, m=m: m(truth[i], pred[i]), seed)
        for name, m in (("f1", _f1), ("precision", _precision), ("recall", _recall),
                        ("mcc", _mcc))
    ]  # fmt: skip
    baseline = [
        _figure(f"babe_{name}_all_biased", truth, lambda i, m=m: m(truth[i], always[i]), seed)
        for name, m in (("f1", _f1), ("precision", _precision), ("mcc", _mcc))
    ]
    return ours, baseline


def _ptc_figures(result: PtcResult, prefix: str, seed: int) -> list[Figure]:
    """Return PTC recall and precision with intervals (NaN where a part has nothing to count)."""
    figures = []
    for name, values, groups in (
        ("recall", result.span_found, result.span_article),
        ("precision", result.hit_inside, result.hit_article),
    ):
        shares = np.asarray(values, dtype=float)
        if not len(shares):  # no target span, or no hit, in this part of the file
            figures.append(Figure(f"{prefix}_{name}", float("nan")))
            continue
        figures.append(
            _figure(
                f"{prefix}_{name}",
                shares,
                lambda i, s=shares: float(s[i].mean()),
                seed,
                groups=groups,
            )
        )
    return figures


def run(
    data_root: Path,
    *,
    seed: int = 0,
    babe_file: str = "babe/final_labels_SG2_dev.csv",
    ptc_labels: str = "ptc/techniques_dev.tsv",
    part: str | None = None,
    lexicon: Lexicon | None = None,
    split: str = "dev",
) -> Measure:
    """Return the loaded-term measure: BABE sentence F1 (headline) and PTC span figures.

    ``data_root`` is the evaluation folder (``../shared/eval``). ``split`` names the files'
    half (``dev``; ``holdout`` reads ``*_holdout.*``). ``part`` is which fixed half of each
    file is scored: by default "score" for the dev files (the half not used to choose
    lexicon entries) and "all" for any other split.
    """
    if split != "dev":
        babe_file = babe_file.replace("_dev.", f"_{split}.")
        ptc_labels = ptc_labels.replace("_dev.", f"_{split}.")
    part = part if part is not None else "score" if split == "dev" else "all"
    data_root = Path(data_root)
    lexicon = lexicon if lexicon is not None else load_lexicon()
    babe = read_babe(data_root / babe_file, part)
    babe_result = score_babe(babe, lexicon)
    ours, babe_baseline = _babe_figures(babe_result, seed)
    ptc_path = data_root / ptc_labels
    ptc_spans = read_ptc(ptc_path.parent, ptc_path.name, part)
    ptc = _ptc_figures(score_ptc(ptc_path.parent, ptc_spans, lexicon_finder(lexicon)), "ptc", seed)
    ptc_base = score_ptc(ptc_path.parent, ptc_spans, sentiment_word_finder)
    ptc_baseline = _ptc_figures(ptc_base, "ptc_sentiment_words", seed)
    n_articles = ptc_spans["article_id"].nunique()
    return Measure(
        key="loaded_terms",
        title='Sentence "has an author-voice loaded term" vs BABE experts\' "biased"',
        data=f"{babe_file}; {ptc_labels}",
        n=len(babe),
        unit="sentences",
        figure=ours[0],
        baselines=(*babe_baseline, *ptc_baseline),
        extra=(*ours[1:], *ptc),
        seed=seed,
        method=(
            f"part={part!r} of each file ({_PART_NOTES[part]}); 95 % bootstrap intervals "
            f"over sentences, and over PTC articles ({n_articles} articles, "
            f"{len(ptc_spans)} technique spans)"
        ),
        licence="BABE: AGPL-3.0; PTC: SemEval-2020 task 11, research use, citation requested",
        failure_modes=(
            "terms that are loaded in one topic and neutral in another",
            "bias carried by selection or syntax, with no loaded word",
            "PTC gold spans are long; one hit anywhere inside counts as found",
        ),
        details={
            "lexicon_version": lexicon.version,
            "babe_flagged_share": float(babe_result.predicted.mean()) if len(babe) else 0.0,
            "ptc_articles": int(n_articles),
            "ptc_target_spans": int(ptc_spans["technique"].isin(TARGET_TECHNIQUES).sum()),
        },
    )
