"""Reading the processed tables: where each lives, and reads that touch as little as possible.

A table is one Parquet file ``NAME.parquet`` or a folder ``NAME/`` of Parquet parts (the
partitioned engine's layout); every function here accepts both. Counts and column names
come from Parquet metadata; :func:`read_rows` and :func:`read_article` decode only the rows
asked for, so a 100,000-article corpus opens in milliseconds.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from framing.errors import MissingStepError, ParameterError, SchemaError

#: Tables written by ``framing ingest``; the others come from ``framing features``.
INGEST_TABLES = frozenset({"articles", "paragraphs", "sentences", "removed_lines", "errors"})
#: Key of the ingest run id in a table's ``DataFrame.attrs`` (kept in the Parquet metadata);
#: ``manifest.json`` records the same id as ``run_id``.
RUN_ID_KEY = "framing_run_id"
#: The files ``framing features`` writes, by the name of the table they hold.
FEATURE_FILES: dict[str, str] = {
    "articles": "features.parquet",
    "spans": "spans.parquet",
    "sentences": "sentence_scores.parquet",
    "actors": "actors.parquet",
    "labels": "labels.parquet",
    "quotes": "quotes.parquet",
}


def table_path(processed_dir: str | os.PathLike[str], name: str) -> Path:
    """Return where table ``name`` lives: ``NAME.parquet`` or a folder ``NAME/`` of parts.

    Raises :class:`SchemaError` when both exist (one is left over from an earlier run with
    the other layout), saying which one ``manifest.json`` belongs to and what to do.
    """
    base = Path(processed_dir)
    single = base / f"{name}.parquet"
    folder = base / name
    if folder.is_dir() and single.is_file():
        raise SchemaError(_mixed_layout_message(base, name))
    if folder.is_dir() and not single.exists():
        return folder
    return single


def _mixed_layout_message(base: Path, name: str) -> str:
    """Explain a table present as both a file and a folder of parts: which one is stale."""
    try:
        layout = json.loads((base / "manifest.json").read_text(encoding="utf-8")).get("layout")
    except (OSError, ValueError, AttributeError):
        layout = None
    both = f"{base} holds table '{name}' twice, as {name}.parquet and as a folder {name}/ of parts"
    if layout == "partitioned":
        return f"{both}; the last ingest was partitioned, so delete the stale {base / name}.parquet"
    if layout == "single":
        return (
            f"{both}; the last ingest wrote single files, so delete the stale folder {base / name}"
        )
    return f"{both}; one is stale: run `framing ingest` again into this folder to rewrite both"


def existing_table(processed_dir: str | os.PathLike[str], name: str) -> Path:
    """Return the path of table ``name``; raise :class:`MissingStepError` naming the step to run."""
    path = table_path(processed_dir, name)
    if not path.exists():
        step = "framing ingest" if name in INGEST_TABLES else "framing features"
        raise MissingStepError(
            f"{path} does not exist: run `{step}` first (or point --processed at the folder "
            "that `framing ingest --out` wrote)"
        )
    return path


def read_table(
    processed_dir: str | os.PathLike[str], name: str, columns: list[str] | None = None
) -> pd.DataFrame:
    """Read table ``name`` from ``processed_dir`` (only ``columns`` when given).

    Raises :class:`SchemaError` naming the file when it is not readable Parquet (truncated
    by a full disk or a copy that stopped).
    """
    path = existing_table(processed_dir, name)
    try:
        frame = pd.read_parquet(path, columns=columns)
    except pa.ArrowInvalid as error:
        raise SchemaError(
            f"{path} is not a readable Parquet table ({error}); it may be truncated: run the "
            "step that writes it again"
        ) from error
    _check_run_id(frame, path, Path(processed_dir))
    return frame


def _check_run_id(frame: pd.DataFrame, path: Path, processed_dir: Path) -> None:
    """Raise :class:`SchemaError` when an ingest table was written by another ingest run than
    the one ``manifest.json`` records (a folder mixed by an interrupted or foreign copy)."""
    table_run = frame.attrs.get(RUN_ID_KEY)
    manifest = processed_dir / "manifest.json"
    if table_run is None or not manifest.is_file():
        return
    try:
        manifest_run = json.loads(manifest.read_text(encoding="utf-8")).get("run_id")
    except (OSError, ValueError):
        return  # an unreadable manifest is reported by whoever needs it
    if manifest_run is not None and manifest_run != table_run:
        raise SchemaError(
            f"{path} was written by ingest run {table_run}, but {manifest} records run "
            f"{manifest_run}: the folder mixes two runs; run `framing ingest` again"
        )


def dataset(processed_dir: str | os.PathLike[str], name: str) -> ds.Dataset:
    """Return table ``name`` as a lazy pyarrow dataset (file or folder of parts)."""
    path = existing_table(processed_dir, name)
    try:
        return ds.dataset(path, format="parquet")
    except pa.ArrowInvalid as error:
        raise SchemaError(
            f"{path} is not a readable Parquet table ({error}); it may be truncated: run the "
            "step that writes it again"
        ) from error


def table_columns(processed_dir: str | os.PathLike[str], name: str) -> list[str]:
    """Return the column names of table ``name`` from the Parquet schema (no data read)."""
    return list(dataset(Path(processed_dir), name).schema.names)


def count_rows(processed_dir: str | os.PathLike[str], name: str = "articles") -> int:
    """Return the number of rows of table ``name`` from Parquet metadata (no data read)."""
    return int(dataset(Path(processed_dir), name).count_rows())


def read_rows(
    processed_dir: str | os.PathLike[str],
    name: str,
    article_ids: list[str] | str,
    columns: list[str] | None = None,
) -> pd.DataFrame:
    """Return the rows of table ``name`` whose ``article_id`` is in ``article_ids``.

    Uses a pyarrow filter, so only the rows asked for are turned into pandas objects.
    """
    ids = [article_ids] if isinstance(article_ids, str) else list(article_ids)
    table = dataset(Path(processed_dir), name).to_table(
        columns=columns, filter=pc.field("article_id").isin(ids)
    )
    return table.to_pandas()


def read_article(
    processed_dir: str | os.PathLike[str], article_id: str, columns: list[str] | None = None
) -> pd.Series:
    """Return one row of the articles table as a Series, reading as little text as possible.

    The ``article_id`` column is read first; then only the row group holding the article is
    decoded (ingest writes row groups of a few thousand rows, so a 100,000-article corpus
    never decodes its whole text column for one article).

    Raises :class:`ParameterError` naming the id when it is not in the corpus.
    """
    processed_dir = Path(processed_dir)
    path = existing_table(processed_dir, "articles")
    if path.is_dir():  # a folder of parts: let the dataset layer prune files and row groups
        frame = read_rows(processed_dir, "articles", article_id, columns)
    else:
        parquet = pq.ParquetFile(path)
        ids = parquet.read(columns=["article_id"]).column("article_id")
        positions = np.flatnonzero(pc.equal(ids, article_id).to_numpy(zero_copy_only=False))
        if len(positions) == 0:
            frame = pd.DataFrame()
        else:
            row = int(positions[0])
            sizes = [parquet.metadata.row_group(i).num_rows for i in range(parquet.num_row_groups)]
            group = int(np.searchsorted(np.cumsum(sizes), row, side="right"))
            offset = row - int(sum(sizes[:group]))
            frame = parquet.read_row_group(group, columns=columns).slice(offset, 1).to_pandas()
    if frame.empty:
        raise ParameterError(
            f"article id {article_id!r} is not in {path}: list ids with "
            "`Corpus(...).table('articles', columns=['article_id'])`"
        )
    return frame.iloc[0]
