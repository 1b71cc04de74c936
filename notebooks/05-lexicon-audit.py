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
from framing import plots, views

view = views.lexicon_audit(processed_dir, near_miss_top=near_miss_top)
view.notes_markdown()

# %%
views.show_table(view["version"], "lexicon version")

# %%
views.validity_link("loaded_terms")

# %% [markdown]
# ## Hits per category

# %%
plots.bar_chart(view.tables.get("by_category"), title="Lexicon hits per category", xlabel="hits",
                ylabel="category", colors="categories", counts=True)

# %%
views.category_legend(view.tables.get("by_category", []))

# %% [markdown]
# ## Entries with hits and contexts
# Every entry that fired, most hits first (the table scrolls; the CSV has every row).

# %%
views.show_table(view.tables.get("fired", view["entries"]), "entries with hits")

# %% [markdown]
# ## Entries that never fire on this corpus

# %%
views.show_table(view.tables.get("never_fire"), "entries that never fire",
                 empty="every entry fired at least once")

# %% [markdown]
# ## Near-miss candidates

# %%
views.show_table(view.tables.get("near_misses"), "near-miss candidates", digits=2,
                 empty="no near-miss candidates")
