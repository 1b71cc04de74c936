"""Open every report of a reports folder in headless Chromium at 1280 px and check it.

The acceptance checks of issue 18 on a corpus too large for the test suite (the 447-article
corpus of ``benchmarks/real_corpus.sh``): no element overflows or is clipped, no "NaN",
"<NA>", "…" or "rows ×" outside the article text, no warning text, no absolute path, one
colour per category. Prints one line per report with a problem, then a summary; exits 1 on
any problem. Screenshots of the first report of each kind go to ``--shots``.

    WORK=/tmp/r18 bash benchmarks/real_corpus.sh
    .venv/bin/python benchmarks/check_reports_browser.py /tmp/r18/reports --shots /tmp/r18/shots
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from conftest import CHROMIUM_ARGS  # noqa: E402
from report_checks import check_page, merge_colors  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", type=Path, help="a folder written by `framing batch`")
    parser.add_argument("--shots", type=Path, default=None, help="folder for screenshots")
    parser.add_argument("--forbid", action="append", default=[], help="text no page may hold")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    pages = sorted(args.reports.rglob("*.html"))
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    colors: dict[str, set[str]] = {}
    bad = 0
    shot_kinds: set[str] = set()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for path in pages:
            page.goto(path.resolve().as_uri(), wait_until="load")
            found = check_page(page)
            source = path.read_text(encoding="utf-8")
            leaked = [text for text in args.forbid if text in source]
            kind = path.parent.name if path.parent != args.reports else path.stem
            if args.shots and kind not in shot_kinds:
                shot_kinds.add(kind)
                page.screenshot(path=str(args.shots / f"{kind}.png"), full_page=True)
            merge_colors(colors, found["colors"])
            if found["overflow"] or found["bad_text"] or leaked:
                bad += 1
                print(
                    f"{path.relative_to(args.reports)}: overflow {found['overflow'][:3]} "
                    f"text {found['bad_text']} paths {leaked}"
                )
        browser.close()
    mixed = {c: sorted(s) for c, s in colors.items() if len(s) != 1}
    print(
        f"{len(pages)} pages checked, {bad} with a problem; categories with more than one "
        f"colour: {mixed or 'none'} ({len(colors)} categories seen)"
    )
    sys.exit(1 if bad or mixed else 0)


if __name__ == "__main__":
    main()
