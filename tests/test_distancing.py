"""Voice of a hit: author, quoted or distanced (cues, scare quotes, nested quotes), negated."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.errors import LexiconError
from framing.features.distancing import load_distancing, parse_distancing
from framing.features.loaded_terms import find_terms, voice_of


def _voices(text: str) -> list[tuple[str, str, bool]]:
    """Return (surface, voice, negated) of every hit of ``text``."""
    hits = find_terms(text)
    return [
        (surface, voice_of(quoted, distanced), negated)
        for surface, quoted, distanced, negated in zip(
            hits["text"], hits["quoted"], hits["distanced"], hits["negated"], strict=True
        )
    ]


@pytest.mark.parametrize(
    ("text", "surface", "cue"),
    [
        # The examples of writers naming a frame to rebut it.
        ("Officials blamed alleged Russian meddling for the result.", "meddling", "alleged"),
        (
            "The fearmongering about Russian meddling never stops.",
            "meddling",
            "fearmongering about",
        ),
        ("He repeated the so-called Russian aggression line.", "Russian aggression", "so-called"),
        ("Don't believe the propaganda they sell you.", "propaganda", "don't believe the"),
        (
            "Moscow rejects what Kyiv calls an illegal annexation.",
            "illegal annexation",
            "what kyiv calls",
        ),
        ("They spread the myth of a Ukrainian genocide.", "genocide", "the myth of"),
        ("The claims of genocide were never proven.", "genocide", "claims of"),
        ("There is no genocide in Donbas.", "genocide", "there is no"),
        ("The Russian meddling story is a hoax.", "meddling", "is a hoax"),
        ("Critics dismiss the unprovoked narrative as simplistic.", "unprovoked", "narrative"),
        ("The supposedly heroic defenders fled.", "heroic defenders", "supposedly"),
    ],
)
def test_distancing_cues(text: str, surface: str, cue: str) -> None:
    start = text.index(surface)
    assert load_distancing().cue(text, start, start + len(surface)) == cue
    assert (surface, "distanced") in [(s, v) for s, v, _ in _voices(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Author voice: nothing holds the term at arm's length.
        ("Russia launched an unprovoked invasion.", [("unprovoked invasion", "author", False)]),
        # A long quotation is a speaker's words (quoted), not distancing.
        (
            "“This is an unprovoked and brutal war,” Biden said on Monday.",
            [("unprovoked", "quoted", False), ("brutal", "quoted", False)],
        ),
        # Scare quotes: a short quotation with no speech verb before it.
        (
            "They trust the “mainstream media” to tell them.",
            [("mainstream media", "distanced", False)],
        ),
        ('He decried the "regime" in Kyiv.', [("regime", "distanced", False)]),
        # A short quotation after a speech verb is the speaker's word: quoted.
        ('Biden said the attack was "unprovoked".', [("unprovoked", "quoted", False)]),
        # "called it" attributes the term to another: distanced, quotation marks or not.
        (
            'Putin called it a "special military operation".',
            [("special military operation", "distanced", False)],
        ),
        (
            "Moscow calls it a special military operation.",
            [("special military operation", "distanced", False)],
        ),
        # A cue reaches the first term after it only.
        (
            "The so-called special military operation liberates nothing.",
            [
                ("so-called", "author", False),
                ("special military operation", "distanced", False),
                ("liberates", "author", False),
            ],
        ),
        # Negation is reported beside the voice.
        ("It was not an unprovoked attack.", [("unprovoked attack", "author", True)]),
        # A cue two clauses back does not reach the term.
        ("It was alleged; the invasion began at dawn.", [("invasion", "author", False)]),
        # An apostrophe is no scare quote.
        ("Russia's invasion began at dawn.", [("invasion", "author", False)]),
    ],
)
def test_voice_of_each_hit(text: str, expected: list[tuple[str, str, bool]]) -> None:
    assert _voices(text) == expected


def test_nested_quotes_keep_the_inner_scare_quotes() -> None:
    # A speaker quotes a word to reject it: the word is distanced inside the quotation.
    text = "Sachs said, “The Biden team uses the word ‘unprovoked’ incessantly.”"
    assert _voices(text) == [("unprovoked", "distanced", False)]
    hits = find_terms(text)
    assert hits["quoted"].tolist() == [True]
    # A quotation inside a long quotation, led by a speech verb, stays quoted.
    text = "“Officials said it was ‘a war of aggression’ from the first day,” he said."
    assert _voices(text) == [("war of aggression", "quoted", False)]


def test_scare_quotes_around_a_phrase_that_holds_the_term() -> None:
    text = 'Their "heroic liberation" of the town left it in ruins.'
    assert _voices(text) == [("heroic", "distanced", False), ("liberation", "distanced", False)]
    # More words than scare_quote_max_words: an ordinary quotation.
    text = 'The poster read "the liberation of our great and ancient town" in red.'
    assert _voices(text) == [("liberation", "quoted", False)]


def test_voice_order_distanced_before_quoted() -> None:
    assert [voice_of(q, d) for q, d in [(False, False), (True, False), (True, True),
                                        (False, True)]] == [
        "author", "quoted", "distanced", "distanced"
    ]  # fmt: skip


def test_user_distancing_file_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "cues.yml"
    path.write_text("version: '2'\nbefore: [reportedly]\nafter: []\n", encoding="utf-8")
    cues = load_distancing(path)
    text = "The reportedly brutal raid"
    assert cues.cue(text, 15, 21) == "reportedly"
    assert load_distancing().cue(text, 15, 21) is None
    with pytest.raises(LexiconError, match="field 'before' must be a list"):
        parse_distancing({"before": "so-called"}, "cues.yml")
    with pytest.raises(LexiconError, match=r"unknown field\(s\) \['befor'\]"):
        parse_distancing({"befor": []}, "cues.yml")
    with pytest.raises(LexiconError, match="'max_words_between' must be a whole number"):
        parse_distancing({"max_words_between": -1}, "cues.yml")
