"""The ipywidgets browser (framing.explore.widgets) and notebooks/explore.py in a real JupyterLab.

The browser test starts JupyterLab on 127.0.0.1 (random free port, random token) over a temp
folder holding explore.ipynb (written from notebooks/explore.py with jupytext, its
parameters pointing at a processed sample with features), drives headless Debian Chromium
through Playwright (run all cells, pick the 13 Sep 2023 article, click a term), asserts the
highlighted spans and the term's contexts, saves a screenshot, and shuts the server down.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CHROMIUM_ARGS, ROOT

from framing.corpus import Corpus
from framing.explore.widgets import ALL_SOURCES, Browser, filter_catalog

STOLTENBERG = "Stoltenberg"
SERVER_START_TIMEOUT = 120  # seconds; JupyterLab starts in ~5 s on an idle machine
UI_TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def featured_corpus(
    sample_processed: Path, sample_features, tmp_path_factory: pytest.TempPathFactory
) -> Corpus:
    """A copy of the processed sample with its feature tables saved (what the browser reads)."""
    folder = tmp_path_factory.mktemp("explore") / "processed"
    shutil.copytree(sample_processed, folder)
    sample_features.save(folder)
    return Corpus(folder)


# -- the widget's Python side ------------------------------------------------------------


def test_browser_filters_toggles_and_term_contexts(featured_corpus: Corpus) -> None:
    browser = Browser(featured_corpus)
    assert len(browser.article.options) == 5
    assert browser.status.value == "<small>5 of 5 articles match</small>"
    browser.source.value = "YCPress"
    assert [label for label, _ in browser.article.options] == [
        "YCPress · Putin said NATO's eastward expansion is unacceptable. NATO: Never promised "
        "not to expand"
    ]
    browser.source.value = ALL_SOURCES
    browser.date_from.value = dt.date(2023, 9, 1)
    (label, article_id), = browser.article.options  # fmt: skip
    assert STOLTENBERG in label and browser.current.article_id == article_id
    assert 'data-category="loaded"' in browser.text.value
    assert ">proxy war</span>" in browser.text.value

    toggles = {box.description: box for box in browser.toggles.children}
    assert toggles["frame"].value is False and toggles["loaded"].value is True
    toggles["loaded"].value = False
    assert 'data-category="loaded"' not in browser.text.value
    assert "loaded" in browser.hidden
    toggles["loaded"].value = True

    buttons = {button.description: button for button in browser.terms.children}
    buttons["proxy war"].click()
    assert browser.contexts is not None and len(browser.contexts) == 2
    assert browser.context_view.value.count('<tr class="kwic-line">') == 2
    assert browser.next_page.disabled and browser.previous_page.disabled

    browser.title_filter.value = "no title has these words"
    assert browser.article.options == () and browser.current is None
    assert "no article matches the filters" in browser.text.value


def test_filter_catalog_dates_are_inclusive_and_drop_undated(featured_corpus: Corpus) -> None:
    catalog = featured_corpus.table("articles", columns=["article_id", "title", "source", "date"])
    day = dt.date(2023, 9, 13)
    assert len(filter_catalog(catalog, date_from=day, date_to=day)) == 1
    assert len(filter_catalog(catalog, date_to=dt.date(2023, 9, 12))) == 0
    assert len(filter_catalog(catalog, title_contains="putin")) == 4


# -- the real browser --------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _write_notebook(folder: Path, processed_dir: Path) -> Path:
    """Write explore.ipynb from the jupytext source with ``processed_dir`` injected."""
    import jupytext
    import nbformat
    from papermill.parameterize import parameterize_notebook

    notebook = jupytext.read(ROOT / "notebooks" / "explore.py")
    for cell in notebook.cells:
        cell.metadata.setdefault("tags", [])
    notebook.metadata["papermill"] = {}
    notebook = parameterize_notebook(notebook, {"processed_dir": str(processed_dir)})
    notebook.metadata.pop("jupytext", None)  # no pairing with a .py inside the temp folder
    path = folder / "explore.ipynb"
    nbformat.write(notebook, path)
    return path


def _lab_environment(folder: Path) -> dict[str, str]:
    """Isolated Jupyter state; settings that start the kernel without asking and fetch no news."""
    state = folder / ".jupyter-state"
    settings = {
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
            "autoStartDefaultKernel": True
        },
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
    }
    for relative, value in settings.items():
        path = state / "settings" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value), encoding="utf-8")
    return {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(state / "config"),
        "JUPYTER_RUNTIME_DIR": str(state / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(state / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(state / "workspaces"),
    }


@pytest.fixture(scope="module")
def jupyter_lab(featured_corpus: Corpus, chromium: str) -> Iterator[tuple[str, str, Path]]:
    """JupyterLab serving a temp folder with explore.ipynb: yields (base url, token, folder)."""
    folder = featured_corpus.processed_dir.parent
    _write_notebook(folder, featured_corpus.processed_dir)
    port, token = _free_port(), secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={folder}",
        "--LabApp.extension_manager=readonly",  # no PyPI look-ups
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log_path = folder / "jupyterlab.log"
    with open(log_path, "w", encoding="utf-8") as log:
        server = subprocess.Popen(
            command,
            cwd=folder,
            env=_lab_environment(folder),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, killed as a whole at the end
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited: {log_path.read_text(encoding='utf-8')[-3000:]}")
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not answer within {SERVER_START_TIMEOUT} s")
                time.sleep(0.3)
        yield base, token, folder
    finally:
        try:  # the server shuts its kernels down on this request
            request = urllib.request.Request(f"{base}/api/shutdown?token={token}", method="POST")
            urllib.request.urlopen(request, timeout=10)
            server.wait(timeout=20)
        except (urllib.error.URLError, ConnectionError, TimeoutError, subprocess.TimeoutExpired):
            pass
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=10)


@pytest.mark.browser
@pytest.mark.slow
def test_explore_notebook_in_jupyterlab(jupyter_lab: tuple[str, str, Path], chromium: str) -> None:
    from playwright.sync_api import sync_playwright

    base, token, folder = jupyter_lab
    blocked: list[str] = []
    screenshot = folder / "explore-browser.png"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.set_default_timeout(UI_TIMEOUT_MS)

            def only_local(route) -> None:
                url = route.request.url
                if url.startswith((base, "data:", "blob:")):
                    route.continue_()
                else:
                    blocked.append(url)
                    route.abort()

            page.route("**/*", only_local)
            page.goto(f"{base}/lab/tree/explore.ipynb?token={token}")
            # The kernel must be connected before "Run All Cells", or the run is lost.
            page.get_by_text("Python 3 (ipykernel) | Idle").wait_for()
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click()

            app = page.locator(".framing-browser")
            app.wait_for()
            choose = app.locator(".widget-dropdown", has_text="Article").locator("select")
            labels = choose.locator("option").all_inner_texts()
            assert len(labels) == 5
            (target,) = [label for label in labels if STOLTENBERG in label]
            choose.select_option(label=target)

            view = app.locator(".framing-article-view", has_text=STOLTENBERG)
            view.wait_for()
            loaded = view.locator('span.hl[data-category="loaded"]')
            loaded.first.wait_for()
            highlighted = loaded.all_inner_texts()
            assert "proxy war" in highlighted
            assert "meat grinder" in highlighted
            assert view.locator("span.hl").count() > 50

            app.locator(".framing-term", has_text="proxy war").first.click()
            lines = app.locator(".kwic-line")
            lines.nth(1).wait_for()
            assert lines.count() == 2
            assert "Washington is losing the" in lines.nth(1).inner_text()
            loaded.first.scroll_into_view_if_needed()
            page.screenshot(path=str(screenshot))
        finally:
            browser.close()
    assert screenshot.stat().st_size > 10_000
    print(f"screenshot: {screenshot}")
    assert blocked == [], f"requests outside 127.0.0.1 were made: {blocked}"
