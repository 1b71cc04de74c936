"""What a target-dependent sentiment model sees of one mention: its masked context and its cues.

A mention is a character span ``text[start:end]`` (a person, a country, an organisation). Its
sentiment is judged from the words around it, never from its own name: the span is masked in
the context, and of the span itself only its shape and lower-case words count ("the brutal
attacks", "protesters"; a name is just ``<name>``), so the model learns how news sentences treat
*whoever* stands in that place ("X attacked Y", "critics accuse X of ...", "X was praised"),
not what annotators thought of Trump or Russia.

:func:`mention_features` turns one mention into

- *tokens*: (name, weight) pairs for feature hashing. Words of the left and right context
  marked by side and distance from the target (``l1:attacked``, ``r2:by``), their crude
  stems (``ls:attack``), adjacent bigrams, the words of the
  target's clause and of the whole sentence (masked), engineered cue names, and the form of
  the mention itself (its lower-case words; names only as ``<name>``);
- *dense*: a fixed-length vector of cue strengths (:data:`DENSE_NAMES`): distance-weighted
  VADER valence on each side, the valence of the verb the target is the agent or the patient of
  (word order plus a passive-voice check: "Y was attacked by X"), negation of that verb,
  whether the target is inside a quotation or speaks one, distancing and rebuttal cues ("accuse
  X of", "alleged", "so-called", "X denies"), the framing lexicon's loaded-term valence near
  the target, and the VADER and loaded-term valence of the mention's own words;
- *cues*: the context words that carried valence, nearest first, for explanations.

Everything here is plain Python over one sentence-sized text, linear in its length.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from framing.features.negation import NEGATION_CUES
from framing.features.target_parse import CALENDAR, SentenceParse, parse_sentence
from framing.features.target_words import (
    ACCUSE,
    AUX_SKIP,
    BE,
    DETERMINERS,
    DISTANCING,
    PRONOUNS,
    REBUTTAL,
    SPEECH_VERBS,
)

_BUCKETS = (1, 2, 3, 5, 8, 12)
#: A side's words also count once more, fading with distance (chosen by cross-validation).
_DECAY = (1.0, 0.9, 0.8, 0.65, 0.5, 0.35, 0.25)
DECAYED_WEIGHT = 3.0
#: Words either side of the target that the side features look at (further ones add little).
MAX_SIDE = 15


def _bucket(distance: int) -> int:
    """Index of the distance bucket (1, 2, 3, 4-5, 6-8, 9-12, 13+)."""
    for index, limit in enumerate(_BUCKETS):
        if distance <= limit:
            return index
    return len(_BUCKETS)


_BUCKET_OF = [_bucket(distance) for distance in range(MAX_SIDE + 1)]
_DECAYED = [DECAYED_WEIGHT * decay for decay in _DECAY]

DENSE_NAMES: tuple[str, ...] = (
    "left_subj",
    "right_subj",
    "left_adj",
    "right_adj",
    "left_pos",
    "left_neg",
    "right_pos",
    "right_neg",
    "clause_pos",
    "clause_neg",
    "sentence_pos",
    "sentence_neg",
    "agent_valence",
    "patient_valence",
    "verb_negated",
    "passive",
    "in_quote",
    "sentence_has_quote",
    "speaker",
    "quote_pos",
    "quote_neg",
    "distancing",
    "accused_target",
    "rebuttal",
    "rebutting_target",
    "loaded_near",
    "target_first",
    "pronoun",
    "predicate_valence",
    "predicate_negated",
    "target_valence",
    "target_loaded",
)
#: The blocks of :attr:`MentionFeatures.tokens`, in order.
TOKEN_BLOCKS: tuple[str, ...] = ("side", "sentence", "clause", "other")
#: Characters either side of the target in the masked window text (the TF-IDF block's input).
WINDOW_CHARS = 120


@dataclass(frozen=True)
class MentionFeatures:
    """Hashed-feature tokens, the dense cue vector and the cue words of one mention."""

    tokens: list[tuple[str, float]]
    dense: list[float]
    cues: list[tuple[str, float]]
    patient_of: str = ""
    window: str = ""  # masked words within WINDOW_CHARS of the target, "targetmask" for it
    #: Where the side, sentence and clause runs of ``tokens`` end (the rest: role, voice,
    #: form cues); the model normalises each block on its own (see :data:`TOKEN_BLOCKS`).
    blocks: tuple[int, int, int] = (0, 0, 0)


def _verb_after(words: tuple[str, ...], index: int, clause: tuple[int, ...]) -> int | None:
    """Index of the first content word after ``index`` in the same clause, skipping auxiliaries."""
    for j in range(index, min(len(words), index + 5)):
        if clause[j] != clause[index] or words[j] in (",", "."):
            return None
        if words[j] in AUX_SKIP or words[j] in BE or words[j] in DETERMINERS:
            continue
        return j
    return None


@dataclass
class _Mention:
    """What the feature steps of one mention share and fill in."""

    parse: SentenceParse
    first: int  # the target's first token
    last: int  # one past its last token
    tokens: list[tuple[str, float]] = field(default_factory=list)
    dense: dict[str, float] = field(default_factory=lambda: dict.fromkeys(DENSE_NAMES, 0.0))
    cues: list[tuple[float, str, float]] = field(default_factory=list)
    patient_of: str = ""
    sentence_count: int = 0  # tokens of the sentence block (after the side block)
    clause_count: int = 0  # tokens of the clause block (after the sentence block)

    def add(self, name: str, weight: float = 1.0) -> None:
        self.tokens.append((name, weight))


def _side_features(m: _Mention, side: str, indices: Iterable[int]) -> None:
    """Words on one side of the target (``side`` "l" or "r", ``indices`` nearest first)."""
    words, valence, size = m.parse.words, m.parse.valence, len(m.parse.words)
    stems = m.parse.stems
    full = "left" if side == "l" else "right"
    add = m.tokens.append
    for distance, i in enumerate(indices, start=1):
        word = words[i]
        bucket = _BUCKET_OF[distance]
        add((f"{side}{bucket}:{word}", 1.0))
        add((f"{side}w:{word}", _DECAYED[bucket]))
        stem = stems[i]
        if stem:
            add((f"{side}s:{stem}", _DECAYED[bucket]))
        if distance <= 3:
            if side == "l" and i > 0:
                add((f"lb:{words[i - 1]}_{word}", 1.0))
            elif side == "r" and i + 1 < size:
                add((f"rb:{word}_{words[i + 1]}", 1.0))
        value = valence[i]
        if value:
            m.add(f"{side}{bucket}:{'POS' if value > 0 else 'NEG'}")
            m.dense[f"{full}_pos" if value > 0 else f"{full}_neg"] += (1.0 / distance) * abs(value)
            m.cues.append((distance, word, value))
        polarity, subjectivity = m.parse.adjective[i]
        if subjectivity:
            m.dense[f"{full}_subj"] += subjectivity / distance
            m.dense[f"{full}_adj"] += polarity / distance
            if subjectivity >= 0.5:
                m.add(f"{side}{bucket}:SUBJ")


def _sentence_features(m: _Mention) -> None:
    """Every other word of the sentence, and of the target's clause (slices of the parse's)."""
    parse, size, first, last = m.parse, len(m.parse.words), m.first, m.last
    sentence_tokens, clause_tokens = parse.context_tokens
    m.tokens.extend(sentence_tokens[:first])
    m.tokens.extend(sentence_tokens[last:])
    m.sentence_count = first + max(0, size - last)
    target_clause = parse.clause[first] if first < size else (parse.clause[-1] if size else 0)
    # Clause ids never decrease, so a clause is one run of words.
    low = bisect_left(parse.clause, target_clause)
    high = bisect_right(parse.clause, target_clause)
    pos, neg = parse.valence_sums
    cut_low, cut_high = max(low, min(first, high)), min(high, max(last, low))
    for a, b in ((low, cut_low), (cut_high, high)):
        m.tokens.extend(clause_tokens[a:b])
        m.clause_count += max(0, b - a)
        m.dense["clause_pos"] += pos[b] - pos[a]
        m.dense["clause_neg"] += neg[b] - neg[a]
    m.dense["sentence_pos"] += pos[first] + pos[size] - pos[min(last, size)]
    m.dense["sentence_neg"] += neg[first] + neg[size] - neg[min(last, size)]


def _role_features(m: _Mention) -> None:
    """Agent or patient: the verb right after the target (passive flips it) or right before."""
    words, valence, first, last = m.parse.words, m.parse.valence, m.first, m.last
    passive = False
    verb = _verb_after(words, last, m.parse.clause) if last < len(words) else None
    if verb is not None:
        between = words[last:verb]
        passive = any(w in BE for w in between) and words[verb].endswith("ed")
        negated = any(w in NEGATION_CUES or w.endswith("n't") for w in between)
        m.dense["verb_negated"] = 1.0 if negated else 0.0
        role = "patient" if passive else "agent"
        m.dense[f"{role}_valence"] += valence[verb]
        m.add(f"{role}:{words[verb]}")
        if negated:
            m.add(f"neg_{role}:{words[verb]}")
    m.patient_of = words[verb] if passive and verb is not None else ""
    if first >= 1:
        before = words[first - 1]
        if before == "by" and first >= 2:
            # "... attacked by X": X is the agent of the participle before "by".
            m.dense["agent_valence"] += valence[first - 2]
            m.add(f"agent_by:{words[first - 2]}")
        elif before not in BE and valence[first - 1]:
            m.dense["patient_valence"] += valence[first - 1]
            m.patient_of = before
        elif first >= 2 and valence[first - 2] and words[first - 1] in ("the", "a", "an", "on"):
            m.dense["patient_valence"] += valence[first - 2]
            m.patient_of = words[first - 2]
    m.dense["passive"] = 1.0 if passive else 0.0


def _voice_features(m: _Mention) -> None:
    """Attribution (inside a quotation, or its speaker), distancing and rebuttal cues."""
    parse, words, first, last = m.parse, m.parse.words, m.first, m.last
    size = len(words)
    in_quote = first < size and parse.quoted[first]
    m.dense["in_quote"] = 1.0 if in_quote else 0.0
    m.dense["sentence_has_quote"] = 1.0 if parse.has_quote else 0.0
    near = words[max(0, first - 3) : first] + words[last : last + 3]
    if parse.has_quote and not in_quote and any(w in SPEECH_VERBS for w in near):
        m.dense["speaker"] = 1.0
        m.add("speaker")
    quote_pos, quote_neg, marks = _voice_marks(parse)
    m.dense["quote_pos"] += quote_pos
    m.dense["quote_neg"] += quote_neg
    for i, kind in marks:
        if kind == "distancing":
            m.dense["distancing"] = 1.0
            m.add(f"dist:{'left' if i < first else 'right'}")
        elif kind == "rebuttal":
            m.dense["rebuttal"] = 1.0
            if i >= last and i - last <= 3:
                m.dense["rebutting_target"] = 1.0
                m.add("rebutting_target")
        elif i < first and first - i <= 3:  # an accusation
            m.dense["accused_target"] = 1.0
            m.add("accused_target")


@lru_cache(maxsize=64)
def _voice_marks(parse: SentenceParse) -> tuple[float, float, tuple[tuple[int, str], ...]]:
    """Per sentence, once for all its mentions: quoted valence, and where distancing,
    rebuttal and accusation words stand (in word order)."""
    words, size = parse.words, len(parse.words)
    quote_pos = quote_neg = 0.0
    for i in range(size):
        if parse.quoted[i] and parse.valence[i]:
            if parse.valence[i] > 0:
                quote_pos += parse.valence[i]
            else:
                quote_neg -= parse.valence[i]
    marks = []
    for i, word in enumerate(words):
        if word in DISTANCING or (word == "so" and i + 2 < size and words[i + 2] == "called"):
            marks.append((i, "distancing"))
        if word in REBUTTAL:
            marks.append((i, "rebuttal"))
        if word in ACCUSE:
            marks.append((i, "accusation"))
    return quote_pos, quote_neg, tuple(marks)


def _target_features(m: _Mention) -> None:
    """The framing lexicon's loaded terms by distance, and the target's own shape."""
    for i, value in m.parse.loaded_at:
        if not m.first <= i < m.last:
            distance = m.first - i if i < m.first else i - m.last + 1
            m.dense["loaded_near"] += value / distance
    m.dense["target_first"] = 1.0 if m.first == 0 else 0.0
    target_words = m.parse.words[m.first : m.last]
    m.dense["pronoun"] = 1.0 if target_words and target_words[0] in PRONOUNS else 0.0
    if m.dense["pronoun"]:
        m.add("pronoun")


def mention_features(parse: SentenceParse, start: int, end: int) -> MentionFeatures:
    """Return the features of the mention ``[start, end)`` of the parsed sentence."""
    size = len(parse.words)
    first = bisect_right(parse.ends, start)  # the first token ending after ``start``
    last = bisect_left(parse.starts, end, first)  # the first one from ``end`` on (exclusive)
    m = _Mention(parse, first, max(first, last))  # a span between tokens: an empty slot there
    _side_features(m, "l", range(m.first - 1, max(-1, m.first - 1 - MAX_SIDE), -1))
    _side_features(m, "r", range(m.last, min(size, m.last + MAX_SIDE)))
    side_end = len(m.tokens)
    _sentence_features(m)
    _role_features(m)
    _voice_features(m)
    _target_features(m)
    _predicate_features(m)
    _form_features(m)
    ranked = sorted(m.cues)
    return MentionFeatures(
        m.tokens,
        [m.dense[name] for name in DENSE_NAMES],
        [(w, v) for _, w, v in ranked],
        m.patient_of,
        _window(parse, m.first, m.last, start, end),
        (side_end, side_end + m.sentence_count, side_end + m.sentence_count + m.clause_count),
    )


def _window(parse: SentenceParse, first: int, last: int, start: int, end: int) -> str:
    """The masked words within :data:`WINDOW_CHARS` of the target, the target as one mask."""
    left = bisect_left(parse.starts, start - WINDOW_CHARS, 0, first)
    right = bisect_right(parse.ends, end + WINDOW_CHARS, last)
    return " ".join([*parse.words[left:first], "targetmask", *parse.words[last:right]])


def _predicate_features(m: _Mention) -> None:
    """ "X is (not) corrupt": the valence of a predicate after the target and a form of *be*.

    ``predicate_valence`` is the word's own valence (before negation), ``predicate_negated``
    whether a negation stands between: the model learns that "is not corrupt" is no praise.
    """
    words, valence, last = m.parse.words, m.parse.valence, m.last
    j = last
    while j < len(words) and j - last < 3 and words[j] in AUX_SKIP:
        j += 1
    if j >= len(words) or words[j] not in BE:
        return
    negated = False
    for k in range(j + 1, min(len(words), j + 5)):
        word = words[k]
        if word in NEGATION_CUES or word.endswith("n't"):
            negated = True
            continue
        if word in DETERMINERS or word in AUX_SKIP or word in ("very", "so", "too", "more"):
            continue
        if valence[k] or m.parse.adjective[k][1]:
            # the word's own valence: undo the parse's flip of a negated word
            own = valence[k] / -0.74 if negated and valence[k] else valence[k]
            m.dense["predicate_valence"] = own or m.parse.adjective[k][0]
            m.dense["predicate_negated"] = 1.0 if negated else 0.0
            sign = "POS" if m.dense["predicate_valence"] > 0 else "NEG"
            m.add(f"pred{'_not' if negated else ''}:{sign}")
        return


def _form_features(m: _Mention) -> None:
    """What the mention itself is made of, never whom it names.

    Capitalised words count only as ``<name>`` (or ``<date>`` for days and months, which
    annotators read as neutral); lower-case words count as themselves ("the attacks",
    "protesters", "his office"), as do their VADER and loaded-term valences. Also the
    mention's length and whether it holds an apposition ("Pruitt, the embattled head of ...").
    """
    parse, first, last = m.parse, m.first, m.last
    words = parse.words[first:last]
    capitalised = parse.capitalised[first:last] or (False,) * len(words)
    for position, (word, upper) in enumerate(zip(words, capitalised, strict=True)):
        form = word
        if upper:  # a name, whoever it is; days and months are told apart
            form = "<date>" if word == "<date>" or word in CALENDAR else "<name>"
        m.add(f"t:{form}")
        if position == 0:
            m.add(f"t0:{form}")
    m.add(f"tlen:{min(len(words), 4)}")
    if "," in words:
        m.add("t:appos")
    m.dense["target_valence"] = sum(parse.valence[first:last])
    m.dense["target_loaded"] = sum(parse.loaded[first:last])


def features_of(mentions: Iterable[tuple[str, int, int]]) -> list[MentionFeatures]:
    """Return the features of each ``(text, start, end)``, parsing each distinct text once."""
    parses: dict[str, SentenceParse] = {}
    out = []
    for text, start, end in mentions:
        parse = parses.get(text)
        if parse is None:
            parse = parses[text] = parse_sentence(text)
        out.append(mention_features(parse, start, end))
    return out
