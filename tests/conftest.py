"""Shared fixtures: the sample corpus is ingested once per test session into a temp folder."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_RAW = ROOT / "data" / "raw" / "sample"

#: Why the browser tests skip on a machine without Chromium.
NO_CHROMIUM = (
    "no Chromium found: install it with `apt-get install chromium`, "
    "see the README's Development section"
)


@pytest.fixture(scope="session")
def sample_raw() -> Path:
    """The bundled sample corpus folder (read-only to the code)."""
    return SAMPLE_RAW


@pytest.fixture(scope="session")
def sample_processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A processed folder built from the sample by ``framing.ingest``."""
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
    """The sample's :class:`framing.FeatureSet` (extracted once per session)."""
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
    from framing.topics import run_topics

    raw = tmp_path_factory.mktemp("report_raw")
    for path in SAMPLE_RAW.glob("*.txt"):
        shutil.copy(path, raw / path.name)
    (raw / "zz_script_test.txt").write_text(SCRIPT_ARTICLE, encoding="utf-8")
    out = tmp_path_factory.mktemp("report_processed")
    ingest(raw, out)
    extract_to(out)
    run_topics(out, None, k=3, progress=False)
    return out


@pytest.fixture(scope="session")
def rendered_reports(report_corpus: Path, tmp_path_factory: pytest.TempPathFactory):
    """``framing.batch`` over ``report_corpus`` (every notebook, 2 processes).

    Returns ``(reports_dir, BatchResult)``.
    """
    from framing.report.runner import batch

    out = tmp_path_factory.mktemp("reports")
    return out, batch(report_corpus, out, jobs=2)


def require_chromium(environ: Mapping[str, str] = os.environ) -> str:
    """Return the path of the Chromium on ``PATH`` for the browser tests.

    Without one the test is skipped with :data:`NO_CHROMIUM` as its reason, except under
    ``CI=true``, where a missing browser fails the test: CI installs it (``.ci/run``) and
    must not pass by skipping.
    """
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is not None:
        return path
    if environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{NO_CHROMIUM} (CI=true: browser tests must run, not skip)")
    pytest.skip(NO_CHROMIUM)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path to a headless-capable Chromium (see :func:`require_chromium`)."""
    return require_chromium()


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


@pytest.fixture(scope="module")
def browser(chromium: str):
    """A headless Chromium driven by Playwright, one per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
