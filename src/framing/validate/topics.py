"""Topic models against human categories (BBC News): NMI of each article's dominant topic.

The headline is the tool's default model (NMF) at the k that :func:`framing.topics.choose_k`
picks without seeing the categories; the same model at the oracle k (the number of
categories) and the tool's LDA stand beside plain scikit-learn models given the same
document-term matrix (the same pruning) and, for LDA, the same number of restarts.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.metrics import normalized_mutual_info_score

from framing.errors import InputError
from framing.topics import choose_k, fit_topics, prepare_documents
from framing.validate.measure import Figure, Measure
from framing.validate.scoring import figure, require_file

log = logging.getLogger(__name__)

#: k values choose_k may pick from.
K_RANGE: tuple[int, ...] = tuple(range(2, 11))
#: Restarts of LDA, the tool's default, given to the plain baseline too.
LDA_STARTS = 5


def read_bbc(path: Path) -> pd.DataFrame:
    """Return BBC articles (article_id, text, category), exact duplicate texts dropped."""
    table = pd.read_csv(require_file(path, "BBC articles"), dtype=str)
    if not {"category", "text"} <= set(table.columns):
        raise InputError(str(path), "needs columns category and text")
    table = table.dropna(subset=["category", "text"]).drop_duplicates("text")
    ids = table["doc_id"] if "doc_id" in table.columns else pd.Series(range(len(table)))
    return pd.DataFrame(
        {
            "article_id": ids.astype(str).to_numpy(),
            "text": table["text"].to_numpy(),
            "category": table["category"].to_numpy(),
        }
    )


def _nmi_figure(name: str, categories: np.ndarray, dominant: np.ndarray, seed: int) -> Figure:
    def metric(i: np.ndarray) -> float:
        return float(normalized_mutual_info_score(categories[i], dominant[i]))

    return figure(name, metric, len(categories), seed=seed)


def _tool_dominant(articles: pd.DataFrame, k: int, method: str, seed: int) -> np.ndarray:
    model = fit_topics(articles, k=k, method=method, unit="article", seed=seed)
    table = model.doc_topics.set_index("doc_id").reindex(articles["article_id"])
    return table["dominant"].fillna(-1).astype(int).to_numpy()


def _plain_dominant(articles: pd.DataFrame, k: int, method: str, seed: int) -> np.ndarray:
    """Plain scikit-learn on the tool's own document-term matrix (same pruning)."""
    counts = prepare_documents(articles, unit="article", method=method).counts
    if method == "nmf":
        weights = NMF(n_components=k, random_state=seed).fit_transform(
            TfidfTransformer().fit_transform(counts)
        )
        return np.asarray(weights.argmax(axis=1))
    best, best_score = None, -np.inf
    for start in range(LDA_STARTS):
        lda = LatentDirichletAllocation(
            n_components=k, learning_method="batch", random_state=seed + start
        )
        weights = lda.fit_transform(counts)
        if (score := lda.score(counts)) > best_score:
            best, best_score = weights, score
    return np.asarray(best.argmax(axis=1))  # type: ignore[union-attr]


def run(
    data_root: Path,
    *,
    seed: int = 0,
    split: str = "dev",
    csv_file: str | None = None,
    k_range: Sequence[int] = K_RANGE,
) -> Measure:
    """Return the topic measure on ``data_root/csv_file`` (BBC News layout)."""
    csv_file = csv_file or f"bbc/bbc_{split}.csv"
    articles = read_bbc(Path(data_root) / csv_file)
    categories = articles["category"].to_numpy()
    oracle = len(set(categories))
    ks = [k for k in k_range if k < len(articles)]
    choice = choose_k(articles[["article_id", "text"]], ks, method="nmf", seeds=(seed, seed + 1))
    texts = articles[["article_id", "text"]]
    chosen = _nmi_figure(
        f"NMI, framing NMF at k={choice.k} (chosen by choose_k)",
        categories,
        _tool_dominant(texts, choice.k, "nmf", seed),
        seed,
    )
    at_oracle = _nmi_figure(
        f"NMI, framing NMF at the oracle k={oracle}",
        categories,
        _tool_dominant(texts, oracle, "nmf", seed),
        seed,
    )
    tool_lda = _nmi_figure(
        f"NMI, framing LDA at the oracle k={oracle}",
        categories,
        _tool_dominant(texts, oracle, "lda", seed),
        seed,
    )
    plain = {
        method: _nmi_figure(
            f"NMI, plain scikit-learn {method.upper()} at k={k}, same pruning"
            + (f", {LDA_STARTS} restarts" if method == "lda" else ""),
            categories,
            _plain_dominant(texts, k, method, seed),
            seed,
        )
        for method, k in (("nmf", choice.k), ("lda", oracle))
    }
    return Measure(
        key="topics",
        title="Topics: agreement of each article's dominant topic with human categories",
        data=str(Path(data_root) / csv_file),
        n=len(articles),
        unit="articles",
        figure=chosen,
        baselines=(plain["nmf"], plain["lda"]),
        extra=(at_oracle, tool_lda),
        seed=seed,
        method=(
            f"k chosen by choose_k over k={min(ks)}..{max(ks)} (coherence, diversity, "
            "stability; no labels); NMI between the dominant topic and the category; "
            "bootstrap intervals over articles (models fitted once)"
        ),
        licence="BBC News (Greene & Cunningham 2006): BBC copyright, research use only",
        failure_modes=(
            "NMI needs human categories; on a corpus about one story (a war), topics split it "
            "into sub-events that no category list matches.",
            "choose_k picks by coherence, diversity and stability, not by agreement with any "
            "categories: the k it picks may differ from the number a reader expects.",
            "The interval covers resampling articles, not refitting: another seed moves NMI too.",
        ),
        not_for=(
            "Sorting articles into categories you already have: train a classifier instead.",
            "Corpora of fewer than about 50 articles (paragraphs are modelled instead).",
        ),
        details={"chosen_k": choice.k, "oracle_k": oracle, "k_reason": choice.reason},
    )
