"""Sentiment toward each actor mention of a chunk, and its means with bootstrap intervals.

:func:`score_actor_mentions` runs :func:`~framing.features.target_sentiment.target_sentiments`
once over every actor mention of a chunk (each sentence is parsed once, however many actors it
names). :func:`mean_interval` gives a mean with a seeded percentile-bootstrap 95 % interval
over mentions; :func:`actor_target_table` and :func:`article_target_means` aggregate per
article × actor and per article; :func:`group_target_sentiment` per group of articles (an
outlet, a country), resampling whole articles so that one article's mentions are never treated
as independent. A mean of fewer than two mentions has no interval (NaN).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from framing.errors import ParameterError
from framing.features.schema import ACTOR_COLUMNS, ARTICLE_TARGET_COLUMNS
from framing.features.target_model import TargetSentimentModel
from framing.features.target_sentiment import target_sentiments

#: The target-sentiment columns of the actors table.
ACTOR_TARGET_COLUMNS = [c for c in ACTOR_COLUMNS if c.startswith("target_")]
N_RESAMPLES = 1000


@dataclass(frozen=True)
class ChunkTargets:
    """One row per actor mention: article, actor, article offsets, label and score."""

    article_id: list[str]
    actor: list[str]
    start: np.ndarray
    end: np.ndarray
    label: list[str]
    score: np.ndarray
    voice: list[str]  # author, quoted, speaker or distanced


def score_actor_mentions(
    ids: Sequence[str],
    texts: dict[str, str],
    sentence_bounds: dict[str, tuple[list[int], list[int], list[int]]],
    hits: dict[str, list[list[tuple[int, int, str]]]],
    *,
    model: TargetSentimentModel | None = None,
) -> ChunkTargets:
    """Return the target sentiment of every actor mention of the chunk's articles.

    ``sentence_bounds`` maps an article to its sentences' (starts, ends, ids); ``hits`` to each
    sentence's actor hits, offsets within the sentence (as ``chunk_tables`` holds them). Each
    mention is judged inside its sentence.
    """
    article_ids: list[str] = []
    actors: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    mentions: list[tuple[str, int, int]] = []
    for article_id in ids:
        where = sentence_bounds.get(article_id)
        if where is None:
            continue
        text = texts[article_id]
        for s_start, s_end, sentence_hits in zip(where[0], where[1], hits[article_id], strict=True):
            sentence = text[s_start:s_end]
            for a_start, a_end, actor in sentence_hits:
                if not sentence[a_start:a_end].strip():
                    continue
                mentions.append((sentence, a_start, a_end))
                article_ids.append(article_id)
                actors.append(actor)
                starts.append(s_start + a_start)
                ends.append(s_start + a_end)
    results = target_sentiments(mentions, model=model) if mentions else []
    return ChunkTargets(
        article_ids,
        actors,
        np.asarray(starts, dtype=np.int64),
        np.asarray(ends, dtype=np.int64),
        [r.label for r in results],
        np.asarray([r.score for r in results], dtype=np.float64),
        [r.voice for r in results],
    )


def mean_interval(
    values: np.ndarray, *, seed: int = 0, n_resamples: int = N_RESAMPLES, level: float = 0.95
) -> tuple[float, float, float]:
    """Return the mean of ``values`` and its percentile-bootstrap interval (NaN below n = 2).

    >>> mean_interval(np.array([0.5]))
    (0.5, nan, nan)
    >>> mean, low, high = mean_interval(np.array([-1.0, 0.0, 1.0, 1.0]))
    >>> (mean, bool(-1.0 <= low < mean < high <= 1.0))
    (0.25, True)
    """
    return mean_intervals([np.asarray(values, dtype=np.float64)], seed=seed,
                          n_resamples=n_resamples, level=level)[0]  # fmt: skip


def mean_intervals(
    groups: list[np.ndarray], *, seed: int = 0, n_resamples: int = N_RESAMPLES, level: float = 0.95
) -> list[tuple[float, float, float]]:
    """Return :func:`mean_interval` of each array, resampling all arrays of one size at once.

    Arrays of size n share the resample indices drawn from a generator seeded with
    ``(seed, n)``, so a group's interval does not depend on the other groups.
    """
    out: list[tuple[float, float, float]] = [(float("nan"),) * 3] * len(groups)
    by_size: dict[int, list[int]] = {}
    for i, values in enumerate(groups):
        by_size.setdefault(len(values), []).append(i)
    tail = (1 - level) / 2 * 100
    for size, members in by_size.items():
        if size == 0:
            continue
        block = np.asarray([groups[i] for i in members], dtype=np.float64)  # (G, size)
        means = block.mean(axis=1)
        if size < 2:
            for i, mean in zip(members, means, strict=True):
                out[i] = (float(mean), float("nan"), float("nan"))
            continue
        pick = np.random.default_rng([seed, size]).integers(0, size, (n_resamples, size))
        lows, highs = np.percentile(block[:, pick].mean(axis=2), [tail, 100 - tail], axis=1)
        for i, mean, low, high in zip(members, means, lows, highs, strict=True):
            out[i] = (float(mean), float(low), float(high))
    return out


def _frame(targets: ChunkTargets) -> pd.DataFrame:
    return pd.DataFrame(
        {"article_id": targets.article_id, "actor": targets.actor, "score": targets.score}
    )


def _aggregate(frame: pd.DataFrame, keys: list[str], seed: int) -> pd.DataFrame:
    grouped = frame.groupby(keys, sort=False)
    table = grouped.size().rename("n").reset_index()
    scores = frame["score"].to_numpy()
    indices = grouped.indices
    names = zip(*(table[k] for k in keys), strict=True)
    arrays = [scores[indices[name if len(keys) > 1 else name[0]]] for name in names]
    stats = np.asarray(mean_intervals(arrays, seed=seed)).reshape(-1, 3)
    return table.assign(mean=stats[:, 0], low=stats[:, 1], high=stats[:, 2])


def actor_target_table(targets: ChunkTargets, *, seed: int = 0) -> pd.DataFrame:
    """Return per article × actor: ``target_n``, ``target_mean``, ``target_low/high``."""
    table = _aggregate(_frame(targets), ["article_id", "actor"], seed)
    return table.rename(
        columns={"n": "target_n", "mean": "target_mean", "low": "target_low", "high": "target_high"}
    )


def article_target_means(targets: ChunkTargets, *, seed: int = 0) -> dict[str, tuple]:
    """Return per article the (mean, low, high) target score over all its actor mentions."""
    table = _aggregate(_frame(targets), ["article_id"], seed)
    return {
        str(a): (m, lo, hi)
        for a, m, lo, hi in zip(
            table["article_id"], table["mean"], table["low"], table["high"], strict=True
        )
    }


def spans_with_targets(spans: pd.DataFrame, targets: ChunkTargets | None) -> pd.DataFrame:
    """Return ``spans`` with ``target_label``/``target_score``/``target_voice`` on actor rows.

    Without ``targets`` (extraction without target sentiment) ``spans`` is returned as it is.
    """
    if targets is None:
        return spans
    labels: list[str | None] = [None] * len(spans)
    voices: list[str | None] = [None] * len(spans)
    scores = np.full(len(spans), np.nan)
    if len(targets.label) and len(spans):
        found = {
            (a, int(s), int(e)): (label, score, voice)
            for a, s, e, label, score, voice in zip(
                targets.article_id, targets.start, targets.end, targets.label, targets.score,
                targets.voice, strict=True,
            )
        }  # fmt: skip
        actor_rows = np.flatnonzero((spans["kind"] == "actor").to_numpy())
        keys = (
            spans["article_id"].to_numpy()[actor_rows].astype(str),
            spans["start"].to_numpy()[actor_rows],
            spans["end"].to_numpy()[actor_rows],
        )
        for row, a, s, e in zip(actor_rows, *keys, strict=True):
            hit = found.get((a, int(s), int(e)))
            if hit is not None:
                labels[row], scores[row], voices[row] = hit
    return spans.assign(
        target_label=pd.Series(labels, index=spans.index, dtype="string"),
        target_score=scores,
        target_voice=pd.Series(voices, index=spans.index, dtype="string"),
    )


def group_target_sentiment(
    spans: pd.DataFrame,
    groups: pd.Series | None = None,
    *,
    actor_column: str = "term",
    seed: int = 0,
    n_resamples: int = N_RESAMPLES,
) -> pd.DataFrame:
    """Return per group × actor the mean target score, mentions, articles and a 95 % interval.

    spans : a feature set's span table extracted with ``target_sentiment=True``.
    groups : the group of each article (a Series indexed by article_id, e.g. the outlet);
        None puts every article in one group ``"all"``.

    The interval resamples whole articles (a cluster bootstrap), each time pooling their
    mentions; it is NaN for fewer than two articles.
    """
    if "target_score" not in spans.columns:
        raise ParameterError("spans has no target_score column: extract(target_sentiment=True)")
    rows = spans[(spans["kind"] == "actor") & spans["target_score"].notna()]
    article = rows["article_id"].astype(str)
    group = article.map(groups) if groups is not None else pd.Series("all", index=rows.index)
    frame = pd.DataFrame(
        {"group": group, "actor": rows[actor_column], "article_id": article,
         "score": rows["target_score"]}
    ).dropna(subset=["group"])  # fmt: skip
    out = []
    rng = np.random.default_rng(seed)
    for (name, actor), part in frame.groupby(["group", "actor"], sort=True):
        sums = part.groupby("article_id")["score"].agg(["sum", "size"])
        total, count = sums["sum"].to_numpy(), sums["size"].to_numpy()
        low = high = float("nan")
        if len(sums) >= 2:
            pick = rng.integers(0, len(sums), size=(n_resamples, len(sums)))
            low, high = np.percentile(total[pick].sum(1) / count[pick].sum(1), [2.5, 97.5])
        out.append((name, actor, int(count.sum()), len(sums), total.sum() / count.sum(), low, high))
    columns = ["group", "actor", "mentions", "articles", "target_mean", "target_low", "target_high"]
    return pd.DataFrame(out, columns=columns)


def add_target_columns(
    actor_table: pd.DataFrame,
    article_table: pd.DataFrame,
    targets: ChunkTargets | None,
    *,
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the actors and articles tables with the target-sentiment columns filled.

    Without ``targets`` (extraction without target sentiment) the columns are present and
    empty, so tables keep one schema.
    """
    if targets is None or not len(targets.label):
        actor_table = actor_table.assign(
            **{c: pd.Series(np.nan, index=actor_table.index) for c in ACTOR_TARGET_COLUMNS}
        )
        actor_table["target_n"] = 0
        return actor_table, article_table.assign(**{c: np.nan for c in ARTICLE_TARGET_COLUMNS})
    per_actor = actor_target_table(targets, seed=seed)
    actor_table = actor_table.drop(
        columns=[c for c in ACTOR_TARGET_COLUMNS if c in actor_table.columns]
    ).merge(per_actor.astype({"article_id": "string", "actor": "string"}),
            on=["article_id", "actor"], how="left")  # fmt: skip
    actor_table["target_n"] = actor_table["target_n"].fillna(0).astype("int64")
    means = article_target_means(targets, seed=seed)
    ids = article_table["article_id"].astype(str)
    for i, column in enumerate(ARTICLE_TARGET_COLUMNS):
        article_table[column] = ids.map(lambda a, i=i: means.get(a, (np.nan,) * 3)[i]).astype(
            "float64"
        )
    return actor_table, article_table
