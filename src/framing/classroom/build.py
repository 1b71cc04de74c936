"""``framing classroom build``: teacher notebooks -> student notebooks, answer keys, handouts.

The exercise notebooks in ``notebooks/classroom/`` are the *teacher* versions: cells tagged
``solution`` hold answer keys and notes. For each exercise × article (or pair) the build
writes, under ``OUT/``:

- ``student/<exercise>__<id>.ipynb``: parameter defaults set to the article(s), solution
  cells removed, every output cleared, answer cells left as in the source (empty);
- ``teacher/<exercise>__<id>.ipynb`` and ``.html``: the executed teacher notebook (answer key);
- ``handouts/<exercise>__<id>.html``: the printable handout;
- ``corpus/articles.parquet``: the chosen articles, which every notebook reads (by the
  relative path ``corpus``, so the folder can be copied to another machine);
- ``manifest.json``: every file written, by exercise and article.

Student notebooks save answers to ``../answers`` (``OUT/answers``), which
``framing classroom agreement OUT`` reads.
"""

from __future__ import annotations

import copy
import logging
import os
import re
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from tqdm import tqdm

from framing.classroom.exercises import pick_sentences
from framing.classroom.handout import get_exercise, load_exercises, render_handout
from framing.config import NOTEBOOKS_DIR, PROCESSED_DIR
from framing.corpus import Corpus
from framing.errors import ParameterError
from framing.io import safe_name, write_json, write_parquet, write_text
from framing.report.workers import exit_with_parent

if TYPE_CHECKING:
    from nbformat import NotebookNode

log = logging.getLogger(__name__)

SOLUTION_TAG = "solution"


def default_classroom_dir() -> Path:
    """Return ``notebooks/classroom`` here, else the one beside the source tree."""
    local = NOTEBOOKS_DIR / "classroom"
    if local.is_dir():
        return local
    return Path(__file__).resolve().parents[3] / "notebooks" / "classroom"


def _tags(cell: NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def solution_sources(nb: NotebookNode) -> list[str]:
    """Return the source of every cell tagged ``solution``."""
    return [cell.source for cell in nb.cells if SOLUTION_TAG in _tags(cell)]


def student_version(nb: NotebookNode) -> NotebookNode:
    """Return a copy of ``nb`` without solution cells, outputs, execution counts or a jupytext
    pairing."""
    out = copy.deepcopy(nb)
    out.cells = [cell for cell in out.cells if SOLUTION_TAG not in _tags(cell)]
    for cell in out.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    out.metadata.pop("papermill", None)
    # No jupytext pairing: saving a student notebook must not write a .py beside it.
    out.metadata.pop("jupytext", None)
    return out


_PARAMETER_LINE = re.compile(
    r"^(?P<name>\w+)(?P<type>\s*:[^=]+)?=\s*(?P<value>.*?)(?P<help>\s+#.*)?$"
)


def set_parameter_defaults(nb: NotebookNode, parameters: dict[str, Any]) -> NotebookNode:
    """Return a copy of ``nb`` whose ``parameters`` cell has ``parameters`` as its defaults.

    Unlike papermill's injected cell, the values stay visible in the cell students edit, and
    a later papermill run can still override them.
    """
    out = copy.deepcopy(nb)
    cell = next((c for c in out.cells if "parameters" in _tags(c)), None)
    if cell is None:
        raise ParameterError("the notebook has no cell tagged 'parameters'")
    lines = []
    seen = set()
    for line in cell.source.splitlines():
        match = _PARAMETER_LINE.match(line)
        if match and match["name"] in parameters:
            name = match["name"]
            seen.add(name)
            line = f"{name}{match['type'] or ' '}= {parameters[name]!r}{match['help'] or ''}"
        lines.append(line)
    unknown = sorted(set(parameters) - seen)
    if unknown:
        raise ParameterError(f"the notebook's parameters cell does not declare {unknown}")
    cell.source = "\n".join(lines)
    return out


def parse_pairs(text: str) -> list[tuple[str, str]]:
    """Parse ``"id:id,id:id"`` into pairs; raise :class:`ParameterError` on a malformed item."""
    pairs = []
    for item in filter(None, (part.strip() for part in str(text).split(","))):
        left, sep, right = item.partition(":")
        if not sep or not left.strip() or not right.strip():
            raise ParameterError(f"--pairs item {item!r} must look like ID:ID")
        pairs.append((left.strip(), right.strip()))
    return pairs


def _resolve_ids(articles: pd.DataFrame, wanted: Sequence[str]) -> list[str]:
    from framing.classroom.exercises import pick_article

    return [str(pick_article(articles, key)["article_id"]) for key in wanted]


def default_pairs(article_ids: Sequence[str]) -> list[tuple[str, str]]:
    """Return consecutive pairs (1st:2nd, 3rd:4th, ...; an odd last article pairs with the
    first)."""
    ids = list(article_ids)
    if len(ids) < 2:
        return []
    pairs = [(ids[i], ids[i + 1]) for i in range(0, len(ids) - 1, 2)]
    if len(ids) % 2:
        pairs.append((ids[-1], ids[0]))
    return pairs


@dataclass(frozen=True)
class BuildResult:
    """What :func:`build_classroom` wrote: one row per file."""

    out_dir: Path
    files: pd.DataFrame  # exercise, target, kind, path

    def table(self) -> pd.DataFrame:
        """Return files per exercise and kind (for the CLI's summary)."""
        return (
            self.files.groupby(["exercise", "kind"], sort=True).size().rename("files").reset_index()
        )


def _jobs(
    exercises: Sequence[str],
    single_ids: Sequence[str],
    pairs: Sequence[tuple[str, str]],
) -> list[tuple[str, list[str]]]:
    jobs: list[tuple[str, list[str]]] = []
    for name in exercises:
        spec = get_exercise(name)
        targets = [[a, b] for a, b in pairs] if spec.kind == "pair" else [[i] for i in single_ids]
        jobs.extend((name, ids) for ids in targets)
    return jobs


#: One teacher notebook to execute: (notebook, exercise, file stem, parameters, out folder).
AnswerKeyTask = tuple[str, str, str, dict[str, Any], str]


def _answer_key(
    notebook: str, name: str, stem: str, params: dict[str, Any], out: str
) -> list[tuple[str, Path]]:
    """Execute one teacher notebook and write it and its HTML answer key (a worker task)."""
    from framing.report.notebooks import read_notebook
    from framing.report.render import execute as run_notebook
    from framing.report.render import to_html

    teacher = run_notebook(read_notebook(notebook), params, cwd=out)
    teacher.metadata.pop("jupytext", None)  # an output, never paired with a source
    teacher_path = Path(out) / "teacher" / f"{stem}.ipynb"
    write_text(_dumps(teacher), teacher_path)
    key_path = teacher_path.with_suffix(".html")
    title = f"{get_exercise(name).title}: answer key"
    write_text(to_html(teacher, show_code=True, title=title), key_path)
    return [("teacher", teacher_path), ("answer_key", key_path)]


def _answer_keys(
    tasks: Sequence[AnswerKeyTask], *, jobs: int, progress: bool
) -> list[list[tuple[str, Path]]]:
    """Run :func:`_answer_key` for every task (in ``jobs`` processes); results in task order."""
    results = []
    with tqdm(total=len(tasks), desc="answer keys", disable=not progress, file=sys.stderr) as bar:
        if jobs == 1 or len(tasks) < 2:
            for task in tasks:
                results.append(_answer_key(*task))
                bar.update()
        else:
            with ProcessPoolExecutor(max_workers=jobs, initializer=exit_with_parent) as pool:
                futures = [pool.submit(_answer_key, *task) for task in tasks]
                for future in futures:
                    results.append(future.result())
                    bar.update()
    return results


#: The classroom's own copy of the chosen articles, and where student answers go, both
#: relative: a copied classroom folder works on another machine. Notebooks run in
#: ``student/`` or ``teacher/`` (JupyterLab) or in the classroom folder (the build), and
#: :func:`~framing.classroom.exercises.resolve_processed` finds ``corpus`` from any of them.
CORPUS_DIRNAME = "corpus"
ANSWERS_DIRNAME = "answers"
STUDENT_ANSWERS_DIR = f"../{ANSWERS_DIRNAME}"


def _notebook_parameters(ids: Sequence[str]) -> dict[str, Any]:
    params: dict[str, Any] = {"processed": CORPUS_DIRNAME}
    if len(ids) == 2:
        params.update(article_a=ids[0], article_b=ids[1])
    else:
        params["article"] = ids[0]
    return params


def _write_student_files(
    nb: NotebookNode,
    name: str,
    stem: str,
    params: dict[str, Any],
    articles: list[dict[str, Any]],
    out: Path,
) -> list[tuple[str, Path]]:
    """Write the student notebook and the handout of one exercise x target."""
    from framing.report.notebooks import notebook_parameters

    if "answers_dir" in notebook_parameters(nb):  # the notebook runs in student/
        params = {**params, "answers_dir": STUDENT_ANSWERS_DIR}
    student = student_version(set_parameter_defaults(nb, params))
    student_path = write_text(_dumps(student), out / "student" / f"{stem}.ipynb")
    rate = pick_sentences(articles[0]["text"]) if name == "feel-the-tone" else ()
    handout = render_handout(name, articles, rate_sentences=rate)
    handout_path = write_text(handout, out / "handouts" / f"{stem}.html")
    return [("student", student_path), ("handout", handout_path)]


def _write_corpus(articles: pd.DataFrame, ids: Sequence[str], out: Path) -> Path:
    """Write the chosen articles to ``OUT/corpus/articles.parquet`` (all the exercises read)."""
    chosen = articles[articles["article_id"].isin(set(ids))].reset_index(drop=True)
    return write_parquet(chosen, out / CORPUS_DIRNAME / "articles.parquet")


def _check_out_dir(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise ParameterError(f"--out {out} is a file: give a folder for the classroom files")


def _write_manifest(files: pd.DataFrame, processed_dir: Path, out: Path) -> None:
    records = [
        {**r, "path": str(Path(r["path"]).relative_to(out))}
        for r in files.to_dict(orient="records")
    ]
    manifest = {"processed": str(processed_dir), "corpus": CORPUS_DIRNAME, "files": records}
    manifest["answers"] = ANSWERS_DIRNAME
    write_json(manifest, out / "manifest.json")


def build_classroom(
    processed: str | os.PathLike[str] = PROCESSED_DIR,
    out_dir: str | os.PathLike[str] = "classroom",
    *,
    articles: Sequence[str] | None = None,
    pairs: Sequence[tuple[str, str]] | None = None,
    exercises: Sequence[str] | None = None,
    notebooks_dir: str | os.PathLike[str] | None = None,
    execute: bool = True,
    jobs: int = 1,
    progress: bool = False,
) -> BuildResult:
    """Write student notebooks, teacher answer keys and handouts; return what was written.

    articles : ids (or unique prefixes, or positions) for the one-article exercises;
        default every article of the corpus.
    pairs : ``(id, id)`` pairs for "Same event, two framings"; default consecutive pairs of
        the chosen articles.
    exercises : names (default all four).
    execute : run the teacher notebooks (papermill) so the answer keys hold results; the
        student notebooks are never executed.
    jobs : processes running teacher notebooks at once (each notebook costs seconds).
    """
    from framing.report.notebooks import read_notebook

    if jobs < 1:
        raise ParameterError(f"jobs must be at least 1, got {jobs}")
    processed_dir = Path(processed).resolve()
    out = Path(out_dir)
    _check_out_dir(out)
    table = Corpus(processed_dir).articles
    single_ids = _resolve_ids(table, articles) if articles else table["article_id"].tolist()
    pair_ids: list[tuple[str, str]] = (
        [(_resolve_ids(table, [a])[0], _resolve_ids(table, [b])[0]) for a, b in pairs]
        if pairs
        else default_pairs(single_ids)
    )
    names = list(exercises) if exercises else list(load_exercises())
    source_dir = Path(notebooks_dir) if notebooks_dir else default_classroom_dir()
    by_id = table.set_index("article_id", drop=False)
    rows: list[tuple[str, str, str, Path]] = []
    tasks: list[AnswerKeyTask] = []
    targets: list[str] = []
    for name, ids in _jobs(names, single_ids, pair_ids):
        notebook = source_dir / f"{name}.py"
        stem = f"{name}__{'__'.join(safe_name(i) for i in ids)}"
        params = _notebook_parameters(ids)
        chosen = [{str(k): v for k, v in by_id.loc[i].to_dict().items()} for i in ids]
        written = _write_student_files(read_notebook(notebook), name, stem, params, chosen, out)
        rows.extend((name, ",".join(ids), kind, path) for kind, path in written)
        if execute:
            tasks.append((str(notebook), name, stem, params, str(out)))
            targets.append(",".join(ids))
    chosen_ids = {i for _, ids in _jobs(names, single_ids, pair_ids) for i in ids}
    _write_corpus(table, sorted(chosen_ids), out)
    results = _answer_keys(tasks, jobs=jobs, progress=progress)
    for task, target, written in zip(tasks, targets, results, strict=True):
        rows.extend((task[1], target, kind, path) for kind, path in written)
    files = pd.DataFrame(rows, columns=["exercise", "target", "kind", "path"])
    files = files.sort_values(["exercise", "target", "kind"], kind="stable").reset_index(drop=True)
    _write_manifest(files, processed_dir, out)
    log.info("classroom build: %d files in %s", len(files), out)
    return BuildResult(out_dir=out, files=files)


def _dumps(nb: NotebookNode) -> str:
    import nbformat

    return nbformat.writes(nb)
