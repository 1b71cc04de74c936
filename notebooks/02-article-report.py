# %% [markdown]
# # Article report
#
# One article: its metadata, the clean text with every loaded term and competing label highlighted,
# the sentiment arc, actors, quotes, frame dimensions, and what cleaning removed.

# %% tags=["parameters"]
processed_dir: str = "data/processed"  # folder written by `framing ingest` (and features)
article_id: str = ""  # article to report on (empty: the first article)

# %%
from IPython.display import HTML

import pandas as pd

from framing import plots, views

pd.set_option("display.max_colwidth", 160)

view = views.article_view(processed_dir, article_id)
view.notes_markdown()

# %% [markdown]
# ## Metadata

# %%
view["metadata"]

# %% [markdown]
# ## Text with highlights
# Solid colour: the author's own words. Dashed underline: inside a quotation. Hover a highlight for its explanation.

# %%
HTML(view.html)

# %% [markdown]
# ## Loaded terms found

# %%
view.tables.get("loaded")

# %% [markdown]
# ## Sentiment arc

# %%
arc = view.tables.get("arc", {})
plots.arc(arc.get("sentence_id"), arc.get("compound"), title="How sentiment moves through the article")

# %% [markdown]
# ## Actors and the sentiment around them

# %%
view.tables.get("actors")

# %% [markdown]
# ## Quotes: who speaks, and how they are introduced

# %%
view.tables.get("quotes")

# %% [markdown]
# ## Frame dimensions (hits per 1,000 words)

# %%
plots.bar_chart(view.tables.get("frames"), title="Frame dimensions in this article",
                xlabel="frame cue words per 1,000 words", ylabel="frame dimension")

# %% [markdown]
# ## What cleaning removed

# %%
view["removed"]
