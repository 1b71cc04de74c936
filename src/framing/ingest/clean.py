"""Boilerplate removal, rule by rule, with an audit trail; Unicode and whitespace normalization.

Each rule has an id (``RULES``) and works on whole lines of the decoded text; every line it
drops is returned as a :class:`RemovedLine` so ``removed_lines`` can show (and undo) it.
Regexes are compiled once at import. The stored text keeps typographic quotes; lines are
compared (repeated headlines and captions) in the same-length ASCII-folded, lower-cased form
of :func:`normalize_for_matching`.

Body prose is protected: line rules only fire on short lines (``MAX_BOILERPLATE_WORDS``), and
the only rule that removes long lines is ``comment_section``, which drops everything after the
start of a comment or sign-off block (readers' comments are prose, but not the article's).

The line detector of :mod:`framing.ingest.boilerplate` (phrase rules from
``boilerplate.yml``, duplicate paragraphs, lines repeated across the article's source, the
line classifier) reads the lines left after the headline step; what it flags and the rules
of this module left is removed with the detector's rule id (where both fire, this module's
id is kept: stable ids for existing corpora). It then runs again on the clean body until it
flags nothing more, so cleaning stays idempotent. Bylines and datelines the detector
removes give :attr:`Cleaned.author` and :attr:`Cleaned.date`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from framing.ingest.boilerplate import LineDecision, article_byline, classify_lines, load_rules
from framing.ingest.boilerplate_features import LineModel
from framing.textnorm import INVISIBLE, typography_map

#: Rule ids and what they remove, in the order they are applied.
RULES: dict[str, str] = {
    "section_label": "section label above the headline ('Trending Now World')",
    "breadcrumb": "navigation breadcrumb above the headline ('Home Politics …')",
    "headline": "the headline line itself (moved to the title column)",
    "repeated_headline": "a later line repeating the headline",
    "comment_section": "comment or sign-off block and everything after it",
    "related_block": "'Related Articles' / 'Check Also' / 'Read more' header and its teasers",
    "share_widget": "share and social buttons ('Pin It', 'Linked In', '#buttons=…')",
    "cookie_notice": "cookie and consent notices",
    "subscription_notice": "subscribe / newsletter / follow-us notices",
    "back_to_top": "'Back to top' links",
    "byline": "byline ('By -', 'by YCPress'; the name goes to metadata)",
    "reading_time": "reading-time line ('3 minute read')",
    "dateline": "date line or dateline prefix ('Sep 13 2023', 'December 24 – '; to metadata)",
    "embed_url": "a bare URL line (an embedded post or link)",
    "repeated_caption": "a short caption line that occurs more than once",
}
# The detector's ids follow (an id both use, like "byline", keeps this module's text).
RULES.update({rule.id: rule.explanation for rule in load_rules() if rule.id not in RULES})
RULES.setdefault("duplicate_paragraph", "the second copy of a line of the article")
RULES.setdefault("source_repeated_line", "a line recurring across articles of its source")
RULES.setdefault("line_classifier", "a line the line classifier scores as boilerplate")

#: Line rules other than ``comment_section`` never fire on lines longer than this (in words).
MAX_BOILERPLATE_WORDS = 40
#: How many non-empty lines at the top may hold section labels and breadcrumbs.
HEAD_LINES = 4

#: One-to-one fold of comparison keys: typographic quotes, dashes and spaces, "…" as ".".
_FOLD_FOR_MATCHING = str.maketrans({**typography_map(), "\u2026": "."})

_LINE_SEPARATORS = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e]")
_INVISIBLE = re.compile(rf"[{INVISIBLE}\x00-\x08\x0e-\x1f\x7f]")
_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
_WORD = re.compile(r"\w+")

_SECTION_WORDS = (
    r"trending|now|breaking|news|latest|top|stories|world|politics|business|opinion|europe|"
    r"asia|africa|americas|us|uk|live|updates?|analysis|featured|exclusive|video|sports?|tech|"
    r"technology|economy|markets?|health|science|culture|entertainment|local|national|"
    r"international|home|middle|east"
)
_SECTION_LABEL = re.compile(rf"^(?:(?:{_SECTION_WORDS})\s*[|/›»>:-]?\s*){{1,4}}$", re.I)
_BREADCRUMB = re.compile(
    rf"^(?:home|start|startseite)\s*(?:[|/›»>:]|\s(?:{_SECTION_WORDS})\b)", re.I
)
_COMMENT_START = re.compile(
    r"^(?:leave a (?:reply|comment)|post a comment(?: \(\d+\))?|\d+\s+comments?|comments?"
    r"(?: \(\d+\))?|add (?:a|your) comment|join the discussion|\(required\)\s*\(will not be "
    r"published\)|your email address will not be published.*|\S+ sign ?off|if you enjoyed "
    r"this (?:post|article).*|you must be logged in to post a comment.*)\s*[.:!]*$",
    re.I,
)
_RELATED_HEADER = re.compile(
    r"^(?:related(?: articles| posts| stories| news)?|check also|read more|read also|also read|"
    r"see also|more stories|you may also like|recommended(?: for you)?|"
    r"other articles that may interest you)\s*[.:…]*$",
    re.I,
)
_SHARE = re.compile(
    r"^(?:pin it|linked ?in|share(?: this(?: article| post)?| on \w+)?|tweet|facebook|"
    r"twitter|whatsapp|telegram|reddit|email|e-mail|print|copy link|#buttons=.*|"
    r"(?!.*[.!?]$)(?:share|like|tweet|follow)\b.*\b(?:facebook|twitter|tweet|linkedin|"
    r"whatsapp|pinterest|share)\b.*)$",
    re.I,
)
_COOKIE = re.compile(
    r"\bcookies?\b.*\b(?:use|uses|using|accept|consent|experience|policy|learn more)\b", re.I
)
# A consent banner's buttons left as a line of their own: one or two of them ("Ok, got it!").
_CONSENT_BUTTON = r"(?:ok|okay|got it|accept(?: all)?|agree|i agree|allow all)"
_CONSENT_BUTTONS = re.compile(
    rf"^{_CONSENT_BUTTON}(?:\s*[,!.]*\s*{_CONSENT_BUTTON})?\s*[,!.]*$", re.I
)
_SUBSCRIPTION = re.compile(
    r"^(?:subscribe|sign up|follow us|join our)\b|\b(?:subscribe|sign up|follow)(?: to| for)?"
    r" (?:our |the )?(?:newsletter|channel|us on|google news)\b",
    re.I,
)
_BACK_TO_TOP = re.compile(r"^back to top(?: button)?\s*[.↑^]*$", re.I)
_BYLINE = re.compile(r"^by\b\s*[-–—:]?\s*(?P<name>.*?)\s*$", re.I)
_READING_TIME = re.compile(
    r"^(?:\d+|one|two|three|four|five)[- ]?(?:min|mins|minute|minutes)\b"
    r"(?: read(?:ing)?(?: time)?)?\s*$",
    re.I,
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY_NAME = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
DATE_PHRASE = (
    rf"{_DAY_NAME}(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?(?:\s+\d{{4}})?|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?(?:\s+\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}}|"
    rf"\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{4}})"
)
_DATELINE_LINE = re.compile(
    rf"^(?:published|updated|posted)?\s*(?:on)?\s*:?\s*{DATE_PHRASE}"
    r"(?:\s*[,|-]?\s*\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?\s*$",
    re.I,
)
_DATELINE_PREFIX = re.compile(rf"^(?:{DATE_PHRASE}\s*[–—-]\s*)+(?=\S)", re.I)
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_TERMINAL_CHARS = tuple('.!?…:;"”’)')


@dataclass(frozen=True)
class RemovedLine:
    """One dropped line (or line prefix): 1-based line number, rule id and the text."""

    line_no: int
    rule_id: str
    text: str


@dataclass(frozen=True)
class Cleaned:
    """The clean body, its headline (or None), every removed line with its rule id, and the
    author and date (as printed) stated by a removed byline or dateline (or None)."""

    text: str
    title: str | None
    removed: tuple[RemovedLine, ...] = field(default_factory=tuple)
    author: str | None = None
    date: str | None = None

    def removed_by(self, rule_id: str) -> list[RemovedLine]:
        """Return the removed lines of one rule, in line order."""
        return [line for line in self.removed if line.rule_id == rule_id]


def normalize_for_matching(text: str) -> str:
    """Return ``text`` lower-cased with typographic quotes, dashes and spaces mapped to ASCII.

    The result has exactly the length of ``text`` (one character for one), so offsets found
    in it are valid in the original.

    >>> normalize_for_matching("Putin’s “red line” – NATO")
    'putin\\'s "red line" - nato'
    """
    folded = text.translate(_FOLD_FOR_MATCHING)
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    # A few characters (e.g. "İ") lower-case to two; keep those as they are.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)


def normalize_text(text: str) -> list[str]:
    """Return the lines of ``text`` (any line-break convention), each NFC-normalized, without
    soft hyphens or invisible characters, with runs of spaces (including NBSP) collapsed to
    one and no surrounding space.

    >>> normalize_text("Caf\u00e9\u00a0 owners\r\nsaid")
    ['Café owners', 'said']
    """
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", _LINE_SEPARATORS.sub("\n", text)))
    return [line.strip() for line in _HORIZONTAL_SPACE.sub(" ", text).split("\n")]


def _words(line: str) -> int:
    return len(line.split())


def _ends_sentence(line: str) -> bool:
    return line.endswith(_TERMINAL_CHARS)


def _key(line: str) -> str:
    """Comparison key for repeated lines: ASCII-folded, lower-case, without end punctuation."""
    return normalize_for_matching(line).strip(" .:!?\"'")


def _line_rule(line: str) -> str | None:
    """Return the id of the short-line rule that removes ``line``, or None to keep it."""
    if _words(line) > MAX_BOILERPLATE_WORDS:
        return None
    if _SHARE.match(line):
        return "share_widget"
    if _COOKIE.search(line) or _CONSENT_BUTTONS.match(line):
        return "cookie_notice"
    if _words(line) <= 30 and _SUBSCRIPTION.search(line):
        return "subscription_notice"
    if _BACK_TO_TOP.match(line):
        return "back_to_top"
    if _words(line) <= 6 and _BYLINE.match(line) and not _ends_sentence(line):
        return "byline"
    if _READING_TIME.match(line):
        return "reading_time"
    if _DATELINE_LINE.match(line):
        return "dateline"
    if _URL_LINE.match(line):
        return "embed_url"
    return None


def _is_headline(line: str) -> bool:
    """A headline candidate: short, not boilerplate, not a sentence ending in a period."""
    return (
        _words(line) <= MAX_BOILERPLATE_WORDS
        and not line.endswith(".")
        and _line_rule(line) is None
        and not _COMMENT_START.match(line)
    )


def _is_teaser(line: str) -> bool:
    """A teaser under a 'Related' header: a short line, or one cut off with an ellipsis."""
    return _words(line) <= 25 or line.endswith(("…", "...")) or not _ends_sentence(line)


def clean_text(
    text: str,
    *,
    title: str | None = None,
    repeated: Collection[str] = frozenset(),
    model: LineModel | bool | None = True,
) -> Cleaned:
    """Return the clean body of one article, its headline, and the removed lines.

    When ``title`` is None the headline is the first non-empty line that is not a section
    label or breadcrumb; when given (HTML, CSV), lines repeating it are dropped. Paragraphs
    are separated by one blank line; single line breaks inside a paragraph are kept.
    Cleaning a clean body again with the same ``title`` changes nothing (when ``title`` was
    None, give the headline found, or ``""`` when there was none).

    repeated
        keys (:func:`~framing.ingest.boilerplate_repeats.line_key`) of lines recurring
        across the article's source (:func:`~framing.ingest.boilerplate_repeats.repeated_lines`).
    model
        the line classifier: True for the shipped one, False or None for rules only, or a
        :class:`~framing.ingest.boilerplate_features.LineModel` (evaluation folds).

    >>> cleaned = clean_text("Trending Now\\n\\nNATO meets\\n\\nPin It\\n\\nLeaders met today.")
    >>> cleaned.title, cleaned.text
    ('NATO meets', 'Leaders met today.')
    >>> clean_text("NATO meets\\n\\nBy Jane Doe | 3 March 2024\\n\\nLeaders met.").author
    'Jane Doe'
    """
    lines = normalize_text(text)
    removed: list[RemovedLine] = []
    keep = [bool(line) for line in lines]

    def drop(index: int, rule_id: str) -> None:
        keep[index] = False
        removed.append(RemovedLine(index + 1, rule_id, lines[index]))

    title = _drop_head(lines, title, drop)
    candidates = [i for i, line in enumerate(lines) if keep[i]]
    decisions = classify_lines([lines[i] for i in candidates], repeated=repeated, model=model)
    _drop_by_line_rules(lines, keep, drop, title)
    _drop_repeated_captions(lines, keep, drop)
    for index, decision in zip(candidates, decisions, strict=True):
        if keep[index] and not decision.keep and decision.rule_id:
            drop(index, decision.rule_id)
    body: list[str | None] = [line if keep[i] else None for i, line in enumerate(lines)]
    _strip_dateline_prefix(body, removed)
    found = _removed_decisions(decisions, candidates, keep)
    if model:
        found += _settle(body, removed, repeated=repeated, model=model)
    removed.sort(key=lambda r: (r.line_no, r.rule_id))
    byline = article_byline(found)
    return Cleaned(_join_paragraphs(body), title, tuple(removed), byline.author, byline.date)


def _settle(
    body: list[str | None],
    removed: list[RemovedLine],
    *,
    repeated: Collection[str],
    model: LineModel | bool,
) -> list[LineDecision]:
    """Run the detector on the clean body again until it removes nothing more; return what
    it removed.

    The classifier reads a line's context (position, last lines, other lines), which the
    first removals change: settling here keeps cleaning idempotent (a re-run of the clean
    text removes nothing).
    """
    found: list[LineDecision] = []
    while True:
        kept = [i for i, line in enumerate(body) if line]
        decisions = classify_lines([body[i] or "" for i in kept], repeated=repeated, model=model)
        new = [(i, d) for i, d in zip(kept, decisions, strict=True) if not d.keep and d.rule_id]
        if not new:
            return found
        for i, decision in new:
            removed.append(RemovedLine(i + 1, decision.rule_id or "", decision.text))
            body[i] = None
        found += [decision for _, decision in new]
        _strip_dateline_prefix(body, removed)


def _removed_decisions(
    decisions: list[LineDecision], candidates: list[int], keep: list[bool]
) -> list[LineDecision]:
    """Return the detector's decisions on lines that were removed (by either rule set)."""
    return [d for d, i in zip(decisions, candidates, strict=True) if not keep[i] and not d.keep]


Drop = Callable[[int, str], None]


def _drop_head(lines: list[str], title: str | None, drop: Drop) -> str | None:
    """Drop section labels, breadcrumbs and (when ``title`` is None) the headline; return the
    title."""
    if title is not None:
        return title
    nonempty = [i for i, line in enumerate(lines) if line]
    for i in nonempty[:HEAD_LINES]:
        line = lines[i]
        if _words(line) <= 8 and _SECTION_LABEL.match(line):
            drop(i, "section_label")
        elif _BREADCRUMB.match(line) and _words(line) <= MAX_BOILERPLATE_WORDS:
            drop(i, "breadcrumb")
        elif _is_headline(line) and i != nonempty[-1]:
            drop(i, "headline")
            return line
        else:
            break
    return None


def _drop_by_line_rules(lines: list[str], keep: list[bool], drop: Drop, title: str | None) -> None:
    """Apply this module's rules after the head: comments, repeated headline, related blocks,
    and the short-line rules of :func:`_line_rule`."""
    title_key = _key(title) if title else None
    nonempty = [i for i, line in enumerate(lines) if line]
    in_related = False
    for position, i in enumerate(nonempty):
        if not keep[i]:
            continue
        line = lines[i]
        if _words(line) > MAX_BOILERPLATE_WORDS:  # prose: only a comment section removes it
            in_related = False
            continue
        if _COMMENT_START.match(line):
            for j in nonempty[position:]:
                if keep[j]:
                    drop(j, "comment_section")
            break
        if title_key is not None and _key(line) == title_key:
            drop(i, "repeated_headline")
            continue
        if _RELATED_HEADER.match(line):
            drop(i, "related_block")
            in_related = True
            continue
        if in_related:
            if _is_teaser(line) and not _line_rule(line):
                drop(i, "related_block")
                continue
            in_related = False
        rule_id = _line_rule(line)
        if rule_id is not None:
            drop(i, rule_id)


def _drop_repeated_captions(lines: list[str], keep: list[bool], drop: Drop) -> None:
    """Drop every copy of a short, unpunctuated line that occurs more than once."""
    counts: dict[str, int] = {}
    for i, line in enumerate(lines):
        if keep[i] and _words(line) <= 12 and not _ends_sentence(line):
            key = _key(line)
            counts[key] = counts.get(key, 0) + 1
    repeated = {key for key, count in counts.items() if count > 1}
    if repeated:
        for i, line in enumerate(lines):
            short = keep[i] and _words(line) <= 12 and not _ends_sentence(line)
            if short and _key(line) in repeated:
                drop(i, "repeated_caption")


def _strip_dateline_prefix(body: list[str | None], removed: list[RemovedLine]) -> None:
    """Cut a dateline prefix off the first kept line of ``body`` (None for dropped lines)."""
    for i, line in enumerate(body):
        if line:
            match = _DATELINE_PREFIX.match(line)
            if match and _words(line[match.end() :]) >= 3:
                body[i] = line[match.end() :]
                removed.append(RemovedLine(i + 1, "dateline", match.group(0).strip()))
            break


def _join_paragraphs(body: list[str | None]) -> str:
    """Join kept lines: blank or dropped lines separate paragraphs (one blank line)."""
    paragraphs: list[list[str]] = [[]]
    previous_blank = True
    for line in body:
        if line:
            paragraphs[-1].append(line)
            previous_blank = False
        elif not previous_blank:  # a blank or a dropped line ends the paragraph
            paragraphs.append([])
            previous_blank = True
    return "\n\n".join("\n".join(p) for p in paragraphs if p)
