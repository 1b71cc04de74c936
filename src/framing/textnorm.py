"""Typographic variants of one character, defined once for every matcher.

Scraped text writes the same apostrophe, quotation mark, dash or space in many ways. Each
consumer folds them to a plain form that suits its job (the cleaner keeps a hyphen, the
lexicon matcher turns dashes into spaces so "proxy-war" matches "proxy war"), but all of
them draw on the character classes below, so a variant added here is folded everywhere.
All folds map one character to one character: offsets into the text stay valid.
"""

from __future__ import annotations

import re
from itertools import filterfalse

#: Typographic single quotes and apostrophes, folded to ``'``.
APOSTROPHES = "\u2018\u2019\u201a\u201b\u2032\u02bc`\u00b4"
#: Typographic double quotes and guillemets, folded to ``"``.
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
#: Hyphens, dashes and minus signs other than ``-``.
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
#: Space characters other than `` `` that are not line breaks.
SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
SPACES += "\u202f\u205f\u3000"
#: Line breaks and other whitespace control characters.
LINE_BREAKS = "\t\n\r\x0b\x0c\u2028\u2029"
#: Characters that carry no text: soft hyphen, zero-width spaces and joiners, BOM.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"


def typography_map(
    *, dash: str = "-", space: str = " ", line_break: str | None = None
) -> dict[str, str]:
    """Return a one-to-one fold of quotes, dashes and spaces (and line breaks when given).

    >>> "Putin\u2019s \u201cspecial\u201d".translate(str.maketrans(typography_map()))
    'Putin\\'s "special"'
    """
    mapping = {
        **dict.fromkeys(APOSTROPHES, "'"),
        **dict.fromkeys(DOUBLE_QUOTES, '"'),
        **dict.fromkeys(DASHES, dash),
        **dict.fromkeys(SPACES, space),
    }
    if line_break is not None:
        mapping.update(dict.fromkeys(LINE_BREAKS, line_break))
    return mapping


#: ``str.translate`` table of :func:`typography_map` with its defaults.
TYPOGRAPHY = str.maketrans(typography_map())


def fold_typography(text: str) -> str:
    """Return ``text`` with typographic quotes, dashes and spaces in their plain ASCII form."""
    return text.translate(TYPOGRAPHY)


#: The one definition of a word, used for ``articles.word_count``, ``features.n_tokens`` and
#: every per-1,000-words rate: an initialism ("U.S."), a number with its separators
#: ("13,000", "1.5"), or a run of word characters in which hyphens and apostrophes keep it one
#: word ("well-known", "Putin’s"). Readability scores count words as textstat does, inside
#: their formulas only.
WORD = re.compile(r"(?:[^\W\d_]\.){2,}|\d+(?:[.,]\d+)+(?:[-'’]\w+)*|\w+(?:[-'’]\w+)*")


def count_words(text: str) -> int:
    """Return the number of :data:`WORD` matches in ``text``.

    >>> count_words("Putin’s well-known 13,000 troops and the U.S.-led alliance.")
    9
    """
    # A whitespace chunk of letters and digits is exactly one word: only the other chunks
    # ("well-known", "“We", "Putin’s.") go through the regex.
    chunks = text.split()
    rest = " ".join(filterfalse(str.isalnum, chunks))
    if not rest:
        return len(chunks)
    n_plain = len(chunks) - rest.count(" ") - 1
    return n_plain + len(WORD.findall(rest))
