"""Raw readers (txt, html, csv, jsonl, sidecar ``metadata.csv``) with their decoding.

Readers never write and never raise for one bad record: they return the good records and a
list of :class:`~framing.errors.InputError` for the bad ones. A bad *file* raises
:class:`~framing.errors.InputError` (the caller records it and goes on with other files).
"""

from __future__ import annotations

import csv
import io as _io
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framing.config import DEFAULT_MAX_BYTES
from framing.errors import InputError, ParameterError
from framing.ingest.decoding import LONE_SURROGATE, decode_bytes, read_checked_bytes
from framing.ingest.rawfiles import FORMATS, SIDECAR_NAME

#: Standard record fields; other CSV/JSONL columns are kept as extra metadata.
STANDARD_FIELDS = ("text", "title", "source", "date", "url", "author")
#: Sidecar column aliases mapped to the standard field they fill.
SIDECAR_ALIASES = {"outlet": "source", "headline": "title", "link": "url"}
#: Record columns read as the title when no ``title`` column (or ``--columns title=``) is
#: given, in order of preference.
TITLE_ALIASES = ("headline", "Title", "Headline", "heading", "Heading", "TITLE", "HEADLINE")


@dataclass(frozen=True)
class RawRecord:
    """One article as read from a raw file: decoded text and the fields that came with it."""

    path: str
    record: int
    format: str
    text: str
    fields: dict[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"


def _field_value(value: Any) -> tuple[str, bool]:
    """Return a record value as text, and whether it was a JSON object or array (those are
    stored JSON-encoded, never as their Python repr)."""
    if value is None:
        return "", False
    if isinstance(value, str):
        return value, False
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True), True
    return str(value), False


def _apply_column_map(
    record: Mapping[Any, Any], columns: Mapping[str, str]
) -> tuple[dict[str, str], set[str]]:
    """Return the record's fields renamed by ``columns`` (standard name -> source column),
    and the names of fields that held JSON objects or arrays."""
    source_to_standard = {source: standard for standard, source in columns.items()}
    out: dict[str, str] = {}
    encoded: set[str] = set()
    for key, value in record.items():
        name = source_to_standard.get(str(key), str(key))
        if name in out and name != str(key):
            continue
        out[name], was_json = _field_value(value)
        if was_json:
            encoded.add(name)
    # A mapped standard name wins over a same-named original column.
    for standard, source in columns.items():
        if source in record:
            out[standard], was_json = _field_value(record[source])
            if was_json:
                encoded.add(standard)
    if "title" not in columns and not out.get("title"):
        alias = next((name for name in TITLE_ALIASES if out.get(name)), None)
        if alias is not None:
            out["title"] = out.pop(alias)
    return out, encoded


def _record_problem(row: Mapping[Any, Any], fields: Mapping[str, str]) -> str | None:
    """Return why a record with these fields cannot be ingested, or None."""
    if any(isinstance(value, (dict, list)) for key, value in row.items() if key == "text"):
        return "the text field holds a JSON object or array, not a string; record refused"
    for name, value in fields.items():
        if LONE_SURROGATE.search(value) or LONE_SURROGATE.search(name):
            return (
                f"field '{LONE_SURROGATE.sub('?', name)}' holds a lone UTF-16 surrogate "
                "(such as \\ud800): not valid Unicode; record refused"
            )
    return None


def _records_from_rows(
    rows: Sequence[tuple[int, Mapping[Any, Any]]],
    label: str,
    fmt: str,
    columns: Mapping[str, str],
) -> tuple[list[RawRecord], list[InputError]]:
    records: list[RawRecord] = []
    errors: list[InputError] = []
    encoded_fields: set[str] = set()
    text_column = columns.get("text", "text")
    for number, row in rows:
        fields, encoded = _apply_column_map(row, columns)
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
        problem = _record_problem(row, {**fields, "text": text})
        if problem is not None:
            errors.append(InputError(label, problem, kind="malformed", record=number))
            continue
        if not text.strip():
            errors.append(InputError(label, "record has empty text", kind="empty", record=number))
            continue
        encoded_fields |= encoded
        fields = {k: v for k, v in fields.items() if v != ""}
        records.append(RawRecord(label, number, fmt, text, fields))
    errors += [
        InputError(
            label,
            f"field '{name}' held JSON objects or arrays; stored as JSON text",
            kind="encoded",
        )
        for name in sorted(encoded_fields)
    ]
    return records, errors


def _unique_header(header: list[str]) -> list[str]:
    """Return ``header`` with repeated names numbered like pandas does ("a", "a.1")."""
    seen: dict[str, int] = {}
    out = []
    for name in header:
        count = seen.get(name, 0)
        seen[name] = count + 1
        out.append(name if count == 0 else f"{name}.{count}")
    return out


def _unterminated(lines: list[str], start: int) -> bool:
    """True when the CSV text from line ``start`` (0-based) opens a quote it never closes
    (the lenient reader then returns the rest of the file as one field)."""
    try:
        for _ in csv.reader(_io.StringIO("".join(lines[start:]), newline=""), strict=True):
            pass
    except csv.Error as error:
        return "unexpected end of data" in str(error)
    return False


def read_csv_rows(
    text: str, label: str
) -> tuple[list[str], list[tuple[int, dict[str, str]]], list[InputError]]:
    """Return the header, the rows (1-based number, ``{column: value}``) and an error per
    row that cannot be read (more fields than the header, a quote never closed): such a row
    is skipped, the rest of the file is kept. Blank lines are skipped.

    Raises :class:`InputError` for a file without a header or without a single row.
    """
    # A field may be as long as the file (an article in one cell); the default is 128 KiB.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    lines = _io.StringIO(text, newline="").readlines()
    reader = csv.reader(lines)
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    errors: list[InputError] = []
    number = start = last_start = 0
    while True:
        start = reader.line_num
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            number += 1
            errors.append(_row_error(label, number, start, f"{error}"))
            continue
        last_start = start
        if not row:
            continue
        if header is None:
            header = _unique_header(row)
            continue
        number += 1
        if len(row) > len(header):
            problem = f"{len(row)} fields but the header has {len(header)} (an unquoted comma?)"
            errors.append(_row_error(label, number, start, problem))
            continue
        padded = row + [""] * (len(header) - len(row))
        rows.append((number, dict(zip(header, padded, strict=True))))
    if _unterminated(lines, last_start):
        if not number:
            raise InputError(
                label, "malformed CSV: a quote in the header is never closed", kind="malformed"
            )
        rows = [row for row in rows if row[0] != number]
        errors.append(_row_error(label, number, last_start, "a quote opened here is never closed"))
    if header is None:
        raise InputError(label, "CSV file has no header row", kind="empty")
    if not rows and not errors:
        raise InputError(label, "CSV file has a header but no rows", kind="empty")
    return header, rows, errors


def _row_error(label: str, number: int, line: int, problem: str) -> InputError:
    return InputError(
        label,
        f"malformed CSV row (from line {line + 1}): {problem}; row skipped",
        kind="malformed",
        record=number,
    )


def read_csv_records(
    text: str, label: str, columns: Mapping[str, str] | None = None
) -> tuple[list[RawRecord], list[InputError]]:
    """Return one record per CSV row (1-based ``record``) and the per-record errors (a
    malformed row is skipped, not the file).

    Raises :class:`InputError` for a file without rows or without the text column.
    """
    columns = dict(columns or {})
    header, rows, errors = read_csv_rows(text, label)
    text_column = columns.get("text", "text")
    if text_column not in header:
        raise InputError(
            label,
            f"no text column '{text_column}' (columns: {header}); map one with --columns text=NAME",
            kind="missing_column",
        )
    records, record_errors = _records_from_rows(rows, label, "csv", columns)
    return records, sorted(errors + record_errors, key=lambda e: e.record or 0)


def read_jsonl_records(
    text: str, label: str, columns: Mapping[str, str] | None = None
) -> tuple[list[RawRecord], list[InputError]]:
    """Return one record per JSON line (``record`` = 1-based line number) and the errors of
    malformed, too deeply nested or non-object lines; blank lines are skipped."""
    columns = dict(columns or {})
    rows: list[tuple[int, Mapping[str, Any]]] = []
    errors: list[InputError] = []
    # Only "\n" ends a JSON line: U+2028 and friends are valid inside JSON strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        problem: str | None = None
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            problem = f"malformed JSON on line {number}: {error.msg} (column {error.colno})"
        except RecursionError:
            problem = f"JSON on line {number} is nested too deeply to read"
        except ValueError as error:  # e.g. an integer over Python's digit limit
            problem = f"unreadable JSON on line {number}: {error}"
        else:
            if not isinstance(value, dict):
                problem = f"line {number} is a JSON {type(value).__name__}, not an object"
        if problem is not None:
            errors.append(InputError(label, problem, kind="malformed", record=number))
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
) -> tuple[dict[str, dict[str, str]], list[InputError]]:
    """Return ``{file name: {field: value}}`` from ``folder/metadata.csv`` (empty if none),
    and an error per row that is refused (a ``file`` naming a path such as ``../a.txt``
    instead of a file of this folder, a malformed row).

    The file-name column is ``file`` or ``filename``; ``outlet`` fills ``source``; every
    other column becomes metadata. Raises :class:`InputError` for a malformed sidecar
    (``label`` names it in messages; default: its path).
    """
    path = Path(folder) / SIDECAR_NAME
    if not path.is_file():
        return {}, []
    label = label or path.as_posix()
    text, _ = decode_bytes(read_checked_bytes(path, label), label)
    header, rows, errors = read_csv_rows(text, label)
    key = next((c for c in ("file", "filename") if c in header), None)
    if key is None:
        raise InputError(
            label,
            f"sidecar needs a 'file' or 'filename' column; it has {header}",
            kind="missing_column",
        )
    out: dict[str, dict[str, str]] = {}
    for number, row in rows:
        name = row[key]
        if name in ("", ".", "..") or "/" in name or "\\" in name:
            errors.append(InputError(
                label, f"'{key}' is {name!r}, not the name of a file in this folder; row "
                "ignored", kind="malformed", record=number,
            ))  # fmt: skip
            continue
        out[name] = {
            SIDECAR_ALIASES.get(str(column), str(column)): value
            for column, value in row.items()
            if column != key and value != ""
        }
    return out, errors


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
