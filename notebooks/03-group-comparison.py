# %% [markdown]
# # Group comparison
#
# How groups of articles (sources, countries, any metadata column) differ in framing: which
# competing label each group picks and which side its loaded terms lean to, each tested and
# shown with example sentences; then the words that set each group apart, sentiment toward
# actors, and frame dimensions. Every share and mean has its n beside it; grey rows and
# cells rest on fewer than 5 observations.

# %% tags=["parameters"]
processed_dir: str = "data/processed"  # folder written by `framing ingest` (and features)
group_by: str = "source"  # metadata column that defines the groups
groups: str = ""  # groups to compare, comma-separated or a list of exact values (one: it against the rest; empty: all)

# %%
from framing import plots, views

view = views.comparison_view(processed_dir, group_by=group_by, groups=groups)
view.notes_markdown()

# %% [markdown]
# ## Groups

# %%
views.show_table(view["sizes"], "groups")

# %% [markdown]
# ## Label choice
# Within each set of competing labels, each group's share of the set's mentions, with n (the
# set's mentions in that group) and a Wilson 95 % interval.

# %%
views.validity_link("loaded_terms")

# %%
views.show_table(view.tables.get("label_choice"), "label choice",
                 columns={"label_set": "label set", "group": "group", "label": "label",
                          "mentions": "mentions", "share": "share of the set",
                          "low": "95 % interval, low", "high": "95 % interval, high",
                          "n": "n (mentions of the set)", "articles": "articles"},
                 n_column="n", min_n=5, empty="no competing labels found")

# %% [markdown]
# Does label choice depend on the group? Pearson's chi-square test of group × label, per set
# (n = mentions of the set; Cramér's V: 0 no association, 1 complete).

# %%
views.show_table(view.tables.get("label_tests"), "label choice tests", digits=3,
                 columns={"label_set": "label set", "n": "n (mentions)", "groups": "groups",
                          "labels": "labels", "chi_square": "chi-square",
                          "degrees_of_freedom": "degrees of freedom", "p_value": "p-value",
                          "cramers_v": "Cramér's V", "reading": "reading"},
                 empty="no competing labels found")

# %%
views.show_table(view.tables.get("label_examples"), "label examples",
                 columns={"label_set": "label set", "group": "group", "label": "label",
                          "example": "example (the label in brackets)"},
                 empty="no competing labels found")

# %% [markdown]
# ## Side balance
# Loaded terms the authors use themselves (hits inside quotations, negated or distanced such as
# "the so-called ..." are left out), by the side the lexicon says they lean to in the article's
# domain. The share that leans pro-Russia
# among the terms that lean either way (n), with a Wilson 95 % interval, and the log odds
# ratio of that lean against all other groups with its 95 % interval (0 = no difference).

# %%
views.show_table(view.tables.get("sides"), "side balance",
                 columns={"group": "group", "pro_russia": "pro-Russia terms",
                          "pro_ukraine_west": "pro-Ukraine/West terms", "none": "no side",
                          "share_pro_russia": "share pro-Russia", "low": "95 % interval, low",
                          "high": "95 % interval, high", "n": "n (terms with a side)",
                          "log_odds_vs_rest": "log odds ratio vs the others",
                          "log_odds_low": "log odds, 95 % low",
                          "log_odds_high": "log odds, 95 % high", "articles": "articles"},
                 n_column="n", min_n=5, empty="no loaded terms found")

# %%
views.show_table(view.tables.get("side_examples"), "side examples",
                 columns={"group": "group", "side": "side", "term": "term",
                          "example": "example (the term in brackets)"},
                 empty="no loaded terms with a side found")

# %% [markdown]
# ## Words that distinguish each group
# Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008): each group
# against the others. Distinctive words show topics as well as framing; read them after the
# label choices above.

# %%
plots.keyness_chart(view.tables.get("keyness"))

# %%
views.show_table(view.tables.get("keyness_top"), "distinctive words", empty="no groups to compare")

# %% [markdown]
# ## Sentiment toward actors
# Mean sentiment of the sentences that mention each actor, averaged over articles; n articles
# per cell, and a bootstrap 95 % interval in the table.

# %%
views.validity_link("target_sentiment")

# %%
plots.heatmap(view.tables.get("actor_sentiment"), title="Mean sentiment toward each actor",
              xlabel="actor", ylabel=group_by, colorbar_label="mean sentence sentiment (−1 to +1)",
              counts=view.tables.get("actor_counts"), min_n=5, show_n=True)

# %%
views.show_table(view.tables.get("actor_sentiment_long"), "actor sentiment",
                 columns={"actor": "actor", "group": "group", "mean": "mean sentiment",
                          "low": "95 % interval, low", "high": "95 % interval, high",
                          "n": "n (articles)"},
                 n_column="n", min_n=5, empty="no actors found")

# %% [markdown]
# ## Frame dimensions per group
# Frame cue words per 1,000 words, averaged over articles, with n articles and a bootstrap
# 95 % interval.

# %%
views.validity_link("frames")

# %%
plots.grouped_bars(view.tables.get("frames"),
                   title="Frame dimensions per group (mean over articles)",
                   xlabel="frame cue words per 1,000 words", ylabel="frame dimension",
                   legend_title=group_by)

# %%
views.show_table(view.tables.get("frames_long"), "frames per group",
                 columns={"group": "group", "frame": "frame dimension",
                          "mean": "mean per 1,000 words",
                          "low": "95 % interval, low", "high": "95 % interval, high",
                          "n": "n (articles)"},
                 n_column="n", min_n=5, empty="no frame scores")
