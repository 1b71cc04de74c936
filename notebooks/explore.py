# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
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
# **This file, `notebooks/explore.py` (jupytext py:percent), is the source.** `explore.ipynb`
# is generated from it (`jupytext --to ipynb notebooks/explore.py`, or open the `.py` in
# JupyterLab with "Open With → Notebook") and is git-ignored: edit the `.py`.
#
# Run all cells. In the browser below: filter by source, dates or title words, pick an
# article, switch highlight categories on and off, and click a term to list all its contexts
# across the corpus. Every table is also a pandas DataFrame (`framing.kwic`, `framing.compare`).

# %% tags=["parameters"]
processed_dir: str = "../data/processed"  # processed corpus (framing ingest + framing features); relative to notebooks/
article_id: str = ""  # article shown first ("" = the first one)
term: str = "proxy war"  # term for the concordance at the end

# %%
from framing import Browser, Concordance, Corpus, kwic

corpus = Corpus(processed_dir)
f"{len(corpus):,} articles in {processed_dir}"

# %% [markdown]
# ## Browse articles

# %%
Browser(corpus, article_id=article_id or None)

# %% [markdown]
# ## Concordance as a DataFrame
#
# `kwic` returns a pandas DataFrame (left / match / right / article_id / sentence_id / source /
# date); `Concordance` shows it one page at a time.

# %%
Concordance(kwic(term, corpus=corpus), caption=f"'{term}'")
