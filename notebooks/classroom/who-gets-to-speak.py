# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Who gets to speak?
#
# **What you will learn**
# - to find who is quoted in an article, and who gets the most words;
# - to notice attribution verbs: "said" is neutral, while "admitted", "claimed" or
#   "insisted" suggest something about the speaker (guilt, doubt, stubbornness);
# - to rewrite a sentence neutrally and check the result.
#
# **How it works**
# 1. Run the cells from the top and read the article (line numbers on the left).
# 2. Guess who is quoted most, then look at the table of quotations.
# 3. Rewrite the sentence shown below in neutral words, type it into the answer cell and
#    run the cells after it: the tool re-scores your version.

# %% tags=["parameters"]
processed: str = ""  # folder written by `framing ingest`; empty: $FRAMING_PROCESSED, else data/processed here or above
article: str = ""  # article id, id prefix or position (empty: first article)

# %%
from framing import Corpus, classroom

articles = Corpus(classroom.exercises.resolve_processed(processed)).articles
row = classroom.exercises.pick_article(articles, article)
print(row["title"])
print(classroom.exercises.numbered_text(row["text"]))

# %% [markdown]
# ## Who do you think is quoted most?

# %% tags=["answer"]
my_guess: str = ""

# %% [markdown]
# ## The quotations the tool found
# `verb_class` is *loaded* when the attribution verb suggests a judgement.

# %%
quotes = classroom.exercises.quote_table(row["text"])
quotes

# %%
classroom.exercises.speaker_summary(quotes)

# %% tags=["solution"]
# TEACHER: what each loaded attribution verb in this article suggests.
classroom.exercises.verb_notes(quotes)

# %% [markdown]
# ## Rewrite it neutrally
# Here is a sentence from the article with a loaded verb or word:

# %%
original = classroom.exercises.loaded_sentence(row["text"])
print(original)

# %% [markdown]
# Type your neutral version between the quotes, then run the next cells.

# %% tags=["answer"]
my_rewrite: str = ""

# %% tags=["solution"]
# TEACHER: a demonstration rewrite so the comparison is filled in: loaded attribution verbs
# replaced by "said". A good student rewrite also replaces loaded words.
my_rewrite = my_rewrite or classroom.exercises.said_rewrite(original)
my_rewrite

# %%
classroom.exercises.rescore_rewrite(original, my_rewrite)

# %% [markdown] tags=["solution"]
# ### Teacher notes
# - Count whose voices are missing: civilians? experts? the other side?
# - "X admitted" presents a statement as a confession; "X claimed" signals doubt. Ask
#   whether the article gives a reason for the doubt.
# - A rewrite can be neutral and still one-sided: choosing whom to quote is framing too.
