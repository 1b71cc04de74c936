"""Shared fixtures: the sample corpus is ingested once per test session into a temp folder."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_RAW = ROOT / "data" / "raw" / "sample"

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


@pytest.fixture(scope="session")
def sample_raw() -> Path:
    """The bundled sample corpus folder (read-only to the code)."""
    return SAMPLE_RAW


@pytest.fixture(scope="session")
def sample_processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A processed folder built from the sample by ``framing.ingest.ingest``."""
    from framing.ingest.step import ingest

    out = tmp_path_factory.mktemp("processed")
    ingest(SAMPLE_RAW, out)
    return out


@pytest.fixture(scope="session")
def sample_corpus(sample_processed: Path):
    """The sample as a :class:`framing.Corpus`."""
    from framing.corpus import Corpus

    return Corpus(sample_processed)


@pytest.fixture(scope="session")
def sample_features(sample_corpus):
    """The sample's :class:`framing.features.FeatureSet` (extracted once per session)."""
    from framing.features.extraction import extract

    return extract(sample_corpus)


#: An extra article for the report tests: markup in its text must come out as text.
SCRIPT_ARTICLE = (
    "Test outlet reports on markup\n\n"
    "Officials called it an unprovoked invasion <script>alert(1)</script> on Tuesday, and "
    "Russian President Vladimir Putin called the war a special military operation.\n\n"
    'A spokesman said: "This is a proxy war <b>bold</b> and nothing else," before leaving.\n'
)


@pytest.fixture(scope="session")
def report_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample plus a ``<script>`` article, ingested with features and topics saved.

    For report tests (notebooks, batch, browser); other tests keep using ``sample_processed``.
    """
    from framing.features.extraction import extract_to
    from framing.ingest.step import ingest

    raw = tmp_path_factory.mktemp("report_raw")
    for path in SAMPLE_RAW.glob("*.txt"):
        shutil.copy(path, raw / path.name)
    (raw / "zz_script_test.txt").write_text(SCRIPT_ARTICLE, encoding="utf-8")
    out = tmp_path_factory.mktemp("report_processed")
    ingest(raw, out)
    extract_to(out)
    try:
        from framing.topics import run_topics
    except ImportError:
        return out
    run_topics(out, None, k=3, progress=False)
    return out


@pytest.fixture(scope="session")
def rendered_reports(report_corpus: Path, tmp_path_factory: pytest.TempPathFactory):
    """``framing.report.batch`` over ``report_corpus`` (every notebook, 2 processes).

    Returns ``(reports_dir, BatchResult)``.
    """
    from framing.report.runner import batch

    out = tmp_path_factory.mktemp("reports")
    return out, batch(report_corpus, out, jobs=2)


def _find_chromium() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path to a headless-capable Chromium; installs Debian's package when missing (as root).

    Skips with a visible reason only where the browser cannot be installed.
    """
    path = _find_chromium()
    if path is None and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, timeout=600)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"],
            env=env,
            capture_output=True,
            timeout=900,
        )
        path = _find_chromium()
    if path is None:
        pytest.skip(
            "headless Chromium is not installed and could not be installed here "
            "(needs root and Debian's apt): browser tests skipped"
        )
    return path


#: Flags that keep Chromium off the network (this machine's network is closed) and headless.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
