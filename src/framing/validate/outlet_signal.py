"""Outlet signal: do the tool's framing features tell Kremlin-aligned outlets from the rest?

A logistic regression sees only the framing features the tool computes (loaded-term
categories, competing-label choices, sentiment, quotation, hedging, frame rates; no words
otherwise), fitted in repeated stratified 5-fold CV; its AUC stands beside a TF-IDF logistic
regression on the same folds, the ceiling of what the words alone can tell. Two corpora:
RUWA headlines (rt.com, tass.com, news-front vs the rest) and ukraine_war_news articles
(Belarusian state media, BY, vs the rest).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from framing.errors import InputError
from framing.features.chunk_tables import extract_tables
from framing.ingest.segment import split_sentences
from framing.validate.measure import Figure, Measure
from framing.validate.scoring import difference, figure, require_file

log = logging.getLogger(__name__)

#: RUWA sites counted as Kremlin-aligned.
ALIGNED_SITES: tuple[str, ...] = ("rt.com", "tass.com", "en.news-front.info")
#: ukraine_war_news countries counted as Kremlin-aligned (Belarusian state media).
ALIGNED_COUNTRIES: tuple[str, ...] = ("BY",)
#: Article-table columns that are size or style, not framing.
_NOT_FRAMING = ("n_sentences", "n_tokens", "flesch_reading_ease", "fk_grade")
#: A competing label must occur in this many texts to become a feature.
MIN_LABEL_TEXTS = 5
#: censor.net titles end "(18.01.22 18:23) « War in Ukraine | Censor.NET": the outlet's name.
_SITE_SUFFIX = re.compile(r"\s*\(\d\d\.\d\d\.\d\d \d\d:\d\d\)\s*«.*$")


def framing_features(texts: list[str]) -> pd.DataFrame:
    """Return one row per text of the tool's framing features (numeric, named columns)."""
    ids = [str(i) for i in range(len(texts))]
    articles = pd.DataFrame({"article_id": ids, "text": texts})
    rows = [
        (article_id, number, start, end, text[start:end])
        for article_id, text in zip(ids, texts, strict=True)
        for number, (start, end) in enumerate(split_sentences(text))
    ]
    sentences = pd.DataFrame(rows, columns=["article_id", "sentence_id", "start", "end", "text"])
    tables = extract_tables(articles, sentences)
    table = tables["articles"].set_index("article_id").reindex(ids)
    numeric = table.select_dtypes("number").drop(columns=list(_NOT_FRAMING), errors="ignore")
    labels = tables["labels"]
    if len(labels):
        labels = labels.assign(
            n=labels["n_author"] + labels["n_quoted"],
            name="label: " + labels["label_set"].astype(str) + " = " + labels["label"].astype(str),
        )
        counts = labels.pivot_table(index="article_id", columns="name", values="n", aggfunc="sum")
        counts = counts.loc[:, counts.notna().sum() >= MIN_LABEL_TEXTS].reindex(ids)
        per_1k = counts.fillna(0).div(table["n_tokens"].clip(lower=1), axis=0) * 1000
        numeric = pd.concat([numeric, per_1k], axis=1)
    return numeric.astype(float).fillna(0.0).reset_index(drop=True)


def _oof_scores(
    make: Callable[[], Any], x: Any, y: np.ndarray, *, seed: int, repeats: int
) -> np.ndarray:
    """Return each row's out-of-fold probability, averaged over the CV repeats."""
    total = np.zeros(len(y))
    splitter = RepeatedStratifiedKFold(n_splits=5, n_repeats=repeats, random_state=seed)
    for train, test in splitter.split(np.zeros(len(y)), y):
        model = make().fit(x[train], y[train])
        total[test] += model.predict_proba(x[test])[:, 1]
    return total / repeats


def _feature_model() -> Any:
    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, solver="liblinear"))


def _tfidf_model() -> Any:
    vectorizer = TfidfVectorizer(sublinear_tf=True, min_df=2, ngram_range=(1, 2))
    return make_pipeline(vectorizer, LogisticRegression(C=1.0, solver="liblinear"))


def score_corpus(
    texts: list[str],
    y: np.ndarray,
    name: str,
    *,
    features: pd.DataFrame,
    seed: int = 0,
    repeats: int = 3,
) -> dict[str, Any]:
    """Return AUC figures (framing features, TF-IDF, their difference) and top coefficients.

    features : :func:`framing_features` of ``texts`` (one row per text).
    """
    if y.sum() < 5 or (1 - y).sum() < 5:
        raise InputError(name, f"needs at least 5 texts on each side, got {int(y.sum())}")
    x = features.to_numpy()
    tool = _oof_scores(_feature_model, x, y, seed=seed, repeats=repeats)
    words = _oof_scores(_tfidf_model, np.array(texts, dtype=object), y, seed=seed, repeats=repeats)

    def auc_of(scores: np.ndarray) -> Callable[[np.ndarray], float]:
        def metric(i: np.ndarray) -> float:
            labels = y[i]
            return float(roc_auc_score(labels, scores[i])) if 0 < labels.sum() < len(i) else 0.5

        return metric

    n = len(y)
    fitted = _feature_model().fit(x, y)
    coefs = pd.Series(fitted[-1].coef_[0], index=features.columns)
    top = coefs.reindex(coefs.abs().sort_values(ascending=False).index)[:10]
    return {
        "tool": figure(f"AUC, framing features, {name}", auc_of(tool), n, seed=seed),
        "tfidf": figure(f"AUC, TF-IDF words, {name}", auc_of(words), n, seed=seed),
        "gap": difference(
            f"AUC, framing minus TF-IDF, {name}", auc_of(tool), auc_of(words), n, seed=seed
        ),
        "chance": Figure(f"AUC, chance, {name}", 0.5, 0.5, 0.5, "a constant score"),
        "coefficients": [[str(k), round(float(v), 4)] for k, v in top.items()],
        "positives": int(y.sum()),
        "n": n,
        "features": int(x.shape[1]),
    }


def read_ruwa(path: Path) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Return RUWA texts (title, else description), aligned flags and has-a-title flags."""
    table = pd.read_csv(require_file(path, "RUWA headlines"))
    missing = {"Site", "title", "desc"} - set(table.columns)
    if missing:
        raise InputError(str(path), f"missing columns {sorted(missing)}")
    title = table["title"].fillna("").astype(str).str.replace(_SITE_SUFFIX, "", regex=True)
    title = title.str.strip()
    text = title.where(title != "", table["desc"].fillna("").astype(str).str.strip())
    keep = text != ""
    aligned = table["Site"].astype(str).isin(ALIGNED_SITES).to_numpy()[keep]
    return text[keep].tolist(), aligned.astype(int), (title != "").to_numpy()[keep]


def read_war_news(path: Path) -> tuple[list[str], np.ndarray]:
    """Return ukraine_war_news texts and whether each comes from an aligned country."""
    table = pd.read_csv(require_file(path, "war news articles"))
    if not {"country", "text"} <= set(table.columns):
        raise InputError(str(path), "needs columns country and text")
    aligned = table["country"].astype(str).isin(ALIGNED_COUNTRIES).to_numpy().astype(int)
    return table["text"].fillna("").astype(str).tolist(), aligned


def run(
    data_root: Path,
    *,
    seed: int = 0,
    ruwa_file: str = "ruwa/ruwa_headlines.csv",
    war_news_file: str = "ukraine_war_news/articles.csv",
    repeats: int = 3,
) -> Measure:
    """Return the outlet-signal measure on RUWA headlines and ukraine_war_news articles."""
    root = Path(data_root)
    texts, aligned, titled = read_ruwa(root / ruwa_file)
    features = framing_features(texts)
    options = {"seed": seed, "repeats": repeats}
    ruwa = score_corpus(texts, aligned, "RUWA headlines", features=features, **options)
    ruwa_titles = score_corpus(
        [t for t, keep in zip(texts, titled, strict=True) if keep],
        aligned[titled],
        "RUWA titles only (no RT)",
        features=features[titled].reset_index(drop=True),
        **options,
    )
    war_texts, war_aligned = read_war_news(root / war_news_file)
    war = score_corpus(
        war_texts,
        war_aligned,
        "war news articles (BY)",
        features=framing_features(war_texts),
        **options,
    )
    return Measure(
        key="outlet_signal",
        title="Outlet signal: framing features separating Kremlin-aligned outlets from the rest",
        data=f"{root / ruwa_file}; {root / war_news_file}",
        n=ruwa["n"] + war["n"],
        unit="headlines and articles",
        figure=ruwa["tool"],
        baselines=(ruwa["tfidf"], ruwa["chance"], war["tfidf"], ruwa_titles["tfidf"]),
        extra=(war["tool"], ruwa_titles["tool"], ruwa["gap"], war["gap"], ruwa_titles["gap"]),
        seed=seed,
        method=(
            f"logistic regression on standardized framing features, 5-fold stratified CV "
            f"repeated {repeats} times (out-of-fold probabilities averaged per text); TF-IDF "
            "logistic regression on the same folds; bootstrap intervals over texts"
        ),
        licence="RUWA: CC BY-NC-SA 4.0; ukraine_war_news: no licence stated",
        failure_modes=(
            "RT rows in RUWA have only a subheading, not a headline: the full-RUWA AUC partly "
            "measures text type; the titles-only figure (RT left out) does not.",
            "Outlets differ in topic and house style as well as framing; a high AUC says the "
            "features differ, not that the differences are propaganda.",
            "ukraine_war_news has few BY articles, so its interval is wide.",
            "A cue can leak the outlet: censor.net headlines end with the site's name, which the "
            "fairness seed 'censor*' would match; the site suffix is stripped before scoring.",
        ),
        not_for=(
            "Labelling one article or one outlet as propaganda.",
            "Evidence of intent: the features differ, and the reasons can be topic, house "
            "style or audience.",
        ),
        details={
            name: {key: result[key] for key in ("coefficients", "positives", "n", "features")}
            for name, result in (
                ("ruwa", ruwa),
                ("ruwa_titles", ruwa_titles),
                ("war_news", war),
            )
        },
    )
