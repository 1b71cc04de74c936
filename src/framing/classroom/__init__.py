"""Classroom media-literacy exercises: scoring, agreement, handouts and the teacher/student build.

Sub-modules, one job each: :mod:`~framing.classroom.scoring` (student terms vs the tool),
:mod:`~framing.classroom.agreement` (kappas between students and with the tool),
:mod:`~framing.classroom.handout` (printable HTML), :mod:`~framing.classroom.exercises`
(the small library calls the exercise notebooks make: ``framing.classroom.exercises``) and
:mod:`~framing.classroom.build` (teacher notebooks -> student notebooks, answer keys and
handouts).
"""

from framing.classroom import exercises
from framing.classroom.agreement import (
    AgreementResult,
    agreement,
    answer_matrix,
    class_agreement,
    cohen_kappa,
    fleiss_kappa,
    format_agreement,
    read_answers,
    save_answers,
)
from framing.classroom.build import BuildResult, build_classroom, student_version
from framing.classroom.handout import get_exercise, load_exercises, numbered_lines, render_handout
from framing.classroom.scoring import ScoreResult, add_to_lexicon, score_answers, term_key

__all__ = [
    "AgreementResult",
    "BuildResult",
    "build_classroom",
    "student_version",
    "ScoreResult",
    "add_to_lexicon",
    "agreement",
    "answer_matrix",
    "class_agreement",
    "exercises",
    "cohen_kappa",
    "fleiss_kappa",
    "format_agreement",
    "get_exercise",
    "load_exercises",
    "numbered_lines",
    "read_answers",
    "render_handout",
    "save_answers",
    "score_answers",
    "term_key",
]
