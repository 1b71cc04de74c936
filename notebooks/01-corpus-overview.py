# %% [markdown]
# # Corpus overview
#
# What is in the corpus, what cleaning removed, and how loaded its language is.
# Figures count hits of the packaged lexicon; hover a term in an article report for why it counts.
# Every average comes with the number of articles it rests on (n) and a 95 % interval.

# %% tags=["parameters"]
processed_dir: str = "data/processed"  # folder written by `framing ingest` (and features)

# %%
from framing import plots, views

view = views.overview_view(processed_dir)
view.notes_markdown()

# %% [markdown]
# ## Size

# %%
views.show_table(view["size"], "size")

# %% [markdown]
# ## Sources and dates

# %%
plots.bar_chart(
    view["sources"], title="Articles per source", xlabel="articles", ylabel="source", counts=True
)

# %%
plots.bar_chart(
    view["months"],
    title="Articles per month",
    xlabel="month",
    ylabel="articles",
    horizontal=False,
    counts=True,
    sort=False,
)

# %% [markdown]
# ## What cleaning removed
# Every dropped line is kept in the `removed_lines` table with the rule that dropped it.

# %%
views.validity_link("cleaning")

# %%
plots.bar_chart(
    view["removed"],
    title="Lines removed by each cleaning rule",
    xlabel="lines removed",
    ylabel="cleaning rule",
    counts=True,
)

# %% [markdown]
# ## Loaded language
# Averages over articles, each with the number of articles (n) and a bootstrap 95 % interval
# (articles resampled 1,000 times).

# %%
views.validity_link("loaded_terms")

# %%
views.show_table(
    view.tables.get("averages"),
    "averages over articles",
    columns={
        "measure": "measure",
        "mean": "mean",
        "low": "95 % interval, low",
        "high": "95 % interval, high",
        "n": "n (articles)",
    },
    n_column="n",
    min_n=5,
)

# %%
plots.bar_chart(
    view.tables.get("loaded_density"),
    title="Loaded terms per 1,000 words, by article (most loaded first, at most 25)",
    xlabel="loaded terms per 1,000 words",
    ylabel="article",
)

# %%
plots.bar_chart(
    view.tables.get("category_mix"),
    title="Loaded terms by category, all articles",
    xlabel="hits",
    ylabel="category",
    colors="categories",
    counts=True,
)

# %%
views.category_legend(view.tables.get("category_mix", []))

# %% [markdown]
# ## Sentiment
# Mean sentence sentiment per article (framing's sentence score: −1 very negative, +1 very
# positive).

# %%
views.validity_link("sentence_sentiment")

# %%
plots.bar_chart(
    view.tables.get("sentiment"),
    title="Average sentence sentiment per article",
    xlabel="mean sentence sentiment (−1 to +1)",
    ylabel="article",
)

# %% [markdown]
# ## Competing labels
# Which word the corpus uses when several name the same thing ("invasion" vs "special military
# operation"): each label's share of its set's mentions, with n (the set's mentions) and a
# Wilson 95 % interval. Grey rows rest on fewer than 5 mentions.

# %%
views.show_table(
    view.tables.get("labels"),
    "competing labels",
    columns={
        "label_set": "label set",
        "label": "label",
        "mentions": "mentions",
        "n_author": "in the author's voice",
        "n_quoted": "in quotations",
        "share": "share of the set",
        "low": "95 % interval, low",
        "high": "95 % interval, high",
        "n": "n (mentions of the set)",
    },
    n_column="n",
    min_n=5,
)

# %% [markdown]
# ## Codebook
# What each column of the article feature table measures, its unit, and where its agreement
# with human judgement is reported.

# %%
views.show_table(
    view.tables.get("codebook"),
    "codebook",
    columns={
        "name": "column",
        "group": "group",
        "measures": "what it measures",
        "unit": "unit",
        "validity": "how reliable (validity section)",
    },
    empty="no codebook in this version of framing",
)
