"""Every paragraph or heading a rule cites exists in the document it names.

A rule that cites "3.44" must cite a paragraph the DCS guidance has, and a heading must be one of
the document's own. The guidance texts live in the shared folder beside the checkout (not in the
project: orgsim paraphrases them); `tests/fixtures/guidance-anchors.json` records the paragraph
numbers each has and the headings the rules cite, read from the texts, so the test runs wherever
the project is. Where the texts are at hand the record is checked against them too, and
`ORGSIM_UPDATE_GOLDEN=1` writes it afresh from them. Findings that cite a protocol (Barnet's
letters and headings) are checked on the Barnet scenario, where they arise.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from orgsim.io.loader import load_scenario
from orgsim.model.graph import OrgGraph
from orgsim.rules.documents import DOCUMENTS
from orgsim.rules.registry import PACKS, RULES, run_checks
from support import FIXTURES, ROOT, SCENARIOS, UPDATE_GOLDEN

# The texts sit in the shared folder beside the checkout; ORGSIM_GUIDANCE names another place.
GUIDANCE = Path(os.environ.get("ORGSIM_GUIDANCE", ROOT.parent / "shared" / "guidance"))
FILES = {"wales-dss-2009": "000_1d9f5cbb46aa9392.txt", "solace-adss": "001_aa9b18392d5d5145.txt",
         "england-dass-2005": "002_27b65360b73f5f37.txt",
         "england-dcs-lm-2009": "003_d41f3be8f1f7a191.txt", "barnet-2014": "004_013b053df3a06d8d.txt"}
NUMBER = re.compile(r"\d+(\.\d+)*")

ANCHORS = FIXTURES / "guidance-anchors.json"
HELD = GUIDANCE.is_dir()
needs_texts = pytest.mark.skipif(not HELD, reason="the guidance texts are not beside the project; "
                                 "the recorded anchors are checked instead")


def text_of(document: str) -> str:
    return (GUIDANCE / FILES[document]).read_text(encoding="utf-8")


def paragraphs_in(text: str) -> list[str]:
    """Every paragraph number that opens a line of the text."""
    found = re.finditer(r"(?m)^[\s\-*>#]*(\d+(?:\.\d+)*)(?:\*\*|\s|$)", text)
    return sorted({m.group(1) for m in found}, key=lambda n: [int(x) for x in n.split(".")])


def paragraphs(citation: str) -> list[str]:
    """The paragraph numbers a citation names: "3.5, 3.44" and ranges such as "25-26" or
    "4.6-4.8" give each end."""
    return [m.group(0) for m in NUMBER.finditer(citation)]


def has_paragraph(text: str, number: str) -> bool:
    """A paragraph starts a line with its number, however the document marks it up:
    "- 3.5**", "**3.44**", "28 The DASS", "4.8.8 ..."."""
    return re.search(rf"(?m)^[\s\-*>#]*{re.escape(number)}(\*\*|\s|$)", text) is not None


def has_heading(text: str, heading: str) -> bool:
    flat = " ".join(text.split())
    return " ".join(heading.split()).lower() in flat.lower()


NUMBERED = sorted(r.id for r in RULES.values() if r.document in FILES
                  and r.document != "barnet-2014" and paragraphs(r.paragraph))
HEADINGS = sorted(r.id for r in RULES.values() if r.document in FILES
                  and not paragraphs(r.paragraph))


def read_anchors() -> dict:
    """From the texts: each document's paragraph numbers, and those of the cited headings it has."""
    anchors = {}
    for document in FILES:
        text = text_of(document)
        cited = sorted({RULES[r].paragraph for r in HEADINGS if RULES[r].document == document})
        anchors[document] = {"paragraphs": paragraphs_in(text),
                             "headings": [h for h in cited if has_heading(text, h)]}
    return anchors


@pytest.fixture(scope="module")
def anchors() -> dict:
    if HELD and UPDATE_GOLDEN:
        ANCHORS.write_text(json.dumps(read_anchors(), indent=1) + "\n", encoding="utf-8")
    return json.loads(ANCHORS.read_text(encoding="utf-8"))


@needs_texts
def test_the_recorded_anchors_are_the_texts_own(anchors):
    assert anchors == read_anchors(), "regenerate with ORGSIM_UPDATE_GOLDEN=1 and review"


@needs_texts
def test_the_paragraph_finder_tells_a_paragraph_from_none():
    dcs, wales = text_of("england-dcs-lm-2009"), text_of("wales-dss-2009")
    assert has_paragraph(dcs, "3.44") and not has_paragraph(dcs, "3.99")
    assert has_paragraph(wales, "4.8.8") and not has_paragraph(wales, "4.9.9")


@pytest.mark.parametrize("rule_id", NUMBERED)
def test_every_cited_paragraph_exists_in_its_document(rule_id, anchors):
    rule = RULES[rule_id]
    held = set(anchors[rule.document]["paragraphs"])
    missing = [n for n in paragraphs(rule.paragraph) if n not in held]
    assert not missing, f"{rule_id} cites {rule.document} {missing}, which it does not have"


@pytest.mark.parametrize("rule_id", HEADINGS)
def test_every_cited_heading_is_the_documents_own(rule_id, anchors):
    rule = RULES[rule_id]
    assert rule.paragraph in anchors[rule.document]["headings"], (
        f"{rule_id} cites the heading '{rule.paragraph}', which {rule.document} does not have")


def test_every_rule_of_the_national_packs_cites_a_document_held():
    # The current-framework packs cite texts orgsim does not hold; they are checked below.
    assert {r.document for r in RULES.values() if DOCUMENTS[r.document].held} \
        <= {*FILES, "local-protocol"}
    assert len(NUMBERED) + len(HEADINGS) >= 60


@needs_texts
def test_barnet_protocol_findings_cite_its_own_letters_and_headings():
    graph = OrgGraph(load_scenario(SCENARIOS / "barnet/barnet-2014-commissioning.yaml").scenario)
    text = text_of("barnet-2014")
    cited = {f.citation.paragraph for f in run_checks(graph).findings
             if f.citation.document == "barnet-2014"}
    assert cited
    for paragraph in cited:
        role, _, rest = paragraph.partition(" protocol, ")
        heading, _, letter = rest.rpartition(" (") if rest.endswith(")") else (rest, "", "")
        assert role in ("DCS", "DASS") and has_heading(text, heading), paragraph
        if letter:
            # the letter opens a line of that Director's list: "- e) The DASS with ..."
            section = text.split(f"Accountability Protocol for role of Director of "
                                 f"{'Children' if role == 'DCS' else 'Adult Social'}")[1]
            assert re.search(rf"(?m)^- {letter.rstrip(')')}\) ", section), paragraph


# --- texts orgsim does not hold: statute sections and recorded headings, never paragraphs ---------

# A statute section as the current packs cite one: "s18", "s6(A1)", "Sch 2".
SECTION = re.compile(r"s\d+[A-Z]?(\([A-Z0-9]+\))?|Sch \d+")
# What an invented paragraph looks like: a number with a point ("3.13", "4.8.8") or a bare number.
PARAGRAPH = re.compile(r"(?<![\w(.])\d+(\.\d+)*(?![)\w])")
UNHELD = sorted(r.id for r in RULES.values() if not DOCUMENTS[r.document].held)


def test_the_current_packs_cite_only_texts_orgsim_does_not_hold():
    current = {r.id for p in ("england-2026", "wales-2026") for r in PACKS[p].rules}
    assert current and current <= set(UNHELD)


@pytest.mark.parametrize("rule_id", UNHELD)
def test_a_citation_of_a_text_not_held_names_a_section_or_a_recorded_heading(rule_id):
    rule = RULES[rule_id]
    document = DOCUMENTS[rule.document]
    parts = [p.strip() for p in re.split(r"[;,]", rule.paragraph)]
    if document.headings:  # guidance: every part one of the headings recorded for it
        assert set(parts) <= set(document.headings), (
            f"{rule_id} cites {parts}; {rule.document} records only {document.headings}")
    else:  # a statute: every part a section or schedule
        assert all(SECTION.fullmatch(p) for p in parts), f"{rule_id} cites {parts}"
    assert not PARAGRAPH.search(rule.paragraph.replace("Sch ", "Sch_")), (
        f"{rule_id} cites '{rule.paragraph}', which reads as a paragraph number")


@pytest.mark.parametrize("citation,ok", [("s18", True), ("s6(A1)", True), ("Sch 2", True),
                                         ("3.13", False), ("s43, 4.2", False), ("12", False)])
def test_the_section_pattern_tells_a_section_from_a_paragraph(citation, ok):
    parts = [p.strip() for p in citation.split(",")]
    assert (all(SECTION.fullmatch(p) for p in parts)
            and not PARAGRAPH.search(citation.replace("Sch ", "Sch_"))) is ok


def test_findings_of_the_current_packs_carry_their_rules_citations():
    graph = OrgGraph(load_scenario(FIXTURES / "rules" / "england-2026-combined.yaml").scenario)
    found = [f for f in run_checks(graph).findings if f.pack == "england-2026"]
    assert found
    for f in found:
        assert f.citation == RULES[f.id.partition(":")[0]].citation
        assert not DOCUMENTS[f.citation.document].held
