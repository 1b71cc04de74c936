# %% [markdown]
# # Topics
#
# Topic model of the corpus with its quality measures, top terms, prevalence per group and the
# passages that represent each topic best. Check the quality table before trusting a topic.

# %% tags=["parameters"]
processed_dir: str = "data/processed"  # folder written by `framing ingest`
k: int = 0  # number of topics (0: the model saved by `framing topics`, else 5)
method: str = ""  # nmf or lda (empty: the saved model's method, else nmf)
unit: str = "auto"  # article, paragraph, or auto (paragraphs for small corpora)
group_by: str = "source"  # metadata column for prevalence per group

# %%
import pandas as pd

from framing import plots, views

pd.set_option("display.max_colwidth", 160)

view = views.topics_view(processed_dir, k=k, method=method, unit=unit, group_by=group_by)
view.notes_markdown()

# %% [markdown]
# ## Model and quality
# NPMI coherence (−1 to 1, higher = top terms co-occur), diversity (share of unique top terms).

# %%
view.tables.get("params")

# %%
view.tables.get("quality")

# %%
view.tables.get("quality_per_topic")

# %% [markdown]
# ## Top terms

# %%
view.tables.get("top_terms_wide")

# %%
plots.grouped_bars(view.tables.get("top_term_weights"), title="Top terms of each topic",
                   xlabel="weight of the term in the topic", ylabel="term", legend_title="topic")

# %% [markdown]
# ## Topic prevalence per group

# %%
plots.heatmap(view.tables.get("prevalence"), title="Topic share per group", xlabel="topic",
              ylabel=group_by, colorbar_label="share of documents", diverging=False)

# %% [markdown]
# ## Representative passages

# %%
view.tables.get("representative")
