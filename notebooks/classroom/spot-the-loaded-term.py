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
# # Spot the loaded term
#
# **What you will learn**
# - to tell apart words that *describe* from words that *judge* ("loaded" words);
# - to explain why a word is loaded and what it does to a reader;
# - to compare your judgement with a computer tool's list and with your classmates'.
#
# **How it works**
# 1. Run the cells from the top (menu *Run → Run All Cells*, or Shift+Enter on each cell).
# 2. Read the article below. The numbers on the left are line numbers.
# 3. A word is *loaded* when it makes you feel something about a person, a country or an
#    event before you have the facts: "regime" instead of "government", "slaughtered"
#    instead of "killed".
# 4. Type every loaded word or phrase you find into the list in the answer cell, each in
#    quotes, separated by commas: `["regime", "meat grinder"]`. Capitals, plurals and
#    quotation marks do not matter.
# 5. Run the cells below it to see your score and what you missed. Then discuss!

# %% tags=["parameters"]
processed: str = ""  # folder written by `framing ingest`; empty: $FRAMING_PROCESSED, else data/processed here or above
article: str = ""  # article id, id prefix or position (empty: first article)
difficulty: str = "basic"  # basic: the author's own words only; advanced: also quotations
student: str = ""  # your name: saves your answers for the class comparison (empty: no save)
answers_dir: str = "answers"  # folder where answers are saved
class_lexicon: str = ""  # teacher: YAML file for the class's new loaded words, e.g. ../class.yml (the classroom folder)

# %%
from framing import Corpus, classroom, load_lexicon

articles = Corpus(classroom.exercises.resolve_processed(processed)).articles
row = classroom.exercises.pick_article(articles, article)
lexicon = load_lexicon()
print(row["title"])
print(classroom.exercises.numbered_text(row["text"]))

# %% [markdown]
# ## Your answer
# Type the loaded words you found between the brackets, then run the cell.

# %% tags=["answer"]
my_terms: list[str] = []

# %% [markdown]
# *Optional:* if you see a text box below, you can type your words there instead, one per
# line; the list above fills itself. What you type is kept in a small file beside this
# notebook, so running all cells again never loses it. No box? Just use the list.

# %%
draft = classroom.exercises.draft_path("spot-the-loaded-term", row["article_id"])
classroom.exercises.answer_box(my_terms, draft=draft)

# %% tags=["solution"]
# TEACHER: the tool's answer key, with the line of each occurrence and why the word counts.
# Basic difficulty lists only the author's own words (no quotations, no negated uses).
hits = classroom.exercises.loaded_terms(row["text"], difficulty=difficulty, lexicon=lexicon)
classroom.exercises.answer_key(hits).style.format(escape="html").hide(axis="index")  # in full

# %% tags=["solution"]
# TEACHER: a demonstration answer list (three right words and one the lexicon lacks) so the
# tables below are filled in; students type their own list instead.
my_terms = my_terms or classroom.exercises.demo_answers(hits)
my_terms

# %% [markdown]
# ## Your score
# *Precision*: how many of your words the tool also counts as loaded.
# *Recall*: how many of the tool's loaded words you found.

# %%
result = classroom.exercises.score_article(
    my_terms, row["text"], difficulty=difficulty, lexicon=lexicon
)
result.summary()

# %% [markdown]
# ### What you found, what you missed, and your other words

# %%
classroom.exercises.feedback(result)

# %% [markdown]
# ### By kind of loaded word

# %%
result.per_category

# %% [markdown]
# The same as tables: `result.missed` (the words you missed) and `result.extra` (your other
# words). Words the tool does not count are not wrong! Its word list is short: discuss each
# one: does it judge, or only describe?

# %% [markdown]
# ## Save your answers for the class
# Set `student` (your name) in the parameters cell at the top and run this cell: it shows
# where your answers were saved (the classroom's `answers` folder). Your teacher collects
# that folder and runs `framing classroom agreement classroom`.

# %%
saved = (
    classroom.save_answers(
        my_terms,
        student=student,
        exercise="spot-the-loaded-term",
        article_id=row["article_id"],
        out_dir=answers_dir,
    )
    if student
    else None
)
saved

# %% [markdown] tags=["solution"]
# ### Teacher notes
# - Ask for *neutral replacements*: "regime" → "government", "slaughtered" → "killed".
#   If no neutral word exists, is the word really loaded, or just describing something bad?
# - Words inside quotations are the speaker's choice, not the journalist's: switch
#   `difficulty` to `advanced` to include them and discuss the difference.
# - Words the class agrees are loaded but the tool lacks can be added to a class lexicon:
#   put them in `agreed_terms` below and set the `class_lexicon` parameter to `../class.yml`
#   (this notebook runs in `classroom/teacher/`, so the file lands in `classroom/`); the cell
#   shows the full path. Then run `framing features --lexicon classroom/class.yml`.

# %% tags=["solution"]
agreed_terms: list[str] = []  # TEACHER: words the class agreed are loaded
lexicon_file = classroom.add_to_lexicon(agreed_terms, class_lexicon) if class_lexicon else None
lexicon_file
