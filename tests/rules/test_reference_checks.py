"""Checks of the reference scenarios: the results the issue pins, and golden files for the rest.

Golden files (tests/golden/checks/<scenario>.json) hold every finding's id, rating, citation and
explanation, with the structure metrics. Regenerate them after a deliberate change with

    ORGSIM_UPDATE_GOLDEN=1 .venv/bin/pytest tests/rules/test_reference_checks.py

and review the diff before committing: a changed rating is a changed statutory judgement.
"""

from __future__ import annotations

import json

import pytest

from orgsim.analysis.metrics import structure_metrics
from orgsim.io.loader import load_scenario, load_scenario_text
from orgsim.model.findings import Rating
from orgsim.model.graph import OrgGraph
from orgsim.rules.registry import run_checks
from support import GOLDEN, SCENARIOS, UPDATE_GOLDEN, reference_scenarios

CHECKS = GOLDEN / "checks"


def graph_of(name: str) -> OrgGraph:
    path = SCENARIOS / name
    if not path.exists():
        pytest.skip(f"{name} is not in scenarios/ yet")
    return OrgGraph(load_scenario(path).scenario)


def overlay(name: str, changes: str) -> OrgGraph:
    if not (SCENARIOS / name).exists():
        pytest.skip(f"{name} is not in scenarios/ yet")
    text = f"orgsim: 1\nextends: {name}\n{changes}"
    return OrgGraph(load_scenario_text(text, "variant.yaml", SCENARIOS).scenario)


def findings(graph: OrgGraph) -> dict:
    return {f.id: f for f in run_checks(graph).findings}


def test_conventional_english_council_raises_no_red():
    found = findings(graph_of("england/england-unitary-conventional.yaml"))
    assert found
    assert [f.id for f in found.values() if f.severity is Rating.red] == []


def test_barnet_2014_dcs_not_reporting_directly_to_the_chief_executive():
    f = findings(graph_of("barnet/barnet-2014-commissioning.yaml"))["dcs.3.5.reports-to-cex"]
    assert f.severity is Rating.red
    assert str(f.citation) == "england-dcs-lm-2009 3.5, 3.44"
    assert "line manager of Commissioning Director, Children and Young People (dcs): " \
           "Strategic Director for Commissioning (sdc)" in f.evidence
    # The council's recorded justification travels with the finding; a "must" stays red.
    assert f.departure.startswith("The DCS is line-managed by the Strategic Director for "
                                  "Commissioning.")


@pytest.mark.parametrize("node, present, missing", [
    ("fs_director", "management agreement, quarterly report, step in, information right, "
                    "safeguarding one to one, board chair, joint appraisal, audit programme, "
                    "assurance report", "none"),
    ("es_director", "management agreement, quarterly report, step in, information right, "
                    "board chair, joint appraisal, audit programme, assurance report",
                    "safeguarding one to one"),
])
def test_barnet_2014_lists_which_mechanisms_compensate_each_split(node, present, missing):
    f = findings(graph_of("barnet/barnet-2014-commissioning.yaml"))[
        f"dcs.3.11.line-management-elsewhere:{node}"]
    assert f"protocol mechanisms present: {present}" in f.evidence
    assert f"protocol mechanisms missing: {missing}" in f.evidence


def test_welsh_integrated_children_option_raises_5_13():
    f = findings(graph_of("wales/wales-county-integrated-children.yaml"))[
        "wales.5.13.lead-director-reporting"]
    assert f.severity is Rating.red
    assert str(f.citation) == "wales-dss-2009 5.13"
    baseline = findings(graph_of("wales/wales-county-single-dss.yaml"))
    assert baseline["wales.5.13.lead-director-reporting"].severity is Rating.green


def test_welsh_integrated_option_gives_one_finding_per_head_of_service():
    found = findings(graph_of("wales/wales-county-integrated-children.yaml"))
    for rule_id in ("wales.4.6.performance-information", "wales.5.15.regular-liaison",
                    "wales.4.7.written-framework", "wales.6.11.secure-information"):
        ids = sorted(i for i in found if i.startswith(rule_id + ":"))
        assert ids == [f"{rule_id}:head_children", f"{rule_id}:yos_manager"], ids
    f = found["wales.4.6.performance-information:head_children"]
    assert f.severity is Rating.red and str(f.citation) == "wales-dss-2009 4.6"
    assert f.explanation == ("Head of Children's Services: no regular performance information "
                             "reaches the DSS.")
    assert f.evidence[0].startswith("head of service: Head of Children's Services (head_children); "
                                    "units outside the DSS's line: Head of Children's Services")
    assert "Disabled children and transition team (cs_disability)" in f.evidence[0]


def test_welsh_integrated_option_raises_the_gaps_an_expert_names():
    found = findings(graph_of("wales/wales-county-integrated-children.yaml"))
    # 4.8.5: children's safeguarding reaches the DSS only through the quarterly LSCB.
    sg = found["wales.4.8.5.childrens-safeguarding-reaches-dss"]
    assert sg.severity is Rating.red
    assert "3 of 3 children's social services teams" in sg.explanation
    assert any("tabled at Local Safeguarding Children Board (quarterly)" in e and
               "slower than monthly" in e for e in sg.evidence)
    # 4.8: the draft framework names only an information right.
    fw = found["wales.4.8.framework-sets-out-accountabilities:head_children"]
    assert fw.severity is Rating.red
    assert any("mechanisms named: information_right" in e for e in fw.evidence)
    # 5.14 is a "should" of statutory guidance, for a Lead Director running social services.
    assert found["wales.5.14.reciprocal-liaison"].severity is Rating.red
    baseline = findings(graph_of("wales/wales-county-single-dss.yaml"))
    assert {f.severity for f in baseline.values() if f.pack == "wales-dss-2009"} == {Rating.green}
    assert "does not arise" in baseline["wales.5.14.reciprocal-liaison"].explanation


def test_pre_2005_council_acpc_and_laming_board_are_read():
    found = findings(graph_of("england/england-2004-single-dss.yaml"))
    assert any(e.startswith("body acpc: Area Child Protection Committee meets quarterly; the DSS "
                            "chairs it") for e in found["solace.effective-acpc"].evidence)
    assert found["solace.laming-7-cex-chairs-board"].evidence[0].startswith(
        "body cf_board: Management Board for Services to Children and Families")
    assert str(found["solace.laming-6-committee-of-members"].citation) == \
        "solace-adss Appendix B: Matrix of responsibilities"
    without = findings(overlay("england/england-2004-single-dss.yaml", """
remove: [cf_board, acpc_annual]
bodies: {acpc: {chair: head_cp_reviewing}}
"""))
    # A non-statutory statement: amber, never red. An ACPC the DSS neither sits on nor hears from
    # is not one the DSS can make effective; as a member the DSS is back on it.
    assert without["solace.laming-7-cex-chairs-board"].severity is Rating.amber
    assert without["solace.effective-acpc"].severity is Rating.amber
    member = findings(overlay("england/england-2004-single-dss.yaml", """
bodies: {acpc: {chair: head_cp_reviewing, members: [dss, ad_children, doe, nhs_partner, police]}}
"""))
    assert member["solace.effective-acpc"].severity is Rating.green


def test_pre_2005_council_without_the_monthly_cex_dss_meeting_raises_solace():
    assert findings(graph_of("england/england-2004-single-dss.yaml"))[
        "solace.monthly-cex-dss-meetings"].severity is Rating.green
    # Take away the two monthly meeting channels and the bodies where both sit at least monthly.
    graph = overlay("england/england-2004-single-dss.yaml", """
remove: [dss_ceo_monthly, ceo_dss_monthly]
bodies:
  cmt: {members: [doe, director_finance, head_legal]}
  cabinet: {observers: [ceo, doe, director_finance, head_legal]}
""")
    f = findings(graph)["solace.monthly-cex-dss-meetings"]
    # A recommendation of a non-statutory statement: amber, never red.
    assert f.severity is Rating.amber and f.pack == "solace-adss"


def test_no_lead_member_declared_is_not_assessed_with_what_to_add():
    graph = overlay("england/england-unitary-conventional.yaml", "members: {lmcs: {roles: []}}")
    found = findings(graph)
    lm = [f for f in found.values() if "lead_member_children" in f.explanation]
    assert len(lm) >= 5
    assert {f.severity for f in lm} == {Rating.not_assessed}
    assert all("Add `roles: [lead_member_children]`" in f.explanation for f in lm)


def golden_document(graph: OrgGraph) -> dict:
    result = run_checks(graph)
    metrics = structure_metrics(graph).to_dict()
    for row in metrics["paths"]:
        del row["teams"]  # per-team detail is covered by tests/analysis; keep goldens readable
    def row(f):
        return {"id": f.id, "severity": f.severity.value, "citation": str(f.citation),
                "explanation": f.explanation, "text_on_the_date": f.currency.status}
    return {
        "as_of": result.as_of.isoformat(),
        "packs": [s.pack for s in result.packs],
        "law_in_force": [note for _, note in result.standings()],
        "summary": result.counts(),
        "findings": [row(f) for f in result.findings],
        "superseded": [row(f) | {"change": f.currency.change} for f in result.superseded],
        "metrics": metrics,
    }


@pytest.mark.parametrize("path", reference_scenarios(), ids=lambda p: p.stem)
def test_golden_checks(path):
    document = golden_document(OrgGraph(load_scenario(path).scenario))
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    golden = CHECKS / f"{path.stem}.json"
    if UPDATE_GOLDEN:
        CHECKS.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
        return
    if not golden.exists():
        pytest.skip(f"no golden checks for {path.name} yet; run with ORGSIM_UPDATE_GOLDEN=1 and "
                    "review the file")
    assert text == golden.read_text(encoding="utf-8"), (
        f"checks of {path.name} differ from {golden.relative_to(GOLDEN.parent)}; review the change "
        "and regenerate with ORGSIM_UPDATE_GOLDEN=1")
