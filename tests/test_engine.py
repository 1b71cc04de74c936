"""Engines: local and Dask give identical tables; a killed run resumes without recomputing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from benchmark_scripts import load_benchmark

from framing.corpus import Corpus
from framing.engine import partitioned as engine
from framing.engine import partitions
from framing.engine.executors import map_tasks
from framing.errors import InputError, ParameterError
from framing.features.extraction import extract
from framing.features.feature_set import FeatureSet
from framing.tables import FEATURE_FILES

INGEST_TABLES = ["articles", "paragraphs", "sentences", "removed_lines", "errors"]


def _make_corpus(n: int, out: Path, seed: int) -> None:
    # Sample sentences only: the tests never read ../shared.
    load_benchmark("make_corpus").make_corpus(n, out, seed, include_eval=False)


@pytest.fixture(scope="module")
def synthetic_raw(tmp_path_factory) -> Path:
    """Two collections of synthetic scraped articles (30 + 14) built from the sample."""
    raw = tmp_path_factory.mktemp("synthetic_raw")
    _make_corpus(30, raw / "outlet_a", seed=1)
    _make_corpus(14, raw / "outlet b", seed=2)
    return raw


@pytest.fixture(scope="module")
def local_run(synthetic_raw, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("local")
    engine.ingest_partitioned(synthetic_raw, out, engine="local", jobs=1, partition_size=8)
    engine.features_partitioned(out, engine="local", jobs=1)
    return out


def _assert_same_tables(a: Path, b: Path, names: list[str]) -> None:
    for name in names:
        left, right = pd.read_parquet(a / name), pd.read_parquet(b / name)
        pd.testing.assert_frame_equal(left, right, obj=name)


def test_partitions_cut_by_collection_and_size(local_run):
    keys = sorted(p.stem for p in (local_run / "_partitions" / "ingest").glob("*.json"))
    assert keys == ["outlet_a--00000", "outlet_a--00001", "outlet_a--00002", "outlet_a--00003",
                    "outlet_b--00000", "outlet_b--00001"]  # fmt: skip
    articles = Corpus(local_run).articles
    assert len(articles) == 44
    assert articles["article_id"].is_unique
    assert articles["collection"].tolist() == ["outlet_a"] * 30 + ["outlet b"] * 14
    assert articles["path"].iloc[0] == "outlet_a/000000.txt"


def test_dask_engine_gives_identical_tables(synthetic_raw, local_run, tmp_path):
    summary = engine.ingest_partitioned(
        synthetic_raw, tmp_path, engine="dask", jobs=2, partition_size=8, dask_processes=False
    )
    assert summary.engine == "dask" and len(summary.computed) == 6
    assert summary.rows["articles"] == 44
    _assert_same_tables(local_run, tmp_path, INGEST_TABLES)
    features = engine.features_partitioned(tmp_path, engine="dask", jobs=2, dask_processes=False)
    assert features.rows["features.parquet"] == 44
    _assert_same_tables(local_run, tmp_path, list(FEATURE_FILES.values()))


def test_partitioned_features_equal_extract(local_run):
    saved = FeatureSet.load(local_run)
    reference = extract(Corpus(local_run))
    for name in FEATURE_FILES:
        pd.testing.assert_frame_equal(getattr(saved, name), getattr(reference, name), obj=name)
    assert saved.manifest == reference.manifest


def test_sample_matches_unpartitioned_ingest_and_features(sample_raw, sample_processed, tmp_path):
    engine.ingest_partitioned(sample_raw, tmp_path, engine="local", jobs=1)
    for name in INGEST_TABLES:
        expected = pd.read_parquet(sample_processed / f"{name}.parquet")
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / name), expected, obj=name)
    assert Corpus(tmp_path).hash == Corpus(sample_processed).hash
    # Features of the one-file sample, cut into chunks of 2 articles, on the Dask engine.
    features_dir = tmp_path / "one_file"
    features_dir.mkdir()
    for path in sample_processed.glob("*.parquet"):
        (features_dir / path.name).write_bytes(path.read_bytes())
    (features_dir / "manifest.json").write_bytes((sample_processed / "manifest.json").read_bytes())
    summary = engine.features_partitioned(
        features_dir, engine="dask", jobs=2, chunk_size=2, dask_processes=False
    )
    assert summary.computed == ["chunk--00000", "chunk--00001", "chunk--00002"]
    saved, reference = FeatureSet.load(features_dir), extract(Corpus(sample_processed))
    for name in FEATURE_FILES:
        pd.testing.assert_frame_equal(getattr(saved, name), getattr(reference, name), obj=name)


def test_rerun_skips_finished_partitions_and_recomputes_changed_input(synthetic_raw, tmp_path):
    raw = tmp_path / "raw"
    _make_corpus(6, raw / "news", seed=3)
    out = tmp_path / "out"
    first = engine.ingest_partitioned(raw, out, partition_size=2, jobs=1)
    assert first.computed == ["news--00000", "news--00001", "news--00002"]
    again = engine.ingest_partitioned(raw, out, partition_size=2, jobs=1)
    assert again.computed == [] and len(again.skipped) == 3
    before = Corpus(out).articles.set_index("path")["article_id"]
    path = raw / "news" / "000003.txt"
    path.write_text("Peace talks resume in Geneva\n\n" + path.read_text(encoding="utf-8"))
    changed = engine.ingest_partitioned(raw, out, partition_size=2, jobs=1)
    assert changed.computed == ["news--00001"]
    after = Corpus(out).articles.set_index("path")["article_id"]
    assert (after != before).tolist() == [False, False, False, True, False, False]
    feats = engine.features_partitioned(out, jobs=1)
    assert len(feats.computed) == 3
    assert engine.features_partitioned(out, jobs=1).computed == []


KILLED_RUN = """
import sys
from framing.engine.partitioned import ingest_partitioned
ingest_partitioned(sys.argv[1], sys.argv[2], partition_size=2, jobs=1)
"""


def test_killed_run_resumes_without_recomputing(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    _make_corpus(48, raw / "news", seed=4)
    markers = out / "_partitions" / "ingest"
    process = subprocess.Popen([sys.executable, "-c", KILLED_RUN, str(raw), str(out)])
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(list(markers.glob("*.json"))) < 3:
            time.sleep(0.005)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL
    finished = {p.stem: p.stat().st_mtime_ns for p in markers.glob("*.json")}
    assert 3 <= len(finished) < 24  # killed midway
    # Every part a reader can see is a complete Parquet file.
    for name in INGEST_TABLES:
        for part in (out / name).glob("part-*.parquet"):
            pd.read_parquet(part)
    summary = engine.ingest_partitioned(raw, out, partition_size=2, jobs=1)
    assert set(summary.skipped) == set(finished)
    assert len(summary.computed) == 24 - len(finished)
    assert {
        p.stem: p.stat().st_mtime_ns for p in markers.glob("*.json") if p.stem in finished
    } == finished
    assert not list(out.rglob("*.tmp"))
    reference = tmp_path / "reference"
    engine.ingest_partitioned(raw, reference, partition_size=2, jobs=1)
    _assert_same_tables(reference, out, INGEST_TABLES)


def test_cross_partition_exact_duplicates_are_collapsed(tmp_path):
    raw = tmp_path / "raw"
    _make_corpus(4, raw / "a", seed=5)
    (raw / "b").mkdir()
    (raw / "b" / "copy.txt").write_bytes((raw / "a" / "000001.txt").read_bytes())
    summary = engine.ingest_partitioned(raw, tmp_path / "out", partition_size=10, jobs=1)
    articles = Corpus(tmp_path / "out").articles
    assert summary.rows["articles"] == 4 and len(articles) == 4
    assert "b/copy.txt" not in set(articles["path"])
    manifest = Corpus(tmp_path / "out").manifest
    assert manifest["cross_partition_duplicates"] == 1


def test_local_process_pool_output_equals_serial(synthetic_raw, local_run, tmp_path):
    engine.ingest_partitioned(synthetic_raw, tmp_path, engine="local", jobs=2, partition_size=8)
    _assert_same_tables(local_run, tmp_path, INGEST_TABLES)


def test_map_tasks_keeps_order_on_every_engine():
    tasks = list(range(7))
    assert map_tasks(abs, [-t for t in tasks], engine="local", jobs=1) == tasks
    assert map_tasks(abs, [-t for t in tasks], engine="dask", jobs=2,
                     dask_processes=False) == tasks  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"engine": "spark"}, "engine must be one of ('local', 'dask'), got 'spark'"),
        ({"jobs": 0}, "jobs must be >= 1, got 0"),
        ({"jobs": True}, "jobs must be an integer, got True"),
        ({"scheduler": "tcp://10.0.0.1:8786"}, "--scheduler needs --engine dask"),
        ({"partition_size": 0}, "partition_size must be >= 1, got 0"),
    ],
)
def test_bad_parameters_are_named(sample_raw, tmp_path, kwargs, message):
    with pytest.raises(ParameterError) as error:
        engine.ingest_partitioned(sample_raw, tmp_path, **kwargs)
    assert str(error.value) == message


def test_empty_raw_folder_is_an_input_error(tmp_path):
    (tmp_path / "raw").mkdir()
    with pytest.raises(InputError, match="holds no raw articles"):
        engine.ingest_partitioned(tmp_path / "raw", tmp_path / "out")


def test_output_inside_raw_folder_is_refused(sample_raw):
    with pytest.raises(ParameterError, match="inside the raw folder"):
        engine.ingest_partitioned(sample_raw, sample_raw / "processed")


def test_partition_marker_counts_rows(local_run):
    marker = partitions.read_marker(local_run, "ingest", "outlet_b--00001")
    assert marker["n_files"] == 6 and marker["rows"]["articles"] == 6


def test_scheduler_address_runs_on_an_existing_cluster(local_run, tmp_path):
    from distributed import LocalCluster

    out = tmp_path / "processed"
    out.mkdir()
    for name in INGEST_TABLES:
        (out / name).mkdir()
        for part in (local_run / name).glob("part-*.parquet"):
            (out / name / part.name).write_bytes(part.read_bytes())
    (out / "manifest.json").write_bytes((local_run / "manifest.json").read_bytes())
    with LocalCluster(n_workers=1, processes=False, dashboard_address=":0") as cluster:
        summary = engine.features_partitioned(
            out, engine="dask", scheduler=cluster.scheduler_address
        )
    assert summary.engine == "dask" and len(summary.computed) == 6
    _assert_same_tables(local_run, out, list(FEATURE_FILES.values()))


def test_cli_engine_options(sample_raw, tmp_path):
    import re

    from click.testing import CliRunner
    from distributed import LocalCluster

    from framing.cli import cli

    out = tmp_path / "processed"
    args = ["ingest", str(sample_raw), "--out", str(out), "--engine", "local", "--no-progress"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert re.search(r"computed\s+1\n", result.output)
    assert (out / "articles" / "part-sample--00000.parquet").is_file()
    with LocalCluster(n_workers=1, processes=False, dashboard_address=":0") as cluster:
        args = ["features", "--processed", str(out), "--scheduler", cluster.scheduler_address,
                "--no-progress"]  # fmt: skip
        result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert re.search(r"engine\s+dask\n", result.output)
    assert len(FeatureSet.load(out).articles) == 5
    result = CliRunner().invoke(cli, args[:1] + ["--processed", str(out), "--engine", "local",
                                                 "--no-progress"])  # fmt: skip
    assert re.search(r"skipped \(already done\)\s+1\n", result.output), result.output


def test_partitioned_ingest_removes_lines_repeated_across_partitions(tmp_path):
    """A source's repeated lines are found over the whole raw folder, not per partition: the
    partitioned engine removes exactly what whole-corpus ingest removes."""
    from framing.ingest.step import ingest

    raw = tmp_path / "raw" / "bugle"
    raw.mkdir(parents=True)
    footer = "The Bugle is an independent newspaper owned by its readers since 1921."
    topics = ["the harbour strike", "the council vote", "the new bridge", "the flood defences"]
    for number, topic in enumerate(topics):
        body = (
            f"Reporters spent the week following {topic} and its consequences for the town. "
            f"Residents told us that {topic} had changed how they plan their days and budgets."
        )
        (raw / f"{number}.txt").write_text(f"Story {number}\n\n{body}\n\n{footer}\n")
    whole, parts = tmp_path / "whole", tmp_path / "parts"
    ingest(tmp_path / "raw", whole)
    engine.ingest_partitioned(tmp_path / "raw", parts, engine="local", jobs=1, partition_size=1)
    removed = pd.read_parquet(whole / "removed_lines.parquet")
    assert (
        removed.loc[removed["text"] == footer, "rule_id"].tolist() == ["source_repeated_line"] * 4
    )
    for name in INGEST_TABLES:
        left = pd.read_parquet(whole / f"{name}.parquet").drop(columns=["run_id"], errors="ignore")
        right = pd.read_parquet(parts / name).drop(columns=["run_id"], errors="ignore")
        pd.testing.assert_frame_equal(left, right, obj=name)


def test_plain_features_after_partitioned_features_leave_one_layout(sample_processed, tmp_path):
    """A plain `framing features` after a partitioned one replaces the folders of parts
    (it used to fail with IsADirectoryError)."""
    for path in sample_processed.glob("*.parquet"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "manifest.json").write_bytes((sample_processed / "manifest.json").read_bytes())
    engine.features_partitioned(tmp_path, engine="local", jobs=1, chunk_size=2)
    assert (tmp_path / "features.parquet").is_dir()
    extract(Corpus(tmp_path)).save(tmp_path)
    for file in FEATURE_FILES.values():
        assert (tmp_path / file).is_file(), file
    pd.testing.assert_frame_equal(
        FeatureSet.load(tmp_path).articles, extract(Corpus(sample_processed)).articles
    )
