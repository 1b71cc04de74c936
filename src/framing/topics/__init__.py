"""Topic models a researcher can trust: seeded, evaluated, stable and explained.

>>> from framing.topics import fit_topics                     # doctest: +SKIP
>>> model = fit_topics(corpus, k=5, method="nmf", seed=0)     # doctest: +SKIP
>>> model.top_terms.head(); model.quality.coherence            # doctest: +SKIP
"""

from framing.topics.documents import prepare_documents
from framing.topics.fit import fit_topics
from framing.topics.labels import auto_label, read_labels
from framing.topics.model import TopicModel, TopicQuality
from framing.topics.quality import match_topics, npmi_coherence, topic_diversity
from framing.topics.select import KChoice, choose_k, parse_k_range
from framing.topics.step import fit_or_load, run_topics

__all__ = [
    "KChoice",
    "TopicModel",
    "TopicQuality",
    "auto_label",
    "choose_k",
    "fit_or_load",
    "fit_topics",
    "match_topics",
    "npmi_coherence",
    "parse_k_range",
    "prepare_documents",
    "read_labels",
    "run_topics",
    "topic_diversity",
]
