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


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="framing")


if __name__ == "__main__":
    main()
