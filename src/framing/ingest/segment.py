"""Paragraphs and sentences as character offsets into the clean text.

Why a rule-based splitter: NLTK's Punkt needs the downloaded ``punkt`` model (no downloads
here), and an untrained ``PunktSentenceTokenizer`` with hand-set abbreviations is slower
(NLTK wraps its regexes in a time-out guard) without being better on news prose. One compiled
regex finds candidate boundaries (terminal punctuation, optional closing quotes, whitespace,
then a capital, digit or opening quote), and a few cheap checks veto the candidates that
follow an abbreviation ("Mr.", "Feb.", "Sec.-Gen.", "U.S."), an initial ("Jeffrey D. Sachs")
or a number marker ("No. 5"). It runs offline at hundreds of thousands of sentences a second
and returns offsets, so every sentence satisfies ``text[start:end] == sentence``.
"""

from __future__ import annotations

import re

_ABBREVIATION_WORDS = """
mr mrs ms mx dr prof sr jr st mt ft sen rep gov gen lt col maj capt cpt cmdr adm sgt cpl
pres sec secy amb ambs insp supt det rev fr hon gens messrs mssrs mme mlle
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
inc ltd co corp llc plc bros dept univ assn est approx vs etc al cf ca no nos vol vols
fig figs pp p para art sect ch op ed eds repr trans tel ext dist ave blvd rd hwy
"""
_STARTER_WORDS = """
The A An He She It They We I You This That These Those There But And Yet So However
Meanwhile In On At For His Her Its Their Our Some Many Most Both Such If When While
"""
#: Words that end with a period without ending a sentence (lower-case, without the period).
ABBREVIATIONS: frozenset[str] = frozenset(_ABBREVIATION_WORDS.split())
#: After a multi-period abbreviation such as "U.S." these words start a new sentence.
SENTENCE_STARTERS: frozenset[str] = frozenset(_STARTER_WORDS.split())

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# Terminal punctuation, optional closing quotes/brackets, whitespace, then something that can
# open a sentence (optional opening quote or bracket, then a capital letter or a digit).
_BOUNDARY = re.compile(
    r"(?P<end>(?:[.!?]+|…)[\"'”’)\]]*)(?P<space>\s+)(?=[\"'“‘(\[]*(?P<next>[A-Z0-9]\w*))"
)
_LEADING_PUNCT = re.compile(r"^[\"'“‘(\[]+")


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the paragraphs of ``text`` (blank-line separated).

    Offsets exclude surrounding whitespace, so ``text[start:end]`` is the paragraph.

    >>> split_paragraphs("One.\\n\\nTwo.")
    [(0, 4), (6, 10)]
    """
    spans: list[tuple[int, int]] = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        _append_stripped(text, position, match.start(), spans)
        position = match.end()
    _append_stripped(text, position, len(text), spans)
    return spans


def _append_stripped(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    body = piece.strip()  # str.strip() removes exactly the characters str.isspace() accepts
    if body:
        start += len(piece) - len(piece.lstrip())
        spans.append((start, start + len(body)))


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    """Veto a candidate boundary that follows an abbreviation, an initial or a number mark."""
    end = match.group("end")
    if not end.startswith(".") or end.rstrip(".") != "":
        return True  # "?", "!", "…", or a period inside closing quotes: “No.” ends a sentence
    stop = match.start("end")
    before = text[max(0, stop - 64) : stop].split()
    if not before:
        return True
    word = _LEADING_PUNCT.sub("", before[-1])
    if not word:
        return True
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "Jeffrey D. Sachs"
    if "." in word:  # "U.S", "Sec.-Gen", "e.g": an abbreviation unless a sentence clearly starts
        return match.group("next") in SENTENCE_STARTERS
    return word.lower() not in ABBREVIATIONS


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return sentence offsets within ``text[start:end]`` (one paragraph), whitespace-stripped."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    position = start
    for match in _BOUNDARY.finditer(text, start, end):
        if _is_boundary(text, match):
            stop = match.end("end")
            if position == start:
                _append_stripped(text, position, stop, spans)
            else:  # starts after the whitespace group, ends on punctuation: nothing to strip
                spans.append((position, stop))
            position = match.end("space")
    _append_stripped(text, position, end, spans)
    return spans


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences of ``text``; none crosses a paragraph.

    >>> text = "Jeffrey D. Sachs spoke on Feb. 24. The U.S. Marine said “No.” He left."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['Jeffrey D. Sachs spoke on Feb. 24.', 'The U.S. Marine said “No.”', 'He left.']
    """
    spans: list[tuple[int, int]] = []
    for para_start, para_end in split_paragraphs(text):
        spans.extend(sentence_spans(text, para_start, para_end))
    return spans
