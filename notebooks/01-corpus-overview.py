# %% [markdown]
# # Corpus overview
#
# What is in the corpus, what cleaning removed, and how loaded its language is.
# Figures count hits of the packaged lexicon; hover a term in an article report for why it counts.

# %% tags=["parameters"]
processed_dir: str = "data/processed"  # folder written by `framing ingest` (and features)

# %%
import pandas as pd

from framing import plots, views

pd.set_option("display.max_colwidth", 160)

view = views.overview_view(processed_dir)
view.notes_markdown()

# %% [markdown]
# ## Size

# %%
view["size"]

# %% [markdown]
# ## Sources and dates

# %%
plots.bar_chart(view["sources"], title="Articles per source", xlabel="articles", ylabel="source")

# %%
plots.bar_chart(view["months"], title="Articles per month", xlabel="month", ylabel="articles",
                horizontal=False)

# %% [markdown]
# ## What cleaning removed
# Every dropped line is kept in the `removed_lines` table with the rule that dropped it.

# %%
plots.bar_chart(view["removed"], title="Lines removed by each cleaning rule",
                xlabel="lines removed", ylabel="cleaning rule")

# %% [markdown]
# ## Loaded language

# %%
plots.bar_chart(view.tables.get("loaded_density"), title="Loaded terms per 1,000 words",
                xlabel="loaded terms per 1,000 words", ylabel="article")

# %%
plots.bar_chart(view.tables.get("category_mix"), title="Loaded terms by category", xlabel="hits",
                ylabel="category", colors="categories")

# %% [markdown]
# ## Sentiment
# Mean VADER compound score per article (−1 very negative, +1 very positive).

# %%
plots.bar_chart(view.tables.get("sentiment"), title="Average sentence sentiment per article",
                xlabel="mean sentiment (VADER compound)", ylabel="article")

# %% [markdown]
# ## Competing labels
# Which word each article uses when several name the same thing ("invasion" vs "special military operation").

# %%
view.tables.get("labels")
