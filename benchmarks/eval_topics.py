"""Topics on BBC News: a thin wrapper over framing.validate.topics.

Prints NMI of the dominant topic against the category at the k `choose_k` picks, at the
oracle k, and plain scikit-learn NMF / LDA given the same document-term matrix and restarts.

    .venv/bin/python benchmarks/eval_topics.py [--data ../shared/eval] [--split dev]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from framing.validate import topics
from framing.validate.cards import measure_text

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(measure_text(topics.run(args.data, seed=args.seed, split=args.split).to_dict()))


if __name__ == "__main__":
    main()
