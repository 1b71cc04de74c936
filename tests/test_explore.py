"""framing.explore.kwic and .queries on the sample corpus: concordances, lazy reads, groups."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from framing.corpus import ARTICLE_COLUMNS, Corpus, conform
from framing.errors import MissingStepError, ParameterError
from framing.explore.kwic import (
    KWIC_COLUMNS,
    compile_pattern,
    count_note,
    find_matches,
    kwic,
    term_contexts,
)
from framing.explore.queries import META_COLUMNS, actors, compare, labels, quotes
from framing.tables import count_rows, read_article

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
    assert (
        lines["context"].iloc[1]
        == sentences.loc[(article_id, lines["sentence_id"].iloc[1]), "text"]
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
    with pytest.raises(ParameterError, match="window must be >= 0, got -1"):
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
            "start": [0, 20, 0],
            "end": [19, 39, 31],
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
    # The full context is the whole sentence, whitespace collapsed; a match across a sentence
    # boundary keeps both sentences.
    assert lines["context"].tolist() == ["A proxy war began.", "No PROXY WAR_ here; proxy war."]
    across = kwic("began. proxywar", window=5, processed_dir=tmp_path)
    assert across["context"].tolist() == ["A proxy war began. Proxywar is not it."]


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


# -- helpers over the feature tables ----------------------------------------------------


def test_term_contexts_are_the_counted_hits(
    sample_corpus: Corpus, sample_features, tmp_path: Path
) -> None:
    lines = term_contexts("proxy war", window=30, features=sample_features, corpus=sample_corpus)
    concordance = kwic("proxy war", window=30, corpus=sample_corpus)
    assert list(lines.columns) == KWIC_COLUMNS + META_COLUMNS
    columns = ["left", "match", "right", "article_id", "sentence_id", "start", "end", "context"]
    assert lines[columns].values.tolist() == concordance[columns].values.tolist()
    # From the saved tables too (what the browser reads), and for an inflected label.
    saved = _saved(sample_corpus, sample_features, tmp_path / "p")
    invasion = term_contexts("invasion", kind="label", corpus=saved)
    assert {"invasion", "invaded", "invade"} <= set(invasion["match"].str.lower())
    # The lexicon entry's hits include its variants and the headlines; kwic finds the exact
    # phrase in the article texts: the same hits as the entry's exact body hits.
    every = term_contexts("invasion", corpus=saved)
    body = every[every["sentence_id"] >= 0]
    exact_body = body[body["match"].str.lower() == "invasion"]
    exact = kwic("invasion", corpus=saved)
    assert exact_body[["article_id", "start", "end"]].values.tolist() == (
        exact[["article_id", "start", "end"]].values.tolist()
    )
    assert len(every) > len(exact)
    headlines = every[every["sentence_id"] == -1]
    articles = saved.articles.set_index("article_id")
    for line in headlines.itertuples():
        title = articles.loc[line.article_id, "title"]
        assert title[line.start : line.end] == line.match
        assert line.context == f"Headline: {title}"
    note = count_note("invasion", every)
    assert note.startswith(f"{len(every)} matches of the lexicon entry 'invasion', variants ")
    assert note.endswith("kwic('invasion') finds only the exact phrase, in article texts.")
    assert count_note("proxy war", lines) == (
        "2 matches of the lexicon entry 'proxy war', all of them the exact phrase."
    )
    made = pd.DataFrame(
        {"match": ["Invasion", "invaded", "invasion", "invade"], "sentence_id": [-1, 3, 4, 5]}
    )
    assert count_note("invasion", made) == (
        "4 matches of the lexicon entry 'invasion', variants included (invaded 1, invade 1); "
        "2 of them are the exact phrase, 1 is in headlines. kwic('invasion') finds only the "
        "exact phrase, in article texts."
    )
    assert term_contexts("no such term", features=sample_features, corpus=sample_corpus).empty


def _saved(sample_corpus: Corpus, sample_features, folder: Path) -> Corpus:
    """A copy of the sample's processed folder with the feature tables saved in it."""
    shutil.copytree(sample_corpus.processed_dir, folder)
    sample_features.save(folder)
    return Corpus(folder)


def test_compare_by_source_and_year(sample_corpus: Corpus, sample_features) -> None:
    view = compare(
        "source", columns=["loaded_per_1k", "quoted_share"], features=sample_features,
        corpus=sample_corpus,
    )  # fmt: skip
    table = view.table  # the full DataFrame, one call away from the readable view
    assert table.index.tolist() == ["YCPress", "unknown"]
    assert table["n_articles"].tolist() == [1, 4]
    features = sample_features.articles.set_index("article_id")
    yc = _id_of(sample_corpus, "Putin said NATO's eastward expansion is unacceptable")
    assert table.loc["YCPress", "loaded_per_1k"] == features.loc[yc, "loaded_per_1k"]
    others = features.drop(index=yc)["quoted_share"]
    assert table.loc["unknown", "quoted_share"] == pytest.approx(others.mean())
    by_year = compare("year", columns=["n_quotes"], stat="sum", features=sample_features,
                      corpus=sample_corpus).table  # fmt: skip
    assert by_year["n_articles"].to_dict() == {"(no year)": 4, "2023": 1}
    stoltenberg = _id_of(sample_corpus, STOLTENBERG)
    assert by_year.loc["2023", "n_quotes"] == features.loc[stoltenberg, "n_quotes"]
    with pytest.raises(ParameterError, match="cannot group by 'outlet': it is not a column"):
        compare("outlet", features=sample_features, corpus=sample_corpus)
    with pytest.raises(ParameterError, match=r"unknown feature column\(s\) \['nope'\]"):
        compare(columns=["nope"], features=sample_features, corpus=sample_corpus)


def test_compare_shows_features_as_rows_grouped_as_in_the_codebook(
    sample_corpus: Corpus, sample_features
) -> None:
    view = compare("source", features=sample_features, corpus=sample_corpus)
    assert view.table.shape == (
        2,
        1 + len(sample_features.articles.select_dtypes("number").columns),
    )
    rows = view.transposed()
    assert list(rows.columns) == ["YCPress", "unknown", "unit", "measures"]
    assert rows.index[0] == ("size", "n_articles")
    assert rows.loc[("frames", "frame_external_regulation_and_reputation"), "unit"] == (
        "per 1,000 words"
    )
    assert (
        rows.loc[("loaded terms", "loaded_per_1k"), "YCPress"] == view["loaded_per_1k"]["YCPress"]
    )
    # Groups appear in codebook order, each once, as one block of rows.
    groups = list(dict.fromkeys(rows.index.get_level_values("group")))
    assert groups[:4] == [
        "size",
        "size and readability",
        "loaded terms",
        "loaded terms by category",
    ]
    assert len(groups) == rows.index.get_level_values("group").nunique()
    page = view._repr_html_()
    assert page.count('<tr class="framing-group">') == len(groups)
    assert "2 groups" in page and ".table is the full DataFrame" in page
    assert repr(view).splitlines()[0] == (
        f"mean of {view.table.shape[1] - 1} features by source (2 groups); "
        ".table is the full DataFrame"
    )
    # A column the codebook does not know (a user's own) lands in the group "other".
    extra = sample_features.articles.assign(my_score=1.5)
    mine = compare("source", columns=["my_score"], corpus=sample_corpus,
                   features=dataclasses.replace(sample_features, articles=extra))  # fmt: skip
    assert mine.transposed().index.tolist() == [("size", "n_articles"), ("other", "my_score")]


def test_actors_labels_quotes(sample_corpus: Corpus, sample_features) -> None:
    table = actors(features=sample_features, corpus=sample_corpus)
    assert table.columns.tolist() == ["actor", "n_articles", "mentions", "sentiment_mean"]
    raw = sample_features.actors
    russia = raw[raw["actor"] == "Russia"]
    top = table.iloc[0]
    assert top["actor"] == "Russia" and top["n_articles"] == 5
    assert top["mentions"] == russia["mentions"].sum()
    weighted = (russia["sentiment_mean"] * russia["mentions"]).sum() / russia["mentions"].sum()
    assert top["sentiment_mean"] == pytest.approx(weighted)
    assert table["mentions"].is_monotonic_decreasing

    choices = labels(label_set="war_naming", features=sample_features, corpus=sample_corpus)
    assert set(choices["label_set"]) == {"war_naming"}
    assert choices.groupby("source")["share"].sum().round(9).tolist() == [1.0, 1.0]
    raw_labels = sample_features.labels
    invasion = raw_labels[
        (raw_labels["label_set"] == "war_naming") & (raw_labels["label"] == "invasion")
    ]
    assert (
        choices.loc[choices["label"] == "invasion", "n_author"].sum() == invasion["n_author"].sum()
    )

    sachs = quotes(speaker="sachs", features=sample_features, corpus=sample_corpus)
    assert len(sachs) == 4
    assert set(sachs["speaker"]) == {"Sachs"} and set(sachs["title"]) == {MUSK}
    assert sachs["text"].iloc[0].startswith("This is not an attack by Vladimir Putin on Ukraine")
    one = quotes(
        article_id=_id_of(sample_corpus, MUSK), features=sample_features, corpus=sample_corpus
    )
    assert len(one) == (sample_features.quotes["article_id"] == _id_of(sample_corpus, MUSK)).sum()


def test_cli_kwic_prints_and_writes_csv(sample_processed: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from framing.cli import cli

    runner = CliRunner()
    printed = runner.invoke(cli, ["kwic", "proxy war", "--processed", str(sample_processed),
                                  "--window", "30"])  # fmt: skip
    assert printed.exit_code == 0, printed.output
    lines = printed.output.splitlines()
    assert lines[1].startswith("Yes, Washington is losing the [proxy war] and it is cooking")
    assert lines[-1] == "2 lines"
    out = tmp_path / "lines.csv"
    written = runner.invoke(cli, ["kwic", r"unprovok\w*", "--regex", "--processed",
                                  str(sample_processed), "--csv", str(out)])  # fmt: skip
    assert written.exit_code == 0 and written.output == f"3 lines written to {out}\n"
    table = pd.read_csv(out)
    assert table.columns.tolist() == KWIC_COLUMNS + META_COLUMNS
    assert table["match"].tolist() == ["unprovoked"] * 3
    bad = runner.invoke(cli, ["kwic", "(x", "--regex", "--processed", str(sample_processed)])
    assert bad.exit_code == 2
    assert "error: invalid regex '(x': missing ), unterminated subpattern at position 0" in (
        bad.output + (bad.stderr if bad.stderr_bytes is not None else "")
    )


def test_compare_keeps_a_real_missing_named_group_apart(sample_processed, tmp_path) -> None:
    """Articles without a value never merge with a real group that happens to be named
    like the missing-value label."""
    from framing.explore.queries import _with_group

    articles = pd.read_parquet(sample_processed / "articles.parquet")
    articles["outlet"] = pd.array(["(no outlet)", None, None, "BBC", "BBC"], dtype="string")
    articles.to_parquet(tmp_path / "articles.parquet", index=False)
    frame = pd.DataFrame({"article_id": articles["article_id"]})
    counts = _with_group(frame, "outlet", tmp_path)["outlet"].value_counts().to_dict()
    assert counts == {"[(no outlet)]": 2, "BBC": 2, "(no outlet)": 1}
