"""framing.explore on the sample corpus: concordances, lazy reads, group comparisons."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

from framing.corpus import ARTICLE_COLUMNS, Corpus, conform
from framing.errors import MissingStepError, ParameterError
from framing.explore import (
    KWIC_COLUMNS,
    META_COLUMNS,
    compile_pattern,
    count_rows,
    find_matches,
    kwic,
    read_article,
)

STOLTENBERG = "The Real Reason Behind Ukraine Invasion – NATO Chief Stoltenberg Admits Russia"
MUSK = "Elon Musk shared a video to show how NATO expansion angered Vladimir Putin"


def _id_of(corpus: Corpus, title_start: str) -> str:
    articles = corpus.articles
    return str(articles.loc[articles["title"].str.startswith(title_start), "article_id"].iloc[0])


def test_kwic_proxy_war_exact_lines(sample_corpus: Corpus) -> None:
    lines = kwic("proxy war", window=30, corpus=sample_corpus)
    assert list(lines.columns) == KWIC_COLUMNS + META_COLUMNS
    assert lines[["left", "match", "right"]].values.tolist() == [
        ["he U.S. would pull out of the ", "proxy war", ", ending the free flow of tens"],
        ["Yes, Washington is losing the ", "proxy war", " and it is cooking a new narra"],
    ]
    article_id = _id_of(sample_corpus, STOLTENBERG)
    assert lines["article_id"].tolist() == [article_id, article_id]
    assert lines["date"].tolist() == ["2023-09-13", "2023-09-13"]
    # Offsets point into the article text; sentence ids name the sentence holding the match.
    text = sample_corpus.articles.set_index("article_id").loc[article_id, "text"]
    sentences = sample_corpus.sentences.set_index(["article_id", "sentence_id"])
    for line in lines.itertuples():
        assert text[line.start : line.end] == "proxy war"
        sentence = sentences.loc[(article_id, line.sentence_id)]
        assert sentence["start"] <= line.start < sentence["end"]
        assert "proxy war" in sentence["text"]
    assert sentences.loc[(article_id, lines["sentence_id"].iloc[1]), "text"] == (
        "Yes, Washington is losing the proxy war and it is cooking a new narrative or excuse "
        "to prevent humiliation."
    )


def test_kwic_is_case_insensitive_and_respects_word_boundaries(sample_corpus: Corpus) -> None:
    assert len(kwic("nato", corpus=sample_corpus)) == len(kwic("NATO", corpus=sample_corpus)) == 56
    unprovoked = kwic("UNPROVOKED", window=20, corpus=sample_corpus)
    assert unprovoked["match"].tolist() == ["unprovoked"] * 3
    assert unprovoked["right"].tolist() == [
        ".” Sachs stated in ",  # a paragraph break collapsed to one space
        "’ incessantly, most ",
        " war”, the Russian l",
    ]
    # "expan" is not a word of the sample: whole-word matching finds nothing...
    assert kwic("expan", corpus=sample_corpus).empty
    # ...but the regex with a word tail finds every inflection.
    grown = kwic(r"expan\w+", regex=True, window=15, corpus=sample_corpus)
    assert sorted(set(grown["match"])) == ["expand", "expansion", "expansionism"]
    assert len(grown) == 20


def test_kwic_regex_limit_and_empty_result(sample_corpus: Corpus) -> None:
    limited = kwic("NATO", corpus=sample_corpus, limit=3)
    assert len(limited) == 3
    assert limited["article_id"].nunique() == 1
    empty = kwic("no such phrase here", corpus=sample_corpus)
    assert empty.empty
    assert list(empty.columns) == KWIC_COLUMNS + META_COLUMNS
    assert str(empty["start"].dtype) == "int64"


def test_kwic_rejects_bad_parameters(sample_corpus: Corpus, tmp_path) -> None:
    with pytest.raises(ParameterError, match=r"invalid regex '\(unclosed'"):
        kwic("(unclosed", regex=True, corpus=sample_corpus)
    with pytest.raises(ParameterError, match="non-empty term"):
        kwic("   ", corpus=sample_corpus)
    with pytest.raises(ParameterError, match="window must be a non-negative"):
        kwic("war", window=-1, corpus=sample_corpus)
    with pytest.raises(
        MissingStepError, match="articles.parquet does not exist: run `framing ingest`"
    ):
        kwic("war", processed_dir=tmp_path)


def test_kwic_matches_whitespace_between_words_and_collapses_it(tmp_path) -> None:
    articles = pd.DataFrame(
        {
            "article_id": ["a1", "a2"],
            "text": [
                "A proxy\n\nwar began. Proxywar is not it.",
                "No PROXY  WAR_ here; proxy war.",
            ],
            "source": ["s1", "s2"],
            "date": ["2024-01-02", None],
        }
    )
    sentences = pd.DataFrame(
        {
            "article_id": ["a1", "a1", "a2"],
            "sentence_id": [0, 1, 0],
            "paragraph_id": [0, 1, 0],
            "start": [0, 19, 0],
            "end": [18, 39, 31],
            "text": [
                "A proxy\n\nwar began.",
                "Proxywar is not it.",
                "No PROXY  WAR_ here; proxy war.",
            ],
        }
    )
    for column in set(ARTICLE_COLUMNS) - set(articles.columns):
        articles[column] = None
    articles["record"], articles["word_count"], articles["language_ok"] = 0, 5, True
    conform(articles, "articles").to_parquet(tmp_path / "articles.parquet")
    conform(sentences, "sentences").to_parquet(tmp_path / "sentences.parquet")
    lines = kwic("proxy war", window=10, processed_dir=tmp_path)
    assert lines[
        ["left", "match", "right", "article_id", "sentence_id", "start"]
    ].values.tolist() == [
        ["A ", "proxy war", " began. Pr", "a1", 0, 2],
        ["AR_ here; ", "proxy war", ".", "a2", 0, 21],
    ]
    assert lines["source"].tolist() == ["s1", "s2"]
    assert lines["date"].isna().tolist() == [False, True]


@pytest.mark.parametrize(
    ("text", "term", "expected"),
    [
        ("xa a a", "a a", [(3, 6)]),  # a failed boundary check resumes one character later
        ("warwar war War_ WAR.", "war", [(7, 10), (16, 19)]),
        ("İx War war", "war", [(3, 6), (7, 10)]),  # lower() changes the length: fallback path
        ("U.S. troops; the u.s. said", "U.S.", [(0, 4), (17, 21)]),
    ],
)
def test_find_matches_agrees_with_the_lookaround_pattern(text, term, expected) -> None:
    assert find_matches(text, term) == expected
    assert [m.span() for m in compile_pattern(term).finditer(text)] == expected


def test_read_article_reads_one_row_group(sample_corpus: Corpus, tmp_path) -> None:
    articles = sample_corpus.articles
    # Re-write the table in row groups of 2 rows: the reader must pick the right group.
    articles.to_parquet(tmp_path / "articles.parquet", row_group_size=2)
    assert pq.ParquetFile(tmp_path / "articles.parquet").num_row_groups == 3
    for position in range(len(articles)):
        article_id = articles["article_id"].iloc[position]
        row = read_article(tmp_path, article_id, ["article_id", "title", "text"])
        assert row["title"] == articles["title"].iloc[position]
        assert row["text"] == articles["text"].iloc[position]
    with pytest.raises(ParameterError, match="article id 'nope' is not in .*articles.parquet"):
        read_article(tmp_path, "nope")
    assert count_rows(tmp_path) == 5


def test_corpus_len_and_getitem(sample_corpus: Corpus) -> None:
    assert len(sample_corpus) == 5
    article = sample_corpus[_id_of(sample_corpus, MUSK)]
    assert article.title == MUSK
    assert article.text.startswith("On Tuesday, tech billionaire Elon Musk posted a video")
