# %% [markdown]
# # Lexicon audit
#
# Every loaded-term entry with its hits and sample contexts, the entries that never fire on this
# corpus, and near-miss candidates to review: adjectives and nouns in sentences that mention an
# actor, not covered by the lexicon (an offline heuristic using TextBlob's bundled part-of-speech
# and subjectivity lexicons, ranked by subjectivity then frequency). Candidates are suggestions, not findings.

# %% tags=["parameters"]
processed_dir: str = "data/processed"  # folder written by `framing ingest` and `framing features`
near_miss_top: int = 30  # how many near-miss candidates to list

# %%
import pandas as pd

from framing import plots, views

pd.set_option("display.max_colwidth", 160)

view = views.lexicon_audit(processed_dir, near_miss_top=near_miss_top)
view.notes_markdown()

# %%
view["version"]

# %% [markdown]
# ## Hits per category

# %%
plots.bar_chart(view.tables.get("by_category"), title="Lexicon hits per category", xlabel="hits",
                ylabel="category", colors="categories")

# %% [markdown]
# ## Entries with hits and contexts

# %%
view.tables.get("fired", view["entries"])

# %% [markdown]
# ## Entries that never fire on this corpus

# %%
view.tables.get("never_fire")

# %% [markdown]
# ## Near-miss candidates

# %%
view.tables.get("near_misses")
