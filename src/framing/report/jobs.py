"""Report jobs: what a batch renders (:func:`plan_batch`) and what happened to each one.

A :class:`ReportJob` names a notebook, its parameters and its output path relative to the
reports folder; a :class:`ReportResult` says whether it was rendered, cached or failed, and a
:class:`BatchResult` collects them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pandas as pd

from framing.config import PROCESSED_DIR
from framing.errors import ParameterError
from framing.io import safe_name
from framing.report.notebooks import CORPUS_NOTEBOOKS, DESCRIPTIONS, NOTEBOOKS, find_notebook


@dataclass(frozen=True)
class ReportJob:
    """One report to render: notebook, parameters, output path relative to the reports folder."""

    notebook: str
    parameters: dict[str, Any]
    output: str
    title: str
    summary: str = ""
    kind: str = "report"


@dataclass
class ReportResult:
    """What happened to one job: ``rendered``, ``cached`` or ``failed`` (with the error)."""

    job: ReportJob
    status: str
    html_path: Path | None = None
    error: str = ""
    seconds: float = 0.0


@dataclass
class BatchResult:
    """Results of :func:`framing.report.runner.batch`; ``ok`` is False when any report failed."""

    results: list[ReportResult] = field(default_factory=list)
    index_path: Path | None = None

    @property
    def failures(self) -> list[ReportResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failures

    def counts(self) -> dict[str, int]:
        """Return how many reports were rendered, cached (unchanged) and failed."""
        out = {"rendered": 0, "cached": 0, "failed": 0}
        for r in self.results:
            out[r.status] += 1
        return out

    def summary(self) -> str:
        """Return a short plain-text summary, listing each failure with its error."""
        c = self.counts()
        lines = [
            f"{len(self.results)} reports: {c['rendered']} rendered, {c['cached']} "
            f"unchanged (cached), {c['failed']} failed; index: {self.index_path}"
        ]
        lines += [f"FAILED {r.job.output}: {r.error}" for r in self.failures]
        return "\n".join(lines)


def _article_summary(row: Any, features: dict[str, dict[str, Any]]) -> str:
    source = row.source if isinstance(row.source, str) and row.source else "unknown source"
    date = row.date if isinstance(row.date, str) and row.date else "no date"
    parts = [f"{source}, {date}", f"{int(row.word_count)} words"]
    values = features.get(row.article_id)
    if values:
        parts.append(
            f"{int(values['loaded_hits'])} loaded terms ({int(values['loaded_quoted'])} quoted)"
        )
        parts.append(f"mean sentiment {float(values['sentiment_mean']):+.2f}")
    return " · ".join(parts)


def plan_batch(
    processed_dir: str | os.PathLike[str] = PROCESSED_DIR,
    *,
    per: str | None = None,
    group_by: str = "source",
    article_ids: Iterable[str] | None = None,
    notebooks_dir: Path | None = None,
) -> list[ReportJob]:
    """Return the reports a batch renders.

    ``per=None``: the corpus notebooks (overview, comparison by ``group_by``, topics, lexicon
    audit) plus one article report per article; ``per="article"``: article reports only;
    ``per="group"``: the corpus notebooks plus one comparison per value of ``group_by`` (that
    group against the rest). ``article_ids`` restricts (or names) the article reports.
    """
    from framing.tables import read_table

    if per not in (None, "article", "group"):
        raise ParameterError(f"per must be 'article', 'group' or empty, got {per!r}")
    articles = read_table(processed_dir, "articles")
    if group_by not in articles.columns:
        raise ParameterError(
            f"group_by column '{group_by}' is not in the articles table; "
            f"choose one of {sorted(articles.columns)}"
        )
    nb = {name: str(find_notebook(name, notebooks_dir)) for name in NOTEBOOKS}
    jobs: list[ReportJob] = []
    if per in (None, "group"):
        corpus_params = {"comparison": {"group_by": group_by}, "topics": {"group_by": group_by}}
        for name in CORPUS_NOTEBOOKS:
            jobs.append(
                ReportJob(
                    nb[name],
                    corpus_params.get(name, {}),
                    f"{name}.html",
                    title=DESCRIPTIONS[name].split(":")[0],
                    kind="corpus",
                    summary=DESCRIPTIONS[name],
                )
            )
    if per == "group":
        jobs += _group_jobs(articles[group_by], group_by, nb["comparison"])
    if per in (None, "article"):
        loaded = _feature_summaries(Path(processed_dir))
        rows = {r.article_id: r for r in articles.itertuples(index=False)}
        ids = list(article_ids) if article_ids is not None else list(rows)
        for article_id in ids:
            row = rows.get(article_id)
            summary = _article_summary(row, loaded) if row is not None else "unknown article id"
            title_value = getattr(row, "title", None)
            has_title = isinstance(title_value, str) and bool(title_value.strip())
            title = str(title_value) if has_title else str(article_id)
            jobs.append(
                ReportJob(
                    nb["article"],
                    {"article_id": str(article_id)},
                    f"article/{safe_name(article_id)}.html",
                    title=title,
                    kind="article",
                    summary=summary,
                )
            )
    return jobs


def _group_jobs(values: pd.Series, group_by: str, notebook: str) -> list[ReportJob]:
    """Return one comparison job per value of ``group_by`` (that group against the rest).

    The group goes to the notebook as a one-item list, so a value is used exactly as written
    (commas, surrounding spaces, ``$``); the articles without a value are the group ``None``,
    written to ``group/_missing.html`` (``safe_name`` never starts a name with ``_``).
    """
    present = values.dropna().astype(str)
    counts = present.value_counts()
    groups: list[tuple[str | None, int]] = sorted((str(g), int(n)) for g, n in counts.items())
    if present.size < values.size:
        groups.append((None, values.size - present.size))
    jobs = []
    for group, n in groups:
        who = f"articles with no {group_by}" if group is None else f"‘{group}’"
        jobs.append(
            ReportJob(
                notebook,
                {"group_by": group_by, "groups": [group]},
                "group/_missing.html" if group is None else f"group/{safe_name(group)}.html",
                title=f"{group_by}: (none)" if group is None else f"{group_by} = {group}",
                kind="group",
                summary=f"{who} against the rest of the corpus ({n} articles)",
            )
        )
    return jobs


SUMMARY_FEATURES = ["article_id", "loaded_hits", "loaded_quoted", "sentiment_mean"]


def _feature_summaries(processed_dir: Path) -> dict[str, dict[str, Any]]:
    path = processed_dir / "features.parquet"
    if not path.exists():  # one file, or a folder of parts from a partitioned run
        return {}
    try:
        table = pd.read_parquet(path, columns=SUMMARY_FEATURES)
    except (ValueError, KeyError):  # an older features table without these columns
        return {}
    return cast(dict[str, dict[str, Any]], table.set_index("article_id").to_dict("index"))
