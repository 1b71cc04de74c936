"""Target-dependent sentiment on hand-made sentences, with the shipped model (no data files)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.errors import ParameterError
from framing.features.target_aggregate import group_target_sentiment, mean_interval
from framing.features.target_model import CLASSES, load_model
from framing.features.target_sentiment import (
    TargetSentiment,
    target_sentiment,
    target_sentiments,
)

TWO_ACTORS = (
    "Zelensky praised the brave soldiers, while Putin was condemned for the brutal invasion."
)


def about(text: str, mention: str, nth: int = 0) -> TargetSentiment:
    """The sentiment toward the ``nth`` occurrence of ``mention`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(mention, start + 1)
    return target_sentiment(text, start, start + len(mention))


@pytest.mark.parametrize(
    ("text", "mention", "label"),
    [
        # Agent and patient of an attack: the attacker is negative, the victim is not.
        ("Russia attacked Ukraine.", "Russia", "negative"),
        ("Russia attacked Ukraine.", "Ukraine", "neutral"),
        ("Ukraine was attacked by Russia.", "Ukraine", "neutral"),
        ("Ukraine was attacked by Russia.", "Russia", "negative"),
        # Two actors of one sentence, opposite treatment.
        (
            TWO_ACTORS,
            "Zelensky",
            "positive",
        ),
        (
            TWO_ACTORS,
            "Putin",
            "negative",
        ),
        # Negation of the actor's own act.
        ("The senator lied to voters.", "The senator", "negative"),
        ("The senator did not lie to voters.", "The senator", "neutral"),
        # Praise and plain reporting.
        ("Obama won praise for his leadership.", "Obama", "positive"),
        ("Merkel met Macron in Paris on Tuesday.", "Merkel", "neutral"),
    ],
)
def test_labels_on_hand_made_sentences(text: str, mention: str, label: str) -> None:
    assert about(text, mention).label == label


def test_rebutted_accusation_is_not_the_authors_negative_view() -> None:
    text = "Critics accuse Russia of war crimes, but Moscow denies it."
    russia = about(text, "Russia")
    assert (russia.label, russia.voice, russia.rule) == (
        "neutral",
        "distanced",
        "rebutted accusation",
    )
    moscow = about(text, "Moscow")
    assert (moscow.label, moscow.voice) == ("neutral", "distanced")
    # The model alone reads the accusation as negative; the record keeps that reading.
    assert russia.probabilities["negative"] > 0.5


def test_quotation_is_recorded_as_the_speakers_view() -> None:
    text = '"NATO is a criminal aggressor," Lavrov said.'
    nato = about(text, "NATO")
    assert (nato.label, nato.voice) == ("negative", "quoted")
    lavrov = about(text, "Lavrov")
    assert (lavrov.label, lavrov.voice) == ("neutral", "speaker")


def test_negated_predicate_adjective() -> None:
    negated = about("The senator is not corrupt.", "The senator")
    assert (negated.label, negated.rule) == ("neutral", "negated negative predicate")
    # The model alone still reads it as negative; the record keeps that reading.
    assert negated.probabilities["negative"] > 0.5
    assert about("The senator is corrupt.", "The senator").label == "negative"
    assert about("The senator is honest.", "The senator").label == "positive"


def test_result_shape() -> None:
    result = about("Obama won praise for his leadership.", "Obama")
    assert set(result.probabilities) == set(CLASSES)
    assert sum(result.probabilities.values()) == pytest.approx(1.0)
    assert result.score == pytest.approx(
        result.probabilities["positive"] - result.probabilities["negative"]
    )
    assert -1.0 <= result.score <= 1.0
    assert [word for word, _ in result.cues] == ["won", "praise"]
    assert result.cues[0][1] > 0


def test_batch_equals_one_by_one_and_keeps_order() -> None:
    text = "Russia attacked Ukraine."
    mentions = [(text, 16, 23), (text, 0, 6), ("Obama won praise.", 0, 5)]
    batch = target_sentiments(mentions)
    for together, alone in zip(batch, [target_sentiment(*m) for m in mentions], strict=True):
        assert (together.label, together.cues, together.voice, together.rule) == (
            alone.label,
            alone.cues,
            alone.voice,
            alone.rule,
        )
        assert together.score == pytest.approx(alone.score, abs=1e-12)
    assert [r.label for r in batch] == ["neutral", "negative", "positive"]
    assert target_sentiments([]) == []


def test_the_name_itself_does_not_count() -> None:
    one = about("Trump attacked the press.", "Trump")
    other = about("Biden attacked the press.", "Biden")
    assert one.probabilities == pytest.approx(other.probabilities, abs=1e-12)


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [
        (3, 3, "is empty"),
        (5, 4, "outside the text"),
        (-1, 3, "outside the text"),
        (0, 99, "outside the text of length 24"),
        (6, 7, "is empty"),
    ],
)
def test_bad_spans_raise_parameter_error(start: int, end: int, problem: str) -> None:
    with pytest.raises(ParameterError, match=problem):
        target_sentiment("Russia attacked Ukraine.", start, end)


def test_batch_error_names_the_mention() -> None:
    with pytest.raises(ParameterError, match="mention 1: span"):
        target_sentiments([("Russia attacked.", 0, 6), ("Russia attacked.", 0, 40)])


def test_non_string_text_is_refused() -> None:
    with pytest.raises(ParameterError, match="text must be a str"):
        target_sentiment(None, 0, 1)  # type: ignore[arg-type]


def test_packaged_model_is_plain_arrays() -> None:
    model = load_model()
    assert model.hashed_weights.shape == (model.n_features, len(CLASSES))
    assert model.meta["data"] == "train.jsonl"


# --- in the feature tables: every actor mention judged, means with intervals -----------------

REBUTTAL_ARTICLE = (
    "Critics accuse Russia of war crimes, but Moscow denies it. "
    "Russia attacked Ukraine. Ukraine was attacked by Russia."
)
SENTENCE_BOUNDS = [(0, 58), (59, 83), (84, len(REBUTTAL_ARTICLE))]


def _tables(target: bool) -> dict:
    from framing.features.chunk_tables import extract_tables

    text = REBUTTAL_ARTICLE
    bounds = SENTENCE_BOUNDS
    articles = pd.DataFrame({"article_id": ["a1"], "text": [text]})
    sentences = pd.DataFrame(
        {
            "article_id": ["a1"] * 3,
            "sentence_id": [0, 1, 2],
            "start": [s for s, _ in bounds],
            "end": [e for _, e in bounds],
            "text": [text[s:e] for s, e in bounds],
        }
    )
    return extract_tables(articles, sentences, target_sentiment=target)


def test_every_actor_span_gets_its_own_label_in_the_span_table() -> None:
    spans = _tables(True)["spans"]
    actors = spans[spans["kind"] == "actor"]
    assert actors[["text", "term", "target_label", "target_voice"]].values.tolist() == [
        ["Russia", "Russia", "neutral", "distanced"],  # accused; the accusation is denied
        ["Moscow", "Russia", "neutral", "distanced"],
        ["Russia", "Russia", "negative", "author"],  # the attacker
        ["Ukraine", "Ukraine", "neutral", "author"],  # the attacked
        ["Ukraine", "Ukraine", "neutral", "author"],
        ["Russia", "Russia", "negative", "author"],
    ]
    assert spans.loc[spans["kind"] != "actor", "target_label"].isna().all()
    # Each mention is judged inside its own sentence.
    expected = []
    for start, end in zip(actors["start"], actors["end"], strict=True):
        s_start, s_end = next((s, e) for s, e in SENTENCE_BOUNDS if s <= start < e)
        sentence = REBUTTAL_ARTICLE[s_start:s_end]
        expected.append(target_sentiment(sentence, start - s_start, end - s_start).score)
    assert actors["target_score"].tolist() == pytest.approx(expected, abs=1e-9)


def test_actor_and_article_tables_hold_means_counts_and_intervals() -> None:
    tables = _tables(True)
    spans = tables["spans"]
    actor_rows = spans[spans["kind"] == "actor"]
    table = tables["actors"].set_index("actor")
    for actor in ("Russia", "Ukraine"):
        scores = actor_rows.loc[actor_rows["term"] == actor, "target_score"].to_numpy()
        assert table.loc[actor, "target_n"] == len(scores) == table.loc[actor, "mentions"]
        assert table.loc[actor, "target_mean"] == pytest.approx(scores.mean())
        assert table.loc[actor, "target_low"] <= scores.mean() <= table.loc[actor, "target_high"]
        assert table.loc[actor, "target_low"] >= scores.min()
        assert table.loc[actor, "target_high"] <= scores.max()
    article = tables["articles"].iloc[0]
    assert article["actor_target_mean"] == pytest.approx(actor_rows["target_score"].mean())
    assert article["actor_target_low"] < article["actor_target_mean"] < article["actor_target_high"]


def test_without_target_sentiment_the_summary_columns_are_there_and_empty() -> None:
    tables = _tables(False)
    assert "target_label" not in tables["spans"].columns
    assert "target_score" not in tables["spans"].columns
    assert "target_voice" not in tables["spans"].columns
    assert tables["actors"]["target_n"].tolist() == [0, 0]
    assert tables["actors"]["target_mean"].isna().all()
    assert tables["articles"]["actor_target_mean"].isna().all()


def test_mean_interval_is_seeded_and_needs_two_values() -> None:
    values = np.array([-1.0, -0.5, 0.5, 1.0, 1.0])
    mean, low, high = mean_interval(values)
    assert mean == pytest.approx(0.2)
    assert (low, high) == mean_interval(values)[1:]
    assert -1.0 <= low < mean < high <= 1.0
    assert mean_interval(np.array([1.0, 1.0, 1.0])) == (1.0, 1.0, 1.0)
    assert mean_interval(np.array([0.3]))[0] == 0.3
    assert np.isnan(mean_interval(np.array([0.3]))[1])


def test_group_means_resample_whole_articles() -> None:
    spans = pd.DataFrame(
        {
            "article_id": ["a", "a", "a", "b", "c"],
            "kind": ["actor"] * 4 + ["loaded"],
            "term": ["Russia", "Russia", "NATO", "Russia", None],
            "target_score": [-1.0, -0.5, 0.5, 0.5, np.nan],
        }
    )
    outlets = pd.Series({"a": "Outlet A", "b": "Outlet B", "c": "Outlet B"})
    by_outlet = group_target_sentiment(spans, outlets)
    assert by_outlet[["group", "actor", "mentions", "articles"]].values.tolist() == [
        ["Outlet A", "NATO", 1, 1],
        ["Outlet A", "Russia", 2, 1],
        ["Outlet B", "Russia", 1, 1],
    ]
    assert by_outlet["target_mean"].tolist() == pytest.approx([0.5, -0.75, 0.5])
    assert by_outlet["target_low"].isna().all()  # one article each: no interval
    pooled = group_target_sentiment(spans).set_index("actor")
    assert pooled.loc["Russia", "target_mean"] == pytest.approx(-1.0 / 3)
    assert (pooled.loc["Russia", "articles"], pooled.loc["Russia", "mentions"]) == (2, 3)
    # Resampling articles: either both of a's mentions or b's, never a mix within a.
    assert pooled.loc["Russia", "target_low"] == pytest.approx(-0.75)
    assert pooled.loc["Russia", "target_high"] == pytest.approx(0.5)


def test_extract_with_target_sentiment_on_the_sample_and_trace(sample_corpus) -> None:
    from framing.features.extraction import extract
    from framing.features.feature_set import trace

    features = extract(sample_corpus, target_sentiment=True)
    assert features.manifest["target_sentiment"] is True
    spans = features.spans
    actor_rows = spans[spans["kind"] == "actor"]
    assert len(actor_rows) > 100
    assert actor_rows["target_label"].notna().all()
    assert set(actor_rows["target_label"]) <= {"negative", "neutral", "positive"}
    assert spans.loc[spans["kind"] != "actor", "target_score"].isna().all()
    article_id = str(features.articles["article_id"].iloc[0])
    rows = trace(features, article_id, "actor_target_mean")
    article = features.articles.set_index("article_id").loc[article_id]
    assert len(rows) == article["actor_mentions"]
    assert rows["target_score"].mean() == pytest.approx(article["actor_target_mean"])
    per_actor = features.actors[features.actors["article_id"] == article_id]
    assert per_actor["target_n"].sum() == len(rows)


# --- the evaluation as a library measure, on a hand-made file in NewsMTSC's format ------------


def _newsmtsc(path, rows) -> None:
    import json

    with open(path, "w", encoding="utf-8") as handle:
        for text, targets in rows:
            records = []
            for mention, polarity in targets:
                start = text.index(mention)
                records.append(
                    {"from": start, "to": start + len(mention), "mention": mention,
                     "polarity": polarity}
                )  # fmt: skip
            handle.write(json.dumps({"sentence_normalized": text, "targets": records}) + "\n")


def test_validate_run_scores_the_model_beside_its_baselines(tmp_path) -> None:
    from sklearn.metrics import f1_score

    from framing.validate.target_sentiment import run

    (tmp_path / "newsmtsc").mkdir()
    train = [
        ("Russia attacked Ukraine.", [("Russia", 2.0), ("Ukraine", 4.0)]),
        ("Obama won praise for his leadership.", [("Obama", 6.0)]),
        ("Merkel met Macron in Paris.", [("Merkel", 4.0), ("Macron", 4.0)]),
        ("The senator lied to voters.", [("The senator", 2.0)]),
        ("Voters cheered the brave mayor.", [("the brave mayor", 6.0)]),
    ]
    test = [
        ("Zelensky praised the brave soldiers, while Putin was condemned.",
         [("Zelensky", 6.0), ("Putin", 2.0)]),
        ("Biden met Scholz in Berlin on Tuesday.", [("Biden", 4.0), ("Scholz", 4.0)]),
        ("Critics slammed the corrupt governor.", [("the corrupt governor", 2.0)]),
    ]  # fmt: skip
    _newsmtsc(tmp_path / "newsmtsc" / "train.jsonl", train)
    _newsmtsc(tmp_path / "newsmtsc" / "devtest_mt.jsonl", test)
    measure = run(tmp_path, seed=0)
    assert (measure.key, measure.n, measure.unit) == ("target_sentiment", 5, "targets")
    matrix = measure.details["confusion"]["model"]
    assert [sum(row) for row in matrix] == [2, 2, 1]  # annotators: 2 neg, 2 neu, 1 pos
    majority = {f.name: f for f in measure.baselines}["majority class"]
    # train has 2 negative, 3 neutral, 2 positive: "neutral" for all, F1 (0 + 2/3 + 0) / 3
    assert majority.value == pytest.approx(round((2 * 2 / (2 + 5)) / 3, 4))
    assert measure.details["confusion"]["majority class"] == [[0, 2, 0], [0, 2, 0], [0, 1, 0]]
    recall = {f.name: f.value for f in measure.extra}
    assert recall["recall negative"] == pytest.approx(matrix[0][0] / 2)
    assert measure.figure.low <= measure.figure.value <= measure.figure.high
    # The headline is plain macro-F1 of the model's labels (sklearn agrees).
    labels_by_row = [(g, p) for g in range(3) for p in range(3) for _ in range(matrix[g][p])]
    g, p = zip(*labels_by_row, strict=True)
    assert sorted(g) == [0, 0, 1, 1, 2]
    assert measure.figure.value == pytest.approx(
        round(f1_score(g, p, average="macro", labels=[0, 1, 2], zero_division=0), 4)
    )


def test_a_broken_newsmtsc_file_is_named_with_its_line(tmp_path) -> None:
    from framing.errors import FramingError
    from framing.validate.target_sentiment import read_newsmtsc

    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"sentence_normalized": "A b.", "targets": []}\n{bad\n', encoding="utf-8")
    with pytest.raises(FramingError, match=r"broken.jsonl, line 2: not a NewsMTSC record"):
        read_newsmtsc(broken)
    with pytest.raises(FramingError, match=r"none.jsonl: cannot read the NewsMTSC file"):
        read_newsmtsc(tmp_path / "none.jsonl")


def test_the_tfidf_baseline_reads_the_whole_masked_sentence() -> None:
    from framing.validate.target_sentiment import masked_sentence, tfidf_window_baseline

    assert masked_sentence("Putin met Biden.", 0, 5) == " targetmask  met Biden."
    # The word that decides lies beyond the 120-character window: only the sentence block sees it.
    filler = " ".join(["the committee met on tuesday to discuss the budget"] * 3)

    def mention(verdict: str) -> tuple[str, int, int]:
        text = f"Senator Smith spoke. {filler}. Voters {verdict} him."
        return text, 0, len("Senator Smith")

    train = [mention("praised")] * 3 + [mention("condemned")] * 3
    labels = np.array([2, 2, 2, 0, 0, 0])
    predicted = tfidf_window_baseline(train, labels, [mention("praised"), mention("condemned")])
    assert predicted.tolist() == [2, 0]
