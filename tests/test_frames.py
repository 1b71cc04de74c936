"""Frame dimensions: seed matching, per-1,000 rates, detection thresholds, seed-file errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from framing.errors import LexiconError, ParameterError
from framing.features import frames
from framing.textnorm import count_words

ECONOMIC = (
    "The new tariffs raise prices for consumers, and economists warn that the budget deficit "
    "and rising taxes will slow the economy and cost thousands of jobs."
)
SECURITY = (
    "Troops and tanks massed at the border as the army braced for an attack; the defence "
    "ministry said missiles posed a threat to border security."
)


def test_score_is_indexed_by_the_fifteen_dimensions():
    rates = frames.score(ECONOMIC)
    assert list(rates.index) == list(frames.DIMENSIONS)
    assert len(rates) == 15 and rates["other"] == 0.0


def test_economic_text_scores_economic_not_security():
    rates = frames.score(ECONOMIC)
    hits = frames.find_frame_terms(ECONOMIC)
    economic = hits[hits["frame"] == "economic"]
    assert list(economic["text"]) == [
        "tariffs",
        "prices",
        "economists",
        "budget",
        "taxes",
        "economy",
        "jobs",
    ]  # "cost" was dropped by the cue audit
    assert count_words(ECONOMIC) == 26
    assert rates["economic"] == pytest.approx(7 / 26 * 1000)
    assert rates["security_and_defense"] == 0.0
    assert "economic" in frames.detect(ECONOMIC)
    assert "security_and_defense" not in frames.detect(ECONOMIC)


def test_security_text_scores_security_with_multiword_seed():
    hits = frames.find_frame_terms(SECURITY)
    security = hits[hits["frame"] == "security_and_defense"]
    assert "border security" in list(security["text"])  # longest match, counted once
    assert "security" not in list(security["text"])
    assert frames.detect(SECURITY) >= {"security_and_defense"}
    assert "economic" not in frames.detect(SECURITY)


def test_matching_is_token_boundary_aware_and_offsets_are_exact():
    text = "Courtesy is not a court.\nHealth-\ncare? Health\ncare costs; taxi not TAX."
    hits = frames.find_frame_terms(text)
    spans = [
        (text[s:e], f) for s, e, f in zip(hits["start"], hits["end"], hits["frame"], strict=True)
    ]
    assert ("court", "legality_constitutionality_jurisprudence") in spans
    assert not any(t.lower().startswith("courtesy") for t, _ in spans)
    assert ("Health\ncare", "health_and_safety") in spans  # line break inside a multiword seed
    assert ("TAX", "economic") in spans and not any(t == "taxi" for t, _ in spans)
    assert all(
        text[s:e] == t for s, e, t in zip(hits["start"], hits["end"], hits["text"], strict=True)
    )


def test_wildcard_seed_covers_the_whole_word():
    hits = frames.find_frame_terms("Economists discussed economic policy.")
    assert list(hits[hits["frame"] == "economic"]["text"]) == ["Economists", "economic"]


def test_detect_threshold_behaviour():
    text = "The court met. " + "Nothing else happened here today at all. " * 12
    rate = frames.score(text)["legality_constitutionality_jurisprudence"]
    assert rate == pytest.approx(1000 / count_words(text))  # one hit, ~10 per 1k
    assert "legality_constitutionality_jurisprudence" in frames.detect(text, threshold=rate)
    assert "legality_constitutionality_jurisprudence" not in frames.detect(
        text, threshold=rate + 0.01
    )
    assert frames.detect(text, threshold=1000.0) == {"other"}
    assert frames.detect("") == set()
    assert frames.detect("Nothing to see.", threshold=0.0) == {"other"}  # a hit is required
    with pytest.raises(ParameterError, match="threshold must be >= 0.0, got -1"):
        frames.detect(text, threshold=-1)
    with pytest.raises(ParameterError, match="threshold must be a number, got True"):
        frames.detect(text, threshold=True)


def test_no_seed_is_an_actor_name():
    # A seed naming a country, place or person measures who a story is about, not its frame.
    from framing.features.actors import load_actors

    names = set()
    for actor in load_actors().actors:
        names.update(alias.lower() for alias in (*actor.aliases, *actor.exact))
    loaded = frames.load_frames()
    offending = {
        (dim, seed) for dim, seeds in loaded.seeds.items() for seed in seeds if seed in names
    }
    assert offending == set()
    text = "Russia, China and NATO met in Moscow; Biden and the Kremlin replied."
    assert frames.find_frame_terms(text).empty


def test_dropped_seeds_are_kept_in_the_file_but_not_matched(tmp_path):
    loaded = frames.load_frames()
    assert "cost" in loaded.dropped["economic"] and "cost" not in loaded.seeds["economic"]
    assert frames.find_frame_terms("The cost.").empty
    custom = tmp_path / "frames.yml"
    custom.write_text(
        "frames:\n  economic:\n    seeds: [tax]\n    dropped: [cost]\n", encoding="utf-8"
    )
    assert frames.load_frames(custom).dropped["economic"] == ("cost",)
    custom.write_text("frames:\n  economic:\n    seeds: [tax]\n    dropped: [1]\n", "utf-8")
    with pytest.raises(LexiconError, match=r"field 'dropped' has an invalid term 1"):
        frames.load_frames(custom)


def test_semeval_names_map_one_to_one():
    assert len(frames.SEMEVAL_TO_DIMENSION) == 15
    assert sorted(frames.SEMEVAL_TO_DIMENSION.values()) == sorted(frames.DIMENSIONS)
    loaded = frames.load_frames()
    for label, dimension in frames.SEMEVAL_TO_DIMENSION.items():
        assert loaded.labels[dimension] == label


def test_extra_seeds_extend_a_frame(tmp_path):
    extra = tmp_path / "extra.yml"
    extra.write_text("frames:\n  economic:\n    seeds: [grain deal]\n", encoding="utf-8")
    custom = frames.load_frames(extra=extra)
    text = "The grain deal collapsed."
    assert frames.score(text)["economic"] == 0.0
    assert frames.score(text, custom)["economic"] == pytest.approx(250.0)
    by_mapping = frames.load_frames(extra={"morality": ["perfidy"]})
    assert frames.detect("Such perfidy!", by_mapping) == {"morality"}


def test_bad_frames_file_names_file_line_and_field(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "version: '1'\nframes:\n  economic:\n    seeds: [tax]\n  economy:\n    seeds: [x]\n",
        encoding="utf-8",
    )
    with pytest.raises(LexiconError, match=r"bad\.yml line 5: frame 'economy' is not one of"):
        frames.load_frames(bad)
    bad.write_text("frames:\n  economic:\n    seeds: tax\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"line 2: frame 'economic', field 'seeds' must be"):
        frames.load_frames(bad)
    bad.write_text("frames:\n  economic:\n    seeds: [tax]\n    threshold: -2\n", "utf-8")
    with pytest.raises(LexiconError, match="field 'threshold' must be >= 0.0, got -2"):
        frames.load_frames(bad)
    bad.write_text("frames: [\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="not valid YAML"):
        frames.load_frames(bad)
    with pytest.raises(LexiconError, match="cannot read"):
        frames.load_frames(tmp_path / "missing.yml")


# --- The fast paths give exactly what the plain implementations give --------------------------

_TOKEN_TEXT = st.text(alphabet="ab_9é ’'-‘\u2010\u00ad\n\t.,“”—İ", max_size=60)


@given(_TOKEN_TEXT)
def test_normalise_keeps_offsets_and_maps_like_a_translation_table(text):
    table = str.maketrans(frames._NORMALISE)
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(ch.lower()[:1] for ch in text)
    assert frames._normalise(text) == lowered.translate(table)
    assert len(frames._normalise(text)) == len(text)


def test_tied_seeds_of_two_frames_give_one_hit_per_frame():
    custom = frames.load_frames(extra={"economic": ["tax*"], "political": ["tax", "taxes"]})
    hits = frames.frame_hits("Tax and taxes, not taxi-drivers.", custom)
    # "tax" ends at the same place as "tax*": the first seed found is kept, frames merge.
    assert hits == [
        (0, 3, "economic", "tax"), (0, 3, "political", "tax"), (8, 13, "economic", "tax*"),
        (8, 13, "political", "tax*"), (19, 23, "economic", "tax*"),
    ]  # fmt: skip
