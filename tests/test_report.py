"""report: names, parameters, rendering, cache, failure isolation and the index page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from framing.errors import MissingStepError, ParameterError
from framing.io import safe_name
from framing.report.index import write_index
from framing.report.jobs import ReportJob, ReportResult, plan_batch
from framing.report.notebooks import (
    ReportError,
    coerce_parameters,
    find_notebook,
    notebook_parameters,
    read_notebook,
)
from framing.report.runner import input_hashes, render_report

TINY = """# %% [markdown]
# # Tiny report

# %% tags=["parameters"]
processed_dir: str = "data/processed"  # processed folder
n: int = 3  # bars to draw
fail: bool = False  # raise to test failure handling

# %%
import pandas as pd
from framing import plots
from framing.errors import ParameterError

if fail:
    raise ParameterError(f"asked to fail with n={n}")
plots.bar_chart(pd.Series(range(1, n + 1), index=list("abcdefgh"[:n])), title="Tiny",
                xlabel="value", ylabel="letter")
"""


@pytest.fixture()
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.py"
    path.write_text(TINY, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("identifier", "expected"),
    [
        ("251aba07006d62a2", "251aba07006d62a2"),
        ("../etc/passwd", "etc_passwd-7fef78f5"),
        ("..", "id-5ec1f7e7"),
    ],
)
def test_safe_name_examples(identifier, expected):
    assert safe_name(identifier) == expected


@pytest.mark.parametrize(
    "identifier", ["a/b c", "../../x", "Kyïv résumé", "  ", "a" * 300, "/abs/path", "a\\b"]
)
def test_safe_name_never_escapes_the_folder(identifier):
    name = safe_name(identifier)
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name)
    assert ".." not in name and len(name) <= 90


def test_safe_names_of_different_ids_differ():
    ids = ["a/b", "a b", "a_b", "a?b", "Kyiv", "Kyïv"]
    assert len({safe_name(i) for i in ids}) == len(ids)


def test_parameters_are_read_and_coerced(tiny):
    nb = read_notebook(tiny)
    declared = notebook_parameters(nb)
    assert declared["n"] == {"type": "int", "default": "3", "help": "bars to draw"}
    assert coerce_parameters(nb, {"n": "5", "fail": "true"}) == {"n": 5, "fail": True}
    with pytest.raises(ParameterError, match=r"tiny.py has no parameter 'k' \(it takes: fail, n"):
        coerce_parameters(nb, {"k": "1"}, source="tiny.py")
    with pytest.raises(ParameterError, match="parameter 'n' expects int, got 'five'"):
        coerce_parameters(nb, {"n": "five"})


def test_unknown_notebook_names_the_choices(tmp_path):
    with pytest.raises(ParameterError, match="notebook 'nope' not found .* one of article, "):
        find_notebook("nope", tmp_path)


def test_missing_ingest_is_a_clear_error(tmp_path):
    with pytest.raises(
        MissingStepError, match="manifest.json does not exist: run `framing ingest`"
    ):
        input_hashes(tmp_path)


def test_reports_depend_on_the_published_validity_figures(sample_processed):
    import hashlib

    from framing.validate import published_validity

    digest = hashlib.sha256(published_validity().read_bytes()).hexdigest()[:16]
    assert input_hashes(sample_processed)["validity"] == digest


@pytest.mark.slow
def test_render_report_self_contained_with_header_and_cache(tiny, sample_processed, tmp_path):
    out = tmp_path / "reports"
    first = render_report(tiny, {"n": "4"}, processed_dir=sample_processed, out_dir=out)
    assert first.status == "rendered"
    assert first.html_path == out / "tiny-4.html"
    page = first.html_path.read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') == 1
    assert 'alt="Tiny"' in page  # the figure's title is its alt text
    assert "<script src=" not in page and "mathjax" not in page.lower()
    assert re.search(r"<th>n</th><td>4</td>", page)
    assert "framing 0.1.0" in page and "corpus " in page
    assert "bar_chart" not in page  # code hidden by default
    assert (out / "tiny-4.ipynb").is_file()
    again = render_report(tiny, {"n": "4"}, processed_dir=sample_processed, out_dir=out)
    assert again.status == "cached"
    tiny.write_text(TINY.replace("# # Tiny report", "# # Tiny report, edited"), encoding="utf-8")
    edited = render_report(
        tiny, {"n": "4"}, processed_dir=sample_processed, out_dir=out, show_code=True
    )
    assert edited.status == "rendered"
    assert "bar_chart" in edited.html_path.read_text(encoding="utf-8")


@pytest.mark.slow
def test_failing_notebook_raises_report_error_naming_it(tiny, sample_processed, tmp_path):
    with pytest.raises(ReportError, match="tiny.py: ParameterError: asked to fail with n=2"):
        render_report(
            tiny, {"n": "2", "fail": "yes"}, processed_dir=sample_processed, out_dir=tmp_path
        )
    assert not list(tmp_path.glob("*.html"))


def test_index_escapes_titles_summaries_and_errors(tmp_path):
    ok = ReportJob("nb.py", {}, "article/x.html", title="<b>T</b>", summary="a < b", kind="article")
    bad = ReportJob("nb.py", {}, "article/y.html", title="Y", kind="article")
    index = write_index(
        [
            ReportResult(ok, "rendered", tmp_path / ok.output),
            ReportResult(bad, "failed", error="ParameterError: id '<script>' unknown"),
        ],
        tmp_path,
    )
    page = index.read_text(encoding="utf-8")
    assert '<a href="article/x.html">&lt;b&gt;T&lt;/b&gt;</a>' in page
    assert "a &lt; b" in page
    assert 'Y <span class="failed">failed</span>' in page
    assert "id &#x27;&lt;script&gt;&#x27; unknown" in page
    assert "<script" not in page and "Articles (2)" in page


def test_plan_batch_validates_and_names_outputs(sample_processed):
    with pytest.raises(ParameterError, match="group_by column 'country' is not in the articles"):
        plan_batch(sample_processed, group_by="country")
    with pytest.raises(ParameterError, match="per must be 'article', 'group' or empty"):
        plan_batch(sample_processed, per="paragraph")
    jobs = plan_batch(sample_processed, per="group", group_by="source")
    outputs = [j.output for j in jobs]
    assert outputs[:4] == ["overview.html", "comparison.html", "topics.html", "lexicon.html"]
    assert "group/YCPress.html" in outputs and "group/unknown.html" in outputs
    assert not any(o.startswith("article/") for o in outputs)
    articles = plan_batch(sample_processed, per="article", article_ids=["x/../y"])
    assert [j.output for j in articles] == [f"article/{safe_name('x/../y')}.html"]
    assert articles[0].summary == "unknown article id"


def test_report_command_reports_a_bad_parameter_cleanly(tiny, sample_processed):
    from click.testing import CliRunner

    from framing.cli import cli

    result = CliRunner().invoke(
        cli, ["report", str(tiny), "-p", "k", "1", "--processed", str(sample_processed)]
    )
    assert result.exit_code == 2
    assert "error: tiny.py has no parameter 'k' (it takes: fail, n, processed_dir)" in (
        result.output
    )


def test_index_summaries_read_a_partitioned_features_table(report_corpus, tmp_path):
    """A partitioned run writes ``features.parquet/`` as a folder of parts; the index's
    one-line summaries must read it like the single file."""
    import shutil

    import pandas as pd

    from framing.report.jobs import _feature_summaries

    single = report_corpus / "features.parquet"
    partitioned = tmp_path / "processed"
    (partitioned / "features.parquet").mkdir(parents=True)
    table = pd.read_parquet(single)
    half = len(table) // 2
    table.iloc[:half].to_parquet(partitioned / "features.parquet" / "part-a.parquet")
    table.iloc[half:].to_parquet(partitioned / "features.parquet" / "part-b.parquet")
    shutil.copy(report_corpus / "manifest.json", partitioned / "manifest.json")

    assert _feature_summaries(partitioned) == _feature_summaries(report_corpus)
    assert set(_feature_summaries(partitioned)) == set(table["article_id"])


LEAKY = """# %% tags=["parameters"]
processed_dir: str = "data/processed"  # processed folder
fail: bool = False  # raise after leaving state behind

# %%
import pandas as pd

seen = [name for name in ("left_behind",) if name in globals()]
leaked_option = pd.get_option("display.max_rows")
pd.set_option("display.max_rows", 7)
left_behind = True
import os

os.getpid()

# %%
if fail:
    raise ValueError("asked to fail")
(seen, leaked_option)
"""


@pytest.mark.slow
def test_a_reused_kernel_shows_each_report_a_fresh_namespace(tmp_path):
    from framing.report.kernels import KernelSession
    from framing.report.render import execute

    path = tmp_path / "leaky.py"
    path.write_text(LEAKY, encoding="utf-8")

    def run(kernel: KernelSession, fail: bool = False) -> tuple[list[int | None], str, str]:
        executed = execute(read_notebook(path), {"fail": fail}, kernel=kernel)
        code = [c for c in executed.cells if c.cell_type == "code"]
        pid, result = (c.outputs[-1]["data"]["text/plain"] for c in code[-2:])
        assert len(executed.cells) == len(read_notebook(path).cells) + 1  # + parameters
        return [c.execution_count for c in code], pid, result

    with KernelSession() as kernel:
        counts, first_pid, first = run(kernel)
        again_counts, again_pid, again = run(kernel)
        with pytest.raises(ReportError, match="asked to fail"):
            run(kernel, fail=True)
        _, after_failure_pid, _ = run(kernel)
    assert first == again == "([], 60)"  # no variable, no pandas option carried over
    assert counts == again_counts == [1, 2, 3, 4]
    assert again_pid == first_pid  # the same kernel ...
    assert after_failure_pid != first_pid  # ... replaced after a failure


@pytest.mark.slow
def test_a_kernel_that_dies_while_starting_is_replaced_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A real kernelspec whose process exits at once: the report is tried with a second new
    kernel, then the failure is raised (never a loop, never a silent pass)."""
    import json
    import logging
    import sys

    import nbformat

    from framing.report.render import KERNEL_START_FAILURE, execute

    spec = tmp_path / "kernels" / "dying"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-c", "import sys; sys.exit(1)", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "dies", "language": "python"}), "utf-8"
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    with (
        caplog.at_level(logging.WARNING, logger="framing.report.render"),
        pytest.raises(RuntimeError, match=KERNEL_START_FAILURE),
    ):
        execute(nb, kernel_name="dying")
    assert sum("trying once more" in r.getMessage() for r in caplog.records) == 1
