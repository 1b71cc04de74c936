"""Tests for framing.quotes on the sample articles and hand-made sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from framing.quotes import in_regions, quoted_regions

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
