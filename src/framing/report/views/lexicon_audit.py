"""The lexicon audit report: hits and contexts per entry, entries that never fire, near misses."""

from __future__ import annotations

import os
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from framing.corpus import Corpus
from framing.report.views.feature_tables import FEATURES_MISSING, feature_frame, load_feature_set
from framing.report.views.view import View

if TYPE_CHECKING:  # pragma: no cover
    from framing.features.lexicon import Lexicon

WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


@lru_cache(maxsize=1)
def _pos_lexicon() -> dict[str, str]:
    """TextBlob's bundled Brill lexicon (word → most likely Penn tag); offline, no download."""
    import textblob

    path = Path(textblob.__file__).parent / "en" / "en-lexicon.txt"
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(";;;") or " " not in line:
            continue
        word, tag = line.split(" ", 1)
        out.setdefault(word.lower(), tag.split()[0])
    return out


def near_miss_candidates(
    sentences: pd.DataFrame,
    known_words: set[str],
    *,
    top: int = 30,
    min_count: int = 2,
) -> pd.DataFrame:
    """Return frequent adjectives/nouns in ``sentences`` that no lexicon entry covers.

    Offline heuristic (NLTK's tagger needs downloaded data): a word counts as an adjective or
    common noun by TextBlob's bundled Brill lexicon (JJ*, NN, NNS) and is ranked first by how
    evaluative TextBlob's bundled sentiment lexicon finds it (subjectivity), then by count.
    Stop words (scikit-learn's list), words of under four letters and ``known_words`` are
    skipped. Columns: word, pos, count, articles, polarity, subjectivity, example.
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from framing.features.stance import subjectivity_lexicon

    pos, subjective = _pos_lexicon(), subjectivity_lexicon()
    counts: Counter[str] = Counter()
    seen_in: dict[str, set[str]] = {}
    example: dict[str, str] = {}
    for article_id, text in zip(sentences["article_id"], sentences["text"], strict=True):
        for word in {w.lower() for w in WORD.findall(str(text))}:
            tag = pos.get(word, "")
            if (
                len(word) < 4
                or word in ENGLISH_STOP_WORDS
                or word in known_words
                or not (tag.startswith("JJ") or tag in ("NN", "NNS"))
            ):
                continue
            counts[word] += 1
            seen_in.setdefault(word, set()).add(str(article_id))
            example.setdefault(word, str(text)[:200])
    rows = [
        {
            "word": w,
            "pos": "adjective" if pos[w].startswith("JJ") else "noun",
            "count": n,
            "articles": len(seen_in[w]),
            "polarity": subjective.get(w, (0.0, 0.0))[0],
            "subjectivity": subjective.get(w, (0.0, 0.0))[1],
            "example": example[w],
        }
        for w, n in counts.items()
        if n >= min_count
    ]
    columns = ["word", "pos", "count", "articles", "polarity", "subjectivity", "example"]
    table = pd.DataFrame(rows, columns=columns)
    table = table.sort_values(["subjectivity", "count", "word"], ascending=[False, False, True])
    return table.head(top).reset_index(drop=True)


def lexicon_audit(
    processed_dir: str | os.PathLike[str],
    lexicon: Lexicon | None = None,
    *,
    contexts: int = 3,
    near_miss_top: int = 30,
) -> View:
    """Return every lexicon entry with hit counts and sample contexts, the entries that never
    fire, and near-miss candidates (adjectives/nouns in sentences that mention an actor).
    """
    from framing.features.lexicon import load_lexicon

    lexicon = lexicon or load_lexicon()
    entries = lexicon.entries[["term", "category", "side", "valence", "explanation"]].copy()
    view = View()
    view.tables["version"] = pd.Series(
        {"lexicon version": lexicon.version, "entries": len(entries)}, name="value"
    ).rename_axis("measure")
    features = load_feature_set(processed_dir)
    spans = feature_frame(features, "spans")
    if features is None or spans.empty:
        view.notes.append(FEATURES_MISSING)
        view.tables["entries"] = entries
        return view
    loaded = spans[spans["kind"] == "loaded"]
    # whole words either side of the hit: the word the context window cut is left out
    left = loaded["left"].astype(str).str[-60:].str.split(n=1).str[-1].fillna("")
    right = loaded["right"].astype(str).str[:60].str.rsplit(n=1).str[0].fillna("")
    context = left + " [" + loaded["text"].astype(str) + "] " + right
    grouped = loaded.assign(context=context).groupby("term")
    stats = pd.DataFrame(
        {
            "hits": grouped.size(),
            "articles": grouped["article_id"].nunique(),
            "quoted": grouped["quoted"].sum().astype(int) if "quoted" in loaded else 0,
            "negated": grouped["negated"].sum().astype(int) if "negated" in loaded else 0,
            "contexts": grouped["context"].agg(lambda s: " | ".join(s.head(contexts))),
        }
    )
    table = entries.merge(stats, left_on="term", right_index=True, how="left")
    table[["hits", "articles", "quoted", "negated"]] = (
        table[["hits", "articles", "quoted", "negated"]].fillna(0).astype(int)
    )
    table["contexts"] = table["contexts"].fillna("")
    ranked = table.sort_values(["hits", "term"], ascending=[False, True])
    view.tables["entries"] = ranked
    view.tables["fired"] = ranked.query("hits > 0")
    view.tables["never_fire"] = table.loc[table["hits"] == 0, ["term", "category", "explanation"]]
    view.tables["by_category"] = table.groupby("category")["hits"].sum().sort_values()
    known: set[str] = set()
    for term, variants in zip(lexicon.entries["term"], lexicon.entries["variants"], strict=True):
        for phrase in (term, *variants):
            known.update(w.lower() for w in WORD.findall(str(phrase)))
    actor_spans = spans[spans["kind"] == "actor"]
    if actor_spans.empty:
        view.notes.append("no actor mentions found: near-miss candidates not computed")
        return view
    known.update(w.lower() for w in WORD.findall(" ".join(actor_spans["text"].astype(str))))
    sentences = Corpus(Path(processed_dir)).sentences
    keys = actor_spans[["article_id", "sentence_id"]].drop_duplicates()
    near_actor = sentences.merge(keys, on=["article_id", "sentence_id"])
    view.tables["near_misses"] = near_miss_candidates(near_actor, known, top=near_miss_top)
    return view
