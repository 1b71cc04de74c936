"""The command-line surface: each command builds its inputs, calls one library function,
and turns library errors into a clean message and exit status."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

import click

from framing import __version__
from framing.errors import FramingError


def _clean_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Report a :class:`FramingError` as one line on stderr with exit status 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except FramingError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(2)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="framing")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def cli(verbose: int) -> None:
    """framing: measure how the news frames a story, and report it."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


# Commands are added below, one per pipeline step (ingest, features, topics, report, batch,
# run, classroom). Each one stays a thin wrapper around a library function.


def _ingest_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """The options shared by `ingest` and `run` (output folder, columns, dates, limits)."""
    options = [
        click.option(
            "--out",
            type=click.Path(file_okay=False, path_type=str),
            default="data/processed",
            show_default=True,
            help="Folder for the processed tables (never inside RAW_DIR).",
        ),
        click.option(
            "--columns",
            default=None,
            metavar="NAME=COLUMN,...",
            help="Map CSV/JSONL columns to fields, e.g. text=desc,source=Site,date=Date.",
        ),
        click.option(
            "--day-first",
            "day_first",
            multiple=True,
            metavar="COLLECTION",
            help="Read numeric dates of this collection (sub-folder) as day/month; repeatable.",
        ),
        click.option("--all-day-first", is_flag=True, help="Read every numeric date as day/month."),
        click.option(
            "--max-bytes",
            type=click.IntRange(min=1),
            default=20 * 1024 * 1024,
            show_default=True,
            help="Refuse raw files larger than this.",
        ),
        click.option(
            "--jobs",
            type=click.IntRange(min=1),
            default=1,
            show_default=True,
            help="Worker processes for reading and cleaning files.",
        ),
        click.option(
            "--progress/--no-progress",
            default=True,
            show_default=True,
            help="Progress bar on stderr.",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _ingest_kwargs(
    columns: str | None,
    day_first: tuple[str, ...],
    all_day_first: bool,
    max_bytes: int,
    jobs: int,
    progress: bool,
) -> dict[str, Any]:
    from framing.io import parse_column_map

    return {
        "columns": parse_column_map(columns) or None,
        "day_first": True if all_day_first else ({c: True for c in day_first} or None),
        "max_bytes": max_bytes,
        "jobs": jobs,
        "progress": progress,
    }


def _report_ingest(summary: Any) -> None:
    """Print the ingest summary table; list failures on stderr and exit 1 when some failed."""
    click.echo(summary.table().to_string(index=False))
    click.echo(f"wrote {summary.out_dir}")
    if not summary.ok:
        for message in summary.error_messages[:20]:
            click.echo(f"failed: {message}", err=True)
        if summary.errors > 20:
            click.echo(f"... and {summary.errors - 20} more (see errors.parquet)", err=True)
        sys.exit(1)


@cli.command()
@_clean_errors
@click.argument("raw_dir", required=False, default="data/raw", type=click.Path(file_okay=False))
@_ingest_options
def ingest(raw_dir: str, out: str, **options: Any) -> None:
    """Read, clean and segment the articles under RAW_DIR (default data/raw) into --out.

    Reads .txt, .html, .csv and .jsonl files recursively (a sub-folder is a collection; a
    metadata.csv sidecar overrides metadata). Exits 1 when some files failed; the rest is
    written and the failures are in errors.parquet.
    """
    from framing.ingest import ingest as run_ingest

    _report_ingest(run_ingest(raw_dir, out, **_ingest_kwargs(**options)))


@cli.command()
@_clean_errors
@click.argument(
    "raw_dir", required=False, default="data/raw/sample", type=click.Path(file_okay=False)
)
@_ingest_options
def run(raw_dir: str, out: str, **options: Any) -> None:
    """Run the whole pipeline on RAW_DIR (default: the bundled sample) into --out."""
    from framing.pipeline import run as run_pipeline

    results = run_pipeline(raw_dir, out, **_ingest_kwargs(**options))
    _report_ingest(results["ingest"])


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="framing")


if __name__ == "__main__":
    main()
