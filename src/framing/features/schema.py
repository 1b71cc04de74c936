"""The columns and dtypes of the feature tables, in one place.

Building (:mod:`framing.features.chunk_tables`), concatenating
(:mod:`framing.features.extraction`) and reading them back
(:class:`~framing.features.feature_set.FeatureSet`) all follow this schema.
"""

from __future__ import annotations

import pandas as pd

from framing.features.frames import DIMENSIONS
from framing.features.lexicon import CATEGORIES, SIDES

#: Bump when a change to any feature family changes the feature tables.
FEATURES_VERSION = "2"  # 2: voice (distanced), title field, side counts, domain
#: The ``kind`` of a row of the ``spans`` table.
KINDS = ("loaded", "label", "actor", "quote", "stance", "frame")
#: Stance cue category -> the stem of its ``<stem>_per_1k`` column.
STANCE_CUES = {"hedge": "hedges", "certainty": "certainty", "intensifier": "intensifiers",
               "modal": "modals"}  # fmt: skip
#: Bins of the sentiment arc (``sentiment_arc_1`` … ``sentiment_arc_5``).
N_ARC = 5

SENTENCE_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "sentence_id": "int64",
    "start": "int64",
    "end": "int64",
    "text": "string",
    "compound": "float64",
    "compound_vader": "float64",
}
ACTOR_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "actor": "string",
    "mentions": "int64",
    "n_sentences": "int64",
    "first_position": "float64",
    "sentiment_mean": "float64",
    "share_negative": "float64",
    # target sentiment (``extract(target_sentiment=True)``; else 0 and NaN): mentions judged,
    # mean score (P(positive) - P(negative)) and its bootstrap 95 % interval over mentions
    "target_n": "int64",
    "target_mean": "float64",
    "target_low": "float64",
    "target_high": "float64",
}
#: Per article, the same over all its actor mentions.
ARTICLE_TARGET_COLUMNS = {"actor_target_mean": "float64", "actor_target_low": "float64",
                          "actor_target_high": "float64"}  # fmt: skip
#: Added to the span table, filled on actor rows only.
SPAN_TARGET_COLUMNS = {"target_label": "string", "target_score": "float64",
                       "target_voice": "string"}  # fmt: skip
LABEL_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "label_set": "string",
    "label": "string",
    "n_author": "int64",
    "n_quoted": "int64",
    "n_distanced": "int64",  # named to be rejected: "so-called", scare quotes
    # n_author / the article's author-voice labels of the same label_set (NaN when none)
    "share_author": "float64",
}
QUOTE_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "quote_id": "int64",
    "start": "int64",
    "end": "int64",
    "text": "string",
    "speaker": "string",
    "verb": "string",
    "verb_class": "string",
    "n_words": "int64",
}


#: The framing signal per article: distanced hits; per side of the lexicon, the
#: author-voice hits (not quoted, negated or distanced) and the distanced ones, title and
#: body together; and the title's own hits.
LOADED_SIGNAL_COLUMNS: dict[str, str] = {
    "domain": "string",  # the article's domain (framing.features.domains)
    "loaded_distanced": "int64",
    **{f"side_{side}": "int64" for side in SIDES if side != "none"},
    **{f"distanced_{side}": "int64" for side in SIDES if side != "none"},
    "title_loaded_hits": "int64",
    "title_loaded_author_voice": "int64",
    "title_loaded_distanced": "int64",
}


def article_columns() -> dict[str, str]:
    """Return the columns of the ``articles`` feature table and their dtypes, in order."""
    columns: dict[str, str] = {
        "article_id": "string",
        "n_sentences": "int64",
        "n_tokens": "int64",
        "loaded_hits": "int64",
        "loaded_per_1k": "float64",
        "loaded_author_voice": "int64",
        "loaded_quoted": "int64",
        "loaded_negated": "int64",
        **LOADED_SIGNAL_COLUMNS,
    }
    columns.update({f"loaded_{c}": "int64" for c in CATEGORIES})
    columns.update(
        {
            "label_hits": "int64",
            "actor_mentions": "int64",
            "n_actors": "int64",
            **ARTICLE_TARGET_COLUMNS,
            "sentiment_mean": "float64",
            "sentiment_neg_share": "float64",
        }
    )
    columns.update({f"sentiment_arc_{i}": "float64" for i in range(1, N_ARC + 1)})
    columns.update(
        {
            "quoted_share": "float64",
            "n_quotes": "int64",
            "top_speaker": "string",
        }
    )
    columns.update({f"{name}_per_1k": "float64" for name in STANCE_CUES.values()})
    columns["subjectivity"] = "float64"
    columns.update({f"frame_{d}": "float64" for d in DIMENSIONS})
    columns.update({"flesch_reading_ease": "float64", "fk_grade": "float64"})
    return columns


def empty_table(columns: dict[str, str]) -> pd.DataFrame:
    """Return a table with ``columns`` (name -> dtype) and no rows."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})


def typed_table(rows: list[tuple] | pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Return ``rows`` (tuples in column order, or a table) with exactly ``columns``, typed."""
    if isinstance(rows, pd.DataFrame):
        frame = rows.reindex(columns=list(columns))
    else:
        if not rows:
            return empty_table(columns)
        frame = pd.DataFrame.from_records(rows, columns=list(columns))
    return frame.astype(columns).reset_index(drop=True)
