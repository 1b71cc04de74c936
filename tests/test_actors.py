"""Tests for framing.features.actors: alias matching, validation and actor-targeted sentiment."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.errors import LexiconError, ParameterError
from framing.features.actor_list import person_candidates
from framing.features.actors import (
    actor_sentiment,
    clauses,
    find_actors,
    load_actors,
    split_clauses,
)
from framing.features.phrase_matcher import matches_in_sentences
from framing.features.sentiment import score

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "raw" / "sample"


def _pairs(text: str, actors=None) -> list[tuple[str, str]]:
    return [(m.text, m.actor) for m in find_actors(text, actors).itertuples()]


def test_us_is_case_sensitive_and_kyiv_kiev_are_ukraine():
    text = "Let us ask the US, Kiev and Kyiv. Tell us what U.S. officials think."
    assert _pairs(text) == [
        ("US", "United States"),
        ("Kiev", "Ukraine"),
        ("Kyiv", "Ukraine"),
        ("U.S.", "United States"),
    ]


def test_longest_alias_wins_and_token_boundaries_hold():
    text = (
        "Russian forces shelled Kharkiv; the Kremlin denied it. NATOs and Putinism are not aliases."
    )
    assert _pairs(text) == [("Russian forces", "Russia"), ("the Kremlin", "Russia")]


def test_west_needs_a_capital_and_eu_nato_china():
    text = "Troops moved west of Kyiv. The West, the EU, Beijing and the alliance reacted."
    assert _pairs(text) == [
        ("Kyiv", "Ukraine"),
        ("West", "the West"),
        ("EU", "European Union"),
        ("Beijing", "China"),
        ("the alliance", "NATO"),
    ]


def test_offsets_on_sample_002():
    text = next(SAMPLE.glob("002_*.txt")).read_text(encoding="utf-8")
    found = find_actors(text)
    for row in found.itertuples():
        assert text[row.start : row.end] == row.text
    first = found.iloc[0]
    assert (first.text, first.actor) == ("Ukraine", "Ukraine")
    assert "Stoltenberg" in found.loc[found["actor"] == "NATO", "text"].tolist()


def test_matching_per_article_equals_matching_each_sentence():
    from framing.ingest.segment import split_sentences

    actors = load_actors()
    for path in sorted(SAMPLE.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        bounds = split_sentences(text)
        expected = [actors.matches(text[start:end]) for start, end in bounds]
        assert matches_in_sentences(text, bounds, actors.matches) == expected
        assert sum(map(len, expected)) > 0


def test_per_article_matching_at_odd_sentence_bounds():
    actors = load_actors()
    text = "Talks with the United States ended. Kremlin officials left"
    # A bound cuts "United States" in two: each side is matched alone.
    bounds = [(0, 22), (22, 35), (36, len(text))]
    got = matches_in_sentences(text, bounds, actors.matches)
    assert got == [actors.matches(text[s:e]) for s, e in bounds]
    assert got[0] == [] and got[2] == [(0, 7, "Russia")]
    # A bound inside a word ("Kremlin" cut to "Kreml") is matched alone too.
    assert matches_in_sentences(text, [(36, 41)], actors.matches) == [[]]
    # Unordered bounds fall back to one match per sentence.
    assert matches_in_sentences(text, [(36, len(text)), (0, 35)], actors.matches) == [
        [(0, 7, "Russia")],
        [(15, 28, "United States")],
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Russia", "NATO", "AND", "and", "then", "THEN", "As", "as,", "but", "BUT", "yet",
             "since", "however", ";", ":", ",", " ", "\n", "ſince", "while", "whilst", "Kyiv"]
        ),
        max_size=12,
    )
)  # fmt: skip
def test_clauses_prefilter_changes_nothing(words: list[str]) -> None:
    text = " ".join(words)
    assert clauses(text) == split_clauses(text)


def test_extra_file_extends_and_adds_actors(tmp_path):
    extra = tmp_path / "mine.yml"
    extra.write_text(
        "actors:\n"
        "  - name: Ukraine\n    aliases: [Zaluzhnyi]\n"
        "  - name: Wagner\n    aliases: [Wagner Group, Prigozhin]\n",
        encoding="utf-8",
    )
    actors = load_actors(extra=extra)
    assert "Wagner" in actors.names
    assert _pairs("Zaluzhnyi met Prigozhin.", actors) == [
        ("Zaluzhnyi", "Ukraine"),
        ("Prigozhin", "Wagner"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("actors:\n  - name: X\n", r"bad.yml, line 2: actor 'X': needs 'aliases' or 'exact'"),
        (
            "actors:\n  - name: X\n    aliases: Moscow\n",
            r"bad.yml, line 3: actor 'X', field 'aliases': expected a list of names",
        ),
        (
            "actors:\n  - name: X\n    aliases: [a]\n  - name: X\n    aliases: [b]\n",
            r"bad.yml, line 4: field 'name': actor 'X' is listed twice",
        ),
        ("actors:\n  - nmae: X\n", r"bad.yml, line 2: unknown field\(s\) \['nmae'\]"),
        ("actors: [\n", r"bad.yml, line 2: not valid YAML"),
    ],
)
def test_invalid_actor_files_name_file_line_and_field(tmp_path, content, message):
    bad = tmp_path / "bad.yml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        load_actors(bad)


def test_clauses_split_on_contrast():
    text = "Russia attacked while Ukraine defended; the West watched."
    assert [text[s:e] for s, e in clauses(text)] == [
        "Russia attacked",
        "while Ukraine defended",
        "the West watched.",
    ]


def _sentences(texts_by_article: dict[str, list[str]]) -> pd.DataFrame:
    rows = []
    for article_id, texts in texts_by_article.items():
        start = 0
        for sentence_id, text in enumerate(texts):
            rows.append((article_id, sentence_id, start, start + len(text), text))
            start += len(text) + 1
    return pd.DataFrame(rows, columns=["article_id", "sentence_id", "start", "end", "text"])


def test_actor_sentiment_sentence_and_clause_level():
    sentences = _sentences(
        {
            "a": [
                "The weather was mild.",
                "Russia brutally attacked while Ukraine bravely defended.",
                "Moscow lied again.",
            ],
            "b": ["Kyiv welcomed the great news."],
        }
    )
    scores = score(sentences["text"], override=False)
    by_sentence = actor_sentiment(sentences, scores, unit="sentence", override=False)
    russia = by_sentence.set_index(["article_id", "actor"]).loc[("a", "Russia")]
    assert russia["mentions"] == 2 and russia["n_sentences"] == 2
    assert russia["first_position"] == pytest.approx(22 / sentences.loc[2, "end"])
    mixed = scores.loc[1, "compound"]
    assert russia["sentiment_mean"] == pytest.approx((mixed + scores.loc[2, "compound"]) / 2)

    by_clause = actor_sentiment(sentences, scores, unit="clause", override=False).set_index(
        ["article_id", "actor"]
    )
    assert by_clause.loc[("a", "Ukraine"), "sentiment_mean"] > 0 > mixed
    assert by_clause.loc[("a", "Russia"), "sentiment_mean"] < 0
    assert by_clause.loc[("b", "Ukraine"), "sentiment_mean"] > 0
    assert by_clause.loc[("b", "Ukraine"), "first_position"] == 0.0

    # Precomputed matches (what framing.features.chunk_tables passes) give the same table.
    found = [load_actors().matches(text) for text in sentences["text"]]
    assert found[1] == [(0, 6, "Russia"), (31, 38, "Ukraine")]
    reused = actor_sentiment(sentences, scores, override=False, found=found)
    pd.testing.assert_frame_equal(reused.set_index(["article_id", "actor"]), by_clause)
    with pytest.raises(ParameterError, match="found has 1 rows but sentences has 4"):
        actor_sentiment(sentences, scores, found=found[:1])


def test_actor_sentiment_empty_and_bad_input():
    sentences = _sentences({"a": ["Nothing about states here."]})
    out = actor_sentiment(sentences, score(sentences["text"], override=False))
    assert out.empty and "sentiment_mean" in out.columns
    with pytest.raises(ParameterError, match="sentence_scores has 0 rows but sentences has 1"):
        actor_sentiment(sentences, pd.DataFrame({"compound": []}))
    with pytest.raises(ParameterError, match="unit='word'"):
        actor_sentiment(sentences, pd.DataFrame({"compound": [0.0]}), unit="word")


def test_actor_sentiment_on_the_sample_corpus(sample_corpus):
    sentences = sample_corpus.sentences
    articles = sample_corpus.articles.set_index("path")
    table = actor_sentiment(sentences, score(sentences["text"]))
    assert table["first_position"].between(0, 1).all()
    assert (table["mentions"] >= table["n_sentences"]).all()
    assert table["sentiment_mean"].between(-1, 1).all()
    # The 13 Sep 2023 piece is about Ukraine's failing counteroffensive and the West.
    sep_2023 = articles.loc[next(p for p in articles.index if p.startswith("002_")), "article_id"]
    rows = table[table["article_id"] == sep_2023].set_index("actor")
    assert rows["mentions"].idxmax() == "Ukraine"
    assert rows.loc["the West", "sentiment_mean"] < 0
    assert {"NATO", "Russia", "United States", "China"} <= set(rows.index)


# --- actors as data: persons and bodies, what they stand for, unlisted people ----------------


def test_persons_fold_into_what_they_stand_for_and_the_switch_turns_it_off():
    text = "Putin told the Eurocrats in Brussels that Zelensky and Stoltenberg were wrong."
    assert _pairs(text) == [
        ("Putin", "Russia"),
        ("Eurocrats", "European Union"),
        ("Brussels", "European Union"),
        ("Zelensky", "Ukraine"),
        ("Stoltenberg", "NATO"),
    ]
    unfolded = load_actors(fold=False)
    assert _pairs(text, unfolded) == [
        ("Putin", "Vladimir Putin"),
        ("Eurocrats", "Brussels"),
        ("Brussels", "Brussels"),
        ("Zelensky", "Volodymyr Zelensky"),
        ("Stoltenberg", "Jens Stoltenberg"),
    ]
    assert _pairs(text, load_actors().unfolded()) == _pairs(text, unfolded)
    kinds = {a.name: (a.kind, a.stands_for) for a in unfolded.actors}
    assert kinds["Vladimir Putin"] == ("person", "Russia")
    assert kinds["NATO"] == ("organisation", None)
    assert kinds["Russia"] == ("country", None)


def test_user_file_adds_a_person_standing_for_a_listed_actor(tmp_path):
    extra = tmp_path / "mine.yml"
    extra.write_text(
        "actors:\n  - name: Valerii Zaluzhnyi\n    kind: person\n"
        "    aliases: [Zaluzhnyi]\n    stands_for: Ukraine\n",
        encoding="utf-8",
    )
    assert _pairs("Zaluzhnyi spoke.", load_actors(extra=extra)) == [("Zaluzhnyi", "Ukraine")]
    unfolded = load_actors(extra=extra, fold=False)
    assert _pairs("Zaluzhnyi spoke.", unfolded) == [("Zaluzhnyi", "Valerii Zaluzhnyi")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "actors:\n  - name: X\n    aliases: [x]\n    stands_for: Atlantis\n",
            r"actor 'X' stands_for 'Atlantis', which is not an actor",
        ),
        (
            "actors:\n  - name: X\n    aliases: [x]\n    kind: planet\n",
            r"bad.yml, line 4: actor 'X': kind must be one of",
        ),
    ],
)
def test_bad_kind_or_stands_for_names_the_problem(tmp_path, content, message):
    bad = tmp_path / "bad.yml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        load_actors(bad)


def test_titled_names_not_on_the_list_are_reported_as_candidates():
    text = (
        "President Emmanuel Macron called President Putin, and Defence Minister "
        "Ben Wallace met Senator Bob Menendez and Mr. Peskov."
    )
    found = person_candidates(text)
    assert found[["title", "name"]].values.tolist() == [
        ["President", "Emmanuel Macron"],
        ["Defence Minister", "Ben Wallace"],
        ["Senator", "Bob Menendez"],
    ]
    first = found.iloc[0]
    assert text[first["start"] : first["end"]] == "Emmanuel Macron"
