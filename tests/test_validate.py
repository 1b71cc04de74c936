"""framing.validate: the runner on tiny hand-made data sets in the formats of eval/."""

from __future__ import annotations

import json
import random

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from framing.cli import cli
from framing.errors import InputError
from framing.validate import cards, frames, runner, scoring
from framing.validate.measure import bootstrap_interval

OWN = ("sentence_sentiment", "frames", "topics", "cleaning", "outlet_signal")

POSITIVE = ["A wonderful, happy day.", "Great work, I love it!", "The best film of the year."]
NEGATIVE = ["A terrible, awful mess.", "I hate this, it is horrible.", "The worst service ever."]
NEUTRAL = ["The train leaves at noon.", "The report has ten pages."]

FRAME_TEXT = {
    "Economic": "Taxes rose and the budget deficit grew; prices, wages and jobs fell.",
    "Security_and_defense": "Troops, tanks and missiles massed at the border; the army attacked.",
    "Political": "The election campaign split the party; voters and lawmakers cast ballots.",
}
FILLER = "Officials met on Tuesday and spoke to reporters about the week ahead in the city. "

BBC_WORDS = {
    "business": "market shares profit bank investors company sales growth firm trade deal quarter",
    "sport": "match goal team player coach league season cup win score striker final",
    "tech": "software phone internet users computer chip online data device apps network web",
}


def _write_vader(root):
    folder = root / "vader_gt"
    folder.mkdir()
    sets = ("nytEditorialSnippets", "movieReviewSnippets", "tweets", "amazonReviewSnippets")
    rows = [(s, 3.0) for s in POSITIVE] + [(s, -3.0) for s in NEGATIVE]
    rows += [(s, 0.1) for s in NEUTRAL]
    rows.append(("The brutal invasion and the special military operation.", -2.5))
    for name in sets:
        lines = [f"{i}\t{rating}\t{text}" for i, (text, rating) in enumerate(rows)]
        (folder / f"{name}_dev.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_semeval(root):
    folder = root / "semeval23_frames"
    (folder / "articles").mkdir(parents=True)
    rng = random.Random(1)
    labels = []
    for i in range(20):
        gold = rng.sample(sorted(FRAME_TEXT), k=1 + i % 2)
        body = " ".join(FRAME_TEXT[g] for g in gold) + " " + FILLER * (1 + i % 3)
        (folder / "articles" / f"article{100 + i}.txt").write_text(
            f"Title {i}\n\n{body}", encoding="utf-8"
        )
        labels.append(f"{100 + i}\t{','.join(gold)}")
    (folder / "frames_dev.tsv").write_text("\n".join(labels) + "\n", encoding="utf-8")


def _write_bbc(root):
    rng = random.Random(2)
    rows = []
    for category, words in BBC_WORDS.items():
        vocabulary = words.split()
        for i in range(10):
            body = " ".join(rng.choices(rng.sample(vocabulary, 8), k=30))
            rows.append((f"{category}{i}", category, f"{category} story {i}", body + " news"))
    (root / "bbc").mkdir()
    pd.DataFrame(rows, columns=["doc_id", "category", "title", "text"]).to_csv(
        root / "bbc" / "bbc_dev.csv", index=False
    )


def _write_war_news_and_gold(root):
    rows, gold = [], {}
    for i in range(12):
        country = "BY" if i % 2 else "GB"
        prose = [
            f"Report {i}: Kyiv said the invasion continued as troops advanced near river {i}.",
            f"Officials said talks would resume in {i + 2} days, according to the ministry.",
            f"The brutal attack on town {i} left residents without power and water."
            if country == "GB"
            else f"The special military operation in sector {i} achieved its goals.",
        ]
        boiler = ["Subscribe to our newsletter for the latest news", "Read more: Top stories"]
        rows.append((f"a{i:02d}.txt", "2023-01-01", country, "\n".join(prose + boiler)))
        gold[f"a{i:02d}.txt"] = {
            "prose": prose,
            "boilerplate": [{"text": boiler[0], "kind": "newsletter"}]
            + [{"text": boiler[1], "kind": "related"}],
            "unsure": [],
        }
    (root / "ukraine_war_news").mkdir()
    pd.DataFrame(rows, columns=["filename", "published_utc", "country", "text"]).to_csv(
        root / "ukraine_war_news" / "articles.csv", index=False
    )
    (root / "cleaning_gold").mkdir()
    (root / "cleaning_gold" / "ukraine_war_news_gold.json").write_text(json.dumps(gold))


def _write_ruwa(root):
    rows = []
    for i in range(12):
        rows.append(
            ("rt.com", "", f"Kiev regime shells Donbass town {i}, special operation goes on")
        )
        rows.append(("tass.com", f"Kiev troops shell Donbass, special operation {i} goes on", ""))
        rows.append(("reuters.com", f"Russian invasion of Ukraine: Kyiv reports attack {i}", ""))
    table = pd.DataFrame(rows, columns=["Site", "title", "desc"]).replace("", np.nan)
    (root / "ruwa").mkdir()
    table.to_csv(root / "ruwa" / "ruwa_headlines.csv", index=False)


@pytest.fixture(scope="module")
def eval_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("eval")
    _write_vader(root)
    _write_semeval(root)
    _write_bbc(root)
    _write_war_news_and_gold(root)
    _write_ruwa(root)
    return root


@pytest.fixture(scope="module")
def validity(eval_root, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    document = runner.run_all(eval_root, out, seed=0, only=OWN, render=True)
    return out, document


@pytest.mark.slow
def test_runner_writes_a_record_per_measure_with_intervals(validity, eval_root):
    out, document = validity
    assert json.loads((out / "validity.json").read_text()) == json.loads(json.dumps(document))
    by_key = {r["key"]: r for r in document["measures"]}
    assert list(by_key) == list(OWN)
    assert {k: r["status"] for k, r in by_key.items()} == dict.fromkeys(OWN, "ok"), [
        r.get("error") for r in by_key.values()
    ]
    for record in by_key.values():
        fig = record["figure"]
        assert fig["low"] <= fig["value"] <= fig["high"], record["key"]
        assert record["baselines"] and record["n"] > 0 and record["seed"] == 0
        assert str(eval_root) in record["data"] and "_dev" not in record["key"]
    assert by_key["sentence_sentiment"]["n"] == 4 * 9
    assert by_key["frames"]["n"] == 20 and by_key["frames"]["unit"] == "articles"
    assert by_key["topics"]["n"] == 30
    assert by_key["topics"]["details"]["oracle_k"] == 3
    assert by_key["cleaning"]["n"] == 12
    # The fixture's prose and boilerplate are told apart perfectly by the rules.
    assert by_key["cleaning"]["figure"]["value"] == 1.0
    outlet = by_key["outlet_signal"]
    assert outlet["details"]["ruwa"]["positives"] == 24
    assert outlet["details"]["ruwa_titles"]["positives"] == 12
    assert outlet["details"]["war_news"]["positives"] == 6
    assert len(outlet["details"]["ruwa"]["coefficients"]) == 10


@pytest.mark.slow
def test_report_has_one_card_per_measure_anchored_by_key(validity):
    out, _ = validity
    page = (out / "validity.html").read_text(encoding="utf-8")
    for key in OWN:
        assert f'id="{key}"' in page and f'href="#{key}"' in page
    assert "95 % interval" in page and "When not to use it" in page
    assert "Traceback" not in page


@pytest.mark.slow
def test_readme_table_comes_from_the_json(validity):
    out, document = validity
    table = cards.readme_markdown(out / "validity.json")
    frames_row = next(line for line in table.splitlines() if line.startswith("| [frames]"))
    fig = next(r for r in document["measures"] if r["key"] == "frames")["figure"]
    assert f"{fig['value']:.3f} [{fig['low']:.3f}, {fig['high']:.3f}]" in frames_row
    assert "(reports/validity.html#frames)" in frames_row
    result = CliRunner().invoke(cli, ["validate", "--out", str(out), "--readme"])
    assert result.exit_code == 0 and result.output == table


@pytest.mark.slow
def test_missing_module_and_missing_data_are_recorded_not_raised(tmp_path):
    record = runner.run_measure("no_such_measure", tmp_path)
    assert record == {
        "key": "no_such_measure",
        "status": "missing",
        "error": "framing.validate.no_such_measure not found",
    }
    document = runner.run_all(tmp_path, tmp_path / "out", only=["frames"], render=False)
    (failed,) = document["measures"]
    assert failed["status"] == "failed"
    assert (
        f"{tmp_path / 'semeval23_frames' / 'frames_dev.tsv'}: SemEval frames labels not found"
        in (failed["error"])
    )
    holdout = runner.run_all(
        tmp_path, tmp_path / "out", only=["frames"], split="holdout", render=False
    )
    assert "frames_holdout.tsv" in holdout["measures"][0]["error"]
    with pytest.raises(InputError, match="data folder not found"):
        runner.run_all(tmp_path / "nowhere", tmp_path / "out")
    result = CliRunner().invoke(cli, ["validate", "--data", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "data folder not found" in result.output


def test_cards_escape_text_and_say_what_is_missing():
    record = {"key": "x", "status": "failed", "error": "<b>bad</b> & worse"}
    assert "&lt;b&gt;bad&lt;/b&gt; &amp; worse" in cards.card_html(record)
    assert "framing validate" in cards.validity_cards("/nonexistent/validity.json").html


def test_frame_thresholds_shrink_toward_the_global_one():
    # One dimension with 3 positives (rates 5, 6, 7) and negatives at rate 1: alone it would
    # pick a threshold above 1; a strong pull keeps it at the global threshold.
    rate = np.array([[5.0], [6.0], [7.0], [1.0], [1.0], [1.0]])
    gold = np.array([[True], [True], [True], [False], [False], [False]])
    overall, own = frames._shrunk(rate, gold, 0.0)
    assert overall == 1.5 and own.tolist() == [1.5]
    _, pulled = frames._shrunk(rate, gold, float("inf"))
    assert pulled.tolist() == [1.5]
    assert frames.predict(rate, 1.5)[:, 0].tolist() == [True, True, True, False, False, False]


def test_f1_scores_and_bootstrap_on_known_values():
    gold = np.array([[1, 0], [1, 1], [0, 1]], dtype=bool)
    pred = np.array([[1, 1], [0, 1], [0, 1]], dtype=bool)
    assert scoring.micro_f1(gold, pred) == pytest.approx(2 * 3 / (2 * 3 + 2))
    assert scoring.per_label_f1(gold, pred).tolist() == pytest.approx([2 / 3, 0.8])
    assert scoring.macro_f1(gold, pred) == pytest.approx((2 / 3 + 0.8) / 2)
    ones = np.ones(10)
    assert bootstrap_interval(lambda i: ones[i].mean(), 10, seed=1) == (1.0, 1.0)


def test_cue_audit_drops_a_cue_whose_articles_lack_its_frame():
    texts = tuple(
        ["Taxes and the budget. " * 3] * 5  # economic gold: "taxes", "budget" both fire
        + ["The budget of the school play was small. " * 3] * 5  # no economic gold
        + ["Nothing here today at all. " * 3] * 5
    )
    gold = np.zeros((15, len(frames.LABELLED)), dtype=bool)
    gold[:5, frames.LABELLED.index("economic")] = True
    custom = frames.frame_features.load_frames(extra={"economic": ["school play"]})
    cues = frames.cue_counts(texts, custom)
    keep = frames.audit_cues(cues, gold, np.arange(15))
    kept = {seed for (dim, seed), k in zip(cues.cues, keep, strict=True) if k}
    dropped = {seed for (dim, seed), k in zip(cues.cues, keep, strict=True) if not k}
    # "taxes" fires only in economic articles (precision 1 > base rate 1/3): kept; "budget*"
    # fires in 10 articles, half economic (0.5 > 1/3): kept; "school play" (0 of 5): dropped.
    assert "school play" in dropped and {"taxes", "budget*"} <= kept


@pytest.mark.slow
def test_validity_report_passes_the_browser_checks(chromium, validity):
    from conftest import CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright
    from report_checks import check_page

    out, _ = validity
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto((out / "validity.html").as_uri())
        found = check_page(page)
        browser.close()
    assert found["overflow"] == [] and found["bad_text"] == []


def test_readme_table_is_generated_from_the_published_figures() -> None:
    """Every figure under the README's "What is measured" comes from the shipped JSON."""
    from conftest import ROOT

    from framing.validate import published_validity, read_validity, readme_markdown

    document = read_validity(published_validity())
    assert [m["status"] for m in document["measures"]] == ["ok"] * len(runner.MEASURES)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- validity table")
    table = readme[readme.index("\n", start) + 1 : readme.index("<!-- end of validity table")]
    assert table == readme_markdown(document)
    for record in document["measures"]:
        figure = record["figure"]
        assert figure["low"] <= figure["value"] <= figure["high"], record["key"]
        assert f"{figure['value']:.3f} [{figure['low']:.3f}, {figure['high']:.3f}]" in table
