"""What `check` says where the guidance asks for meetings, liaison and timely information, on the
reference councils the issue names (findings as a governance officer would quote them)."""

from __future__ import annotations

from orgsim.io.loader import load_scenario, load_scenario_text
from orgsim.model.findings import Rating
from orgsim.model.graph import OrgGraph
from orgsim.rules.registry import run_checks
from support import reference_scenario


def findings(path_or_text, packs=None):
    if isinstance(path_or_text, str):
        scenario = load_scenario_text(path_or_text, "option.yaml").scenario
    else:
        scenario = load_scenario(path_or_text).scenario
    return {f.id: f for f in run_checks(OrgGraph(scenario), packs).findings}


def test_2004_council_without_its_formal_meetings_fails_the_solace_meeting_rules():
    base = reference_scenario("england-2004-single-dss")
    assert all(f.severity is Rating.green for f in findings(base).values())
    option = (f"orgsim: 1\nextends: {base}\nname: Without the formal meetings\n"
              "remove: [dss_ceo_monthly, ceo_dss_monthly, quarterly_briefing]\n")
    found = findings(option)
    # solace-adss is a non-statutory statement: its unmet recommendations are amber.
    meetings = found["solace.monthly-cex-dss-meetings"]
    assert meetings.severity is Rating.amber
    assert "shared boards, teams, cabinet and council do not count" in " ".join(meetings.evidence)
    briefing = found["solace.quarterly-political-briefing"]
    assert briefing.severity is Rating.amber and "cabinet" in briefing.explanation


def test_2004_monthly_meeting_one_way_only_is_not_a_two_way_meeting():
    base = reference_scenario("england-2004-single-dss")
    found = findings(f"orgsim: 1\nextends: {base}\nname: One way\nremove: [ceo_dss_monthly]\n")
    f = found["solace.monthly-cex-dss-meetings"]
    assert f.severity is Rating.amber and "only one way" in f.explanation


def test_2004_briefing_passes_on_its_own_body_not_the_cabinet():
    f = findings(reference_scenario("england-2004-single-dss"))[
        "solace.quarterly-political-briefing"]
    assert f.severity is Rating.green and f.evidence[0].startswith("body quarterly_briefing:")


def test_welsh_head_of_childrens_services_meeting_the_dss_only_on_boards_is_not_liaison():
    found = findings(reference_scenario("wales-county-integrated-children"))
    f = found["wales.5.15.regular-liaison:head_children"]
    assert f.severity is not Rating.green
    assert "no regular liaison between the DSS and the head of service" in f.explanation


def test_barnet_2014_education_and_skills_has_no_safeguarding_route_to_the_dcs():
    found = findings(reference_scenario("barnet-2014-commissioning"))
    for unit in ("es_director", "es_school_improvement", "es_sen", "es_admissions"):
        f = found[f"dcs.3.11.line-management-elsewhere:{unit}"]
        assert f.severity is Rating.red, unit
        assert "serious incidents" in f.explanation and "no route" in f.explanation
        assert any(e.startswith("missing - safeguarding items reach the Director in time: no "
                                "route for serious_incident") for e in f.evidence), unit
    # Family Services has a route, monthly: amber, with the route and its worst case named.
    fs = found["dcs.3.11.line-management-elsewhere:fs_mash"]
    assert fs.severity is Rating.amber
    line = next(e for e in fs.evidence if "route for serious_incident" in e)
    assert "channel fs_dcs_one_to_one (monthly)" in line and "worst case 30 days" in line
    assert "beyond the bound" in line and "within 5 days at worst" in line


def test_barnet_2013_baseline_stays_clean():
    found = findings(reference_scenario("barnet-2013-baseline"))
    assert {f.severity for f in found.values()} == {Rating.green}
