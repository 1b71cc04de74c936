"""Frame dimensions on SemEval-2023 Task 3 subtask 2: a thin wrapper over framing.validate.

Prints the cross-validated figures `framing validate` reports (the shipped procedure, one
global threshold, no cue audit, and the fair baselines). ``--fit`` also prints what the
procedure chooses on ALL the given articles (cue audit and thresholds): the values to put
in ``src/framing/lexicons/frames.yml`` — their honest score is the cross-validated one.

    .venv/bin/python benchmarks/eval_frames.py [--data ../shared/eval] [--split dev] [--fit]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from framing.features import frames as frame_features
from framing.validate import frames
from framing.validate.cards import measure_text

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval"


def print_fit(data_root: Path, split: str, seed: int) -> None:
    """Print the cue audit and thresholds chosen on every article of the split."""
    data = frames.load_semeval(data_root / "semeval23_frames", f"frames_{split}.tsv")
    shipped = frame_features.load_frames()
    dropped = {key: list(seeds) for key, seeds in shipped.dropped.items() if seeds}
    cues = frames.cue_counts(data.texts, frame_features.load_frames(extra=dropped or None))
    settings = frames.fit_settings(cues, data.gold, np.arange(len(data.gold)), seed=seed)
    print(f"global threshold {settings.global_threshold}, shrinkage m={settings.shrinkage}")
    for dimension, threshold in zip(frames.LABELLED, settings.thresholds, strict=True):
        removed = [
            s
            for (d, s), k in zip(cues.cues, settings.keep, strict=True)
            if d == dimension and not k
        ]
        print(f"  {dimension}: threshold {threshold:.1f}; audit drops {removed}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fit", action="store_true", help="print the in-sample choices")
    args = parser.parse_args()
    measure = frames.run(args.data, seed=args.seed, split=args.split)
    print(measure_text(measure.to_dict()))
    if args.fit:
        print_fit(args.data, args.split, args.seed)


if __name__ == "__main__":
    main()
