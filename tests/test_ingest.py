"""Ingest of the bundled sample (headlines, dates, removed boilerplate, tables), plus bad
inputs and incremental runs."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from framing.corpus import Corpus, load_corpus
from framing.errors import ParameterError
from framing.ingest.step import ingest

FORBIDDEN = [
    "Leave a Reply",
    "Pin It",
    "Linked In",
    "cookies",
    "Subscribe",
    "Related Articles",
    "Check Also",
    "Back to top",
    "Post a Comment",
    "3 minute read",
    "Trending Now",
]

HEADLINES = {
    "000_251aba07006d62a2.txt": (
        "Elon Musk shared a video to show how NATO expansion angered Vladimir Putin"
    ),
    "001_3d1f3732a668f00a.txt": (
        "Putin Flicks NATO: Peaceful and Defensive Alliance, but Invades Middle East"
    ),
    "002_7ca9c9814521f07f.txt": (
        "The Real Reason Behind Ukraine Invasion – NATO Chief Stoltenberg Admits Russia "
        "Invaded Ukraine Due To NATO Expansion"
    ),
    "003_d661c57517ea9ae8.txt": (
        "Putin said NATO's eastward expansion is unacceptable. NATO: Never promised not to expand"
    ),
    "004_91d46b7595e34478.txt": "Putin wants guarantees that NATO will not expand further east",
}

#: Long raw lines that must NOT survive: the reader's comment appended to the 13 Sep 2023 one.
READER_COMMENT_START = "What do you expect from this comedian Zelensky when high on cocaine"


def _by_path(articles: pd.DataFrame) -> dict[str, pd.Series]:
    return {row.path: row for row in articles.itertuples(index=False)}


def _expected_paragraphs(raw_file: Path) -> list[str]:
    """Every long prose line of a raw file, as it must appear in the clean body."""
    expected = []
    for line in raw_file.read_text(encoding="utf-8").splitlines():
        line = " ".join(line.split())  # the cleaner collapses runs of spaces
        if len(line.split()) < 12 or line.startswith(READER_COMMENT_START):
            continue
        if line.startswith(
            ("Home Politics", "Subscribe Daily Post", "Your email address", "House Speaker")
        ):
            continue  # breadcrumb, subscription notice, comment form, "Check Also" teasers
        if line in HEADLINES.values() or line.replace("’", "'") in HEADLINES.values():
            continue
        expected.append(line.removeprefix("December 24 – "))
    return expected


def test_sample_has_five_articles_with_real_headlines(sample_corpus: Corpus) -> None:
    articles = sample_corpus.articles
    assert len(articles) == 5
    assert {row.path: row.title for row in articles.itertuples()} == HEADLINES
    assert load_corpus(sample_corpus.processed_dir)["title"].tolist() == list(HEADLINES.values())


def test_sample_bodies_are_free_of_boilerplate(sample_corpus: Corpus) -> None:
    for row in sample_corpus.articles.itertuples():
        for phrase in FORBIDDEN:
            assert phrase not in row.text, f"{row.path} still contains {phrase!r}"
        assert "Vladimir putin" not in row.text
        assert "#buttons" not in row.text
        assert "FinanceTwitter" not in row.text


def test_reader_comment_is_removed_and_audited(sample_corpus: Corpus) -> None:
    article = _by_path(sample_corpus.articles)["002_7ca9c9814521f07f.txt"]
    assert READER_COMMENT_START not in article.text
    assert "Uncle Xi" not in article.text
    assert article.text.endswith(
        "The Tesla and SpaceX boss said he feared it would lead to a “major” act of war."
    )
    removed = sample_corpus.removed_lines
    comment = removed[removed["text"].str.startswith(READER_COMMENT_START)]
    assert comment[["path", "line_no", "rule_id"]].values.tolist() == [
        ["002_7ca9c9814521f07f.txt", 72, "comment_section"]
    ]


def test_every_long_paragraph_survives_verbatim(sample_raw: Path, sample_corpus: Corpus) -> None:
    articles = _by_path(sample_corpus.articles)
    paragraphs = sample_corpus.paragraphs
    for path, article in articles.items():
        expected = _expected_paragraphs(sample_raw / path)
        assert len(expected) >= 7
        found = paragraphs.loc[paragraphs["article_id"] == article.article_id, "text"].tolist()
        for paragraph in expected:
            assert paragraph in found, f"{path}: lost paragraph {paragraph[:60]!r}"


def test_dates_sources_and_notes(sample_corpus: Corpus) -> None:
    articles = _by_path(sample_corpus.articles)
    assert articles["002_7ca9c9814521f07f.txt"].date == "2023-09-13"
    ambiguous = articles["001_3d1f3732a668f00a.txt"]
    assert pd.isna(ambiguous.date)
    assert ambiguous.date_candidates == "2022-02-08|2022-08-02"
    assert ambiguous.date_note.startswith("ambiguous day/month order: 8/2/2022")
    partial = articles["003_d661c57517ea9ae8.txt"]
    assert pd.isna(partial.date)
    assert partial.date_note == "partial date without a year: December 24"
    assert partial.text.startswith("According to several media reports, NATO Secretary-General")
    assert partial.source == "YCPress"
    assert articles["000_251aba07006d62a2.txt"].source == "unknown"
    assert {row.language for row in articles.values()} == {"en"}


def test_day_first_collection_resolves_ambiguous_date(sample_raw: Path, tmp_path: Path) -> None:
    ingest(sample_raw, tmp_path, day_first={"sample": True})
    articles = _by_path(load_corpus(tmp_path))
    resolved = articles["001_3d1f3732a668f00a.txt"]
    assert resolved.date == "2022-02-08"
    assert pd.isna(resolved.date_candidates)


def test_sentence_and_paragraph_offsets_point_into_text(sample_corpus: Corpus) -> None:
    texts = sample_corpus.articles.set_index("article_id")["text"]
    for name in ("paragraphs", "sentences"):
        table = sample_corpus.table(name)
        for row in table.itertuples():
            assert texts[row.article_id][row.start : row.end] == row.text
    sentences = sample_corpus.sentences
    texts_list = sentences["text"].tolist()
    assert (
        "On Tuesday, tech billionaire Elon Musk posted a video in which American economist "
        "Jeffrey D. Sachs described how the conflict in Ukraine was sparked by the US-led NATO "
        "expansion rather than Russian aggression."
    ) in texts_list
    assert (
        "In the video, Sachs states, “This is not an attack by Vladimir Putin on Ukraine, as "
        "we are told today.”"
    ) in texts_list
    assert (
        sentences.groupby("article_id")["sentence_id"]
        .apply(lambda s: s.tolist() == list(range(len(s))))
        .all()
    )


def test_manifest_records_versions_hashes_and_counts(
    sample_raw: Path, sample_processed: Path
) -> None:
    manifest = json.loads((sample_processed / "manifest.json").read_text(encoding="utf-8"))
    raw = sample_raw / "000_251aba07006d62a2.txt"
    assert (
        manifest["inputs"]["000_251aba07006d62a2.txt"]["sha256"]
        == hashlib.sha256(raw.read_bytes()).hexdigest()
    )
    assert manifest["counts"]["articles"] == 5
    assert manifest["pipeline_version"] and manifest["package_version"]
    assert len(manifest["corpus_hash"]) == 16


def _snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    return {
        p.relative_to(folder).as_posix(): (
            p.stat().st_mtime_ns,
            hashlib.sha256(p.read_bytes()).hexdigest(),
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_runs_are_identical_and_second_is_all_unchanged(
    sample_raw: Path, tmp_path: Path
) -> None:
    raw = tmp_path / "raw" / "sample"
    shutil.copytree(sample_raw, raw)
    before = _snapshot(raw)
    out = tmp_path / "out"
    first = ingest(raw, out)
    tables_1 = {
        n: pd.read_parquet(out / f"{n}.parquet")
        for n in ("articles", "sentences", "paragraphs", "removed_lines", "errors")
    }
    manifest_1 = (out / "manifest.json").read_bytes()
    second = ingest(raw, out)
    assert (first.changed_files, first.unchanged_files) == (5, 0)
    assert (second.changed_files, second.unchanged_files) == (0, 5)
    for name, table in tables_1.items():
        pd.testing.assert_frame_equal(table, pd.read_parquet(out / f"{name}.parquet"))
    assert (out / "manifest.json").read_bytes() == manifest_1
    assert _snapshot(raw) == before

    # Editing one file reprocesses only that one.
    edited = raw / "004_91d46b7595e34478.txt"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("Lavrov", "Lawrow"), encoding="utf-8"
    )
    third = ingest(raw, out)
    assert (third.changed_files, third.unchanged_files) == (1, 4)
    assert "Lawrow" in _by_path(load_corpus(out))["004_91d46b7595e34478.txt"].text


def test_output_inside_raw_folder_is_refused(sample_raw: Path) -> None:
    with pytest.raises(ParameterError, match="inside the raw folder"):
        ingest(sample_raw, sample_raw / "processed")


def test_process_pool_gives_identical_tables(sample_raw: Path, tmp_path: Path) -> None:
    ingest(sample_raw, tmp_path / "one", jobs=1)
    ingest(sample_raw, tmp_path / "two", jobs=2)
    for name in ("articles", "paragraphs", "sentences", "removed_lines", "errors"):
        pd.testing.assert_frame_equal(
            pd.read_parquet(tmp_path / "one" / f"{name}.parquet"),
            pd.read_parquet(tmp_path / "two" / f"{name}.parquet"),
        )


def test_ingesting_the_sample_leaves_raw_data_untouched(sample_raw: Path, tmp_path: Path) -> None:
    before = _snapshot(sample_raw)
    ingest(sample_raw, tmp_path / "out")
    assert _snapshot(sample_raw) == before


def test_cli_ingest_prints_summary_and_exits_1_on_failed_files(
    sample_raw: Path, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from framing.cli import cli

    raw = tmp_path / "raw"
    shutil.copytree(sample_raw, raw / "sample")
    (raw / "sample" / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["ingest", str(raw), "--out", str(out), "--no-progress", "--day-first", "sample"]
    )
    assert result.exit_code == 1, result.output
    lines = [" ".join(line.split()) for line in result.output.splitlines()]
    assert "articles 5" in lines
    assert "errors 1" in lines
    assert "removed: comment_section 16" in lines
    assert "failed: sample/empty.txt: file is empty" in lines
    articles = _by_path(load_corpus(out))
    assert articles["sample/001_3d1f3732a668f00a.txt"].date == "2022-02-08"


def test_cli_reports_bad_parameters_cleanly(tmp_path: Path, sample_raw: Path) -> None:
    from click.testing import CliRunner

    from framing.cli import cli

    result = CliRunner().invoke(
        cli, ["ingest", str(sample_raw), "--out", str(tmp_path), "--columns", "text"]
    )
    assert result.exit_code == 2
    assert "error: --columns: 'text' is not NAME=COLUMN" in result.output
    for command in ("ingest", "run"):
        help_text = CliRunner().invoke(cli, [command, "--help"]).output
        assert "--out" in help_text and "--day-first" in help_text


def test_validate_tables_rejects_offsets_outside_the_text(sample_corpus: Corpus) -> None:
    from framing.errors import SchemaError
    from framing.ingest.assemble import validate_tables

    tables = {name: sample_corpus.table(name) for name in
              ("articles", "paragraphs", "sentences", "removed_lines", "errors")}  # fmt: skip
    assert validate_tables(tables)["sentences"].equals(tables["sentences"])
    tables["sentences"].loc[0, "end"] = 10**6
    with pytest.raises(SchemaError, match=r"sentences: 1 row\(s\) with offsets outside the text"):
        validate_tables(tables)
    with pytest.raises(SchemaError, match=r"table 'errors' lacks column\(s\) \['kind'\]"):
        validate_tables({**tables, "errors": tables["errors"].drop(columns="kind")})
