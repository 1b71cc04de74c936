"""The `classroom` command group: `classroom build` and `classroom agreement`."""

from __future__ import annotations

import click

from framing.cli.options import clean_errors, processed_option


@click.group()
def classroom() -> None:
    """Classroom exercises: student/teacher notebooks, handouts, class agreement."""


@classroom.command("build")
@clean_errors
@processed_option("Processed corpus folder (from `framing ingest`).")
@click.option(
    "--out",
    default="classroom",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Output folder (copy it whole: the notebooks read its corpus/ folder).",
)
@click.option("--articles", default="", help="Comma-separated article ids [default: all].")
@click.option(
    "--pairs", default="", help="ID:ID pairs, comma-separated, for the two-framings exercise."
)
@click.option(
    "--exercise", "exercises", multiple=True, help="Only this exercise (repeatable) [default: all]."
)
@click.option("--no-execute", is_flag=True, help="Skip the answer keys (no notebook is run).")
@click.option("--jobs", default=1, show_default=True, help="Answer keys run in parallel.")
@click.option("--progress", is_flag=True, help="Show a progress bar on stderr.")
def classroom_build(
    processed: str,
    out: str,
    articles: str,
    pairs: str,
    exercises: tuple[str, ...],
    no_execute: bool,
    jobs: int,
    progress: bool,
) -> None:
    """Write student notebooks, teacher answer keys and printable handouts to OUT."""
    from framing.classroom import build_classroom
    from framing.classroom.build import parse_pairs

    result = build_classroom(
        processed,
        out,
        articles=[a.strip() for a in articles.split(",") if a.strip()] or None,
        pairs=parse_pairs(pairs) or None,
        exercises=list(exercises) or None,
        execute=not no_execute,
        jobs=jobs,
        progress=progress,
    )
    click.echo(result.table().to_string(index=False))
    out_dir = result.out_dir
    click.echo(f"wrote {len(result.files)} files to {out_dir}")
    click.echo(f"  print:            {out_dir / 'handouts'}/*.html")
    click.echo(f"  students open:    {out_dir / 'student'}/*.ipynb")
    click.echo(f"  answer keys:      {out_dir / 'teacher'}/*.html")
    click.echo(f"  students save to: {out_dir / 'answers'}")
    click.echo(f"then: framing classroom agreement {out_dir}")


@classroom.command("agreement")
@clean_errors
@click.argument("answers_dir", type=click.Path(file_okay=False))
@processed_option(
    "Processed corpus, for the comparison with the tool [default: the classroom's corpus/].",
    discover=False,
)
@click.option("--article", default="", help="Article to compare with [default: the answers'].")
@click.option("--lexicon", default=None, type=click.Path(dir_okay=False), help="Extra lexicon.")
@click.option("--top", default=10, show_default=True, help="How many disputed terms to list.")
@click.option("--json", "json_out", default=None, help="Also write the result to this JSON file.")
def classroom_agreement(
    answers_dir: str,
    processed: str | None,
    article: str,
    lexicon: str | None,
    top: int,
    json_out: str | None,
) -> None:
    """Kappas between students (CSV with a `term` column, or saved JSON) and with the tool.

    ANSWERS_DIR is a folder of answer files, or the classroom folder (its answers/ folder,
    where the student notebooks save).
    """
    from pathlib import Path

    from framing.classroom import class_agreement, format_agreement
    from framing.config import find_processed
    from framing.errors import MissingStepError
    from framing.features.lexicon import load_lexicon

    classroom_corpus = Path(answers_dir) / "corpus"  # what `classroom build` copied there
    if processed is None and classroom_corpus.is_dir():
        processed = str(classroom_corpus)
    elif processed is None:
        try:  # the project's corpus, as everywhere; without one, no comparison with the tool
            processed = str(find_processed())
        except MissingStepError:
            processed = None
    result = class_agreement(
        answers_dir,
        processed=processed if processed and Path(processed).exists() else None,
        article=article,
        lexicon=load_lexicon(extra=lexicon) if lexicon else None,
        top=top,
        out=json_out,
    )
    click.echo(format_agreement(result))
