"""Agreement between students (and with the tool) on which terms are loaded.

Answer files in one folder, one per student:

* CSV with a ``term`` column (one word or phrase per row); the student is the file name;
* JSON written by :func:`save_answers` (what the exercise notebooks save):
  ``{"format": "framing-classroom-answers/1", "student": ..., "exercise": ...,
  "article_id": ..., "terms": [...]}``.

The items rated are all distinct terms that anyone named (students and, when given, the
tool), matched by :func:`framing.classroom.scoring.term_key`; each rater says yes (named it)
or no. Kappas on this "candidate terms" universe are lower than on every word of the text,
which would be inflated by thousands of easy "no" items.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from framing.classroom.scoring import clean_student_terms, term_key
from framing.errors import InputError, ParameterError
from framing.io import safe_name, write_json

if TYPE_CHECKING:
    from framing.features.lexicon import Lexicon

ANSWERS_FORMAT = "framing-classroom-answers/1"
TOOL = "(tool)"  # parentheses: no answer file stem can clash with it
VS_TOOL_COLUMNS = ["student", "kappa", "n_terms", "n_shared_with_tool", "precision", "recall"]


def cohen_kappa(a: ArrayLike, b: ArrayLike) -> float:
    """Return Cohen's kappa of two raters' labels for the same items.

    1.0 when both raters agree perfectly even if chance agreement is 1 (all items the same).

    >>> cohen_kappa([1, 1, 0, 0], [1, 0, 0, 0])
    0.5
    """
    x, y = np.asarray(a), np.asarray(b)
    if x.shape != y.shape or x.ndim != 1:
        raise ParameterError(
            f"cohen_kappa needs two equal-length label lists, got {x.shape}, {y.shape}"
        )
    if len(x) == 0:
        return float("nan")
    labels = np.union1d(x, y)
    observed = float(np.mean(x == y))
    expected = float(sum(np.mean(x == k) * np.mean(y == k) for k in labels))
    if expected == 1.0:
        return 1.0 if observed == 1.0 else 0.0
    return (observed - expected) / (1.0 - expected)


def fleiss_kappa(counts: np.ndarray | pd.DataFrame) -> float:
    """Return Fleiss' kappa from an items × categories table of rater counts.

    Every row must sum to the same number of raters (at least 2).
    """
    table = np.asarray(counts, dtype=float)
    if table.ndim != 2 or table.shape[0] == 0:
        raise ParameterError("fleiss_kappa needs a non-empty items x categories count table")
    raters = table.sum(axis=1)
    if not np.allclose(raters, raters[0]) or raters[0] < 2:
        raise ParameterError(
            f"fleiss_kappa needs the same number (>= 2) of raters per item, got {set(raters)}"
        )
    n = raters[0]
    p_items = ((table * (table - 1)).sum(axis=1)) / (n * (n - 1))
    p_bar = p_items.mean()
    p_cat = table.sum(axis=0) / table.sum()
    p_e = float((p_cat**2).sum())
    if p_e == 1.0:
        return 1.0 if p_bar == 1.0 else 0.0
    return float((p_bar - p_e) / (1.0 - p_e))


def save_answers(
    terms: Sequence[str],
    *,
    student: str,
    exercise: str,
    article_id: str = "",
    out_dir: str | os.PathLike[str] = "answers",
) -> Path:
    """Write a student's answers as JSON for :func:`read_answers`; return its absolute path.

    The file name is ``<exercise>__<student>.json`` made safe (two different names never
    share a file: "Ana B" and "Ana_B" get two); re-saving under the same name overwrites it.
    """
    name = str(student).strip()
    if not name:
        raise ParameterError("save_answers needs the student's name (parameter 'student')")
    payload = {
        "format": ANSWERS_FORMAT,
        "student": name,
        "exercise": exercise,
        "article_id": article_id,
        "terms": clean_student_terms(terms),
    }
    path = Path(out_dir) / f"{safe_name(exercise)}__{safe_name(name)}.json"
    return write_json(payload, path).resolve()  # shown in the notebook: where it went


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
        raise InputError(str(path), f"cannot read CSV answers ({error})") from error
    columns = {c.strip().lower(): c for c in df.columns}
    if "term" not in columns:
        raise InputError(
            str(path),
            f"answers CSV needs a 'term' column (one term per row); has {list(df.columns)}",
        )
    terms = clean_student_terms(df[columns["term"]].tolist())
    return _student_rows(path.stem, terms, "")


def _read_json(path: Path) -> pd.DataFrame:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"not valid JSON ({error})") from error
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise InputError(str(path), f"answers JSON needs a 'terms' list (format {ANSWERS_FORMAT})")
    student = str(data.get("student") or path.stem)
    terms = clean_student_terms(data["terms"])
    return _student_rows(student, terms, str(data.get("article_id") or ""))


def _student_rows(student: str, terms: list[str], article_id: str) -> pd.DataFrame:
    """One row per term; a student who named nothing keeps one row with an empty term."""
    return pd.DataFrame({"student": student, "term": terms or [""], "article_id": article_id})


#: Where answers are looked for under the folder given: the ``answers`` folder a classroom
#: build's student notebooks write (``OUT/answers``), ``answers`` beside the student
#: notebooks (a notebook run from another folder), then the folder itself (not when it is a
#: classroom folder: its manifest.json is no answer file).
ANSWER_FOLDERS = ("answers", "student/answers", ".")


def _holds_answers(folder: Path) -> bool:
    return folder.is_dir() and any(
        p.suffix.lower() in (".csv", ".json") for p in folder.iterdir() if p.is_file()
    )


def find_answers_dir(folder: str | os.PathLike[str]) -> Path:
    """Return the folder of answer files for ``folder``: the answers folder of the classroom
    folder it names, or itself (see :data:`ANSWER_FOLDERS`).

    Raises :class:`InputError` listing every folder it looked in.
    """
    base = Path(folder)
    candidates = [base / sub if sub != "." else base for sub in ANSWER_FOLDERS]
    if (base / "student").is_dir():
        candidates.remove(base)
    for candidate in candidates:
        if _holds_answers(candidate):
            return candidate
    looked = ", ".join(str(c) for c in candidates)
    raise InputError(
        str(base),
        f"holds no answer files (*.csv with a 'term' column or *.json); looked in {looked}",
    )


def read_answers(folder: str | os.PathLike[str]) -> pd.DataFrame:
    """Return every student's answers in ``folder`` as rows ``student, term, article_id``.

    Reads ``*.csv`` and ``*.json`` (sorted by name). Raises :class:`InputError` for an
    unreadable file and when fewer than one answer file is found.
    """
    base = Path(folder)
    if not base.is_dir():
        raise InputError(str(base), "is not a folder of answer files (CSV or JSON)")
    frames = []
    for path in sorted(base.iterdir()):
        if path.suffix.lower() == ".csv":
            frames.append(_read_csv(path))
        elif path.suffix.lower() == ".json":
            frames.append(_read_json(path))
    if not frames:
        raise InputError(str(base), "holds no answer files (*.csv with a 'term' column or *.json)")
    answers = pd.concat(frames, ignore_index=True)
    names = [f["student"].iloc[0] for f in frames]
    if len(set(names)) != len(names):
        raise InputError(str(base), f"two answer files name the same student: {sorted(names)}")
    return answers


def answer_matrix(answers: pd.DataFrame, tool_terms: Sequence[str] | None = None) -> pd.DataFrame:
    """Return a 0/1 table: one row per candidate term (by key), one column per rater.

    Rows are labelled with the first spelling seen; the tool is the column ``(tool)``.
    """
    rows = answers[["student", "term"]].copy()
    if tool_terms is not None:
        tool = pd.DataFrame({"student": TOOL, "term": clean_student_terms(tool_terms)})
        rows = pd.concat([rows, tool], ignore_index=True)
    rows["key"] = rows["term"].map(term_key)
    rows = rows[rows["key"] != ""]
    labels = rows.drop_duplicates("key").set_index("key")["term"]
    raters = list(dict.fromkeys(answers["student"]))
    if tool_terms is not None:
        raters.append(TOOL)
    matrix = (
        pd.crosstab(rows["key"], rows["student"])
        .clip(upper=1)
        .reindex(columns=raters, fill_value=0)
    )
    matrix.index = labels.reindex(matrix.index).to_numpy()
    matrix.index.name = "term"
    matrix.columns.name = None
    return matrix.sort_index()


@dataclass(frozen=True)
class AgreementResult:
    """Agreement figures for a class (see :func:`agreement`)."""

    pairwise: pd.DataFrame = field(repr=False)
    fleiss: float
    vs_tool: pd.DataFrame = field(repr=False)
    disagreement: pd.DataFrame = field(repr=False)
    matrix: pd.DataFrame = field(repr=False)
    answers_dir: Path | None = None  # the folder the answers were read from

    def to_dict(self) -> dict[str, Any]:
        """Return the result as plain JSON-ready data."""
        return {
            "fleiss_kappa": None if np.isnan(self.fleiss) else round(self.fleiss, 4),
            "pairwise": self.pairwise.round(4).to_dict(orient="records"),
            "vs_tool": self.vs_tool.round(4).to_dict(orient="records"),
            "disagreement": self.disagreement.round(4).to_dict(orient="records"),
        }


def agreement(
    answers: pd.DataFrame, tool_terms: Sequence[str] | None = None, *, top: int = 10
) -> AgreementResult:
    """Return Cohen's kappa per student pair, Fleiss' kappa, kappa vs the tool, and the
    ``top`` terms the class disagreed on most (share naming it closest to one half; terms
    all students named, or none did, are left out).

    Against the tool, kappa is low whenever the tool names most candidate terms (chance
    agreement is then high), so ``vs_tool`` also gives each student's precision and recall.

    ``answers`` as :func:`read_answers` returns; ``tool_terms`` the tool's canonical terms
    (or None to skip the tool comparison). Needs at least two students for the class kappas.
    """
    matrix = answer_matrix(answers, tool_terms)
    students = list(matrix.columns[:-1] if tool_terms is not None else matrix.columns)
    pairwise = pd.DataFrame(
        [
            {"student_a": a, "student_b": b, "kappa": cohen_kappa(matrix[a], matrix[b])}
            for a, b in itertools.combinations(students, 2)
        ],
        columns=["student_a", "student_b", "kappa"],
    )
    if len(students) >= 2 and len(matrix):
        yes = matrix[students].sum(axis=1).to_numpy()
        fleiss = fleiss_kappa(np.column_stack([yes, len(students) - yes]))
    else:
        fleiss = float("nan")
    if tool_terms is not None:
        vs_tool = pd.DataFrame(
            [
                {
                    "student": s,
                    "kappa": cohen_kappa(matrix[s], matrix[TOOL]),
                    "n_terms": int(matrix[s].sum()),
                    "n_shared_with_tool": int((matrix[s] & matrix[TOOL]).sum()),
                }
                for s in students
            ],
            columns=VS_TOOL_COLUMNS[:4],
        )
        n_tool = int(matrix[TOOL].sum())
        shared = vs_tool["n_shared_with_tool"]
        vs_tool["precision"] = (shared / vs_tool["n_terms"].where(vs_tool["n_terms"] > 0)).fillna(
            0.0
        )
        vs_tool["recall"] = shared / n_tool if n_tool else 0.0
    else:
        vs_tool = pd.DataFrame(columns=VS_TOOL_COLUMNS)
    share = matrix[students].mean(axis=1) if students else pd.Series(dtype=float)
    disagreement = pd.DataFrame(
        {
            "term": matrix.index,
            "n_named": matrix[students].sum(axis=1).to_numpy() if students else 0,
            "share_named": share.to_numpy(),
            "disagreement": (4 * share * (1 - share)).to_numpy(),
        }
    )
    if tool_terms is not None:
        disagreement["tool"] = matrix[TOOL].astype(bool).to_numpy()
    disagreement = (
        disagreement[disagreement["disagreement"] > 0]
        .sort_values(["disagreement", "term"], ascending=[False, True])
        .head(top)
        .reset_index(drop=True)
    )
    return AgreementResult(
        pairwise=pairwise,
        fleiss=fleiss,
        vs_tool=vs_tool,
        disagreement=disagreement,
        matrix=matrix,
    )


def class_agreement(
    answers_dir: str | os.PathLike[str],
    *,
    processed: str | os.PathLike[str] | None = None,
    article: str = "",
    difficulty: str = "basic",
    lexicon: Lexicon | None = None,
    top: int = 10,
    out: str | os.PathLike[str] | None = None,
) -> AgreementResult:
    """Return the agreement of the answer files in ``answers_dir`` (see :func:`agreement`).

    ``answers_dir`` is a folder of answer files or a classroom folder (its ``answers``, where
    the student notebooks save; see :func:`find_answers_dir`). The tool's terms come from
    ``article`` in the corpus at ``processed`` (default: the one article id the answer files
    name); without an article or corpus the tool comparison is skipped. ``out`` also writes
    the result as JSON.
    """
    from framing.classroom.exercises import loaded_terms, pick_article
    from framing.corpus import Corpus

    answers_dir = find_answers_dir(answers_dir)
    answers = read_answers(answers_dir)
    named = sorted({a for a in answers["article_id"] if a})
    key = article or (named[0] if len(named) == 1 else "")
    tool_terms = None
    if key and processed is not None:
        row = pick_article(Corpus(Path(processed)).articles, key)
        hits = loaded_terms(str(row["text"]), difficulty=difficulty, lexicon=lexicon)
        tool_terms = list(dict.fromkeys(hits["term"]))
    elif article:
        raise ParameterError("comparing with the tool needs the processed corpus (--processed)")
    result = agreement(answers, tool_terms, top=top)
    result = replace(result, answers_dir=answers_dir)
    if out is not None:
        write_json({"answers_dir": str(answers_dir), "article": key, **result.to_dict()}, out)
    return result


def format_agreement(result: AgreementResult) -> str:
    """Return the agreement result as plain text tables for a terminal."""

    def block(title: str, table: pd.DataFrame) -> str:
        body = table.round(3).to_string(index=False) if len(table) else "(none)"
        return f"{title}\n{body}"

    fleiss = "n/a (needs two students)" if np.isnan(result.fleiss) else f"{result.fleiss:.3f}"
    parts = [
        f"answers read from {result.answers_dir}" if result.answers_dir else "",
        f"students: {result.matrix.shape[1] - int(TOOL in result.matrix.columns)}, "
        f"candidate terms: {result.matrix.shape[0]}",
        f"Fleiss' kappa (all students): {fleiss}",
        block("Cohen's kappa per pair of students:", result.pairwise),
        block("Each student against the tool:", result.vs_tool),
        block("Terms the class disagreed on most:", result.disagreement),
    ]
    return "\n\n".join(part for part in parts if part)
