"""The `validate` command: score every measure against human judgement, write the evidence."""

from __future__ import annotations

import sys

import click

from framing.cli.options import clean_errors


@click.command("validate")
@clean_errors
@click.option(
    "--data",
    default="../shared/eval",
    show_default=True,
    help="Folder laid out like eval/ (vader_gt/, semeval23_frames/, bbc/, ...).",
)
@click.option(
    "--out",
    default="reports/validate",
    show_default=True,
    help="Folder for validity.json/.html (`framing batch` writes reports/validity.html from "
    "the figures published with this version).",
)
@click.option("--seed", default=0, show_default=True, help="Seed of folds and bootstraps.")
@click.option(
    "--split",
    default="dev",
    show_default=True,
    help="Which half the labelled files are: dev reads frames_dev.tsv, holdout "
    "frames_holdout.tsv, and so on.",
)
@click.option(
    "--measure",
    "measures",
    multiple=True,
    help="Run only this measure (repeatable): loaded_terms, sentence_sentiment, "
    "target_sentiment, frames, topics, cleaning, outlet_signal.",
)
@click.option(
    "--readme",
    is_flag=True,
    help="Print the README's 'What is measured' table from OUT/validity.json and stop.",
)
@click.option("--no-report", is_flag=True, help="Write validity.json only, not the HTML.")
def validate_command(
    data: str,
    out: str,
    seed: int,
    split: str,
    measures: tuple[str, ...],
    readme: bool,
    no_report: bool,
) -> None:
    """Score every measure on labelled data; write OUT/validity.json and OUT/validity.html."""
    from pathlib import Path

    from framing.validate import read_validity, readme_markdown, run_all

    if readme:
        click.echo(readme_markdown(read_validity(Path(out) / "validity.json")), nl=False)
        return
    document = run_all(
        data, out, seed, only=list(measures) or None, split=split, render=not no_report
    )
    for record in document["measures"]:
        if record["status"] == "ok":
            fig = record["figure"]
            click.echo(
                f"{record['key']}: {fig['name']} {fig['value']:.3f} "
                f"[{fig['low']:.3f}, {fig['high']:.3f}] (n={record['n']}, {record['seconds']} s)"
            )
        else:
            click.echo(f"{record['key']}: {record['status']}: {record.get('error', '')}")
    click.echo(f"wrote {Path(out) / 'validity.json'} in {document['seconds']} s")
    if any(r["status"] == "failed" for r in document["measures"]):
        sys.exit(1)
