"""Loaded-term lexicon: data validity, matching on the sample articles, tolerance, errors."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.errors import LexiconError, ParameterError
from framing.features.domains import load_domain_packs
from framing.features.lexicon import CATEGORIES, SIDES, load_lexicon, parse_lexicon
from framing.features.loaded_terms import HIT_COLUMNS, find_terms, find_terms_in_sentences
from framing.features.phrase_matcher import normalize

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "raw" / "sample"


def _sample(prefix: str) -> str:
    (path,) = SAMPLE.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _hit_at(hits: pd.DataFrame, text: str, phrase: str, occurrence: int = 0) -> pd.Series:
    """The hit that starts where ``phrase`` occurs in ``text`` (the n-th occurrence)."""
    starts = [m.start() for m in re.finditer(re.escape(phrase), text)]
    start = starts[occurrence]
    rows = hits[hits["start"] == start]
    assert len(rows) == 1, f"no hit at {start} for {phrase!r}: {hits[['start', 'text']]}"
    return rows.iloc[0]


# --- the default lexicon as data -------------------------------------------------------------


def test_default_lexicon_is_large_valid_and_cached() -> None:
    lexicon = load_lexicon()
    assert len(lexicon) >= 200
    assert lexicon.version == "1.1.0"
    assert load_lexicon() is lexicon
    entries = lexicon.entries
    assert list(entries.columns[:6]) == [
        "term",
        "variants",
        "category",
        "side",
        "valence",
        "explanation",
    ]
    assert set(entries["category"]) <= set(CATEGORIES)
    pack_sides = {side for pack in load_domain_packs().packs for side in pack.sides}
    assert set(entries["side"]) <= set(SIDES) | pack_sides
    war = entries["side"].isin(["pro_russia", "pro_ukraine_west"])
    assert (entries.loc[war, "domain"] == "russia_ukraine_war").all()
    assert entries["valence"].between(-4, 4).all()
    assert entries["term"].is_unique
    assert entries["explanation"].str.len().ge(30).all()


@pytest.mark.parametrize(
    "phrase",
    [
        "proxy war",
        "unprovoked",
        "puppet",
        "meat grinder",
        "special military operation",
        "de-Nazify",
        "regime",
        "aggression",
        "neo-Nazis",
        "apologist",
        "slaughtered",
        "butchered",
        "tyrannical",
        "genocide",
        "terrorism",
        "radical",
        "extremist",
        "slammed",
        "blasted",
        "illegal aliens",
        "far-left",
        # General evaluative vocabulary kept by cross-validation.
        "vicious",
        "dishonest",
        "rigged",
        "treasonous",
        "xenophobia",
    ],
)
def test_required_terms_are_in_the_lexicon(phrase: str) -> None:
    hits = find_terms(f"They spoke of {phrase} again.")
    assert hits[["start", "end", "text"]].values.tolist() == [[14, 14 + len(phrase), phrase]]


def test_variants_cover_spelling_and_inflection() -> None:
    text = "denazify, de-nazification, Denazification, proxy wars, proxy-war, neo-Nazi"
    hits = find_terms(text)
    assert hits["term"].tolist() == [
        "de-Nazify",
        "de-Nazify",
        "de-Nazify",
        "proxy war",
        "proxy war",
        "neo-Nazis",
    ]


@pytest.mark.parametrize(
    ("text", "surface", "term", "not_term", "explained_by"),
    [
        ("The senator caved to pressure.", "caved", "caved", "lambasted", "giving in"),
        ("The chair grilled the witness.", "grilled", "grilled", "lambasted", "questioning"),
        ("It is a godless regime.", "godless", "godless", "deplorables", "religious"),
        ("He was caught red-handed.", "red-handed", "red-handed", "deplorables", "guilt"),
        ("The deal has a stench to it.", "stench", "stench", "deplorables", "disgust"),
        ("The rebels infiltrated the army.", "infiltrated", "infiltrate", "frightening", "hidden"),
        ("They live in an echo chamber.", "echo chamber", "echo chamber", "Beltway insiders",
         "own views"),
        ("He waged a war on Christmas.", "war on Christmas", "war on Christmas",
         "assault on democracy", "Christians"),
        ("An ultra-conservative judge ruled.", "ultra-conservative", "arch-conservative",
         "righteous", "extreme end of the right"),
        ("They weaponized the courts.", "weaponized", "weaponize", "demonize", "weapon"),
        ("The trial was about hush money.", "hush money", "hush money", "radical Islam",
         "bribe for silence"),
    ],
)  # fmt: skip
def test_grab_bag_entries_are_split_by_meaning(
    text: str, surface: str, term: str, not_term: str, explained_by: str
) -> None:
    """A hit is named and explained by the word found, not by an unrelated word's entry."""
    hits = find_terms(text)
    (hit,) = hits[hits["text"] == surface].itertuples(index=False)
    assert hit.term == term
    assert hit.term != not_term
    assert explained_by in hit.explanation
    assert not_term.lower() not in hit.explanation.lower()


def test_valence_reads_war_euphemisms_as_not_positive() -> None:
    entries = load_lexicon().entries.set_index("term")
    assert entries.loc["special military operation", "valence"] <= 0
    assert entries.loc["unprovoked", "valence"] == -2.0
    assert entries.loc["invasion", "valence"] == -2.0


# --- acceptance on the sample articles -------------------------------------------------------


def test_13_sep_2023_article_hits() -> None:
    text = _sample("002")
    assert "Sep 13 2023" in text
    hits = find_terms(text)
    proxy = _hit_at(hits, text, "proxy war")
    assert (proxy["end"] - proxy["start"], proxy["term"], proxy["quoted"]) == (
        9,
        "proxy war",
        False,
    )
    puppet = _hit_at(hits, text, "puppet")
    assert puppet["term"] == "puppet"
    assert puppet["text"] == "puppet of Washington"
    grinder = _hit_at(hits, text, "meat grinder")
    assert (grinder["text"], grinder["quoted"]) == ("meat grinder", True)
    smo = _hit_at(hits, text, "special military operation")
    assert (smo["text"], smo["category"], smo["quoted"]) == (
        "special military operation",
        "euphemism",
        True,
    )
    assert text[smo["start"] - 1] == "“"
    unprovoked = _hit_at(hits, text, "unprovoked")
    assert (unprovoked["term"], unprovoked["text"], unprovoked["quoted"]) == (
        "unprovoked",
        "unprovoked war",
        True,
    )
    assert _hit_at(hits, text, "de-Nazify")["quoted"] == False  # noqa: E712 (author voice)
    # The article's own voice: "Ukrainian forces are being slaughtered".
    slaughtered = _hit_at(hits, text, "slaughtered")
    assert (slaughtered["quoted"], slaughtered["negated"]) == (False, False)


def test_musk_sachs_article_unprovoked_is_quoted() -> None:
    text = _sample("000")
    hits = find_terms(text)
    unprovoked = hits[hits["term"] == "unprovoked"]
    assert len(unprovoked) == 2
    assert unprovoked["quoted"].all()
    assert [text[s - 1] for s in unprovoked["start"]] == ["“", "‘"]


def test_not_an_attack_is_no_author_voice_accusation() -> None:
    text = _sample("000")
    sentence = "This is not an attack by Vladimir Putin on Ukraine"
    start = text.index(sentence)
    stop = start + len(sentence)
    hits = find_terms(text)
    in_sentence = hits[hits["start"].between(start, stop - 1)]
    assert (in_sentence["quoted"] | in_sentence["negated"]).all()
    # Even with "attack" added as a loaded term, the hit is quoted and negated there,
    # and negated when the sentence stands alone without quotation marks.
    lexicon = _lexicon_with_attack()
    hits = find_terms(text, lexicon)
    hit = hits[hits["start"].between(start, stop - 1)]
    assert hit[["text", "quoted", "negated"]].values.tolist() == [["attack", True, True]]
    alone = find_terms(sentence + ".", lexicon)
    assert alone[["start", "text", "quoted", "negated"]].values.tolist() == [
        [15, "attack", False, True]
    ]


def _lexicon_with_attack(tmp: Path | None = None):
    import tempfile

    folder = Path(tempfile.mkdtemp()) if tmp is None else tmp
    extra = folder / "attack.yml"
    extra.write_text(
        textwrap.dedent(
            """\
            version: 1
            entries:
            - term: attack
              variants: [attacks]
              category: blame_causation
              side: none
              valence: -2
              explanation: Calling an action an attack blames the side that acted.
            """
        ),
        encoding="utf-8",
    )
    return load_lexicon(extra=extra)


def test_negated_loaded_term() -> None:
    text = "It was not an unprovoked attack, but it was a massacre."
    hits = find_terms(text)
    assert hits[["start", "end", "text", "negated"]].values.tolist() == [
        [14, 31, "unprovoked attack", True],
        [46, 54, "massacre", False],
    ]


# --- tolerant, token-bounded matching --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "term"),
    [
        ("A PROXY WAR began.", "PROXY WAR", "proxy war"),
        ("A proxy-war began.", "proxy-war", "proxy war"),
        ("A proxy\u2011war began.", "proxy\u2011war", "proxy war"),
        ("A proxy\nwar began.", "proxy\nwar", "proxy war"),
        ("A proxy  \n  war began.", "proxy  \n  war", "proxy war"),
        ("A proxy\u00a0war began.", "proxy\u00a0war", "proxy war"),
        ("Pure propa\u00adganda here.", "propa\u00adganda", "propaganda"),
        ("Pure propa\u00adganda\u00ad here.", "propa\u00adganda", "propaganda"),
        ("It was Russia’s war.", "Russia’s war", "Russia's war"),
        ("The de\u2013Nazification aim.", "de\u2013Nazification", "de-Nazify"),
        ("Die İnvasion began; the invasion.", "invasion", "invasion"),
    ],
)
def test_matching_tolerates_case_hyphens_breaks_and_quotes(
    text: str, surface: str, term: str
) -> None:
    hits = find_terms(text)
    assert hits[["start", "end", "text", "term"]].values.tolist() == [
        [text.index(surface), text.index(surface) + len(surface), surface, term]
    ]


@pytest.mark.parametrize(
    "text",
    [
        "A strict regimen of exercise.",
        "The apologists' apologistic tone.",  # "apologists" matches; "apologistic" must not
        "Unprovokedly, they left.",
        "The warlike puppeteering.",
        "Terrorismus und Genocidal_",
    ],
)
def test_no_hit_inside_a_longer_word(text: str) -> None:
    for start, end in find_terms(text)[["start", "end"]].itertuples(index=False):
        assert start == 0 or not text[start - 1].isalnum()
        assert end == len(text) or not (text[end].isalnum() or text[end] == "_")
    assert "regimen" not in find_terms(text)["text"].str.lower().tolist()


def test_leftmost_longest_keeps_puppet_in_puppet_regimes() -> None:
    hits = find_terms("The puppet regimes fell; a puppet fell.")
    assert hits[["start", "end", "text", "term"]].values.tolist() == [
        [4, 18, "puppet regimes", "puppet"],
        [27, 33, "puppet", "puppet"],
    ]


WORDS = ["war", "proxy", "regime", "regimen", "puppet", "unprovoked", "nazi", "the", "de"]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(WORDS),
            st.text(alphabet="abcdeginoprstuwyzé_0-’'\n \u00ad", min_size=1, max_size=6),
        ),
        max_size=25,
    ),
    st.lists(st.sampled_from([" ", "-", "\n", "  ", "", "—", ".", "_", "\u00ad"]), max_size=25),
)
def test_every_hit_is_whole_words_and_maps_back(words: list[str], seps: list[str]) -> None:
    text = "".join(w + (seps[i] if i < len(seps) else " ") for i, w in enumerate(words))
    hits = find_terms(text)
    for start, end, surface in hits[["start", "end", "text"]].itertuples(index=False):
        assert text[start:end] == surface
        assert start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_")
        assert end == len(text) or not (text[end].isalnum() or text[end] == "_")
        assert normalize(surface).text == normalize(surface).text.strip()
    assert hits["start"].is_monotonic_increasing


def test_find_terms_on_empty_text_and_bad_input() -> None:
    empty = find_terms("")
    assert list(empty.columns) == list(HIT_COLUMNS)
    assert empty.empty
    with pytest.raises(ParameterError, match="text must be a string, got NoneType"):
        find_terms(None)  # type: ignore[arg-type]


# --- bulk matching over the sentences table --------------------------------------------------

ARTICLE = (
    "Officials met. He said: “This is a proxy war. It is genocide.” "
    "Critics called it a special military operation."
)


def _sentences(article_id: str, text: str) -> pd.DataFrame:
    rows = [
        (article_id, i, m.start(), m.end(), m.group())
        for i, m in enumerate(re.finditer(r"[^.]+\.(?:”)?", text))
    ]
    return pd.DataFrame(rows, columns=["article_id", "sentence_id", "start", "end", "text"])


def test_find_terms_in_sentences_uses_whole_article_quotes() -> None:
    sentences = _sentences("a1", ARTICLE)
    articles = pd.DataFrame({"article_id": ["a1"], "text": [ARTICLE]})
    hits = find_terms_in_sentences(sentences, article_text=articles, context=12)
    assert hits[
        ["article_id", "sentence_id", "start", "end", "text", "quoted"]
    ].values.tolist() == [
        ["a1", 1, 35, 44, "proxy war", True],
        ["a1", 2, 52, 60, "genocide", True],
        ["a1", 3, 83, 109, "special military operation", False],
    ]
    assert hits.loc[0, "left"] == "“This is a"
    assert hits.loc[0, "right"] == ". It is geno"
    # Sentence by sentence, "genocide" is cut off from its opening quotation mark.
    alone = find_terms_in_sentences(sentences)
    assert alone[["start", "text", "quoted"]].values.tolist() == [
        [35, "proxy war", True],
        [52, "genocide", False],
        [83, "special military operation", False],
    ]


def test_find_terms_in_sentences_empty_and_errors() -> None:
    empty = find_terms_in_sentences(_sentences("a1", ""))
    assert empty.empty
    assert list(empty.columns) == ["article_id", "sentence_id", *HIT_COLUMNS, "left", "right"]
    with pytest.raises(ParameterError, match=r"sentences table lacks column\(s\) \['sentence_id'"):
        find_terms_in_sentences(
            pd.DataFrame({"article_id": [], "start": [], "end": [], "text": []})
        )
    with pytest.raises(ParameterError, match="article_text has no text for article 'a2'"):
        find_terms_in_sentences(_sentences("a2", ARTICLE), article_text={"a1": ARTICLE})


# --- loading user lexicons and validation errors ---------------------------------------------

GOOD = """\
version: "2"
entries:
- term: Kiev regime
  variants: [Kyiv regime]
  category: delegitimizing_label
  side: pro_russia
  valence: -2.5
  explanation: A label that denies the legitimacy of Ukraine's government.
- term: heroic resistance
  category: glorifying
  side: pro_ukraine_west
  valence: 2
  explanation: Praise of one side in the writer's own voice.
"""


def test_user_lexicon_merges_or_replaces(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yml"
    extra.write_text(GOOD, encoding="utf-8")
    merged = load_lexicon(extra=extra)
    default = load_lexicon()
    # "Kiev regime" replaces the default entry that lists it; "heroic resistance" is new.
    assert len(merged) == len(default) + 1
    assert "Kyiv regime" not in set(merged.entries["term"])
    row = merged.entries.set_index("term").loc["Kiev regime"]
    assert (row["valence"], row["source"]) == (-2.5, f"{extra}:3")
    assert "heroic resistance" in set(merged.entries["term"])
    text = "The Kyiv regime and its heroic resistance, a puppet."
    assert find_terms(text, merged)["term"].tolist() == [
        "Kiev regime",
        "heroic resistance",
        "puppet",
    ]
    replaced = load_lexicon(extra=extra, mode="replace")
    assert len(replaced) == 2
    assert find_terms(text, replaced)["term"].tolist() == ["Kiev regime", "heroic resistance"]
    assert load_lexicon(extra, mode="merge").version == "2"


def test_an_empty_replacement_lexicon_finds_nothing(tmp_path: Path) -> None:
    extra = tmp_path / "empty.yml"
    extra.write_text("version: 0\nentries: []\n", encoding="utf-8")
    lexicon = load_lexicon(extra=extra, mode="replace")
    assert len(lexicon) == 0
    hits = find_terms("a proxy war", lexicon)
    assert hits.empty
    assert list(hits.columns) == list(HIT_COLUMNS)


def test_bad_mode_is_reported() -> None:
    with pytest.raises(ParameterError, match="mode must be 'merge' or 'replace', got 'add'"):
        load_lexicon(mode="add")
    with pytest.raises(ParameterError, match="mode='replace' needs an extra lexicon file"):
        load_lexicon(mode="replace")


def _bad(body: str) -> str:
    return "version: 1\nentries:\n" + textwrap.dedent(body)


ENTRY = """\
- term: puppet
  category: delegitimizing_label
  side: none
  valence: -2
  explanation: Says a government is controlled from abroad.
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            _bad(ENTRY.replace("delegitimizing_label", "smear_word")),
            "mine.yml, line 4: field 'category' of 'puppet' is 'smear_word'; use one of "
            "delegitimizing_label,",
        ),
        (
            _bad(ENTRY.replace("valence: -2", "valence: -7")),
            "mine.yml, line 6: field 'valence' of 'puppet' is '-7'; give a number from -4 to 4",
        ),
        (
            _bad(ENTRY.replace("valence: -2", "valence: bad")),
            "mine.yml, line 6: field 'valence' of 'puppet' is 'bad'",
        ),
        (
            _bad(ENTRY.replace("side: none", "side: left")),
            "mine.yml, line 5: field 'side' of 'puppet' is 'left'; use one of pro_russia,",
        ),
        (
            _bad(ENTRY.replace("  side: none\n", "")),
            "mine.yml, line 3: entry 1 lacks field 'side'",
        ),
        (
            _bad(ENTRY.replace("  side: none\n", "  sides: none\n")),
            "mine.yml, line 5: entry 1 has unknown field 'sides'",
        ),
        (
            _bad(ENTRY.replace("Says a government is controlled from abroad.", "''")),
            "mine.yml, line 7: field 'explanation' of 'puppet' is empty or too short",
        ),
        (
            _bad(ENTRY + ENTRY.replace("- term: puppet", "- term: stooge\n  variants: [Puppet]")),
            "mine.yml, line 8: phrase 'Puppet' of 'stooge' is also listed under 'puppet' (line 3)",
        ),
        (
            _bad(ENTRY.replace("  side: none\n", "  variants: puppets\n  side: none\n")),
            "mine.yml, line 5: field 'variants' of 'puppet' must be a list of phrases",
        ),
        (
            _bad(ENTRY.replace("side: none", "side: [none")),
            "mine.yml, line 6: not valid YAML",
        ),
        ("version: 1\nentries: puppet\n", "mine.yml, line 2: field 'entries' must be a list"),
        ("entries: []\n", "mine.yml, line 1: field 'version' is missing"),
        ("", "mine.yml: the file is empty"),
    ],
)
def test_bad_lexicon_files_name_line_and_field(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "mine.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError) as error:
        load_lexicon(extra=path)
    assert str(error.value).startswith(str(tmp_path / message.split(",")[0].split(":")[0]))
    assert message in str(error.value)


def test_missing_lexicon_file(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match=r"nope\.yml: lexicon file not found"):
        load_lexicon(tmp_path / "nope.yml")


def test_parse_lexicon_without_a_file() -> None:
    version, entries = parse_lexicon(GOOD, "inline")
    assert version == "2"
    assert [e["term"] for e in entries] == ["Kiev regime", "heroic resistance"]
    assert entries[1]["variants"] == ()


# --- the `framing lexicon` command -----------------------------------------------------------


def test_cli_lexicon_summarises_and_finds(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from framing.cli import cli

    sample = next(SAMPLE.glob("000_*.txt"))
    result = CliRunner().invoke(cli, ["lexicon", "--find", str(sample)])
    assert result.exit_code == 0, result.output
    assert f"lexicon 1.1.0: {len(load_lexicon())} entries from loaded_terms.yml" in result.output
    # "the false assertion that Russia's invasion was “unprovoked.”": scare quotes
    assert "   812  822         unprovoked         unprovoked       war_naming distanced" in (
        result.output
    )
    bad = tmp_path / "bad.yml"
    bad.write_text(_bad(ENTRY.replace("side: none", "side: left")), encoding="utf-8")
    result = CliRunner().invoke(cli, ["lexicon", str(bad)])
    assert result.exit_code == 2
    assert f"error: {bad}, line 5: field 'side' of 'puppet' is 'left'" in result.output
