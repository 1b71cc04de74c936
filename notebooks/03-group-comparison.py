# %% [markdown]
# # Group comparison
#
# How groups of articles (sources, countries, any metadata column) differ: competing-label choices,
# the words that set each group apart, sentiment toward actors, and frame dimensions.

# %% tags=["parameters"]
processed_dir: str = "data/processed"  # folder written by `framing ingest` (and features)
group_by: str = "source"  # metadata column that defines the groups
groups: str = ""  # groups to compare, comma-separated or a list of exact values (one: it against the rest; empty: all)

# %%
import pandas as pd

from framing import plots, views

pd.set_option("display.max_colwidth", 160)

view = views.comparison_view(processed_dir, group_by=group_by, groups=groups)
view.notes_markdown()

# %% [markdown]
# ## Groups

# %%
view["sizes"]

# %% [markdown]
# ## Competing labels, side by side
# Share of each label within its set, per group (0–1).

# %%
view.tables.get("labels")

# %% [markdown]
# ## Words that distinguish each group
# Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008): each group against the rest.

# %%
plots.keyness_chart(view.tables.get("keyness"))

# %%
view.tables.get("keyness_top")

# %% [markdown]
# ## Sentiment toward actors

# %%
plots.heatmap(view.tables.get("actor_sentiment"), title="Mean sentiment toward each actor",
              xlabel="actor", ylabel=group_by, colorbar_label="mean sentiment (VADER compound)")

# %% [markdown]
# ## Frame dimensions per group

# %%
plots.grouped_bars(view.tables.get("frames"), title="Frame dimensions per group",
                   xlabel="frame cue words per 1,000 words", ylabel="frame dimension", legend_title=group_by)
