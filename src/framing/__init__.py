"""framing: measure how the news frames a story.

The package is a functional core over pandas DataFrames: ``framing ingest`` builds the
processed corpus, feature, topic and report steps read it through :class:`Corpus`.
"""

from framing.corpus import Corpus, load_corpus
from framing.errors import FramingError

__version__ = "0.1.0"

__all__ = ["Corpus", "FramingError", "__version__", "load_corpus"]
