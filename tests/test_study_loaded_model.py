"""The pure helpers of ``benchmarks/study_loaded_model.py``, on hand-made sentences."""

from __future__ import annotations

import pandas as pd
import pytest
from benchmark_scripts import load_benchmark


@pytest.fixture(scope="module")
def study():
    return load_benchmark("study_loaded_model")


@pytest.fixture(scope="module")
def units_and_tokens(study):
    """A biased BABE sentence (annotated word "foolish") and a PTC article."""
    sentence = study.Unit(
        "babe", 0, 'He called it "a vile plan" and a foolish, cruel idea.', (), biased=True
    )
    # "evil corrupt regime" is a target span, "said" another technique, "awful" a lexicon hit
    article = study.Unit(
        "ptc", 1, "The evil corrupt regime won, said the not awful man.", ((42, 47),),
        targets=((4, 23),), spans=((4, 23), (29, 33)),
    )  # fmt: skip
    rows = study.token_rows(0, sentence, {"foolish"}) + study.token_rows(1, article, set())
    tokens = pd.DataFrame(rows, columns=study.TOKEN_COLUMNS)
    tokens["lower"] = tokens["word"].str.lower()
    return [sentence, article], tokens


@pytest.mark.parametrize(
    ("word", "expected"),
    [("radically", "radic"), ("awful", "awful"), ("lies", "lies"), ("smearing", "smear")],
)
def test_stem_keeps_four_letters(study, word, expected):
    assert study.stem(word) == expected


def test_token_rows_mark_what_annotators_marked(units_and_tokens):
    _, tokens = units_and_tokens
    row = tokens.set_index("word")
    assert row.loc["vile", "quoted"] and not row.loc["foolish", "quoted"]
    assert row.loc["foolish", "positive"] and not row.loc["cruel", "positive"]
    assert row.loc["corrupt", "positive"] and row.loc["corrupt", "target_len"] == 19
    assert row.loc["said", "marked"] and not row.loc["said", "positive"]
    assert row.loc["awful", "covered"]


def test_outcomes_join_adjacent_model_words_and_skip_quoted_ones(study, units_and_tokens):
    units, tokens = units_and_tokens
    added = tokens["word"].isin(["vile", "evil", "corrupt", "said"]).to_numpy()
    result = study.outcomes(units, tokens, added)
    assert result.babe_flag.tolist() == [False]  # "vile" is quoted: not the author's voice
    # hits: "awful" (lexicon), "evil corrupt" (one run, in the target), "said" (other technique)
    assert result.ptc.tolist() == [[1, 1, 2, 3]]
    flagged = study.outcomes(units, tokens, tokens["word"].eq("foolish").to_numpy())
    assert flagged.babe_flag.tolist() == [True]
    assert flagged.ptc.tolist() == [[0, 1, 0, 1]]


@pytest.mark.parametrize("others_positive", [True, False])
def test_labelled_words_of_other_techniques(study, units_and_tokens, others_positive):
    _, tokens = units_and_tokens
    variant = study.Variant("test", context=False, others_positive=others_positive)
    labelled = study.labelled(tokens, variant).set_index("word")
    assert labelled.loc["said", "label"] == others_positive
    assert labelled.loc["said", "usable"] == others_positive
    assert not labelled.loc["cruel", "usable"]  # unannotated word of a biased sentence
    assert labelled.loc["corrupt", "gold_ok"] and not labelled.loc["foolish", "covered"]
