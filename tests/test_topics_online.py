"""Online topic models: streamed in batches, deterministic, same quality measures."""

from __future__ import annotations

import numpy as np
import pytest

from framing.corpus import Corpus
from framing.errors import ParameterError
from framing.topics.online import fit_online


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_fit_online_streams_batches_deterministically(sample_processed, method):
    model = fit_online(sample_processed, k=2, method=method, batch_size=2, min_df=2, seed=0)
    again = fit_online(sample_processed, k=2, method=method, batch_size=2, min_df=2, seed=0)
    np.testing.assert_array_equal(model.components, again.components)
    assert model.n_docs == 5 and model.components.shape == (2, len(model.vocabulary))
    ids = Corpus(sample_processed).articles["article_id"].tolist()
    assert model.doc_topics["article_id"].tolist() == ids
    assert set(model.doc_topics["topic"]) <= {0, 1}
    assert ((model.doc_topics["share"] > 0) & (model.doc_topics["share"] <= 1)).all()
    assert model.top_terms.groupby("topic").size().tolist() == [10, 10]
    assert (
        model.coherence.shape == (2,) and ((model.coherence >= -1) & (model.coherence <= 1)).all()
    )
    assert 0 < model.diversity <= 1
    # Every vocabulary term occurs in at least min_df=2 of the 5 sample articles.
    assert "ukraine" in model.vocabulary


def test_fit_online_names_bad_parameters(sample_processed):
    with pytest.raises(ParameterError, match="method must be one of \\('nmf', 'lda'\\), got 'svd'"):
        fit_online(sample_processed, method="svd")
    with pytest.raises(ParameterError, match="batch_size must be a positive integer, got 0"):
        fit_online(sample_processed, batch_size=0)
    with pytest.raises(ParameterError, match="k=500 topics need more"):
        fit_online(sample_processed, k=500, min_df=5)
