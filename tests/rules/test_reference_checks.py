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
    assert f.severity is Rating.red and f.pack == "solace-adss"


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
    return {
        "packs": [s.pack for s in result.packs],
        "summary": result.counts(),
        "findings": [{"id": f.id, "severity": f.severity.value, "citation": str(f.citation),
                      "explanation": f.explanation} for f in result.findings],
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
