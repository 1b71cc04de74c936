"""Evaluate the loaded-term lexicon against human annotations (prints figures; not a test).

A thin wrapper over :func:`framing.validate.loaded_terms.run` (BABE SG2 sentences, PTC
spans; see that module for what is scored). Data: ``../shared/eval/`` relative to the project
root, or ``--eval-dir``; never copied into the repo. ``--part choose`` is the half of each
development file on which lexicon entries are chosen, ``--part score`` (default) the half
kept for scoring them, ``--part all`` both. ``--details`` prints the error analysis.

Usage::

    .venv/bin/python benchmarks/eval_lexicon.py [--eval-dir DIR] [--part score] [--details]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from framing.features.lexicon import load_lexicon
from framing.validate import loaded_terms

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"


def _details(eval_dir: Path, part: str, lexicon) -> None:
    babe = loaded_terms.score_babe(
        loaded_terms.read_babe(eval_dir / "babe" / "final_labels_SG2_dev.csv", part), lexicon
    )
    false, true = babe.false_terms, babe.true_terms
    ranked = sorted(false, key=lambda t: (-false[t], t))[:50]
    print("BABE terms firing in Non-biased sentences (term: non-biased / biased):")
    print("  ", ", ".join(f"{t}: {false[t]}/{true[t]}" for t in ranked))
    print("BABE most-missed annotated words:")
    print("  ", ", ".join(f"{w}: {n}" for w, n in babe.missed_words.most_common(80)))
    folder = eval_dir / "ptc"
    spans = loaded_terms.read_ptc(folder, "techniques_dev.tsv", part)
    ptc = loaded_terms.score_ptc(folder, spans, loaded_terms.lexicon_finder(lexicon))
    print("PTC terms outside every technique span:")
    print("  ", ", ".join(f"{t}: {n}" for t, n in ptc.false_terms.most_common(50)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--lexicon", type=Path, default=None, help="extra lexicon to merge")
    parser.add_argument("--part", choices=loaded_terms.PARTS, default="score")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--details", action="store_true", help="print error analysis")
    args = parser.parse_args(argv)
    if not args.eval_dir.is_dir():
        print(f"evaluation data not found at {args.eval_dir}", file=sys.stderr)
        return 2
    lexicon = load_lexicon(extra=args.lexicon) if args.lexicon else load_lexicon()
    print(f"lexicon version {lexicon.version}: {len(lexicon)} entries; part {args.part!r}")
    measure = loaded_terms.run(args.eval_dir, seed=args.seed, part=args.part, lexicon=lexicon)
    print(f"{measure.title}\n  n = {measure.n} {measure.unit}; {measure.method}")
    for figure in (measure.figure, *measure.extra, *measure.baselines):
        print(f"  {figure.name:34s} {figure.value:.3f}  [{figure.low:.3f}, {figure.high:.3f}]")
    print("  targets: babe_f1 > 0.665, babe_precision >= 0.70, babe_mcc >= 0.45;")
    print("           ptc_recall >= 0.45, ptc_precision >= 0.45")
    for name, value in measure.details.items():
        print(f"  {name}: {value}")
    if args.details:
        _details(args.eval_dir, args.part, lexicon)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
