"""One raw file -> the rows it contributes to each processed table.

:func:`process_file` is pure (read, decode, clean, metadata, segment -> rows), so a process
pool or a Dask worker can run it; a bad file or record becomes a row of the ``errors`` table
(:func:`error_row`) instead of an exception.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from framing import config
from framing.corpus import ARTICLE_COLUMNS
from framing.errors import InputError
from framing.ingest.boilerplate_repeats import repeat_source
from framing.ingest.clean import clean_text
from framing.ingest.decoding import sha256_file
from framing.ingest.dedup import minhash_signature
from framing.ingest.metadata import (
    byline_name,
    content_id,
    find_date,
    split_byline,
    words_and_language,
)
from framing.ingest.readers import STANDARD_FIELDS, RawRecord, read_raw_file
from framing.ingest.segment import sentence_spans, split_paragraphs

#: The tables ingest writes, in the order it writes them.
TABLE_NAMES = ("articles", "paragraphs", "sentences", "removed_lines", "errors")
#: Cache-only column of the articles rows: the MinHash signature used by dedup.
SIGNATURE = "_minhash"

#: One table's rows, as plain dicts.
Rows = list[dict[str, Any]]
#: Formats whose records carry their title in a field: their text is all body (no headline
#: is taken from its first line).
RECORD_FORMATS = frozenset({"csv", "jsonl"})
#: Names ingest computes (or uses while staging): a record or sidecar field of one of these
#: names is kept under ``META_PREFIX + name``, never in place of the computed value.
RESERVED_NAMES = (frozenset(ARTICLE_COLUMNS) - set(STANDARD_FIELDS)) | {SIGNATURE, "_order"}
META_PREFIX = "meta_"


@dataclass
class FileResult:
    """The rows one raw file contributes to each table (before duplicate handling)."""

    path: str
    sha256: str
    rows: dict[str, Rows] = field(default_factory=lambda: {name: [] for name in TABLE_NAMES})


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


def metadata_columns(names: Iterable[str]) -> dict[str, str]:
    """Return ``{field: column}`` for a record's extra (non-standard) fields: a field named
    like a computed column (:data:`RESERVED_NAMES`) is renamed into the ``meta_`` namespace.

    >>> metadata_columns(["country", "path", "title"])
    {'country': 'country', 'path': 'meta_path'}
    """
    extra = [name for name in names if name not in STANDARD_FIELDS]
    taken = RESERVED_NAMES | {name for name in extra if name not in RESERVED_NAMES}
    out: dict[str, str] = {}
    for name in extra:
        column = name
        while column in RESERVED_NAMES or (column != name and column in taken):
            column = META_PREFIX + column
        out[name] = column
    return out


def _given_title(record: RawRecord, fields: Mapping[str, str]) -> str | None:
    """Return the title to give the cleaner: the record's field; ``""`` (no headline search)
    for a CSV/JSONL record without one; None (take the first line) for other files."""
    title = fields.get("title") or None
    if title is None and record.format in RECORD_FORMATS:
        return ""
    return title


def error_row(error: InputError) -> dict[str, Any]:
    """Return the ``errors`` table row of a failed file or record (path, record, kind, message)."""
    return {"path": error.path, "record": error.record, "kind": error.kind, "message": str(error)}


def process_record(
    record: RawRecord,
    *,
    collection: str,
    input_hash: str,
    day_first: bool | None = None,
    overrides: Mapping[str, str] | None = None,
    repeated: Mapping[str, Collection[str]] | None = None,
) -> dict[str, Rows]:
    """Return the rows of one record: clean, extract metadata and segment it.

    ``repeated``: per source, the lines recurring across its articles (the ingest pre-pass,
    :func:`framing.ingest.boilerplate_sources.source_repeats`).
    Raises :class:`InputError` (kind ``no_text``) when cleaning leaves no text.
    """
    fields = {**record.fields, **(overrides or {})}
    article_id = _record_id(record)
    # Lines recurring across the record's source (the ingest pre-pass, boilerplate_sources).
    source_lines = (repeated or {}).get(repeat_source(fields, collection), frozenset())
    cleaned = clean_text(record.text, title=_given_title(record, fields), repeated=source_lines)
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
    article.update({column: fields[name] for name, column in metadata_columns(fields).items()})
    article[SIGNATURE] = minhash_signature(text)  # kept in the cache only, for dedup
    key = {"article_id": article_id, "path": record.path, "record": record.record}
    paragraphs, sentences = _segment_rows(key, text)
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


def _segment_rows(key: Mapping[str, Any], text: str) -> tuple[Rows, Rows]:
    """Return the paragraph and sentence rows of one clean text; ``key`` starts every row."""
    paragraphs: Rows = []
    sentences: Rows = []
    for paragraph_id, (p_start, p_end) in enumerate(split_paragraphs(text)):
        paragraphs.append(
            {**key, "paragraph_id": paragraph_id, "start": p_start, "end": p_end,
             "text": text[p_start:p_end]}
        )  # fmt: skip
        for s_start, s_end in sentence_spans(text, p_start, p_end):
            sentences.append(
                {**key, "sentence_id": len(sentences), "paragraph_id": paragraph_id,
                 "start": s_start, "end": s_end, "text": text[s_start:s_end]}
            )  # fmt: skip
    return paragraphs, sentences


def process_file(
    path: str | os.PathLike[str],
    raw_dir: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    max_bytes: int = config.DEFAULT_MAX_BYTES,
    day_first: Mapping[str, bool] | bool | None = None,
    overrides: Mapping[str, str] | None = None,
    repeated: Mapping[str, Collection[str]] | None = None,
) -> FileResult:
    """Return the rows of one raw file; a bad file or record becomes an ``errors`` row, and
    a field renamed out of a computed column's way (:func:`metadata_columns`) a ``renamed``
    note."""
    path, raw_dir = Path(path), Path(raw_dir)
    label = path.relative_to(raw_dir).as_posix()
    result = FileResult(label, "")
    try:
        result.sha256 = sha256_file(path)
        records, errors = read_raw_file(path, label, columns=columns, max_bytes=max_bytes)
    except OSError as error:  # vanished or unreadable since the folder was listed
        failure = InputError(label, f"cannot read the file: {error.strerror or error}")
        result.rows["errors"].append(error_row(failure))
        return result
    except InputError as error:
        result.rows["errors"].append(error_row(error))
        return result
    collection = collection_of(path, raw_dir)
    for record in records:
        try:
            rows = process_record(
                record,
                collection=collection,
                input_hash=result.sha256,
                day_first=_day_first_for(day_first, collection),
                overrides=overrides,
                repeated=repeated,
            )
        except InputError as error:
            errors.append(error)
            continue
        except (ValueError, TypeError, LookupError, ArithmeticError, RecursionError) as error:
            # One record the pipeline cannot handle must not sink the file or the run.
            errors.append(_failed(record, error))
            continue
        for name, table_rows in rows.items():
            result.rows[name].extend(table_rows)
    errors += _rename_notes(label, records, overrides)
    result.rows["errors"].extend(error_row(error) for error in errors)
    return result


def _failed(record: RawRecord, error: Exception) -> InputError:
    return InputError(
        record.path,
        f"could not be processed ({type(error).__name__}: {error}); please report this input",
        kind="failed",
        record=record.record or None,
    )


def _rename_notes(
    label: str, records: list[RawRecord], overrides: Mapping[str, str] | None
) -> list[InputError]:
    """Return one ``renamed`` note per field of ``label`` kept under another column name."""
    names = dict.fromkeys(name for record in records for name in record.fields)
    names.update(dict.fromkeys(overrides or {}))
    return [
        InputError(
            label,
            f"field '{name}' is named like a column ingest computes; its values are in "
            f"column '{column}'",
            kind="renamed",
        )
        for name, column in metadata_columns(names).items()
        if column != name
    ]
