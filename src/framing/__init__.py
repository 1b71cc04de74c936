"""framing: measure how the news frames a story.

The public API, one line each (the README lists the same). Names are imported on first use,
so ``import framing`` stays fast and a worker process loads only the stage it runs.

Core
    ``Corpus`` (a processed corpus on disk, lazy tables), ``load_corpus`` (its articles
    table), ``FramingError`` (the base of every error the package raises).
Stages
    ``ingest`` (raw folder -> processed tables), ``find_terms`` and ``load_lexicon`` (loaded
    terms in one text), ``extract`` (a corpus -> :class:`FeatureSet`), ``FeatureSet`` and
    ``trace`` (the feature tables, and the spans behind a number), ``fit_topics`` (a topic
    model), ``render_report`` and ``batch`` (notebooks -> HTML), ``run`` (the whole chain).
Exploring
    ``kwic`` (concordance lines), ``compare`` (feature means per group), ``codebook`` (what
    each feature column measures), ``Browser`` (the notebook widget), ``Concordance`` (a
    paged concordance display).
Namespaces for notebooks
    ``views`` (the tables each report shows), ``plots`` (its figures), ``classroom`` (the
    exercises' library calls), ``validate`` (each measure scored against human judgement).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name -> (module, attribute); attribute None means the module itself.
_PUBLIC: dict[str, tuple[str, str | None]] = {
    "Corpus": ("framing.corpus", "Corpus"),
    "load_corpus": ("framing.corpus", "load_corpus"),
    "FramingError": ("framing.errors", "FramingError"),
    "ingest": ("framing.ingest.step", "ingest"),
    "find_terms": ("framing.features.loaded_terms", "find_terms"),
    "load_lexicon": ("framing.features.lexicon", "load_lexicon"),
    "extract": ("framing.features.extraction", "extract"),
    "FeatureSet": ("framing.features.feature_set", "FeatureSet"),
    "trace": ("framing.features.feature_set", "trace"),
    "fit_topics": ("framing.topics", "fit_topics"),
    "render_report": ("framing.report.runner", "render_report"),
    "batch": ("framing.report.runner", "batch"),
    "run": ("framing.engine.pipeline", "run"),
    "kwic": ("framing.explore.kwic", "kwic"),
    "compare": ("framing.explore.queries", "compare"),
    "codebook": ("framing.features.codebook", "codebook"),
    "Browser": ("framing.explore.widgets", "Browser"),
    "Concordance": ("framing.explore.display", "Concordance"),
    "views": ("framing.report.views", None),
    "plots": ("framing.report.plots", None),
    "classroom": ("framing.classroom", None),
    "validate": ("framing.validate", None),
}

__all__ = ["__version__", *_PUBLIC]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from framing import classroom, validate
    from framing.corpus import Corpus, load_corpus
    from framing.engine.pipeline import run
    from framing.errors import FramingError
    from framing.explore.display import Concordance
    from framing.explore.kwic import kwic
    from framing.explore.queries import compare
    from framing.explore.widgets import Browser
    from framing.features.codebook import codebook
    from framing.features.extraction import extract
    from framing.features.feature_set import FeatureSet, trace
    from framing.features.lexicon import load_lexicon
    from framing.features.loaded_terms import find_terms
    from framing.ingest.step import ingest
    from framing.report import plots, views
    from framing.report.runner import batch, render_report
    from framing.topics import fit_topics


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'framing' has no attribute {name!r}")
    module_name, attribute = _PUBLIC[name]
    if name == "Corpus":
        # The composition root: the explore layer registers the rich article display that
        # Corpus.__getitem__ returns (the core cannot import it without pulling itself up).
        importlib.import_module("framing.explore")
    module = importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
