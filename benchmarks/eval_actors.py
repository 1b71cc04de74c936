"""Actor-targeted sentiment against the crowd's framing of Russia, Ukraine and the West.

Reads ``../shared/eval/ukraine_bias_2014/article_*.json`` (Färber et al., CIKM 2020; five
crowd judgements per sentence of how it portrays the Russian, Ukrainian and Western
governments: negative < 0, neutral 0, positive > 0). For every sentence in which the tool
finds an actor (the West = the West, United States, NATO, EU, UK), it compares the sign of
``framing.actors.actor_sentiment`` (|compound| < 0.05 is neutral) with the crowd's label:
accuracy (also with a wide neutral band, |compound| < 0.5) beside a constant majority-class
baseline, and Spearman's rho between the tool's score and the crowd's mean judgement.
Rows: clause- vs sentence-level targeting, with and without the loaded-term override.

Run: ``.venv/bin/python benchmarks/eval_actors.py [--eval-dir ../shared/eval]``
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from framing.features.actors import actor_sentiment
from framing.features.sentiment import score

DEFAULT_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
GROUPS = {
    "Russia": "russia",
    "Ukraine": "ukraine",
    "the West": "west",
    "United States": "west",
    "NATO": "west",
    "European Union": "west",
    "United Kingdom": "west",
}


def read_sentences(folder: Path) -> pd.DataFrame:
    """One row per sentence: id, text and the crowd's avg/maj/intensified per actor."""
    rows = []
    for path in sorted(folder.glob("article_*.json")):
        article = json.loads(path.read_text(encoding="utf-8"))
        for sentence in article["sentences"]:
            row = {"sentence_key": f"{article['id']}/{sentence['id']}"}
            row["text"] = " ".join(str(sentence["content"]).split())
            for actor in ("russia", "ukraine", "west"):
                for how in ("avg", "maj", "intensified"):
                    row[f"{actor}_{how}"] = sentence["framing"]["score"][actor][how]
            rows.append(row)
    return pd.DataFrame(rows)


def sign(values: pd.Series | np.ndarray, threshold: float = 0.05) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    return np.where(values >= threshold, 1, np.where(values <= -threshold, -1, 0))


def tool_scores(data: pd.DataFrame, *, unit: str, override: bool) -> pd.DataFrame:
    """Per sentence × dataset actor: the tool's mean sentiment toward it."""
    sentences = pd.DataFrame({"article_id": data["sentence_key"], "text": data["text"]})
    scores = score(sentences["text"], override=override)
    per_actor = actor_sentiment(sentences, scores, unit=unit, override=override)
    per_actor["group"] = per_actor["actor"].map(GROUPS)
    per_actor = per_actor.dropna(subset=["group"])
    return (
        per_actor.groupby(["article_id", "group"])["sentiment_mean"]
        .mean()
        .rename("tool")
        .reset_index()
        .rename(columns={"article_id": "sentence_key"})
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--label", choices=["maj", "intensified"], default="maj")
    args = parser.parse_args(argv)
    folder = args.eval_dir / "ukraine_bias_2014"
    data = read_sentences(folder)
    if data.empty:
        print(f"no article_*.json in {folder}", file=sys.stderr)
        return 1
    print(f"{len(data)} sentences; crowd label = sign of the '{args.label}' score")
    header = f"{'variant':<24}{'actor':<9}{'n':>5}{'n non-neutral':>15}"
    print(header + f"{'acc tool':>10}{'acc@0.5':>9}{'acc const':>11}{'rho':>8}{'p':>8}")
    gold_table = data.set_index("sentence_key")
    for unit, override in (("clause", True), ("sentence", True), ("clause", False)):
        merged = tool_scores(data, unit=unit, override=override)
        keys = list(zip(merged["sentence_key"], merged["group"], strict=True))
        merged["label"] = [gold_table.at[k, f"{g}_{args.label}"] for k, g in keys]
        merged["avg"] = [gold_table.at[k, f"{g}_avg"] for k, g in keys]
        variant = f"{unit}, override={'on' if override else 'off'}"
        for group in ("russia", "ukraine", "west", "all"):
            part = merged if group == "all" else merged[merged["group"] == group]
            gold = sign(part["label"], 1e-9)
            majority = pd.Series(gold).mode().iloc[0] if len(gold) else 0
            rho = spearmanr(part["tool"], part["avg"]) if len(part) > 2 else None
            print(
                f"{variant:<24}{group:<9}{len(part):>5}{int((gold != 0).sum()):>15}"
                f"{(sign(part['tool']) == gold).mean():>10.3f}"
                f"{(sign(part['tool'], 0.5) == gold).mean():>9.3f}"
                f"{(gold == majority).mean():>11.3f}"
                f"{rho.statistic if rho else float('nan'):>8.3f}"
                f"{rho.pvalue if rho else float('nan'):>8.3f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
