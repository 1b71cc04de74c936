"""A real JupyterLab for the browser tests: started on a free loopback port with a random
token over a temp folder, isolated Jupyter state, shut down (with its kernels) at the end.

Used by tests/test_explore_browser.py and tests/test_classroom_notebooks.py, one server per
module; :func:`open_notebook` and :func:`run_all` drive it through Playwright.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

SERVER_START_TIMEOUT = 120  # seconds; JupyterLab starts in ~5 s on an idle machine
UI_TIMEOUT_MS = 120_000
#: The kernel must be connected before "Run All Cells", or the run is lost.
KERNEL_IDLE = "Python 3 (ipykernel) | Idle"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def lab_environment(state: Path) -> dict[str, str]:
    """Isolated Jupyter state; settings that start the kernel without asking, fetch no news,
    and never autosave behind the test's back (it saves explicitly)."""
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
    environ = {k: v for k, v in os.environ.items() if k != "FRAMING_PROCESSED"}
    return {
        **environ,
        "JUPYTER_CONFIG_DIR": str(state / "config"),
        "JUPYTER_RUNTIME_DIR": str(state / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(state / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(state / "workspaces"),
    }


def _wait_until_up(server: subprocess.Popen, base: str, token: str, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while True:
        if server.poll() is not None:
            pytest.fail(f"JupyterLab exited: {log_path.read_text(encoding='utf-8')[-3000:]}")
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer within {SERVER_START_TIMEOUT} s")
            time.sleep(0.3)


def _stop(server: subprocess.Popen, base: str, token: str) -> None:
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


@contextmanager
def jupyter_lab(root: Path, state: Path) -> Iterator[tuple[str, str]]:
    """Serve ``root`` (Jupyter state and log in ``state``, outside it): yield (base url, token)."""
    state.mkdir(parents=True, exist_ok=True)
    port, token = free_port(), secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.extension_manager=readonly",  # no PyPI look-ups
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log_path = state / "jupyterlab.log"
    with open(log_path, "w", encoding="utf-8") as log:
        server = subprocess.Popen(
            command,
            cwd=root,
            env=lab_environment(state),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, killed as a whole at the end
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(server, base, token, log_path)
        yield base, token
    finally:
        _stop(server, base, token)


@contextmanager
def lab_page(chromium: str, base: str, args: list[str]) -> Iterator[tuple[Any, list[str]]]:
    """Yield a Playwright page that may only reach ``base``, and the list of blocked URLs."""
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=args)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.set_default_timeout(UI_TIMEOUT_MS)

            def only_local(route: Any) -> None:
                url = route.request.url
                if url.startswith((base, "data:", "blob:")):
                    route.continue_()
                else:
                    blocked.append(url)
                    route.abort()

            page.route("**/*", only_local)
            yield page, blocked
        finally:
            browser.close()


def open_notebook(page: Any, base: str, token: str, relative: str) -> None:
    """Open the notebook at ``relative`` (to the server root) and wait for an idle kernel."""
    page.goto(f"{base}/lab/tree/{relative}?token={token}")
    page.get_by_text(KERNEL_IDLE).wait_for()


def run_all(page: Any) -> None:
    """Menu Run > Run All Cells."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()


def save(page: Any, path: Path, marker: str) -> None:
    """Save the open notebook (menu File > Save Notebook, what Ctrl+S does) and wait until
    ``path`` on disk holds ``marker``."""
    page.locator(".lm-MenuBar-itemLabel", has_text="File").first.click()
    page.locator('li.lm-Menu-item[data-command="docmanager:save"]').click()
    deadline = time.monotonic() + UI_TIMEOUT_MS / 1000
    while marker not in path.read_text(encoding="utf-8"):
        if time.monotonic() > deadline:
            pytest.fail(f"{path} was not saved with {marker!r}")
        # Wait through Playwright, not time.sleep: the request route (only_local) runs in
        # this thread, so a sleeping test would hold the save request forever.
        page.wait_for_timeout(200)
