"""Feature composition on the real sample: tables, tracing, save/load, empty corpus, CLI."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from framing.cli import cli
from framing.corpus import Corpus, empty_table
from framing.errors import MissingStepError, ParameterError
from framing.features import extraction as extraction_module
from framing.features.extraction import extract
from framing.features.feature_set import FeatureSet, trace
from framing.features.frames import DIMENSIONS
from framing.features.schema import (
    ACTOR_COLUMNS,
    KINDS,
    LABEL_COLUMNS,
    QUOTE_COLUMNS,
    SENTENCE_COLUMNS,
    article_columns,
)
from framing.features.span_table import SPAN_COLUMNS
from framing.features.transformer import FramingFeatures
from framing.io import write_json, write_parquet
from framing.tables import FEATURE_FILES

TABLES = ("articles", "spans", "sentences", "actors", "labels", "quotes")


@pytest.fixture(scope="module")
def sep13(sample_corpus, sample_features) -> str:
    """The id of the 13 Sep 2023 article (the one calling the war a proxy war)."""
    articles = sample_corpus.articles
    return str(articles.loc[articles["date"] == "2023-09-13", "article_id"].iloc[0])


def test_articles_table_has_one_row_per_article_and_documented_columns(
    sample_corpus, sample_features
):
    articles = sample_features.articles
    assert list(articles.columns) == list(article_columns())
    assert articles.columns[0] == "article_id"
    assert list(articles["article_id"]) == list(sample_corpus.articles["article_id"])
    for dimension in DIMENSIONS:
        assert f"frame_{dimension}" in articles.columns
    for column in ("loaded_war_naming", "loaded_euphemism", "sentiment_arc_5", "fk_grade"):
        assert column in articles.columns
    counts = sample_corpus.sentences.groupby("article_id").size()
    assert dict(zip(articles["article_id"], articles["n_sentences"], strict=True)) == dict(counts)
    assert len(sample_features.sentences) == len(sample_corpus.sentences)
    assert sample_features.sentences["compound"].between(-1, 1).all()


def test_sep13_article_loaded_hits_and_trace(sample_features, sep13):
    row = sample_features.articles.set_index("article_id").loc[sep13]
    loaded = trace(sample_features, sep13, "loaded_hits")
    assert row["loaded_hits"] == len(loaded) > 0
    terms = set(loaded["term"].str.lower())
    assert {"proxy war", "puppet", "meat grinder", "special military operation"} <= terms
    smo = loaded[loaded["term"].str.lower() == "special military operation"]
    assert smo["quoted"].any()
    proxy = loaded[loaded["term"].str.lower() == "proxy war"]
    assert set(proxy["text"].str.lower()) == {"proxy war"}
    assert (proxy["kind"] == "loaded").all() and proxy["sentence_id"].notna().all()
    author = trace(sample_features, sep13, "loaded_author_voice")
    assert row["loaded_author_voice"] == len(author)
    assert not author["quoted"].any() and not author["negated"].astype(bool).any()
    assert row["loaded_quoted"] == int(loaded["quoted"].sum())
    assert row["loaded_per_1k"] == pytest.approx(1000 * len(loaded) / row["n_tokens"])


def test_every_count_traces_to_exactly_its_spans(sample_features):
    articles = sample_features.articles.set_index("article_id")
    count_features = [
        c for c in articles.columns if c.startswith("loaded_") and c != "loaded_per_1k"
    ] + ["label_hits", "actor_mentions", "n_quotes"]
    for article_id, row in articles.iterrows():
        for feature in count_features:
            assert len(trace(sample_features, article_id, feature)) == row[feature], feature
        for dimension in DIMENSIONS:
            spans = trace(sample_features, article_id, f"frame_{dimension}")
            expected = 1000 * len(spans) / row["n_tokens"] if row["n_tokens"] else 0.0
            assert row[f"frame_{dimension}"] == pytest.approx(expected)
            assert (spans["category"] == dimension).all()
        for cue in ("hedges", "certainty", "intensifiers", "modals"):
            spans = trace(sample_features, article_id, f"{cue}_per_1k")
            assert row[f"{cue}_per_1k"] == pytest.approx(1000 * len(spans) / row["n_tokens"])
        sentences = trace(sample_features, article_id, "sentiment_mean")
        assert row["sentiment_mean"] == pytest.approx(sentences["compound"].mean())


def test_spans_point_into_the_article_text(sample_corpus, sample_features):
    spans = sample_features.spans
    assert list(spans.columns) == list(SPAN_COLUMNS)
    assert set(spans["kind"]) <= set(KINDS)
    assert {"loaded", "actor", "quote", "frame"} <= set(spans["kind"])
    texts = _field_texts(sample_corpus)
    sentences = sample_corpus.sentences.set_index(["article_id", "sentence_id"])
    assert set(spans["field"]) == {"title", "body"}
    assert (spans.loc[spans["field"] == "title", "kind"] == "loaded").all()
    assert spans.loc[spans["field"] == "title", "sentence_id"].isna().all()
    for row in spans.itertuples(index=False):
        assert texts[row.field][row.article_id][row.start : row.end] == row.text
        if not pd.isna(row.sentence_id):
            sentence = sentences.loc[(row.article_id, int(row.sentence_id))]
            assert sentence["start"] <= row.start < sentence["end"]


def _field_texts(corpus) -> dict[str, dict[str, str]]:
    """Return field ("body", "title") -> article id -> the text its spans point into."""
    articles = corpus.articles
    return {
        field: dict(zip(articles["article_id"], articles[column].fillna(""), strict=True))
        for field, column in (("body", "text"), ("title", "title"))
    }


def test_no_frame_or_loaded_hit_inside_a_longer_word(sample_corpus, sample_features):
    texts = _field_texts(sample_corpus)
    spans = sample_features.spans[sample_features.spans["kind"].isin(["loaded", "frame"])]
    for row in spans.itertuples(index=False):
        text = texts[row.field][row.article_id]
        assert row.start == 0 or not text[row.start - 1].isalnum(), row.text
        assert row.end == len(text) or not text[row.end].isalnum(), row.text


def test_quotes_actors_labels_tables(sample_features):
    assert list(sample_features.quotes.columns) == list(QUOTE_COLUMNS)
    assert list(sample_features.actors.columns) == list(ACTOR_COLUMNS)
    assert list(sample_features.labels.columns) == list(LABEL_COLUMNS)
    articles = sample_features.articles.set_index("article_id")
    per_article = sample_features.quotes.groupby("article_id").size()
    for article_id, n in per_article.items():
        assert articles.loc[article_id, "n_quotes"] == n
    actors = set(sample_features.actors["actor"])
    assert {"Russia", "Ukraine"} <= actors


def test_save_load_round_trip_is_identical_and_deterministic(tmp_path, sample_features):
    written = sample_features.save(tmp_path / "a")
    assert {p.name for p in written.values()} == {*FEATURE_FILES.values(), "features_manifest.json"}
    loaded = FeatureSet.load(tmp_path / "a")
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(loaded, name), getattr(sample_features, name))
    assert loaded.manifest == sample_features.manifest
    assert loaded.manifest["n_articles"] == 5 and loaded.manifest["corpus_hash"]
    sample_features.save(tmp_path / "b")
    for file in FEATURE_FILES.values():
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()
    with pytest.raises(MissingStepError, match="run `framing features"):
        FeatureSet.load(tmp_path / "missing")


def test_two_processes_give_identical_tables(sample_corpus, sample_features, monkeypatch):
    monkeypatch.setattr(extraction_module, "MIN_ARTICLES_FOR_PROCESSES", 0)
    parallel = extract(sample_corpus, jobs=2, chunk_size=2)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(parallel, name), getattr(sample_features, name))


def _empty_corpus(path) -> Corpus:
    for name in ("articles", "paragraphs", "sentences", "removed_lines", "errors"):
        write_parquet(empty_table(name), path / f"{name}.parquet")
    write_json({"corpus_hash": "empty"}, path / "manifest.json")
    return Corpus(path)


def test_empty_corpus_yields_empty_tables_with_columns(tmp_path):
    result = extract(_empty_corpus(tmp_path))
    assert list(result.articles.columns) == list(article_columns()) and result.articles.empty
    assert list(result.spans.columns) == list(SPAN_COLUMNS) and result.spans.empty
    assert list(result.sentences.columns) == list(SENTENCE_COLUMNS) and result.sentences.empty
    for name in ("actors", "labels", "quotes"):
        assert getattr(result, name).empty
    result.save(tmp_path / "out")
    assert FeatureSet.load(tmp_path / "out").articles.empty


def test_trace_and_extract_reject_bad_parameters(sample_corpus, sample_features, sep13):
    with pytest.raises(ParameterError, match="unknown feature 'loaded_nonsense'"):
        trace(sample_features, sep13, "loaded_nonsense")
    with pytest.raises(ParameterError, match="article 'nope' is not in this feature set"):
        trace(sample_features, "nope", "loaded_hits")
    with pytest.raises(ParameterError, match="computed from the whole article text"):
        trace(sample_features, sep13, "fk_grade")
    with pytest.raises(ParameterError, match="jobs must be >= 1, got 0"):
        extract(sample_corpus, jobs=0)
    with pytest.raises(ParameterError, match="chunk_size must be an integer, got True"):
        extract(sample_corpus, chunk_size=True)
    with pytest.raises(ParameterError, match="lexicon_mode must be 'merge' or 'replace'"):
        extract(sample_corpus, lexicon_mode="append")


def test_cli_features_writes_tables(tmp_path, sample_processed):
    processed = tmp_path / "processed"
    shutil.copytree(sample_processed, processed)
    result = CliRunner().invoke(cli, ["features", "--processed", str(processed), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "5 articles" in result.output
    for file in FEATURE_FILES.values():
        assert (processed / file).exists()
    assert len(pd.read_parquet(processed / "features.parquet")) == 5


def test_cli_features_reports_bad_lexicon_cleanly(tmp_path, sample_processed):
    bad = tmp_path / "bad.yml"
    bad.write_text("version: 1\nentries:\n  - term: regime\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["features", "--processed", str(sample_processed), "--lexicon", str(bad)]
    )
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and "bad.yml" in result.output
    missing = CliRunner().invoke(cli, ["features", "--processed", str(tmp_path / "none")])
    assert missing.exit_code == 2 and "framing ingest" in missing.output


def test_transformer_api_and_pipeline():
    texts = [
        "Russia launched an unprovoked invasion. Troops and missiles attacked the border.",
        "Taxes, prices and the budget deficit weigh on the economy, economists said.",
        "The regime's puppet army waged a proxy war, the minister claimed.",
        "Inflation and unemployment rose as markets fell and wages stalled.",
    ]
    labels = [1, 0, 1, 0]
    transformer = FramingFeatures()
    assert transformer.get_params() == {"lexicon": None, "features": None}
    assert transformer.fit(texts) is transformer
    matrix = transformer.transform(texts)
    names = transformer.get_feature_names_out()
    assert matrix.shape == (4, len(names)) and np.isfinite(matrix).all()
    assert "frame_economic" in names and "article_id" not in names
    column = list(names).index("frame_economic")
    assert matrix[1, column] > 0 and matrix[0, column] == 0
    assert matrix[2, list(names).index("loaded_hits")] >= 2
    cloned = clone(FramingFeatures(features=["loaded_hits", "frame_economic"]))
    assert cloned.get_params()["features"] == ["loaded_hits", "frame_economic"]
    model = make_pipeline(cloned, LogisticRegression()).fit(texts, labels)
    assert list(model.predict(texts)) == labels
    with pytest.raises(ParameterError, match="unknown or non-numeric feature"):
        FramingFeatures(features=["top_speaker"]).fit(texts)


def test_user_lexicon_merges_and_its_hits_are_counted(
    tmp_path, sample_corpus, sample_features, sep13
):
    user = tmp_path / "mine.yml"
    user.write_text(
        'version: "user-1"\n'
        "entries:\n"
        "- term: tens of billions\n"
        "  category: emotional_intensifier\n"
        "  side: none\n"
        "  valence: -0.5\n"
        "  explanation: Big round sums make spending sound enormous without a comparison.\n",
        encoding="utf-8",
    )
    merged = extract(sample_corpus, lexicon=user, lexicon_mode="merge")
    before = sample_features.articles.set_index("article_id").loc[sep13]
    after = merged.articles.set_index("article_id").loc[sep13]
    added = trace(merged, sep13, "loaded_hits")
    assert list(added[added["term"] == "tens of billions"]["text"]) == ["tens of billions"] * 2
    assert after["loaded_hits"] == before["loaded_hits"] + 2
    assert "user-1" in merged.manifest["lexicon_version"]
    alone = extract(sample_corpus, lexicon=user, lexicon_mode="replace")
    assert set(alone.spans.loc[alone.spans["kind"] == "loaded", "term"]) == {"tens of billions"}


def test_an_edited_lexicon_re_extracts_even_with_the_same_version(tmp_path, sample_processed):
    """The features partitions' fingerprint covers the lexicon's content, not only its version
    string: a user who edits an entry and re-runs gets features from the edited file."""
    from framing.engine.feature_partitions import plan_features
    from framing.features.lexicon import load_lexicon

    def fingerprints(explanation: str) -> list[str]:
        user = tmp_path / "mine.yml"
        user.write_text(
            'version: "user-1"\nentries:\n- term: tens of billions\n'
            "  category: emotional_intensifier\n  side: none\n  valence: -0.5\n"
            f"  explanation: {explanation}\n",
            encoding="utf-8",
        )
        tasks, _ = plan_features(sample_processed, load_lexicon(extra=user), 500)
        return [task.fingerprint for task in tasks]

    first = fingerprints("Big round sums sound enormous.")
    assert first == fingerprints("Big round sums sound enormous.")  # same content: cached
    assert set(first).isdisjoint(fingerprints("Big round sums lack a comparison."))


def test_editing_a_domain_packs_seeds_re_extracts(tmp_path, sample_processed):
    """A pack's seeds decide article domains, so they are part of the fingerprint too."""
    from framing.engine.feature_partitions import plan_features
    from framing.features.lexicon import load_lexicon

    def fingerprints(seeds: str) -> set[str]:
        pack = tmp_path / "labour.yml"
        pack.write_text(
            f"version: '1'\ndomain: labour\nseeds: [{seeds}]\nentries:\n"
            "- term: scabs\n  category: dehumanizing\n  side: none\n  valence: -2.5\n"
            "  explanation: Calling strike-breakers scabs brands them as traitors.\n",
            encoding="utf-8",
        )
        tasks, _ = plan_features(sample_processed, load_lexicon(extra=pack), 500)
        return {task.fingerprint for task in tasks}

    assert fingerprints("strike, union") == fingerprints("strike, union")
    assert fingerprints("strike, union").isdisjoint(fingerprints("strike, union, picket"))
