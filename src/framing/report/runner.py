"""Render reports: execute notebooks, write self-contained HTML, skip what did not change.

:func:`render_report` renders one notebook; :func:`batch` renders many over a process pool,
skips reports whose inputs did not change (a hash of the notebook source, the parameters and
the processed tables' manifests), keeps going when one fails, and writes ``index.html``.
Finding and reading notebooks lives in :mod:`framing.report.notebooks`, executing and
exporting one in :mod:`framing.report.render`, the kernel each worker keeps for its reports
in :mod:`framing.report.kernels`, the batch plan in :mod:`framing.report.jobs`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Collection, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from framing import __version__
from framing.checks import check_int
from framing.config import PROCESSED_DIR, REPORTS_DIR
from framing.errors import FramingError, MissingStepError
from framing.io import read_json, safe_name, write_json, write_text
from framing.report.exports import export_folder, link_exports, write_exports
from framing.report.index import write_index
from framing.report.jobs import BatchResult, ReportJob, ReportResult, plan_batch
from framing.report.kernels import KernelSession
from framing.report.notebooks import ReportError, coerce_parameters, find_notebook, read_notebook
from framing.report.render import execute, html_exporter, run_header, to_html
from framing.report.workers import exit_with_parent

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- inputs and cache


def _file_digest(path: Path) -> str | None:
    if path.is_file():
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return None


#: The validity figures published with the package (written by ``framing validate``): the
#: validity report shows them and every report links to it, so a re-published file re-renders.
PUBLISHED_VALIDITY = Path(__file__).resolve().parents[1] / "validate" / "validity.json"


def input_hashes(processed_dir: str | os.PathLike[str]) -> dict[str, str | None]:
    """Return the hashes a report depends on: corpus, features, topics and the published
    validity figures (None if absent)."""
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
    features_manifest = base / "features_manifest.json"
    lexicon = (
        read_json(features_manifest).get("lexicon_version") if features_manifest.is_file() else None
    )
    return {
        "corpus": str(corpus),
        "corpus_manifest": _file_digest(manifest),
        "features": _file_digest(features_manifest),
        "lexicon": lexicon,
        "topics": topics,
        "validity": _file_digest(PUBLISHED_VALIDITY),
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


# --------------------------------------------------------------------------- render jobs


def _render_job(
    job: ReportJob,
    out_dir: str,
    processed_dir: str,
    inputs: dict[str, Any],
    show_code: bool,
    kernel: KernelSession | None = None,
) -> ReportResult:
    """Render one job in ``kernel``'s kernel; never raises for a notebook failure."""
    started = time.perf_counter()
    out = Path(out_dir)
    html_path = out / job.output
    try:
        nb = read_notebook(job.notebook)
        parameters = coerce_parameters(nb, job.parameters, source=Path(job.notebook).name)
        parameters["processed_dir"] = str(Path(processed_dir).resolve())
        executed = execute(nb, parameters, kernel=kernel)
        import nbformat

        write_exports(executed, export_folder(html_path))
        write_text(nbformat.writes(executed), html_path.with_suffix(".ipynb"))
        root_href = "../" * job.output.count("/")
        header = run_header(
            title=job.title,
            parameters=parameters,
            inputs=inputs,
            index_href=root_href + "index.html",
        )
        page = to_html(executed, show_code=show_code, header_html=header, title=job.title)
        page = link_exports(page, export_href=f"{html_path.stem}/", root_href=root_href)
        write_text(page, html_path)
    except Exception as error:  # recorded and reported, so one report cannot stop a batch
        if not isinstance(error, FramingError):
            log.debug("report %s crashed", job.output, exc_info=True)
            error = ReportError(f"{type(error).__name__}: {error}")
        for stale in (html_path, _cache_file(out, job.output)):
            stale.unlink(missing_ok=True)
        return ReportResult(job, "failed", error=str(error), seconds=time.perf_counter() - started)
    return ReportResult(job, "rendered", html_path, seconds=time.perf_counter() - started)


#: A pool worker's kernel, kept from one report to the next (see :mod:`framing.report.kernels`).
_worker_kernel: KernelSession | None = None


def _start_worker() -> None:
    """Set up a pool worker: end with the parent; one kernel for its reports, shut down when
    the worker exits."""
    from multiprocessing.util import Finalize

    global _worker_kernel
    exit_with_parent()
    _worker_kernel = KernelSession()
    Finalize(_worker_kernel, _worker_kernel.close, exitpriority=10)


def _render_in_worker(
    job: ReportJob, out_dir: str, processed_dir: str, inputs: dict[str, Any], show_code: bool
) -> ReportResult:
    return _render_job(job, out_dir, processed_dir, inputs, show_code, kernel=_worker_kernel)


def _job_key(job: ReportJob, processed_dir: Path, show_code: bool, inputs: dict[str, Any]) -> str:
    source = Path(job.notebook).read_text(encoding="utf-8")
    params = {**job.parameters, "processed_dir": str(processed_dir.resolve())}
    return render_key(source, params, inputs, show_code)


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

    >>> render_report("article", {"article_id": "98142f5edab7c62d"})   # doctest: +SKIP
    """
    path = find_notebook(notebook, notebooks_dir)
    params = coerce_parameters(read_notebook(path), dict(parameters or {}), source=path.name)
    stem = path.stem
    if params:
        stem += "-" + "-".join(safe_name(v, max_length=40) for _, v in sorted(params.items()))
    job = ReportJob(str(path), params, f"{safe_name(stem)}.html", title=path.stem)
    (result,) = _run_jobs(
        [job], Path(processed_dir), Path(out_dir), show_code=show_code, force=force
    )
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
        key = _job_key(job, processed_dir, show_code, inputs)
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

        html_exporter(show_code)
        with ProcessPoolExecutor(
            max_workers=min(n_jobs, len(todo)), initializer=_start_worker
        ) as pool:
            futures = {pool.submit(_render_in_worker, job, *args): (i, key) for i, job, key in todo}
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
        with KernelSession() as kernel:
            for i, job, key in todo:
                results[i] = _record(_render_job(job, *args, kernel=kernel), out_dir, key)
                bar.update()
    bar.close()
    return [results[i] for i in range(len(jobs))]


def _record(result: ReportResult, out_dir: Path, key: str) -> ReportResult:
    if result.status == "rendered":
        job = result.job
        record = {"key": key, "output": job.output, "notebook": job.notebook}
        record |= {"title": job.title, "kind": job.kind, "summary": job.summary}
        write_json(record, _cache_file(out_dir, job.output))
    else:
        log.warning("report %s failed: %s", result.job.output, result.error)
    return result


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
    its error and the others still render. See :func:`framing.report.jobs.plan_batch` for
    what ``per`` renders.
    """
    check_int("jobs", jobs)
    processed, out = Path(processed_dir), Path(out_dir)
    planned = plan_batch(
        processed, per=per, group_by=group_by, article_ids=article_ids, notebooks_dir=notebooks_dir
    )
    results = _run_jobs(
        planned, processed, out, show_code=show_code, force=force, n_jobs=jobs, progress=progress
    )
    index = write_index(
        results + earlier_reports(out, exclude={r.job.output for r in results}),
        out,
        title=f"framing reports — {processed.name}",
        inputs=input_hashes(processed),
    )
    return BatchResult(results, index)


def earlier_reports(out_dir: Path, *, exclude: Collection[str] = ()) -> list[ReportResult]:
    """Return the reports an earlier batch left in ``out_dir`` (its ``.cache`` records whose
    HTML is still there), so a ``--per article`` run into a folder of group reports keeps
    them in the index."""
    found = []
    for path in sorted((out_dir / ".cache").rglob("*.json")):
        try:
            record = read_json(path)
            output = str(record["output"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if output in exclude or not (out_dir / output).is_file():
            continue
        job = ReportJob(
            str(record.get("notebook", "")),
            {},
            output,
            title=str(record.get("title") or Path(output).stem),
            summary=str(record.get("summary", "")),
            kind=str(record.get("kind", "report")),
        )
        found.append(ReportResult(job, "cached", out_dir / output))
    return found
