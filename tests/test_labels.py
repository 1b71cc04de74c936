"""Competing labels: which name is chosen for a disputed thing, in whose voice."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd
import pytest

from framing.errors import LexiconError, ParameterError
from framing.features.competing_labels import (
    CHOICE_COLUMNS,
    LABEL_HIT_COLUMNS,
    find_labels,
    label_choices,
    load_label_sets,
)

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "raw" / "sample"


def _sample(prefix: str) -> str:
    (path,) = SAMPLE.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_default_label_sets_hold_the_disputed_names() -> None:
    sets = load_label_sets()
    assert load_label_sets() is sets
    table = sets.table
    labels = set(zip(table["label_set"], table["label"], strict=True))
    for expected in [
        ("war_naming", "invasion"),
        ("war_naming", "special military operation"),
        ("war_naming", "military operation"),
        ("war_naming", "conflict"),
        ("government_naming", "regime"),
        ("government_naming", "government"),
        ("government_naming", "administration"),
        ("government_naming", "authorities"),
        ("annexation", "annexation"),
        ("annexation", "reunification"),
        ("annexation", "accession"),
        ("donbas_fighters", "separatists"),
        ("donbas_fighters", "rebels"),
        ("donbas_fighters", "militias"),
        ("donbas_fighters", "insurgents"),
        ("donbas_fighters", "pro-Russian forces"),
        ("kyiv_spelling", "Kyiv"),
        ("kyiv_spelling", "Kiev"),
        ("war_ownership", "Russia's war"),
        ("ukrainian_operations", "counteroffensive"),
        ("irregular_fighters", "partisans"),
    ]:
        assert expected in labels


def test_find_labels_exact_spans_voice_and_negation() -> None:
    text = "Kiev calls it an invasion; Moscow says “a special military operation”, not a war."
    hits = find_labels(text)
    assert list(hits.columns) == list(LABEL_HIT_COLUMNS)
    # "calls it an invasion" attributes the label to Kiev: distanced, not the author's choice.
    assert hits.values.tolist() == [
        [17, 25, "invasion", "war_naming", "invasion", False, False, True],
        [
            42,
            68,
            "special military operation",
            "war_naming",
            "special military operation",
            True,
            False,
            False,
        ],
        [77, 80, "war", "war_naming", "war", False, True, False],
        [0, 4, "Kiev", "kyiv_spelling", "Kiev", False, False, False],
    ]
    choices = label_choices(hits).set_index("label")
    assert choices.loc["invasion", "n_author"] == 0  # distanced
    assert choices.loc["war", "n_author"] == 1


def test_a_label_inside_a_hyphenated_compound_is_no_hit() -> None:
    assert find_labels("An anti-war rally in a war-torn town.").empty


def test_one_phrase_counts_in_each_set_longest_within_a_set() -> None:
    hits = find_labels("Russia's invasion of the Ukraine war zone.")
    assert hits[["text", "label_set", "label"]].values.tolist() == [
        ["invasion", "war_naming", "invasion"],
        ["war", "war_naming", "war"],
        ["Russia's invasion", "war_ownership", "Russia's war"],
        ["Ukraine war", "war_ownership", "Ukraine war"],
    ]


def test_sample_article_label_choices() -> None:
    text = _sample("002")
    hits = find_labels(text).assign(article_id="002")
    choices = label_choices(hits, by="article_id")
    assert list(choices.columns) == ["article_id", *CHOICE_COLUMNS]
    war = choices[choices["label_set"] == "war_naming"].set_index("label")
    smo = war.loc["special military operation"]
    # Both mentions of "special military operation" are inside quotation marks.
    assert (smo["n"], smo["n_author"], smo["n_quoted"]) == (2, 0, 2)
    assert war["share"].sum() == pytest.approx(1.0)
    assert war["share_author"].sum() == pytest.approx(1.0)
    counter = choices.query("label_set == 'ukrainian_operations' and label == 'counteroffensive'")
    assert counter[["n", "n_author", "n_quoted"]].values.tolist() == [[6, 5, 1]]


def test_label_choices_per_group() -> None:
    hits = pd.concat(
        [
            find_labels("The regime in Kiev. The regime.").assign(source="rt"),
            find_labels("The government in Kyiv said “regime” twice.").assign(source="bbc"),
        ]
    )
    choices = label_choices(hits, by=["source"])
    gov = choices[choices["label_set"] == "government_naming"]
    assert gov[["source", "label", "n", "n_author", "n_quoted", "share", "share_author"]].fillna(
        -1
    ).values.tolist() == [
        ["bbc", "government", 1, 1, 0, 0.5, 1.0],
        ["bbc", "regime", 1, 0, 1, 0.5, 0.0],
        ["rt", "regime", 2, 2, 0, 1.0, 1.0],
    ]


def test_label_choices_empty_and_bad_columns() -> None:
    empty = label_choices(find_labels("Nothing to see."), by="article_id")
    assert empty.empty
    assert list(empty.columns) == ["article_id", *CHOICE_COLUMNS]
    with pytest.raises(ParameterError, match=r"hits lack column\(s\) \['source'\]"):
        label_choices(find_labels("a war"), by="source")


def test_user_label_sets_replace_by_name(tmp_path: Path) -> None:
    extra = tmp_path / "sets.yml"
    extra.write_text(
        textwrap.dedent(
            """\
            version: 7
            sets:
            - name: kyiv_spelling
              labels:
              - label: Kyiv
              - label: Kiev
                variants: [Kijev]
            - name: gas_naming
              labels:
              - label: blackmail
                variants: [gas blackmail]
              - label: pricing dispute
            """
        ),
        encoding="utf-8",
    )
    sets = load_label_sets(extra=extra)
    assert sets.version == "1.0.0+sets.yml:7"
    hits = find_labels("Kijev calls it gas blackmail, not a pricing dispute.", sets)
    assert hits[["label_set", "label", "negated"]].values.tolist() == [
        ["kyiv_spelling", "Kiev", False],
        ["gas_naming", "blackmail", False],
        ["gas_naming", "pricing dispute", True],
    ]
    only = load_label_sets(extra)
    assert only.names == ["kyiv_spelling", "gas_naming"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sets: []\n", "line 1: field 'version' is missing"),
        ("version: 1\nsets: x\n", "line 2: field 'sets' must be a list of label sets"),
        ("version: 1\nsets:\n- labels: [{label: a}]\n", "line 3: label set lacks field 'name'"),
        (
            "version: 1\nsets:\n- name: s\n  labels:\n  - label: a\n  - variants: [b]\n",
            "line 6: a label of 's' lacks field 'label'",
        ),
        (
            "version: 1\nsets:\n- name: s\n  labels:\n  - label: a\n"
            "  - label: b\n    variants: [A]\n",
            "line 6: phrase 'A' of label 'b' is also a variant of 'a' in set 's'",
        ),
        (
            "version: 1\nsets:\n- name: s\n  labels:\n  - label: a\n"
            "- name: s\n  labels: [{label: b}]\n",
            "line 6: label set 's' is defined twice",
        ),
        ("version: 1\nsets:\n- name: s\n  labels: [\n", "not valid YAML"),
    ],
)
def test_bad_label_files_name_line_and_field(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError) as error:
        load_label_sets(path)
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)


def test_missing_label_file(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match=r"none\.yml: label-set file not found"):
        load_label_sets(tmp_path / "none.yml")


@pytest.mark.parametrize(
    "text", ["Kievan Rus and the Kyivska oblast.", "Warsaw's warfarin regimen.", "governmental"]
)
def test_labels_only_match_whole_words(text: str) -> None:
    hits = find_labels(text)
    for start, end in hits[["start", "end"]].itertuples(index=False):
        assert start == 0 or not text[start - 1].isalnum()
        assert end == len(text) or not text[end].isalnum()
    assert hits["text"].tolist() == []
