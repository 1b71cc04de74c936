"""The word lists target-dependent sentiment looks for around a mention.

Speech verbs (a quotation's speaker), forms of "be" and auxiliaries (a passive "was attacked
by"), determiners and pronouns (the shape of a mention), and the distancing, rebuttal and
accusation cues ("alleged", "X denies", "accuse X of") that keep a rebutted charge from
counting as the author's view. Used by :mod:`framing.features.target_features`.
"""

from __future__ import annotations

SPEECH_VERBS = frozenset(
    ["said", "says", "say", "told", "tells", "tell", "added", "adds", "wrote", "writes", "argued",
     "argues", "claimed", "claims", "insisted", "insists", "stated", "states", "declared",
     "declares", "warned", "warns", "tweeted", "tweets", "asked", "asks", "explained",
     "explains", "noted", "notes", "according"]
)  # fmt: skip
BE = frozenset(["is", "are", "was", "were", "be", "been", "being", "'s", "’s"])
AUX_SKIP = frozenset(
    [
        "has",
        "have",
        "had",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "must",
        "can",
        "did",
        "does",
        "do",
        "also",
        "has",
        "reportedly",
        "allegedly",
        "repeatedly",
        "again",
        "then",
        "just",
        "now",
        "already",
        "still",
        "never",
        "not",
        "n't",
    ]
)
DETERMINERS = frozenset(["a", "an", "the", "this", "that", "these", "those"])
PRONOUNS = frozenset(
    [
        "he",
        "she",
        "they",
        "him",
        "her",
        "them",
        "his",
        "hers",
        "their",
        "i",
        "we",
        "me",
        "us",
        "you",
        "it",
    ]
)
#: Words that put what follows at the author's distance: reported, not asserted.
DISTANCING = frozenset(
    [
        "alleged",
        "allegedly",
        "allegations",
        "allegation",
        "purported",
        "purportedly",
        "supposedly",
        "so-called",
        "claimed",
        "claims",
        "claim",
        "accused",
        "accuse",
        "accuses",
        "accusing",
        "accusation",
        "accusations",
    ]
)
#: Words of rebuttal: the accused side rejects the accusation.
REBUTTAL = frozenset(
    [
        "denies",
        "denied",
        "deny",
        "denying",
        "rejects",
        "rejected",
        "reject",
        "rejecting",
        "dismissed",
        "dismisses",
        "refuted",
        "refutes",
        "disputed",
        "disputes",
        "denial",
    ]
)
ACCUSE = frozenset(
    ["accuse", "accuses", "accused", "accusing", "blame", "blames", "blamed", "blaming"]
)
