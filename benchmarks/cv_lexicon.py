"""Cross-validate the loaded-term lexicon inside the choose half (prints a report; not a test).

Reads only ``part="choose"`` of BABE SG2 (``babe/final_labels_SG2_dev.csv``) and PTC
(``ptc/techniques_dev.tsv``, ``ptc/articles``) under ``--eval-dir`` (default ``../shared/eval``)
through :mod:`framing.validate.loaded_terms`: never the score half, never a ``*_holdout`` file.
This is the procedure behind commit c431f5b, so the score-half figures stay an honest check.

The choose half is cut into 5 folds by a salted hash (BABE by sentence, PTC by article). Per
entry: BABE author-voice hits (one per sentence; kept when it is Biased) and PTC hits in any
voice (kept inside any technique span; at most ``cap`` per article), precision smoothed towards
the base rate by ``alpha`` pseudo-hits. In each split the rule (:class:`Rule`) sees 4 training
folds: it drops a base entry with poor raw precision on one dataset (unless the other rescues
it) and adds a candidate whose smoothed precision clears a bar with no raw precision under a
floor. Flagged: dropped on the whole choose half and in ``stable`` of 5 splits. Proposed: added
on the whole half and in ``stable`` splits, with precision holding on those splits' held-out
folds (2+ hits). Candidates: ``benchmarks/data/loaded_candidates.txt`` (our hand list), VADER
words with |valence| >= 1.5, TextBlob words with subjectivity >= 0.6 and |polarity| >= 0.4;
minus lexicon phrases, stop words and common words; grouped with their inflections. Prints the
rule, flagged entries, proposed candidates, the pooled held-out precision of hand-list words
too rare to judge one by one, and the run time.

Usage::

    .venv/bin/python benchmarks/cv_lexicon.py [--eval-dir DIR] [--lexicon FILE] [--table CSV]

``--lexicon`` audits another base file, with the packaged domain packs added as for the
default lexicon; ``--table`` writes the per-entry audit as CSV.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from framing.features.lexicon import DOMAIN_PACKS, Lexicon, load_lexicon
from framing.features.loaded_terms import find_terms
from framing.features.phrase_matcher import normalize_pattern
from framing.features.sentiment import analyzer
from framing.features.stance import subjectivity_lexicon
from framing.validate import loaded_terms as lt

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
DEFAULT_CANDIDATES = ROOT / "benchmarks" / "data" / "loaded_candidates.txt"
FOLDS = 5
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]")
_PLAIN = re.compile(r"[a-z][a-z-]*[a-z]")
_STOP = """that this with from have were they their there which would could should about after
    before because being between other these those while where when what into over under more
    most some such than then them only also very just said says like will been does doing
    done make made many much even every"""
STOP_WORDS = frozenset(_STOP.split())


@dataclass(frozen=True)
class Rule:
    """Thresholds of the add/drop rule (the values used for commit c431f5b)."""

    min_hits: int = 3
    cap: int = 3
    alpha: float = 2.0
    ptc_add: float = 0.55
    babe_add: float = 0.75
    ptc_floor: float = 0.40
    babe_floor: float = 0.65
    ptc_drop: float = 0.30
    babe_drop: float = 0.50
    rescue: float = 0.60
    stable: int = 3
    max_word_share: float = 0.0006  # single-word candidates more common than this are skipped


def base_lexicon(path: Path | None) -> Lexicon:
    """Return the packaged lexicon, or the file at ``path`` plus the packaged domain packs."""
    if path is None:
        return load_lexicon()
    folder = resources.files("framing") / "lexicons" / DOMAIN_PACKS
    packs = sorted(str(p) for p in folder.iterdir() if p.name.endswith(".yml"))
    frames = [load_lexicon(path).entries, *(load_lexicon(p).entries for p in packs)]
    return Lexicon(pd.concat(frames, ignore_index=True), version=f"{path.name}+packs")


def read_candidate_list(path: Path) -> list[str]:
    """Return the lower-cased words and phrases of a list file (``#`` starts a comment)."""
    lines = (line.split("#", 1)[0].strip().lower() for line in path.read_text("utf-8").splitlines())
    return [line for line in lines if line]


def candidate_sources(hand_list: list[str]) -> dict[str, set[str]]:
    """Return candidate form -> sources ("own", "vader", "textblob")."""
    sources: dict[str, set[str]] = defaultdict(set)
    for form in hand_list:
        sources[form].add("own")
    for word, valence in analyzer().lexicon.items():
        if abs(valence) >= 1.5 and _PLAIN.fullmatch(word) and len(word) > 3:
            sources[word].add("vader")
    for word, (polarity, subjectivity) in subjectivity_lexicon().items():
        strong = subjectivity >= 0.6 and abs(polarity) >= 0.4
        if strong and _PLAIN.fullmatch(word) and len(word) > 3:
            sources[word].add("textblob")
    return dict(sources)


def new_forms(forms: set[str], lexicon: Lexicon, words: Counter[str], max_share: float) -> set[str]:
    """Return the ``forms`` not in ``lexicon``, not stop words and, for single words, with a
    share of the choose-half tokens ``words`` below ``max_share``."""
    rows = zip(lexicon.entries["term"], lexicon.entries["variants"], strict=True)
    known = {normalize_pattern(p) for term, variants in rows for p in (term, *variants)}
    return {
        f for f in forms
        if normalize_pattern(f) not in known and f not in STOP_WORDS
        and (" " in f or words[f] / words.total() < max_share)
    }  # fmt: skip


def inflections(word: str) -> set[str]:
    """Return regular English inflections of ``word`` (over-generated; used only to group)."""
    out = {word + s for s in ("s", "es", "ed", "d", "ing", "ly", "ally", "er", "ers")}
    if word.endswith("e"):
        out |= {word[:-1] + "ing", word[:-1] + "y" if word.endswith("le") else word + "ly"}
    if word.endswith("y"):
        out |= {word[:-1] + "ies", word[:-1] + "ied", word[:-1] + "ily"}
    if len(word) > 2 and word[-1] not in "aeiouwxy" and word[-2] in "aeiou":
        out |= {word + word[-1] + s for s in ("ed", "ing", "er")}
    return out


def group_forms(forms: set[str]) -> list[list[str]]:
    """Return ``forms`` grouped with their inflections; each group shortest form first.

    >>> group_forms({"smear", "smears", "smeared", "lie"})
    [['lie'], ['smear', 'smears', 'smeared']]
    """
    parent = {f: f for f in forms}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for form in sorted(forms, key=lambda f: (len(f), f)):
        for other in sorted(inflections(form)) if " " not in form else ():
            if other in parent:
                parent[root(other)] = root(form)
    groups: dict[str, list[str]] = defaultdict(list)
    for form in forms:
        groups[root(form)].append(form)
    return sorted(sorted(g, key=lambda f: (len(f), f)) for g in groups.values())


def candidate_lexicon(groups: list[list[str]]) -> Lexicon:
    """Return a plain lexicon with one entry per group (term = its first form)."""
    entries = [
        {"term": g[0], "variants": tuple(g[1:]), "category": "emotional_intensifier",
         "side": "none", "valence": 0.0, "explanation": "candidate", "domain": "general",
         "not_before": (), "not_after": (), "exceptions": (), "context": (), "source": "cand"}
        for g in groups
    ]  # fmt: skip
    return Lexicon(pd.DataFrame(entries), version="candidates")


def match_babe(babe: pd.DataFrame, lexicons: list[Lexicon]) -> pd.DataFrame:
    """Return one row per (sentence, term) with an author-voice hit: unit, fold, term, kept."""
    rows = set()
    for unit, (text, label) in enumerate(zip(babe["text"], babe["label_bias"], strict=True)):
        for lexicon in lexicons:
            for term in lt.author_voice(find_terms(str(text), lexicon))["term"]:
                rows.add((unit, lt.cv_fold(str(text)), term, label == "Biased"))
    return pd.DataFrame(sorted(rows), columns=["unit", "fold", "term", "kept"])


def match_ptc(spans: pd.DataFrame, texts: dict[str, str], lexicons: list[Lexicon]) -> pd.DataFrame:
    """Return one row per PTC hit in any voice: unit (article), fold, term, kept (in a span)."""
    rows = []
    for article, group in spans.groupby("article_id", sort=True):
        gold = sorted(zip(group["start"], group["end"], strict=True))
        for lexicon in lexicons:
            hits = find_terms(texts[str(article)], lexicon)
            for start, end, term in zip(hits["start"], hits["end"], hits["term"], strict=True):
                kept = lt._overlaps(gold, start, end)
                rows.append((article, lt.cv_fold(str(article)), term, kept))
    return pd.DataFrame(rows, columns=["unit", "fold", "term", "kept"])


def capped_counts(ptc_hits: pd.DataFrame, cap: int) -> pd.DataFrame:
    """Return per (term, article): n hits and k kept, scaled down to at most ``cap`` hits."""
    per = ptc_hits.groupby(["term", "unit", "fold"])["kept"].agg(["size", "sum"]).reset_index()
    scale = (cap / per["size"]).clip(upper=1.0)
    return per.assign(n=per["size"] * scale, k=per["sum"] * scale)


def fold_stats(babe_hits: pd.DataFrame, ptc_counts: pd.DataFrame, folds: list[int]) -> pd.DataFrame:
    """Return per term in ``folds``: nb, kb (BABE), n, k (capped PTC), arts (PTC articles)."""
    b = babe_hits[babe_hits["fold"].isin(folds)].groupby("term")["kept"].agg(nb="size", kb="sum")
    p = ptc_counts[ptc_counts["fold"].isin(folds)].groupby("term")
    p = p.agg(n=("n", "sum"), k=("k", "sum"), arts=("unit", "nunique"))
    return b.join(p, how="outer").fillna(0.0).astype(float)


def precision(kept: pd.Series, hits: pd.Series, prior: float = 0.0, alpha: float = 0) -> pd.Series:
    """Return (kept + alpha * prior) / (hits + alpha); NaN where there is nothing to divide."""
    return (kept + alpha * prior) / (hits + alpha).where(hits + alpha > 0)


def drop_rule(stats: pd.DataFrame, rule: Rule) -> set[str]:
    """Return the entries of ``stats`` whose raw precision is poor on one measure and not
    rescued by the other (the drop rule of c431f5b)."""
    pb, pp, m = stats["kb"] / stats["nb"], stats["k"] / stats["n"], rule.min_hits
    bad_p = (stats["n"] >= m + 1) & (pp < rule.ptc_drop)
    bad_p &= ~((stats["nb"] >= m) & (pb >= rule.rescue))
    bad_b = (stats["nb"] >= m + 1) & (pb < rule.babe_drop) & ~((stats["n"] >= m) & (pp >= 0.5))
    return set(stats.index[bad_p | bad_b])


def add_rule(stats: pd.DataFrame, rule: Rule, prior_b: float, prior_p: float) -> set[str]:
    """Return the candidates of ``stats`` whose smoothed precision clears a bar with no raw
    precision below a floor (the add rule of c431f5b)."""
    m, a = rule.min_hits, rule.alpha
    sb = precision(stats["kb"], stats["nb"], prior_b, a)
    sp = precision(stats["k"], stats["n"], prior_p, a)
    ok_p = (stats["n"] >= m) & (stats["arts"] >= 2) & (sp >= rule.ptc_add)
    ok_b = (stats["nb"] >= m) & (sb >= rule.babe_add)
    bad = ((stats["n"] >= m) & (stats["k"] / stats["n"] < rule.ptc_floor)) | (
        (stats["nb"] >= m) & (stats["kb"] / stats["nb"] < rule.babe_floor)
    )
    return set(stats.index[(ok_p | ok_b) & ~bad])


def held_out_ok(oof: pd.Series, rule: Rule) -> bool:
    """True when a candidate's hits in held-out folds (nb, kb, n, k) keep their precision."""
    nb, kb, n, k = oof["nb"], oof["kb"], oof["n"], oof["k"]
    return bool(
        nb + n >= 2
        and (n < 2 or k / n >= rule.ptc_floor)
        and (nb < 2 or kb / nb >= rule.babe_floor)
        and kb + k >= 1.5
    )


def cross_validate(
    babe_hits: pd.DataFrame,
    ptc_counts: pd.DataFrame,
    base_terms: set[str],
    rare_pool: set[str],
    rule: Rule,
    priors: tuple[float, float],
) -> tuple[Counter[str], Counter[str], pd.DataFrame, pd.Series]:
    """Return drops per entry, adds per candidate, held-out nb, kb, n, k of each add, and
    held-out nb, kb, n, k pooled over the ``rare_pool`` terms with fewer than ``min_hits``
    training hits in both datasets."""
    drops: Counter[str] = Counter()
    adds: Counter[str] = Counter()
    held_out, rare = [], pd.Series(0.0, index=["nb", "kb", "n", "k"])
    for fold in range(FOLDS):
        train = fold_stats(babe_hits, ptc_counts, [f for f in range(FOLDS) if f != fold])
        drops.update(drop_rule(train[train.index.isin(base_terms)], rule))
        added = add_rule(train[~train.index.isin(base_terms)], rule, *priors)
        adds.update(added)
        test = fold_stats(babe_hits, ptc_counts, [fold])[["nb", "kb", "n", "k"]]
        held_out.append(test.reindex(sorted(added)).fillna(0.0))
        pool = train.reindex(sorted(rare_pool)).fillna(0.0)
        too_rare = pool.index[(pool["nb"] < rule.min_hits) & (pool["n"] < rule.min_hits)]
        rare += test.reindex(too_rare).fillna(0.0).sum()
    return drops, adds, pd.concat(held_out).groupby(level=0).sum(), rare


def audit_table(
    stats: pd.DataFrame, lexicon: Lexicon, drops: Counter[str], rule: Rule, priors: tuple
) -> pd.DataFrame:
    """Return one row per base entry: domain, counts, raw and smoothed precision, splits."""
    domains = dict(zip(lexicon.entries["term"], lexicon.entries["domain"], strict=True))
    table = stats.reindex(list(domains)).fillna(0.0)
    table.insert(0, "domain", [domains[t] for t in table.index])
    table["babe_p"] = precision(table["kb"], table["nb"])
    table["babe_s"] = precision(table["kb"], table["nb"], priors[0], rule.alpha)
    table["ptc_p"] = precision(table["k"], table["n"])
    table["ptc_s"] = precision(table["k"], table["n"], priors[1], rule.alpha)
    table["drop_splits"] = [drops[t] for t in table.index]
    return table.rename_axis("term")


def print_audit(table: pd.DataFrame, flagged: set[str], rule: Rule) -> None:
    """Print the entries the rule drops, then those it drops in some splits only."""
    print(f"\n1. Entries the rule drops (whole choose half and {rule.stable}+ of {FOLDS} splits):")
    shown = table[table.index.isin(flagged)]
    print(shown.to_string(float_format="{:.2f}".format) if len(shown) else "   none")
    some = table[(table["drop_splits"] > 0) & ~table.index.isin(flagged)]["drop_splits"]
    print("   dropped in some splits only:", ", ".join(f"{t} ({n})" for t, n in some.items()))


def print_candidates(
    proposed: list[str], rejected: list[str], whole: pd.DataFrame, oof: pd.DataFrame,
    adds: Counter[str], groups: dict[str, list[str]], sources: dict[str, set[str]],
) -> None:  # fmt: skip
    """Print the proposed candidates with their counts, then those that did not hold."""
    print(f"   proposed (added on the whole half, stable, holding out of fold): {len(proposed)}")
    for term in proposed:
        w, o = whole.loc[term], oof.loc[term]
        origin = ",".join(sorted(set().union(*(sources[f] for f in groups[term]))))
        print(f"   {term}: splits {adds[term]}, BABE {w.kb:.0f}/{w.nb:.0f}, PTC {w.k:.1f}/{w.n:.1f}"
              f" in {w.arts:.0f} articles; held out BABE {o.kb:.0f}/{o.nb:.0f}, PTC "
              f"{o.k:.1f}/{o.n:.1f}; [{origin}] forms: {', '.join(groups[term])}")  # fmt: skip
    print("   added on the whole half only (unstable or not holding):", ", ".join(rejected))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--lexicon", type=Path, default=None, help="base file to audit")
    parser.add_argument("--candidates", type=Path, default=DEFAULT_CANDIDATES)
    parser.add_argument("--table", type=Path, default=None, help="write the audit as CSV")
    args = parser.parse_args(argv)
    if not args.eval_dir.is_dir():
        print(f"evaluation data not found at {args.eval_dir}", file=sys.stderr)
        return 2
    began, rule = time.perf_counter(), Rule()
    babe = lt.read_babe(args.eval_dir / "babe" / "final_labels_SG2_dev.csv", "choose")
    spans = lt.read_ptc(args.eval_dir / "ptc", "techniques_dev.tsv", "choose")
    folder = args.eval_dir / "ptc" / "articles"
    texts = {a: (folder / f"article{a}.txt").read_text("utf-8") for a in spans["article_id"]}
    base = base_lexicon(args.lexicon)
    base_terms = set(base.entries["term"])

    sources = candidate_sources(read_candidate_list(args.candidates))
    words = Counter(w.lower() for t in [*babe["text"], *texts.values()] for w in _WORD.findall(t))
    forms = new_forms(set(sources), base, words, rule.max_word_share)
    groups = {g[0]: g for g in group_forms(forms)}
    single = [g for g in groups.values() if " " not in g[0]]
    multi = [g for g in groups.values() if " " in g[0]]
    lexicons = [base, candidate_lexicon(single), *([candidate_lexicon(multi)] if multi else [])]
    babe_hits, ptc_hits = match_babe(babe, lexicons), match_ptc(spans, texts, lexicons)
    ptc_counts = capped_counts(ptc_hits, rule.cap)
    priors = (float((babe["label_bias"] == "Biased").mean()), float(ptc_hits["kept"].mean()))
    own = {g for g, members in groups.items() if any("own" in sources[f] for f in members)}
    drops, adds, oof, r = cross_validate(babe_hits, ptc_counts, base_terms, own, rule, priors)
    whole = fold_stats(babe_hits, ptc_counts, list(range(FOLDS)))

    print(f"lexicon {base.version}: {len(base)} entries; choose half only, {FOLDS} folds")
    print(f"  BABE {len(babe)} sentences ({priors[0]:.3f} Biased); PTC {len(texts)} articles,")
    print(f"  {len(spans)} spans ({priors[1]:.3f} of all hits inside a span)")
    print("  rule:", ", ".join(f"{k}={v}" for k, v in asdict(rule).items()))
    table = audit_table(whole, base, drops, rule, priors)
    if args.table:
        table.to_csv(args.table, float_format="%.3f")
    full_drop = drop_rule(whole[whole.index.isin(base_terms)], rule)
    print_audit(table, {t for t in full_drop if drops[t] >= rule.stable}, rule)

    counts = Counter(s for v in sources.values() for s in v)
    print(f"\n2. Candidates: {len(forms)} forms in {len(groups)} groups; before filtering:")
    print(f"   hand list {counts['own']}, VADER {counts['vader']}, TextBlob {counts['textblob']}")
    full_add = add_rule(whole[~whole.index.isin(base_terms)], rule, *priors)
    held = {t for t in full_add if t in oof.index and held_out_ok(oof.loc[t], rule)}
    proposed = sorted(t for t in held if adds[t] >= rule.stable)
    rejected = sorted(full_add - set(proposed))
    print_candidates(proposed, rejected, whole, oof, adds, groups, sources)
    print(f"   hand-list groups too rare to judge one by one, pooled held out: BABE "
          f"{r.kb:.0f}/{r.nb:.0f} = {r.kb / max(r.nb, 1):.2f}, PTC {r.k:.1f}/{r.n:.1f} = "
          f"{r.k / max(r.n, 1):.2f} (base rates {priors[0]:.2f}, {priors[1]:.2f})")  # fmt: skip
    print(f"\nrun time {time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
