"""Boilerplate removal against the line-level gold of ukraine_war_news (cleaning_gold).

Each gold article's text is split on newlines, empty lines dropped, lines stripped; a
cleaner's kept lines are scored as the gold README says: prose kept (counted by occurrence)
and boilerplate removed (a ``duplicate`` line may stay as often as it is listed as prose),
pooled over articles, with seeded bootstrap 95 % intervals over articles.

The figure is ingest's own path (``clean_text`` with title="", the source's repeated lines)
with the line classifier cross-validated: fitted and thresholded inside each training fold
(grouped by near-duplicate cluster), scored on the held-out articles. Beside it: the rules
alone, keeping every line, and the classifier trained without the article's country. The
phrase rules (boilerplate.yml) were written after reading the gold, so they are in-sample.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from framing.errors import InputError
from framing.ingest.boilerplate import classify_lines
from framing.ingest.boilerplate_features import (
    FEATURE_NAMES,
    LineModel,
    line_features,
)
from framing.ingest.boilerplate_repeats import (
    article_clusters,
    article_lines,
    line_key,
    repeated_lines,
)
from framing.ingest.clean import clean_text
from framing.io import read_json
from framing.validate.scoring import require_file

KINDS: tuple[str, ...] = ("promo", "related", "byline", "copyright", "caption", "embed")
KINDS += ("newsletter", "feedback", "duplicate", "nav", "ad", "timestamp", "other")


def _norm(line: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", line)).strip()


def score_article(kept: Sequence[str], gold: dict) -> dict[str, Counter]:
    """Return counts for one article: prose/boilerplate totals and hits, and per kind."""
    clean = Counter(_norm(line) for line in kept)
    prose = Counter(_norm(line) for line in gold["prose"])
    counts: dict[str, Counter] = {"total": Counter(), "hit": Counter()}
    for line, n in prose.items():
        counts["total"]["prose"] += n
        counts["hit"]["prose"] += min(n, clean[line])
    by_text: dict[str, list[str]] = {}
    for item in gold["boilerplate"]:
        by_text.setdefault(_norm(item["text"]), []).append(item["kind"])
    for line, kinds in by_text.items():
        surviving = max(0, min(len(kinds), clean[line] - prose[line]))
        for index, kind in enumerate(kinds):
            removed = index >= surviving
            for key in ("boilerplate", f"kind:{kind}"):
                counts["total"][key] += 1
                counts["hit"][key] += removed
    return counts


def _ratio(per_article: list[dict[str, Counter]], key: str, pick: np.ndarray) -> float:
    total = sum(per_article[i]["total"][key] for i in pick)
    return sum(per_article[i]["hit"][key] for i in pick) / total if total else float("nan")


def summarize(per_article: list[dict[str, Counter]], *, seed: int = 0, reps: int = 2000) -> dict:
    """Return pooled rates with bootstrap 95 % intervals over articles, per-article means,
    and per-kind removal rates."""
    rng = np.random.default_rng(seed)
    everyone = np.arange(len(per_article))
    samples = [rng.integers(0, len(per_article), len(per_article)) for _ in range(reps)]
    out: dict = {}
    for key in ("prose", "boilerplate"):
        boot = [_ratio(per_article, key, s) for s in samples]
        rates = [c["hit"][key] / c["total"][key] for c in per_article if c["total"][key]]
        out[key] = {
            "pooled": _ratio(per_article, key, everyone),
            "ci95": [float(np.nanpercentile(boot, 2.5)), float(np.nanpercentile(boot, 97.5))],
            "per_article_mean": float(np.mean(rates)),
            "articles_perfect": f"{sum(r == 1.0 for r in rates)}/{len(rates)}",
            "lines": sum(c["total"][key] for c in per_article),
        }
    out["kinds"] = {
        kind: f"{sum(c['hit'][f'kind:{kind}'] for c in per_article)}"
        f"/{sum(c['total'][f'kind:{kind}'] for c in per_article)}"
        for kind in KINDS
        if sum(c["total"][f"kind:{kind}"] for c in per_article)
    }
    return out


def line_labels(lines: Sequence[str], gold: dict) -> list[int | None]:
    """Return 0 (prose), 1 (boilerplate) or None (unsure) per line occurrence, in order."""
    prose = Counter(_norm(x) for x in gold["prose"])
    boiler = Counter(_norm(x["text"]) for x in gold["boilerplate"])
    labels: list[int | None] = []
    for line in map(_norm, lines):
        if prose[line] > 0:
            prose[line] -= 1
            labels.append(0)
        elif boiler[line] > 0:
            boiler[line] -= 1
            labels.append(1)
        else:
            labels.append(None)
    return labels


def residual_rows(texts, golds, repeated) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return features, labels and article number of the lines the rules keep (the lines a
    classifier would see), unsure lines left out."""
    rows, labels, owner = [], [], []
    for index, text in enumerate(texts):
        lines = article_lines(text)
        feats = line_features(lines, repeated=repeated[index])
        decisions = classify_lines(lines, repeated=repeated[index], model=False)
        for decision, row, label in zip(
            decisions, feats, line_labels(lines, golds[index]), strict=True
        ):
            if decision.keep and label is not None and row is not None:
                rows.append(row)
                labels.append(label)
                owner.append(index)
    return np.array(rows), np.array(labels), np.array(owner)


def fit_model(x: np.ndarray, y: np.ndarray, threshold: float, *, c: float = 0.1) -> LineModel:
    """Return a standardized logistic regression (L2 strength 1/c) fitted on (x, y)."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    fitted = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
    fitted.fit((x - mean) / scale, y)
    return LineModel(
        FEATURE_NAMES,
        tuple(mean.tolist()),
        tuple(scale.tolist()),
        tuple(fitted.coef_[0].tolist()),
        float(fitted.intercept_[0]),
        threshold,
    )


def choose_threshold(x, y, groups, *, prose_budget: float, c: float = 0.1, folds: int = 4) -> float:
    """Return the lowest threshold that flags at most ``prose_budget`` of the prose lines,
    judged on out-of-fold probabilities (grouped folds) of the training data."""
    probs = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=folds).split(x, y, groups):
        model = fit_model(x[train], y[train], 0.5, c=c)
        probs[test] = [model.probability(row) for row in x[test]]
    prose = np.sort(probs[y == 0])[::-1]
    allowed = int(prose_budget * len(prose))
    return float(max(0.5, prose[allowed] + 1e-6)) if len(prose) > allowed else 0.5


def cross_validated_models(
    x, y, owner, clusters: np.ndarray, *, prose_budget: float, c: float = 0.1, folds: int = 5
) -> tuple[dict[int, LineModel | bool], list[float]]:
    """Return {article index: model fitted and thresholded without that article's group}
    and the threshold chosen in each fold (outer folds grouped by near-duplicate cluster).

    Where the training lines hold one class only, or too few groups to split, the article
    gets ``False`` (rules only): there is nothing to fit.
    """
    models: dict[int, LineModel | bool] = dict.fromkeys(range(len(clusters)), False)
    thresholds: list[float] = []
    articles = np.arange(len(clusters))
    folds = min(folds, len(set(clusters)))
    if folds < 2:
        return models, thresholds
    for train, test in GroupKFold(n_splits=folds).split(articles, groups=clusters):
        mask = np.isin(owner, train)
        inner = min(4, len(set(clusters[owner[mask]])))
        if inner < 2 or len(set(y[mask].tolist())) < 2:
            continue
        threshold = choose_threshold(
            x[mask], y[mask], clusters[owner[mask]], prose_budget=prose_budget, c=c, folds=inner
        )
        thresholds.append(threshold)
        model = fit_model(x[mask], y[mask], threshold, c=c)
        models.update(dict.fromkeys(test.tolist(), model))
    return models, thresholds


Cleaner = Callable[[int], list[str]]


def clean_text_cleaner(
    texts: list[str], repeated, model_of: Callable[[int], LineModel | bool]
) -> Cleaner:
    """Return ingest's cleaning path (clean_text with title="", as for a CSV row without a
    title column) with the classifier ``model_of(article)``, as a cleaner."""

    def clean(i: int) -> list[str]:
        cleaned = clean_text(texts[i], title="", repeated=repeated[i], model=model_of(i))
        return article_lines(cleaned.text)

    return clean


def detector(texts, repeated, model_of: Callable[[int], LineModel | bool]) -> Cleaner:
    """Return classify_lines (with the model ``model_of(article)``) as a cleaner."""

    def clean(i: int) -> list[str]:
        lines = article_lines(texts[i])
        decisions = classify_lines(lines, repeated=repeated[i], model=model_of(i))
        return [d.text for d in decisions if d.keep]

    return clean


def load_gold(gold_path: Path, articles_path: Path):
    """Return names, texts, golds, repeated lines, near-duplicate clusters, country ids and
    the (text, repeated) pairs of the articles outside the gold."""
    golds_by_name = read_json(require_file(gold_path, "cleaning gold"))
    frame = pd.read_csv(require_file(articles_path, "war news articles"))
    if not isinstance(golds_by_name, dict) or not golds_by_name:
        raise InputError(str(gold_path), "expected a mapping filename -> {prose, boilerplate}")
    if not {"filename", "country", "text"} <= set(frame.columns):
        raise InputError(str(articles_path), "needs columns filename, country and text")
    unknown = sorted(set(golds_by_name) - set(frame["filename"]))
    if unknown:
        raise InputError(
            str(gold_path), f"{len(unknown)} articles not in {articles_path}, e.g. {unknown[0]}"
        )
    by_country = frame.groupby("country")["text"].apply(list).to_dict()
    repeated_by_source = repeated_lines({str(k): v for k, v in by_country.items()})
    frame = frame.set_index("filename")
    names = sorted(golds_by_name)
    others = [
        (str(text), repeated_by_source[country])
        for name, text, country in zip(frame.index, frame["text"], frame["country"], strict=True)
        if name not in golds_by_name
    ]
    texts = [str(frame.loc[n, "text"]) for n in names]
    repeated = [repeated_by_source[frame.loc[n, "country"]] for n in names]
    golds = [golds_by_name[n] for n in names]
    keys = [frozenset(filter(None, map(line_key, article_lines(t)))) for t in texts]
    clusters = np.array(article_clusters(keys))
    countries = {c: i for i, c in enumerate(sorted(set(frame["country"])))}
    sources = np.array([countries[frame.loc[n, "country"]] for n in names])
    return names, texts, golds, repeated, clusters, sources, others
