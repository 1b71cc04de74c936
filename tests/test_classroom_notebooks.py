"""The four classroom notebooks, built and executed with papermill in teacher and student form."""

from __future__ import annotations

import json
import re
import shutil
from html import escape
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from framing.classroom import build_classroom, class_agreement
from framing.classroom.build import SOLUTION_TAG, default_classroom_dir, solution_sources
from framing.corpus import Corpus
from framing.report.notebooks import read_notebook
from framing.report.render import execute

pytestmark = pytest.mark.slow

EXERCISES = [
    "spot-the-loaded-term",
    "same-event-two-framings",
    "who-gets-to-speak",
    "feel-the-tone",
]


def _sample_id(processed: Path, prefix: str) -> str:
    articles = Corpus(processed).articles
    return str(articles.loc[articles["path"].str.contains(prefix), "article_id"].iloc[0])


@pytest.fixture(scope="module")
def built(sample_processed, tmp_path_factory):
    """The classroom for sample article 002 (13 Sep 2023) and the pair 002:000."""
    out = tmp_path_factory.mktemp("classroom")
    a002, a000 = _sample_id(sample_processed, "002_"), _sample_id(sample_processed, "000_")
    result = build_classroom(sample_processed, out, articles=[a002], pairs=[(a002, a000)], jobs=2)
    return result, a002, a000


def _paths(result, exercise: str) -> dict[str, Path]:
    rows = result.files[result.files["exercise"] == exercise]
    return dict(zip(rows["kind"], rows["path"], strict=True))


def _outputs_text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.append(output.get("data", {}).get("text/plain", ""))
            parts.append(output.get("data", {}).get("text/html", ""))
    return "\n".join(parts)


def test_build_writes_every_kind_for_every_exercise(built) -> None:
    result, a002, a000 = built
    assert sorted(result.files["exercise"].unique()) == sorted(EXERCISES)
    for exercise in EXERCISES:
        paths = _paths(result, exercise)
        assert set(paths) == {"student", "teacher", "answer_key", "handout"}
        assert all(Path(p).is_file() for p in paths.values())
    assert _paths(result, "same-event-two-framings")["student"].name == (
        f"same-event-two-framings__{a002}__{a000}.ipynb"
    )
    manifest = json.loads((result.out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["files"]) == 16


def test_teacher_answer_keys_hold_the_solutions(built) -> None:
    result, _, _ = built
    spot = nbformat.read(_paths(result, "spot-the-loaded-term")["teacher"], as_version=4)
    key = _outputs_text(spot)
    # 002 uses "proxy war" and "slaughtered" in the author's own voice.
    assert "proxy war" in key and "slaughtered" in key
    # the key shows each explanation whole (pandas cut them at 50 characters)
    from framing.features.lexicon import load_lexicon

    entries = load_lexicon().entries
    explanation = str(entries.loc[entries["term"] == "proxy war", "explanation"].iloc[0])
    key_cell = next(c for c in spot.cells if "answer_key(hits)" in c.source)
    key_output = _outputs_text(nbformat.v4.new_notebook(cells=[key_cell]))
    # the longest stretch without quote marks (escaping styles differ for those)
    stretch = max(re.split(r"[\"']", explanation), key=len)
    assert len(stretch) > 50 and escape(stretch) in key_output
    assert "<script" not in key_output.lower()  # scraped examples are escaped
    assert any(SOLUTION_TAG in c.metadata.get("tags", []) for c in spot.cells)
    speak = _outputs_text(
        nbformat.read(_paths(result, "who-gets-to-speak")["teacher"], as_version=4)
    )
    assert "Stoltenberg" in speak
    two = _outputs_text(
        nbformat.read(_paths(result, "same-event-two-framings")["teacher"], as_version=4)
    )
    assert "special military operation" in two
    tone = nbformat.read(_paths(result, "feel-the-tone")["teacher"], as_version=4)
    assert any("image/png" in o.get("data", {}) for c in tone.cells for o in c.get("outputs", []))
    html = _paths(result, "spot-the-loaded-term")["answer_key"].read_text(encoding="utf-8")
    assert "answer key" in html and "proxy war" in html


@pytest.mark.parametrize("exercise", EXERCISES)
def test_student_version_has_no_solution_text(built, exercise: str) -> None:
    result, _, _ = built
    path = _paths(result, exercise)["student"]
    text = path.read_text(encoding="utf-8")
    teacher_source = read_notebook(default_classroom_dir() / f"{exercise}.py")
    solutions = solution_sources(teacher_source)
    assert solutions, f"{exercise} has no solution cells"
    for source in solutions:
        assert json.dumps(source)[1:-1] not in text
    assert "TEACHER" not in text and "Teacher notes" not in text
    nb = nbformat.read(path, as_version=4)
    assert "jupytext" not in nb.metadata  # not paired: saving it writes no .py beside it
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    answers = [c.source for c in nb.cells if "answer" in c.metadata.get("tags", [])]
    assert answers and all(s.rstrip().endswith(("[]", '""', '{"A": [], "B": []}')) for s in answers)


@pytest.mark.parametrize(
    "exercise", ["same-event-two-framings", "who-gets-to-speak", "feel-the-tone"]
)
def test_student_notebook_runs_in_a_copied_classroom_folder(
    built, exercise: str, sample_processed, tmp_path
) -> None:
    """A classroom folder copied elsewhere (another machine) runs: no teacher path inside."""
    result, _, _ = built
    copied = tmp_path / "elsewhere" / "classroom"
    shutil.copytree(result.out_dir, copied)
    student_path = copied / "student" / _paths(result, exercise)["student"].name
    assert str(Path(sample_processed).resolve()) not in student_path.read_text("utf-8")
    nb = nbformat.read(student_path, as_version=4)
    executed = execute(nb, cwd=student_path.parent)
    text = _outputs_text(executed)
    assert "Traceback" not in text
    assert "TEACHER" not in text
    assert not (copied / "answers").exists()  # no student name given: nothing saved


def test_student_answers_are_scored_saved_and_compared(built, tmp_path) -> None:
    """A student types three words into the spot-the-loaded-term answer cell and runs it (in
    the classroom's student/ folder, as JupyterLab does); the answers land in the classroom's
    answers/ folder, which `class_agreement` finds from the classroom folder itself."""
    result, a002, _ = built
    classroom_dir = tmp_path / "classroom"
    shutil.copytree(result.out_dir, classroom_dir)
    student_path = (
        classroom_dir / "student" / _paths(result, "spot-the-loaded-term")["student"].name
    )
    nb = nbformat.read(student_path, as_version=4)
    answer = next(c for c in nb.cells if "answer" in c.metadata.get("tags", []))
    answer.source = 'my_terms: list[str] = ["Proxy Wars", "\u201cslaughtered\u201d", "brave"]'
    executed = execute(nb, {"student": "ana"}, cwd=student_path.parent)
    text = _outputs_text(executed)
    # 2 of the 3 words are the tool's (proxy war, slaughtered): precision 0.667.
    summary = next(line.split() for line in text.splitlines() if line.startswith("0 "))
    assert (summary[1], summary[3], summary[4]) == ("3", "2", "0.667")  # terms, matched, P
    assert "brave" in text
    answers_dir = classroom_dir / "answers"
    saved_path = answers_dir / "spot-the-loaded-term__ana.json"
    assert str(saved_path) in text  # the notebook shows where the answers went
    saved = json.loads(saved_path.read_text("utf-8"))
    assert saved["terms"] == ["Proxy Wars", "\u201cslaughtered\u201d", "brave"]
    assert saved["article_id"] == a002
    pd.DataFrame({"term": ["proxy war", "regime"]}).to_csv(answers_dir / "ben.csv", index=False)
    agreement = class_agreement(classroom_dir, processed=classroom_dir / "corpus")
    assert agreement.answers_dir == answers_dir
    vs_tool = agreement.vs_tool.set_index("student")
    assert vs_tool.loc["ana", "n_shared_with_tool"] == 2
    assert vs_tool.loc["ana", "precision"] == pytest.approx(2 / 3)
    assert sorted(agreement.pairwise.iloc[0][["student_a", "student_b"]]) == ["ana", "ben"]


# -- a student notebook in a real JupyterLab, from a copied classroom folder -------------


@pytest.fixture(scope="module")
def student_lab(built, chromium: str, tmp_path_factory):
    """One JupyterLab for this module, serving a copy of the classroom in another folder."""
    from lab_server import jupyter_lab

    result, _, _ = built
    base = tmp_path_factory.mktemp("student-lab")
    copied = base / "elsewhere" / "classroom"
    shutil.copytree(result.out_dir, copied)
    with jupyter_lab(copied.parent, base / "jupyter-state") as server:
        yield server, copied


@pytest.mark.browser
def test_student_notebook_in_jupyterlab_keeps_typed_answers(student_lab, built, chromium) -> None:
    """Typed into the box, the words survive Run All; the feedback is in whole sentences; the
    copied classroom runs without the teacher's paths; saving writes no .py beside it."""
    from conftest import CHROMIUM_ARGS
    from lab_server import lab_page, open_notebook, run_all, save

    from framing import load_lexicon
    from framing.classroom import exercises

    (base, token), copied = student_lab
    result, a002, _ = built
    name = _paths(result, "spot-the-loaded-term")["student"].name
    student_dir = copied / "student"
    typed = ["proxy war", "unprovoked", "regime", "Stoltenberg"]
    draft = exercises.draft_path("spot-the-loaded-term", a002, student_dir)
    with lab_page(chromium, base, CHROMIUM_ARGS) as (page, blocked):
        open_notebook(page, base, token, f"classroom/student/{name}")
        run_all(page)
        # Cells out of view are not rendered: wait for presence, scroll before typing.
        waiting = page.locator(".framing-feedback", has_text="not listed any words yet")
        waiting.wait_for(state="attached")
        box = page.locator(".framing-answer-box textarea")
        box.scroll_into_view_if_needed()
        box.fill("\n".join(typed))
        for _ in range(300):  # the widget sends the value; the kernel writes the draft
            if draft.is_file() and "Stoltenberg" in draft.read_text(encoding="utf-8"):
                break
            page.wait_for_timeout(200)
        assert draft.read_text(encoding="utf-8") == "\n".join(typed) + "\n"

        run_all(page)  # the answer cell resets my_terms = []; the box brings the words back
        feedback = page.locator(".framing-feedback", has_text="You found")
        feedback.wait_for(state="attached")
        feedback.scroll_into_view_if_needed()
        shown = feedback.locator("li").all_inner_texts()
        assert page.locator(".framing-answer-box textarea").input_value() == "\n".join(typed)
        save(page, student_dir / name, "You found")
    assert blocked == [], f"requests outside 127.0.0.1 were made: {blocked}"

    text = Corpus(copied / "corpus").articles.set_index("article_id").loc[a002, "text"]
    scored = exercises.score_article(typed, text, lexicon=load_lexicon())
    assert shown == exercises.feedback(scored).sentences()  # every sentence whole
    assert any("occurs only inside quotations" in s for s in shown)  # unprovoked
    assert any(
        s.startswith("\u201cregime\u201d is in the tool's word list, but it does not")
        for s in shown
    )
    assert any(
        s.startswith("\u201cStoltenberg\u201d is not in the tool's word list") for s in shown
    )
    assert all(s.endswith(".") for s in shown)
    # Saving wrote the notebook, not a paired .py; the draft is the only other file.
    assert sorted(p.name for p in student_dir.iterdir()) == sorted(
        [".ipynb_checkpoints", draft.name, *(p.name for p in student_dir.glob("*.ipynb"))]
    )
    assert not list(student_dir.glob("*.py"))
