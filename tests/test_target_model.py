"""The target-sentiment features and model file, on hand-made sentences (no data files)."""

from __future__ import annotations

import numpy as np
import pytest

from framing.features.target_features import TOKEN_BLOCKS, features_of
from framing.features.target_model import fit_target_model, hashed_tokens, load_model, save_model

SENTENCE = "Critics slammed the brutal attacks by Russia on Monday, the paper said."


def about(text: str, mention: str) -> tuple[str, int, int]:
    start = text.index(mention)
    return text, start, start + len(mention)


def form_tokens(text: str, mention: str) -> list[str]:
    """The names of the tokens that describe the mention itself."""
    (features,) = features_of([about(text, mention)])
    return [name for name, _ in features.tokens if name.startswith(("t:", "t0:", "tlen:"))]


@pytest.mark.parametrize(
    ("mention", "tokens"),
    [
        # Lower-case words of the mention count as themselves...
        ("the brutal attacks", ["t:the", "t0:the", "t:brutal", "t:attacks", "tlen:3"]),
        # ... a name only as a name, a day as a date.
        ("Russia", ["t:<name>", "t0:<name>", "tlen:1"]),
        ("Monday", ["t:<date>", "t0:<date>", "tlen:1"]),
    ],
)
def test_the_mention_counts_by_its_form_not_its_name(mention: str, tokens: list[str]) -> None:
    assert form_tokens(SENTENCE, mention) == tokens


def test_a_mention_with_an_apposition_is_marked() -> None:
    text = "Voters met Scott Pruitt, the embattled administrator, on Friday."
    assert "t:appos" in form_tokens(text, "Scott Pruitt, the embattled administrator")


def test_the_valence_of_the_mention_itself_is_a_dense_cue() -> None:
    from framing.features.target_features import DENSE_NAMES

    (brutal,) = features_of([about(SENTENCE, "the brutal attacks")])
    (name,) = features_of([about(SENTENCE, "Russia")])
    index = DENSE_NAMES.index("target_valence")
    assert brutal.dense[index] < 0
    assert name.dense[index] == 0


def test_token_blocks_split_side_sentence_clause_and_cue_tokens() -> None:
    (features,) = features_of([about(SENTENCE, "Russia")])
    side, sentence, clause = features.blocks
    bounds = [0, side, sentence, clause, len(features.tokens)]
    names = [[n for n, _ in features.tokens[a:b]] for a, b in zip(bounds, bounds[1:], strict=False)]
    assert len(names) == len(TOKEN_BLOCKS)
    assert all(n[0] in "lr" and n[1] in "0123456wbs" for n in names[0])
    assert "ls:attack" in names[0]  # the stem of "attacks"
    assert names[1] and all(n.startswith("s:") for n in names[1])
    assert names[2] and all(n.startswith("c:") for n in names[2])
    assert "t:<name>" in names[3]
    assert not any(n.startswith(("s:", "c:")) for n in names[3])


def test_each_token_block_is_normalised_on_its_own() -> None:
    (features,) = features_of([about(SENTENCE, "Russia")])
    row = hashed_tokens([features], 2**18)
    # Four blocks of unit length in (almost surely) disjoint columns: squared norm 4.
    assert row.multiply(row).sum() == pytest.approx(len(TOKEN_BLOCKS), abs=1e-6)


TRAIN = [
    ("Russia attacked Ukraine.", "Russia", 0),
    ("Russia attacked Ukraine.", "Ukraine", 1),
    ("The senator lied to voters.", "The senator", 0),
    ("Merkel met Macron in Paris on Tuesday.", "Merkel", 1),
    ("Obama won praise for his leadership.", "Obama", 2),
    ("Voters applauded the brave mayor.", "the brave mayor", 2),
    ("Critics condemned the corrupt governor.", "the corrupt governor", 0),
    ("The minister opened a new school.", "The minister", 1),
    ("Fans cheered the popular coach.", "the popular coach", 2),
]


def test_a_saved_model_loads_back_and_predicts_the_same(tmp_path) -> None:
    mentions = [about(text, mention) for text, mention, _ in TRAIN]
    features = features_of(mentions)
    labels = np.array([label for _, _, label in TRAIN])
    model = fit_target_model(features, labels, c=1.0, dense_weight=0.2, blend=0.3)
    assert model.meta["dense_weight"] == 0.2
    path = tmp_path / "model.npz"
    save_model(model, path)
    loaded = load_model(path)
    assert (loaded.dense_weight, loaded.blend) == (0.2, 0.3)
    # Coefficients are stored as float16: equal up to that rounding.
    assert loaded.predict_proba(features) == pytest.approx(model.predict_proba(features), abs=1e-2)
    assert loaded.predict_proba(features).argmax(axis=1).tolist() == labels.tolist()
