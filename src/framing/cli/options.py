"""What the commands share: the clean error exit, common options and the summary printers."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

import click

from framing.config import DEFAULT_MAX_BYTES, PROCESSED_DIR, PROCESSED_ENV, find_processed
from framing.errors import FramingError

Command = TypeVar("Command", bound=Callable[..., Any])
Params = ParamSpec("Params")
Result = TypeVar("Result")


def clean_errors(func: Callable[Params, Result]) -> Callable[Params, Result]:
    """Report a :class:`FramingError` as one line on stderr with exit status 2."""

    @wraps(func)
    def wrapper(*args: Params.args, **kwargs: Params.kwargs) -> Result:
        try:
            return func(*args, **kwargs)
        except FramingError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(2)

    return wrapper


def _discover_processed(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> str | None:
    """Resolve ``--processed`` by :func:`framing.config.find_processed` (the library's rule)."""
    try:
        return str(find_processed(value))
    except FramingError as error:
        raise click.BadParameter(str(error)) from None


def processed_option(help: str, *, discover: bool = True) -> Callable[[Command], Command]:
    """The ``--processed`` folder option every step after ingest takes.

    Without the option the folder is found as the library finds it: ``$FRAMING_PROCESSED``,
    else ``data/processed`` here or in a parent folder up to the project root (an error
    names the folders looked in). ``discover=False`` leaves it None for the command to decide.
    """
    return click.option(
        "--processed",
        type=click.Path(file_okay=False, path_type=str),
        default=None,
        callback=_discover_processed if discover else None,
        help=f"{help} [default: ${PROCESSED_ENV}, else {PROCESSED_DIR} here or in a parent folder]",
    )


progress_option = click.option(
    "--progress/--no-progress", default=True, show_default=True, help="Progress bar on stderr."
)


def _apply(f: Command, options: list[Callable[[Any], Any]]) -> Command:
    """Apply ``options`` to ``f`` so that ``--help`` lists them in the given order."""
    for option in reversed(options):
        f = option(f)
    return f


def ingest_options(f: Command) -> Command:
    """The options shared by `ingest` and `run` (output folder, columns, dates, limits)."""
    options = [
        click.option(
            "--out",
            type=click.Path(file_okay=False, path_type=str),
            default=str(PROCESSED_DIR),
            show_default=True,
            help="Folder for the processed tables (never inside RAW_DIR); a run replaces "
            "what an earlier run wrote there, so use one folder per study.",
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
            default=DEFAULT_MAX_BYTES,
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
        progress_option,
    ]
    return _apply(f, options)


def ingest_kwargs(
    columns: str | None,
    day_first: tuple[str, ...],
    all_day_first: bool,
    max_bytes: int,
    jobs: int,
    progress: bool,
) -> dict[str, Any]:
    """Return the keyword arguments of :func:`framing.ingest.step.ingest` from the values of
    :func:`ingest_options` (without ``--out``)."""
    from framing.ingest.readers import parse_column_map

    return {
        "columns": parse_column_map(columns) or None,
        "day_first": True if all_day_first else ({c: True for c in day_first} or None),
        "max_bytes": max_bytes,
        "jobs": jobs,
        "progress": progress,
    }


def engine_options(f: Command) -> Command:
    """--engine / --scheduler / --partition-size: partitioned, resumable output."""
    options = [
        click.option(
            "--engine",
            type=click.Choice(["local", "dask"]),
            default=None,
            help="Partitioned, resumable output (TABLE/part-*.parquet) computed by local "
            "processes or Dask; a re-run skips finished partitions.",
        ),
        click.option(
            "--scheduler",
            default=None,
            metavar="ADDR",
            help="Address of a running Dask scheduler (tcp://host:8786); implies --engine dask.",
        ),
        click.option(
            "--partition-size",
            type=click.IntRange(min=1),
            default=1000,
            show_default=True,
            help="Raw files (ingest) or articles (features of a one-file corpus) per partition.",
        ),
    ]
    return _apply(f, options)
