"""Default paths and pipeline constants, in one place (cookiecutter-data-science style).

Paths are relative to the working directory so the CLI works from the project root and
from any other folder the user points it at; every function takes them as parameters.
"""

from __future__ import annotations

from pathlib import Path

RAW_DIR = Path("data/raw")
SAMPLE_DIR = RAW_DIR / "sample"
PROCESSED_DIR = Path("data/processed")
REPORTS_DIR = Path("reports")
NOTEBOOKS_DIR = Path("notebooks")

#: Bump when a change to cleaning, metadata or segmentation changes processed output.
PIPELINE_VERSION = "1"

#: Files larger than this are refused by the readers (configurable per call).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
