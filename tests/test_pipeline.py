"""The README's main job: `framing run` on the sample, ingest through to reports/index.html."""

from __future__ import annotations

import hashlib

from click.testing import CliRunner

from framing.cli import cli


def _digest(folder) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_run_on_the_sample_ends_with_an_index_of_reports(sample_raw, tmp_path, monkeypatch):
    before = _digest(sample_raw)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["run", str(sample_raw), "--no-progress"])

    assert result.exit_code == 0, result.output
    assert "articles      5" in result.output
    assert "10 reports: 10 rendered, 0 unchanged (cached), 0 failed" in result.output
    index = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    assert "Stoltenberg Admits Russia Invaded Ukraine" in index
    for table in ("articles", "sentences", "removed_lines", "features", "spans"):
        assert (tmp_path / "data" / "processed" / f"{table}.parquet").exists()
    assert (tmp_path / "data" / "processed" / "topics" / "doc_topics.parquet").exists()
    assert _digest(sample_raw) == before  # data/raw is read-only to the code

    again = CliRunner().invoke(cli, ["run", str(sample_raw), "--no-progress"])
    assert again.exit_code == 0, again.output
    assert "unchanged files      5" in again.output
    assert "10 reports: 0 rendered, 10 unchanged (cached), 0 failed" in again.output


def test_features_command_judges_actor_mentions_only_when_asked(sample_processed, tmp_path):
    import shutil

    import pandas as pd

    processed = tmp_path / "processed"
    shutil.copytree(sample_processed, processed)
    plain = CliRunner().invoke(cli, ["features", "--processed", str(processed), "--no-progress"])
    assert plain.exit_code == 0, plain.output
    assert "target_label" not in pd.read_parquet(processed / "spans.parquet").columns

    judged = CliRunner().invoke(
        cli, ["features", "--processed", str(processed), "--target-sentiment", "--no-progress"]
    )
    assert judged.exit_code == 0, judged.output
    spans = pd.read_parquet(processed / "spans.parquet")
    actor_labels = spans.loc[spans["kind"] == "actor", "target_label"]
    assert len(actor_labels) > 0
    assert set(actor_labels) <= {"negative", "neutral", "positive"}
    assert spans.loc[spans["kind"] != "actor", "target_label"].isna().all()

    partitioned = CliRunner().invoke(
        cli, ["features", "--processed", str(processed), "--target-sentiment", "--engine", "local"]
    )
    assert partitioned.exit_code == 2
    assert "--target-sentiment is not available with --engine" in partitioned.output
