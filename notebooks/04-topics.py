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
from framing import plots, views

view = views.topics_view(processed_dir, k=k, method=method, unit=unit, group_by=group_by)
view.notes_markdown()

# %% [markdown]
# ## Model and quality
# NPMI coherence (−1 to 1, higher = top terms co-occur), diversity (share of unique top terms),
# stability (how much the topics change with the random seed).

# %%
views.validity_link("topics")

# %%
views.show_table(view.tables.get("params"), "model parameters")

# %%
views.show_table(view.tables.get("quality"), "model quality", digits=3)

# %%
views.show_table(view.tables.get("quality_per_topic"), "quality per topic", digits=3)

# %% [markdown]
# ## Top terms

# %%
views.show_table(view.tables.get("top_terms_wide"), "top terms")

# %%
plots.small_multiple_bars(view.tables.get("top_terms"), panel="topic_name", label="term",
                          value="weight", title="Top terms of each topic",
                          xlabel="weight of the term in the topic")

# %% [markdown]
# ## Topic prevalence per group
# Mean share of each topic in the group's documents; grey cells rest on fewer than 5 documents.

# %%
plots.heatmap(view.tables.get("prevalence"), title="Topic share per group", xlabel="topic",
              ylabel=group_by, colorbar_label="mean share of the documents", diverging=False,
              counts=view.tables.get("prevalence_documents"), min_n=5, show_n=True)

# %%
views.show_table(view.tables.get("prevalence_long"), "topic share per group", digits=3,
                 columns={"group": "group", "topic": "topic", "share": "mean share",
                          "n": "n (documents)"},
                 n_column="n", min_n=5)

# %% [markdown]
# ## Representative passages

# %%
views.show_table(view.tables.get("representative"), "representative passages")
