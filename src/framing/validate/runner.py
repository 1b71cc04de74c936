"""Run every measure on a folder laid out like ``eval/``, write ``validity.json`` and the report.

A measure whose module is not installed is recorded as missing, one whose data is absent or
malformed as failed (with the message); neither stops the others.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import os
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from framing import __version__
from framing.errors import InputError, ParameterError
from framing.io import read_json, write_json
from framing.measures import VALIDITY_KEYS

log = logging.getLogger(__name__)

#: Every measure, in the order the report and the README show them.
MEASURES: tuple[str, ...] = VALIDITY_KEYS
JSON_NAME = "validity.json"
#: The figures measured for this version (``framing validate --data ../shared/eval --out
#: src/framing/validate --no-report``), shipped so every report can link to its evidence.
PUBLISHED_JSON = Path(__file__).with_name(JSON_NAME)


def published_validity() -> Path:
    """Return the path of the ``validity.json`` published with this version of framing."""
    if not PUBLISHED_JSON.is_file():
        raise InputError(str(PUBLISHED_JSON), "the published validity figures are missing")
    return PUBLISHED_JSON


def run_measure(key: str, data_root: Path, *, seed: int = 0, split: str = "dev") -> dict[str, Any]:
    """Return one measure's record (``status`` ok, missing or failed) with its seconds.

    split : passed to measures whose ``run`` takes it (their files are ``*_<split>.*``).
    """
    started = time.perf_counter()
    try:
        module = importlib.import_module(f"framing.validate.{key}")
    except ModuleNotFoundError as error:
        if error.name != f"framing.validate.{key}":
            return _failed(key, error, started)
        log.warning("measure %s: module framing.validate.%s not found", key, key)
        return {"key": key, "status": "missing", "error": f"framing.validate.{key} not found"}
    except Exception as error:  # a module that cannot be imported cannot stop the others
        return _failed(key, error, started)
    log.info("measure %s on %s", key, data_root)
    try:
        takes_split = "split" in inspect.signature(module.run).parameters
        options = {"split": split} if takes_split else {}
        measure = module.run(data_root, seed=seed, **options)
    except Exception as error:  # recorded, so one measure cannot stop the others
        return _failed(key, error, started)
    record = measure.to_dict()
    record.update(status="ok", seconds=round(time.perf_counter() - started, 1))
    return record


def _failed(key: str, error: Exception, started: float) -> dict[str, Any]:
    log.warning("measure %s failed: %s", key, error, exc_info=log.isEnabledFor(logging.DEBUG))
    return {
        "key": key,
        "status": "failed",
        "error": f"{type(error).__name__}: {error}",
        "seconds": round(time.perf_counter() - started, 1),
    }


def run_all(
    data_root: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    seed: int = 0,
    *,
    only: Sequence[str] | None = None,
    split: str = "dev",
    render: bool = True,
) -> dict[str, Any]:
    """Run the measures on ``data_root``; write ``out_dir/validity.json`` (and the report).

    only : run just these measure keys (default: all of :data:`MEASURES`).
    split : which half the labelled files are (``dev`` or ``holdout``: ``frames_holdout.tsv``);
        passed to the measures that take it.
    render : also write ``out_dir/validity.html`` from ``notebooks/06-validity.py``.
    Returns the JSON document.
    """
    root = Path(data_root)
    if not root.is_dir():
        raise InputError(str(root), "data folder not found (expected a folder laid out like eval/)")
    keys = list(only) if only else list(MEASURES)
    unknown = sorted(set(keys) - set(MEASURES))
    if unknown:
        raise ParameterError(f"unknown measure(s) {unknown}: choose from {list(MEASURES)}")
    started = time.perf_counter()
    measures = [run_measure(key, root, seed=seed, split=split) for key in keys]
    document = {
        "framing_version": __version__,
        "data_root": str(root),
        "seed": seed,
        "split": split,
        "created": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "seconds": round(time.perf_counter() - started, 1),
        "cpu_count": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()]
        if hasattr(os, "getloadavg")
        else None,
        "measures": measures,
    }
    out = Path(out_dir)
    json_path = write_json(document, out / JSON_NAME)
    log.info("wrote %s", json_path)
    if render:
        render_validity(json_path, out / "validity.html")
    return document


def read_validity(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Return a ``validity.json`` document, checked to hold a ``measures`` list."""
    document = read_json(path)
    if not isinstance(document, dict) or not isinstance(document.get("measures"), list):
        raise InputError(str(path), "not a validity document (no 'measures' list)")
    return document


def render_validity(json_path: Path, html_path: Path) -> Path:
    """Execute ``06-validity`` on ``json_path`` and write the self-contained HTML report."""
    import html

    from framing.io import write_text
    from framing.report.notebooks import find_notebook, read_notebook
    from framing.report.render import execute, to_html

    document = read_validity(json_path)
    nb = read_notebook(find_notebook("06-validity.py"))
    executed = execute(nb, {"validity_json": str(Path(json_path).resolve())})
    facts = (
        f"data {html.escape(Path(document['data_root']).name)} · seed {document['seed']} · "
        f"framing {html.escape(__version__)} · measured {html.escape(document['created'])}"
    )
    header = (
        '<header class="framing-run-header"><a href="index.html" class="framing-up">all '
        f"reports</a><h1>Validity of every measure</h1><p>{facts}</p></header>"
    )
    page = to_html(executed, show_code=False, header_html=header, title="Validity")
    return write_text(page, html_path)
