"""Partition keys, atomic part writes, markers and the clean-up a resumed run does."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.engine import partitions
from framing.errors import ParameterError


def test_partition_key_is_file_name_safe_and_zero_padded():
    assert partitions.partition_key("bbc/world", 3) == "bbc_world--00003"
    assert partitions.partition_key("Al Jazeera (EN)", "2022-03") == "Al_Jazeera_EN--2022-03"
    assert partitions.partition_key("../..", 0) == "_--00000"


def test_partition_key_needs_a_part():
    with pytest.raises(ParameterError, match="at least one part"):
        partitions.partition_key()


def test_fingerprint_is_stable_and_sensitive():
    a = partitions.fingerprint("ingest", {"b": 1, "a": [1, 2]})
    assert a == partitions.fingerprint("ingest", {"a": [1, 2], "b": 1})
    assert a != partitions.fingerprint("ingest", {"a": [1, 2], "b": 2})


def test_write_partition_then_done(tmp_path):
    frame = pd.DataFrame({"article_id": ["x", "y"], "n": [1, 2]})
    marker = partitions.write_partition(
        {"articles": frame, "errors": frame.iloc[0:0]}, tmp_path, "ingest", "k--00000", "f1"
    )
    assert marker["files"] == ["articles/part-k--00000.parquet", "errors/part-k--00000.parquet"]
    assert marker["rows"] == {"articles": 2, "errors": 0}
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "articles"), frame)
    assert partitions.is_done(tmp_path, "ingest", "k--00000", "f1")
    assert not partitions.is_done(tmp_path, "ingest", "k--00000", "f2")  # inputs changed
    assert not partitions.is_done(tmp_path, "ingest", "k--00001", "f1")  # never written
    (tmp_path / "errors" / "part-k--00000.parquet").unlink()
    assert not partitions.is_done(tmp_path, "ingest", "k--00000", "f1")  # a part went missing


def test_unreadable_marker_means_not_done(tmp_path):
    path = partitions.marker_path(tmp_path, "ingest", "k")
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    assert partitions.read_marker(tmp_path, "ingest", "k") is None
    assert not partitions.is_done(tmp_path, "ingest", "k", "f")


def test_readers_ignore_temporaries_and_cleanup_removes_them(tmp_path):
    frame = pd.DataFrame({"article_id": ["a"]})
    partitions.write_partition({"articles": frame}, tmp_path, "ingest", "a", "f")
    # What SIGKILL during a write leaves behind: a hidden, truncated temporary file.
    (tmp_path / "articles" / ".part-b.parquet.x1.tmp").write_bytes(b"PAR1 truncated")
    (tmp_path / "_partitions" / "ingest" / ".b.json.x2.tmp").write_text("{", encoding="utf-8")
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "articles"), frame)
    assert partitions.remove_temporaries(tmp_path, ["articles"]) == 2
    assert sorted(p.name for p in (tmp_path / "articles").iterdir()) == ["part-a.parquet"]


def test_remove_stale_parts_keeps_wanted_keys(tmp_path):
    frame = pd.DataFrame({"article_id": ["a"]})
    for key in ("a", "b"):
        partitions.write_partition({"articles": frame}, tmp_path, "ingest", key, "f")
    assert partitions.remove_stale_parts(tmp_path, "ingest", ["articles"], ["a"]) == 2
    assert [p.name for p in (tmp_path / "articles").iterdir()] == ["part-a.parquet"]
    assert [p.name for p in (tmp_path / "_partitions" / "ingest").iterdir()] == ["a.json"]


def test_prepare_folders_replaces_single_file_tables(tmp_path):
    pd.DataFrame({"article_id": ["old"]}).to_parquet(tmp_path / "articles.parquet")
    (tmp_path / "features.parquet").write_bytes(b"old single-file feature table")
    partitions.prepare_folders(tmp_path, ["articles", "features.parquet"])
    assert not (tmp_path / "articles.parquet").exists()
    assert (tmp_path / "articles").is_dir() and (tmp_path / "features.parquet").is_dir()
