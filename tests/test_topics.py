"""Tests for framing.topics on the bundled sample (real scraped news text), kept small."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from framing.cli import cli
from framing.errors import InputError, LexiconError, ParameterError, SchemaError
from framing.topics import (
    TopicModel,
    auto_label,
    choose_k,
    fit_or_load,
    fit_topics,
    match_topics,
    npmi_coherence,
    parse_k_range,
    read_labels,
    topic_diversity,
)
from framing.topics.store import load_model, save_model
from framing.topics.text import find_phrases, segments, stop_word_set


@pytest.fixture(scope="module")
def sample_articles(sample_raw: Path) -> pd.DataFrame:
    """The five raw sample articles as a DataFrame (no ingest needed)."""
    paths = sorted(sample_raw.glob("*.txt"))
    return pd.DataFrame(
        {
            "article_id": [p.stem[:3] for p in paths],
            "text": [p.read_text(encoding="utf-8") for p in paths],
            "outlet": ["a", "a", "b", "b", "b"],
        }
    )


@pytest.fixture(scope="module")
def paragraph_model(sample_corpus) -> TopicModel:
    return fit_topics(sample_corpus, k=3, unit="paragraph", seed=0, stability_seeds=(1, 2))


# --- text: tokens and phrases -------------------------------------------------------------


def test_segments_break_at_stop_words_and_punctuation():
    runs = segments("NATO expansion, said the Kremlin’s spokesman in 2022.", stop_word_set())
    # the possessive "s" is too short to be a word, so "kremlin spokesman" stays adjacent
    assert runs == [["nato", "expansion"], ["said"], ["kremlin", "spokesman"]]


def test_extra_stop_words_are_added_to_sklearns():
    stops = stop_word_set(["Said", " kremlin "])
    assert {"said", "kremlin", "the"} <= stops
    with pytest.raises(ParameterError, match="list of words, not one string"):
        stop_word_set("said")


def test_phrases_found_by_frequency_and_association():
    docs = [[["nato", "expansion", "angered", "putin"]], [["nato", "expansion"]]] * 2
    assert find_phrases(docs, min_count=3, threshold=0.4) == {
        ("nato", "expansion"): "nato expansion"
    }


def test_sample_phrases_include_nato_expansion(paragraph_model):
    phrases = {p for table in paragraph_model.phrases_ for p in table.values()}
    assert {"nato expansion", "vladimir putin", "united states"} <= phrases
    # the second pass joins a phrase and a word: trigrams
    assert {"nato eastward expansion", "general jens stoltenberg"} <= phrases
    assert max(len(p.split()) for p in phrases) == 3  # two bigrams are never joined
    assert "vladimir putin" in set(paragraph_model.vectorizer_.get_feature_names_out())


# --- fitting, determinism, units ------------------------------------------------------------


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_same_input_and_seed_give_identical_terms_and_weights(sample_articles, method):
    first = fit_topics(sample_articles, k=3, method=method, unit="paragraph", seed=7, n_init=2)
    second = fit_topics(sample_articles, k=3, method=method, unit="paragraph", seed=7, n_init=2)
    pd.testing.assert_frame_equal(first.top_terms, second.top_terms, check_exact=True)
    pd.testing.assert_frame_equal(first.doc_topics, second.doc_topics, check_exact=True)


def test_different_seeds_give_a_reported_stability(sample_articles):
    model = fit_topics(
        sample_articles,
        k=3,
        method="lda",
        unit="paragraph",
        seed=0,
        n_init=1,
        stability_seeds=(1, 2, 3),
    )
    quality = model.quality
    assert quality.stability_seeds == (1, 2, 3)
    assert 0.0 < quality.stability < 1.0
    assert quality.per_topic["stability"].between(0, 1).all()
    assert quality.stability == pytest.approx(quality.per_topic["stability"].mean())


def test_doc_topics_one_row_per_paragraph_in_corpus_order(sample_corpus, paragraph_model):
    paragraphs = sample_corpus.paragraphs
    table = paragraph_model.doc_topics
    assert list(table.columns) == [
        "doc_id",
        "article_id",
        "paragraph_id",
        "topic_0",
        "topic_1",
        "topic_2",
        "dominant",
    ]
    assert table["article_id"].tolist() == paragraphs["article_id"].tolist()
    assert table["paragraph_id"].tolist() == paragraphs["paragraph_id"].tolist()
    shares = table[["topic_0", "topic_1", "topic_2"]].sum(axis=1)
    has_terms = paragraph_model.documents_["modelled_terms"] > 0
    assert np.allclose(shares[has_terms], 1.0)
    assert (table.loc[~has_terms, "dominant"].isna()).all()


def test_auto_unit_switches_small_corpus_to_paragraphs_and_says_so(sample_articles, caplog):
    with caplog.at_level(logging.INFO, logger="framing.topics"):
        model = fit_topics(sample_articles, k=3, unit="auto")
    assert model.params["unit"] == "paragraph"
    assert model.params["unit_note"] == (
        "the corpus has 5 articles (fewer than min_docs_for_articles=50), "
        "so topics are fitted on paragraphs"
    )
    assert "so topics are fitted on paragraphs" in caplog.text
    article_model = fit_topics(sample_articles, k=2, unit="auto", min_docs_for_articles=5)
    assert article_model.params["unit"] == "article"
    assert article_model.doc_topics["doc_id"].tolist() == ["000", "001", "002", "003", "004"]


def test_fewer_documents_than_topics_is_a_clear_error(sample_articles):
    with pytest.raises(ParameterError) as error:
        fit_topics(sample_articles, k=6, unit="article")
    assert str(error.value) == (
        "k=6 topics need at least 6 documents, but there are only 5 articles to fit: "
        "lower k, or use unit='paragraph'"
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"k": 1}, "k must be >= 2, got 1"),
        ({"k": 2.5}, "k must be an integer, got 2.5"),
        ({"k": True}, "k must be an integer, got True"),
        ({"method": "lsa"}, "method must be one of ('nmf', 'lda'), got 'lsa'"),
        ({"unit": "sentence"}, "unit must be one of ('article', 'paragraph', 'auto')"),
        ({"n_top": 1}, "n_top must be at least 2 terms, got 1"),
        ({"sample_frac": 0, "stability_seeds": (1,)}, "sample_frac must be in (0, 1], got 0"),
        ({"min_df": 50}, "no terms left to model among"),
    ],
)
def test_bad_parameters_raise_parameter_error(sample_articles, kwargs, message):
    options = {"k": 3, "unit": "paragraph", **kwargs}
    with pytest.raises(ParameterError, match=__import__("re").escape(message)):
        fit_topics(sample_articles, **options)


def test_input_without_text_column_is_a_schema_error():
    with pytest.raises(SchemaError, match=r"lacks column\(s\) \['text'\]"):
        fit_topics(pd.DataFrame({"article_id": ["a"]}), k=2)


def test_near_duplicates_are_transformed_but_not_fitted(sample_articles):
    twin = sample_articles.iloc[[0]].assign(article_id="dup")
    articles = pd.concat([sample_articles, twin], ignore_index=True)
    articles["duplicate_of"] = [None] * 5 + ["000"]
    model = fit_topics(articles, k=3, unit="paragraph")
    table = model.doc_topics
    assert model.params["n_fit_documents"] == (table["article_id"] != "dup").sum()
    original = table[table["article_id"] == "000"].filter(like="topic_").to_numpy()
    duplicate = table[table["article_id"] == "dup"].filter(like="topic_").to_numpy()
    np.testing.assert_allclose(original, duplicate)


# --- prevalence, representative passages, labels ------------------------------------------


def test_prevalence_by_metadata_column_and_by_series(sample_articles):
    model = fit_topics(sample_articles, k=3, unit="paragraph")
    by_outlet = model.prevalence("outlet")
    assert list(by_outlet.columns) == ["group", "topic", "label", "share", "documents"]
    assert by_outlet["group"].unique().tolist() == ["a", "b"]
    manual = model.doc_topics.groupby(model.documents_["outlet"])["topic_1"].mean()["b"]
    row = by_outlet[(by_outlet["group"] == "b") & (by_outlet["topic"] == 1)].iloc[0]
    assert row["share"] == pytest.approx(manual)
    assert row["documents"] == (model.documents_["outlet"] == "b").sum()
    halves = pd.Series(np.arange(len(model.doc_topics)) % 2)
    assert model.prevalence(halves)["group"].unique().tolist() == [0, 1]
    missing = pd.Series(["x"] * (len(model.doc_topics) - 1) + [None])
    assert model.prevalence(missing).groupby("group", dropna=False)[
        "documents"
    ].first().tolist() == [
        len(model.doc_topics) - 1,
        1,
    ]
    with pytest.raises(ParameterError, match="no column 'country'"):
        model.prevalence("country")
    with pytest.raises(ParameterError, match="'by' has 2 values for"):
        model.prevalence(pd.Series([1, 2]))


def test_representative_passages_carry_the_topic(paragraph_model):
    passages = paragraph_model.representative(n=2)
    assert passages.groupby("topic").size().tolist() == [2, 2, 2]
    for _, row in passages.iterrows():
        shares = paragraph_model.doc_topics.set_index("doc_id").loc[row["doc_id"]]
        assert shares[f"topic_{row['topic']}"] == row["share"]
        text = paragraph_model.documents_.set_index("doc_id").loc[row["doc_id"], "text"]
        assert row["text"] == text
    first = passages[passages["rank"] == 1]
    assert (first["share"].to_numpy() >= passages[passages["rank"] == 2]["share"].to_numpy()).all()


def test_auto_label_skips_words_already_shown():
    assert auto_label(["nato expansion", "nato", "expansion", "putin", "sachs"]) == (
        "nato expansion / putin / sachs"
    )


def test_labels_overridden_from_yaml_and_csv(tmp_path, sample_articles):
    yaml_file = tmp_path / "labels.yml"
    yaml_file.write_text("0: NATO enlargement\n2: 'War in Ukraine'\n", encoding="utf-8")
    model = fit_topics(sample_articles, k=3, unit="paragraph", labels_file=yaml_file)
    assert model.labels[0] == "NATO enlargement"
    assert model.labels[2] == "War in Ukraine"
    assert model.labels[1] == auto_label(model.top_term_lists()[1])
    assert model.quality.per_topic["label"].tolist()[0] == "NATO enlargement"
    csv_file = tmp_path / "labels.csv"
    csv_file.write_text("topic,label\n1,Diplomacy\n", encoding="utf-8")
    assert read_labels(csv_file, k=3) == {1: "Diplomacy"}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("l.yml", "7: Energy\n", "topic 7 does not exist (the model has 0..2)"),
        ("l.yml", "- a\n- b\n", "expected a mapping 'topic number: label'"),
        ("l.yml", "x: Energy\n", "topic 'x' is not a topic number"),
        (
            "l.csv",
            "topic,name\n0,a\n",
            "needs columns 'topic' and 'label', has ['topic', 'name']",
        ),
        ("l.csv", "topic,label\n0,\n", "topic 0 has an empty label"),
        ("l.txt", "0 a", "label file must be .yml, .yaml or .csv"),
    ],
)
def test_bad_label_files_name_the_file_and_entry(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as error:
        read_labels(path, k=3)
    assert str(error.value) == f"{path}: {message}"


def test_label_file_that_is_not_yaml_names_the_file_and_line(tmp_path):
    path = tmp_path / "labels.yml"
    path.write_text("0: NATO\n1: [Energy\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_labels(path, k=3)
    assert str(error.value).startswith(f"{path}:")
    assert "line 2" in str(error.value)


# --- quality measures ----------------------------------------------------------------------


def test_npmi_document_cooccurrence_by_hand():
    docs = [["nato", "expansion"], ["nato", "expansion"], ["budget"], ["budget", "tax", "nato"]]
    # p(nato)=3/4, p(budget)=2/4, p(nato, budget)=1/4: log(1/4 / (3/8)) / -log(1/4)
    expected = np.log((1 / 4) / (3 / 4 * 2 / 4)) / -np.log(1 / 4)
    scores = npmi_coherence([["nato", "budget"], ["expansion", "tax"]], docs)
    assert scores[0] == pytest.approx(expected)
    assert scores[1] == -1.0


def test_npmi_sliding_window_sees_only_nearby_words():
    docs = [["nato", "expansion", "a", "b", "c", "d", "budget"]]
    near = npmi_coherence([["nato", "expansion"]], docs, mode="window", window=3)
    far = npmi_coherence([["nato", "budget"]], docs, mode="window", window=3)
    assert near[0] > 0 and far[0] == -1.0
    with pytest.raises(ParameterError, match="coherence mode must be one of"):
        npmi_coherence([["a", "b"]], docs, mode="sentence")


def test_coherence_on_a_user_reference_corpus(sample_articles):
    reference = ["NATO expansion angered Putin."] * 3 + ["Zelensky visited Bakhmut."] * 3
    model = fit_topics(sample_articles, k=3, unit="paragraph", reference=reference)
    assert model.quality.per_topic["coherence"].between(-1, 1).all()
    assert (
        model.quality.coherence
        != fit_topics(sample_articles, k=3, unit="paragraph").quality.coherence
    )


def test_diversity_and_hungarian_matching():
    assert topic_diversity([["a", "b", "c"], ["c", "d", "e"]]) == pytest.approx(5 / 6)
    partner, overlap = match_topics(
        [["nato", "putin"], ["war", "bakhmut"], ["gas", "oil"]],
        [["war", "bakhmut"], ["gas", "energy"], ["nato", "putin"]],
    )
    assert partner.tolist() == [2, 0, 1]
    assert overlap.tolist() == [1.0, 1.0, pytest.approx(1 / 3)]


def test_choose_k_sweeps_and_records_why(sample_articles):
    choice = choose_k(sample_articles, "2:4", method="nmf", seeds=(0, 1), unit="paragraph")
    assert choice.table["k"].tolist() == [2, 3, 4]
    assert list(choice.table.columns) == ["k", "coherence", "diversity", "stability", "score"]
    assert choice.k == int(choice.table.sort_values("score", ascending=False)["k"].iloc[0])
    assert choice.reason.startswith(f"k={choice.k} has the best mean of coherence")
    figure = choice.plot()
    assert [line.get_label() for line in figure.axes[0].lines][:3] == list(
        ("coherence", "diversity", "stability")
    )


@pytest.mark.parametrize(
    ("text", "expected"), [("5:8", [5, 6, 7, 8]), ("5:30:10", [5, 15, 25]), ("4, 9", [4, 9])]
)
def test_parse_k_range(text, expected):
    assert parse_k_range(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("30:5", "k range '30:5' is reversed: give the smaller k first, e.g. 5:30"),
        ("5:30:0", "k range '5:30:0' needs a STEP of at least 1"),
        ("five:30", "k range 'five:30' is not START:STOP[:STEP] or a comma list, e.g. 5:30 "
         "or 5,10,15"),
    ],
)  # fmt: skip
def test_parse_k_range_rejects_nonsense(text, message):
    with pytest.raises(ParameterError) as error:
        parse_k_range(text)
    assert str(error.value) == message


# --- persistence, re-use, CLI ----------------------------------------------------------------


def test_save_and_load_round_trip(tmp_path, paragraph_model):
    save_model(paragraph_model, tmp_path / "topics")
    loaded = load_model(tmp_path / "topics")
    pd.testing.assert_frame_equal(loaded.top_terms, paragraph_model.top_terms)
    pd.testing.assert_frame_equal(loaded.doc_topics, paragraph_model.doc_topics)
    assert loaded.labels == paragraph_model.labels
    assert loaded.quality.stability == paragraph_model.quality.stability
    texts = paragraph_model.documents_["text"].head(4).tolist()
    np.testing.assert_allclose(loaded.transform(texts), paragraph_model.transform(texts))
    np.testing.assert_allclose(
        paragraph_model.transform(texts),
        paragraph_model.doc_topics.filter(like="topic_").head(4).to_numpy(),
        atol=1e-6,
    )


def test_fit_or_load_reuses_until_something_changes(tmp_path, sample_corpus):
    out = tmp_path / "topics"
    first = fit_or_load(sample_corpus, out, k=3, unit="paragraph")
    stamp = (out / "model.joblib").stat().st_mtime_ns
    again = fit_or_load(sample_corpus, out, k=3, unit="paragraph")
    assert (out / "model.joblib").stat().st_mtime_ns == stamp
    pd.testing.assert_frame_equal(again.top_terms, first.top_terms)
    changed = fit_or_load(sample_corpus, out, k=4, unit="paragraph")
    assert changed.k == 4 and load_model(out).k == 4
    meta = __import__("json").loads((out / "metadata.json").read_text())
    assert meta["params"]["corpus_hash"] == sample_corpus.hash
    assert set(meta["versions"]) == {"sklearn", "numpy", "framing"}


def test_cli_topics_writes_tables(tmp_path, sample_processed):
    out = tmp_path / "topics"
    result = CliRunner().invoke(
        cli,
        [
            "topics",
            "--processed",
            str(sample_processed),
            "--out",
            str(out),
            "--k",
            "3",
            "--no-progress",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "3 nmf topics over" in result.output
    assert "so topics are fitted on paragraphs" in result.output
    quality = pd.read_parquet(out / "topic_quality.parquet")
    assert quality.columns.tolist() == ["topic", "label", "coherence", "stability", "prevalence"]
    assert len(pd.read_parquet(out / "doc_topics.parquet")) == len(
        pd.read_parquet(sample_processed / "paragraphs.parquet")
    )


def test_cli_topics_reports_bad_k_cleanly(tmp_path, sample_processed):
    result = CliRunner().invoke(
        cli, ["topics", "--processed", str(sample_processed), "--out", str(tmp_path), "--k", "1"]
    )
    assert result.exit_code == 2
    assert "error: k must be >= 2, got 1" in result.output
    assert "Traceback" not in result.output


def test_default_k_shrinks_for_a_tiny_corpus(sample_corpus):
    from framing.topics.step import default_k

    n_paragraphs = len(sample_corpus.paragraphs)
    assert default_k(sample_corpus, "auto") == (10, None)
    k, note = default_k(sample_corpus, "article")
    assert (k, note) == (2, "k=2: the default 10 topics need 5 documents each; there are 5")
    assert n_paragraphs >= 50


def test_cli_topics_chooses_k_from_a_range(tmp_path, sample_processed):
    out = tmp_path / "topics"
    result = CliRunner().invoke(
        cli,
        [
            "topics",
            "--processed",
            str(sample_processed),
            "--out",
            str(out),
            "--k-range",
            "2:3",
            "--no-progress",
        ],
    )
    assert result.exit_code == 0, result.output
    choice = pd.read_parquet(out / "k_choice.parquet")
    assert choice["k"].tolist() == [2, 3]
    assert "choice: k=" in result.output
    assert (out / "k_choice.png").read_bytes()[:4] == b"\x89PNG"
    meta = __import__("json").loads((out / "metadata.json").read_text())
    assert meta["params"]["k_reason"].startswith(f"k={meta['params']['k']} has the best mean")
