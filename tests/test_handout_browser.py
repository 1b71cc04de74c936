"""The printable handout in headless Chromium (screenshot, A4 print layout, PDF page count),
and the `chromium` fixture every browser test uses."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from conftest import NO_CHROMIUM, require_chromium

from framing.classroom import render_handout
from framing.classroom.exercises import pick_sentences

#: A4 minus the 15 mm left and right margins of handout.css, in CSS pixels (96 per inch).
A4_CONTENT_WIDTH_PX = round((210 - 30) / 25.4 * 96)
#: A4 minus the 16 mm top and 18 mm bottom margins.
A4_CONTENT_HEIGHT_PX = round((297 - 34) / 25.4 * 96)

MEASURE = """() => {
  const lines = [...document.querySelectorAll('.line')];
  const heights = lines.map(e => e.querySelector('.tx').getBoundingClientRect().height);
  const single = Math.min(...heights);
  const pageRules = [...document.styleSheets].flatMap(s => [...s.cssRules])
      .filter(r => r.constructor.name === 'CSSPageRule').map(r => r.cssText);
  return {
    n_lines: lines.length,
    single_line_px: single,
    wrapped: heights.filter(h => h > single * 1.5).length,
    widest_right: Math.max(...[...document.querySelectorAll('body *')]
        .map(e => e.getBoundingClientRect().right)),
    scroll_width: document.documentElement.scrollWidth,
    line_break: getComputedStyle(lines[0]).breakInside,
    question_break: getComputedStyle(document.querySelector('.question')).breakInside,
    page_rules: pageRules,
    total_px: document.documentElement.scrollHeight,
  };
}"""


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


# --- the chromium fixture: found, skipped with a reason, or failed under CI -----------------


def test_require_chromium_returns_the_browser_on_path(monkeypatch) -> None:
    monkeypatch.setattr("shutil.which", {"chromium": "/opt/bin/chromium"}.get)
    assert require_chromium({"CI": "true"}) == "/opt/bin/chromium"


def test_require_chromium_skips_with_the_install_hint(monkeypatch) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(pytest.skip.Exception) as outcome:
        require_chromium({})
    assert str(outcome.value) == NO_CHROMIUM
    assert "apt-get install chromium" in NO_CHROMIUM


def test_require_chromium_fails_under_ci(monkeypatch) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true: browser tests must run"):
        require_chromium()


# --- the handout in Chromium ------------------------------------------------------------


@pytest.fixture(scope="module")
def handouts(sample_corpus, tmp_path_factory) -> dict[str, Path]:
    """Handouts of the longest and the shortest sample article, written to files."""
    articles = sample_corpus.articles.assign(n=lambda d: d["text"].str.len()).sort_values("n")
    out = tmp_path_factory.mktemp("handouts")
    paths = {}
    for name, row in (("short", articles.iloc[0]), ("long", articles.iloc[-1])):
        html = render_handout(
            "feel-the-tone", [row.to_dict()], rate_sentences=pick_sentences(row["text"])
        )
        paths[name] = out / f"feel-the-tone-{name}.html"
        paths[name].write_text(html, encoding="utf-8")
    return paths


@pytest.mark.browser
@pytest.mark.slow
def test_handout_screenshot(browser, handouts) -> None:
    page = browser.new_page(viewport={"width": 900, "height": 1200})
    page.goto(handouts["long"].as_uri())
    shot = handouts["long"].with_suffix(".png")
    page.screenshot(path=str(shot), full_page=True)
    print(f"handout screenshot: {shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 50_000  # a full page of text, not a blank image
    assert page.locator("h1").inner_text() == "Feel the tone"
    assert page.locator(".line .no").first.inner_text() == "1"
    page.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("which", ["short", "long"])
def test_handout_prints_on_a4_without_cut_lines(browser, handouts, which) -> None:
    page = browser.new_page(viewport={"width": A4_CONTENT_WIDTH_PX, "height": 1000})
    page.goto(handouts[which].as_uri())
    page.emulate_media(media="print")
    m = page.evaluate(MEASURE)
    # @page asks for A4; numbered lines and questions never split across pages.
    assert any("size: a4" in rule.lower() for rule in m["page_rules"]), m["page_rules"]
    assert m["line_break"] == "avoid"
    assert m["question_break"] == "avoid"
    # At A4 content width every numbered article line fits on one printed line (its
    # number stays right) and nothing sticks out to the right of the page.
    assert m["n_lines"] > 10
    assert m["wrapped"] == 0
    assert m["scroll_width"] <= A4_CONTENT_WIDTH_PX
    assert m["widest_right"] <= A4_CONTENT_WIDTH_PX + 0.5
    pages = _pdf_pages(page.pdf(format="A4"))
    expected = math.ceil(m["total_px"] / A4_CONTENT_HEIGHT_PX)
    # break-inside: avoid pushes whole lines/questions to the next page: at most +2 pages.
    assert expected <= pages <= expected + 2, (pages, expected, m["total_px"])
    page.close()


@pytest.mark.browser
@pytest.mark.slow
def test_longer_article_prints_on_more_pages(browser, handouts) -> None:
    counts = {}
    for which in ("short", "long"):
        page = browser.new_page()
        page.goto(handouts[which].as_uri())
        counts[which] = _pdf_pages(page.pdf(format="A4"))
        page.close()
    assert 1 <= counts["short"] < counts["long"]
