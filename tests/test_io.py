"""Raw readers and decoding: every bad input becomes a clear error row while the other files
are still processed; CSV/JSONL/HTML/sidecar metadata land in the articles table."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from framing.corpus import Corpus
from framing.errors import InputError, ParameterError
from framing.ingest.decoding import decode_bytes
from framing.ingest.rawfiles import list_raw_files
from framing.ingest.readers import parse_column_map, read_csv_records, read_jsonl_records
from framing.ingest.step import ingest
from framing.io import write_json, write_parquet

GOOD = "000_251aba07006d62a2.txt"
GOOD_TITLE = "Elon Musk shared a video to show how NATO expansion angered Vladimir Putin"


@pytest.fixture
def raw(tmp_path: Path, sample_raw: Path) -> Path:
    """A raw folder holding one good sample article (collection 'news')."""
    folder = tmp_path / "raw" / "news"
    folder.mkdir(parents=True)
    shutil.copy(sample_raw / GOOD, folder / GOOD)
    return tmp_path / "raw"


def _run(raw: Path, tmp_path: Path, **options) -> tuple[Corpus, object]:
    summary = ingest(raw, tmp_path / "out", **options)
    return Corpus(tmp_path / "out"), summary


def _assert_good_processed(corpus: Corpus) -> None:
    assert GOOD_TITLE in corpus.articles["title"].tolist()


BAD_FILES = {
    "binary": ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", None, "binary",
               "news/photo.txt: file looks binary (not text); skipped"),
    "empty": ("blank.txt", b"  \n\n", None, "empty", "news/blank.txt: file is empty"),
    "too_large": ("huge.txt", b"Words and more words.\n" * 1000, 10_000, "too_large",
                  "news/huge.txt: file is 22,000 bytes, over the limit of 10,000 bytes "
                  "(raise it with --max-bytes)"),
    "malformed_csv": ("table.csv", b'text,title\n"unterminated,x\n', None, "malformed",
                      "news/table.csv (record 1): malformed CSV row (from line 2): a quote "
                      "opened here is never closed; row skipped"),
    "missing_text_column": ("table.csv", b"headline,desc\nA,Some text\n", None,
                            "missing_column",
                            "news/table.csv: no text column 'text' (columns: ['headline', "
                            "'desc']); map one with --columns text=NAME"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_is_reported_and_others_processed(raw: Path, tmp_path: Path, case: str) -> None:
    name, data, max_bytes, kind, message = BAD_FILES[case]
    (raw / "news" / name).write_bytes(data)
    options = {"max_bytes": max_bytes} if max_bytes else {}
    corpus, summary = _run(raw, tmp_path, **options)
    errors = corpus.errors
    assert errors[["path", "kind", "message"]].values.tolist() == [[f"news/{name}", kind, message]]
    assert not summary.ok and summary.errors == 1
    assert summary.error_messages == [message]
    _assert_good_processed(corpus)


def test_malformed_jsonl_line_is_reported_and_other_lines_kept(raw: Path, tmp_path: Path) -> None:
    (raw / "news" / "feed.jsonl").write_text(
        '{"text": "The first article in the feed reports talks in Geneva.", "title": "One"}\n'
        '{"text": "broken\n'
        "\n"
        '{"text": "The third line is another article about sanctions.", "title": "Three"}\n',
        encoding="utf-8",
    )
    corpus, summary = _run(raw, tmp_path)
    assert corpus.errors[["path", "record", "kind", "message"]].values.tolist() == [
        [
            "news/feed.jsonl",
            2,
            "malformed",
            "news/feed.jsonl (record 2): malformed JSON on line 2: Unterminated string "
            "starting at (column 10)",
        ]
    ]
    feed = corpus.articles[corpus.articles["path"] == "news/feed.jsonl"]
    assert feed[["record", "title"]].values.tolist() == [[1, "One"], [4, "Three"]]
    _assert_good_processed(corpus)


def test_legacy_cp1252_and_mojibake_are_decoded_and_repaired(raw: Path, tmp_path: Path) -> None:
    legacy = "Café owners said the “strike” hurt business – badly. The mayor’s office agreed."
    (raw / "news" / "legacy.txt").write_bytes(legacy.encode("cp1252"))
    mojibake = "The mayor’s office said the café was fine – today, according to a statement."
    (raw / "news" / "mojibake.txt").write_bytes(
        mojibake.encode("utf-8").decode("cp1252").encode("utf-8")
    )
    (raw / "news" / "bom.txt").write_bytes(b"\xef\xbb\xbf" + legacy.encode("utf-8"))
    corpus, summary = _run(raw, tmp_path)
    rows = corpus.articles.set_index("path")
    assert rows.loc["news/mojibake.txt", "text"] == mojibake
    # The same decoded content gets the same id whatever the bytes were: the cp1252 file is
    # collapsed into the (earlier) UTF-8-with-BOM copy, with a note naming it.
    assert rows.loc["news/bom.txt", "text"] == legacy
    assert rows.loc["news/bom.txt", "duplicate_note"] == "exact duplicate also at: news/legacy.txt"
    assert "news/legacy.txt" not in rows.index
    assert summary.exact_duplicates == 1
    assert summary.ok


def test_decode_bytes_reports_encodings() -> None:
    assert decode_bytes("naïve".encode("cp1252"), "x.txt") == ("naïve", "cp1252")
    assert decode_bytes("naïve".encode("utf-16"), "x.txt") == ("naïve", "utf-16")
    assert decode_bytes("donâ€™t".encode(), "x.txt") == ("don’t", "utf-8+ftfy")


def test_csv_with_column_map_multiline_field_and_extra_metadata(raw: Path, tmp_path: Path) -> None:
    (raw / "wire").mkdir()
    (raw / "wire" / "items.csv").write_text(
        "Site,Date,desc,headline,stance\n"
        'Wire One,13/09/2023,"Ministers met in Brussels on Monday.\n\n'
        'They agreed on a new package of sanctions.",Ministers meet,critical\n'
        "Wire Two,2022-02-08,Talks resumed in Geneva after a pause of two weeks.,Talks,neutral\n",
        encoding="utf-8",
    )
    corpus, summary = _run(
        raw, tmp_path, columns=parse_column_map("text=desc,source=Site,date=Date,title=headline")
    )
    wire = corpus.articles[corpus.articles["collection"] == "wire"]
    assert wire[["record", "source", "date", "title", "stance"]].values.tolist() == [
        [1, "Wire One", "2023-09-13", "Ministers meet", "critical"],
        [2, "Wire Two", "2022-02-08", "Talks", "neutral"],
    ]
    assert wire["text"].iloc[0] == (
        "Ministers met in Brussels on Monday.\n\nThey agreed on a new package of sanctions."
    )
    assert summary.ok


def test_sidecar_overrides_inferred_metadata(raw: Path, tmp_path: Path, sample_raw: Path) -> None:
    shutil.copy(sample_raw / "003_d661c57517ea9ae8.txt", raw / "news" / "ycp.txt")
    (raw / "news" / "metadata.csv").write_text(
        f"file,outlet,date,url,group\n{GOOD},Outlet A,2024-11-12,https://a.example/1,left\n"
        "ycp.txt,,,,right\n",
        encoding="utf-8",
    )
    corpus, _ = _run(raw, tmp_path)
    rows = corpus.articles.set_index("path")
    assert rows.loc[f"news/{GOOD}", ["source", "date", "url", "group"]].tolist() == [
        "Outlet A",
        "2024-11-12",
        "https://a.example/1",
        "left",
    ]
    assert rows.loc["news/ycp.txt", ["source", "group"]].tolist() == ["YCPress", "right"]
    assert "news/metadata.csv" not in rows.index


def test_html_main_text_and_metadata_by_trafilatura(raw: Path, tmp_path: Path) -> None:
    (raw / "news" / "page.html").write_text(
        "<html><head><title>Kremlin rejects NATO offer | Example News</title>"
        '<meta name="author" content="Jane Roe">'
        '<meta property="og:site_name" content="Example News">'
        '<meta name="date" content="2022-02-08"></head><body><nav>Home | World</nav>'
        "<article><h1>Kremlin rejects NATO offer</h1><p>The Kremlin on Tuesday rejected the "
        "latest NATO proposal on European security, saying it ignored Russia's core demands."
        "</p><p>Officials in Brussels said the door to dialogue remained open, but warned of "
        "severe economic sanctions.</p></article><div class='comments'><h3>Leave a Reply</h3>"
        "<p>Great article!</p></div></body></html>",
        encoding="utf-8",
    )
    corpus, _ = _run(raw, tmp_path)
    page = corpus.articles.set_index("path").loc["news/page.html"]
    assert page[["format", "title", "source", "author", "date"]].tolist() == [
        "html",
        "Kremlin rejects NATO offer",
        "Example News",
        "Jane Roe",
        "2022-02-08",
    ]
    assert page["text"] == (
        "The Kremlin on Tuesday rejected the latest NATO proposal on European security, saying "
        "it ignored Russia's core demands.\n\nOfficials in Brussels said the door to dialogue "
        "remained open, but warned of severe economic sanctions."
    )


def test_readers_return_record_errors() -> None:
    records, errors = read_csv_records("text,title\nHello world,A\n ,B\n", "t.csv")
    assert [(r.record, r.text, r.fields) for r in records] == [(1, "Hello world", {"title": "A"})]
    assert [str(e) for e in errors] == ["t.csv (record 2): record has empty text"]
    records, errors = read_jsonl_records('[1, 2]\n{"text": "ok"}\n', "f.jsonl")
    assert [r.record for r in records] == [2]
    assert [str(e) for e in errors] == ["f.jsonl (record 1): line 1 is a JSON list, not an object"]


def test_parse_column_map_rejects_bad_spec() -> None:
    assert parse_column_map("text=desc, source=Site") == {"text": "desc", "source": "Site"}
    with pytest.raises(ParameterError, match="'source' is not NAME=COLUMN"):
        parse_column_map("text=desc,source")


def test_list_raw_files_skips_sidecars_hidden_and_unknown(tmp_path: Path) -> None:
    for name in ("b.txt", "a/c.jsonl", "metadata.csv", ".hidden/d.txt", "notes.md", "x.csv"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in list_raw_files(tmp_path)] == [
        "a/c.jsonl",
        "b.txt",
        "x.csv",
    ]
    with pytest.raises(InputError, match="is not a folder of raw articles"):
        list_raw_files(tmp_path / "missing")


def test_atomic_writes_replace_whole_files(tmp_path: Path) -> None:
    write_json({"b": 1, "a": [1, 2]}, tmp_path / "m.json")
    assert (tmp_path / "m.json").read_text(encoding="utf-8") == (
        '{\n  "a": [\n    1,\n    2\n  ],\n  "b": 1\n}\n'
    )
    frame = pd.DataFrame({"x": [1, 2]})
    write_parquet(frame, tmp_path / "t.parquet")
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "t.parquet"), frame)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json", "t.parquet"]


def test_parquet_row_groups_let_one_id_decode_one_group(tmp_path: Path) -> None:
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    frame = pd.DataFrame(
        {"article_id": [f"a{i:05d}" for i in range(4_500)], "text": [f"t{i}" for i in range(4_500)]}
    )
    write_parquet(frame, tmp_path / "a.parquet")
    write_parquet(frame, tmp_path / "b.parquet")
    meta = pq.ParquetFile(tmp_path / "a.parquet").metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [2000, 2000, 500]
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()
    fragment = next(ds.dataset(tmp_path / "a.parquet").get_fragments())
    groups = fragment.split_by_row_group(ds.field("article_id") == "a02345")
    assert [g.row_groups[0].id for g in groups] == [1]  # statistics prune the other groups
    assert groups[0].to_table().num_rows == 2000
    write_parquet(frame, tmp_path / "c.parquet", row_group_size=1_000)
    assert pq.ParquetFile(tmp_path / "c.parquet").num_row_groups == 5
    with pytest.raises(ParameterError, match="row_group_size must be >= 1, got 0"):
        write_parquet(frame, tmp_path / "d.parquet", row_group_size=0)


def test_bad_sidecar_is_an_error_row_and_files_still_processed(raw: Path, tmp_path: Path) -> None:
    (raw / "news" / "metadata.csv").write_text("name,outlet\nx,y\n", encoding="utf-8")
    corpus, summary = _run(raw, tmp_path)
    assert summary.error_messages == [
        "news/metadata.csv: sidecar needs a 'file' or 'filename' column; it has ['name', 'outlet']"
    ]
    _assert_good_processed(corpus)


def test_folder_without_articles_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "notes.md").write_text("not an article", encoding="utf-8")
    with pytest.raises(InputError, match=r"raw: holds no raw articles \(\.txt, \.html"):
        ingest(tmp_path / "raw", tmp_path / "out")
