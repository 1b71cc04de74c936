"""Classroom scoring, agreement, handouts and the teacher -> student build.

Expected figures are computed by hand in the comments next to each assertion.
"""

from __future__ import annotations

import json
import re
import sys

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from framing import find_terms, load_lexicon
from framing.classroom import (
    add_to_lexicon,
    agreement,
    cohen_kappa,
    fleiss_kappa,
    numbered_lines,
    read_answers,
    render_handout,
    save_answers,
    score_answers,
    term_key,
)
from framing.classroom.build import default_classroom_dir
from framing.errors import InputError, ParameterError, SchemaError

HITS = pd.DataFrame(
    [
        ("puppet", "puppets", "delegitimizing_label", "Calls a government a puppet."),
        ("puppet", "puppet", "delegitimizing_label", "Calls a government a puppet."),
        ("regime", "regime", "delegitimizing_label", "Denies a government legitimacy."),
        ("slaughter", "slaughtered", "emotional_intensifier", "Killing as butchery."),
        ("meat grinder", "meat grinder", "emotional_intensifier", "Soldiers as meat."),
        ("proxy war", "proxy war", "war_naming", "Says others fight for a master."),
        ("unprovoked", "unprovoked", "war_naming", "Says nothing caused the attack."),
    ],
    columns=["term", "text", "category", "explanation"],
)


# --- term matching ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("PUPPET", "puppet"),
        ("\u201cpuppet\u201d", "puppet"),  # “puppet”
        ("puppets", "puppet"),
        ("\u2018regime\u2019s\u2019", "regime"),  # ‘regime’s’
        ("regime's", "regime"),
        ("slaughtered", "slaughter"),
        ("slaughtering", "slaughter"),
        ("proxy-war", "proxy war"),
        ("Proxy  Wars", "proxy war"),
        ("proxy\u2011war", "proxy war"),  # non-breaking hyphen
        ("de-Nazify", "denazify"),
        ("neo\u00adNazis", "neo-Nazi"),  # soft hyphen
        ("regime\u02bcs", "regime"),  # modifier letter apostrophe
        ("pup\u200bpets", "puppet"),  # zero-width space pasted from a web page
        ("proxy\u00a0war", "proxy war"),  # no-break space
    ],
)
def test_term_key_joins_variants(variant: str, canonical: str) -> None:
    assert term_key(variant) == term_key(canonical)


@pytest.mark.parametrize(("a", "b"), [("regime", "regimen"), ("war", "warm"), ("puppet", "pup")])
def test_term_key_keeps_different_words_apart(a: str, b: str) -> None:
    assert term_key(a) != term_key(b)


@given(st.text(max_size=30))
def test_term_key_is_idempotent_on_its_tokens(text: str) -> None:
    key = term_key(text)
    assert key == key.casefold()
    assert " " not in key and "-" not in key


# --- score_answers ----------------------------------------------------------------------


def test_score_answers_hand_computed() -> None:
    student = [
        "\u201cPuppet\u201d",  # matches puppet
        "\u2018regime\u2019s\u2019",  # matches regime
        "Slaughtering",  # matches slaughter (surface "slaughtered")
        "proxy-war",  # matches proxy war
        "heroic",  # extra
        "brave",  # extra
        "PUPPETS",  # same key as the first: not counted twice
        "  ",  # blank: ignored
    ]
    result = score_answers(student, HITS)
    # 6 distinct student terms, 4 matched -> precision 4/6; 6 tool terms, 4 found -> 4/6.
    assert result.n_student == 6
    assert result.n_tool == 6
    assert result.n_matched == 4
    assert result.precision == pytest.approx(4 / 6)
    assert result.recall == pytest.approx(4 / 6)
    assert result.f1 == pytest.approx(4 / 6)
    assert result.matches["term"].tolist() == ["puppet", "regime", "slaughter", "proxy war"]
    per_category = result.per_category.set_index("category")
    assert per_category.loc["delegitimizing_label", ["n_tool", "n_found"]].tolist() == [2, 2]
    assert per_category.loc["emotional_intensifier", "recall"] == pytest.approx(0.5)
    assert per_category.loc["war_naming", "recall"] == pytest.approx(0.5)
    assert result.missed["term"].tolist() == ["meat grinder", "unprovoked"]
    assert result.missed.set_index("term").loc["unprovoked", "explanation"] == (
        "Says nothing caused the attack."
    )
    assert result.missed.set_index("term").loc["meat grinder", "n_hits"] == 1
    assert result.extra["student_term"].tolist() == ["heroic", "brave"]
    assert not result.extra["in_lexicon"].any()
    assert "add_to_lexicon" in result.extra["prompt"].iloc[0]
    assert result.summary().iloc[0].to_dict()["matched"] == 4


def test_score_answers_precision_and_recall_differ() -> None:
    # 2 student terms, both right -> precision 1; 2 of 6 tool terms -> recall 1/3.
    result = score_answers(["unprovoked", "MEAT-GRINDER"], HITS)
    assert result.precision == 1.0
    assert result.recall == pytest.approx(1 / 3)
    assert result.f1 == pytest.approx(2 * 1 * (1 / 3) / (1 + 1 / 3))


def test_score_answers_uses_lexicon_variants_and_flags_lexicon_terms() -> None:
    hits = pd.DataFrame(
        {"term": ["de-Nazify"], "text": ["de-Nazify"], "category": ["delegitimizing_label"]}
    )
    entries = pd.DataFrame(
        {
            "term": ["de-Nazify", "genocide"],
            "variants": [("denazification", "de-nazification"), ()],
            "category": ["delegitimizing_label", "atrocity_charge"],
            "explanation": ["Casts a war as cleansing.", "A grave legal accusation."],
        }
    )
    result = score_answers(["Denazification", "genocide", "tyrant"], hits, lexicon=entries)
    # denazification matches through the lexicon variant; genocide is a lexicon term the
    # tool did not count here; tyrant is unknown: precision 1/3, recall 1/1.
    assert result.matches["term"].tolist() == ["de-Nazify"]
    assert result.precision == pytest.approx(1 / 3)
    assert result.recall == 1.0
    assert result.extra.set_index("student_term")["in_lexicon"].to_dict() == {
        "genocide": True,
        "tyrant": False,
    }


def test_score_answers_empty_inputs() -> None:
    empty = score_answers([], HITS)
    assert (empty.precision, empty.recall, empty.n_tool) == (0.0, 0.0, 6)
    nothing = score_answers(["war"], HITS.iloc[0:0])
    assert (nothing.precision, nothing.recall, nothing.n_tool) == (0.0, 0.0, 0)
    assert nothing.extra["student_term"].tolist() == ["war"]


def test_score_answers_bad_input() -> None:
    with pytest.raises(SchemaError, match=r"tool_hits lacks column\(s\) \['text'\]"):
        score_answers(["war"], pd.DataFrame({"term": ["war"]}))
    with pytest.raises(ParameterError, match="must be a list of words"):
        score_answers("puppet regime", HITS)


def test_add_to_lexicon_writes_a_loadable_user_lexicon(tmp_path) -> None:
    path = tmp_path / "class.yml"
    add_to_lexicon(["Heroic", "\u201cbrave\u201d"], path)
    add_to_lexicon(["heroic", "crushing"], path)  # heroic already there: not added twice
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [e["term"] for e in data["entries"]] == ["heroic", "brave", "crushing"]
    assert data["entries"][0]["category"] == "emotional_intensifier"
    lexicon = load_lexicon(path)
    hits = find_terms("The heroic defenders were brave.", lexicon)
    assert hits["term"].tolist() == ["heroic", "brave"]


# --- kappas -----------------------------------------------------------------------------

ANSWERS = pd.DataFrame(
    [
        ("ana", "puppet"),
        ("ana", "regime"),
        ("ana", "slaughtered"),
        ("ben", "Puppets"),
        ("ben", "regime"),
        ("cem", "puppet"),
        ("cem", "heroic"),
    ],
    columns=["student", "term"],
)


def test_cohen_kappa_hand_computed_and_matches_sklearn() -> None:
    a, b = [0, 1, 1, 1], [0, 1, 1, 0]
    # observed 3/4, expected 3/4*2/4 + 1/4*2/4 = 1/2 -> (3/4 - 1/2) / (1/2) = 0.5
    assert cohen_kappa(a, b) == pytest.approx(0.5)
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b))
    assert cohen_kappa([1, 1], [1, 1]) == 1.0
    rng = np.random.default_rng(0)
    for _ in range(20):
        x, y = rng.integers(0, 2, 15), rng.integers(0, 2, 15)
        if len(set(x)) > 1 or len(set(y)) > 1:
            assert cohen_kappa(x, y) == pytest.approx(cohen_kappa_score(x, y))


def test_fleiss_kappa_wikipedia_example() -> None:
    # The worked example of Fleiss (1971) as given on Wikipedia: 10 items, 14 raters -> 0.210.
    table = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    assert fleiss_kappa(table) == pytest.approx(0.20993, abs=1e-5)
    with pytest.raises(ParameterError, match="same number"):
        fleiss_kappa([[1, 1], [2, 1]])


def test_agreement_hand_computed() -> None:
    result = agreement(ANSWERS)
    # items heroic, puppet, regime, slaughter: ana 0111, ben 0110, cem 1100
    assert result.matrix.index.tolist() == ["heroic", "puppet", "regime", "slaughtered"]
    kappas = {(r.student_a, r.student_b): r.kappa for r in result.pairwise.itertuples()}
    assert kappas[("ana", "ben")] == pytest.approx(0.5)
    assert kappas[("ana", "cem")] == pytest.approx(-0.5)  # observed 1/4, chance 1/2
    assert kappas[("ben", "cem")] == pytest.approx(0.0)  # observed 1/2, chance 1/2
    # Fleiss: P-bar = (1/3 + 1 + 1/3 + 1/3)/4 = 1/2; Pe = (7/12)^2 + (5/12)^2 = 74/144
    assert result.fleiss == pytest.approx(-1 / 35)
    # disagreement 4p(1-p): heroic, regime, slaughtered 8/9; puppet 0 (all named it: left out)
    assert result.disagreement["term"].tolist() == ["heroic", "regime", "slaughtered"]
    assert result.disagreement["disagreement"].iloc[0] == pytest.approx(8 / 9)
    assert result.vs_tool.empty


def test_agreement_against_the_tool() -> None:
    result = agreement(ANSWERS, tool_terms=["puppet", "regime", "meat grinder"])
    vs_tool = result.vs_tool.set_index("student")
    # items heroic, meat grinder, puppet, regime, slaughtered; tool 01110, ana 00111:
    # observed 3/5, chance 3/5*3/5 + 2/5*2/5 = 13/25 -> (15/25 - 13/25)/(12/25) = 1/6
    assert vs_tool.loc["ana", "kappa"] == pytest.approx(1 / 6)
    assert vs_tool.loc["ana", "n_shared_with_tool"] == 2
    # ana named 3 terms, 2 are the tool's (precision 2/3); the tool has 3 (recall 2/3);
    # cem named puppet and heroic: precision 1/2, recall 1/3.
    assert vs_tool.loc["ana", ["precision", "recall"]].tolist() == pytest.approx([2 / 3, 2 / 3])
    assert vs_tool.loc["cem", ["precision", "recall"]].tolist() == pytest.approx([1 / 2, 1 / 3])
    assert "(tool)" not in result.pairwise.values
    assert result.disagreement.set_index("term").loc["regime", "tool"]
    assert "meat grinder" not in set(result.disagreement["term"])  # no student named it
    assert json.dumps(result.to_dict())  # JSON-ready


def test_read_answers_csv_and_json(tmp_path) -> None:
    pd.DataFrame({"term": ["puppet", "regime", ""]}).to_csv(tmp_path / "ana.csv", index=False)
    (tmp_path / "empty.csv").write_text("term\n", encoding="utf-8")
    path = save_answers(
        ["\u201cPuppets\u201d", "heroic"],
        student="Ben O'Neil",
        exercise="spot-the-loaded-term",
        article_id="abc",
        out_dir=tmp_path,
    )
    # sanitizing changed the name, so a hash of it keeps the file apart from "Ben_O_Neil"'s
    assert path.name == "spot-the-loaded-term__Ben_O_Neil-feee5f6d.json"
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    answers = read_answers(tmp_path)
    assert sorted(answers["student"].unique()) == ["Ben O'Neil", "ana", "empty"]
    assert answers[answers.student == "ana"]["term"].tolist() == ["puppet", "regime"]
    assert answers[answers.student == "Ben O'Neil"]["article_id"].tolist() == ["abc", "abc"]
    result = agreement(answers)
    assert result.matrix["empty"].sum() == 0
    assert list(result.matrix.columns) == ["ana", "empty", "Ben O'Neil"]


def test_students_whose_names_sanitize_alike_get_two_answer_files(tmp_path) -> None:
    paths = [
        save_answers([term], student=name, exercise="spot-the-loaded-term", out_dir=tmp_path)
        for name, term in (("Ana B", "puppet"), ("Ana_B", "regime"))
    ]
    assert [p.name for p in paths] == [
        "spot-the-loaded-term__Ana_B-f0633d59.json",
        "spot-the-loaded-term__Ana_B.json",  # already safe: kept as it is
    ]
    answers = read_answers(tmp_path)
    assert answers.set_index("student")["term"].to_dict() == {"Ana B": "puppet", "Ana_B": "regime"}


def test_read_answers_errors(tmp_path) -> None:
    with pytest.raises(InputError, match="holds no answer files"):
        read_answers(tmp_path)
    (tmp_path / "x.csv").write_text("word\npuppet\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.csv: answers CSV needs a 'term' column"):
        read_answers(tmp_path)
    (tmp_path / "x.csv").unlink()
    (tmp_path / "y.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"y\.json: not valid JSON"):
        read_answers(tmp_path)
    with pytest.raises(InputError, match="is not a folder"):
        read_answers(tmp_path / "missing")
    with pytest.raises(ParameterError, match="needs the student's name"):
        save_answers(["x"], student=" ", exercise="e", out_dir=tmp_path)


# --- handouts ---------------------------------------------------------------------------


def test_numbered_lines_wraps_and_numbers() -> None:
    text = "word " * 30 + "\n\nSecond paragraph."
    lines = numbered_lines(text, width=40)
    numbers = [n for n, _ in lines if n is not None]
    assert numbers == list(range(1, len(numbers) + 1))
    assert all(len(line) <= 40 for _, line in lines)
    assert lines[-1] == (numbers[-1], "Second paragraph.")
    assert (None, "") in lines


def test_render_handout_escapes_text_and_has_questions() -> None:
    article = {
        "article_id": "a<1>",
        "title": "<script>alert(1)</script> Title",
        "text": 'He said "hi" & left <b>now</b>.',
        "source": "Example",
    }
    page = render_handout("spot-the-loaded-term", [article])
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Title" in page
    assert "&amp; left &lt;b&gt;now&lt;/b&gt;." in page
    assert "@page" in page and "size: A4" in page
    assert page.count('class="question"') == 3
    assert "a&lt;1&gt;" in page
    with pytest.raises(ParameterError, match="needs 2 article"):
        render_handout("same-event-two-framings", [article])
    with pytest.raises(ParameterError, match="unknown exercise 'nope'"):
        render_handout("nope", [article])


def test_render_handout_rating_sentences() -> None:
    page = render_handout(
        "feel-the-tone", [{"text": "A."}], rate_sentences=["Good & fine.", "Bad."]
    )
    assert "S1. Good &amp; fine." in page and "S2. Bad." in page
    assert page.count('class="scale"') == 2


# --- build without execution and the CLI ------------------------------------------------


def test_set_parameter_defaults_keeps_types_and_help() -> None:
    from framing.classroom.build import set_parameter_defaults
    from framing.report.notebooks import read_notebook

    nb = read_notebook(default_classroom_dir() / "spot-the-loaded-term.py")
    out = set_parameter_defaults(nb, {"article": "abc'1", "processed": "/data/p"})
    cell = next(c for c in out.cells if "parameters" in c.metadata.get("tags", []))
    lines = cell.source.splitlines()
    assert lines[0] == (
        "processed: str = '/data/p'  # folder written by `framing ingest`; "
        "empty: $FRAMING_PROCESSED, else data/processed here or above"
    )
    assert lines[1].startswith('article: str = "abc\'1"  # article id')
    with pytest.raises(ParameterError, match=r"does not declare \['nope'\]"):
        set_parameter_defaults(nb, {"nope": 1})


def test_cli_build_without_execution_and_agreement(sample_processed, tmp_path) -> None:
    from click.testing import CliRunner

    from framing.cli import cli

    runner = CliRunner()
    out = tmp_path / "class"
    result = runner.invoke(
        cli,
        [
            "classroom",
            "build",
            "--processed",
            str(sample_processed),
            "--out",
            str(out),
            "--articles",
            "0,1",
            "--no-execute",
        ],
    )
    assert result.exit_code == 0, result.output
    # 3 one-article exercises x 2 articles + 1 pair (1st:2nd) = 7; a student nb + a handout each
    assert "wrote 14 files" in result.output
    assert len(list((out / "student").glob("*.ipynb"))) == 7
    assert len(list((out / "handouts").glob("*.html"))) == 7
    assert not (out / "teacher").exists()
    student = (out / "student").glob("spot-the-loaded-term__*.ipynb").__next__()
    assert "TEACHER" not in student.read_text(encoding="utf-8")

    answers = tmp_path / "answers"
    answers.mkdir()
    pd.DataFrame({"term": ["puppet", "regime"]}).to_csv(answers / "ana.csv", index=False)
    pd.DataFrame({"term": ["Puppets", "heroic"]}).to_csv(answers / "ben.csv", index=False)
    result = runner.invoke(
        cli, ["classroom", "agreement", str(answers), "--processed", str(tmp_path / "none")]
    )
    assert result.exit_code == 0, result.output
    # items heroic, puppet, regime: ana 011, ben 110 -> observed 1/3, chance 4/9 + 1/9 = 5/9
    # -> (3/9 - 5/9) / (4/9) = -0.5
    assert re.search(r"ana\s+ben\s+-0\.5\b", result.output), result.output
    assert "Terms the class disagreed on most:" in result.output

    bad = runner.invoke(
        cli,
        [
            "classroom",
            "build",
            "--processed",
            str(sample_processed),
            "--pairs",
            "x",
            "--no-execute",
        ],
    )
    assert bad.exit_code == 2
    assert "error: --pairs item 'x' must look like ID:ID" in bad.output


def test_answer_box_fills_the_list_and_degrades_without_widgets(monkeypatch) -> None:
    from framing.classroom import exercises

    terms: list[str] = ["puppet"]
    box = exercises.answer_box(terms)
    assert box.value == "puppet"
    box.value = "regime\n\n  meat grinder \n"
    assert terms == ["regime", "meat grinder"]
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # as if it were not installed
    assert exercises.answer_box(terms) == exercises.WIDGETS_MISSING


def test_term_key_folds_scripts_whose_lower_case_is_not_folded() -> None:
    # Cherokee: str.lower() gives U+AB70, casefold() gives U+13A0; found by hypothesis.
    assert term_key("\uab70") == term_key("\u13a0") == "\u13a0"


# --- feedback in full sentences and the answer box's draft --------------------------------

FEEDBACK_TEXT = (
    'The regime shelled the city again. "This is a proxy war," the minister said. It was not '
    "genocide, officials insisted. Calm volunteers carried water to the slaughtered families."
)


def test_feedback_says_why_a_word_was_not_counted() -> None:
    from framing.classroom import exercises

    lexicon = load_lexicon()
    student = ["Regimes", "proxy-war", "genocide", "calm", "heroic", "xyzzy"]
    result = exercises.score_article(student, FEEDBACK_TEXT, lexicon=lexicon)
    assert result.matches["term"].tolist() == ["regime"]
    statuses = result.extra.set_index("student_term")["status"].to_dict()
    assert statuses == {
        "proxy-war": "only inside quotations",
        "genocide": "only negated",
        "calm": "not in the lexicon",
        "heroic": "not in this article",
        "xyzzy": "not in the lexicon",
    }
    prompts = result.extra.set_index("student_term")["prompt"]
    assert prompts["proxy-war"] == (
        "\u201cproxy-war\u201d is in the tool's word list, but in this article it occurs only "
        "inside quotations (line 1). At the basic level the tool counts only the journalist's "
        "own words, not what the people quoted say; the advanced level counts both."
    )
    assert prompts["genocide"].startswith(
        "\u201cgenocide\u201d is in the tool's word list, but in this article it occurs only "
        "where the writer denies it (line 2), as in \u201cnot genocide\u201d."
    )
    assert prompts["heroic"] == (
        "\u201cheroic\u201d is in the tool's word list, but it does not occur in this article. "
        "Check the spelling, or look again: maybe you saw it in another text."
    )
    assert prompts["calm"].startswith(
        "\u201ccalm\u201d is not in the tool's word list, so the tool cannot count it."
    )
    assert prompts["xyzzy"] == (
        "\u201cxyzzy\u201d does not occur in this article, and it is not in the tool's word "
        "list either. Check the spelling."
    )
    # At the advanced level quotations count: proxy war is found, not explained away.
    advanced = exercises.score_article(
        student, FEEDBACK_TEXT, difficulty="advanced", lexicon=lexicon
    )
    assert "proxy war" in advanced.matches["term"].tolist()

    feedback = exercises.feedback(result)
    assert feedback.found == (
        "You found \u201cRegimes\u201d: the tool counts it too, as \u201cregime\u201d, a "
        "delegitimizing label word, one that names an actor so as to deny its legitimacy "
        "(regime, puppet, junta).",
    )
    assert feedback.missed[-1].startswith(
        "You missed \u201cslaughtered\u201d (line 3): it is an emotional intensifier word"
    )
    assert all(s.endswith(".") and len(s) > 60 for s in feedback.sentences())
    page = feedback._repr_html_()
    assert page.count("<li>") == len(feedback.sentences()) == 1 + len(feedback.missed) + 5
    assert "&#x27;" in page or "'" not in "".join(feedback.sentences())  # escaped
    assert repr(feedback).splitlines()[0] == "Words you found that the tool counts too:"
    nothing = exercises.feedback(exercises.score_article([], FEEDBACK_TEXT, lexicon=lexicon))
    assert nothing.note.startswith("You have not listed any words yet")
    assert nothing.found == nothing.other == () and len(nothing.missed) == 3
    assert repr(nothing).splitlines()[0] == nothing.note


def test_answer_box_keeps_typed_words_in_a_draft_across_run_all(tmp_path) -> None:
    from framing.classroom import exercises

    draft = exercises.draft_path("spot-the-loaded-term", "98142f5edab7c62d", tmp_path)
    assert draft == tmp_path / "spot-the-loaded-term__98142f5edab7c62d.answers.txt"
    my_terms: list[str] = []
    box = exercises.answer_box(my_terms, draft=draft)
    assert not draft.exists()  # nothing typed, nothing written
    box.value = "regime\n meat grinder\n"
    assert my_terms == ["regime", "meat grinder"]
    assert draft.read_text(encoding="utf-8") == "regime\nmeat grinder\n"
    # Run All: the answer cell makes a new empty list (or one with words typed in the cell);
    # the new box reads the draft back and the list holds both.
    my_terms = ["puppet", "regime"]
    again = exercises.answer_box(my_terms, draft=draft)
    assert my_terms == ["puppet", "regime", "meat grinder"]
    assert again.value == "puppet\nregime\nmeat grinder"
