"""Golden summaries of the reference scenarios: statutory roles, counts and splits.

Regenerate with ORGSIM_UPDATE_GOLDEN=1 after a deliberate change, and review the diff.
"""

import json

import pytest

from support import GOLDEN, SCENARIOS, UPDATE_GOLDEN, reference_scenario, reference_scenarios
from orgsim.io.loader import load_scenario
from orgsim.model.graph import OrgGraph


def golden_summary(path) -> dict:
    org = OrgGraph(load_scenario(path).scenario)
    return {
        "name": org.scenario.name,
        "roles": {role: list(holders) for role, holders in org.statutory_roles().items() if holders},
        "counts": org.counts(),
        "splits": [{"node": s.node, "line_manager": s.line_manager, "director": s.director,
                    "reason": s.reason, "functions": list(s.functions)} for s in org.splits()],
    }


@pytest.mark.parametrize("path", reference_scenarios(), ids=lambda p: p.stem)
def test_reference_scenario_matches_its_golden_summary(path):
    golden = GOLDEN / "scenarios" / f"{path.stem}.json"
    actual = golden_summary(path)
    if UPDATE_GOLDEN or not golden.exists():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n")
        if not UPDATE_GOLDEN:
            pytest.fail(f"wrote a new golden file {golden.name}; review it and commit it")
    assert actual == json.loads(golden.read_text())


def test_there_is_a_reference_scenario_for_every_system_in_the_guidance():
    names = {p.stem for p in reference_scenarios()}
    assert {"england-unitary-conventional", "barnet-2013-baseline", "barnet-2014-commissioning",
            "wales-county-single-dss", "wales-county-integrated-children",
            "england-2004-single-dss", "england-unitary-commissioned-adults"} <= names


def splits_of(name: str) -> list:
    return OrgGraph(load_scenario(reference_scenario(name)).scenario).splits()


def test_barnet_2014_splits_delivery_directors_from_the_statutory_directors():
    org = OrgGraph(load_scenario(SCENARIOS / "barnet/barnet-2014-commissioning.yaml").scenario)
    accountable = {(org.title(s.node), org.title(s.line_manager), s.director)
                   for s in org.splits() if s.reason == "accountable_to"}
    dcs, dass, ceo = org.holder("dcs"), org.holder("dass"), org.holder("head_of_paid_service")
    titles = {title for title, _, _ in accountable}
    assert any("Family Services" in t for t in titles)
    assert any("Education and Skills" in t for t in titles)
    assert any("Adults and Communities" in t for t in titles)
    for title, manager, director in accountable:
        if "Family Services" in title or "Education and Skills" in title:
            assert director == dcs and manager == org.title(ceo)
        if "Adults and Communities" in title:
            assert director == dass


def test_barnet_baseline_and_conventional_council_have_no_splits():
    assert splits_of("barnet-2013-baseline") == []
    assert splits_of("england-unitary-conventional") == []


def test_welsh_integrated_option_splits_childrens_services_from_the_dss():
    assert splits_of("wales-county-single-dss") != splits_of("wales-county-integrated-children")
    directors = {s.director for s in splits_of("wales-county-integrated-children")}
    assert directors == {"dss"}
