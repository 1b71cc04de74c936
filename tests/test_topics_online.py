"""Online topic models: streamed in batches, deterministic, same quality measures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from framing.cli import cli
from framing.corpus import Corpus
from framing.errors import MissingStepError, ParameterError
from framing.io import read_json
from framing.topics.online import fit_online, nmf_transform, run_online

#: Articles in the synthetic corpus built from the sample's sentences.
N_ARTICLES = 60
TABLES = ("doc_topics.parquet", "top_terms.parquet", "topic_quality.parquet")


@pytest.fixture(scope="module")
def online_processed(sample_processed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 articles ingested from one JSONL file: article i holds 8 consecutive sentences of
    sample article i % 5 (starting at sentence i // 5) and a sentence of its own."""
    from framing.ingest.step import ingest

    sentences = pd.read_parquet(sample_processed / "sentences.parquet")
    by_article = [group["text"].tolist() for _, group in sentences.groupby("article_id", sort=True)]
    raw = tmp_path_factory.mktemp("online_raw")
    with (raw / "articles.jsonl").open("w", encoding="utf-8") as handle:
        for i in range(N_ARTICLES):
            source = by_article[i % len(by_article)]
            start = i // len(by_article)
            body = " ".join(source[(start + j) % len(source)] for j in range(8))
            record = {"title": f"Synthetic report {i}", "text": f"{body} Desk note number {i}."}
            handle.write(json.dumps(record) + "\n")
    out = tmp_path_factory.mktemp("online_processed")
    ingest(raw, out)
    return out


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_fit_online_streams_batches_deterministically(sample_processed, method):
    model = fit_online(sample_processed, k=2, method=method, batch_size=2, min_df=2, seed=0)
    again = fit_online(sample_processed, k=2, method=method, batch_size=2, min_df=2, seed=0)
    np.testing.assert_array_equal(model.components, again.components)
    assert model.n_docs == 5 and model.components.shape == (2, len(model.vocabulary))
    ids = Corpus(sample_processed).articles["article_id"].tolist()
    assert model.doc_topics["article_id"].tolist() == ids
    assert set(model.doc_topics["topic"]) <= {0, 1}
    assert ((model.doc_topics["share"] > 0) & (model.doc_topics["share"] <= 1)).all()
    assert model.top_terms.groupby("topic").size().tolist() == [10, 10]
    assert (
        model.coherence.shape == (2,) and ((model.coherence >= -1) & (model.coherence <= 1)).all()
    )
    assert 0 < model.diversity <= 1
    # Every vocabulary term occurs in at least min_df=2 of the 5 sample articles.
    assert "ukraine" in model.vocabulary


def test_fit_online_names_bad_parameters(sample_processed, tmp_path):
    with pytest.raises(ParameterError, match="method must be one of \\('nmf', 'lda'\\), got 'svd'"):
        fit_online(sample_processed, method="svd")
    with pytest.raises(ParameterError, match="batch_size must be >= 1, got 0"):
        fit_online(sample_processed, batch_size=0)
    with pytest.raises(ParameterError, match="n_top must be an integer, got True"):
        fit_online(sample_processed, k=2, n_top=True)
    with pytest.raises(ParameterError, match="seed must be >= 0, got -1"):
        fit_online(sample_processed, k=2, seed=-1)
    with pytest.raises(ParameterError, match="batch_size must be at least k=3 for method 'nmf'"):
        fit_online(sample_processed, k=3, batch_size=2)
    with pytest.raises(ParameterError, match="k=10 topics need at least 10 articles, there are 5"):
        fit_online(sample_processed, k=10)
    with pytest.raises(ParameterError, match="k=4 topics need more \\(lower min_df or k\\)"):
        fit_online(sample_processed, k=4, min_df=6)
    with pytest.raises(MissingStepError, match="articles.parquet does not exist"):
        fit_online(tmp_path, k=2)


def test_fit_online_same_model_from_one_file_or_parts(online_processed, tmp_path):
    """Batches are re-cut to batch_size, so the storage layout does not change the model."""
    articles = pd.read_parquet(online_processed / "articles.parquet")
    parts = tmp_path / "articles"
    parts.mkdir()
    for number, rows in enumerate(np.array_split(np.arange(len(articles)), 3)):
        articles.iloc[rows].to_parquet(parts / f"part-{number}.parquet", index=False)
    single = fit_online(online_processed, k=4, batch_size=16)
    split = fit_online(tmp_path, k=4, batch_size=16)
    np.testing.assert_array_equal(single.components, split.components)
    pd.testing.assert_frame_equal(single.doc_topics, split.doc_topics)


@pytest.mark.parametrize("tol", [1e-4, 0.0])
def test_nmf_transform_gives_scikit_learns_numbers(online_processed, tol):
    from sklearn.decomposition import MiniBatchNMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = Corpus(online_processed).articles["text"]
    X = TfidfVectorizer(stop_words="english", min_df=2).fit_transform(texts)
    model = MiniBatchNMF(n_components=4, init="nndsvda", random_state=0, tol=tol, max_iter=50)
    model.partial_fit(X[:30])
    np.testing.assert_array_equal(nmf_transform(model, X), model.transform(X))


def test_fit_online_article_without_vocabulary_has_no_topic(online_processed, tmp_path):
    articles = pd.read_parquet(
        online_processed / "articles.parquet", columns=["article_id", "text"]
    )
    empty = pd.DataFrame({"article_id": ["zz-empty"], "text": ["1914 - 1918 ... 42"]})
    pd.concat([articles, empty], ignore_index=True).to_parquet(tmp_path / "articles.parquet")
    doc_topics = fit_online(tmp_path, k=4, batch_size=16).doc_topics
    assert len(doc_topics) == N_ARTICLES + 1
    assert str(doc_topics["topic"].dtype) == "Int64"
    last = doc_topics.iloc[-1]
    assert last["article_id"] == "zz-empty" and pd.isna(last["topic"]) and last["share"] == 0.0
    assert doc_topics["topic"].iloc[:-1].notna().all()


def test_fit_online_extra_stop_words_leave_the_vocabulary(online_processed):
    plain = fit_online(online_processed, k=4, batch_size=16)
    assert {"nato", "putin"} <= set(plain.vocabulary)
    model = fit_online(online_processed, k=4, batch_size=16, stop_words=["NATO", " putin "])
    assert "nato" not in model.vocabulary and "putin" not in model.vocabulary
    assert set(model.vocabulary) == set(plain.vocabulary) - {"nato", "putin"}


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_run_online_writes_tables_and_reruns_byte_identical(online_processed, tmp_path, method):
    model = run_online(online_processed, tmp_path / "a", k=4, method=method, batch_size=16)
    out = tmp_path / "a"
    assert model.out_dir == out
    ids = Corpus(online_processed).articles["article_id"].tolist()
    assert len(ids) == N_ARTICLES

    doc_topics = pd.read_parquet(out / "doc_topics.parquet")
    assert list(doc_topics.columns) == ["article_id", "topic", "share"]
    assert doc_topics["article_id"].tolist() == ids  # one row per article, in corpus order
    assert set(doc_topics["topic"]) <= {0, 1, 2, 3}
    assert ((doc_topics["share"] >= 0.25) & (doc_topics["share"] <= 1)).all()  # dominant of 4

    top_terms = pd.read_parquet(out / "top_terms.parquet")
    assert list(top_terms.columns) == ["topic", "rank", "term", "weight"]
    assert top_terms.groupby("topic")["rank"].apply(list).tolist() == [list(range(1, 11))] * 4

    quality = pd.read_parquet(out / "topic_quality.parquet")
    assert list(quality.columns) == ["topic", "coherence", "n_articles", "top_terms"]
    assert quality["topic"].tolist() == [0, 1, 2, 3]
    assert quality["n_articles"].sum() == N_ARTICLES
    assert (
        quality["n_articles"].tolist()
        == doc_topics["topic"].value_counts().reindex(range(4), fill_value=0).tolist()
    )
    first = top_terms[top_terms["rank"] <= 5].groupby("topic")["term"].apply(", ".join)
    assert quality["top_terms"].tolist() == first.tolist()
    assert quality["coherence"].between(-1, 1).all()

    meta = read_json(out / "metadata.json")
    assert {key: meta[key] for key in ("model", "method", "k", "n_docs", "batch_size", "seed")} == {
        "model": "online",
        "method": method,
        "k": 4,
        "n_docs": N_ARTICLES,
        "batch_size": 16,
        "seed": 0,
    }
    assert meta["diversity"] == pytest.approx(model.diversity)
    assert meta["coherence_npmi"] == pytest.approx(quality["coherence"].mean())
    assert set(meta["versions"]) == {"framing", "numpy", "sklearn"}

    run_online(online_processed, tmp_path / "b", k=4, method=method, batch_size=16)
    for name in TABLES:
        assert (out / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert read_json(out / "metadata.json") == read_json(tmp_path / "b" / "metadata.json")


def test_run_online_default_folder_and_progress(online_processed, tmp_path, capsys):
    processed = tmp_path / "processed"
    processed.mkdir()
    shutil.copy(online_processed / "articles.parquet", processed / "articles.parquet")
    run_online(processed, k=3, batch_size=25, progress=True)
    assert sorted(p.name for p in (processed / "topics_online").iterdir()) == [
        "doc_topics.parquet",
        "metadata.json",
        "top_terms.parquet",
        "topic_quality.parquet",
    ]
    err = capsys.readouterr().err
    for stage in ("vocabulary", "fit", "topics"):
        assert f"online nmf: {stage}: 100%" in err and "60/60" in err


def test_cli_topics_online(online_processed, tmp_path):
    out = tmp_path / "online"
    args = ["topics", "--processed", str(online_processed), "--online", "--k", "4"]
    args += ["--batch-size", "16", "--out", str(out), "--no-progress"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    meta = read_json(out / "metadata.json")
    first_line = result.output.splitlines()[0]
    assert first_line == (
        f"4 online nmf topics over 60 articles (batches of 16): coherence (NPMI) "
        f"{meta['coherence_npmi']:.3f}, diversity {meta['diversity']:.3f}; wrote doc_topics, "
        f"top_terms, topic_quality and metadata to {out}"
    )
    top_terms = pd.read_parquet(out / "top_terms.parquet")
    topic0 = ", ".join(top_terms[top_terms["topic"] == 0]["term"].head(8))
    assert result.output.splitlines()[1] == f"  0: {topic0}"
    assert len(pd.read_parquet(out / "doc_topics.parquet")) == N_ARTICLES


def test_cli_topics_online_usage_errors(online_processed):
    runner = CliRunner()
    base = ["topics", "--processed", str(online_processed)]
    result = runner.invoke(cli, [*base, "--online", "--k-range", "2:4"])
    assert result.exit_code == 2
    assert "Error: --online cannot be combined with --k-range" in result.output
    result = runner.invoke(cli, [*base, "--online", "--unit", "paragraph", "--k", "3"])
    assert result.exit_code == 2
    assert "Error: --online cannot be combined with --unit" in result.output
    result = runner.invoke(cli, [*base, "--batch-size", "16"])
    assert result.exit_code == 2
    assert "Error: --batch-size only applies with --online" in result.output
    result = runner.invoke(cli, [*base, "--online", "--k", "4", "--batch-size", "0"])
    assert result.exit_code == 2
    assert "error: batch_size must be >= 1, got 0" in result.output
    assert not (online_processed / "topics_online").exists()


def test_convergence_warnings_of_online_models_go_to_the_log(caplog, recwarn):
    """scikit-learn's ConvergenceWarning carries this machine's paths: run_online's fit sends
    it to the log instead of the terminal."""
    import logging
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    from framing.topics.model import warnings_to_log

    with caplog.at_level(logging.INFO), warnings_to_log("online topic model"):
        warnings.warn("Maximum number of iterations reached", ConvergenceWarning, stacklevel=1)
    assert not [w for w in recwarn if issubclass(w.category, ConvergenceWarning)]
    assert "online topic model: Maximum number of iterations reached" in caplog.text
