"""Quotations (regions, attribution, quote tables) on the sample articles and hand-made text."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from framing.errors import LexiconError, ParameterError
from framing.features import attribution
from framing.features.attribution import load_attribution_verbs
from framing.features.quoted_regions import in_regions, quoted_regions
from framing.features.quotes import find_quotes, quote_rows, quote_stats, stats_from_rows

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "raw" / "sample"


def _sample(prefix: str) -> str:
    (path,) = SAMPLE.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _quoted(text: str) -> list[str]:
    return [text[s:e] for s, e in quoted_regions(text)]


def test_sample_000_unprovoked_is_quoted_and_nested_single_quotes_merge():
    text = _sample("000")
    quoted = _quoted(text)
    assert "This is not an attack by Vladimir Putin on Ukraine, as we are told today." in quoted
    assert "unprovoked." in quoted
    # The nested ‘unprovoked’ lies inside the Sachs quote: one merged region, not two.
    sachs = next(q for q in quoted if q.startswith("The Biden team uses the word"))
    assert sachs.endswith("anniversary of the war.")
    regions = quoted_regions(text)
    for position in (text.index("Putin’s strike"), text.index("US’s plan")):
        assert not in_regions(position, regions)


def test_sample_001_mixed_typographic_and_straight_marks_pair():
    quoted = _quoted(_sample("001"))
    assert quoted[1].startswith("How much of that is actually true")
    assert quoted[1].endswith("without the approval of the UN Security Council,")
    assert "We are not looking for confrontation," in quoted
    assert "This goal for me is fulfilled." in quoted
    assert not any("Moscow has repeatedly denied" in q for q in quoted)


def test_sample_002_quoted_euphemisms():
    quoted = _quoted(_sample("002"))
    assert quoted.count("special military operation") == 2
    assert "meat grinder" in quoted
    assert "unprovoked war" in quoted
    assert "puppet" not in " ".join(quoted)


def test_sample_003_unclosed_quote_runs_to_end_of_paragraph():
    text = _sample("003")
    quoted = _quoted(text)
    expected = (
        "Our actions will not depend on the negotiation process, but on unconditional "
        "security guarantees to Russia. We have made it clear that NATO’s eastward expansion "
        "is unacceptable."
    )
    assert expected in quoted
    # ... and does not leak into the next paragraph.
    assert not in_regions(text.index("Putin further pointed out"), quoted_regions(text))
    assert any(q.startswith("The United States has stood on our doorstep") for q in quoted)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Putin’s aides can’t say it’s over.", []),
        ("He called it a ‘red line’ again.", ["red line"]),
        ("He called it a 'red line' again.", ["red line"]),
        ("In the ’90s it was the Jones’ house.", []),
        ("“Tanks,” he said. “Planes.”", ["Tanks,", "Planes."]),
        ('"Never," she said, "ever."', ["Never,", "ever."]),
        ("“Open quote runs on\n\nNext paragraph", ["Open quote runs on"]),
        ('Empty "" marks', []),
        ("", []),
    ],
)
def test_quoted_regions_table(text, expected):
    assert _quoted(text) == expected


@given(st.text(alphabet=st.sampled_from(list("ab ’'‘\"“”\n.,")), max_size=60))
def test_regions_sorted_disjoint_and_in_bounds(text):
    regions = quoted_regions(text)
    for start, end in regions:
        assert 0 <= start < end <= len(text)
    for (_, end), (start, _) in zip(regions, regions[1:], strict=False):
        assert end < start


# --- find_quotes / quote_stats ----------------------------------------------------------------


def test_sample_001_putin_said_and_he_said_resolve_to_putin():
    quotes = find_quotes(_sample("001"))
    putin = quotes[quotes["speaker"] == "Putin"]
    assert putin["text"].str[:15].tolist() == [
        "I would like to",
        "How much of tha",
        "That, of course",
    ]
    assert putin["verb"].tolist() == ["say", "say", "explain"]
    # "he said" after a Stoltenberg paraphrase resolves to Stoltenberg, not to Putin.
    row = quotes[quotes["text"] == "We are not looking for confrontation,"].iloc[0]
    assert row["speaker"] == "Jens Stoltenberg" and row["verb_class"] == "neutral"
    # The continuation “This goal for me is fulfilled.” inherits Macron.
    assert quotes.iloc[-1]["text"] == "This goal for me is fulfilled."
    assert quotes.iloc[-1]["speaker"] == "Macron"


def test_sample_002_said_stoltenberg_and_loaded_verbs():
    quotes = find_quotes(_sample("002"))
    row = quotes[quotes["text"].str.startswith("He wanted us to remove")].iloc[0]
    assert (row["speaker"], row["verb"], row["verb_class"]) == ("Stoltenberg", "say", "neutral")
    assert row["n_words"] == 63
    claim = quotes[quotes["text"] == "sufficient"].iloc[0]
    assert (claim["speaker"], claim["verb"], claim["verb_class"]) == (
        "Zelensky",
        "claim",
        "loaded",
    )
    # Scare quotes without attribution and under three words are not quotations.
    assert "meat grinder" not in quotes["text"].tolist()


def test_sample_004_according_to_kuleba_resolves_he_said():
    quotes = find_quotes(_sample("004"))
    row = quotes[quotes["text"] == "illegitimate,"].iloc[0]
    assert (row["speaker"], row["verb"]) == ("Kuleba", "say")
    row = quotes[quotes["text"] == "deeply concerned"].iloc[0]
    assert row["speaker"] == "Blinken"


@pytest.mark.parametrize(
    ("text", "speaker", "verb", "verb_class"),
    [
        ("“It is over,” Lavrov claimed on Monday.", "Lavrov", "claim", "loaded"),
        ("“We lost the town,” the general admitted.", None, None, None),
        ("“We lost the town,” admitted General Syrskyi.", "Syrskyi", "admit", "loaded"),
        (
            "According to Kuleba, it was “a costly mistake for them”.",
            "Kuleba",
            "according to",
            "neutral",
        ),
        ("“Nothing,” he said.", "he", "say", "neutral"),
    ],
)
def test_attribution_table(text, speaker, verb, verb_class):
    row = find_quotes(text).astype(object).iloc[0]
    clean = [None if pd.isna(v) else v for v in (row["speaker"], row["verb"], row["verb_class"])]
    assert clean == [speaker, verb, verb_class]


def test_offsets_point_at_quoted_text_and_empty_text_gives_empty_table():
    text = _sample("003")
    for q in find_quotes(text).itertuples():
        assert text[q.start : q.end] == q.text
    empty = find_quotes("")
    assert list(empty.columns) == [
        "quote_id",
        "start",
        "end",
        "text",
        "speaker",
        "verb",
        "verb_class",
        "n_words",
    ]
    assert empty.empty


def test_quote_stats_on_sample_001():
    text = _sample("001")
    stats = quote_stats(find_quotes(text), text)
    assert len(text) == 2834
    assert stats == {
        "n_quotes": 6,
        "quoted_chars": 613,
        "quoted_share": 613 / 2834,
        "n_speakers": 3,
        "top_speaker": "Putin",
        "top_speaker_words": 30 + 31 + 17,
        "loaded_verb_share": 0.0,
    }
    none = quote_stats(find_quotes("No quotes here."), "No quotes here.")
    assert none["n_quotes"] == 0 and none["top_speaker"] is None and none["quoted_share"] == 0.0


def test_bad_verb_file_and_parameter_errors(tmp_path):
    bad = tmp_path / "verbs.yml"
    bad.write_text(
        "verbs:\n  - verb: say\n    forms: [said]\n    class: biased\n    explanation: x\n"
    )
    with pytest.raises(
        LexiconError, match=r"verbs.yml, verb #1 \(say\): field 'class' is 'biased'"
    ):
        load_attribution_verbs(bad)
    with pytest.raises(ParameterError, match="min_words=0"):
        find_quotes("“a b c”", min_words=0)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“We will respond,” the Kremlin said.", "Kremlin"),
        ("“It is over,” said Russian Foreign Minister Sergei Lavrov.", "Sergei Lavrov"),
        ("The White House said it was “deeply concerned about this”.", "White House"),
    ],
)
def test_institutions_and_titles(text, speaker):
    assert find_quotes(text)["speaker"].tolist() == [speaker]


_TWO_PARAGRAPHS = (
    "“We will not retreat,” Zelensky said. “Never.”\n\nThe Kremlin called it a “provocation”."
    "\n\n“Talks are over,” he claimed."
)


def test_quote_rows_and_stats_by_hand():
    # "Never." continues Zelensky's quote; the one-word scare quote "provocation" is left out;
    # "he claimed" resolves to the last source named before it.
    rows = quote_rows(_TWO_PARAGRAPHS)
    assert rows == [
        (0, 1, 21, "We will not retreat,", "Zelensky", "say", "neutral", 4),
        (1, 39, 45, "Never.", "Zelensky", "say", "neutral", 1),
        (2, 89, 104, "Talks are over,", "Zelensky", "claim", "loaded", 3),
    ]
    table = find_quotes(_TWO_PARAGRAPHS)
    assert table["quote_id"].tolist() == [0, 1, 2]
    assert table["speaker"].tolist() == ["Zelensky"] * 3
    expected = {
        "n_quotes": 3,
        "quoted_chars": 20 + 6 + 15,
        "quoted_share": 41 / 117,
        "n_speakers": 1,
        "top_speaker": "Zelensky",
        "top_speaker_words": 4 + 1 + 3,
        "loaded_verb_share": 1 / 3,
    }
    assert len(_TWO_PARAGRAPHS) == 117
    assert stats_from_rows([(r[1], r[2], r[4], r[7], r[6]) for r in rows], _TWO_PARAGRAPHS) == (
        expected
    )
    assert quote_stats(table, _TWO_PARAGRAPHS) == expected


# --- The fast paths give exactly what the plain regex scans give ------------------------------

_WORDS = [
    "Putin", "Vladimir", "The", "the", "he", "She", "it", "We", "of", "U.S.", "W.", "Kuleba’s",
    "said", "says", "told", "pointed", "out", "points", "statement", "states", "quoted", "as",
    "saying", "according", "to", "According", "also", "further", "repeatedly", "has", "could",
    "claimed", "reports", "officials", "Ukrainian", "President", "Zelensky", "Jens",
    "Stoltenberg", "Secretary", "General", "not", "war", "“We", "said.", "it,", "—", "–",
    "(Kremlin)", "\"no\"", "'quite'", "‘so’", "rock’n’roll", "x" * 40,
]  # fmt: skip
_GAPS = [" ", "  ", "\n", "\n\n", " \t", ", ", ". ", "\u00a0", ""]
_TEXTS = st.lists(
    st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), min_size=0, max_size=60
).map(lambda parts: "".join(word + gap for word, gap in parts))


def _verb_patterns():
    verbs = attribution.default_verbs()
    return attribution.attribution_patterns(verbs.alternation, tuple(sorted(verbs.forms)))


def _found(matches):
    return [(m.span(), m.group("name"), m.group("verb")) for m in matches]


@given(_TEXTS)
def test_windowed_mention_search_equals_finditer(text):
    patterns = _verb_patterns()
    plain = [
        (m.span(), m.group("name"), m.group("verb")) for m in patterns["mention"].finditer(text)
    ]
    fast = [
        (m.span(), m.group("name"), m.group("verb")) for m in attribution._mentions(text, patterns)
    ]
    assert fast == plain
    plain = [m.span() for m in patterns["according"].finditer(text)]
    assert [m.span() for m in attribution._according(text, patterns["according"])] == plain


def test_windowed_mention_search_on_hand_made_edge_cases():
    patterns = _verb_patterns()
    text = (
        "Ukrainian President Volodymyr Zelensky further repeatedly pointed  out the risk. "
        "The statement states nothing; he said it.\nKuleba\nsaid so, and the said officials "
        "could claim it. According to the U.S. State Department officials said."
    )
    plain = [
        (m.span(), m.group("name"), m.group("verb")) for m in patterns["mention"].finditer(text)
    ]
    fast = [
        (m.span(), m.group("name"), m.group("verb")) for m in attribution._mentions(text, patterns)
    ]
    assert fast == plain
    assert [name for _, name, _ in fast] == ["Ukrainian President Volodymyr Zelensky", "he",
                                             "Kuleba", "he"]  # fmt: skip
    # Without the verb forms the pattern set has no prefilter and scans every position.
    unfiltered = attribution.attribution_patterns(attribution.default_verbs().alternation)
    assert unfiltered["verb_start"] is None
    assert [m.span() for m in attribution._mentions(text, unfiltered)] == [s for s, _, _ in plain]


@given(_TEXTS)
def test_shortened_before_search_equals_the_plain_search(text):
    patterns = _verb_patterns()
    before = text[-160:]
    plain = patterns["before"].search(before)
    fast = attribution._before_match(before, patterns)
    assert (fast and _found([fast])) == (plain and _found([plain]))


def test_before_search_finds_the_speaker_ahead_of_an_opening_quote():
    patterns = _verb_patterns()
    before = "Talks failed. Foreign Minister Dmytro Kuleba told reporters on Monday that "
    match = attribution._before_match(before, patterns)
    assert (match.group("name"), match.group("verb")) == ("Foreign Minister Dmytro Kuleba", "told")
    assert attribution._before_match("Kuleba told reporters. Then, ", patterns) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No quotes here.\n\n“Quoted words” here.\n\nNone again.", ["Quoted words"]),
        ("He said ‘no’.\n\nIt’s Putin’s.\n\n'Yes' she said.", ["no", "Yes"]),
        ("“Open\n\n“Second” ok", ["Open", "Second"]),
        ('Mixed “pair" here.\n\nplain "', ["pair"]),
        ("a ‘b\n\nc’ d", []),  # single marks never pair across paragraphs
        ("«Non», dit-il.\n\n„Ja“, sagte er.", ["Non", "Ja"]),
    ],
)
def test_quoted_regions_paragraph_by_paragraph(text, expected):
    assert _quoted(text) == expected
