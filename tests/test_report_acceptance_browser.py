"""Every report type in headless Chromium at 1280 px: nothing overflows or is clipped, no
raw pandas, truncation or warning text, no machine path, one colour per category across the
article report, the overview, the lexicon audit and the explore view; the article report and
a handout print on A4. Screenshots and PDFs are kept in ``reports/_artefacts/`` (ignored by
git) to look at."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from report_checks import check_page, merge_colors

from framing.report.palette import KIND_COLORS, category_color, kind_color

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTEFACTS = ROOT / "reports" / "_artefacts"
#: A4 minus 15 mm margins each side, in CSS pixels (96 per inch).
A4_CONTENT_WIDTH_PX = round((210 - 30) / 25.4 * 96)


def _rgb(hex_color: str) -> str:
    return ",".join(str(int(hex_color[i : i + 2], 16)) for i in (1, 3, 5))


@pytest.fixture(scope="module")
def artefacts() -> Path:
    if ARTEFACTS.exists():
        shutil.rmtree(ARTEFACTS)
    ARTEFACTS.mkdir(parents=True)
    return ARTEFACTS


@pytest.fixture(scope="module")
def explore_page(report_corpus: Path, rendered_reports, tmp_path_factory) -> Path:
    """The explore view of the article with the most loaded terms, as a page."""
    import pandas as pd

    from framing.explore.article import Article

    features = pd.read_parquet(report_corpus / "features.parquet")
    article_id = str(features.sort_values("loaded_hits").iloc[-1]["article_id"])
    page = tmp_path_factory.mktemp("explore") / "explore.html"
    body = Article.load(article_id, processed_dir=report_corpus).html()
    page.write_text(f"<!doctype html><meta charset=utf-8><body>{body}</body>", encoding="utf-8")
    return page


def test_every_report_type_passes_in_the_browser(
    browser, rendered_reports, explore_page, artefacts, report_corpus
) -> None:
    out, result = rendered_reports
    pages = {r.job.output: r.html_path for r in result.results}
    chosen = {
        "index": out / "index.html",
        "overview": pages["overview.html"],
        "comparison": pages["comparison.html"],
        "topics": pages["topics.html"],
        "lexicon": pages["lexicon.html"],
        "validity": pages["validity.html"],
        **{f"article-{i}": p for i, p in enumerate(sorted(out.glob("article/*.html")))},
    }
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: dict[str, dict] = {}
    colors: dict[str, set[str]] = {}
    seen_in: dict[str, set[str]] = {}
    for name, path in [*chosen.items(), ("explore", explore_page)]:
        page.goto(path.as_uri(), wait_until="load")
        shown = ("index", "overview", "comparison", "topics", "lexicon", "validity", "article-0")
        if name in shown:
            page.screenshot(path=str(artefacts / f"{name}-1280.png"), full_page=True)
        found = check_page(page)
        if found["overflow"] or found["bad_text"]:
            problems[name] = {k: found[k] for k in ("overflow", "bad_text")}
        merge_colors(colors, found["colors"])
        for category in found["colors"]:
            seen_in.setdefault(category, set()).add(name.split("-")[0])
        source = path.read_text(encoding="utf-8")
        assert str(report_corpus) not in source and str(out) not in source, name
    page.close()
    assert problems == {}
    # one colour per category, the palette's, wherever it is shown
    assert {c: s for c, s in colors.items() if len(s) != 1} == {}
    for category, seen in colors.items():
        kind = "label" if category == "competing label" else category
        expected = kind_color(kind) if kind in KIND_COLORS else category_color(category)
        assert seen == {_rgb(expected)}, category
    shared = [c for c, where in seen_in.items() if {"article", "overview", "lexicon"} <= where]
    assert "war_naming" in shared
    assert "war_naming" in {c for c, where in seen_in.items() if "explore" in where}


def test_reports_link_their_exports_and_validity(rendered_reports) -> None:
    out, _ = rendered_reports
    overview = (out / "overview.html").read_text(encoding="utf-8")
    assert 'href="overview/figures/articles-per-source.png"' in overview
    assert 'href="overview/figures/articles-per-source.svg"' in overview
    assert 'href="overview/tables/size.csv"' in overview
    assert 'href="validity.html#loaded_terms"' in overview
    assert (out / "overview" / "figures" / "articles-per-source.svg").read_text()[:5] == "<?xml"
    article = next((out / "article").glob("*.html"))
    page = article.read_text(encoding="utf-8")
    assert 'href="../validity.html#loaded_terms"' in page
    assert f'href="{article.stem}/tables/metadata.csv"' in page
    assert (article.parent / article.stem / "tables" / "metadata.csv").is_file()
    assert "Cite this report:" in page and "lexicon version" in page


def test_article_report_and_handout_print_on_a4(
    browser, rendered_reports, sample_corpus, artefacts
) -> None:
    from framing.classroom import render_handout
    from framing.classroom.exercises import pick_sentences

    out, _ = rendered_reports
    article = sorted(out.glob("article/*.html"))[0]
    row = sample_corpus.articles.iloc[0]
    handout = artefacts / "handout.html"
    handout.write_text(
        render_handout(
            "feel-the-tone", [row.to_dict()], rate_sentences=pick_sentences(row["text"])
        ),
        encoding="utf-8",
    )
    for name, path in (("article", article), ("handout", handout)):
        page = browser.new_page(viewport={"width": A4_CONTENT_WIDTH_PX, "height": 1100})
        page.goto(path.as_uri(), wait_until="load")
        page.emulate_media(media="print")
        found = check_page(page)
        assert found["overflow"] == [], (name, found["overflow"][:5])
        page.screenshot(path=str(artefacts / f"{name}-print.png"), full_page=True)
        pdf = page.pdf(format="A4", path=str(artefacts / f"{name}-A4.pdf"))
        assert pdf[:5] == b"%PDF-"
        page.close()
