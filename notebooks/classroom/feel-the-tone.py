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
# # Feel the tone
#
# **What you will learn**
# - to rate how positive or negative a sentence feels;
# - to compare your ratings with VADER, a widely used sentiment tool;
# - to find what such tools miss: sarcasm, negation ("not bad"), and quoted speech
#   (a sentence can quote someone angry without being angry itself).
#
# **How it works**
# 1. Run the cells from the top. Five sentences from the article are printed as S1–S5.
# 2. Rate each from −4 (very negative) through 0 (neutral) to +4 (very positive), **before**
#    you look at the tool's scores. Type the five numbers in the answer cell.
# 3. Run the rest: compare your ratings with VADER's and look at the tone of the whole
#    article from beginning to end.

# %% tags=["parameters"]
processed: str = ""  # folder written by `framing ingest`; empty: $FRAMING_PROCESSED, else data/processed here or above
article: str = ""  # article id, id prefix or position (empty: first article)

# %%
from framing import Corpus, classroom

articles = Corpus(classroom.exercises.resolve_processed(processed)).articles
row = classroom.exercises.pick_article(articles, article)
sentences = classroom.exercises.pick_sentences(row["text"], n=5)
print(row["title"])
print(classroom.exercises.numbered_sentences(sentences))

# %% [markdown]
# ## Your ratings (−4 … +4), one number per sentence, in order S1 to S5

# %% tags=["answer"]
my_ratings: list[int] = []

# %% tags=["solution"]
# TEACHER: demonstration ratings (all neutral) so the comparison below is filled in.
my_ratings = my_ratings or [0] * len(sentences)
my_ratings

# %% [markdown]
# ## You and the tool
# `you_scaled` is your rating divided by 4, so it is on VADER's scale (−1 … +1).
# The clue columns say if a sentence has quoted speech, a negation, or ? / !

# %%
comparison = classroom.exercises.compare_ratings(sentences, my_ratings)
comparison

# %%
comparison.plot.bar(x="sentence", y=["you_scaled", "vader"], ylim=(-1, 1), rot=0)

# %% [markdown]
# ## The tone of the whole article, sentence by sentence
# `compound_vader` is plain VADER; `compound` is the project's version, which knows that
# words like "special military operation" are not positive.

# %%
arc = classroom.exercises.tone_arc(row["text"])
arc.plot(x="sentence_id", y=["compound_vader", "compound"], ylim=(-1, 1))

# %% [markdown]
# ## Discuss
# - Where did you and VADER disagree most? Look at the clue columns.
# - VADER adds up word scores: can it understand sarcasm? "Great, another war."
# - If a sentence quotes an angry politician, is the *article* angry?

# %% [markdown] tags=["solution"]
# ### Teacher notes
# - VADER was built on social-media text; news sentences about war are mostly negative
#   whatever their framing, so *differences* between articles matter more than levels.
# - Negation: VADER flips a word after "not", but misses longer scopes ("it is hard to
#   say this was anything but a success").
# - Ask students to write a sentence that VADER gets wrong and test it with
#   `classroom.exercises.compare_ratings(["your sentence"], [rating])`.
