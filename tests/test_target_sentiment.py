"""Target-dependent sentiment on hand-made sentences, with the shipped model (no data files)."""

from __future__ import annotations

import pytest

from framing.errors import ParameterError
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


@pytest.mark.xfail(strict=True, reason="the model misses negation of a predicate adjective")
def test_negated_predicate_adjective() -> None:
    assert about("The senator is not corrupt.", "The senator").label == "neutral"


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
