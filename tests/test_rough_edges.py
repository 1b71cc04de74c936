"""The rough edges a new user hit in reports and commands.

Each test is named after what it protects: group values used as written, an index that
keeps every report, files others can read, a classroom folder that works when copied,
one-line errors, workers that die with their parent, and a terminal free of library chatter.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from framing.cli import cli
from framing.errors import InputError, ParameterError
from framing.io import write_json, write_parquet, write_text

ROOT = Path(__file__).resolve().parents[1]
FRAMING = Path(sys.executable).with_name("framing")
#: Group values that broke `batch --per group`: a comma, surrounding spaces, a `$` pair
#: (matplotlib math), and a real group spelled like the label of the articles with no value.
ODD_SOURCES = ["Smith, Jones & Co", " BBC ", "A $5 and $6 deal", "(no source)", None, None]
NOISE = re.compile(r"warning|Warning|KeyboardInterrupt|INFO")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --------------------------------------------------------------------------- file modes


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_atomic_writes_respect_the_umask(tmp_path, umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        written = [
            write_text("x", tmp_path / "a.txt"),
            write_json({"a": 1}, tmp_path / "sub" / "a.json"),
            write_parquet(pd.DataFrame({"a": [1]}), tmp_path / "a.parquet"),
        ]
    finally:
        os.umask(old)
    assert {p.name: _mode(p) for p in written} == {p.name: mode for p in written}


def test_classroom_files_are_readable_by_others(sample_processed, tmp_path) -> None:
    old = os.umask(0o022)
    try:
        result = CliRunner().invoke(
            cli,
            ["classroom", "build", "--processed", str(sample_processed), "--out",
             str(tmp_path / "classroom"), "--no-execute", "--exercise", "spot-the-loaded-term"],
        )  # fmt: skip
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    files = [p for p in (tmp_path / "classroom").rglob("*") if p.is_file()]
    assert {p.suffix for p in files} == {".html", ".ipynb", ".json", ".parquet"}
    assert {str(p.relative_to(tmp_path)): _mode(p) for p in files} == {
        str(p.relative_to(tmp_path)): 0o644 for p in files
    }


# --------------------------------------------------------------------------- groups and index


@pytest.fixture(scope="module")
def odd_groups(report_corpus, tmp_path_factory) -> Path:
    """The report corpus (features and topics saved) with the odd source values."""
    processed = tmp_path_factory.mktemp("odd_groups") / "processed"
    shutil.copytree(report_corpus, processed)
    articles = pd.read_parquet(processed / "articles.parquet")
    assert len(articles) == len(ODD_SOURCES)
    articles["source"] = pd.array(ODD_SOURCES, dtype="string")
    write_parquet(articles, processed / "articles.parquet")
    return processed


def test_comparison_uses_group_values_exactly_and_keeps_missing_apart(odd_groups) -> None:
    from framing.report.views import comparison_view

    sizes = {
        tuple(g): comparison_view(odd_groups, "source", g)["sizes"]
        .set_index("group")["articles"]
        .to_dict()
        for g in (["Smith, Jones & Co"], [" BBC "], ["(no source)"], [None])
    }
    assert sizes == {
        ("Smith, Jones & Co",): {"Smith, Jones & Co": 1, "rest": 5},
        (" BBC ",): {" BBC ": 1, "rest": 5},
        ("(no source)",): {"(no source)": 1, "rest": 5},
        (None,): {"[(no source)]": 2, "rest": 4},  # a label no real value has
    }
    every = comparison_view(odd_groups, "source", "")["sizes"].set_index("group")["articles"]
    every = every.to_dict()
    assert every == {
        " BBC ": 1, "(no source)": 1, "A $5 and $6 deal": 1, "Smith, Jones & Co": 1,
        "[(no source)]": 2,
    }  # fmt: skip


def test_topic_prevalence_keeps_a_real_missing_named_group_apart(odd_groups) -> None:
    from framing.report.views import topics_view

    groups = sorted(topics_view(odd_groups)["prevalence"].index)
    assert groups == sorted(
        [" BBC ", "(no source)", "A $5 and $6 deal", "Smith, Jones & Co", "[(no source)]"]
    )


def test_plots_draw_dollar_pairs_as_text() -> None:
    from framing.report import plots

    names = pd.Series({"A $5 and $6 deal": 2.0, "x$_^$y": 1.0})
    figures = [
        plots.bar_chart(names, title="cost $5 and $6", xlabel="$a$_", ylabel="y"),
        plots.grouped_bars(pd.DataFrame({"$x^$": [1.0]}, index=["$_$"]), title="t", xlabel="x",
                           ylabel="y", legend_title="$^$"),
        plots.heatmap(pd.DataFrame({"$x^$": [0.5]}, index=["$_$"]), title="t", xlabel="x",
                      ylabel="y", colorbar_label="c"),
        plots.keyness_chart(pd.DataFrame({"group": ["$x^$"], "term": ["$_$"],
                                          "count_group": [3], "count_rest": [1],
                                          "zscore": [2.0]})),
    ]  # fmt: skip
    for figure in figures:
        png, meta = figure._repr_png_()
        assert png.startswith(b"\x89PNG")
    assert figures[0].describe() == "cost $5 and $6"


@pytest.fixture(scope="module")
def odd_batch(odd_groups, tmp_path_factory):
    from framing.report.runner import batch

    out = tmp_path_factory.mktemp("odd_reports")
    return batch(odd_groups, out, per="group", jobs=2), out


def test_batch_per_group_renders_every_odd_group(odd_batch) -> None:
    result, out = odd_batch
    assert result.counts() == {"rendered": 10, "cached": 0, "failed": 0}, result.summary()
    groups = [r.job for r in result.results if r.job.kind == "group"]
    by_title = {j.title: j for j in groups}
    assert sorted(by_title) == [
        "source =  BBC ", "source = (no source)", "source = A $5 and $6 deal",
        "source = Smith, Jones & Co", "source: (none)",
    ]  # fmt: skip
    assert by_title["source: (none)"].output == "group/_missing.html"
    assert by_title["source: (none)"].parameters == {"group_by": "source", "groups": [None]}
    assert by_title["source =  BBC "].parameters == {"group_by": "source", "groups": [" BBC "]}
    assert by_title["source: (none)"].summary == (
        "articles with no source against the rest of the corpus (2 articles)"
    )
    assert len({j.output for j in groups}) == 5
    assert all((out / j.output).is_file() for j in groups)


def test_batch_per_article_keeps_the_group_reports_in_the_index(odd_batch, odd_groups) -> None:
    from framing.report.runner import batch

    first, out = odd_batch
    article_id = pd.read_parquet(odd_groups / "articles.parquet")["article_id"].iloc[0]
    second = batch(odd_groups, out, per="article", article_ids=[article_id])
    assert second.counts() == {"rendered": 1, "cached": 0, "failed": 0}
    index = (out / "index.html").read_text(encoding="utf-8")
    for result in first.results + second.results:
        assert f'href="{result.job.output}"' in index
    assert "Group reports (5)" in index
    assert "Corpus reports (5)" in index


# --------------------------------------------------------------------------- classroom


def test_classroom_build_says_where_files_go_and_agreement_where_it_looked(
    sample_processed, tmp_path
) -> None:
    out = tmp_path / "classroom"
    built = CliRunner().invoke(
        cli,
        ["classroom", "build", "--processed", str(sample_processed), "--out", str(out),
         "--no-execute", "--exercise", "spot-the-loaded-term"],
    )  # fmt: skip
    assert built.exit_code == 0, built.output
    assert f"  students save to: {out / 'answers'}" in built.output
    assert f"then: framing classroom agreement {out}" in built.output
    student = sorted((out / "student").glob("*.ipynb"))[0]
    assert "processed: str = 'corpus'" in student.read_text("utf-8")
    assert "answers_dir: str = '../answers'" in student.read_text("utf-8")

    empty = CliRunner().invoke(cli, ["classroom", "agreement", str(out)])
    assert empty.exit_code == 2
    assert empty.output == (
        f"error: {out}: holds no answer files (*.csv with a 'term' column or *.json); "
        f"looked in {out / 'answers'}, {out / 'student' / 'answers'}\n"
    )
    (out / "answers").mkdir()
    for name, terms in (("ana", ["regime", "proxy war"]), ("ben", ["regime"])):
        pd.DataFrame({"term": terms}).to_csv(out / "answers" / f"{name}.csv", index=False)
    agreed = CliRunner().invoke(cli, ["classroom", "agreement", str(out)])
    assert agreed.exit_code == 0, agreed.output
    assert agreed.output.startswith(f"answers read from {out / 'answers'}\n\nstudents: 2, ")


def test_add_to_lexicon_returns_the_absolute_path_it_wrote(tmp_path, monkeypatch) -> None:
    from framing.classroom import add_to_lexicon

    (tmp_path / "classroom" / "teacher").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "classroom" / "teacher")  # where JupyterLab runs it
    path = add_to_lexicon(["heroic"], "../class.yml")
    assert path == tmp_path / "classroom" / "class.yml"
    assert path.is_absolute() and path.is_file()


def test_classroom_build_out_pointing_at_a_file_is_a_one_line_error(
    sample_processed, tmp_path
) -> None:
    from framing.classroom import build_classroom

    target = tmp_path / "notes.txt"
    target.write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["classroom", "build", "--processed", str(sample_processed), "--out", str(target)]
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"'{target}' is a file" in result.output
    with pytest.raises(ParameterError, match="is a file: give a folder"):
        build_classroom(sample_processed, target, execute=False)
    assert target.read_text(encoding="utf-8") == "keep me"


# --------------------------------------------------------------------------- commands


def test_unreachable_scheduler_is_a_one_line_error(sample_raw, tmp_path, monkeypatch) -> None:
    from framing.engine import executors

    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", 1)
    result = CliRunner().invoke(
        cli,
        ["ingest", str(sample_raw), "--out", str(tmp_path / "p"), "--no-progress",
         "--scheduler", "tcp://127.0.0.1:9"],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert result.output.startswith(
        "error: cannot reach the Dask scheduler at 'tcp://127.0.0.1:9' within 1 s ("
    )
    assert result.output.endswith(
        "check the address (tcp://host:8786) and that `dask scheduler` is running there, "
        "or drop --scheduler to use a local cluster\n"
    )
    assert result.output.count("\n") == 1


def test_reversed_k_range_says_reversed() -> None:
    from framing.topics.select import parse_k_range

    with pytest.raises(ParameterError) as error:
        parse_k_range("30:5")
    assert str(error.value) == "k range '30:5' is reversed: give the smaller k first, e.g. 5:30"


def test_topics_cap_k_at_the_documents_and_take_min_df(report_corpus, tmp_path) -> None:
    """`--k 12 --method lda` and `--k-range 5:30` on a corpus of six articles."""
    runner = CliRunner()
    args = ["topics", "--processed", str(report_corpus), "--unit", "article", "--no-progress"]
    lda = runner.invoke(cli, [*args, "--out", str(tmp_path / "lda"), "--k", "12", "--method",
                              "lda", "--min-df", "1", "--max-df", "0.9"])  # fmt: skip
    assert lda.exit_code == 0, lda.output
    assert "choice: k=6: 12 topics asked, but there are only 6 articles to fit" in lda.output
    assert "6 lda topics over 6 articles" in lda.output
    sweep = runner.invoke(cli, [*args, "--out", str(tmp_path / "sweep"), "--k-range", "5:30"])
    assert sweep.exit_code == 0, sweep.output
    assert "k above 6 left out: there are only 6 articles to fit" in sweep.output


def test_report_help_shows_a_real_sample_article_id(sample_corpus) -> None:
    result = CliRunner().invoke(cli, ["report", "--help"])
    (shown,) = re.findall(r"-p\s+article_id\s+(\w+)", result.output)
    assert shown in set(sample_corpus.articles["article_id"])


def test_nmf_convergence_is_noted_in_the_model_not_printed(sample_corpus, monkeypatch) -> None:
    import warnings

    from framing.topics import fit

    monkeypatch.setattr(fit, "NMF_MAX_ITER", 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning reaching the user fails the test
        model = fit.fit_topics(sample_corpus, k=3, unit="paragraph", stability_seeds=(1,))
    assert model.params["fit_note"] == (
        "NMF stopped at its limit of 2 iterations before converging: the topics are usable, "
        "but may shift slightly with a longer fit"
    )


def test_readme_says_once_how_to_activate_then_uses_bare_framing() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Your own corpus")
    body = readme[start : readme.index("## Development")]
    assert body.count("source .venv/bin/activate") >= 1
    assert body.count(".venv/bin/framing") == 1  # "without it, write `.venv/bin/framing`"
    assert len(re.findall(r"^framing \w", body, flags=re.MULTILINE)) >= 10


# --------------------------------------------------------------------------- processes


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _wait_for(condition, limit: float = 120.0) -> bool:
    deadline = time.monotonic() + limit  # a bound on waiting, not a timed assertion
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_killing_a_batch_leaves_no_worker_or_kernel_alive(report_corpus, tmp_path) -> None:
    command = [str(FRAMING), "batch", "--processed", str(report_corpus), "--out",
               str(tmp_path / "reports"), "--jobs", "2", "--force", "--no-progress"]  # fmt: skip
    parent = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Two workers, each with its notebook kernel.
        assert _wait_for(lambda: sum(len(_children(w)) for w in _children(parent.pid)) >= 2)
        workers = _children(parent.pid)
        kernels = [k for w in workers for k in _children(w)]
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    assert len(workers) == 2
    assert _wait_for(lambda: not any(_alive(p) for p in workers + kernels))


# --------------------------------------------------------------------------- terminal noise


def test_framing_run_prints_no_warning_and_no_machine_path(sample_raw, tmp_path) -> None:
    """The README's first command, as a new user runs it: progress, the summary, nothing else;
    the reports are readable by others and hold no warning text."""
    work = tmp_path / "study"
    shutil.copytree(sample_raw, work / "raw")
    done = subprocess.run(
        [str(FRAMING), "run", "raw", "--out", "processed"],
        cwd=work, capture_output=True, text=True, umask=0o022, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    output = done.stdout + done.stderr
    assert [line for line in re.split(r"[\r\n]", output) if NOISE.search(line)] == []
    for path in {str(tmp_path), str(ROOT), sys.prefix, str(Path.home()), "site-packages"}:
        assert path not in output
    assert "10 reports: 10 rendered, 0 unchanged (cached), 0 failed; index: reports/index.html" in (
        done.stdout
    )
    reports = [p for p in (work / "reports").rglob("*") if p.is_file()]
    assert reports and {_mode(p) for p in reports} == {0o644}
    topics = (work / "reports" / "topics.html").read_text(encoding="utf-8")
    for text in ("ConvergenceWarning", "UserWarning", "warnings.warn", "site-packages",
                 str(ROOT / "src")):  # fmt: skip
        assert text not in topics
    assert not [
        output
        for nb in (work / "reports").rglob("*.ipynb")
        for output in re.findall(r'"name": "stderr"', nb.read_text(encoding="utf-8"))
    ]


def test_dask_engine_prints_no_distributed_chatter(sample_raw, tmp_path) -> None:
    done = subprocess.run(
        [str(FRAMING), "ingest", str(sample_raw), "--out", str(tmp_path / "p"), "--engine",
         "dask", "--jobs", "1", "--no-progress"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "engine  dask" in done.stdout


def test_write_errors_do_not_leak_the_temp_file(tmp_path) -> None:
    """A failing write leaves neither the target nor the temporary file."""
    with pytest.raises(InputError):
        from framing.io import atomic_path

        with atomic_path(tmp_path / "a.txt") as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise InputError("a.txt", "stop")
    assert list(tmp_path.iterdir()) == []
