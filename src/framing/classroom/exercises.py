"""The library calls the four exercise notebooks make, so the notebooks stay thin.

Each function takes plain text or a corpus table and returns a small DataFrame for display.
The feature functions come from the feature modules (lexicon, labels, quotes, actors,
sentiment); nothing here re-implements them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from framing.classroom.answer_box import WIDGETS_MISSING as WIDGETS_MISSING
from framing.classroom.answer_box import answer_box as answer_box
from framing.classroom.answer_box import draft_path as draft_path
from framing.classroom.feedback import feedback as feedback
from framing.classroom.handout import LINE_WIDTH, line_numbers, numbered_lines
from framing.classroom.scoring import ScoreResult, score_answers
from framing.config import find_processed, search_upward
from framing.errors import ParameterError

if TYPE_CHECKING:
    from framing.features.competing_labels import LabelSets
    from framing.features.lexicon import Lexicon

DIFFICULTIES = ("basic", "advanced")
_NEGATION = re.compile(r"\b(?:not|no|never|nothing|nobody|none|without|hardly)\b|n't\b", re.I)
_WORDS = re.compile(r"\w+")


def resolve_processed(path: str | os.PathLike[str] = "") -> Path:
    """Return the processed-corpus folder an exercise notebook reads.

    Empty: the project's corpus, found by :func:`framing.config.find_processed`
    (``FRAMING_PROCESSED``, else ``data/processed`` here or above). A relative path that
    does not exist here is searched in the parent folders (a student notebook in
    ``classroom/student/`` finds ``classroom/corpus`` by the relative name ``corpus``).
    """
    if not str(path):
        return find_processed()
    candidate = Path(path)
    if candidate.exists() or candidate.is_absolute():
        return candidate
    return search_upward(candidate)


def pick_article(articles: pd.DataFrame, article: str = "") -> pd.Series:
    """Return the article row named by ``article``: an id, a unique id prefix, a position
    ("0", "1", ...), or the first article when empty.
    """
    if articles.empty:
        raise ParameterError("the corpus has no articles: ingest some first")
    key = str(article).strip()
    if not key:
        return articles.iloc[0]
    ids = articles["article_id"].astype(str)
    exact = articles[ids == key]
    if len(exact):
        return exact.iloc[0]
    prefixed = articles[ids.str.startswith(key)]
    if len(prefixed) == 1:
        return prefixed.iloc[0]
    if key.isdigit() and int(key) < len(articles):
        return articles.iloc[int(key)]
    shown = ", ".join(ids.head(10))
    raise ParameterError(
        f"article {key!r} is not an id, a unique id prefix or a position (0-{len(articles) - 1})"
        f"; ids: {shown}{' ...' if len(ids) > 10 else ''}"
    )


def pick_pair(
    articles: pd.DataFrame, article_a: str = "", article_b: str = ""
) -> tuple[pd.Series, pd.Series]:
    """Return two different articles (defaults: the first and the second of the corpus)."""
    if len(articles) < 2:
        raise ParameterError("this exercise needs two articles; the corpus has fewer")
    first = pick_article(articles, article_a)
    second = pick_article(articles, article_b or ("1" if not article_a else ""))
    if second["article_id"] == first["article_id"]:
        others = articles[articles["article_id"] != first["article_id"]]
        if article_b:
            raise ParameterError(f"article_a and article_b are the same article {article_b!r}")
        second = others.iloc[0]
    return first, second


def numbered_text(text: str, *, width: int = LINE_WIDTH) -> str:
    """Return ``text`` with the handout's line numbers in a margin, for printing in a notebook."""
    return "\n".join(
        "" if number is None else f"{number:>4}  {line}"
        for number, line in numbered_lines(text, width=width)
    )


def loaded_terms(
    text: str, *, difficulty: str = "basic", lexicon: Lexicon | None = None, width: int = LINE_WIDTH
) -> pd.DataFrame:
    """Return the tool's loaded-term hits with the handout ``line`` of each.

    ``difficulty="basic"`` keeps the author's own voice only (no hit inside a quotation or
    under a negation: the easier thing to spot); ``"advanced"`` keeps every hit.
    """
    from framing.features.loaded_terms import find_terms

    if difficulty not in DIFFICULTIES:
        raise ParameterError(f"difficulty must be one of {DIFFICULTIES}, got {difficulty!r}")
    hits = find_terms(text, lexicon)
    if difficulty == "basic":
        hits = hits[~hits["quoted"].astype(bool) & ~hits["negated"].astype(bool)]
    hits = hits.reset_index(drop=True)
    hits.insert(0, "line", line_numbers(text, hits["start"].tolist(), width=width))
    return hits


def score_article(
    student_terms: Sequence[str],
    text: str,
    *,
    difficulty: str = "basic",
    lexicon: Lexicon | None = None,
) -> ScoreResult:
    """Return a student's terms scored against the tool's hits in ``text`` at ``difficulty``;
    words the tool did not count are explained against every hit (quoted and negated ones
    included) and the text: "not in this article", "only inside quotations", ...
    """
    hits = loaded_terms(text, difficulty=difficulty, lexicon=lexicon)
    every = (
        hits
        if difficulty == "advanced"
        else loaded_terms(text, difficulty="advanced", lexicon=lexicon)
    )
    return score_answers(student_terms, hits, lexicon=lexicon, all_hits=every, text=text)


def answer_key(hits: pd.DataFrame) -> pd.DataFrame:
    """Return one row per distinct term: lines where it occurs, category and explanation."""
    if hits.empty:
        return pd.DataFrame(columns=["term", "lines", "category", "explanation", "examples"])
    return (
        hits.groupby("term", sort=False)
        .agg(
            lines=("line", lambda s: ", ".join(str(v) for v in sorted(set(s)))),
            category=("category", "first"),
            explanation=("explanation", "first"),
            examples=("text", lambda s: " | ".join(dict.fromkeys(s))),
        )
        .reset_index()
    )


def demo_answers(
    hits: pd.DataFrame, *, n_right: int = 3, wrong: Sequence[str] = ("brave",)
) -> list[str]:
    """Return a made-up answer list for the teacher's demonstration: the surface forms of the
    first ``n_right`` distinct terms plus ``wrong`` words (so scoring shows every table).
    """
    right = hits.drop_duplicates("term")["text"].head(n_right).tolist()
    return [*right, *wrong]


# --- Same event, two framings -----------------------------------------------------------


def label_comparison(
    text_a: str, text_b: str, *, label_sets: LabelSets | None = None
) -> pd.DataFrame:
    """Return, per competing-label set and label, how often article A and B use it in the
    author's voice and inside quotations (columns ``A_author``, ``A_quoted``, ...).
    """
    from framing.features.competing_labels import find_labels

    frames = []
    for name, text in (("A", text_a), ("B", text_b)):
        hits = find_labels(text, label_sets)
        hits = hits.assign(article=name, voice=np.where(hits["quoted"], "quoted", "author"))
        frames.append(hits[["article", "label_set", "label", "voice"]])
    hits = pd.concat(frames, ignore_index=True)
    if hits.empty:
        return pd.DataFrame(columns=["label_set", "label"])
    table = hits.pivot_table(
        index=["label_set", "label"],
        columns=["article", "voice"],
        aggfunc="size",
        fill_value=0,
    )
    columns = [(a, v) for a in ("A", "B") for v in ("author", "quoted")]
    table = table.reindex(columns=pd.MultiIndex.from_tuples(columns), fill_value=0)
    table.columns = pd.Index([f"{a}_{v}" for a, v in columns])
    return table.reset_index()


def prediction_check(predictions: dict[str, Sequence[str]], labels: pd.DataFrame) -> pd.DataFrame:
    """Return, per article ("A"/"B") and predicted label, whether the article used it."""
    from framing.classroom.scoring import term_key

    rows = []
    for article in ("A", "B"):
        used = labels[(labels[f"{article}_author"] + labels[f"{article}_quoted"]) > 0]
        used_keys = {term_key(label) for label in used["label"]}
        for label in predictions.get(article, []):
            rows.append(
                {"article": article, "predicted": label, "used": term_key(label) in used_keys}
            )
    return pd.DataFrame(rows, columns=["article", "predicted", "used"])


def voice_shares(text_a: str, text_b: str) -> pd.DataFrame:
    """Return per article the share of text inside quotations (others' voice) and the author's."""
    from framing.features.quoted_regions import quoted_regions

    rows = []
    for name, text in (("A", text_a), ("B", text_b)):
        quoted = sum(end - start for start, end in quoted_regions(text))
        share = quoted / len(text) if text else 0.0
        rows.append({"article": name, "quoted_share": share, "author_share": 1.0 - share})
    return pd.DataFrame(rows)


def sentences_of(text: str, article_id: str = "article") -> pd.DataFrame:
    """Return the sentences of ``text`` as a small sentences table (article_id, sentence_id,
    start, end, text), using the ingest step's segmenter."""
    from framing.ingest.segment import split_sentences

    spans = split_sentences(text)
    return pd.DataFrame(
        {
            "article_id": article_id,
            "sentence_id": range(len(spans)),
            "start": [s for s, _ in spans],
            "end": [e for _, e in spans],
            "text": [text[s:e] for s, e in spans],
        }
    )


def actor_tone(text_a: str, text_b: str, *, top: int = 6) -> pd.DataFrame:
    """Return the ``top`` actors by mentions with their mean sentiment in article A and B."""
    from framing.features.actors import actor_sentiment
    from framing.features.sentiment import score

    sentences = pd.concat([sentences_of(text_a, "A"), sentences_of(text_b, "B")], ignore_index=True)
    per_actor = actor_sentiment(sentences, score(sentences["text"]))
    table = per_actor.pivot_table(
        index="actor", columns="article_id", values=["mentions", "sentiment_mean"]
    )
    # values x articles: a MultiIndex of (value, article) pairs
    pairs = cast(list[tuple[str, str]], table.columns.to_list())
    table.columns = pd.Index([f"{article}_{value}" for value, article in pairs])
    for column in ("A_mentions", "B_mentions", "A_sentiment_mean", "B_sentiment_mean"):
        if column not in table.columns:
            table[column] = np.nan
    table = table[["A_mentions", "A_sentiment_mean", "B_mentions", "B_sentiment_mean"]]
    order = table[["A_mentions", "B_mentions"]].fillna(0).sum(axis=1)
    return table.loc[order.sort_values(ascending=False).index].head(top).round(3).reset_index()


# --- Who gets to speak? -----------------------------------------------------------------


def quote_table(text: str, *, width: int = LINE_WIDTH) -> pd.DataFrame:
    """Return the article's quotations with speaker, attribution verb, its class and line."""
    from framing.features.quotes import find_quotes

    quotes = find_quotes(text)
    quotes.insert(0, "line", line_numbers(text, quotes["start"].tolist(), width=width))
    return quotes[["line", "speaker", "verb", "verb_class", "n_words", "text"]]


def speaker_summary(quotes: pd.DataFrame) -> pd.DataFrame:
    """Return per speaker: number of quotes and quoted words, most quoted first."""
    named = quotes.assign(speaker=quotes["speaker"].fillna("(no speaker found)"))
    return (
        named.groupby("speaker", sort=False)
        .agg(quotes=("text", "size"), words=("n_words", "sum"))
        .sort_values(["words", "quotes"], ascending=False)
        .reset_index()
    )


def _loaded_verb_pattern() -> re.Pattern[str] | None:
    from framing.features.attribution import load_attribution_verbs

    forms = [f for f, (_, kind, _) in load_attribution_verbs().forms.items() if kind == "loaded"]
    if not forms:
        return None
    ordered = sorted(forms, key=len, reverse=True)
    return re.compile(
        r"\b(?:" + "|".join(r"\s+".join(map(re.escape, f.split())) for f in ordered) + r")\b", re.I
    )


def loaded_sentence(text: str, *, lexicon: Lexicon | None = None) -> str:
    """Return the sentence students rewrite: the first with a loaded attribution verb
    ("claimed", "admitted"), else the first with a loaded term in the author's voice, else
    the first sentence."""
    from framing.features.loaded_terms import find_terms

    spans = sentences_of(text)
    if spans.empty:
        return ""
    pattern = _loaded_verb_pattern()
    for sentence in spans["text"]:
        if pattern is not None and pattern.search(sentence):
            return str(sentence).strip()
    hits = find_terms(text, lexicon)
    marks = hits.loc[~hits["quoted"].astype(bool), "start"].tolist()
    for row in spans.itertuples(index=False):
        if any(row.start <= m < row.end for m in marks):
            return str(row.text).strip()
    return str(spans["text"].iloc[0]).strip()


def verb_notes(quotes: pd.DataFrame) -> pd.DataFrame:
    """Return each loaded attribution verb used in ``quotes`` with how often and what it
    suggests (the explanation in ``attribution_verbs.yml``)."""
    from framing.features.attribution import load_attribution_verbs

    verbs = load_attribution_verbs()
    notes = {base: explanation for base, _, explanation in verbs.forms.values()}
    loaded = quotes[quotes["verb_class"] == "loaded"]
    table = loaded.groupby("verb", sort=True).size().rename("uses").reset_index()
    table["what_it_suggests"] = table["verb"].map(notes)
    return table


def said_rewrite(sentence: str) -> str:
    """Return ``sentence`` with every loaded attribution verb replaced by "said" (a first,
    mechanical step towards a neutral rewrite, for the teacher's demonstration)."""

    pattern = _loaded_verb_pattern()
    return pattern.sub("said", sentence) if pattern is not None else sentence


def _loadedness(sentence: str, lexicon: Lexicon | None) -> dict[str, Any]:
    from framing.features.attribution import load_attribution_verbs
    from framing.features.loaded_terms import find_terms
    from framing.features.sentiment import score

    verbs = load_attribution_verbs()
    words = [w.lower() for w in _WORDS.findall(sentence)]
    loaded_verbs = [w for w in words if w in verbs.forms and verbs.forms[w][1] == "loaded"]
    hits = find_terms(sentence, lexicon)
    return {
        "loaded_verbs": ", ".join(loaded_verbs),
        "n_loaded_verbs": len(loaded_verbs),
        "loaded_terms": ", ".join(hits["text"]),
        "n_loaded_terms": len(hits),
        "sentiment": round(float(score([sentence], lexicon=lexicon)["compound"].iloc[0]), 3),
    }


def rescore_rewrite(original: str, rewrite: str, *, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Return loaded attribution verbs, loaded terms and sentiment before and after a
    student's neutral rewrite (rows ``original`` and ``rewrite``); an empty rewrite is
    shown as such."""
    rows = [{"version": "original", "sentence": original, **_loadedness(original, lexicon)}]
    if str(rewrite).strip():
        rows.append({"version": "rewrite", "sentence": rewrite, **_loadedness(rewrite, lexicon)})
    return pd.DataFrame(rows)


# --- Feel the tone ----------------------------------------------------------------------


def pick_sentences(text: str, *, n: int = 5, min_words: int = 6) -> list[str]:
    """Return ``n`` sentences of ``text`` spread evenly from start to end (at least
    ``min_words`` words each where possible); deterministic, no randomness."""
    sentences = [s.strip() for s in sentences_of(text)["text"]]
    long_enough = [s for s in sentences if len(s.split()) >= min_words] or sentences
    if len(long_enough) <= n:
        return long_enough
    positions = np.linspace(0, len(long_enough) - 1, n).round().astype(int)
    return [long_enough[i] for i in positions]


def numbered_sentences(sentences: Sequence[str]) -> str:
    """Return the sentences as "S1. ...", "S2. ..." paragraphs for printing."""
    return "\n\n".join(f"S{i}. {s}" for i, s in enumerate(sentences, start=1))


def tone_arc(text: str) -> pd.DataFrame:
    """Return per sentence (in order) the framing-aware and plain VADER compound scores."""
    from framing.features.sentiment import score

    sentences = sentences_of(text)
    scores = score(sentences["text"])
    return pd.DataFrame(
        {
            "sentence_id": sentences["sentence_id"],
            "compound": scores["compound"].to_numpy(),
            "compound_vader": scores["compound_vader"].to_numpy(),
        }
    )


def compare_ratings(sentences: Sequence[str], ratings: Sequence[float]) -> pd.DataFrame:
    """Return each sentence with the student's rating (−4..+4, rescaled to −1..+1), VADER's
    compound and clues to why they may differ (quotation, negation, question/exclamation).

    An empty ``ratings`` list (the student has not answered yet) gives NaN ratings.
    """
    from framing.features.quoted_regions import quoted_regions
    from framing.features.sentiment import score

    if ratings and len(ratings) != len(sentences):
        raise ParameterError(
            f"give one rating per sentence: {len(sentences)} sentences, {len(ratings)} ratings"
        )
    for rating in ratings:
        if not -4 <= float(rating) <= 4:
            raise ParameterError(f"ratings go from -4 to +4; got {rating}")
    student = [float(r) for r in ratings] if ratings else [np.nan] * len(sentences)
    scores = score(list(sentences))
    table = pd.DataFrame(
        {
            "sentence": [f"S{i}" for i in range(1, len(sentences) + 1)],
            "you": student,
            "you_scaled": np.asarray(student) / 4,
            "vader": scores["compound_vader"].to_numpy(),
            "framing_aware": scores["compound"].to_numpy(),
            "quoted_speech": [bool(quoted_regions(s)) for s in sentences],
            "negation": [bool(_NEGATION.search(s)) for s in sentences],
            "question_or_exclamation": [("?" in s) or ("!" in s) for s in sentences],
            "text": list(sentences),
        }
    )
    table["difference"] = (table["you_scaled"] - table["vader"]).round(3)
    return table
