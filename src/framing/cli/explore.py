"""The exploring commands: `lexicon` (audit the loaded-term lexicon) and `kwic`."""

from __future__ import annotations

import click

from framing.cli.options import clean_errors, processed_option


@click.command("lexicon")
@clean_errors
@click.argument("extra", required=False, type=click.Path(dir_okay=False))
@click.option(
    "--mode",
    type=click.Choice(["merge", "replace"]),
    default="merge",
    show_default=True,
    help="merge: EXTRA adds to the packaged lexicon; replace: EXTRA is used alone.",
)
@click.option(
    "--find",
    "text_path",
    default=None,
    type=click.Path(dir_okay=False),
    help="Also list the loaded terms found in this UTF-8 text file.",
)
def lexicon_command(extra: str | None, mode: str, text_path: str | None) -> None:
    """Validate and summarise the loaded-term lexicon (the packaged one, or with EXTRA)."""
    from framing.features.loaded_terms import lexicon_report

    click.echo(lexicon_report(extra=extra, mode=mode, text_path=text_path))


@click.command("kwic")
@clean_errors
@click.argument("term")
@processed_option("Processed corpus folder (from `framing ingest`).")
@click.option(
    "--window", type=click.IntRange(min=0), default=60, show_default=True, help="Context chars."
)
@click.option("--regex", is_flag=True, help="TERM is a Python regular expression.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Stop after N lines.")
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="Write the lines (with ids, offsets, source, date) to this CSV instead of printing.",
)
def kwic_command(
    term: str, processed: str, window: int, regex: bool, limit: int | None, csv_path: str | None
) -> None:
    """Keyword in context: every match of TERM across the corpus (case-insensitive, whole words)."""
    from framing.explore.kwic import format_kwic, kwic

    lines = kwic(term, window, processed_dir=processed, regex=regex, limit=limit)
    if csv_path:
        from framing.io import write_text

        write_text(lines.to_csv(index=False), csv_path)
        click.echo(f"{len(lines)} lines written to {csv_path}")
    else:
        click.echo(format_kwic(lines, window))
