"""Domains: entries carry one, articles are assigned one, packs are one YAML file each."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from framing.errors import LexiconError
from framing.features.domains import (
    detect_domain,
    load_domain_packs,
    out_of_domain,
    packaged_pack_files,
    parse_pack,
)
from framing.features.lexicon import load_lexicon
from framing.features.loaded_terms import find_terms

STRIKE = (
    "Dockworkers strike at the port. The union said the company waged a proxy war "
    "against its workers through a staffing agency."
)
WAR = "Ukraine says Russian forces shelled Kharkiv as Kyiv asked for air defence."


def _labour_pack(folder: Path) -> Path:
    """A user's domain pack: labour disputes, one entry of its own."""
    pack = folder / "labour.yml"
    pack.write_text(
        "version: '1'\ndomain: labour\nseeds: [strike, union, dockworkers, picket]\n"
        "sides: [pro_labour, pro_management]\nentries:\n"
        "- term: scabs\n  variants: [scab]\n  category: dehumanizing\n  side: pro_labour\n"
        "  valence: -2.5\n  explanation: Calling strike-breakers scabs brands them as traitors.\n",
        encoding="utf-8",
    )
    return pack


def test_packaged_packs_and_entry_domains() -> None:
    names = packaged_pack_files()
    for domain in ("russia_ukraine_war", "immigration", "abortion", "guns", "climate",
                   "elections", "economy"):  # fmt: skip
        assert f"domains/{domain}.yml" in names
    entries = load_lexicon().entries.set_index("term")
    assert entries.loc["proxy war", "domain"] == "russia_ukraine_war"
    assert entries.loc["illegal aliens", "domain"] == "immigration"
    assert entries.loc["illegal aliens", "side"] == "restrictionist"
    assert entries.loc["racist", "domain"] == "general"


@pytest.mark.parametrize(
    ("title", "text", "domain"),
    [
        ("", WAR, "russia_ukraine_war"),
        ("Migrants at the border", "Asylum seekers and other migrants waited.", "immigration"),
        ("", "Emissions rose; climate change and carbon taxes were debated.", "climate"),
        ("", STRIKE, "general"),
    ],
)
def test_detect_domain(title: str, text: str, domain: str) -> None:
    assert detect_domain(text, title) == domain


def test_only_seeds_near_the_start_count_and_a_scan_gives_the_same_domain() -> None:
    from framing.features.domains import DETECT_CHARS
    from framing.features.phrase_matcher import normalize

    filler = "The port reopened and trade resumed. " * (DETECT_CHARS // 37 + 1)
    assert detect_domain(filler + WAR) == "general"  # the war is named too late
    assert detect_domain(WAR + " " + filler) == "russia_ukraine_war"
    detector = load_domain_packs()
    for text in (filler + WAR, WAR + " " + filler, STRIKE):
        candidates = detector.matcher.candidates(normalize(text).text)
        assert detector.detect(text, "", candidates) == detect_domain(text)


def test_a_hit_outside_its_domain_gets_the_general_explanation() -> None:
    general = find_terms(STRIKE, domain=detect_domain(STRIKE))
    assert general[["text", "side", "explanation"]].values.tolist() == [
        ["proxy war", "none", out_of_domain("war_naming")]
    ]
    war = find_terms(STRIKE, domain="russia_ukraine_war")
    assert war.loc[0, "side"] == "pro_russia"
    assert "Ukraine" in war.loc[0, "explanation"]
    # Without a domain (the default) every entry keeps its own explanation.
    assert find_terms(STRIKE).loc[0, "side"] == "pro_russia"


def test_a_user_pack_is_one_yaml_file(tmp_path: Path) -> None:
    pack = _labour_pack(tmp_path)
    detector = load_domain_packs((pack,))
    text = STRIKE + " Scabs crossed the picket line."
    assert detector.detect(text) == "labour"
    lexicon = load_lexicon(extra=pack)
    hits = find_terms(text, lexicon, domain="labour")
    assert hits[["text", "side"]].values.tolist() == [
        ["proxy war", "none"],
        ["Scabs", "pro_labour"],
    ]
    assert lexicon.entries.set_index("term").loc["scabs", "domain"] == "labour"


def test_bad_packs_are_reported() -> None:
    with pytest.raises(LexiconError, match="needs a 'domain:' name"):
        parse_pack({"seeds": ["x"]}, "p.yml")
    with pytest.raises(LexiconError, match="must be a name"):
        parse_pack({"domain": "two words", "seeds": ["x"]}, "p.yml")
    with pytest.raises(LexiconError, match="lists no words"):
        parse_pack({"domain": "labour"}, "p.yml")


def test_extraction_detects_the_domain_of_a_users_pack(tmp_path: Path) -> None:
    """`framing features --lexicon pack.yml`: the pack's seeds name the article's domain, so its
    entries keep their side and explanation (before, only the packaged seeds were read and
    the pack's own entries always counted as out of domain)."""
    import pandas as pd

    from framing.features.chunk_tables import extract_tables

    pack = _labour_pack(tmp_path)
    lexicon = load_lexicon(extra=pack)
    assert lexicon.domain_packs == (str(pack),)
    assert load_lexicon().domain_packs == ()
    text = STRIKE + " Scabs crossed the picket line."
    articles = pd.DataFrame({"article_id": ["a1"], "title": [""], "text": [text]})
    ends = [i + 1 for i, ch in enumerate(text) if ch == "."]
    starts = [0, *[e + 1 for e in ends[:-1]]]
    sentences = pd.DataFrame(
        {
            "article_id": ["a1"] * len(ends),
            "sentence_id": list(range(len(ends))),
            "start": starts,
            "end": ends,
            "text": [text[s:e] for s, e in zip(starts, ends, strict=True)],
        }
    )
    tables = extract_tables(articles, sentences, lexicon=lexicon)
    assert tables["articles"].loc[0, "domain"] == "labour"
    spans = tables["spans"][tables["spans"]["kind"] == "loaded"]
    scab = spans[spans["text"] == "Scabs"].iloc[0]
    assert (scab["side"], scab["explanation"]) == (
        "pro_labour",
        "Calling strike-breakers scabs brands them as traitors.",
    )
    # The war entry is out of this story's domain: its category's explanation, no side.
    war = spans[spans["text"] == "proxy war"].iloc[0]
    assert (war["side"], war["explanation"]) == ("none", out_of_domain("war_naming"))
    # Without the pack the same article is "general".
    assert extract_tables(articles, sentences)["articles"].loc[0, "domain"] == "general"


def test_an_edited_user_file_is_read_again_not_served_from_the_cache(tmp_path: Path) -> None:
    """Packs, distancing cues and codebooks are cached per file; an edit (in a notebook
    session, say) must be seen by the next call."""
    from framing.features.codebook import codebook
    from framing.features.distancing import load_distancing

    pack = tmp_path / "labour.yml"
    body = "version: '1'\ndomain: labour\nsides: []\nentries: []\nseeds: [{}]\n"
    pack.write_text(body.format("strike, union, dockworkers"), encoding="utf-8")
    assert load_domain_packs((pack,)).detect(STRIKE) == "labour"
    pack.write_text(body.format("trawler, quota, catch"), encoding="utf-8")
    assert load_domain_packs((pack,)).detect(STRIKE) == "general"

    cues = tmp_path / "cues.yml"
    original = (resources.files("framing") / "lexicons" / "distancing.yml").read_text("utf-8")
    cues.write_text(original, encoding="utf-8")
    assert load_distancing(cues).version == "1.0.0"
    cues.write_text(original.replace('version: "1.0.0"', 'version: "edited"', 1), encoding="utf-8")
    assert load_distancing(cues).version == "edited"

    book = tmp_path / "codebook.yml"
    text = (resources.files("framing") / "features" / "codebook.yml").read_text("utf-8")
    book.write_text(text, encoding="utf-8")
    before = codebook(book)
    book.write_text(text.replace("measures: ", "measures: EDITED ", 1), encoding="utf-8")
    after = codebook(book)
    assert (after["measures"].str.startswith("EDITED")).sum() == 1
    assert not before["measures"].str.startswith("EDITED").any()
