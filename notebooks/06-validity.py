# %% [markdown]
# # Validity of every measure
#
# How far each measure agrees with human judgement, measured by `framing validate` on data
# labelled by others. Every figure is cross-validated or scored on data not used to choose
# anything, beside a fair baseline on the same data, with n and a bootstrap 95 % interval.
# Cite the figure with its interval; read a card's failure modes before relying on a measure.

# %% tags=["parameters"]
processed_dir: str = "data/processed"  # not read: the report reads validity_json only
validity_json: str = ""  # a validity.json from `framing validate`; empty: this version's figures

# %%
from framing import validate

validate.validity_cards(validity_json or validate.published_validity())
