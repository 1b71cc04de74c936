"""Raw readers (txt, html, csv, jsonl, sidecar ``metadata.csv``) with their decoding.

Readers never write and never raise for one bad record: they return the good records and a
list of :class:`~framing.errors.InputError` for the bad ones. A bad *file* raises
:class:`~framing.errors.InputError` (the caller records it and goes on with other files).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from framing.config import DEFAULT_MAX_BYTES
from framing.errors import InputError, ParameterError

#: File extensions the readers handle, and the format name recorded for each.
FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".jsonl": "jsonl",
}
#: Name of the optional per-folder sidecar that overrides inferred metadata.
SIDECAR_NAME = "metadata.csv"
#: Standard record fields; other CSV/JSONL columns are kept as extra metadata.
STANDARD_FIELDS = ("text", "title", "source", "date", "url", "author")
#: Sidecar column aliases mapped to the standard field they fill.
SIDECAR_ALIASES = {"outlet": "source", "headline": "title", "link": "url"}
_BINARY_SAMPLE = 8192
# A UTF-8 lead byte read as cp1252/latin-1 followed by a continuation byte read the same way
# ("â€™", "Ã©", "Â "), or C1 controls: the signs of mojibake that ftfy repairs.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]|[\u0080-\u009f]"
)
_TEXT_CONTROL = set(b"\t\n\r\f\v\x1b")
_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 or b in _TEXT_CONTROL)


@dataclass(frozen=True)
class RawRecord:
    """One article as read from a raw file: decoded text and the fields that came with it."""

    path: str
    record: int
    format: str
    text: str
    fields: dict[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"


def sha256_file(path: str | os.PathLike[str]) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def list_raw_files(raw_dir: str | os.PathLike[str]) -> list[Path]:
    """Return the readable raw files under ``raw_dir`` (recursive, sorted, no hidden files,
    no sidecars). Raises :class:`InputError` when ``raw_dir`` is not a folder."""
    root = Path(raw_dir)
    if not root.is_dir():
        raise InputError(str(root), "is not a folder of raw articles", kind="missing")
    files = [
        path
        for path in root.rglob("*")
        if path.is_file()
        and path.suffix.lower() in FORMATS
        and path.name != SIDECAR_NAME
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
    ]
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def read_checked_bytes(path: Path, label: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Return the bytes of ``path``; raise :class:`InputError` for empty, too large or
    binary files (``label`` names the file in messages)."""
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            label,
            f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes "
            "(raise it with --max-bytes)",
            kind="too_large",
        )
    data = path.read_bytes()
    if not data.strip():
        raise InputError(label, "file is empty", kind="empty")
    if looks_binary(data):
        raise InputError(label, "file looks binary (not text); skipped", kind="binary")
    return data


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text: NUL bytes (outside UTF-16/32 with a BOM) or many
    control characters in the first 8 KiB."""
    sample = data[:_BINARY_SAMPLE]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in sample:
        return True
    controls = len(sample.translate(None, _NOT_CONTROL))  # C-speed count of control bytes
    return controls > max(8, len(sample) // 100)


def decode_bytes(data: bytes, label: str) -> tuple[str, str]:
    """Return ``(text, encoding)``: UTF-8 (with or without BOM), UTF-16 with a BOM, then
    cp1252, then the encoding charset-normalizer detects; mojibake is repaired with ftfy.

    Raises :class:`InputError` (kind ``undecodable``) when no encoding fits.
    """
    import ftfy

    text: str | None = None
    encoding = "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = data.decode("utf-16"), "utf-16"
    else:
        for candidate in ("utf-8", "cp1252"):
            try:
                text, encoding = data.decode(candidate), candidate
                break
            except UnicodeDecodeError:
                continue
    if text is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise InputError(
                label,
                "cannot decode: not UTF-8, cp1252 or a detectable encoding",
                kind="undecodable",
            )
        text, encoding = str(best), best.encoding
    if not _MOJIBAKE_HINT.search(text):  # ftfy is slow; skip it for text that cannot need it
        fixed = unicodedata.normalize("NFC", text)
        return fixed, encoding
    fixed = ftfy.fix_text(
        text,
        uncurl_quotes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        unescape_html=False,
        normalization="NFC",
    )
    return fixed, encoding if fixed == text else f"{encoding}+ftfy"


def _apply_column_map(record: Mapping[Any, Any], columns: Mapping[str, str]) -> dict[str, str]:
    """Return the record's fields renamed by ``columns`` (standard name -> source column)."""
    source_to_standard = {source: standard for standard, source in columns.items()}
    out: dict[str, str] = {}
    for key, value in record.items():
        name = source_to_standard.get(str(key), str(key))
        if name in out and name != str(key):
            continue
        out[name] = "" if value is None else str(value)
    # A mapped standard name wins over a same-named original column.
    for standard, source in columns.items():
        if source in record:
            value = record[source]
            out[standard] = "" if value is None else str(value)
    return out


def _records_from_rows(
    rows: Sequence[tuple[int, Mapping[Any, Any]]],
    label: str,
    fmt: str,
    columns: Mapping[str, str],
) -> tuple[list[RawRecord], list[InputError]]:
    records: list[RawRecord] = []
    errors: list[InputError] = []
    text_column = columns.get("text", "text")
    for number, row in rows:
        fields = _apply_column_map(row, columns)
        text = fields.pop("text", None)
        if text is None:
            errors.append(
                InputError(
                    label,
                    f"no text column '{text_column}' (columns: {sorted(map(str, row))}); "
                    "map one with --columns text=NAME",
                    kind="missing_column",
                    record=number,
                )
            )
            continue
        if not text.strip():
            errors.append(InputError(label, "record has empty text", kind="empty", record=number))
            continue
        fields = {k: v for k, v in fields.items() if v != ""}
        records.append(RawRecord(label, number, fmt, text, fields))
    return records, errors


def read_csv_records(
    text: str, label: str, columns: Mapping[str, str] | None = None
) -> tuple[list[RawRecord], list[InputError]]:
    """Return one record per CSV row (1-based ``record``) and the per-record errors.

    Uses pandas' default engine (the pyarrow engine fails on multi-line quoted fields).
    Raises :class:`InputError` for a malformed file or a missing text column.
    """
    import io as _io

    columns = dict(columns or {})
    try:
        frame = pd.read_csv(
            _io.StringIO(text), dtype=str, keep_default_na=False, on_bad_lines="error"
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as error:
        raise InputError(label, f"malformed CSV: {error}", kind="malformed") from error
    text_column = columns.get("text", "text")
    if text_column not in frame.columns:
        raise InputError(
            label,
            f"no text column '{text_column}' (columns: {list(frame.columns)}); "
            "map one with --columns text=NAME",
            kind="missing_column",
        )
    rows = [(i + 1, row) for i, row in enumerate(frame.to_dict(orient="records"))]
    return _records_from_rows(rows, label, "csv", columns)


def read_jsonl_records(
    text: str, label: str, columns: Mapping[str, str] | None = None
) -> tuple[list[RawRecord], list[InputError]]:
    """Return one record per JSON line (``record`` = 1-based line number) and the errors of
    malformed or non-object lines; blank lines are skipped."""
    columns = dict(columns or {})
    rows: list[tuple[int, Mapping[str, Any]]] = []
    errors: list[InputError] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            errors.append(
                InputError(
                    label,
                    f"malformed JSON on line {number}: {error.msg} (column {error.colno})",
                    kind="malformed",
                    record=number,
                )
            )
            continue
        if not isinstance(value, dict):
            errors.append(
                InputError(
                    label,
                    f"line {number} is a JSON {type(value).__name__}, not an object",
                    kind="malformed",
                    record=number,
                )
            )
            continue
        rows.append((number, value))
    records, record_errors = _records_from_rows(rows, label, "jsonl", columns)
    return records, sorted(errors + record_errors, key=lambda e: e.record or 0)


def read_html_record(text: str, label: str) -> RawRecord:
    """Return the main text and metadata of an HTML page, extracted offline by trafilatura.

    Raises :class:`InputError` (kind ``no_text``) when the page has no main text.
    """
    import trafilatura

    extracted = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, include_tables=False
    )
    document: dict[str, Any] = {}
    if isinstance(extracted, dict):
        document = extracted
    elif extracted is not None:
        document = extracted.as_dict()
    body = document.get("text") or ""
    # trafilatura puts one block per line; blank lines make them paragraphs for the cleaner.
    body = "\n\n".join(line for line in body.splitlines() if line.strip())
    if not body.strip():
        raise InputError(label, "no main text found in the HTML page", kind="no_text")
    fields = {
        "title": document.get("title"),
        "source": document.get("sitename"),
        "date": document.get("date"),
        "url": document.get("url"),
        "author": document.get("author"),
    }
    return RawRecord(label, 0, "html", body, {k: str(v) for k, v in fields.items() if v})


def read_raw_file(
    path: str | os.PathLike[str],
    label: str | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[list[RawRecord], list[InputError]]:
    """Return the records of one raw file and its per-record errors.

    ``label`` is the path shown in tables and messages (default: the path as given).
    Raises :class:`InputError` when the whole file cannot be read.
    """
    path = Path(path)
    label = label or path.as_posix()
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(label, f"unsupported file type '{path.suffix}'", kind="unsupported")
    text, encoding = decode_bytes(read_checked_bytes(path, label, max_bytes), label)
    if fmt == "txt":
        return [RawRecord(label, 0, fmt, text, {}, encoding)], []
    if fmt == "html":
        record = read_html_record(text, label)
        return [RawRecord(label, 0, fmt, record.text, record.fields, encoding)], []
    reader = read_csv_records if fmt == "csv" else read_jsonl_records
    return reader(text, label, columns)


def read_sidecar(
    folder: str | os.PathLike[str], label: str | None = None
) -> dict[str, dict[str, str]]:
    """Return ``{file name: {field: value}}`` from ``folder/metadata.csv`` (empty if none).

    The file-name column is ``file`` or ``filename``; ``outlet`` fills ``source``; every
    other column becomes metadata. Raises :class:`InputError` for a malformed sidecar
    (``label`` names it in messages; default: its path).
    """
    path = Path(folder) / SIDECAR_NAME
    if not path.is_file():
        return {}
    label = label or path.as_posix()
    text, _ = decode_bytes(read_checked_bytes(path, label), label)
    import io as _io

    try:
        frame = pd.read_csv(_io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise InputError(label, f"malformed sidecar CSV: {error}", kind="malformed") from error
    key = next((c for c in ("file", "filename") if c in frame.columns), None)
    if key is None:
        raise InputError(
            label,
            f"sidecar needs a 'file' or 'filename' column; it has {list(frame.columns)}",
            kind="missing_column",
        )
    out: dict[str, dict[str, str]] = {}
    for row in frame.to_dict(orient="records"):
        fields = {
            SIDECAR_ALIASES.get(str(name), str(name)): value
            for name, value in row.items()
            if name != key and value != ""
        }
        out[Path(row[key]).name] = fields
    return out


def parse_column_map(spec: str | None) -> dict[str, str]:
    """Parse ``"text=desc,source=Site"`` into ``{"text": "desc", "source": "Site"}``."""
    if not spec:
        return {}
    mapping: dict[str, str] = {}
    for part in spec.split(","):
        name, sep, column = part.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise ParameterError(
                f"--columns: '{part}' is not NAME=COLUMN (example: text=desc,source=Site)"
            )
        mapping[name.strip()] = column.strip()
    return mapping
