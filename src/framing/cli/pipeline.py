"""The pipeline commands: `ingest`, `features`, `topics` and `run` (all steps at once)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from framing.cli.options import (
    clean_errors,
    engine_options,
    ingest_kwargs,
    ingest_options,
    processed_option,
    progress_option,
)

if TYPE_CHECKING:
    from framing.engine.partitioned import RunSummary
    from framing.ingest.assemble import IngestSummary


def _report_ingest(summary: IngestSummary, *, exit_on_error: bool = True) -> None:
    """Print the ingest summary table; list failures on stderr and exit 1 when some failed
    (unless ``exit_on_error`` is false: the caller then decides the exit status)."""
    click.echo(summary.table().to_string(index=False))
    click.echo(f"wrote {summary.out_dir}")
    if summary.replaced:
        click.echo(
            f"note: {summary.replaced} (use one --out folder per study to keep both)", err=True
        )
    _echo_notes(summary.note_messages)
    if not summary.ok:
        for message in summary.error_messages[:20]:
            click.echo(f"failed: {message}", err=True)
        if summary.errors > 20:
            click.echo(f"... and {summary.errors - 20} more (see errors.parquet)", err=True)
        if exit_on_error:
            sys.exit(1)


def _echo_notes(notes: list[str], limit: int = 10) -> None:
    """List what was skipped or renamed on stderr (not failures: the exit status stays 0)."""
    for message in notes[:limit]:
        click.echo(f"note: {message}", err=True)
    if len(notes) > limit:
        click.echo(f"... and {len(notes) - limit} more notes (see errors.parquet)", err=True)


def _report_partitioned(summary: RunSummary) -> None:
    """Print a partitioned run's summary; list failures on stderr and exit 1 when some failed."""
    click.echo(summary.table().to_string(index=False))
    _echo_notes(summary.notes)
    if summary.errors:
        for message in summary.error_messages[:20]:
            click.echo(f"failed: {message}", err=True)
        sys.exit(1)


@click.command()
@clean_errors
@click.argument("raw_dir", required=False, default="data/raw", type=click.Path(file_okay=False))
@ingest_options
@engine_options
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
    A run replaces what an earlier one wrote to --out (and says so when that came from
    another raw folder): use one --out per study. Files not read are listed as notes.
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
            **ingest_kwargs(**options),
        )
        _report_partitioned(summary)
        return
    _report_ingest(run_ingest(raw_dir, out, **ingest_kwargs(**options)))


@click.command()
@clean_errors
@click.argument(
    "raw_dir", required=False, default="data/raw/sample", type=click.Path(file_okay=False)
)
@ingest_options
def run(raw_dir: str, out: str, **options: Any) -> None:
    """Run the whole pipeline on RAW_DIR (default: the bundled sample) into --out."""
    from framing.engine.pipeline import run as run_pipeline

    results = run_pipeline(raw_dir, out, **ingest_kwargs(**options))
    _report_ingest(results["ingest"], exit_on_error=False)
    click.echo(results["reports"].summary())
    if not (results["ingest"].ok and results["reports"].ok):
        sys.exit(1)


@click.command()
@clean_errors
@processed_option(
    "Processed corpus folder (from `framing ingest`); the feature tables are written here."
)
@click.option(
    "--lexicon",
    type=click.Path(exists=True, dir_okay=False, path_type=str),
    default=None,
    help="Your own loaded-term lexicon or domain pack (YAML, same format as the packaged "
    "ones); a pack's seeds also name each article's domain.",
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
@click.option(
    "--target-sentiment/--no-target-sentiment",
    default=False,
    show_default=True,
    help="Judge the sentiment toward every actor mention (NewsMTSC-trained model; "
    "about triples extraction time).",
)
@progress_option
@engine_options
def features(
    processed: str,
    lexicon: str | None,
    lexicon_mode: str,
    jobs: int,
    target_sentiment: bool,
    progress: bool,
    engine: str | None,
    scheduler: str | None,
    partition_size: int,
) -> None:
    """Extract framing features: writes features.parquet, spans.parquet and friends."""
    from framing.features.extraction import extract_to
    from framing.tables import FEATURE_FILES

    if engine or scheduler:
        from framing.engine.partitioned import features_partitioned

        if target_sentiment:
            raise click.UsageError(
                "--target-sentiment is not available with --engine/--scheduler yet: "
                "run `framing features --target-sentiment` without them"
            )

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
        processed,
        lexicon=lexicon,
        lexicon_mode=lexicon_mode,
        jobs=jobs,
        progress=progress,
        target_sentiment=target_sentiment,
    )
    click.echo(
        f"{len(result.articles)} articles, {len(result.spans)} spans "
        f"({', '.join(f'{k} {v}' for k, v in result.spans['kind'].value_counts().items())}); "
        f"wrote {', '.join(FEATURE_FILES.values())} to {processed}"
    )


@click.command()
@clean_errors
@processed_option("Processed corpus folder (from `framing ingest`).")
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
    "--min-df",
    type=click.IntRange(min=1),
    default=None,
    help="Keep words in at least this many documents [default: nmf 2, lda 5]; lower it "
    "for a small corpus.",
)
@click.option(
    "--max-df",
    type=click.FloatRange(min=0, max=1, min_open=True),
    default=None,
    help="Drop words in more than this share of documents [default: nmf 0.5, lda 0.3].",
)
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
@progress_option
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
        for name in ("k_range", "unit", "labels_file", "batch_size", "min_df", "max_df")
        if ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT
    }
    if online:
        clash = {"k_range": "--k-range", "unit": "--unit", "labels_file": "--labels"}
        clash |= {"min_df": "--min-df", "max_df": "--max-df"}
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
    for name in ("min_df", "max_df"):  # unset: the method's defaults (and the same cache key)
        if options[name] is None:
            del options[name]
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
