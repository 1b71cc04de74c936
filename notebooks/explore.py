# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Explore a corpus
#
# **This file, `notebooks/explore.py` (jupytext py:percent), is the source, tracked in git.**
# `explore.ipynb` is made from it (`jupytext --to ipynb notebooks/explore.py`) and is yours:
# git ignores it and it is *not* paired with the `.py`, so saving it (Ctrl+S, autosave) never
# changes a tracked file. Add scratch cells freely; to change the shared notebook, edit the `.py`.
#
# Run all cells. The corpus is found without a path: `$FRAMING_PROCESSED`, else the project's
# `data/processed` (searched from this folder upwards). In the browser below: filter by
# source, dates or title words, pick an article, switch highlight kinds and loaded-term
# categories on and off, and click a term to list all its contexts across the corpus ("open"
# shows a line's article; clicking a line shows its whole sentence). Every table is also a
# pandas DataFrame (`framing.kwic`, `framing.compare(...).table`, `framing.codebook()`).

# %% tags=["parameters"]
processed_dir: str = ""  # processed corpus; empty: $FRAMING_PROCESSED, else data/processed here or above
article_id: str = ""  # article shown first; empty: the first one
term: str = "proxy war"  # term for the concordance at the end
group_by: str = "source"  # articles column (or "year", "month") for the comparison

# %%
from framing import Browser, Concordance, Corpus, codebook, compare, kwic

corpus = Corpus(processed_dir or None)
f"{len(corpus):,} articles in {corpus.processed_dir}"

# %% [markdown]
# ## Browse articles

# %%
Browser(corpus, article_id=article_id or None)

# %% [markdown]
# ## Concordance
#
# `kwic` returns a pandas DataFrame (left / match / right / article_id / sentence_id / context
# / source / date); `Concordance` shows it one page at a time, a line's whole sentence on a
# click.

# %%
Concordance(kwic(term, corpus=corpus), caption=f"'{term}'")

# %% [markdown]
# ## Groups compared
#
# Feature means per group, grouped as in the codebook (hover a name for what it measures);
# `.table` is the full DataFrame.

# %%
comparison = compare(group_by, corpus=corpus)
comparison

# %% [markdown]
# ## Codebook: what each feature measures

# %%
codebook()
