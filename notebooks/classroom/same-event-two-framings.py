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
# # Same event, two framings
#
# **What you will learn**
# - that two reports of the same event can *name* it differently (war, invasion,
#   special military operation, conflict, crisis...);
# - to notice *whose* words carry a label: the journalist's own voice or a quoted person's;
# - to compare how each article shows the main actors (countries, leaders, alliances).
#
# **How it works**
# 1. Run the cells from the top. Read the two articles, A and B (line numbers on the left).
# 2. Before looking at the tool's results, predict which labels each article uses for the
#    event and for the people in it. Type them into the answer cell.
# 3. Run the rest to see which labels each article really uses, how much of each article
#    is quotation, and how positive or negative the text around each actor is.

# %% tags=["parameters"]
processed: str = ""  # folder written by `framing ingest`; empty: $FRAMING_PROCESSED, else data/processed here or above
article_a: str = ""  # first article: id, id prefix or position (empty: first article)
article_b: str = ""  # second article (empty: second article of the corpus)
student: str = ""  # your name: saves your predictions for the class (empty: no save)
answers_dir: str = "answers"  # folder where answers are saved

# %%
from framing import Corpus, classroom

articles = Corpus(classroom.exercises.resolve_processed(processed)).articles
row_a, row_b = classroom.exercises.pick_pair(articles, article_a, article_b)
print("ARTICLE A:", row_a["title"])
print(classroom.exercises.numbered_text(row_a["text"]))

# %%
print("ARTICLE B:", row_b["title"])
print(classroom.exercises.numbered_text(row_b["text"]))

# %% [markdown]
# ## Your prediction
# Which words does each article use for the event and its actors? Examples: "invasion",
# "war", "special military operation", "regime", "government", "Kiev", "Kyiv".

# %% tags=["answer"]
my_predictions: dict[str, list[str]] = {"A": [], "B": []}

# %% tags=["solution"]
# TEACHER: demonstration predictions so the comparison below is filled in.
my_predictions = (
    my_predictions
    if my_predictions["A"] or my_predictions["B"]
    else {"A": ["war", "invasion"], "B": ["special military operation", "war"]}
)
my_predictions

# %% [markdown]
# ## Which labels does each article really use?
# `A_author` counts uses in the journalist's own voice, `A_quoted` uses inside quotations.

# %%
labels = classroom.exercises.label_comparison(row_a["text"], row_b["text"])
labels

# %% [markdown]
# ### Were your predictions right?

# %%
classroom.exercises.prediction_check(my_predictions, labels)

# %% [markdown]
# ## Whose voice? Share of each article inside quotation marks

# %%
classroom.exercises.voice_shares(row_a["text"], row_b["text"])

# %% [markdown]
# ## How does each article show the actors?
# Mean sentiment (−1 very negative … +1 very positive) of the text around each actor.

# %%
tone = classroom.exercises.actor_tone(row_a["text"], row_b["text"])
tone

# %%
saved = (
    classroom.save_answers(
        my_predictions["A"] + my_predictions["B"],
        student=student,
        exercise="same-event-two-framings",
        article_id=f"{row_a['article_id']}:{row_b['article_id']}",
        out_dir=answers_dir,
    )
    if student
    else None
)
saved

# %% [markdown] tags=["solution"]
# ### Teacher notes
# - A label in the author's voice is the outlet's choice; inside a quotation it may be
#   reported to be criticised. Ask students to find one of each in the text (line numbers).
# - Sentiment around an actor is a rough signal: a sentence can be negative because bad
#   things happen *to* an actor, not because the article blames it. Ask students to check
#   two sentences by hand.
# - Good follow-up: rewrite a paragraph of A using B's labels. What changes for the reader?
