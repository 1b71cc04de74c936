"""Sentiment toward one mention (an actor) in a sentence: negative, neutral or positive.

Whole-sentence VADER gives every actor of a sentence the same score, so in "Russia attacked
Ukraine" both come out negative. :func:`target_sentiment` judges the mention from its place in
the sentence instead: the words around it (masked, so the actor's name never counts), whether it
is the agent or the patient of a loaded verb, nearby VADER and framing-lexicon valence weighted
by distance, negation, quotation and distancing cues (see
:mod:`framing.features.target_features`). A logistic regression trained on NewsMTSC's training
split (Hamborg & Donnay, EACL 2021; see ``models/NOTICE.md``) weighs those features, mixed with a
TF-IDF regression on the masked words near the target (:mod:`framing.features.target_model`);
:mod:`framing.validate.target_sentiment` reports its agreement with annotators.

Rules sit on top of the model, because the news data it learnt from rarely shows these cases
(on NewsMTSC's held-out sentences they change macro-F1 by less than 0.01, either way):

- *rebutted accusation*: an actor accused in a sentence that also reports a denial ("Critics
  accuse Russia of war crimes, but Moscow denies it") is not negative in the author's voice;
  a negative reading becomes neutral and ``voice`` is ``"distanced"`` (so is the actor who
  denies, when the sentence carries an accusation or "alleged");
- *agent of an attack*: an actor doing something strongly negative in the author's voice
  ("Russia attacked Ukraine", VADER valence of the verb ≤ -1.5, not negated) is negative;
- *negated negative predicate*: "The senator is not corrupt" denies a fault rather than
  asserting one; a negative reading becomes neutral (in NewsMTSC's training split 4 of the 5
  such targets are not negative, too few for the model to learn it);
- *patient of an attack*: an actor on the receiving end of physical aggression ("Russia
  attacked Ukraine", "Ukraine was shelled") is a victim, not negatively portrayed; a negative
  reading with no other negative word near the actor becomes neutral. Criticism ("critics
  slammed X") is left to the model: annotators read a criticised actor as negative.

``voice`` also records ``"quoted"`` when the mention sits inside a quotation (the sentiment
is the speaker's view) and ``"speaker"`` when the mention speaks a quotation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from framing.errors import ParameterError
from framing.features.target_features import DENSE_NAMES, MentionFeatures, features_of
from framing.features.target_model import CLASSES, TargetSentimentModel, load_model

_INDEX = {name: i for i, name in enumerate(DENSE_NAMES)}
_MAX_CUES = 5
#: VADER valence at or below which the verb an actor performs makes the actor negative.
_STRONG_VERB = -1.5
#: Physical aggression makes its target a victim; criticism ("slammed X") is left to the model,
#: since NewsMTSC's annotators read a criticised actor as negatively portrayed.
_AGGRESSION = (
    "attack",
    "invad",
    "bomb",
    "shell",
    "kill",
    "shot",
    "shoot",
    "strik",
    "struck",
    "occup",
    "murder",
    "assault",
    "raid",
    "massacr",
    "terroriz",
    "threat",
    "abduct",
    "kidnap",
    "tortur",
)


@dataclass(frozen=True)
class TargetSentiment:
    """The sentiment toward one mention.

    ``score`` is P(positive) − P(negative) in [-1, 1]; ``probabilities`` maps each label to
    the model's probability (before rules); ``cues`` are the valence-bearing context words,
    nearest first, with their VADER valence; ``voice`` is "author", "quoted", "speaker" or
    "distanced"; ``rule`` names the rule that changed the model's label, if any.
    """

    label: str
    score: float
    probabilities: dict[str, float]
    cues: tuple[tuple[str, float], ...]
    voice: str
    rule: str | None = None


def _check(text: object, start: object, end: object, where: str) -> None:
    if not isinstance(text, str):
        raise ParameterError(f"{where}: text must be a str, got {type(text).__name__}")
    if not isinstance(start, int | np.integer) or not isinstance(end, int | np.integer):
        raise ParameterError(f"{where}: start and end must be integers, got {start!r}, {end!r}")
    if not 0 <= start <= end <= len(text):
        raise ParameterError(
            f"{where}: span ({start}, {end}) is outside the text of length {len(text)}; "
            "pass character offsets into the same text"
        )
    if start == end or not text[start:end].strip():
        raise ParameterError(
            f"{where}: span ({start}, {end}) is empty; pass the characters of the mention"
        )


def _voice(dense: list[float]) -> str:
    accused = dense[_INDEX["accused_target"]] and dense[_INDEX["rebuttal"]]
    denying = dense[_INDEX["rebutting_target"]] and dense[_INDEX["distancing"]]
    if accused or denying:
        return "distanced"
    if dense[_INDEX["in_quote"]]:
        return "quoted"
    if dense[_INDEX["speaker"]]:
        return "speaker"
    return "author"


def _apply_rules(label: str, features: MentionFeatures, voice: str) -> tuple[str, str | None]:
    """Return the label after the rebuttal and patient rules, and the rule's name if one fired."""
    dense = features.dense
    agent = dense[_INDEX["agent_valence"]] <= _STRONG_VERB and not dense[_INDEX["passive"]]
    if label == "neutral" and voice == "author" and agent and not dense[_INDEX["verb_negated"]]:
        return "negative", "agent of a negative verb"
    if label != "negative":
        return label, None
    if voice == "distanced":
        return "neutral", "rebutted accusation"
    if dense[_INDEX["predicate_negated"]] and dense[_INDEX["predicate_valence"]] < 0:
        return "neutral", "negated negative predicate"
    if features.patient_of.startswith(_AGGRESSION) and dense[_INDEX["agent_valence"]] >= 0:
        near = [value for _, value in features.cues[:3]]
        if sum(1 for value in near if value < 0) <= 1:
            return "neutral", "patient of an attack"
    return label, None


def _result(features: MentionFeatures, row: list[float]) -> TargetSentiment:
    probabilities = dict(zip(CLASSES, row, strict=True))
    voice = _voice(features.dense)
    label, rule = _apply_rules(CLASSES[row.index(max(row))], features, voice)
    return TargetSentiment(
        label=label,
        score=min(1.0, max(-1.0, row[2] - row[0])),
        probabilities=probabilities,
        cues=tuple(features.cues[:_MAX_CUES]),
        voice=voice,
        rule=rule,
    )


def target_sentiments(
    mentions: Iterable[tuple[str, int, int]], *, model: TargetSentimentModel | None = None
) -> list[TargetSentiment]:
    """Return the sentiment toward each ``(text, start, end)`` mention, in order.

    Vectorised: each distinct text is tokenized once and all mentions are scored in one matrix
    product, so thousands of mentions take well under a second. ``model`` defaults to the
    packaged one.
    """
    items: Sequence[tuple[str, int, int]] = list(mentions)
    for index, (text, start, end) in enumerate(items):
        _check(text, start, end, f"mention {index}")
    features = features_of((text, int(start), int(end)) for text, start, end in items)
    proba = (model or load_model()).predict_proba(features)
    return [_result(f, row) for f, row in zip(features, proba.tolist(), strict=True)]


def target_sentiment(
    text: str, start: int, end: int, *, model: TargetSentimentModel | None = None
) -> TargetSentiment:
    """Return the sentiment toward the mention ``text[start:end]``.

    >>> text = "Russia attacked Ukraine."
    >>> target_sentiment(text, 0, 6).label
    'negative'
    >>> target_sentiment(text, 16, 23).label != "negative"
    True
    """
    _check(text, start, end, "target_sentiment")
    return target_sentiments([(text, start, end)], model=model)[0]
