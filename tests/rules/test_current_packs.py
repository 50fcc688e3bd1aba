"""The current-framework packs `england-2026` and `wales-2026`: ratings, citations, in-force dates.

The bases meet every rule of the current pack: `england-2026-combined.yaml` (a combined DCS and
DASS in 2026 under a recorded local test of assurance) and `wales-2026.yaml` (the Welsh rules
council dated 2026). Each failing variant is an overlay that breaks one requirement.
"""

from __future__ import annotations

from datetime import date

import pytest

from orgsim.errors import ScenarioError
from orgsim.io.loader import load_scenario, load_scenario_text
from orgsim.model.findings import Rating
from orgsim.model.graph import OrgGraph
from orgsim.rules.registry import PACKS, RULES, run_checks, select_packs
from support import FIXTURES

RULE_FIXTURES = FIXTURES / "rules"
BASES = {"england": "england-2026-combined.yaml", "wales": "wales-2026.yaml"}
CURRENT = ("england-2026", "wales-2026")
CURRENT_RULES = sorted(r.id for p in CURRENT for r in PACKS[p].rules)
LEVEL = "at the level of statute sections and successor headings"


def graph_of(name: str) -> OrgGraph:
    return OrgGraph(load_scenario(RULE_FIXTURES / name).scenario)


def variant(base: str, changes: str) -> OrgGraph:
    text = f"orgsim: 1\nextends: {BASES[base]}\n{changes}"
    return OrgGraph(load_scenario_text(text, "variant.yaml", RULE_FIXTURES).scenario)


def finding(graph: OrgGraph, rule_id: str, **kw):
    found = [f for f in run_checks(graph, **kw).findings if f.id.split(":")[0] == rule_id]
    assert len(found) == 1, [(f.id, f.severity.value) for f in found]
    return found[0]


# rule id -> (base, overlay that breaks it, rating, a phrase the explanation must hold)
FAILING: dict[str, tuple[str, str, Rating, str]] = {
    "england-2026.s18.one-dcs": ("england", """
posts: {doe: {title: Director of Education, line_manager: ceo}}
teams: {schools: {line_manager: doe}}
""", Rating.red, "does not cover all of education"),
    "england-2026.s19.one-lead-member": ("england", "members: {lmcs: {roles: []}}", Rating.red,
                                         "is the Lead Member"),
    "england-2026.dfe2013.dcs-reports-to-cex": ("england", """
posts:
  sdp: {title: Strategic Director of People, line_manager: ceo}
  dcs: {line_manager: sdp}
""", Rating.red, "Strategic Director of People stands between them"),
    "england-2026.dfe2013.additional-functions-assured": (
        "england", "posts: {dcs: {local_assurance: null}}", Rating.amber,
        "no local test of assurance is recorded"),
    "england-2026.wt2023.safeguarding-partnership": ("england", """
remove: [csp, dsp_decides]
externals: {lscb_chair: {title: Independent LSCB chair, kind: independent_chair}}
bodies:
  lscb: {title: LSCB, kind: lscb, chair: lscb_chair, members: [dcs], meets: quarterly}
""", Rating.red, "were abolished"),
    "england-2026.wt2023.lead-safeguarding-partner": ("england", """
posts:
  ceo: {roles: [head_of_paid_service]}
  ad_csc: {roles: [lead_safeguarding_partner]}
""", Rating.red, "not the chief executive"),
    "england-2026.wt2023.delegated-safeguarding-partner": ("england", "remove: [dsp_decides]",
                                                           Rating.red, "no authority"),
    "england-2026.wt2023.independent-scrutiny": (
        "england", "bodies: {csp: {independent_scrutiny: null}}", Rating.red,
        "No independent scrutiny"),
    "england-2026.wt2023.yearly-report": ("england", "bodies: {csp: {yearly_report: null}}",
                                          Rating.red, "No yearly report"),
    "england-2026.s6a1.dass-appointed": ("england", "posts: {dcs: {roles: [dcs]}}", Rating.red,
                                         "no post holds the DASS role"),
    "england-2026.s43.sab-core-members": ("england", """
bodies: {sab: {members: [dcs, icb], partners: {icb: icb}}}
""", Rating.red, "lacks the police"),
    "england-2026.sch2.sab-chair-appointed-by-council": (
        "england", "bodies: {sab: {chair_appointed_by: csp}}", Rating.red, "not by the council"),
    "wales-2026.s144.dss-appointed": ("wales", "posts: {dss: {roles: []}}", Rating.red,
                                      "no post holds the DSS role"),
    "wales-2026.s54.dss-reports-to-chief-executive": ("wales", """
posts:
  sd: {title: Strategic Director, line_manager: ceo}
  dss: {line_manager: sd}
""", Rating.red, "line manager is not the chief executive"),
}


def test_every_current_rule_has_a_failing_fixture():
    assert set(FAILING) == set(CURRENT_RULES)


@pytest.mark.parametrize("base", BASES)
def test_the_base_meets_every_rule_of_the_current_pack(base):
    graph = graph_of(BASES[base])
    found = [f for f in run_checks(graph).findings if f.pack in CURRENT]
    assert {f.id.split(":")[0] for f in found} == {r.id for r in PACKS[f"{base}-2026"].rules}
    assert {f.severity for f in found} == {Rating.green}, [
        (f.id, f.severity.value, f.explanation) for f in found if f.severity is not Rating.green]


@pytest.mark.parametrize("rule_id", sorted(FAILING))
def test_failing_fixture(rule_id):
    base, changes, rating, phrase = FAILING[rule_id]
    f = finding(variant(base, changes), rule_id)
    assert f.severity is rating, (f.severity.value, f.explanation)
    assert phrase in f.explanation
    assert f.mitigation
    assert f.citation == RULES[rule_id].citation


def test_a_combined_director_with_recorded_assurance_is_green_and_without_it_amber():
    rule_id = "england-2026.dfe2013.additional-functions-assured"
    assured = finding(graph_of("england-2026-combined.yaml"), rule_id)
    unassured = finding(graph_of("england-2026-combined-unassured.yaml"), rule_id)
    assert (assured.severity, unassured.severity) == (Rating.green, Rating.amber)
    assert "Cabinet report on local assurance" in " ".join(assured.evidence)
    assert "Director of Adult Social Services" in unassured.explanation
    assert str(unassured.citation) == "dfe-dcs-lm-2013 additional functions; local assurance"


def test_assurance_documented_but_never_reviewed_is_amber():
    f = finding(variant("england", "posts: {dcs: {local_assurance: {recorded_in: Cabinet "
                                   "report, date: 2026-03-10}}}"),
                "england-2026.dfe2013.additional-functions-assured")
    assert f.severity is Rating.amber and "no review is recorded" in f.explanation


def test_a_director_of_people_with_other_functions_in_their_line_needs_assurance_too():
    # Not the DASS role, but the adult teams in the DCS's line: another function all the same.
    f = finding(variant("england", """
posts: {dcs: {roles: [dcs, delegated_safeguarding_partner], local_assurance: null}}
"""), "england-2026.dfe2013.additional-functions-assured")
    assert f.severity is Rating.amber
    assert "adult social care" in f.explanation


def test_a_dcs_with_no_other_function_needs_no_assurance():
    f = finding(graph_of("england.yaml"), "england-2026.dfe2013.additional-functions-assured",
                as_of=date(2026, 6, 1))
    assert f.severity is Rating.green and "no local test of assurance is needed" in f.explanation


def test_no_safeguarding_arrangements_declared_is_not_assessed_naming_what_to_add():
    graph = variant("england", "remove: [csp, dsp_decides]")
    for rule_id in ("england-2026.wt2023.safeguarding-partnership",
                    "england-2026.wt2023.independent-scrutiny", "england-2026.wt2023.yearly-report"):
        f = finding(graph, rule_id)
        assert f.severity is Rating.not_assessed
        assert "`kind: safeguarding_partnership`" in f.explanation


def test_a_partnership_without_the_icb_fails_and_an_nhs_member_stands_for_it():
    without = finding(variant("england", "bodies: {csp: {members: [dcs, police], "
                                         "partners: {police: police}}}"),
                      "england-2026.wt2023.safeguarding-partnership")
    assert without.severity is Rating.red and "integrated care board" in without.explanation
    nhs = finding(variant("england", """
externals: {nhs: {title: NHS partners, kind: nhs}}
bodies: {csp: {members: [dcs, police, nhs], partners: null}}
"""), "england-2026.wt2023.safeguarding-partnership")
    assert nhs.severity is Rating.green


def test_no_lead_safeguarding_partner_declared_is_not_assessed():
    f = finding(variant("england", "posts: {ceo: {roles: [head_of_paid_service]}}"),
                "england-2026.wt2023.lead-safeguarding-partner")
    assert f.severity is Rating.not_assessed
    assert "`roles: [lead_safeguarding_partner]`" in f.explanation


def test_the_delegate_must_report_back_to_the_lead():
    f = finding(variant("england", "remove: [dcs_ceo, dcs_assurance]"),
                "england-2026.wt2023.delegated-safeguarding-partner")
    assert f.severity is Rating.red and "no channel reports back" in f.explanation


def test_an_english_dss_after_2005_fails_the_dcs_duty():
    f = finding(graph_of("england-dss.yaml"), "england-2026.s18.one-dcs",
                as_of=date(2026, 6, 1))
    assert f.severity is Rating.red and "replaced in 2005" in f.explanation


# --- in-force dating -----------------------------------------------------------------------------

def current_ids(graph: OrgGraph, day: date) -> set[str]:
    return {f.id.split(":")[0] for f in run_checks(graph, as_of=day).findings
            if f.pack == "england-2026"}


def test_a_2014_structure_is_judged_by_the_2013_guidance_but_not_by_working_together_2023():
    ids = current_ids(graph_of("england-2026-combined.yaml"), date(2014, 9, 1))
    assert {"england-2026.s18.one-dcs", "england-2026.dfe2013.dcs-reports-to-cex",
            "england-2026.dfe2013.additional-functions-assured"} <= ids
    assert not {i for i in ids if ".wt2023." in i or ".s43." in i or ".sch2." in i}


def test_each_rule_starts_on_the_day_its_requirement_came_into_force():
    graph = graph_of("england-2026-combined.yaml")
    assert "england-2026.dfe2013.dcs-reports-to-cex" not in current_ids(graph, date(2013, 4, 7))
    assert "england-2026.dfe2013.dcs-reports-to-cex" in current_ids(graph, date(2013, 4, 8))
    assert "england-2026.s43.sab-core-members" not in current_ids(graph, date(2015, 3, 31))
    assert "england-2026.s43.sab-core-members" in current_ids(graph, date(2015, 4, 1))
    assert not any(".wt2023." in i for i in current_ids(graph, date(2023, 11, 30)))
    assert "england-2026.wt2023.lead-safeguarding-partner" in current_ids(graph,
                                                                          date(2023, 12, 1))


def test_the_current_pack_is_not_chosen_before_any_of_its_requirements():
    graph = graph_of("england-dss.yaml")
    assert "england-2026" not in {s.pack for s in select_packs(graph, date(2004, 6, 1))}
    wales = graph_of("wales-2026.yaml")
    assert "wales-2026" not in {s.pack for s in select_packs(wales, date(2016, 4, 5))}
    assert "wales-2026" in {s.pack for s in select_packs(wales, date(2016, 4, 6))}


# --- labels and the vocabulary's errors -------------------------------------------------------------

def test_the_packs_and_every_rule_say_they_test_sections_and_headings():
    for name in CURRENT:
        assert LEVEL in PACKS[name].title and LEVEL in PACKS[name].document.title
        assert not PACKS[name].document.held
        for r in PACKS[name].rules:
            assert LEVEL in r.test, r.id
            assert r.in_force is not None, r.id


BAD_VOCABULARY = [
    ("bodies: {csp: {partners: {police: icb}}}", "bodies.csp.partners.police",
     "external of kind icb; name an external of kind police"),
    ("bodies: {cabinet: {yearly_report: Annual report}}", "bodies.cabinet.yearly_report",
     "`yearly_report` is for a body of kind safeguarding_partnership"),
    ("bodies: {csp: {independent_scrutiny: police}}", "bodies.csp.independent_scrutiny",
     "is one of the partners"),
    ("bodies: {sab: {chair_appointed_by: nobody}}", "bodies.sab.chair_appointed_by",
     "unknown appointer of the chair 'nobody'"),
]


@pytest.mark.parametrize("changes,where,message", BAD_VOCABULARY)
def test_bad_safeguarding_fields_name_the_line_and_what_to_write(changes, where, message):
    text = f"orgsim: 1\nextends: {BASES['england']}\n{changes}\n"
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(text, "variant.yaml", RULE_FIXTURES)
    shown = str(info.value)
    assert "variant.yaml:3:" in shown, shown
    assert message in shown, shown


def test_the_assurance_rule_is_listed_as_amber_whatever_is_recorded():
    # The combination is permitted; what is missing is the record, so `orgsim rules` says amber.
    listed = RULES["england-2026.dfe2013.additional-functions-assured"].to_dict()
    assert (listed["strength"], listed["severity"], listed["severity_with_departure"]) == (
        "should", "amber", "amber")
    assert RULES["england-2026.dfe2013.dcs-reports-to-cex"].to_dict()["severity"] == "red"


def test_an_observer_is_not_one_of_the_partners():
    f = finding(variant("england", """
bodies: {csp: {members: [dcs, icb], observers: [police], partners: {icb: icb}}}
"""), "england-2026.wt2023.safeguarding-partnership")
    assert f.severity is Rating.red and "lacks the police" in f.explanation
