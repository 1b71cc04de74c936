"""The processed corpus: table names, their schema, and the :class:`Corpus` that loads them.

``framing ingest`` writes these tables to ``data/processed/``; every later step reads them
through :class:`Corpus` so that paths and columns are defined once.

Tables (one Parquet file each, or a folder of Parquet parts for partitioned corpora):

``articles``
    one row per article: ``article_id`` (content hash, stable across runs and machines),
    ``path`` (relative to the raw folder), ``record`` (row number inside a CSV/JSONL file,
    0 for one-article files), ``collection`` (sub-folder), ``format``, ``title``, ``source``,
    ``date`` (ISO ``YYYY-MM-DD`` or null), ``date_note`` (why a date is missing, partial or
    ambiguous), ``date_candidates`` (ISO dates separated by ``|`` when ambiguous), ``author``,
    ``url``, ``text`` (the clean body), ``word_count`` (:func:`framing.textnorm.count_words`),
    ``language``, ``language_ok``, ``duplicate_of`` (near-duplicate twin id or null),
    ``duplicate_note``, ``input_hash``;
    plus any extra metadata columns from CSV/JSONL records or a sidecar ``metadata.csv``.
``paragraphs``
    ``article_id``, ``paragraph_id``, ``start``, ``end`` (character offsets into
    ``articles.text``), ``text``.
``sentences``
    ``article_id``, ``sentence_id`` (0-based within the article), ``paragraph_id``,
    ``start``, ``end``, ``text``.
``removed_lines``
    ``article_id``, ``path``, ``line_no`` (1-based in the decoded raw text), ``rule_id``,
    ``text``: every line the cleaner dropped, so a researcher can inspect and undo it.
``errors``
    ``path``, ``record``, ``kind``, ``message``: inputs that could not be processed.
``manifest.json``
    pipeline version, package version, per-input hashes, counts and the corpus hash.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from framing.config import find_processed
from framing.errors import MissingStepError, SchemaError
from framing.io import read_json
from framing.tables import count_rows, read_article, read_table

ARTICLE_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "path": "string",
    "record": "int64",
    "collection": "string",
    "format": "string",
    "title": "string",
    "source": "string",
    "date": "string",
    "date_note": "string",
    "date_candidates": "string",
    "author": "string",
    "url": "string",
    "text": "string",
    "word_count": "int64",
    "language": "string",
    "language_ok": "bool",
    "duplicate_of": "string",
    "duplicate_note": "string",
    "input_hash": "string",
}
PARAGRAPH_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "paragraph_id": "int64",
    "start": "int64",
    "end": "int64",
    "text": "string",
}
SENTENCE_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "sentence_id": "int64",
    "paragraph_id": "int64",
    "start": "int64",
    "end": "int64",
    "text": "string",
}
REMOVED_LINE_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "path": "string",
    "line_no": "int64",
    "rule_id": "string",
    "text": "string",
}
ERROR_COLUMNS: dict[str, str] = {
    "path": "string",
    "record": "Int64",
    "kind": "string",
    "message": "string",
}

TABLES: dict[str, dict[str, str]] = {
    "articles": ARTICLE_COLUMNS,
    "paragraphs": PARAGRAPH_COLUMNS,
    "sentences": SENTENCE_COLUMNS,
    "removed_lines": REMOVED_LINE_COLUMNS,
    "errors": ERROR_COLUMNS,
}


def empty_table(name: str) -> pd.DataFrame:
    """Return an empty DataFrame with the columns and dtypes of table ``name``."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in TABLES[name].items()})


def conform(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Return ``df`` with the schema's columns first, cast to their dtypes.

    Extra columns (user metadata) are kept after the schema's columns. Raises
    :class:`SchemaError` naming the missing columns.
    """
    columns = TABLES[name]
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise SchemaError(f"table '{name}' lacks column(s) {missing}; it has {list(df.columns)}")
    extra = [c for c in df.columns if c not in columns]
    out = df[list(columns) + extra].copy()
    for column, dtype in columns.items():
        out[column] = out[column].astype(pd.api.types.pandas_dtype(dtype))
    return out.reset_index(drop=True)


def corpus_hash(article_ids: pd.Series | list[str], pipeline_version: str) -> str:
    """Return a short hash of the sorted article ids and the pipeline version."""
    digest = hashlib.sha256(pipeline_version.encode())
    for article_id in sorted(map(str, article_ids)):
        digest.update(b"\0" + article_id.encode())
    return digest.hexdigest()[:16]


@dataclass
class Corpus:
    """A processed corpus on disk; tables are read lazily, on first access, and cached.

    Without a folder, :func:`framing.config.find_processed` finds it (``FRAMING_PROCESSED``,
    else ``data/processed`` here or in a parent folder up to the project root).

    >>> corpus = Corpus("data/processed")          # doctest: +SKIP
    >>> corpus.articles[["article_id", "title"]]    # doctest: +SKIP
    """

    processed_dir: Path = field(default_factory=find_processed)

    def __post_init__(self) -> None:
        self.processed_dir = find_processed(self.processed_dir)

    def table(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        """Read any table of the processed folder by name (uncached; ``columns`` to subset)."""
        return read_table(self.processed_dir, name, columns)

    @cached_property
    def articles(self) -> pd.DataFrame:
        return self.table("articles")

    @cached_property
    def paragraphs(self) -> pd.DataFrame:
        return self.table("paragraphs")

    @cached_property
    def sentences(self) -> pd.DataFrame:
        return self.table("sentences")

    @cached_property
    def removed_lines(self) -> pd.DataFrame:
        return self.table("removed_lines")

    @cached_property
    def errors(self) -> pd.DataFrame:
        return self.table("errors")

    @cached_property
    def manifest(self) -> dict:
        path = self.processed_dir / "manifest.json"
        if not path.exists():
            raise MissingStepError(f"{path} does not exist: run `framing ingest` first")
        return read_json(path)

    @property
    def hash(self) -> str:
        """The corpus hash recorded by ingest (changes when any article or the pipeline does)."""
        return str(self.manifest["corpus_hash"])

    def __len__(self) -> int:
        return count_rows(self.processed_dir, "articles")  # Parquet metadata, no data read

    def __getitem__(self, article_id: str) -> Any:
        """Return one article: a rich display once :mod:`framing.explore` is imported
        (``framing.Corpus`` imports it), else its row of the articles table as a Series.

        Reads one row group of the articles table, not the whole text column.
        """
        if _ARTICLE_VIEW:
            return _ARTICLE_VIEW[0](article_id, corpus=self)
        return read_article(self.processed_dir, article_id)


#: The display ``Corpus[...]`` returns, registered by a higher layer (at most one).
_ARTICLE_VIEW: list[Callable[..., Any]] = []


def register_article_view(view: Callable[..., Any]) -> None:
    """Make ``Corpus[article_id]`` return ``view(article_id, corpus=corpus)``.

    The core cannot import the explore layer's display without depending upward on it, so
    the display registers itself here when :mod:`framing.explore` is imported.
    """
    _ARTICLE_VIEW[:] = [view]


def load_corpus(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Return the articles table of the processed corpus at ``path`` (found when None).

    >>> articles = load_corpus("data/processed")   # doctest: +SKIP
    >>> articles.loc[0, "title"]                   # doctest: +SKIP
    """
    return (Corpus() if path is None else Corpus(Path(path))).articles
