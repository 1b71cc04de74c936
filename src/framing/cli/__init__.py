"""The command-line surface: each command builds its inputs, calls one library function,
and turns library errors into a clean message and exit status.

The ``framing`` group is defined here; the commands live in one module per group of
commands (:mod:`~framing.cli.pipeline`, :mod:`~framing.cli.reports`,
:mod:`~framing.cli.explore`, :mod:`~framing.cli.classroom`) and are added below.
"""

from __future__ import annotations

import logging

import click

from framing import __version__
from framing.cli.classroom import classroom
from framing.cli.explore import kwic_command, lexicon_command
from framing.cli.pipeline import features, ingest, run, topics
from framing.cli.reports import batch, report
from framing.cli.validate import validate_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="framing")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def cli(verbose: int) -> None:
    """framing: measure how the news frames a story, and report it."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


for _command in (ingest, features, topics, report, batch, run, classroom, lexicon_command,
                 kwic_command, validate_command):  # fmt: skip
    cli.add_command(_command)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="framing")
