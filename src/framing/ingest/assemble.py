"""Rows -> the processed tables: typed frames, a stable row order, duplicates, validation.

The whole-corpus ingest (:mod:`framing.ingest.step`) and the partitioned one
(:mod:`framing.engine`) both stage their rows with :func:`stage_tables`, then call
:func:`finish_tables`, so both write identical tables.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from framing import corpus
from framing.errors import FramingError, SchemaError
from framing.ingest.dedup import collapse_exact, flag_near_duplicates
from framing.ingest.rawfiles import NOTE_KINDS
from framing.ingest.records import SIGNATURE, TABLE_NAMES, FileResult, Rows

#: Per table, the columns that order the rows of one record (after file order and record).
ROW_ORDER: dict[str, list[str]] = {
    "articles": [],
    "paragraphs": ["paragraph_id"],
    "sentences": ["sentence_id"],
    "removed_lines": ["line_no", "rule_id"],
    "errors": ["kind"],
}


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
    notes: int = 0
    note_messages: list[str] = field(default_factory=list)
    replaced: str | None = None
    exact_duplicates: int = 0
    near_duplicates: int = 0
    unchanged_files: int = 0
    changed_files: int = 0

    @property
    def ok(self) -> bool:
        """True when no file or record failed (notes, such as skipped files, are not failures)."""
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
            ("notes (skipped, renamed)", self.notes),
            ("removed lines", self.removed_lines),
        ]
        items += [(f"  removed: {rule}", n) for rule, n in sorted(self.removed_by_rule.items())]
        return pd.DataFrame(items, columns=["item", "value"])


def rows_frame(rows: list[dict[str, Any]], name: str, *, key_columns: bool) -> pd.DataFrame:
    """Return the rows of table ``name`` as a frame with the schema's columns and dtypes.

    key_columns
        keep ``path`` and ``record`` on every table (staged rows need them to drop the rows
        of collapsed duplicates); extra metadata columns become strings.
    """
    columns: dict[str, Any] = dict(corpus.TABLES[name])  # name -> pandas dtype
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


def sort_rows(frame: pd.DataFrame, name: str, file_order: Mapping[str, int]) -> pd.DataFrame:
    """Return the staged rows of table ``name`` in file order (``file_order``: path -> rank;
    paths not in it first), then by record and the table's :data:`ROW_ORDER` (stable)."""
    frame = frame.assign(_order=frame["path"].map(file_order).fillna(-1))
    return (
        frame.sort_values(["_order", "record", *ROW_ORDER[name]], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def stage_tables(
    results: Sequence[FileResult],
    file_order: Sequence[str],
    *,
    errors: Rows | None = None,
    previous: Mapping[str, pd.DataFrame] | None = None,
) -> dict[str, pd.DataFrame]:
    """Return every table's staged rows (key columns kept) in the order of ``file_order``.

    errors
        ``errors`` rows that belong to no file of ``results`` (bad sidecars); they go first.
    previous
        rows to keep from an earlier run (the files that did not change), per table.
    """
    order = {label: rank for rank, label in enumerate(file_order)}
    staged: dict[str, pd.DataFrame] = {}
    for name in TABLE_NAMES:
        frames = [previous[name]] if previous is not None else []
        rows = [row for result in results for row in result.rows[name]]
        if name == "errors":
            rows = list(errors or []) + rows
        frames.append(rows_frame(rows, name, key_columns=True))
        combined = pd.concat([f for f in frames if len(f)] or frames[-1:], ignore_index=True)
        staged[name] = sort_rows(combined, name, order)
    return staged


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


def finish_tables(
    staged: dict[str, pd.DataFrame], out_dir: Path
) -> tuple[dict[str, pd.DataFrame], IngestSummary]:
    """Return the final tables and their summary from the staged ones (:func:`sort_rows`).

    Collapses exact duplicates, flags near duplicates, drops the rows of collapsed copies
    and the key columns, then validates (raises :class:`SchemaError`).
    """
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
    is_note = tables["errors"]["kind"].isin(NOTE_KINDS).to_numpy(dtype=bool)
    messages = tables["errors"]["message"].astype(str)
    summary = IngestSummary(
        out_dir=str(out_dir),
        articles=len(articles),
        words=int(articles["word_count"].sum()),
        sentences=len(tables["sentences"]),
        removed_lines=len(removed),
        removed_by_rule=dict(Counter(removed["rule_id"].astype(str))),
        errors=int((~is_note).sum()),
        error_messages=messages[~is_note].tolist(),
        notes=int(is_note.sum()),
        note_messages=messages[is_note].tolist(),
        exact_duplicates=len(dropped),
        near_duplicates=int(articles["duplicate_of"].notna().sum()),
    )
    return tables, summary
