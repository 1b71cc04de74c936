"""framing.codebook(): one entry per column of the article feature table, as data."""

from __future__ import annotations

import pytest

import framing
from framing.errors import LexiconError
from framing.features.codebook import CODEBOOK_COLUMNS, codebook, groups
from framing.features.schema import article_columns
from framing.measures import VALIDITY_KEYS


def test_codebook_covers_every_column_of_the_article_feature_table(sample_features) -> None:
    book = framing.codebook()
    assert list(book.columns) == CODEBOOK_COLUMNS
    columns = list(sample_features.articles.columns)
    missing = [c for c in columns if c not in set(book["name"])]
    assert missing == [], f"add these feature columns to features/codebook.yml: {missing}"
    # ...and lists nothing the table lacks (a renamed column leaves no stale entry behind).
    assert sorted(book["name"]) == sorted(article_columns())
    assert book["name"].is_unique
    assert book[["name", "group", "measures", "unit"]].notna().all().all()


def test_codebook_explains_expanded_families_and_links_validity_cards() -> None:
    book = codebook().set_index("name")
    frame = book.loc["frame_external_regulation_and_reputation"]
    assert frame["group"] == "frames"
    assert frame["measures"] == (
        "seed terms of the Policy Frames Codebook dimension 'external regulation and "
        "reputation' per 1,000 words"
    )
    assert frame["validity_link"] == "validity.html#frames"
    assert book.loc["loaded_war_naming", "measures"].startswith(
        "loaded-term occurrences of the category war_naming: names the war"
    )
    assert book.loc["hedges_per_1k", "measures"] == "hedge cues per 1,000 words"
    assert book.loc["sentiment_arc_5", "validity_link"] == "validity.html#sentence_sentiment"
    assert book.loc["loaded_per_1k", "unit"] == "per 1,000 words"
    assert set(book["validity"].dropna()) <= set(VALIDITY_KEYS)
    assert book["validity_link"].isna().tolist() == book["validity"].isna().tolist()
    assert groups()["quotations"] == ["quoted_share", "n_quotes", "top_speaker"]


def test_a_bad_codebook_file_is_named_with_its_problem(tmp_path) -> None:
    path = tmp_path / "codebook.yml"
    path.write_text(
        "columns:\n  - name: x\n    group: g\n    measures: m\n    unit: u\n    validity: nope\n",
        encoding="utf-8",
    )
    with pytest.raises(LexiconError, match=r"codebook.yml: codebook entry 'x' names validity"):
        codebook(path)
    path.write_text("columns:\n  - name: x\n    group: g\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"entry 'x' lacks \['measures', 'unit'\]"):
        codebook(path)
    path.write_text(
        "columns:\n  - {name: x, group: g, measures: m, unit: u}\n"
        "  - {name: x, group: g, measures: m, unit: u}\n",
        encoding="utf-8",
    )
    with pytest.raises(LexiconError, match=r"lists column\(s\) \['x'\] twice"):
        codebook(path)
    path.write_text(
        "columns:\n  - {name: 'a_{item}', expand: planets, group: g, measures: m, unit: u}\n",
        encoding="utf-8",
    )
    with pytest.raises(LexiconError, match="expands unknown family 'planets'"):
        codebook(path)
