"""The loaded-term measure on a small hand-made BABE file and PTC folder (not the eval data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.errors import InputError, ParameterError
from framing.validate.loaded_terms import part_of, run

BABE = [
    ("The regime's thugs crushed the protest.", "Biased", "['thugs']"),
    ("Radical leftists want open borders.", "Biased", "['Radical', 'leftists']"),
    ("The senator slammed the bill as a disaster.", "Biased", "['slammed']"),
    ("Officials said the so-called reform failed.", "Non-biased", "[]"),
    ("The city council met on Tuesday.", "Non-biased", "[]"),
    ("Prices rose two percent in May.", "Non-biased", "[]"),
    ("The committee will vote next week.", "Biased", "[]"),
    ("He called the plan “a disaster”, aides said.", "Non-biased", "[]"),
]
ARTICLE = "Title line\nThe crooked elites lied again. Taxes rose. A horrific, evil plan.\n"


def _data(root: Path) -> Path:
    babe = root / "babe"
    babe.mkdir(parents=True)
    lines = ["text,news_link,outlet,topic,type,label_bias,label_opinion,biased_words"]
    lines += [f'"{t}",x,o,t,c,{label},op,"{words}"' for t, label, words in BABE]
    (babe / "final_labels_SG2_dev.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ptc = root / "ptc" / "articles"
    ptc.mkdir(parents=True)
    (ptc / "article1.txt").write_text(ARTICLE, encoding="utf-8")
    spans = [("Loaded_Language", 15, 22), ("Name_Calling,Labeling", 23, 29), ("Doubt", 44, 54)]
    (root / "ptc" / "techniques_dev.tsv").write_text(
        "".join(f"1\t{t}\t{s}\t{e}\n" for t, s, e in spans), encoding="utf-8"
    )
    return root


def test_measure_on_hand_made_data(tmp_path: Path) -> None:
    measure = run(_data(tmp_path), part="all")
    assert (measure.n, measure.unit) == (8, "sentences")
    figures = {f.name: f for f in (measure.figure, *measure.extra, *measure.baselines)}
    # Flagged: the three loaded Biased sentences; "so-called reform" is the author's
    # distancing cue (a hit), the quoted "disaster" is not the author's voice.
    assert figures["babe_precision"].value == pytest.approx(3 / 4)
    assert figures["babe_recall"].value == pytest.approx(3 / 4)
    assert measure.figure.name == "babe_f1"
    assert measure.figure.value == pytest.approx(0.75)
    assert figures["babe_f1_all_biased"].value == pytest.approx(2 * 0.5 / 1.5)
    assert figures["babe_mcc_all_biased"].value == 0.0
    low, high = measure.figure.low, measure.figure.high
    assert low is not None and high is not None and low <= 0.75 <= high
    # PTC: "crooked" and "elites" overlap both target spans; "horrific", "evil" hit no span.
    assert figures["ptc_recall"].value == 1.0
    assert figures["ptc_precision"].value == pytest.approx(2 / 5)
    assert measure.details["ptc_target_spans"] == 2


def test_parts_split_the_file_and_errors(tmp_path: Path) -> None:
    root = _data(tmp_path)
    parts = {part_of(text) for text, _, _ in BABE}
    assert parts == {"choose", "score"}
    chosen = run(root, part="choose").n
    scored = run(root, part="score").n
    assert chosen + scored == len(BABE)
    with pytest.raises(ParameterError, match="part must be one of"):
        run(root, part="test")
    with pytest.raises(InputError, match="BABE file not found"):
        run(root, babe_file="babe/missing.csv")
    with pytest.raises(InputError, match="final_labels_SG2_holdout.csv"):
        run(root, split="holdout")


def test_cv_folds_are_fixed_balanced_and_not_the_halves() -> None:
    from framing.validate.loaded_terms import cv_fold, part_of

    keys = [f"article{i}" for i in range(1000)]
    folds = [cv_fold(key) for key in keys]
    assert folds == [cv_fold(key) for key in keys]
    counts = [folds.count(fold) for fold in range(5)]
    assert min(counts) > 150  # about 200 each
    # Salted: within each half, every fold occurs.
    for half in ("choose", "score"):
        assert {f for k, f in zip(keys, folds, strict=True) if part_of(k) == half} == set(range(5))
