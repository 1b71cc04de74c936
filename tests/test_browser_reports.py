"""Real browser: headless Chromium opens the reports from file:// with no network at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _visit(chromium: str, pages: list[tuple[Path, Path]]) -> tuple[list[str], list[str]]:
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 1400})
        page.on("request", lambda request: requests.append(request.url))
        page.on(
            "console",
            lambda message: problems.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: problems.append(str(error)))
        for html_path, screenshot in pages:
            page.goto(html_path.resolve().as_uri(), wait_until="load")
            page.screenshot(path=str(screenshot), full_page=True)
        browser.close()
    return requests, problems


def test_index_and_article_report_open_offline(chromium, rendered_reports):
    out, result = rendered_reports
    article = next(r.html_path for r in result.results if r.job.kind == "article")
    shots = out / "screenshots"
    shots.mkdir(exist_ok=True)
    pages = [
        (out / "index.html", shots / "index.png"),
        (article, shots / "article.png"),
        (out / "overview.html", shots / "overview.png"),
    ]
    requests, problems = _visit(chromium, pages)
    assert problems == []
    outside = [u for u in requests if not u.startswith(("file://", "data:"))]
    assert outside == []
    assert sum(u.startswith("file://") for u in requests) >= 3
    for _, screenshot in pages:
        assert screenshot.stat().st_size > 10_000
        assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
