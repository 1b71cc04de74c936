"""Ingest: raw folder -> the processed tables of :mod:`framing.corpus` and ``manifest.json``.

:func:`process_file` is pure (read, decode, clean, metadata, segment -> rows) so a process
pool can run it; :func:`ingest` drives it over the sorted file list, reuses the rows of files
whose input hash is unchanged since the last run (kept in ``OUT/.ingest_cache/``), collapses
and flags duplicates, validates the schema and writes every table atomically.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import pandas as pd

from framing import config, corpus
from framing.errors import FramingError, InputError, ParameterError, SchemaError
from framing.ingest.clean import clean_text
from framing.ingest.dedup import (
    SIGNATURE_VERSION,
    collapse_exact,
    flag_near_duplicates,
    minhash_signature,
)
from framing.ingest.metadata import (
    byline_name,
    content_id,
    find_date,
    split_byline,
    words_and_language,
)
from framing.ingest.readers import (
    SIDECAR_NAME,
    STANDARD_FIELDS,
    RawRecord,
    list_raw_files,
    read_raw_file,
    read_sidecar,
    sha256_file,
)
from framing.ingest.segment import sentence_spans, split_paragraphs
from framing.io import read_table_if_exists, write_json, write_parquet

logger = logging.getLogger(__name__)

CACHE_DIR = ".ingest_cache"
#: Cache-only column of the articles rows: the MinHash signature used by dedup.
SIGNATURE = "_minhash"
TABLE_NAMES = ("articles", "paragraphs", "sentences", "removed_lines", "errors")


@dataclass
class FileResult:
    """The rows one raw file contributes to each table (before duplicate handling)."""

    path: str
    sha256: str
    rows: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {name: [] for name in TABLE_NAMES}
    )


@dataclass
class IngestSummary:
    """What one ingest run did: counts, removed lines by rule, errors and duplicates."""

    out_dir: str
    files: int = 0
    articles: int = 0
    words: int = 0
    sentences: int = 0
    removed_lines: int = 0
    removed_by_rule: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    error_messages: list[str] = field(default_factory=list)
    exact_duplicates: int = 0
    near_duplicates: int = 0
    unchanged_files: int = 0
    changed_files: int = 0

    @property
    def ok(self) -> bool:
        """True when no file or record failed."""
        return self.errors == 0

    def table(self) -> pd.DataFrame:
        """Return the summary as a two-column table (``item``, ``value``) for printing."""
        items = [
            ("files", self.files),
            ("unchanged files", self.unchanged_files),
            ("changed files", self.changed_files),
            ("articles", self.articles),
            ("words", self.words),
            ("sentences", self.sentences),
            ("exact duplicates collapsed", self.exact_duplicates),
            ("near duplicates flagged", self.near_duplicates),
            ("errors", self.errors),
            ("removed lines", self.removed_lines),
        ]
        items += [(f"  removed: {rule}", n) for rule, n in sorted(self.removed_by_rule.items())]
        return pd.DataFrame(items, columns=["item", "value"])


def collection_of(path: Path, raw_dir: Path) -> str:
    """Return a file's collection: its sub-folder under ``raw_dir`` (posix), or the name of
    ``raw_dir`` itself for files at the top."""
    parent = path.parent.relative_to(raw_dir).as_posix()
    return _resolved_name(raw_dir) if parent == "." else parent


@lru_cache(maxsize=64)
def _resolved_name(folder: Path) -> str:
    return folder.resolve().name


def _day_first_for(day_first: Mapping[str, bool] | bool | None, collection: str) -> bool | None:
    if day_first is None or isinstance(day_first, bool):
        return day_first
    return day_first.get(collection)


def _record_id(record: RawRecord) -> str:
    if record.record == 0:
        return content_id(record.text)
    return content_id(json.dumps({"text": record.text, **record.fields}, sort_keys=True))


def process_record(
    record: RawRecord,
    *,
    collection: str,
    input_hash: str,
    day_first: bool | None = None,
    overrides: Mapping[str, str] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Return the rows of one record: clean, extract metadata and segment it.

    Raises :class:`InputError` (kind ``no_text``) when cleaning leaves no text.
    """
    fields = {**record.fields, **(overrides or {})}
    article_id = _record_id(record)
    cleaned = clean_text(record.text, title=fields.get("title") or None)
    if not cleaned.text:
        raise InputError(
            record.path,
            "no article text left after cleaning (only a headline or boilerplate)",
            kind="no_text",
            record=record.record or None,
        )
    byline_source, byline_author = split_byline(byline_name(cleaned))
    date = find_date(cleaned, given=fields.get("date"), day_first=day_first)
    text = cleaned.text
    words, language, language_ok = words_and_language(text)
    article = {
        "article_id": article_id,
        "path": record.path,
        "record": record.record,
        "collection": collection,
        "format": record.format,
        "title": cleaned.title or fields.get("title"),
        "source": fields.get("source") or byline_source or "unknown",
        "date": date.date,
        "date_note": date.note,
        "date_candidates": date.candidates,
        "author": fields.get("author") or byline_author,
        "url": fields.get("url"),
        "text": text,
        "word_count": words,
        "language": language,
        "language_ok": language_ok,
        "duplicate_of": None,
        "duplicate_note": None,
        "input_hash": input_hash,
    }
    article.update({k: v for k, v in fields.items() if k not in STANDARD_FIELDS})
    article[SIGNATURE] = minhash_signature(text)  # kept in the cache only, for dedup
    key = {"article_id": article_id, "path": record.path, "record": record.record}
    path, number = record.path, record.record
    paragraphs, sentences = [], []
    for paragraph_id, (p_start, p_end) in enumerate(split_paragraphs(text)):
        paragraphs.append(
            {
                "article_id": article_id,
                "path": path,
                "record": number,
                "paragraph_id": paragraph_id,
                "start": p_start,
                "end": p_end,
                "text": text[p_start:p_end],
            }
        )
        for s_start, s_end in sentence_spans(text, p_start, p_end):
            sentences.append(
                {
                    "article_id": article_id,
                    "path": path,
                    "record": number,
                    "sentence_id": len(sentences),
                    "paragraph_id": paragraph_id,
                    "start": s_start,
                    "end": s_end,
                    "text": text[s_start:s_end],
                }
            )
    removed = [
        {**key, "line_no": line.line_no, "rule_id": line.rule_id, "text": line.text}
        for line in cleaned.removed
    ]
    return {
        "articles": [article],
        "paragraphs": paragraphs,
        "sentences": sentences,
        "removed_lines": removed,
        "errors": [],
    }


def _error_row(error: InputError) -> dict[str, Any]:
    return {"path": error.path, "record": error.record, "kind": error.kind, "message": str(error)}


def process_file(
    path: str | os.PathLike[str],
    raw_dir: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    max_bytes: int = config.DEFAULT_MAX_BYTES,
    day_first: Mapping[str, bool] | bool | None = None,
    overrides: Mapping[str, str] | None = None,
) -> FileResult:
    """Return the rows of one raw file; a bad file or record becomes an ``errors`` row."""
    path, raw_dir = Path(path), Path(raw_dir)
    label = path.relative_to(raw_dir).as_posix()
    result = FileResult(label, sha256_file(path))
    collection = collection_of(path, raw_dir)
    try:
        records, errors = read_raw_file(path, label, columns=columns, max_bytes=max_bytes)
    except InputError as error:
        result.rows["errors"].append(_error_row(error))
        return result
    for record in records:
        try:
            rows = process_record(
                record,
                collection=collection,
                input_hash=result.sha256,
                day_first=_day_first_for(day_first, collection),
                overrides=overrides,
            )
        except InputError as error:
            errors.append(error)
            continue
        for name, table_rows in rows.items():
            result.rows[name].extend(table_rows)
    result.rows["errors"].extend(_error_row(error) for error in errors)
    return result


def _options(columns, max_bytes, day_first) -> dict[str, Any]:
    return {
        "columns": dict(sorted((columns or {}).items())),
        "max_bytes": max_bytes,
        "day_first": day_first
        if not isinstance(day_first, Mapping)
        else dict(sorted(day_first.items())),
        "minhash": SIGNATURE_VERSION,
    }


def _frame(rows: list[dict[str, Any]], name: str, key_columns: bool) -> pd.DataFrame:
    columns = dict(corpus.TABLES[name])
    if key_columns:
        columns = {**columns, "path": "string", "record": "int64"}
        if name == "errors":
            columns["record"] = "Int64"
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})
    frame = pd.DataFrame(rows)
    for column, dtype in columns.items():
        if column not in frame.columns:
            frame[column] = None
        frame[column] = frame[column].astype(dtype)
    extra = [c for c in frame.columns if c not in columns]
    for column in extra:
        if column != SIGNATURE:
            frame[column] = frame[column].astype("string")
    return frame[list(columns) + extra]


def validate_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Return the tables conformed to :mod:`framing.corpus`; raise :class:`SchemaError` when
    ids repeat or offsets do not point into the article text."""
    out = {name: corpus.conform(frame, name) for name, frame in tables.items()}
    articles = out["articles"]
    if articles["article_id"].duplicated().any():
        raise SchemaError("articles: article_id is not unique after duplicate collapsing")
    lengths = articles.set_index("article_id")["text"].str.len()
    for name in ("paragraphs", "sentences"):
        frame = out[name]
        if frame.empty:
            continue
        if not frame["article_id"].isin(lengths.index).all():
            raise SchemaError(f"{name}: rows whose article_id is not in articles")
        limit = frame["article_id"].map(lengths)
        bad = (frame["start"] < 0) | (frame["end"] > limit) | (frame["start"] >= frame["end"])
        if bad.any():
            raise SchemaError(f"{name}: {int(bad.sum())} row(s) with offsets outside the text")
    return out


def _check_out_dir(raw_dir: Path, out_dir: Path) -> None:
    raw, out = raw_dir.resolve(), out_dir.resolve()
    if out == raw or raw in out.parents:
        raise ParameterError(
            f"output folder {out_dir} is inside the raw folder {raw_dir}: raw data is never "
            "written; choose another --out"
        )


def _load_previous(out_dir: Path, options: dict[str, Any]) -> tuple[dict, dict[str, pd.DataFrame]]:
    """Return the previous run's input records and cached per-file tables, when reusable."""
    manifest_path = out_dir / "manifest.json"
    cache = out_dir / CACHE_DIR
    if not manifest_path.exists() or not cache.is_dir():
        return {}, {}
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if (
            manifest.get("pipeline_version") != config.PIPELINE_VERSION
            or manifest.get("package_version") != _package_version()
            or manifest.get("options") != json.loads(json.dumps(options))
        ):
            return {}, {}
        tables = {name: read_table_if_exists(cache / f"{name}.parquet") for name in TABLE_NAMES}
    except (OSError, ValueError) as error:
        logger.warning("ignoring the previous ingest cache in %s: %s", cache, error)
        return {}, {}
    if any(table is None for table in tables.values()):
        return {}, {}
    return manifest.get("inputs", {}), tables


def _package_version() -> str:
    from framing import __version__

    return __version__


def ingest(
    raw_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str] = config.PROCESSED_DIR,
    *,
    columns: dict[str, str] | None = None,
    max_bytes: int = config.DEFAULT_MAX_BYTES,
    day_first: dict[str, bool] | bool | None = None,
    progress: bool = False,
    jobs: int = 1,
) -> IngestSummary:
    """Ingest every raw file under ``raw_dir`` into the processed tables in ``out_dir``.

    ``columns`` maps standard fields to CSV/JSONL column names (``{"text": "desc"}``);
    ``day_first`` resolves numeric dates, per collection (``{"sample": True}``) or for all;
    ``jobs`` > 1 processes files in a process pool (output order is unchanged). Files whose
    bytes (and sidecar) did not change since the last run are not processed again.

    >>> summary = ingest("data/raw/sample", "data/processed")   # doctest: +SKIP
    >>> summary.articles                                          # doctest: +SKIP
    5
    """
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    if jobs < 1:
        raise ParameterError(f"jobs must be >= 1, got {jobs}")
    if max_bytes < 1:
        raise ParameterError(f"max_bytes must be >= 1, got {max_bytes}")
    _check_out_dir(raw_dir, out_dir)
    files = list_raw_files(raw_dir)
    if not files:
        raise InputError(
            str(raw_dir),
            "holds no raw articles (.txt, .html, .htm, .csv or .jsonl files, searched recursively)",
            kind="missing",
        )
    options = _options(columns, max_bytes, day_first)
    previous_inputs, cached = _load_previous(out_dir, options)

    sidecars: dict[Path, tuple[dict[str, dict[str, str]], str | None]] = {}
    inputs: dict[str, dict[str, str | None]] = {}
    sidecar_errors: list[dict[str, Any]] = []
    for folder in sorted({path.parent for path in files}):
        sidecar_path = folder / SIDECAR_NAME
        try:
            sidecars[folder] = (
                read_sidecar(folder, sidecar_path.relative_to(raw_dir).as_posix()),
                sha256_file(sidecar_path) if sidecar_path.exists() else None,
            )
        except InputError as error:
            sidecar_errors.append(_error_row(error))
            sidecars[folder] = ({}, None)
    todo: list[Path] = []
    reused: set[str] = set()
    for path in files:
        label = path.relative_to(raw_dir).as_posix()
        inputs[label] = {"sha256": sha256_file(path), "sidecar_sha256": sidecars[path.parent][1]}
        if previous_inputs.get(label) == inputs[label]:
            reused.add(label)
        else:
            todo.append(path)

    results = _run_files(todo, raw_dir, sidecars, columns, max_bytes, day_first, progress, jobs)
    per_table: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLE_NAMES}
    for name in TABLE_NAMES:
        if reused:
            old = cached[name]
            per_table[name].append(old[old["path"].isin(reused)])
        rows = [row for result in results for row in result.rows[name]]
        if name == "errors":
            rows = sidecar_errors + rows
        per_table[name].append(_frame(rows, name, key_columns=True))
    staged = {
        name: pd.concat([f for f in frames if len(f)] or frames[-1:], ignore_index=True)
        for name, frames in per_table.items()
    }
    order = {label: i for i, label in enumerate(inputs)}
    for name, frame in staged.items():
        by = ["path", "record"] + (
            ["sentence_id"]
            if name == "sentences"
            else ["paragraph_id"]
            if name == "paragraphs"
            else ["line_no", "rule_id"]
            if name == "removed_lines"
            else ["kind"]
            if name == "errors"
            else []
        )
        frame = frame.assign(_order=frame["path"].map(order).fillna(-1))
        staged[name] = (
            frame.sort_values(["_order", *by[1:]], kind="stable")
            .drop(columns="_order")
            .reset_index(drop=True)
        )

    tables, summary = _finish(staged, out_dir)
    for name in TABLE_NAMES:
        write_parquet(staged[name], out_dir / CACHE_DIR / f"{name}.parquet")
    for name, frame in tables.items():
        write_parquet(frame, out_dir / f"{name}.parquet")
    summary.files = len(files)
    summary.unchanged_files = len(reused)
    summary.changed_files = len(todo)
    manifest = {
        "pipeline_version": config.PIPELINE_VERSION,
        "package_version": _package_version(),
        "options": options,
        "inputs": inputs,
        "counts": {name: len(frame) for name, frame in tables.items()},
        "corpus_hash": corpus.corpus_hash(
            tables["articles"]["article_id"], config.PIPELINE_VERSION
        ),
    }
    write_json(manifest, out_dir / "manifest.json")
    for message in summary.error_messages:
        logger.warning("%s", message)
    return summary


def _run_files(
    todo: list[Path],
    raw_dir: Path,
    sidecars: dict[Path, tuple[dict[str, dict[str, str]], str | None]],
    columns: dict[str, str] | None,
    max_bytes: int,
    day_first: dict[str, bool] | bool | None,
    progress: bool,
    jobs: int,
) -> list[FileResult]:
    """Run :func:`process_file` over ``todo`` in order, optionally in a process pool."""
    from tqdm import tqdm

    work = partial(
        _process_with_sidecar,
        raw_dir=raw_dir,
        sidecars=sidecars,
        columns=columns,
        max_bytes=max_bytes,
        day_first=day_first,
    )
    bar = partial(
        tqdm, total=len(todo), desc="ingest", unit="file", disable=not progress, file=sys.stderr
    )
    if jobs == 1 or len(todo) < 2:
        return [work(path) for path in bar(todo)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        chunksize = max(1, min(64, len(todo) // (jobs * 8)))
        return list(bar(pool.map(work, todo, chunksize=chunksize)))


def _process_with_sidecar(path: Path, *, raw_dir, sidecars, columns, max_bytes, day_first):
    overrides = sidecars.get(path.parent, ({}, None))[0].get(path.name)
    return process_file(
        path,
        raw_dir,
        columns=columns,
        max_bytes=max_bytes,
        day_first=day_first,
        overrides=overrides,
    )


def _finish(
    staged: dict[str, pd.DataFrame], out_dir: Path
) -> tuple[dict[str, pd.DataFrame], IngestSummary]:
    """Collapse and flag duplicates, drop the rows of collapsed copies, validate, summarize."""
    articles, dropped = collapse_exact(staged["articles"])
    signatures = None
    if SIGNATURE in articles.columns:
        signatures = [b"" if not isinstance(v, bytes) else v for v in articles[SIGNATURE]]
        articles = articles.drop(columns=SIGNATURE)
    articles = flag_near_duplicates(articles, signatures=signatures)
    kept = pd.MultiIndex.from_frame(articles[["path", "record"]].astype({"record": "int64"}))
    tables: dict[str, pd.DataFrame] = {"articles": articles}
    for name in ("paragraphs", "sentences", "removed_lines"):
        frame = staged[name]
        keys = pd.MultiIndex.from_frame(frame[["path", "record"]].astype({"record": "int64"}))
        frame = frame[keys.isin(kept)]
        if name != "removed_lines":
            frame = frame.drop(columns=["path", "record"])
        else:
            frame = frame.drop(columns=["record"])
        tables[name] = frame
    tables["errors"] = staged["errors"]
    try:
        tables = validate_tables(tables)
    except FramingError:
        raise
    except (ValueError, TypeError) as error:
        raise SchemaError(f"processed tables do not match the schema: {error}") from error
    removed = tables["removed_lines"]
    summary = IngestSummary(
        out_dir=str(out_dir),
        articles=len(articles),
        words=int(articles["word_count"].sum()),
        sentences=len(tables["sentences"]),
        removed_lines=len(removed),
        removed_by_rule=dict(Counter(removed["rule_id"].astype(str))),
        errors=len(tables["errors"]),
        error_messages=tables["errors"]["message"].astype(str).tolist(),
        exact_duplicates=len(dropped),
        near_duplicates=int(articles["duplicate_of"].notna().sum()),
    )
    return tables, summary


def summary_dict(summary: IngestSummary) -> dict[str, Any]:
    """Return the summary as a plain dict (for JSON output)."""
    return asdict(summary)
