# %% [markdown]
# # Article report
#
# One article: its headline and clean text with every loaded term and competing label
# highlighted, its metadata, the sentiment arc, actors, quotes, frame dimensions, and what
# cleaning removed.

# %% tags=["parameters"]
processed_dir: str = "data/processed"  # folder written by `framing ingest` (and features)
article_id: str = ""  # article to report on (empty: the first article)

# %%
from framing import plots, views

view = views.article_view(processed_dir, article_id)
view.notes_markdown()

# %%
views.HtmlBlock(view.headline)

# %% [markdown]
# ## Text with highlights
# Solid colour: the author's own words. Dashed underline: inside a quotation. Hover a highlight
# for its explanation; a loaded term that is also a competing label names both.

# %%
views.validity_link("loaded_terms")

# %%
views.HtmlBlock(view.html)

# %% [markdown]
# ## Metadata

# %%
views.show_table(view["metadata"], "metadata")

# %% [markdown]
# ## Loaded terms found

# %%
views.show_table(view.tables.get("loaded"), "loaded terms", empty="no loaded terms found")

# %% [markdown]
# ## Sentiment arc

# %%
views.validity_link("sentence_sentiment")

# %%
arc = view.tables.get("arc", {})
plots.arc(
    arc.get("sentence_id"), arc.get("compound"), title="How sentiment moves through the article"
)

# %% [markdown]
# ## Actors and the sentiment around them
# Mean sentiment of the sentences that mention each actor, with the number of such sentences.

# %%
views.validity_link("target_sentiment")

# %%
views.show_table(
    view.tables.get("actors"), "actors", n_column="n_sentences", min_n=5, empty="no actors found"
)

# %% [markdown]
# ## Quotes: who speaks, and how they are introduced

# %%
views.show_table(view.tables.get("quotes"), "quotes", empty="no quotes found")

# %% [markdown]
# ## Frame dimensions (cue words per 1,000 words)

# %%
views.validity_link("frames")

# %%
plots.bar_chart(
    view.tables.get("frames"),
    title="Frame dimensions in this article",
    xlabel="frame cue words per 1,000 words",
    ylabel="frame dimension",
)

# %% [markdown]
# ## What cleaning removed

# %%
views.show_table(view["removed"], "removed lines", empty="cleaning removed no lines")
