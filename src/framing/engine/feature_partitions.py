"""Features partitions: one per ingest partition, or ``chunk_size`` articles of a one-file corpus.

:func:`plan_features` cuts a processed corpus into :class:`FeatureTask` s and
:func:`features_partition` extracts the feature tables of one (in any worker).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from framing import __version__
from framing.engine import partitions
from framing.errors import MissingStepError, SchemaError
from framing.features.chunk_tables import extract_tables
from framing.features.data_files import packaged_data_digest
from framing.features.domains import load_domain_packs
from framing.features.lexicon import Lexicon
from framing.features.schema import FEATURES_VERSION
from framing.io import read_json
from framing.tables import FEATURE_FILES, table_path


@dataclass(frozen=True)
class FeatureTask:
    """One features partition: an articles part (or a chunk of ids of a one-file table)."""

    key: str
    processed_dir: str
    ids: tuple[str, ...] | None
    n_articles: int
    fingerprint: str
    lexicon: Lexicon | None = None


def features_partition(task: FeatureTask) -> dict[str, Any]:
    """Extract the features of one partition and write its parts and marker; return it."""
    base = Path(task.processed_dir)
    article_columns = ["article_id", "title", "text"]
    sentence_columns = ["article_id", "sentence_id", "start", "end", "text"]
    if task.ids is None:
        articles = pd.read_parquet(partitions.part_path(base, "articles", task.key),
                                   columns=article_columns)  # fmt: skip
        sentences = pd.read_parquet(partitions.part_path(base, "sentences", task.key),
                                    columns=sentence_columns)  # fmt: skip
    else:
        ids = list(task.ids)
        where = [("article_id", "in", ids)]
        articles = pd.read_parquet(table_path(base, "articles"), columns=article_columns,
                                   filters=where)  # fmt: skip
        articles = articles.set_index("article_id").loc[ids].reset_index()
        sentences = pd.read_parquet(table_path(base, "sentences"),
                                    columns=sentence_columns, filters=where)  # fmt: skip
    tables = extract_tables(articles, sentences, task.lexicon)
    return partitions.write_partition(
        {FEATURE_FILES[name]: frame for name, frame in tables.items()},
        base,
        "features",
        task.key,
        task.fingerprint,
    )


def plan_features(
    base: Path, lexicon: Lexicon, chunk_size: int
) -> tuple[list[FeatureTask], list[str]]:
    """Return the features partitions of the corpus in ``base`` and all its article ids.

    A partition's fingerprint covers the features and package versions, the lexicon (its
    version, files and a digest of its entries, so an edited file re-extracts even when its
    version is unchanged), the domain packs' seeds, a digest of the packaged data files
    (actors, labels, cues, model) and its input (the ingest partition's marker, or the
    chunk's ids). Raises
    :class:`MissingStepError` when the corpus is not ingested, :class:`SchemaError` when an
    article id repeats.
    """
    packs = load_domain_packs(lexicon.domain_packs).packs
    lexicon_id = [
        lexicon.version,
        list(lexicon.sources),
        lexicon.digest(),
        [[pack.domain, list(pack.seeds), list(pack.sides)] for pack in packs],
        packaged_data_digest(),
    ]
    articles_path = table_path(base, "articles")
    if not articles_path.exists():
        raise MissingStepError(f"{articles_path} does not exist: run `framing ingest` first")
    tasks: list[FeatureTask] = []
    all_ids: list[str] = []
    if articles_path.is_dir():
        manifest = read_json(base / "manifest.json") if (base / "manifest.json").exists() else {}
        for key in manifest.get("partitions", {}):
            part = partitions.part_path(base, "articles", key)
            if not part.exists():
                raise MissingStepError(f"{part} is missing: re-run the partitioned ingest")
            marker = partitions.read_marker(base, "ingest", key) or {}
            ids = pd.read_parquet(part, columns=["article_id"])["article_id"].astype(str)
            all_ids += ids.tolist()
            print_ = partitions.fingerprint(
                "features", FEATURES_VERSION, __version__, lexicon_id,
                marker.get("fingerprint"), marker.get("finished_at"),
            )  # fmt: skip
            tasks.append(FeatureTask(key, str(base.resolve()), None, len(ids), print_, lexicon))
    else:
        ids = pd.read_parquet(articles_path, columns=["article_id"])["article_id"].astype(str)
        all_ids = ids.tolist()
        for number, start in enumerate(range(0, len(all_ids), chunk_size)):
            chunk = tuple(all_ids[start : start + chunk_size])
            print_ = partitions.fingerprint("features", FEATURES_VERSION, __version__,
                                            lexicon_id, chunk)  # fmt: skip
            key = partitions.partition_key("chunk", number)
            tasks.append(FeatureTask(key, str(base.resolve()), chunk, len(chunk), print_, lexicon))
    if len(set(all_ids)) != len(all_ids):
        raise SchemaError(f"{base}: the articles table has duplicate article_id")
    return tasks, all_ids
