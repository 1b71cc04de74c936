"""The ipywidgets browser (framing.explore.widgets) and notebooks/explore.py in a real JupyterLab.

The browser test copies the project's tracked files that matter (pyproject.toml, .gitignore,
jupytext.toml, notebooks/explore.py) into a temp git repository with the processed sample
(features saved) in data/processed, makes notebooks/explore.ipynb with the README's command,
serves it with JupyterLab on 127.0.0.1 (random free port and token), and drives headless
Chromium through Playwright: run all cells (no corpus path given: the kernel runs in
notebooks/), pick the 13 Sep 2023 article, click a term, open a line's article and sentence,
filter, save, and check with `git status` that no tracked file changed.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CHROMIUM_ARGS, ROOT
from lab_server import jupyter_lab, lab_page, open_notebook, run_all, save

from framing.corpus import Corpus
from framing.explore.kwic import term_contexts
from framing.explore.widgets import ALL_SOURCES, Browser, filter_catalog
from framing.report.palette import category_color, kind_color

STOLTENBERG = "Stoltenberg"
#: The project files the explore notebook depends on; all tracked in git.
TRACKED = ["pyproject.toml", ".gitignore", "jupytext.toml", "notebooks/explore.py"]


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
    assert 'data-category="war_naming"' in browser.text.value
    assert ">proxy war</span>" in browser.text.value

    # Two rows of toggles: kinds, then loaded-term categories, in the reports' colours.
    kinds = [box.description for box in browser.kind_toggles.children]
    categories = [box.description for box in browser.category_toggles.children]
    assert kinds == ["actor", "frame", "label", "loaded", "stance"]
    assert "war naming" in categories and "loaded" not in categories
    toggles = browser.toggle_boxes
    assert toggles["war_naming"].style.background == f"{category_color('war_naming')}55"
    assert toggles["actor"].style.background == f"{kind_color('actor')}55"
    assert toggles["frame"].value is False and toggles["loaded"].value is True
    toggles["loaded"].value = False
    assert 'data-category="war_naming"' not in browser.text.value
    assert "loaded" in browser.hidden
    toggles["loaded"].value = True

    buttons = {button.description: button for button in browser.terms.children}
    buttons["proxy war"].click()
    assert browser.contexts is not None and len(browser.contexts) == 2
    assert len(browser.context_lines.children) == 2
    assert "all of them the exact phrase" in browser.context_header.value
    assert browser.next_page.disabled and browser.previous_page.disabled

    # A filter that still matches keeps the article; one that matches nothing clears the
    # article, the toggles and the old contexts; clearing it brings the same article back.
    browser.title_filter.value = "stoltenberg"
    assert browser.current.article_id == article_id
    browser.title_filter.value = "no title has these words"
    assert browser.article.options == () and browser.current is None
    assert "no article matches the filters" in browser.text.value
    assert browser.context_lines.children == () and browser.context_header.value == ""
    assert browser.kind_toggles.children == ()
    browser.date_from.value = None
    browser.title_filter.value = ""
    assert len(browser.article.options) == 5 and browser.current.article_id == article_id


def test_browser_term_lines_explain_the_count_and_open_their_article(
    featured_corpus: Corpus,
) -> None:
    browser = Browser(featured_corpus)
    first = browser.current.article_id
    contexts = browser.show_contexts("invasion")
    assert len(contexts) == len(term_contexts("invasion", corpus=featured_corpus))
    assert f"{len(contexts)} matches of the lexicon entry 'invasion', variants included" in (
        browser.context_header.value.replace("&#x27;", "'")
    )
    lines = browser.context_lines.children
    other = next(i for i, line in enumerate(contexts.rows()["article_id"]) if line != first)
    target = contexts.rows()["article_id"].iloc[other]
    browser.source.value = "YCPress"  # the target is not listed under this filter...
    lines[other].children[0].click()  # ..."open" clears the filters and shows it
    assert browser.current.article_id == target
    assert browser.source.value == ALL_SOURCES and browser.article.value == target


def test_filter_catalog_dates_are_inclusive_and_drop_undated(featured_corpus: Corpus) -> None:
    catalog = featured_corpus.table("articles", columns=["article_id", "title", "source", "date"])
    day = dt.date(2023, 9, 13)
    assert len(filter_catalog(catalog, date_from=day, date_to=day)) == 1
    assert len(filter_catalog(catalog, date_to=dt.date(2023, 9, 12))) == 0
    assert len(filter_catalog(catalog, title_contains="putin")) == 4


# -- the real browser --------------------------------------------------------------------


def _git(project: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(project), *args], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture(scope="module")
def lab_project(featured_corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temp git repository with the project's tracked notebook files and the corpus in
    data/processed (git-ignored, as in the project); explore.ipynb made as the README says."""
    project = tmp_path_factory.mktemp("lab") / "project"
    for relative in TRACKED:
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / relative, project / relative)
    shutil.copytree(featured_corpus.processed_dir, project / "data" / "processed")
    _git(project, "init", "-q")
    _git(project, "add", *TRACKED)
    _git(project, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "tracked")
    jupytext = Path(sys.executable).parent / "jupytext"
    subprocess.run(
        [str(jupytext), "--to", "ipynb", "notebooks/explore.py"],
        cwd=project,
        check=True,
        capture_output=True,
    )
    assert _git(project, "status", "--porcelain") == ""  # the notebook itself is ignored
    return project


@pytest.fixture(scope="module")
def lab(lab_project: Path, chromium: str) -> Iterator[tuple[str, str]]:
    """One JupyterLab for this module, serving the project folder."""
    with jupyter_lab(lab_project, lab_project.parent / "jupyter-state") as server:
        yield server


@pytest.mark.browser
@pytest.mark.slow
def test_explore_notebook_in_jupyterlab(
    lab: tuple[str, str], lab_project: Path, chromium: str
) -> None:
    base, token = lab
    screenshot = lab_project.parent / "explore-browser.png"
    notebook = lab_project / "notebooks" / "explore.ipynb"
    with lab_page(chromium, base, CHROMIUM_ARGS) as (page, blocked):
        open_notebook(page, base, token, "notebooks/explore.ipynb")
        run_all(page)
        app = page.locator(".framing-browser")
        app.wait_for()
        app.scroll_into_view_if_needed()
        choose = app.locator(".widget-dropdown", has_text="Article").locator("select")
        choose.locator("option").nth(4).wait_for(state="attached")
        labels = choose.locator("option").all_text_contents()
        assert len(labels) == 5
        (target,) = [label for label in labels if STOLTENBERG in label]
        choose.select_option(label=target)

        view = app.locator(".framing-article-view", has_text=STOLTENBERG)
        view.wait_for()
        war_naming = view.locator('span.hl[data-category="war_naming"]')
        war_naming.first.wait_for()
        # JupyterLab skips rendering cells out of view: bring the browser into view first.
        view.scroll_into_view_if_needed()
        assert "proxy war" in war_naming.all_text_contents()
        assert view.locator("span.hl").count() > 50
        # The category's toggle sits in the loaded-terms row, tinted with its report colour.
        toggle = app.locator(".framing-toggle-war_naming")
        red, green, blue = (int(category_color("war_naming")[i : i + 2], 16) for i in (1, 3, 5))
        background = toggle.evaluate("e => getComputedStyle(e).backgroundColor")
        assert background.startswith(f"rgba({red}, {green}, {blue}, 0.3")

        app.locator(".framing-term", has_text="invasion").first.click()
        lines = app.locator(".kwic-line")
        expected = min(
            20, len(term_contexts("invasion", processed_dir=lab_project / "data" / "processed"))
        )
        lines.nth(expected - 1).wait_for()
        lines.first.scroll_into_view_if_needed()
        assert lines.count() == expected
        assert "variants included" in app.inner_text()
        # The source · date · id cell is wide enough: nothing in it is clipped.
        for meta in app.locator(".kwic-meta").all():
            sizes = meta.evaluate("e => [e.scrollWidth, e.clientWidth]")
            assert sizes[0] <= sizes[1], f"clipped: {meta.inner_text()}"
        articles = Corpus(lab_project / "data" / "processed").articles
        dated = articles.loc[articles["date"] == "2023-09-13"].iloc[0]
        assert app.locator(".kwic-meta", has_text="2023-09-13").first.inner_text() == (
            f"{dated['source']} · 2023-09-13 · {dated['article_id']}"
        )
        # A click on a line shows its whole sentence; "open" shows its article.
        lines.first.locator("summary").click()
        assert lines.first.locator(".kwic-context").is_visible()
        other = app.locator(".kwic-meta", has_text="YCPress").first
        other_id = other.locator(".kwic-id").inner_text()
        other.locator("xpath=ancestor::div[contains(@class,'widget-hbox')][1]").locator(
            ".framing-open-article"
        ).click()
        app.locator(f'.framing-article-view[data-article-id="{other_id}"]').wait_for()
        page.screenshot(path=str(screenshot))

        save(page, notebook, "5 articles in ")
    assert blocked == [], f"requests outside 127.0.0.1 were made: {blocked}"
    assert screenshot.stat().st_size > 10_000
    # Saving wrote the notebook only: no tracked file changed, no paired .py was written.
    assert _git(lab_project, "status", "--porcelain") == ""
    assert (lab_project / "notebooks" / "explore.py").read_bytes() == (
        ROOT / "notebooks" / "explore.py"
    ).read_bytes()
    assert sorted(p.name for p in (lab_project / "notebooks").iterdir()) == [
        ".ipynb_checkpoints",
        "explore.ipynb",
        "explore.py",
    ]
