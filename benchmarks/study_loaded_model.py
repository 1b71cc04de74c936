"""Feasibility study: does a small learned token model on top of the lexicon pay its way?

    .venv/bin/python benchmarks/study_loaded_model.py [--data ../shared/eval] [--seed 0]

Asks whether a per-token logistic model, whose hits are added to the loaded-term lexicon's,
lifts BABE sentence MCC and PTC span recall. Reads only the "choose" half of each development
file (:func:`framing.validate.loaded_terms.part_of`): ``babe/final_labels_SG2_dev.csv`` and
``ptc/techniques_dev.tsv`` with ``ptc/articles/`` under ``--data``; never the score half and
never a ``*_holdout`` file. Every unit is scored out of fold in a 5-fold cross-validation
(folds fixed by a salted hash: BABE by sentence, PTC by article); each fold's probability
threshold is chosen by an inner 4-fold cross-validation on its training folds only. This
reproduces the feasibility study behind the answer "not feasible": see the paired differences.

Prints, for the lexicon alone and for two model variants (context features or word features
only; trained on BABE and PTC labels, PTC tokens of other techniques as positives), BABE F1,
precision, recall and MCC and PTC recall and precision, each with a 95 % bootstrap interval
(BABE over sentences, PTC over articles), the paired difference from the lexicon with its
interval, the share of the model's added PTC hits inside any technique span, and the run time.
"""

from __future__ import annotations

import argparse
import ast
import re
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from framing.features.lexicon import load_lexicon
from framing.features.loaded_terms import find_terms
from framing.features.negation import is_negated
from framing.features.quoted_regions import quoted_regions
from framing.features.sentiment import analyzer
from framing.features.stance import subjectivity_lexicon
from framing.validate import loaded_terms as lt
from framing.validate.scoring import difference, figure

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval"
FOLDS = range(5)
TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
SENTENCE_END = re.compile(r"[.!?]\s*[\"“']?\s*$")
TOKEN_COLUMNS = ["unit", "start", "end", "word", "ptc", "quoted", "positive", "marked",
                 "target_len", "covered"]  # fmt: skip
# positive: a BABE annotated word of a biased sentence, a word in a PTC target span; marked:
# in a biased sentence or any PTC technique span; covered: inside a lexicon hit.
RUN_GAP = re.compile(r"[\s-]*")  # adjacent model tokens joined only by spaces or hyphens
_STOP_WORDS = """that this with from have were they their there which would could should about
after before because being between other these those while where when what into over under more
most some such than then them only also very just said says like will been does doing done make
made many much even every the and for are was but not you his her him she its our has had who all
any can one two out new"""
STOP = frozenset(_STOP_WORDS.split())
BABE_COLUMNS = ("text", "label_bias", "biased_words")
MAX_TARGET_CHARS = 60  # PTC words learnt as loaded only from target spans up to this long
THRESHOLDS = np.round(np.arange(0.20, 0.951, 0.025), 3)
# A threshold must keep both precisions a little above the measure's targets (0.70, 0.45).
MIN_BABE_PRECISION, MIN_PTC_PRECISION = 0.72, 0.48


@dataclass(frozen=True)
class Variant:
    """One model: its features and how PTC tokens of non-target techniques are labelled."""

    title: str
    context: bool  # previous and next word, capital inside a sentence, quoted
    others_positive: bool = True  # PTC words inside any technique span are positives
    C: float = 0.5  # inverse regularisation strength


VARIANTS = (
    Variant("(b) model, context features", context=True),
    Variant("(c) model, word features only", context=False),
)


@dataclass(frozen=True)
class Unit:
    """A BABE sentence or a PTC article, with its lexicon hits and human annotation."""

    source: str  # "babe" or "ptc"
    fold: int
    text: str
    lexicon_hits: tuple[tuple[int, int], ...]
    author_hit: bool = False  # BABE: an author-voice lexicon hit flags the sentence
    biased: bool = False  # BABE: the experts' label
    targets: tuple[tuple[int, int], ...] = ()  # PTC: Loaded_Language and Name_Calling spans
    spans: tuple[tuple[int, int], ...] = ()  # PTC: every technique span


@dataclass(frozen=True)
class Outcomes:
    """BABE truth and flag per sentence; PTC (found, targets, inside, hits) per article."""

    babe_truth: np.ndarray
    babe_flag: np.ndarray
    ptc: np.ndarray


def token_rows(index: int, unit: Unit, gold: set[str]) -> list[tuple]:
    """Return one row (:data:`TOKEN_COLUMNS`) per word of ``unit``."""
    quotes, rows, babe = sorted(quoted_regions(unit.text)), [], unit.source == "babe"
    for match in TOKEN.finditer(unit.text):
        (s, e), word = match.span(), match.group()
        lengths = [te - ts for ts, te in unit.targets if ts < e and te > s]
        positive = word.lower() in gold if babe else bool(lengths)
        marked = unit.biased if babe else lt._overlaps(unit.spans, s, e)
        covered = lt._overlaps(unit.lexicon_hits, s, e)
        row = (index, s, e, word, not babe, lt._overlaps(quotes, s, e), positive, marked)
        rows.append((*row, min(lengths, default=0), covered))
    return rows


def read_units(data: Path) -> tuple[list[Unit], pd.DataFrame]:
    """Return the choose half's BABE sentences and PTC articles, and their words."""
    lexicon, units, rows = load_lexicon(), list[Unit](), list[tuple]()
    babe = lt.read_babe(data / "babe" / "final_labels_SG2_dev.csv", part="choose")
    for text, label, cell in zip(*(babe[c] for c in BABE_COLUMNS), strict=True):
        text, biased = str(text), label == "Biased"
        found = find_terms(text, lexicon)
        hits = tuple(sorted(zip(found["start"], found["end"], strict=True)))
        unit = Unit("babe", lt.cv_fold(text), text, hits, not lt.author_voice(found).empty, biased)
        words = ast.literal_eval(cell) if biased else []
        rows += token_rows(len(units), unit, {t.lower() for w in words for t in TOKEN.findall(w)})
        units.append(unit)
    folder = data / "ptc"
    techniques = lt.read_ptc(folder, "techniques_dev.tsv", part="choose")
    for article, group in techniques.groupby("article_id"):
        text = (folder / "articles" / f"article{article}.txt").read_text(encoding="utf-8")
        matched = lt.lexicon_finder(lexicon)(text)  # every voice: PTC marks quotations too
        hits = tuple(sorted((s, e) for s, e, _ in matched))
        targets = group[group["technique"].isin(lt.TARGET_TECHNIQUES)]
        marked = [tuple(sorted(zip(g["start"], g["end"], strict=True))) for g in (targets, group)]
        unit = Unit("ptc", lt.cv_fold(str(article)), text, hits, targets=marked[0], spans=marked[1])
        rows += token_rows(len(units), unit, set())
        units.append(unit)
    tokens = pd.DataFrame(rows, columns=TOKEN_COLUMNS)
    tokens["lower"] = [w.lower().replace("’", "'") for w in tokens["word"]]
    return units, tokens.assign(fold=[units[u].fold for u in tokens["unit"]])


def stem(word: str) -> str:
    """Return ``word`` without one common suffix, keeping at least four letters."""
    for suffix in ("ically", "ally", "ness", "ing", "ed", "ly", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def token_features(units: list[Unit], tokens: pd.DataFrame, context: bool) -> list[dict]:
    """Return each word's features: word, stem, suffix, VADER and TextBlob bins (+ context)."""
    vader, textblob = analyzer().lexicon, subjectivity_lexicon()
    unit_ids, words = tokens["unit"].to_numpy(), tokens["word"].tolist()
    starts, ends, quoted = (tokens[c].tolist() for c in ("start", "end", "quoted"))
    features = []
    for i, (word, lower) in enumerate(zip(words, tokens["lower"], strict=True)):
        valence, (polarity, subjectivity) = vader.get(lower), textblob.get(lower, (None, None))
        bins = {"vb": (valence, 1), "tbs": (subjectivity, 4), "tbp": (polarity, 4)}
        f = {"w=" + lower: 1, "st=" + stem(lower): 1, "sf=" + lower[-3:]: 1, "bias": 1}
        f |= {f"{k}={'none' if v is None else int(round(v * m))}": 1 for k, (v, m) in bins.items()}
        if context:
            first = i == 0 or unit_ids[i - 1] != unit_ids[i]
            last = i + 1 == len(words) or unit_ids[i + 1] != unit_ids[i]
            f["p=" + ("<s>" if first else words[i - 1].lower())] = 1
            f["n=" + ("</s>" if last else words[i + 1].lower())] = 1
            gap = "" if first else units[unit_ids[i]].text[ends[i - 1] : starts[i]]
            if word[0].isupper() and not (first or SENTENCE_END.search(gap)):
                f["cap"] = 1
            if quoted[i]:
                f["quoted"] = 1
        features.append(f)
    return features


def base_vocabulary() -> set[str]:
    """Return the words the model may flag before training: VADER and subjective TextBlob."""
    vader, textblob = analyzer().lexicon, subjectivity_lexicon()
    words = {w for w in vader if re.fullmatch(r"[a-z][a-z'-]*", w)}
    words |= {w for w, (polarity, subj) in textblob.items() if subj >= 0.3 or abs(polarity) >= 0.3}
    return words - STOP


negated = cache(is_negated)  # thresholds are tried many times on the same spans


def outcomes(
    units: list[Unit], tokens: pd.DataFrame, added: np.ndarray, folds: Collection[int] = FOLDS
) -> Outcomes:
    """Score the lexicon's hits plus the model's (``added``: a token mask) in ``folds``.

    Adjacent model words form one hit; on BABE it counts only in the author's voice.
    """
    runs: dict[int, list[list]] = {}
    unit_of, starts, ends = (tokens[c].to_numpy() for c in ("unit", "start", "end"))
    quoted = tokens["quoted"].to_numpy()
    for i in np.flatnonzero(added):
        unit_runs, text = runs.setdefault(unit_of[i], []), units[unit_of[i]].text
        last = unit_runs[-1] if unit_runs else [0, 0, False, -2]  # [start, end, quoted, token]
        if last[3] == i - 1 and RUN_GAP.fullmatch(text[last[1] : starts[i]]):
            last[1:] = [ends[i], last[2] and quoted[i], i]
        else:
            unit_runs.append([starts[i], ends[i], quoted[i], i])
    truth, flag, ptc = [], [], []
    for index, unit in enumerate(units):
        if unit.fold not in folds:
            continue
        model = runs.get(index, [])
        if unit.source == "babe":
            truth.append(unit.biased)
            voiced = (not q and not negated(unit.text, s, e) for s, e, q, _ in model)
            flag.append(unit.author_hit or any(voiced))
        else:
            hits = sorted([*unit.lexicon_hits, *((s, e) for s, e, *_ in model)])
            found = sum(lt._overlaps(hits, s, e) for s, e in unit.targets)
            inside = sum(lt._overlaps(unit.spans, s, e) for s, e in hits)
            ptc.append((found, len(unit.targets), inside, len(hits)))
    return Outcomes(np.array(truth, bool), np.array(flag, bool), np.array(ptc, float))


def metric_functions(o: Outcomes) -> dict[str, tuple[Callable[[np.ndarray], float], int]]:
    """Return name -> (metric of a row index, rows): BABE rows are sentences, PTC articles."""
    truth, flag, ptc = o.babe_truth, o.babe_flag, o.ptc

    def babe(score: Callable[[np.ndarray, np.ndarray], float]) -> Callable[[np.ndarray], float]:
        return lambda i: score(truth[i], flag[i])

    def ratio(num: int, den: int) -> Callable[[np.ndarray], float]:
        return lambda i: float(ptc[i, num].sum() / max(1.0, ptc[i, den].sum()))

    # The loaded-term measure's own definitions, so the lexicon row is the published one.
    return {
        "BABE F1": (babe(lt._f1), len(truth)),
        "BABE precision": (babe(lt._precision), len(truth)),
        "BABE recall": (babe(lt._recall), len(truth)),
        "BABE MCC": (babe(lt._mcc), len(truth)),
        "PTC recall": (ratio(0, 1), len(ptc)),
        "PTC precision": (ratio(2, 3), len(ptc)),
    }


def labelled(tokens: pd.DataFrame, variant: Variant) -> pd.DataFrame:
    """Return ``tokens`` with the training label of each word under ``variant``.

    Adds label, usable (labelled with confidence: not an unannotated word of a biased BABE
    sentence, nor, unless they count as positives, a word of another PTC technique) and
    gold_ok (may join the vocabulary when positive in the training folds).
    """
    others = variant.others_positive & tokens["ptc"]
    label = tokens["positive"] | (others & tokens["marked"])
    short_target = ~tokens["ptc"] | (tokens["target_len"] <= MAX_TARGET_CHARS)
    word_ok = (tokens["lower"].str.len() > 3) & ~tokens["lower"].isin(STOP)
    usable = tokens["positive"] | ~tokens["marked"] | others
    return tokens.assign(label=label, usable=usable, gold_ok=label & short_target & word_ok)


def predict(
    X: object, t: pd.DataFrame, vocabulary: set[str], train: list[int], test: int, C: float
) -> tuple[np.ndarray, np.ndarray]:
    """Fit on ``train`` folds; return probabilities on fold ``test`` (-1 elsewhere), candidates."""
    in_train = t["fold"].isin(train)
    words = vocabulary | set(t["lower"][t["gold_ok"] & in_train])
    candidate = t["lower"].isin(words)
    rows = (candidate & in_train & t["usable"]).to_numpy()
    model = LogisticRegression(C=C, solver="liblinear", max_iter=2000, random_state=0)
    model.fit(X[rows], t["label"].to_numpy()[rows])  # type: ignore[index]
    scored = (candidate & (t["fold"] == test)).to_numpy()
    prob = np.full(len(t), -1.0)
    prob[scored] = model.predict_proba(X[scored])[:, 1]  # type: ignore[index]
    return prob, scored


def choose_threshold(
    units: list[Unit], tokens: pd.DataFrame, prob: np.ndarray, folds: list[int]
) -> float:
    """Return the threshold best for both BABE MCC and PTC recall, precision kept."""
    best, chosen = -np.inf, 1.01
    for threshold in THRESHOLDS:
        o = outcomes(units, tokens, (prob >= threshold) & ~tokens["covered"].to_numpy(), folds)
        m = {name: f(np.arange(n)) for name, (f, n) in metric_functions(o).items()}
        mcc, recall = m["BABE MCC"], m["PTC recall"]
        ok = m["BABE precision"] >= MIN_BABE_PRECISION and m["PTC precision"] >= MIN_PTC_PRECISION
        # Lift the weaker of the two headline figures; if no threshold keeps both
        # precisions, take the least bad one.
        score = min(mcc - 0.45, recall - 0.45) if ok else -5 + mcc + recall
        if score > best:
            best, chosen = score, float(threshold)
    return chosen


def cross_validate(
    units: list[Unit], tokens: pd.DataFrame, variant: Variant
) -> tuple[np.ndarray, list[float]]:
    """Return the out-of-fold model hits (token mask) and each fold's inner-CV threshold."""
    t, vocabulary = labelled(tokens, variant), base_vocabulary()
    X = DictVectorizer().fit_transform(token_features(units, tokens, variant.context))
    added, thresholds = np.zeros(len(tokens), bool), []
    for test in FOLDS:
        train = [f for f in FOLDS if f != test]
        inner = np.full(len(tokens), -1.0)
        for held in train:
            inner_train = [f for f in train if f != held]
            prob, scored = predict(X, t, vocabulary, inner_train, held, variant.C)
            inner[scored] = prob[scored]
        thresholds.append(choose_threshold(units, tokens, inner, train))
        prob, _ = predict(X, t, vocabulary, train, test, variant.C)
        added |= (prob >= thresholds[-1]) & ~tokens["covered"].to_numpy()
    return added, thresholds


def print_figures(o: Outcomes, lexicon: Outcomes | None, seed: int) -> None:
    """Print each metric with its interval and, beside ``lexicon``, the paired difference."""
    base = metric_functions(lexicon) if lexicon is not None else {}
    for name, (f, n) in metric_functions(o).items():
        fig = figure(name, f, n, seed=seed)
        line = f"  {name:15s} {fig.value:.3f} [{fig.low:.3f}, {fig.high:.3f}]"
        if name in base:
            delta = difference(name, f, base[name][0], n, seed=seed)
            line += f"   vs lexicon {delta.value:+.3f} [{delta.low:+.3f}, {delta.high:+.3f}]"
        print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="evaluation folder")
    parser.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    units, tokens = read_units(args.data)
    lexicon = outcomes(units, tokens, np.zeros(len(tokens), bool))
    print(
        f'part "choose": {len(lexicon.babe_truth)} BABE sentences, {len(lexicon.ptc)} PTC '
        f"articles ({int(lexicon.ptc[:, 1].sum())} target spans), {len(tokens)} words; "
        "95 % bootstrap intervals over sentences / articles"
    )
    print("(a) lexicon alone")
    print_figures(lexicon, None, args.seed)
    for variant in VARIANTS:
        added, thresholds = cross_validate(units, tokens, variant)
        o = outcomes(units, tokens, added)
        print(f"{variant.title}; thresholds by fold {', '.join(f'{t:.3f}' for t in thresholds)}")
        print_figures(o, lexicon, args.seed)
        hits, inside = (o.ptc[:, c].sum() - lexicon.ptc[:, c].sum() for c in (3, 2))
        print(
            f"  PTC hits added by the model {hits:.0f}, inside a technique span {inside:.0f} "
            f"({inside / max(hits, 1):.2f}; lexicon hits {lexicon.ptc[:, 3].sum():.0f})"
        )
    print(f"took {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
