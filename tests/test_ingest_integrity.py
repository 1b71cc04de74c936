"""Ingest integrity: nothing lost, nothing wrong. An interrupted or concurrent run never
mixes its output with another's, user columns never replace computed ones, one bad file
never sinks a run, and every file not ingested has a recorded reason."""

from __future__ import annotations

import codecs
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from framing.cli import cli
from framing.corpus import Corpus
from framing.errors import ParameterError, SchemaError
from framing.ingest.outdir import LOCK_NAME
from framing.ingest.step import CACHE_DIR, ingest
from framing.tables import RUN_ID_KEY, read_table, table_path

GOOD_TEXT = (
    "Leaders met in Geneva on Tuesday to discuss a ceasefire and the exchange of prisoners.\n\n"
    "The talks lasted six hours, officials said, and will resume next week in Vienna."
)
GOOD_TITLE = "Leaders meet in Geneva"


def _article(city: str) -> str:
    """A two-paragraph article of its own (no line repeated across the test's files)."""
    return (
        f"Leaders met in {city} on Tuesday to discuss a ceasefire and a prisoner exchange.\n\n"
        f"The talks in {city} lasted six hours, officials said, and will resume next week."
    )


def _raw(tmp_path: Path, name: str = "raw") -> Path:
    """A raw folder with one good article in collection 'news'."""
    folder = tmp_path / name / "news"
    folder.mkdir(parents=True)
    (folder / "good.txt").write_text(f"{GOOD_TITLE}\n\n{GOOD_TEXT}\n", encoding="utf-8")
    return tmp_path / name


def _errors(out: Path) -> list[list[object]]:
    frame = Corpus(out).errors
    return frame[["path", "kind"]].values.tolist()


def _good_is_ingested(out: Path) -> None:
    assert GOOD_TITLE in Corpus(out).articles["title"].tolist()


# --- 1. cache, tables and manifest are one commit; one writer per folder -------------------


def _run_id(path: Path) -> str | None:
    attrs = json.loads((pq.read_schema(path).metadata or {}).get(b"PANDAS_ATTRS", b"{}"))
    return attrs.get(RUN_ID_KEY)


def test_cache_tables_and_manifest_carry_one_run_id(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest(_raw(tmp_path), out)
    run = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["run_id"]
    for name in ("articles", "paragraphs", "sentences", "removed_lines", "errors"):
        assert _run_id(out / f"{name}.parquet") == run
        assert _run_id(out / CACHE_DIR / f"{name}.parquet") == run


def test_cache_of_an_interrupted_run_from_other_inputs_is_never_reused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    raw_a, raw_b = _raw(tmp_path, "a"), _raw(tmp_path, "b")
    (raw_b / "news" / "good.txt").write_text(
        "Other headline\n\nA completely different article about grain exports from Odesa.\n",
        encoding="utf-8",
    )
    out, other = tmp_path / "out", tmp_path / "other"
    ingest(raw_a, out)
    ingest(raw_b, other)
    # Run B into `out` killed just after it replaced the cache: cache B, tables/manifest A.
    shutil.rmtree(out / CACHE_DIR)
    shutil.copytree(other / CACHE_DIR, out / CACHE_DIR)
    with caplog.at_level(logging.WARNING, logger="framing.ingest.step"):
        summary = ingest(raw_a, out)
    assert (summary.unchanged_files, summary.changed_files) == (0, 1)
    assert "discarding the ingest cache" in caplog.text
    assert Corpus(out).articles["title"].tolist() == [GOOD_TITLE]


def test_cache_of_an_interrupted_run_with_other_options_is_never_reused(tmp_path: Path) -> None:
    raw = _raw(tmp_path)
    (raw / "news" / "dated.txt").write_text(
        "Dated headline\n\nTalks resumed on Tuesday (8/2/2022) in Minsk, the ministry said.\n",
        encoding="utf-8",
    )
    out, other = tmp_path / "out", tmp_path / "other"
    ingest(raw, out)
    ingest(raw, other, day_first=True)
    shutil.rmtree(out / CACHE_DIR)
    shutil.copytree(other / CACHE_DIR, out / CACHE_DIR)
    ingest(raw, out)
    dated = Corpus(out).articles.set_index("path").loc["news/dated.txt"]
    assert pd.isna(dated["date"]) and dated["date_candidates"] == "2022-02-08|2022-08-02"


def test_second_concurrent_ingest_fails_at_once_naming_folder_and_holder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    holder = os.getppid()  # a live process other than this one
    (out / LOCK_NAME).write_text(f"{holder} {socket.gethostname()}\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=rf"{out} is being written by .*pid {holder}"):
        ingest(_raw(tmp_path), out)
    assert not (out / "articles.parquet").exists()


def test_stale_lock_of_a_dead_process_is_taken_over(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK_NAME).write_text(f"{dead.pid} {socket.gethostname()}\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="framing.ingest.outdir"):
        ingest(_raw(tmp_path), out)
    assert "taking over the stale lock" in caplog.text
    assert not (out / LOCK_NAME).exists()
    _good_is_ingested(out)


def test_partitioned_ingest_takes_the_same_lock(tmp_path: Path) -> None:
    from framing.engine.partitioned import ingest_partitioned

    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK_NAME).write_text(f"{os.getppid()} {socket.gethostname()}\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="is being written by another ingest"):
        ingest_partitioned(_raw(tmp_path), out, engine="local", jobs=1)


# --- 2. user columns never replace computed ones -------------------------------------------

COMPUTED = ["path", "article_id", "word_count", "record", "duplicate_of", "collection",
            "language_ok", "date_candidates", "format", "input_hash", "date_note"]  # fmt: skip


def test_input_columns_named_like_computed_ones_are_renamed_not_applied(tmp_path: Path) -> None:
    raw = _raw(tmp_path)
    header = ["text", "title", *COMPUTED]
    values = [_article("Bern"), "CSV title"] + ["zzz"] * len(COMPUTED)
    pd.DataFrame([values], columns=header).to_csv(raw / "news" / "t.csv", index=False)
    row = {"text": _article("Oslo"), "title": "JSON title", "path": "x"}
    (raw / "news" / "t.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    (raw / "news" / "metadata.csv").write_text(
        "file,duplicate_of,country\ngood.txt,zzz,CH\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    summary = ingest(raw, out)
    articles = Corpus(out).articles.set_index("path")
    csv_row = articles.loc["news/t.csv"]
    assert csv_row["record"] == 1 and csv_row["collection"] == "news"
    assert csv_row["word_count"] > 10 and bool(csv_row["language_ok"])
    assert pd.isna(csv_row["duplicate_of"]) and csv_row["format"] == "csv"
    assert all(csv_row[f"meta_{name}"] == "zzz" for name in COMPUTED)
    assert articles.loc["news/t.jsonl", "meta_path"] == "x"
    good = articles.loc["news/good.txt"]
    assert pd.isna(good["duplicate_of"]) and good["meta_duplicate_of"] == "zzz"
    assert good["country"] == "CH"
    assert len(Corpus(out).sentences) >= 6  # a `path` column used to leave no sentences
    notes = Corpus(out).errors.query("kind == 'renamed'")
    assert len(notes) == len(COMPUTED) + 2
    assert (
        "news/t.jsonl: field 'path' is named like a column ingest computes; its values are in "
        "column 'meta_path'" in notes["message"].tolist()
    )
    assert summary.ok and summary.notes == len(notes)


# --- 3. a record's text is the article ------------------------------------------------------


def test_csv_and_jsonl_records_keep_their_first_line(tmp_path: Path) -> None:
    raw = _raw(tmp_path)
    lead = "Officials confirmed the first convoy reached Kharkiv overnight."
    text = f"{lead}\n\nThe second paragraph gives the details of the route and the cargo."
    pd.DataFrame({"text": [text]}).to_csv(raw / "news" / "plain.csv", index=False)
    pd.DataFrame(
        {"text": [text.replace("first", "second")], "Headline": ["Convoy arrives"]}
    ).to_csv(raw / "news" / "headline.csv", index=False)
    (raw / "news" / "feed.jsonl").write_text(
        json.dumps({"text": text.replace("first", "third"), "Title": "Third convoy"}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    ingest(raw, out)
    articles = Corpus(out).articles.set_index("path")
    assert articles.loc["news/plain.csv", "text"].startswith(lead)
    assert pd.isna(articles.loc["news/plain.csv", "title"])
    assert articles.loc["news/headline.csv", "title"] == "Convoy arrives"
    assert articles.loc["news/headline.csv", "text"].startswith("Officials confirmed the second")
    assert articles.loc["news/feed.jsonl", "title"] == "Third convoy"
    assert articles.loc["news/feed.jsonl", "text"].startswith("Officials confirmed the third")
    assert articles.loc["news/good.txt", "title"] == GOOD_TITLE  # .txt: first line is the title


# --- 4. one bad file never sinks the run ---------------------------------------------------

LATIN1 = "Café owners said the strike hurt business, the mayor’s office agreed.".replace("’", "'")
BAD_BYTES = {
    "bom_then_latin1": ("bad.txt", codecs.BOM_UTF8 + LATIN1.encode("latin-1"), "undecodable"),
    "utf16_odd_bytes": ("bad.txt", codecs.BOM_UTF16_LE + "Hello".encode("utf-16-le") + b"!",
                        "undecodable"),
    "utf16_garbage": ("bad.txt", codecs.BOM_UTF16_LE + b"\x00\xd8A\x00B\x00", "undecodable"),
    "lone_surrogate": ("bad.jsonl", b'{"text": "Bad \\ud800 text in this record.", "title": "x"}\n',
                       "malformed"),
    "deep_nesting": ("bad.jsonl", b"[" * 200_000 + b"\n", "malformed"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD_BYTES))
def test_one_bad_file_never_sinks_the_run(tmp_path: Path, case: str) -> None:
    name, data, kind = BAD_BYTES[case]
    raw = _raw(tmp_path)
    (raw / "news" / name).write_bytes(data)
    out = tmp_path / "out"
    summary = ingest(raw, out)
    assert _errors(out) == [[f"news/{name}", kind]]
    assert not summary.ok and summary.errors == 1
    _good_is_ingested(out)


def test_sidecar_with_bom_then_latin1_is_an_error_not_a_crash(tmp_path: Path) -> None:
    raw = _raw(tmp_path)
    sidecar = "file,country\ngood.txt,Zürich\n".encode("latin-1")
    (raw / "news" / "metadata.csv").write_bytes(codecs.BOM_UTF8 + sidecar)
    out = tmp_path / "out"
    ingest(raw, out)
    assert _errors(out) == [["news/metadata.csv", "undecodable"]]
    _good_is_ingested(out)


def test_file_name_that_is_not_utf8_is_reported_and_others_ingested(tmp_path: Path) -> None:
    raw = _raw(tmp_path)
    bad = os.path.join(os.fsencode(raw / "news"), b"caf\xe9.txt")
    with open(bad, "wb") as handle:
        handle.write(f"A headline\n\n{GOOD_TEXT}".encode())
    out = tmp_path / "out"
    summary = ingest(raw, out)
    assert _errors(out) == [["news/caf\\xe9.txt", "bad_name"]]
    assert "not valid UTF-8; rename the file" in summary.error_messages[0]
    _good_is_ingested(out)


# --- 6. every skip has a recorded reason ---------------------------------------------------


def test_skipped_entries_are_recorded_with_a_reason(tmp_path: Path) -> None:
    raw = _raw(tmp_path)
    news = raw / "news"
    (news / ".hidden.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (news / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    secret = tmp_path / "secret.txt"
    secret.write_text("Secret headline\n\nroot:x:0:0:root:/root:/bin/bash secret text", "utf-8")
    (news / "passwd.txt").symlink_to(secret)
    (news / "inside.txt").symlink_to(news / "good.txt")  # inside the raw folder: followed
    (news / "notes.pdf").write_bytes(b"%PDF-1.4")
    out = tmp_path / "out"
    summary = ingest(raw, out)
    errors = Corpus(out).errors.set_index("path")
    assert errors["kind"].to_dict() == {
        "news/.hidden.txt": "skipped",
        "news/dangling.txt": "skipped",
        "news/notes.pdf": "skipped",
        "news/passwd.txt": "skipped",
    }
    assert "outside the raw folder; not followed" in errors.loc["news/passwd.txt", "message"]
    assert "broken symbolic link" in errors.loc["news/dangling.txt", "message"]
    assert not Corpus(out).articles["text"].str.contains("root:x").any()
    assert summary.ok and summary.notes == 4  # skips are notes, not failures


def test_header_only_csv_is_an_error(tmp_path: Path) -> None:
    raw = _raw(tmp_path)
    (raw / "news" / "empty.csv").write_text("text,title\n", encoding="utf-8")
    out = tmp_path / "out"
    summary = ingest(raw, out)
    assert _errors(out) == [["news/empty.csv", "empty"]]
    assert not summary.ok


def test_one_overlong_csv_row_skips_the_row_not_the_file(tmp_path: Path) -> None:
    raw = _raw(tmp_path)
    rows = [
        "text,title",
        f'"{_article("Rome")}",Rome',
        "an unquoted, comma, makes, this row too long,Bad",
        f'"{"A very long article sentence. " * 8000}",Long',
        f'"{_article("Paris")}",Paris',
    ]
    (raw / "news" / "t.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    ingest(raw, out)
    errors = Corpus(out).errors
    assert errors[["path", "record", "kind"]].values.tolist() == [["news/t.csv", 2, "malformed"]]
    assert "5 fields but the header has 2" in errors["message"].iloc[0]
    titles = Corpus(out).articles.set_index("record").query("path == 'news/t.csv'")["title"]
    assert titles.to_dict() == {1: "Rome", 3: "Long", 4: "Paris"}


def test_sidecar_path_outside_its_folder_is_refused(tmp_path: Path) -> None:
    raw = _raw(tmp_path)
    (raw / "news" / "metadata.csv").write_text("file,country\n../good.txt,XX\n", encoding="utf-8")
    out = tmp_path / "out"
    ingest(raw, out)
    errors = Corpus(out).errors
    assert errors[["path", "record", "kind"]].values.tolist() == [
        ["news/metadata.csv", 1, "malformed"]
    ]
    assert "'../good.txt', not the name of a file in this folder" in errors["message"].iloc[0]
    assert "country" not in Corpus(out).articles.columns


def test_nested_json_values_are_json_encoded_never_a_python_repr(tmp_path: Path) -> None:
    raw = _raw(tmp_path)
    lines = [
        {"text": _article("Kyiv"), "tags": {"a": [1, "é"]}},
        {"text": {"body": "an object is not an article"}},
    ]
    (raw / "news" / "feed.jsonl").write_text(
        "\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    summary = ingest(raw, out)
    articles = Corpus(out).articles.set_index("path")
    assert articles.loc["news/feed.jsonl", "tags"] == '{"a": [1, "é"]}'
    assert not articles["text"].str.contains("'body'").any()
    errors = Corpus(out).errors
    assert errors[["record", "kind"]].astype(object).values.tolist() == [
        [2, "malformed"],
        [pd.NA, "encoded"],
    ]
    assert summary.errors == 1


# --- 5. one table layout per folder ----------------------------------------------------------


def test_mixed_layouts_are_an_error_naming_the_stale_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest(_raw(tmp_path), out)
    (out / "articles").mkdir()
    shutil.copy(out / "articles.parquet", out / "articles" / "part-x.parquet")
    with pytest.raises(SchemaError, match=r"wrote single files, so delete the stale folder"):
        table_path(out, "articles")
    with pytest.raises(SchemaError, match="holds table 'articles' twice"):
        read_table(out, "articles")


def test_plain_ingest_after_a_partitioned_one_leaves_one_layout(tmp_path: Path) -> None:
    from framing.engine.partitioned import ingest_partitioned

    raw, out = _raw(tmp_path), tmp_path / "out"
    ingest_partitioned(raw, out, engine="local", jobs=1)
    assert (out / "articles").is_dir()
    (out / "features.parquet").mkdir()  # what `framing features --engine` leaves
    shutil.copy(
        out / "articles" / "part-news--00000.parquet", out / "features.parquet" / "part-a.parquet"
    )
    ingest(raw, out)
    assert not (out / "articles").exists() and not (out / "_partitions").exists()
    assert not (out / "features.parquet").exists()  # stale, and in the way of `features`
    assert read_table(out, "articles")["title"].tolist() == [GOOD_TITLE]


# --- 8. parameters and IO errors are one line ---------------------------------------------


def test_day_first_of_an_unknown_collection_is_one_clear_error(tmp_path: Path) -> None:
    raw = _raw(tmp_path)
    result = CliRunner().invoke(
        cli, ["ingest", str(raw), "--out", str(tmp_path / "out"), "--day-first", "nosuch"]
    )
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"error: --day-first: no collection 'nosuch' under {raw}; its collections "
        "(sub-folders) are: news"
    ]


def test_unwritable_output_folder_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = _raw(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(raw), "--out", str(blocker / "out")])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: cannot write to the output folder {blocker}/out")
    assert len(result.output.strip().splitlines()) == 1

    def read_only(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("framing.ingest.outdir.write_parquet", read_only)
    with pytest.raises(ParameterError, match="Permission denied; choose a writable --out"):
        ingest(raw, tmp_path / "out")


def test_truncated_parquet_of_an_earlier_run_is_redone_or_one_clear_error(
    tmp_path: Path,
) -> None:
    raw, out = _raw(tmp_path), tmp_path / "out"
    ingest(raw, out)
    for path in (out / CACHE_DIR / "articles.parquet", out / "articles.parquet"):
        path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(SchemaError, match="articles.parquet is not a readable Parquet table"):
        read_table(out, "articles")
    summary = ingest(raw, out)  # the truncated cache is discarded, not a traceback
    assert summary.changed_files == 1
    _good_is_ingested(out)


def test_ingest_says_when_it_replaces_a_corpus_from_other_inputs(tmp_path: Path) -> None:
    raw_a, raw_b, out = _raw(tmp_path, "a"), _raw(tmp_path, "b"), tmp_path / "out"
    assert ingest(raw_a, out).replaced is None
    assert ingest(raw_a, out).replaced is None
    result = CliRunner().invoke(cli, ["ingest", str(raw_b), "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert (
        f"note: replaced the corpus of 1 articles ingested from {raw_a.resolve()} (use one "
        "--out folder per study to keep both)" in result.output
    )


def test_a_table_of_another_ingest_run_is_refused_on_read(tmp_path: Path) -> None:
    """Later stages check the run id too: a table copied in from another ingest run is a
    clear error, not silently mixed with this folder's other tables."""
    from framing.corpus import Corpus
    from framing.errors import SchemaError
    from framing.ingest.step import ingest

    for name, body in (("one", "First story text. " * 20), ("two", "Second story text. " * 20)):
        raw = tmp_path / f"raw_{name}" / "news"
        raw.mkdir(parents=True)
        (raw / "a.txt").write_text(f"Headline {name}\n\n{body}\n", encoding="utf-8")
        ingest(tmp_path / f"raw_{name}", tmp_path / f"out_{name}")
    assert len(Corpus(tmp_path / "out_one").articles) == 1
    stale = tmp_path / "out_two" / "articles.parquet"
    (tmp_path / "out_one" / "articles.parquet").write_bytes(stale.read_bytes())
    with pytest.raises(SchemaError, match="mixes two runs; run `framing ingest` again"):
        Corpus(tmp_path / "out_one").articles  # noqa: B018
