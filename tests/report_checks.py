"""What a rendered report must pass in a real browser (used by the browser tests and by
``benchmarks/check_reports_browser.py`` on a large corpus): nothing overflows or is clipped,
no raw pandas or truncation markers, no warning text, no machine path, one colour per
category."""

from __future__ import annotations

import re
from typing import Any

#: Visible text that must never appear in a report.
BAD_TEXT = re.compile(
    r"\bNaN\b|<NA>|…|rows ×|\bWarning\b|warnings\.warn|Traceback|"
    r"(?<![\w.])/(?:home|tmp|work|Users|root|var|private)/|[A-Z]:\\\\"
)

#: Runs in the page: overflowing or clipped elements, visible text outside the article body
#: (whose own words may hold anything), and the colour of every element with a category.
CHECK_JS = r"""
() => {
  const scrolls = v => v === 'auto' || v === 'scroll';
  const width = document.documentElement.clientWidth;
  const overflow = [];
  const scrollers = new Set();
  const name = el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
      ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  for (const el of document.body.querySelectorAll('*')) {
    if (!el.checkVisibility()) continue;
    const s = getComputedStyle(el);
    let inside = false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (scrollers.has(p)) { inside = true; break; }
    }
    // Only the reports' own table boxes may scroll; any other box that needs a horizontal
    // scroll bar (a notebook output area, say) holds something too wide for the page.
    const tableBox = el.classList.contains('framing-table');
    if (tableBox) scrollers.add(el);
    if (inside) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const scrollsX = !tableBox && scrolls(s.overflowX) && el.scrollWidth > el.clientWidth + 1;
    const clippedX = scrollsX || (!scrolls(s.overflowX) && s.overflowX !== 'visible'
        && el.scrollWidth > el.clientWidth + 1);
    const clippedY = !scrolls(s.overflowY) && s.overflowY !== 'visible'
        && el.scrollHeight > el.clientHeight + 1;
    const spills = s.display !== 'inline' && s.overflowX === 'visible' && el.clientWidth > 0
        && el.scrollWidth > el.clientWidth + 1;
    if (clippedX || clippedY || spills || r.right > width + 1) {
      overflow.push(`${name(el)} ${Math.round(r.width)}px wide, content ${el.scrollWidth}px: `
        + (el.innerText || '').slice(0, 60));
    }
  }
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !parent.checkVisibility()) continue;
    const skip = '.framing-article, .framing-headline, .framing-corpus-text, style, script';
    if (parent.closest(skip)) continue;
    texts.push(node.textContent);
  }
  const colors = {};
  for (const el of document.querySelectorAll('[data-category]')) {
    if (!el.checkVisibility()) continue;
    let color;
    if (el.tagName === 'LI') color = getComputedStyle(el.querySelector('.swatch')).backgroundColor;
    else if (el.classList.contains('hl-quoted')) color = getComputedStyle(el).borderBottomColor;
    else color = getComputedStyle(el).backgroundColor;
    const rgb = (color.match(/\d+/g) || []).slice(0, 3).join(',');
    (colors[el.dataset.category] = colors[el.dataset.category] || []).push(rgb);
  }
  return {overflow, text: texts.join(' '), colors};
}
"""


def check_page(page: Any) -> dict[str, Any]:
    """Return the problems of the page open in ``page`` (a Playwright page).

    Keys: ``overflow`` (descriptions of overflowing or clipped elements), ``bad_text`` (the
    forbidden strings visible outside the article body), ``colors`` (category -> set of
    ``"r,g,b"`` colours seen).
    """
    found = page.evaluate(CHECK_JS)
    bad = sorted({m.group(0) for m in BAD_TEXT.finditer(found["text"])})
    colors = {k: set(v) for k, v in found["colors"].items()}
    return {"overflow": found["overflow"], "bad_text": bad, "colors": colors}


def merge_colors(into: dict[str, set[str]], colors: dict[str, set[str]]) -> None:
    """Add one page's category colours to ``into``."""
    for category, seen in colors.items():
        into.setdefault(category, set()).update(seen)
