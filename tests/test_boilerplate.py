"""Boilerplate detection on hand-made lines: phrase rules, repetition, classifier, bylines."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from framing.errors import LexiconError
from framing.ingest.boilerplate import (
    Byline,
    article_byline,
    classify_lines,
    load_rules,
    match_phrase_rule,
    parse_byline,
    rules_from_data,
)
from framing.ingest.boilerplate_features import (
    FEATURE_NAMES,
    line_features,
    load_line_model,
    model_from_dict,
)
from framing.ingest.boilerplate_repeats import article_clusters, line_key, repeated_lines
from framing.ingest.step import ingest

PROSE = [
    "Russian forces shelled the city overnight, regional officials said on Tuesday.",
    "The talks in Istanbul ended without agreement, and both delegations flew home.",
    "Zelensky told parliament that Ukraine would not give up any of its territory.",
    "Prices for grain rose by a fifth after the port was closed to shipping.",
    "“We will not be intimidated,” the foreign minister told reporters in Vilnius.",
    "What happens next?",
    "The road to Kherson",
]


@pytest.mark.parametrize(
    ("line", "rule_id"),
    [
        ("Read more on The Sun", "promo_read_more"),
        ("Related: Zelensky meets Biden in Washington", "promo_read_more"),
        ("See also: Pentagon orders troops to leave Ukraine", "promo_read_more"),
        ("Most read in Tech", "most_read"),
        ("We pay for your stories!", "pay_for_stories"),
        ("Was this article helpful?", "feedback_widget"),
        ("Sign up to get unfiltered news delivered to your inbox", "newsletter_signup"),
        ("Sign up to First Edition, our free daily newsletter", "newsletter_signup"),
        ("©2022 Bloomberg L.P.", "copyright"),
        ("With inputs from agencies", "agency_credit"),
        ("Author/author: TAS/KG", "agency_credit"),
        ("Source: PAP", "agency_credit"),
        ("Fox News' Jennifer Griffin contributed to this report.", "agency_credit"),
        ("by Ron Unz, The Unz Review:", "byline"),
        ("By Jane Doe | 3 March 2024", "byline"),
        ("Follow our live blog for the latest updates", "live_blog_promo"),
        ("CLICK HERE TO GET THE FOX NEWS APP", "app_promo"),
        ("JOIN US ON TELEGRAM! Follow our coverage of the war.", "app_promo"),
        ("ADVERTISEMENT", "advertisement"),
        ("Continuation of the material under the video", "advertisement"),
        ("Photo: President's Office", "caption_label"),
        ("Russian troops near the border AFP via Getty Images", "caption_credit"),
        ("Leo Varadkar visits Kyiv (Clodagh Kilcoyne/PA)", "caption_credit_parenthesised"),
        ("Kishida (center) visited the site of a mass grave in Bucha", "caption_position"),
        ("We need your consent to load this Social Media content.", "cookie_consent"),
        ("Other Topics of Interest Ukraine FM Visits Serbia", "related_box"),
        ("More messages on Gazeta.pl's main page", "more_on_homepage"),
        ("You can read more latest information on Gazeta.pl.", "read_more_here"),
        ("Newsletter As news happens", "newsletter_box"),
        ("See the video Andrzej Duda visited Kyiv", "related_video"),
        ("VIEW VIDEO", "related_video"),
        ("The views expressed in this article are the author's.", "opinion_disclaimer"),
        ("Share this article", "share_widget"),
        ("***", "separator"),
        ("Published: 3 March 2024 10:00 GMT", "dateline"),
    ],
)
def test_rule_fires_on_its_phrase(line: str, rule_id: str) -> None:
    found = match_phrase_rule(line)
    assert found is not None and found[0].id == rule_id


@pytest.mark.parametrize(
    "line",
    [
        "Read more about the talks in our report, which the minister said on Tuesday had been "
        "constructive despite the remaining disagreements over sanctions and gas.",
        "Western allies have yet to sign up to establish a tribunal to try Vladimir Putin.",
        "By Monday, Russian forces had reached the outskirts of Kyiv.",
        "By March 2023, the front line had barely moved.",
        "Countries that subscribe to the treaty must share intelligence with each other.",
        "The newsletter was read by millions of Russians before the Kremlin shut it down.",
        "Russian forces may feel insecure on the east (left) bank of the Dnipro.",
        "Photographs of the destroyed bridge, published by Reuters, showed heavy damage.",
        "Reporters were told to watch the briefing on the internet.",
        "He said the related talks would continue in Geneva next week.",
        "Most read in the region, the paper has been critical of the war.",
        "Advertisement revenue fell sharply after the invasion, the company said.",
        "Source: a senior official said the talks had failed, and more would follow soon.",
        "Follow-up talks are planned for next week in Ankara, the ministry said.",
    ],
)
def test_rule_does_not_fire_inside_a_real_sentence(line: str) -> None:
    assert match_phrase_rule(line) is None


def test_every_rule_has_a_stable_id_a_kind_and_an_explanation() -> None:
    rules = load_rules()
    ids = [rule.id for rule in rules]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", rule_id) for rule_id in ids)
    assert all(rule.kind and rule.explanation for rule in rules)


def test_a_malformed_rule_is_reported_by_its_id() -> None:
    data = {"rules": [{"id": "broken", "kind": "promo", "pattern": "(unclosed"}]}
    with pytest.raises(LexiconError, match="rule 'broken'"):
        rules_from_data(data, source="rules.yml")


def test_classifier_keeps_ordinary_prose_lines() -> None:
    decisions = classify_lines(PROSE, model=True)
    assert [d.keep for d in decisions] == [True] * len(PROSE)
    assert load_line_model() is not None


def test_classify_lines_gives_rule_kind_and_evidence() -> None:
    lines = [PROSE[0], "Read more on The Sun", PROSE[1], "ADVERTISEMENT", PROSE[2]]
    decisions = classify_lines(lines, model=False)
    assert [(d.line_no, d.keep, d.rule_id, d.kind) for d in decisions] == [
        (1, True, None, None),
        (2, False, "promo_read_more", "related"),
        (3, True, None, None),
        (4, False, "advertisement", "ad"),
        (5, True, None, None),
    ]
    assert decisions[1].evidence == "matched 'Read more on'"


def test_second_copy_of_a_paragraph_is_removed_and_short_refrains_stay() -> None:
    lines = [PROSE[0], "Ladies and gentlemen!", PROSE[1], PROSE[0], "Ladies and gentlemen!"]
    decisions = classify_lines(lines, model=False)
    assert [d.rule_id for d in decisions] == [None, None, None, "duplicate_paragraph", None]
    assert decisions[3].evidence == "repeats line 1"


def test_source_repeated_line_is_removed_but_not_an_exclamation() -> None:
    repeated = frozenset({line_key("Morning briefing team"), line_key("Glory to Ukraine!")})
    lines = [PROSE[0], "Morning briefing team", "Glory to Ukraine!"]
    decisions = classify_lines(lines, repeated=repeated, model=False)
    assert [d.rule_id for d in decisions] == [None, "source_repeated_line", None]


def test_classifier_removes_a_capitalised_headline_of_another_story() -> None:
    lines = PROSE[:4] + ["PENTAGON SAYS RUSSIAN BUILDUP IS LARGEST SINCE COLD WAR"] + PROSE[4:]
    decisions = classify_lines(lines, model=True)
    assert [d.rule_id for d in decisions] == [None] * 4 + ["line_classifier"] + [None] * 3
    assert decisions[4].evidence.startswith("p=")


def test_repeated_lines_counts_distinct_articles_per_source() -> None:
    widget = "CLICK HERE TO GET THE APP"
    stories = [
        f"Story {n} starts here.\nIts second line {n}.\nIts third line {n}.\n"
        f"It goes on for a while.\n{widget}"
        for n in "abc"
    ]
    copies = ["One story.\nScraped three times.\nSame lines."] * 3
    found = repeated_lines({"fox": stories, "bbc": copies, "few": stories[:2]})
    assert found == {
        "fox": frozenset({"click here to get the app", "it goes on for a while"}),
        "bbc": frozenset(),
        "few": frozenset(),
    }
    assert repeated_lines({"fox": stories}, min_articles=4) == {"fox": frozenset()}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Jane Doe | 3 March 2024", Byline("Jane Doe", "3 March 2024")),
        ("by Ron Unz, The Unz Review:", Byline("Ron Unz", None)),
        ("By Jane Doe and John Smith", Byline("Jane Doe and John Smith", None)),
        ("Author/author: TAS/KG", Byline("TAS/KG", None)),
        ("Published: 3 March 2024 10:00 GMT", Byline(None, "3 March 2024")),
        ("Updated 12:30 GMT, Tue March 1, 2022", Byline(None, "March 1, 2022")),
        ("By Monday, Russian forces had reached Kyiv.", None),
        ("Read more on The Sun", None),
    ],
)
def test_parse_byline(line: str, expected: Byline | None) -> None:
    assert parse_byline(line) == expected


def test_article_byline_takes_the_first_author_and_date() -> None:
    lines = ["By Jane Doe", "Published: 3 March 2024", PROSE[0], "By John Smith"]
    decisions = classify_lines(lines, model=False)
    assert article_byline(decisions) == Byline("Jane Doe", "3 March 2024")


def test_line_features_are_one_row_per_line_in_feature_order() -> None:
    rows = line_features(["CLICK HERE", PROSE[0]], repeated=frozenset({"click here"}))
    named = [dict(zip(FEATURE_NAMES, row, strict=True)) for row in rows]
    assert named[0]["upper_share"] == 1.0 and named[0]["repeated_in_source"] == 1.0
    assert named[0]["promo_verb_start"] == 1.0 and named[1]["ends_sentence"] == 1.0
    assert named[1]["position"] == 1.0 and named[1]["stopword_share"] == pytest.approx(2 / 11)


def test_a_model_with_other_features_is_refused() -> None:
    model = load_line_model()
    assert model is not None
    data = model.to_dict() | {"feature_names": ["log_words"] * len(FEATURE_NAMES)}
    with pytest.raises(LexiconError, match="re-fit"):
        model_from_dict(data, source="model.yml")


# --- Wiring into ingest: source repetition across a collection, cache, bylines -------------

WIDGET = "Kyiv Bureau team for the Morning Desk"


def _story(n: int, *, widget: bool = True) -> str:
    lines = [f"Headline number {n} about the war", PROSE[n % 4], PROSE[(n + 1) % 4]]
    lines += [f"Line {n} of this story, which is about something else entirely."]
    return "\n\n".join(lines + ([WIDGET] if widget else [])) + "\n"


def test_near_duplicate_clusters_ignore_keys_already_in_many_clusters() -> None:
    widget_everywhere = [frozenset({"widget", f"line {n}", f"other {n}"}) for n in range(50)]
    copies = [frozenset({"widget", "same a", "same b"})] * 3
    clusters = article_clusters(widget_everywhere + copies)
    assert clusters[:50] == list(range(50))
    assert clusters[50:] == [50, 50, 50]


def test_ingest_removes_a_line_repeated_across_a_collection(tmp_path: Path) -> None:
    raw = tmp_path / "raw" / "desk"
    raw.mkdir(parents=True)
    for n in range(3):
        (raw / f"{n}.txt").write_text(_story(n), encoding="utf-8")
    out = tmp_path / "processed"
    ingest(raw.parent, out)
    removed = pd.read_parquet(out / "removed_lines.parquet")
    repeated = removed[removed["rule_id"] == "source_repeated_line"]
    assert sorted(repeated["path"]) == ["desk/0.txt", "desk/1.txt", "desk/2.txt"]
    assert set(repeated["text"]) == {WIDGET}
    texts = pd.read_parquet(out / "articles.parquet")["text"]
    assert not texts.str.contains(WIDGET).any()


def test_cache_is_redone_when_the_repeated_lines_of_a_source_change(tmp_path: Path) -> None:
    raw = tmp_path / "raw" / "desk"
    raw.mkdir(parents=True)
    for n in range(2):
        (raw / f"{n}.txt").write_text(_story(n), encoding="utf-8")
    out = tmp_path / "processed"
    ingest(raw.parent, out)
    assert pd.read_parquet(out / "articles.parquet")["text"].str.contains(WIDGET).all()
    (raw / "2.txt").write_text(_story(2), encoding="utf-8")  # now in three articles
    summary = ingest(raw.parent, out)
    assert summary.changed_files == 3  # the two unchanged files are redone too
    assert not pd.read_parquet(out / "articles.parquet")["text"].str.contains(WIDGET).any()
    assert ingest(raw.parent, out).unchanged_files == 3
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert all(entry["repeated_sha256"] for entry in manifest["inputs"].values())


def test_process_pool_gets_the_repeated_lines_too(tmp_path: Path) -> None:
    raw = tmp_path / "raw" / "desk"
    raw.mkdir(parents=True)
    for n in range(4):
        (raw / f"{n}.txt").write_text(_story(n), encoding="utf-8")
    one, two = tmp_path / "one", tmp_path / "two"
    ingest(raw.parent, one)
    ingest(raw.parent, two, jobs=2)
    for name in ("articles", "removed_lines"):
        pd.testing.assert_frame_equal(
            pd.read_parquet(one / f"{name}.parquet"), pd.read_parquet(two / f"{name}.parquet")
        )


def test_source_field_groups_records_before_the_collection(tmp_path: Path) -> None:
    raw = tmp_path / "raw" / "feeds"
    raw.mkdir(parents=True)
    rows = [
        {"title": f"Story {n}", "text": _story(n).split("\n\n", 1)[1], "source": source}
        for n, source in enumerate(["Desk", "Desk", "Desk", "Other", "Other"])
    ]
    with (raw / "feed.jsonl").open("w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row) + "\n" for row in rows)
    ingest(raw.parent, tmp_path / "processed")
    articles = pd.read_parquet(tmp_path / "processed" / "articles.parquet")
    removed = pd.read_parquet(tmp_path / "processed" / "removed_lines.parquet")
    ids = removed.loc[removed["rule_id"] == "source_repeated_line", "article_id"]
    assert sorted(articles.set_index("article_id").loc[ids, "source"]) == ["Desk"] * 3
    assert articles["text"].str.contains(WIDGET).sum() == 2  # only two "Other" articles


def test_byline_in_a_raw_file_gives_author_and_date(tmp_path: Path) -> None:
    raw = tmp_path / "raw" / "desk"
    raw.mkdir(parents=True)
    text = "Talks end without a deal\n\nBy Jane Doe | 3 March 2024\n\n" + "\n\n".join(PROSE[:3])
    (raw / "a.txt").write_text(text, encoding="utf-8")
    ingest(raw.parent, tmp_path / "processed")
    article = pd.read_parquet(tmp_path / "processed" / "articles.parquet").iloc[0]
    assert (article["author"], article["date"]) == ("Jane Doe", "2024-03-03")
    removed = pd.read_parquet(tmp_path / "processed" / "removed_lines.parquet")
    assert removed[["line_no", "rule_id"]].values.tolist() == [[1, "headline"], [3, "byline"]]


def test_a_sentence_reused_in_a_few_of_many_articles_is_not_repeated() -> None:
    reused = "Russia launched its full-scale invasion of Ukraine in February 2022."
    texts = [f"Story {n} begins.\nIt has its own line {n}.\nCLICK HERE" for n in range(400)]
    texts = [f"{text}\n{reused}" if n < 3 else text for n, text in enumerate(texts)]
    assert repeated_lines({"desk": texts}) == {"desk": frozenset({"click here"})}
    assert line_key(reused) in repeated_lines({"desk": texts}, min_share=0.0)["desk"]
