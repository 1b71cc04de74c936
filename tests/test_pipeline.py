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
    assert "9 reports: 9 rendered, 0 unchanged (cached), 0 failed" in result.output
    index = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    assert "Stoltenberg Admits Russia Invaded Ukraine" in index
    for table in ("articles", "sentences", "removed_lines", "features", "spans"):
        assert (tmp_path / "data" / "processed" / f"{table}.parquet").exists()
    assert (tmp_path / "data" / "processed" / "topics" / "doc_topics.parquet").exists()
    assert _digest(sample_raw) == before  # data/raw is read-only to the code

    again = CliRunner().invoke(cli, ["run", str(sample_raw), "--no-progress"])
    assert again.exit_code == 0, again.output
    assert "unchanged files      5" in again.output
    assert "9 reports: 0 rendered, 9 unchanged (cached), 0 failed" in again.output
