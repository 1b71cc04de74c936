"""The report notebooks: find one by its short name, read it, read and coerce its parameters.

The notebooks in ``notebooks/`` are jupytext ``py:percent`` files, read into memory as
:class:`nbformat.NotebookNode` objects set to run on the ``python3`` kernel of the running
interpreter. Their ``parameters`` cell declares each parameter papermill-style
(``name: type = value  # help``), which :func:`notebook_parameters` reads back.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from framing.config import NOTEBOOKS_DIR
from framing.errors import FramingError, ParameterError

if TYPE_CHECKING:  # pragma: no cover
    from nbformat import NotebookNode

#: Short names for the bundled notebooks (``framing report article`` works).
NOTEBOOKS: dict[str, str] = {
    "overview": "01-corpus-overview.py",
    "article": "02-article-report.py",
    "comparison": "03-group-comparison.py",
    "topics": "04-topics.py",
    "lexicon": "05-lexicon-audit.py",
    "validity": "06-validity.py",
}
CORPUS_NOTEBOOKS = ("overview", "comparison", "topics", "lexicon", "validity")
DESCRIPTIONS: dict[str, str] = {
    "overview": "Corpus overview: size, sources, dates, cleaning, loaded terms, sentiment, labels",
    "comparison": "Group comparison: label choice and side balance (tested), distinctive words, "
    "actor sentiment, frames",
    "topics": "Topics: quality, top terms, prevalence per group, representative passages",
    "lexicon": "Lexicon audit: hit counts, contexts, entries that never fire, near misses",
    "validity": "Validity: every measure against human judgement, with intervals and baselines",
}


class ReportError(FramingError):
    """A notebook failed to execute or render; the message names the notebook and the error."""


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


def read_notebook(path: str | os.PathLike[str]) -> NotebookNode:
    """Return the notebook at ``path`` (a jupytext ``.py`` or an ``.ipynb``)."""
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


def notebook_parameters(nb: NotebookNode) -> dict[str, dict[str, str]]:
    """Return the declared parameters: name → {type, default, help} (papermill's inspector)."""
    from papermill.translators import PythonTranslator

    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        return {}
    return {
        p.name: {"type": p.inferred_type_name, "default": p.default, "help": p.help}
        for p in PythonTranslator.inspect(cells[0])
    }


def coerce_parameters(
    nb: NotebookNode, raw: dict[str, Any], *, source: str = "notebook"
) -> dict[str, Any]:
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
