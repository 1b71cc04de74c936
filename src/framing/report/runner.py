"""Reports: execute the jupytext notebooks with papermill and render self-contained HTML.

The notebooks in ``notebooks/`` are ``py:percent`` files; they are read into memory with
jupytext, executed with papermill's Python API (≈0.9 s each, against 1.6 s for its command
line) on the ``python3`` kernel of the running interpreter, and rendered with nbconvert's
``HTMLExporter`` through the packaged template ``framing/templates`` (the lab template minus
every script it would load from a CDN). Figures are inline PNGs, so a report opens offline.

:func:`render_report` renders one notebook; :func:`batch` renders many over a process pool,
skips reports whose inputs did not change (a hash of the notebook source, the parameters and
the processed tables' manifests), keeps going when one fails, and writes ``index.html``.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
import time
import unicodedata
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from framing import __version__
from framing.config import NOTEBOOKS_DIR, PROCESSED_DIR, REPORTS_DIR
from framing.errors import FramingError, MissingStepError, ParameterError
from framing.io import read_json, write_text

log = logging.getLogger(__name__)

TEMPLATES_DIR = Path(__file__).parents[1] / "templates" / "report"

#: Short names for the bundled notebooks (``framing report article`` works).
NOTEBOOKS: dict[str, str] = {
    "overview": "01-corpus-overview.py",
    "article": "02-article-report.py",
    "comparison": "03-group-comparison.py",
    "topics": "04-topics.py",
    "lexicon": "05-lexicon-audit.py",
}
CORPUS_NOTEBOOKS = ("overview", "comparison", "topics", "lexicon")
DESCRIPTIONS: dict[str, str] = {
    "overview": "Corpus overview: size, sources, dates, cleaning, loaded terms, sentiment, labels",
    "comparison": "Group comparison: competing labels, distinctive words, actor sentiment, frames",
    "topics": "Topics: quality, top terms, prevalence per group, representative passages",
    "lexicon": "Lexicon audit: hit counts, contexts, entries that never fire, near misses",
}


class ReportError(FramingError):
    """A notebook failed to execute or render; the message names the notebook and the error."""


# --------------------------------------------------------------------------- names and inputs


def safe_name(identifier: object, *, max_length: int = 80) -> str:
    """Return a file-name-safe version of ``identifier`` (no ``/``, ``..``, spaces or unicode).

    When sanitizing changed anything, a short hash of the original is appended so two ids
    never share a file.

    >>> safe_name("251aba07006d62a2")
    '251aba07006d62a2'
    >>> safe_name("../etc/passwd")
    'etc_passwd-7fef78f5'
    """
    original = str(identifier)
    ascii_text = unicodedata.normalize("NFKD", original).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_text)
    cleaned = re.sub(r"\.{2,}", "_", cleaned).strip("._-")[:max_length]
    if cleaned == original and cleaned:
        return cleaned
    digest = hashlib.sha256(original.encode()).hexdigest()[:8]
    return f"{cleaned}-{digest}" if cleaned else f"id-{digest}"


def default_notebooks_dir() -> Path:
    """Return ``notebooks/`` in the working directory, else the one beside the source tree."""
    if NOTEBOOKS_DIR.is_dir():
        return NOTEBOOKS_DIR
    return Path(__file__).resolve().parents[3] / "notebooks"


def find_notebook(name: str | os.PathLike[str], notebooks_dir: Path | None = None) -> Path:
    """Return the notebook file for a short name (``article``), a file name or a path."""
    path = Path(name)
    if path.is_file():
        return path
    folder = Path(notebooks_dir) if notebooks_dir else default_notebooks_dir()
    for candidate in (folder / NOTEBOOKS.get(str(name), str(name)), folder / f"{name}.py"):
        if candidate.is_file():
            return candidate
    known = ", ".join(sorted(NOTEBOOKS))
    raise ParameterError(f"notebook '{name}' not found in {folder}: use a path or one of {known}")


def read_notebook(path: str | os.PathLike[str]) -> Any:
    """Return the notebook at ``path`` (a jupytext ``.py`` or an ``.ipynb``) as a NotebookNode."""
    import jupytext

    try:
        nb = jupytext.read(str(path))
    except Exception as error:  # jupytext raises many kinds; report the file either way
        raise ReportError(f"{path}: cannot read notebook: {error}") from error
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata.setdefault("language_info", {"name": "python"})
    return nb


def notebook_parameters(nb: Any) -> dict[str, dict[str, str]]:
    """Return the declared parameters: name → {type, default, help} (papermill's inspector)."""
    from papermill.translators import PythonTranslator

    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        return {}
    return {
        p.name: {"type": p.inferred_type_name, "default": p.default, "help": p.help}
        for p in PythonTranslator.inspect(cells[0])
    }


def coerce_parameters(nb: Any, raw: dict[str, Any], *, source: str = "notebook") -> dict[str, Any]:
    """Return ``raw`` with string values converted to the declared types; unknown names fail."""
    declared = notebook_parameters(nb)
    out: dict[str, Any] = {}
    for name, value in raw.items():
        if name not in declared:
            known = ", ".join(sorted(declared)) or "none"
            raise ParameterError(f"{source} has no parameter '{name}' (it takes: {known})")
        kind = declared[name]["type"].replace("None", "").strip()
        if not isinstance(value, str) or kind in ("str", "", "Optional[str]"):
            out[name] = value
        else:
            try:
                out[name] = (
                    yaml.safe_load(value)
                    if kind not in ("int", "float")
                    else (int(value) if kind == "int" else float(value))
                )
            except (ValueError, yaml.YAMLError) as error:
                raise ParameterError(
                    f"{source} parameter '{name}' expects {kind}, got {value!r}"
                ) from error
    return out


def _file_digest(path: Path) -> str | None:
    if path.is_file():
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return None


def input_hashes(processed_dir: str | os.PathLike[str]) -> dict[str, str | None]:
    """Return the hashes a report depends on: corpus, features and topics (None if absent)."""
    base = Path(processed_dir)
    manifest = base / "manifest.json"
    if not manifest.is_file():
        raise MissingStepError(f"{manifest} does not exist: run `framing ingest` first")
    corpus = read_json(manifest).get("corpus_hash") or _file_digest(manifest)
    topics = None
    topics_dir = base / "topics"
    if topics_dir.is_dir():
        digest = hashlib.sha256()
        for path in sorted(topics_dir.glob("*.json")):
            digest.update(path.name.encode() + path.read_bytes())
        topics = digest.hexdigest()[:16]
    return {
        "corpus": str(corpus),
        "corpus_manifest": _file_digest(manifest),
        "features": _file_digest(base / "features_manifest.json"),
        "topics": topics,
    }


def render_key(
    source: str, parameters: dict[str, Any], inputs: dict[str, Any], show_code: bool
) -> str:
    """Return the cache key of one report: notebook source + parameters + input hashes."""
    payload = json.dumps(
        {
            "source": source,
            "parameters": parameters,
            "inputs": inputs,
            "show_code": show_code,
            "version": __version__,
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


# --------------------------------------------------------------------------- execute and render


def execute(
    nb: Any,
    parameters: dict[str, Any] | None = None,
    *,
    kernel_name: str = "python3",
    cwd: str | os.PathLike[str] | None = None,
) -> Any:
    """Return the executed notebook (papermill's API; no file written)."""
    import papermill

    try:
        return papermill.execute_notebook(
            nb,
            None,
            parameters=parameters or {},
            kernel_name=kernel_name,
            progress_bar=False,
            cwd=str(cwd) if cwd else None,
        )
    except papermill.PapermillExecutionError as error:
        raise ReportError(f"{error.ename}: {error.evalue}") from None


@lru_cache(maxsize=2)
def _exporter(show_code: bool) -> Any:
    from nbconvert import HTMLExporter

    return HTMLExporter(
        extra_template_basedirs=[str(TEMPLATES_DIR.parent)],
        template_name=TEMPLATES_DIR.name,
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def run_header(
    *,
    title: str,
    parameters: dict[str, Any],
    inputs: dict[str, Any],
    rendered_at: datetime | None = None,
    index_href: str = "index.html",
) -> str:
    """Return the escaped HTML header of a report: parameters, hashes, version and date."""
    when = (rendered_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    rows = "".join(
        f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>"
        for k, v in sorted(parameters.items())
    )
    facts = (
        f"corpus {html.escape(str(inputs.get('corpus')))} · "
        f"features {html.escape(str(inputs.get('features') or 'not computed'))} · "
        f"topics {html.escape(str(inputs.get('topics') or 'not computed'))} · "
        f"framing {html.escape(__version__)} · rendered {when}"
    )
    return (
        f'<header class="framing-run-header"><a href="{html.escape(index_href)}" '
        'class="framing-up">all reports</a>'
        f"<h1>{html.escape(title)}</h1><p>{facts}</p>"
        f"<details><summary>parameters</summary><table>{rows}</table></details></header>"
    )


def to_html(nb: Any, *, show_code: bool = False, header_html: str = "", title: str = "") -> str:
    """Return the notebook as one self-contained HTML page (no CDN scripts; PNGs inline)."""
    exporter = _exporter(show_code)
    resources = {"framing_header": header_html, "metadata": {"name": title or "report"}}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


# --------------------------------------------------------------------------- one report


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


def _cache_file(out_dir: Path, output: str) -> Path:
    return out_dir / ".cache" / f"{output}.json"


def _is_fresh(out_dir: Path, job: ReportJob, key: str) -> bool:
    cache = _cache_file(out_dir, job.output)
    if not (out_dir / job.output).is_file() or not cache.is_file():
        return False
    try:
        return read_json(cache).get("key") == key
    except (OSError, ValueError):
        return False


def _render_job(
    job: ReportJob, out_dir: str, processed_dir: str, inputs: dict[str, Any], show_code: bool
) -> ReportResult:
    """Render one job (runs in a worker process); never raises for a notebook failure."""
    started = time.perf_counter()
    out = Path(out_dir)
    html_path = out / job.output
    try:
        nb = read_notebook(job.notebook)
        parameters = coerce_parameters(nb, job.parameters, source=Path(job.notebook).name)
        parameters["processed_dir"] = str(Path(processed_dir).resolve())
        executed = execute(nb, parameters)
        import nbformat

        write_text(nbformat.writes(executed), html_path.with_suffix(".ipynb"))
        index_href = "../" * job.output.count("/") + "index.html"
        header = run_header(
            title=job.title, parameters=parameters, inputs=inputs, index_href=index_href
        )
        page = to_html(executed, show_code=show_code, header_html=header, title=job.title)
        write_text(page, html_path)
    except Exception as error:  # recorded and reported, so one report cannot stop a batch
        if not isinstance(error, FramingError):
            log.debug("report %s crashed", job.output, exc_info=True)
            error = ReportError(f"{type(error).__name__}: {error}")
        for stale in (html_path, _cache_file(out, job.output)):
            stale.unlink(missing_ok=True)
        return ReportResult(job, "failed", error=str(error), seconds=time.perf_counter() - started)
    return ReportResult(job, "rendered", html_path, seconds=time.perf_counter() - started)


def _prepare(
    job: ReportJob, processed_dir: Path, show_code: bool, inputs: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    source = Path(job.notebook).read_text(encoding="utf-8")
    params = {**job.parameters, "processed_dir": str(processed_dir.resolve())}
    return render_key(source, params, inputs, show_code), params


def render_report(
    notebook: str | os.PathLike[str],
    parameters: dict[str, Any] | None = None,
    *,
    processed_dir: str | os.PathLike[str] = PROCESSED_DIR,
    out_dir: str | os.PathLike[str] = REPORTS_DIR,
    show_code: bool = False,
    force: bool = False,
    notebooks_dir: Path | None = None,
) -> ReportResult:
    """Render one notebook to ``out_dir/<notebook>[-<param values>].html``; raise on failure.

    >>> render_report("article", {"article_id": "251aba07006d62a2"})   # doctest: +SKIP
    """
    path = find_notebook(notebook, notebooks_dir)
    params = coerce_parameters(read_notebook(path), dict(parameters or {}), source=path.name)
    stem = path.stem
    if params:
        stem += "-" + "-".join(safe_name(v, max_length=40) for _, v in sorted(params.items()))
    job = ReportJob(str(path), params, f"{safe_name(stem)}.html", title=path.stem)
    result = _run_jobs([job], Path(processed_dir), Path(out_dir), show_code=show_code, force=force)[
        0
    ]
    if result.status == "failed":
        raise ReportError(f"{path.name}: {result.error}")
    return result


def _run_jobs(
    jobs: list[ReportJob],
    processed_dir: Path,
    out_dir: Path,
    *,
    show_code: bool,
    force: bool,
    n_jobs: int = 1,
    progress: bool = False,
) -> list[ReportResult]:
    inputs = input_hashes(processed_dir)
    results: dict[int, ReportResult] = {}
    todo: list[tuple[int, ReportJob, str]] = []
    for i, job in enumerate(jobs):
        key, _ = _prepare(job, processed_dir, show_code, inputs)
        if not force and _is_fresh(out_dir, job, key):
            results[i] = ReportResult(job, "cached", out_dir / job.output)
        else:
            todo.append((i, job, key))
    from tqdm import tqdm

    bar = tqdm(total=len(todo), desc="reports", unit="report", disable=not progress)
    args = (str(out_dir), str(processed_dir), inputs, show_code)
    if n_jobs > 1 and len(todo) > 1:
        # Load papermill and the HTML template once here: forked workers inherit them instead
        # of each paying the imports and nbconvert's slow first template load.
        import papermill  # noqa: F401

        _exporter(show_code)
        with ProcessPoolExecutor(max_workers=min(n_jobs, len(todo))) as pool:
            futures = {pool.submit(_render_job, job, *args): (i, key) for i, job, key in todo}
            for future in as_completed(futures):
                i, key = futures[future]
                try:
                    result = future.result()
                except Exception as error:  # a worker died (e.g. out of memory): record it
                    job = next(j for n, j, _ in todo if n == i)
                    result = ReportResult(job, "failed", error=f"worker crashed: {error!r}")
                results[i] = _record(result, out_dir, key)
                bar.update()
    else:
        for i, job, key in todo:
            results[i] = _record(_render_job(job, *args), out_dir, key)
            bar.update()
    bar.close()
    return [results[i] for i in range(len(jobs))]


def _record(result: ReportResult, out_dir: Path, key: str) -> ReportResult:
    if result.status == "rendered":
        from framing.io import write_json

        write_json(
            {"key": key, "output": result.job.output}, _cache_file(out_dir, result.job.output)
        )
    else:
        log.warning("report %s failed: %s", result.job.output, result.error)
    return result


# --------------------------------------------------------------------------- batch


@dataclass
class BatchResult:
    """Results of :func:`batch`; ``ok`` is False when any report failed."""

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
        counts = articles[group_by].astype("string").fillna("(missing)").value_counts()
        for group, n in sorted(counts.items()):
            jobs.append(
                ReportJob(
                    nb["comparison"],
                    {"group_by": group_by, "groups": str(group)},
                    f"group/{safe_name(group)}.html",
                    title=f"{group_by} = {group}",
                    kind="group",
                    summary=f"{group} against the rest of the corpus ({n} articles)",
                )
            )
    if per in (None, "article"):
        loaded = _feature_summaries(Path(processed_dir))
        rows = {r.article_id: r for r in articles.itertuples(index=False)}
        ids = list(article_ids) if article_ids is not None else list(rows)
        for article_id in ids:
            row = rows.get(article_id)
            summary = _article_summary(row, loaded) if row is not None else "unknown article id"
            title = str(row.title) if row is not None and row.title else str(article_id)
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


SUMMARY_FEATURES = ["article_id", "loaded_hits", "loaded_quoted", "sentiment_mean"]


def _feature_summaries(processed_dir: Path) -> dict[str, dict[str, Any]]:
    path = processed_dir / "features.parquet"
    if not path.exists():  # one file, or a folder of parts from a partitioned run
        return {}
    import pandas as pd

    try:
        table = pd.read_parquet(path, columns=SUMMARY_FEATURES)
    except (ValueError, KeyError):  # an older features table without these columns
        return {}
    return table.set_index("article_id").to_dict("index")


def batch(
    processed_dir: str | os.PathLike[str] = PROCESSED_DIR,
    out_dir: str | os.PathLike[str] = REPORTS_DIR,
    *,
    per: str | None = None,
    group_by: str = "source",
    article_ids: Iterable[str] | None = None,
    jobs: int = 1,
    show_code: bool = False,
    force: bool = False,
    progress: bool = False,
    notebooks_dir: Path | None = None,
) -> BatchResult:
    """Render many reports over ``jobs`` processes and write ``out_dir/index.html``.

    Unchanged reports are skipped (``force`` re-renders); a failing report is recorded with
    its error and the others still render. See :func:`plan_batch` for what ``per`` renders.
    """
    if jobs < 1:
        raise ParameterError(f"jobs must be at least 1, got {jobs}")
    processed, out = Path(processed_dir), Path(out_dir)
    planned = plan_batch(
        processed, per=per, group_by=group_by, article_ids=article_ids, notebooks_dir=notebooks_dir
    )
    results = _run_jobs(
        planned, processed, out, show_code=show_code, force=force, n_jobs=jobs, progress=progress
    )
    index = write_index(
        results, out, title=f"framing reports — {processed.name}", inputs=input_hashes(processed)
    )
    return BatchResult(results, index)


INDEX_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2em auto;
max-width:64em;padding:0 1em;color:#111}h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3em .6em;
border-bottom:1px solid #ddd;vertical-align:top}.failed{color:#D55E00;font-weight:bold}
.meta{color:#555;font-size:.9em}a{color:#0072B2}
"""
SECTION_TITLES = {
    "corpus": "Corpus reports",
    "group": "Group reports",
    "article": "Articles",
    "report": "Reports",
}


def write_index(
    results: list[ReportResult],
    out_dir: str | os.PathLike[str],
    *,
    title: str = "framing reports",
    inputs: dict[str, Any] | None = None,
) -> Path:
    """Write ``index.html`` linking every report with its one-line summary (all escaped)."""
    out = Path(out_dir)
    sections: dict[str, list[str]] = {}
    for r in results:
        href = html.escape(r.job.output.replace(os.sep, "/"), quote=True)
        name = html.escape(r.job.title)
        if r.status == "failed":
            cell = f'{name} <span class="failed">failed</span>'
            note = html.escape(r.error)
        else:
            cell = f'<a href="{href}">{name}</a>'
            note = html.escape(r.job.summary)
        sections.setdefault(r.job.kind, []).append(f"<tr><td>{cell}</td><td>{note}</td></tr>")
    body = "".join(
        f"<h2>{html.escape(SECTION_TITLES.get(kind, kind))} ({len(rows)})</h2>"
        f"<table><tr><th>report</th><th>summary</th></tr>{''.join(rows)}</table>"
        for kind, rows in sections.items()
    )
    failed = sum(r.status == "failed" for r in results)
    facts = f"{len(results)} reports, {failed} failed · framing {__version__}"
    if inputs:
        facts += f" · corpus {inputs.get('corpus')}"
    page = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}'
        f"</title><style>{INDEX_CSS}</style></head><body><h1>{html.escape(title)}</h1>"
        f'<p class="meta">{html.escape(facts)}</p>{body}</body></html>\n'
    )
    return write_text(page, out / "index.html")
