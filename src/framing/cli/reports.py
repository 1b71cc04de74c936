"""The report commands: `report` (one notebook) and `batch` (many, plus the index)."""

from __future__ import annotations

import sys
from typing import Any

import click

from framing.cli.options import clean_errors, processed_option, progress_option


@click.command()
@clean_errors
@click.argument("notebook")
@click.option(
    "-p",
    "--parameter",
    "parameters",
    nargs=2,
    multiple=True,
    metavar="NAME VALUE",
    help="Notebook parameter (repeatable), e.g. -p article_id 98142f5edab7c62d (an article "
    "of the bundled sample; ids are in the articles table and reports/index.html).",
)
@processed_option("Processed corpus folder (from `framing ingest`, `features`, `topics`).")
@click.option("--out", default="reports", show_default=True, help="Reports folder.")
@click.option("--show-code", is_flag=True, help="Keep the notebook's code cells in the HTML.")
@click.option("--force", is_flag=True, help="Re-render even when nothing changed.")
def report(
    notebook: str,
    parameters: tuple[tuple[str, str], ...],
    processed: str,
    out: str,
    show_code: bool,
    force: bool,
) -> None:
    """Render one NOTEBOOK (overview, article, comparison, topics, lexicon, or a path) to HTML."""
    from framing.report.runner import render_report

    result = render_report(
        notebook,
        dict(parameters),
        processed_dir=processed,
        out_dir=out,
        show_code=show_code,
        force=force,
    )
    click.echo(f"{result.status}: {result.html_path}")


@click.command()
@clean_errors
@click.option(
    "--per",
    type=click.Choice(["article", "group"]),
    default=None,
    help="article: one report per article only; group: corpus reports plus one per group. "
    "Default: corpus reports plus one per article.",
)
@click.option(
    "--group-by", default="source", show_default=True, help="Metadata column defining groups."
)
@click.option(
    "--article",
    "article_ids",
    multiple=True,
    help="Render only this article id (repeatable).",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Worker processes rendering reports in parallel.",
)
@processed_option("Processed corpus folder.")
@click.option("--out", default="reports", show_default=True, help="Reports folder.")
@click.option("--show-code", is_flag=True, help="Keep the notebooks' code cells in the HTML.")
@click.option("--force", is_flag=True, help="Re-render even unchanged reports.")
@progress_option
def batch(article_ids: tuple[str, ...], processed: str, out: str, **options: Any) -> None:
    """Render many reports in parallel and write OUT/index.html; exit 1 if any failed."""
    from framing.report.runner import batch as run_batch

    result = run_batch(processed, out, article_ids=list(article_ids) or None, **options)
    click.echo(result.summary())
    if not result.ok:
        sys.exit(1)
