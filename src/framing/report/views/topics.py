"""The topics report: model quality, top terms, prevalence per group, representative passages."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from framing.corpus import Corpus
from framing.errors import FramingError
from framing.report.views.view import View, group_values


def topics_view(
    processed_dir: str | os.PathLike[str],
    k: int = 0,
    method: str = "",
    unit: str = "auto",
    group_by: str = "source",
    *,
    seed: int = 0,
    passages: int = 2,
) -> View:
    """Return topic tables: quality, top terms, prevalence per group, representative passages.

    Uses the model saved by ``framing topics`` when ``k`` and ``method`` are 0/empty or match
    it; otherwise fits one in memory for this report only (never overwriting the saved model,
    so parallel reports cannot race on it). Without a saved model, ``k=0`` means 5 topics.
    """
    # Imported here, so the other reports' kernels do not load the topic models.
    from framing.topics import fit_topics
    from framing.topics.store import load_model

    view = View()
    corpus = Corpus(Path(processed_dir))
    saved_dir = Path(processed_dir) / "topics"
    model = None
    if (saved_dir / "metadata.json").is_file():
        saved = load_model(saved_dir)
        if k in (0, saved.params.get("k")) and method in ("", saved.params.get("method")):
            model = saved
    if model is None:
        try:
            model = fit_topics(corpus, k=k or 5, method=method or "nmf", unit=unit, seed=seed)
        except FramingError as error:
            view.notes.append(f"topics not fitted: {error}")
            return view
        view.notes.append(
            "topics fitted for this report only (no saved model with these parameters): "
            "run `framing topics` to save one"
        )
    params = {key: value for key, value in model.params.items() if key != "request_key"}
    view.tables["params"] = pd.Series(params, name="value").astype(str).rename_axis("parameter")
    quality = model.quality
    view.tables["quality"] = pd.Series(
        {
            "coherence (mean NPMI)": quality.coherence,
            "diversity (share of unique top terms)": quality.diversity,
            "stability across seeds": quality.stability,
        },
        name="value",
    ).rename_axis("measure")
    view.tables["quality_per_topic"] = quality.per_topic
    top_terms = model.top_terms
    named = top_terms["topic"].map(lambda t: f"topic {t}: {model.labels.get(t, '')}".rstrip(": "))
    view.tables["top_terms"] = top_terms.assign(topic_name=named)
    view.tables["top_terms_wide"] = (
        top_terms.assign(topic=named)
        .pivot(index="rank", columns="topic", values="term")
        .rename_axis(columns=None)
        .reset_index()
    )
    articles = corpus.articles
    if group_by not in articles:
        view.notes.append(f"no column '{group_by}': prevalence per group not shown")
    else:
        by, _ = group_values(articles.set_index("article_id")[group_by], group_by)
        long = model.prevalence(model.doc_topics["article_id"].map(by).rename(group_by))
        long = long.assign(topic=long["topic"].astype(str) + ": " + long["label"].astype(str))
        view.tables["prevalence"] = long.pivot_table(
            index="group", columns="topic", values="share", fill_value=0.0
        )
        view.tables["prevalence_documents"] = long.pivot_table(
            index="group", columns="topic", values="documents", fill_value=0
        )
        view.tables["prevalence_long"] = long[["group", "topic", "share", "documents"]].rename(
            columns={"documents": "n"}
        )
    view.tables["representative"] = model.representative(n=passages)
    return view
