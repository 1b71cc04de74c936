"""Default paths and pipeline constants, in one place (cookiecutter-data-science style).

Paths are relative to the working directory so the CLI works from the project root and
from any other folder the user points it at; every function takes them as parameters.
:func:`find_processed` is the one rule that finds the processed corpus when none is given
(library, notebooks, widgets, classroom and the CLI's defaults all call it).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from framing.errors import MissingStepError

RAW_DIR = Path("data/raw")
SAMPLE_DIR = RAW_DIR / "sample"
PROCESSED_DIR = Path("data/processed")
REPORTS_DIR = Path("reports")
NOTEBOOKS_DIR = Path("notebooks")
#: Environment variable naming the processed corpus when no folder is passed.
PROCESSED_ENV = "FRAMING_PROCESSED"
#: A folder holding one of these is the project root: the upward search stops there.
PROJECT_MARKERS = ("pyproject.toml", ".git")

#: Bump when a change to cleaning, metadata or segmentation changes processed output.
PIPELINE_VERSION = "1"

#: Files larger than this are refused by the readers (configurable per call).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def holds_articles(folder: Path) -> bool:
    """Return whether ``folder`` holds an ingested articles table (file or folder of parts)."""
    return (folder / "articles.parquet").is_file() or (folder / "articles").is_dir()


def _found(candidate: Path) -> str:
    """Describe what a searched folder holds, for the error message."""
    if not candidate.exists():
        return "does not exist"
    if not candidate.is_dir():
        return "is a file"
    names = sorted(p.name for p in candidate.iterdir())
    shown = ", ".join(names[:5]) + (" ..." if len(names) > 5 else "")
    return f"exists but has no articles table (it holds: {shown or 'nothing'})"


def search_upward(
    relative: str | os.PathLike[str], start: str | os.PathLike[str] | None = None
) -> Path:
    """Return the first ``folder/relative`` holding an articles table, from ``start`` (default
    the working folder) up to the project root (a folder with ``pyproject.toml`` or ``.git``)
    or the filesystem root.

    Raises :class:`MissingStepError` naming every folder looked in and what it held.
    """
    here = Path(start if start is not None else Path.cwd()).resolve()
    looked: list[str] = []
    for folder in (here, *here.parents):
        candidate = folder / relative
        if holds_articles(candidate):
            return candidate
        looked.append(f"{candidate} {_found(candidate)}")
        if any((folder / marker).exists() for marker in PROJECT_MARKERS):
            break
    raise MissingStepError(
        f"no processed corpus found: looked for {Path(relative)} from {here} up to the project "
        f"root; {'; '.join(looked)}. Run `framing ingest` (its --out folder is the processed "
        f"corpus), pass the folder explicitly, or set {PROCESSED_ENV} to it"
    )


def find_processed(
    path: str | os.PathLike[str] | None = None,
    *,
    start: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Path:
    """Return the processed-corpus folder to read: the one rule used everywhere.

    ``path`` when given (as given: an explicit folder is never second-guessed); else the
    folder named by the environment variable ``FRAMING_PROCESSED``; else ``data/processed``
    searched upward from ``start`` (the working folder) to the project root, so a notebook
    running in ``notebooks/`` finds the project's corpus.

    >>> find_processed("elsewhere/processed")
    PosixPath('elsewhere/processed')
    """
    if path is not None and str(path) != "":
        return Path(path)
    named = (os.environ if environ is None else environ).get(PROCESSED_ENV, "")
    if named:
        folder = Path(named)
        if not folder.exists():
            raise MissingStepError(
                f"{PROCESSED_ENV}={named} names a folder that does not exist: run `framing "
                f"ingest --out {named}` or unset {PROCESSED_ENV}"
            )
        return folder
    return search_upward(PROCESSED_DIR, start)
