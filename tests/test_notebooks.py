"""Every notebook executed with papermill on the sample corpus; assertions on the HTML."""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import framing
from framing.report.notebooks import NOTEBOOKS
from framing.report.runner import batch

pytestmark = pytest.mark.slow

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def _article_id(processed: Path, path_prefix: str) -> str:
    articles = pd.read_parquet(processed / "articles.parquet")
    return articles.loc[articles["path"].str.startswith(path_prefix), "article_id"].iloc[0]


def _page(out: Path, name: str) -> str:
    return (out / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(NOTEBOOKS.values()))
def test_notebooks_are_thin_percent_scripts_with_parameters(name):
    source = (NOTEBOOK_DIR / name).read_text(encoding="utf-8")
    assert '# %% tags=["parameters"]' in source
    assert re.search(r'^processed_dir: str = "data/processed"  # ', source, re.MULTILINE)
    tree = ast.parse(source)
    banned = (ast.FunctionDef, ast.ClassDef, ast.For, ast.While, ast.Lambda, ast.ListComp)
    assert not [type(n).__name__ for n in ast.walk(tree) if isinstance(n, banned)]


@pytest.mark.parametrize(
    "path", [*sorted(NOTEBOOK_DIR.glob("0*.py")), NOTEBOOK_DIR / "explore.py"], ids=lambda p: p.name
)
def test_notebooks_import_only_the_public_api(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = [
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("framing")
        for alias in node.names
    ]
    assert imported
    assert [(m, n) for m, n in imported if m != "framing" or n not in framing.__all__] == []
    plain = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [name for name in plain if name.startswith("framing")]


def test_batch_renders_every_notebook(rendered_reports):
    out, result = rendered_reports
    assert result.ok, result.summary()
    counts = result.counts()
    assert counts["failed"] == 0 and counts["rendered"] == 5 + 6
    for name in ("overview", "comparison", "topics", "lexicon", "validity"):
        assert (out / f"{name}.html").is_file() and (out / f"{name}.ipynb").is_file()
    assert len(list((out / "article").glob("*.html"))) == 6


def test_every_figure_is_an_inline_png_and_nothing_is_external(rendered_reports):
    out, _ = rendered_reports
    pages = sorted(out.rglob("*.html"))
    assert len(pages) == 12  # 11 reports + index
    for path in pages:
        page = path.read_text(encoding="utf-8")
        images = re.findall(r"<img[^>]*\ssrc=\"([^\"]{0,30})", page)
        assert all(src.startswith("data:image/png;base64,") for src in images), path
        assert not EXTERNAL.search(page), (path, EXTERNAL.search(page).group(0))
        assert "<script src" not in page
    overview = _page(out, "overview.html")
    assert re.findall(r'<img alt="([^"]+)" src="data:image/png;base64,', overview) == [
        "Articles per source",
        "Articles per month",
        "Lines removed by each cleaning rule",
        "Loaded terms per 1,000 words, by article (most loaded first, at most 25)",
        "Loaded terms by category, all articles",
        "Average sentence sentiment per article",
    ]


def test_article_report_highlights_known_terms(rendered_reports, report_corpus):
    out, _ = rendered_reports
    article_id = _article_id(report_corpus, "002_")
    page = _page(out, f"article/{article_id}.html")
    hits = {
        m.group(2): m.group(1)
        for m in re.finditer(r'<span class="hl (hl-author|hl-quoted)"[^>]*>([^<]+)</span>', page)
    }
    voices = {}
    for surface, voice in hits.items():
        voices.setdefault(surface.lower(), voice)
    assert voices["meat grinder"] == "hl-quoted"  # Described as the “meat grinder”
    assert voices["unprovoked war"] == "hl-quoted"  # the narrative ... is an “unprovoked war”
    assert "special military operation" in voices
    assert any("proxy war" in surface for surface in voices)
    # nbconvert re-serializes attributes (title may come out single-quoted): look at the span
    grinder = re.search(r'<span class="hl hl-quoted"[^>]*>meat grinder</span>', page).group(0)
    assert ": meat grinder — " in grinder  # category: term — explanation
    assert "(inside a quotation)" in grinder
    assert "2023-09-13" in page  # metadata and the run header
    assert '<img alt="How sentiment moves through the article" src="data:image/png;base64,' in page


def test_article_from_the_musk_video_marks_unprovoked_as_quoted(rendered_reports, report_corpus):
    out, _ = rendered_reports
    page = _page(out, f"article/{_article_id(report_corpus, '000_')}.html")
    assert re.search(r'<span class="hl hl-quoted"[^>]*>unprovoked</span>', page)


def test_script_in_article_text_is_shown_as_text(rendered_reports, report_corpus):
    out, _ = rendered_reports
    article_id = _article_id(report_corpus, "zz_script_test")
    page = _page(out, f"article/{article_id}.html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    for path in out.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in text and "<b>bold</b>" not in text, path
    index = _page(out, "index.html")
    assert html.escape("Test outlet reports on markup") in index


def test_index_links_every_report_with_a_summary(rendered_reports):
    out, result = rendered_reports
    index = _page(out, "index.html")
    for r in result.results:
        assert f'href="{r.job.output}"' in index
        assert (out / r.job.output).is_file()
    assert re.search(r"unknown, 2023-09-13 · 1\d{3} words · \d+ loaded terms \(\d+ quoted\)", index)
    assert "Corpus reports (5)" in index and "Articles (6)" in index


def test_corpus_reports_show_their_sections(rendered_reports):
    out, _ = rendered_reports
    overview = _page(out, "overview.html")
    assert "What cleaning removed" in overview
    assert '<img alt="Lines removed by each cleaning rule" src="data:image/png;base64,' in overview
    audit = _page(out, "lexicon.html")
    assert "Entries that never fire" in audit and "Near-miss candidates" in audit
    assert "would pull out of the [proxy war] , ending the free flow" in audit  # a hit's context
    topics = _page(out, "topics.html")
    assert "coherence (mean NPMI)" in topics
    comparison = _page(out, "comparison.html")
    # it leads with label choice and side balance, then distinctive words
    order = [
        comparison.index(h) for h in ("Label choice", "Side balance", "Words that distinguish")
    ]
    assert order == sorted(order)


def test_second_batch_is_incremental(rendered_reports, report_corpus):
    out, _ = rendered_reports
    again = batch(report_corpus, out, jobs=2)
    assert again.counts() == {"rendered": 0, "cached": 11, "failed": 0}


def test_bad_article_id_fails_alone_with_a_clear_summary(report_corpus, tmp_path):
    from framing.cli import cli

    good = _article_id(report_corpus, "001_")
    runner = CliRunner()
    result = runner.invoke(
        cli,
        [
            "batch",
            "--per",
            "article",
            "--article",
            good,
            "--article",
            "no-such-id",
            "--processed",
            str(report_corpus),
            "--out",
            str(tmp_path),
            "--no-progress",
        ],
    )
    assert result.exit_code == 1, result.output
    assert "2 reports: 1 rendered, 0 unchanged (cached), 1 failed" in result.output
    assert (
        "FAILED article/no-such-id.html: ParameterError: article id 'no-such-id' is not in"
        in result.output
    )
    assert (tmp_path / "article" / f"{good}.html").is_file()
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "failed" in index and "article id &#x27;no-such-id&#x27; is not in" in index
