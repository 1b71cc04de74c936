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
from framing.config import PROCESSED_DIR
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


def _processed_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The ``--processed`` folder option every step after ingest takes (default from config)."""
    return click.option(
        "--processed",
        type=click.Path(file_okay=False, path_type=str),
        default=str(PROCESSED_DIR),
        show_default=True,
        help=help,
    )


_progress_option = click.option(
    "--progress/--no-progress", default=True, show_default=True, help="Progress bar on stderr."
)


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
            default=str(PROCESSED_DIR),
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
    from framing.ingest.readers import parse_column_map

    return {
        "columns": parse_column_map(columns) or None,
        "day_first": True if all_day_first else ({c: True for c in day_first} or None),
        "max_bytes": max_bytes,
        "jobs": jobs,
        "progress": progress,
    }


def _report_ingest(summary: Any, *, exit_on_error: bool = True) -> None:
    """Print the ingest summary table; list failures on stderr and exit 1 when some failed
    (unless ``exit_on_error`` is false: the caller then decides the exit status)."""
    click.echo(summary.table().to_string(index=False))
    click.echo(f"wrote {summary.out_dir}")
    if not summary.ok:
        for message in summary.error_messages[:20]:
            click.echo(f"failed: {message}", err=True)
        if summary.errors > 20:
            click.echo(f"... and {summary.errors - 20} more (see errors.parquet)", err=True)
        if exit_on_error:
            sys.exit(1)


def _engine_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--engine / --scheduler / --partition-size: partitioned, resumable output (issue 9)."""
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
    for option in reversed(options):
        f = option(f)
    return f


def _report_partitioned(summary: Any) -> None:
    """Print a partitioned run's summary; list failures on stderr and exit 1 when some failed."""
    click.echo(summary.table().to_string(index=False))
    if summary.errors:
        for message in summary.error_messages[:20]:
            click.echo(f"failed: {message}", err=True)
        sys.exit(1)


@cli.command()
@_clean_errors
@click.argument("raw_dir", required=False, default="data/raw", type=click.Path(file_okay=False))
@_ingest_options
@_engine_options
def ingest(
    raw_dir: str,
    out: str,
    engine: str | None,
    scheduler: str | None,
    partition_size: int,
    **options: Any,
) -> None:
    """Read, clean and segment the articles under RAW_DIR (default data/raw) into --out.

    Reads .txt, .html, .csv and .jsonl files recursively (a sub-folder is a collection; a
    metadata.csv sidecar overrides metadata). Exits 1 when some files failed; the rest is
    written and the failures are in errors.parquet. With --engine (or --scheduler) the
    tables are written as partitions and an interrupted run resumes where it stopped.
    """
    from framing.ingest.step import ingest as run_ingest

    if engine or scheduler:
        from framing.engine.partitioned import ingest_partitioned

        summary = ingest_partitioned(
            raw_dir,
            out,
            engine=engine or "dask",
            scheduler=scheduler,
            partition_size=partition_size,
            **_ingest_kwargs(**options),
        )
        _report_partitioned(summary)
        return
    _report_ingest(run_ingest(raw_dir, out, **_ingest_kwargs(**options)))


@cli.command()
@_clean_errors
@click.argument(
    "raw_dir", required=False, default="data/raw/sample", type=click.Path(file_okay=False)
)
@_ingest_options
def run(raw_dir: str, out: str, **options: Any) -> None:
    """Run the whole pipeline on RAW_DIR (default: the bundled sample) into --out."""
    from framing.engine.pipeline import run as run_pipeline

    results = run_pipeline(raw_dir, out, **_ingest_kwargs(**options))
    _report_ingest(results["ingest"], exit_on_error=False)
    click.echo(results["reports"].summary())
    if not (results["ingest"].ok and results["reports"].ok):
        sys.exit(1)


@cli.command()
@_clean_errors
@_processed_option(
    "Processed corpus folder (from `framing ingest`); the feature tables are written here."
)
@click.option(
    "--lexicon",
    type=click.Path(exists=True, dir_okay=False, path_type=str),
    default=None,
    help="Your own loaded-term lexicon (YAML, same format as the packaged one).",
)
@click.option(
    "--lexicon-mode",
    type=click.Choice(["merge", "replace"]),
    default="merge",
    show_default=True,
    help="merge: add your terms to the packaged lexicon; replace: use yours alone.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes (2 uses both cores; pays off from a few hundred articles).",
)
@_progress_option
@_engine_options
def features(
    processed: str,
    lexicon: str | None,
    lexicon_mode: str,
    jobs: int,
    progress: bool,
    engine: str | None,
    scheduler: str | None,
    partition_size: int,
) -> None:
    """Extract framing features: writes features.parquet, spans.parquet and friends."""
    from framing.features.extraction import FILES, extract_to

    if engine or scheduler:
        from framing.engine.partitioned import features_partitioned

        summary = features_partitioned(
            processed,
            lexicon=lexicon,
            lexicon_mode=lexicon_mode,
            engine=engine or "dask",
            jobs=jobs,
            scheduler=scheduler,
            chunk_size=partition_size,
            progress=progress,
        )
        _report_partitioned(summary)
        return
    result = extract_to(
        processed, lexicon=lexicon, lexicon_mode=lexicon_mode, jobs=jobs, progress=progress
    )
    click.echo(
        f"{len(result.articles)} articles, {len(result.spans)} spans "
        f"({', '.join(f'{k} {v}' for k, v in result.spans['kind'].value_counts().items())}); "
        f"wrote {', '.join(FILES.values())} to {processed}"
    )


@cli.command()
@_clean_errors
@_processed_option("Processed corpus folder (from `framing ingest`).")
@click.option("--out", default=None, help="Output folder [default: PROCESSED/topics].")
@click.option("--k", "k", type=int, default=None, help="Number of topics [default: 10].")
@click.option("--k-range", default=None, help="Choose k from a sweep, e.g. 5:30 or 5:30:5.")
@click.option("--method", type=click.Choice(["nmf", "lda"]), default="nmf", show_default=True)
@click.option(
    "--unit",
    type=click.Choice(["article", "paragraph", "auto"]),
    default="auto",
    show_default=True,
    help="auto: paragraphs when the corpus has fewer than 50 articles.",
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--stop-word", "stop_words", multiple=True, help="Extra stop word (repeatable).")
@click.option(
    "--labels",
    "labels_file",
    type=click.Path(exists=True, dir_okay=False, path_type=str),
    default=None,
    help="YAML or CSV (topic,label) file overriding the automatic topic labels.",
)
@click.option(
    "--online",
    is_flag=True,
    help="Stream the articles in batches (mini-batch NMF / online LDA) for corpora too large "
    "for memory; writes to PROCESSED/topics_online unless --out is given.",
)
@click.option(
    "--batch-size",
    type=int,
    default=2000,
    show_default=True,
    help="Articles per batch with --online.",
)
@_progress_option
@click.pass_context
def topics(
    ctx: click.Context,
    processed: str,
    out: str | None,
    k: int | None,
    k_range: str | None,
    online: bool,
    batch_size: int,
    **options: Any,
) -> None:
    """Fit (or re-use) a topic model: writes doc_topics.parquet and topic_quality.parquet."""
    from framing.topics import run_topics

    given = {
        name
        for name in ("k_range", "unit", "labels_file", "batch_size")
        if ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT
    }
    if online:
        clash = {"k_range": "--k-range", "unit": "--unit", "labels_file": "--labels"}
        clashing = [clash[name] for name in sorted(given & set(clash))]
        if clashing:
            raise click.UsageError(
                f"--online cannot be combined with {', '.join(clashing)}: online models fit "
                "one given --k over whole articles (drop --online to choose k from a sweep "
                "or to model paragraphs)"
            )
        _topics_online(processed, out, k, batch_size, options)
        return
    if "batch_size" in given:
        raise click.UsageError("--batch-size only applies with --online")
    options["stop_words"] = list(options["stop_words"]) or None
    model = run_topics(processed, out, k=k, k_range=k_range, **options)
    params, quality = model.params, model.quality
    stability = "n/a" if quality.stability is None else f"{quality.stability:.3f}"
    if params.get("unit_note"):
        click.echo(f"note: {params['unit_note']}", err=True)
    if params.get("k_reason"):
        click.echo(f"choice: {params['k_reason']}", err=True)
    click.echo(
        f"{params['k']} {params['method']} topics over {params['n_documents']} "
        f"{params['unit']}s: coherence (NPMI) {quality.coherence:.3f}, diversity "
        f"{quality.diversity:.3f}, stability {stability}"
    )
    for topic, terms in enumerate(model.top_term_lists()):
        click.echo(f"  {topic}: {', '.join(terms)}")


def _topics_online(
    processed: str, out: str | None, k: int | None, batch_size: int, options: dict[str, Any]
) -> None:
    """`framing topics --online`: fit the streamed model and print its summary."""
    from framing.topics.online import run_online

    model = run_online(
        processed,
        out,
        k=10 if k is None else k,
        method=options["method"],
        batch_size=batch_size,
        stop_words=options["stop_words"],
        seed=options["seed"],
        progress=options["progress"],
    )
    click.echo(
        f"{model.k} online {model.method} topics over {model.n_docs} articles (batches of "
        f"{batch_size}): coherence (NPMI) {model.mean_coherence:.3f}, diversity "
        f"{model.diversity:.3f}; wrote doc_topics, top_terms, topic_quality and metadata to "
        f"{model.out_dir}"
    )
    for topic, terms in model.top_terms.groupby("topic", sort=True)["term"]:
        click.echo(f"  {topic}: {', '.join(terms.head(8))}")


@cli.command()
@_clean_errors
@click.argument("notebook")
@click.option(
    "-p",
    "--parameter",
    "parameters",
    nargs=2,
    multiple=True,
    metavar="NAME VALUE",
    help="Notebook parameter (repeatable), e.g. -p article_id 251aba07006d62a2.",
)
@_processed_option("Processed corpus folder (from `framing ingest`, `features`, `topics`).")
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


@cli.command()
@_clean_errors
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
@_processed_option("Processed corpus folder.")
@click.option("--out", default="reports", show_default=True, help="Reports folder.")
@click.option("--show-code", is_flag=True, help="Keep the notebooks' code cells in the HTML.")
@click.option("--force", is_flag=True, help="Re-render even unchanged reports.")
@_progress_option
def batch(article_ids: tuple[str, ...], processed: str, out: str, **options: Any) -> None:
    """Render many reports in parallel and write OUT/index.html; exit 1 if any failed."""
    from framing.report.runner import batch as run_batch

    result = run_batch(processed, out, article_ids=list(article_ids) or None, **options)
    click.echo(result.summary())
    if not result.ok:
        sys.exit(1)


@cli.group()
def classroom() -> None:
    """Classroom exercises: student/teacher notebooks, handouts, class agreement."""


@classroom.command("build")
@_clean_errors
@_processed_option("Processed corpus folder (from `framing ingest`).")
@click.option("--out", default="classroom", show_default=True, help="Output folder.")
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
    click.echo(f"wrote {len(result.files)} files to {result.out_dir}")


@classroom.command("agreement")
@_clean_errors
@click.argument("answers_dir", type=click.Path(file_okay=False))
@_processed_option("Processed corpus, for the comparison with the tool.")
@click.option("--article", default="", help="Article to compare with [default: the answers'].")
@click.option("--lexicon", default=None, type=click.Path(dir_okay=False), help="Extra lexicon.")
@click.option("--top", default=10, show_default=True, help="How many disputed terms to list.")
@click.option("--json", "json_out", default=None, help="Also write the result to this JSON file.")
def classroom_agreement(
    answers_dir: str,
    processed: str,
    article: str,
    lexicon: str | None,
    top: int,
    json_out: str | None,
) -> None:
    """Kappas between students (CSV with a `term` column, or saved JSON) and with the tool."""
    from pathlib import Path

    from framing.classroom import class_agreement, format_agreement
    from framing.features.lexicon import load_lexicon

    result = class_agreement(
        answers_dir,
        processed=processed if Path(processed).exists() else None,
        article=article,
        lexicon=load_lexicon(extra=lexicon) if lexicon else None,
        top=top,
        out=json_out,
    )
    click.echo(format_agreement(result))


@cli.command("lexicon")
@_clean_errors
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
    from framing.features.lexicon import lexicon_report

    click.echo(lexicon_report(extra=extra, mode=mode, text_path=text_path))


@cli.command("kwic")
@_clean_errors
@click.argument("term")
@_processed_option("Processed corpus folder (from `framing ingest`).")
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
    from framing.explore.queries import format_kwic, kwic

    lines = kwic(term, window, processed_dir=processed, regex=regex, limit=limit)
    if csv_path:
        from framing.io import write_text

        write_text(lines.to_csv(index=False), csv_path)
        click.echo(f"{len(lines)} lines written to {csv_path}")
    else:
        click.echo(format_kwic(lines, window))


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="framing")


if __name__ == "__main__":
    main()
