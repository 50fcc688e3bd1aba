"""The engine's promises: departures, not_assessed with what to add, pack selection, splits."""

from __future__ import annotations

from datetime import date

import pytest

from orgsim.io.loader import load_scenario, load_scenario_text
from orgsim.model.findings import Rating, Strength
from orgsim.model.graph import OrgGraph
from orgsim.rules.compensation import compensations, describe
from orgsim.rules.registry import UnknownName, find_pack, find_rule, run_checks, select_packs
from support import FIXTURES

RULE_FIXTURES = FIXTURES / "rules"


def variant(changes: str, base: str = "england.yaml") -> OrgGraph:
    return OrgGraph(load_scenario_text(f"orgsim: 1\nextends: {base}\n{changes}", "v.yaml",
                                       RULE_FIXTURES).scenario)


def by_id(graph: OrgGraph, packs=None) -> dict:
    return {f.id: f for f in run_checks(graph, packs).findings}


COMBINED = "posts: {dcs: {roles: [dcs, dass]}, dass: {roles: []}}\n"


def test_an_unmet_recommendation_is_amber_and_says_how_to_record_a_departure():
    f = by_id(variant(COMBINED))["dcs.3.13.not-combined-with-dass"]
    assert f.strength is Strength.recommended
    assert f.severity is Rating.amber
    assert f.departure is None
    assert "departures" in f.mitigation


def test_a_recorded_departure_from_a_recommendation_stays_amber_with_its_reason_beside_it():
    f = by_id(variant(COMBINED + """
departures:
  dcs.3.13.not-combined-with-dass:
    reason: Small unitary; integrated director agreed by Council
    recorded_in: Council minute 12/2024
"""))["dcs.3.13.not-combined-with-dass"]
    assert f.severity is Rating.amber
    assert f.departure == ("Small unitary; integrated director agreed by Council "
                           "(recorded in Council minute 12/2024)")
    assert f.to_dict()["departure"] == f.departure


def test_a_departure_from_a_should_turns_red_to_amber_with_the_reason():
    lm_absent = "bodies: {lscb: {observers: []}}\n"
    plain = by_id(variant(lm_absent))["dcs.2.17.lm-participant-observer"]
    assert (plain.strength, plain.severity) == (Strength.should, Rating.red)
    excused = by_id(variant(lm_absent + """
departures:
  dcs.2.17.lm-participant-observer: {reason: The Lead Member reads the board's papers instead}
"""))["dcs.2.17.lm-participant-observer"]
    assert excused.severity is Rating.amber
    assert excused.departure == "The Lead Member reads the board's papers instead"


def test_a_departure_recorded_against_a_must_stays_red_but_is_shown():
    f = by_id(variant("""
posts:
  sdc: {title: Strategic Director, line_manager: ceo}
  dcs: {line_manager: sdc}
departures:
  dcs.3.5.reports-to-cex: {reason: Commissioning model}
"""))["dcs.3.5.reports-to-cex"]
    assert f.strength is Strength.must
    assert f.severity is Rating.red
    assert f.departure == "Commissioning model"


def test_a_misspelt_departure_key_fails_validation_with_the_nearest_rule_id(tmp_path):
    from orgsim.errors import ScenarioError
    with pytest.raises(ScenarioError) as caught:
        variant("""
departures:
  dcs.3.5.report-to-cex: {reason: Commissioning model}
""")
    (problem,) = caught.value.problems
    assert str(problem) == ("v.yaml:5:3: no rule 'dcs.3.5.report-to-cex' to depart from; "
                            "did you mean 'dcs.3.5.reports-to-cex'? (`orgsim rules` lists every "
                            "rule id)")


def test_no_lead_member_declared_gives_not_assessed_saying_what_to_add():
    graph = variant("members: {lmcs: {roles: []}}")
    findings = by_id(graph, ["england-dcs-lm-2009"])
    lm_rules = ["dcs.2.9.lm-safeguarding-meetings", "dcs.2.25.lm-receives-data",
                "dcs.2.17.lm-participant-observer", "dcs.2.26.lm-complaints",
                "dcs.4.5.leader-monitors-lm"]
    for rule_id in lm_rules:
        f = findings[rule_id]
        assert f.severity is Rating.not_assessed, rule_id
        assert "roles: [lead_member_children]" in f.explanation
        assert f.mitigation is None
    assert not any(f.severity is Rating.red for f in findings.values())


def test_missing_bodies_are_not_assessed_not_green():
    graph = variant("""
remove: [lscb, ctb]
""")
    findings = by_id(graph, ["england-dcs-lm-2009"])
    for rule_id in ("dcs.3.29.lscb-member", "dcs.3.32.ctb-member",
                    "dcs.2.17.lm-participant-observer", "dcs.2.17.lscb-independent-chair"):
        assert findings[rule_id].severity is Rating.not_assessed, rule_id
        assert "`bodies`" in findings[rule_id].explanation


def test_packs_are_chosen_from_jurisdiction_and_roles():
    def chosen(name):
        graph = OrgGraph(load_scenario(RULE_FIXTURES / name).scenario)
        return [s.pack for s in select_packs(graph, date(2010, 1, 1))]
    assert chosen("england.yaml") == ["england-dcs-lm-2009", "england-dass-2005", "local-protocol"]
    assert chosen("england-dss.yaml") == ["solace-adss"]
    # A framework document (wales-dss-2009 4.7) is not an accountability protocol: the Welsh
    # pack judges it, and no local-protocol finding cites a London borough's letters in Wales.
    assert chosen("wales.yaml") == ["wales-dss-2009"]


def test_explicit_pack_and_unknown_names_suggest_the_nearest():
    graph = OrgGraph(load_scenario(RULE_FIXTURES / "england-dss.yaml").scenario)
    result = run_checks(graph, ["england-dcs-lm-2009"])
    assert {f.pack for f in result.findings} == {"england-dcs-lm-2009"}
    assert [s.reason for s in result.packs] == ["chosen with --pack"]
    with pytest.raises(UnknownName, match="did you mean 'solace-adss'"):
        find_pack("solace-ads")
    with pytest.raises(UnknownName, match="did you mean 'dcs.3.5.reports-to-cex'"):
        find_rule("dcs.3.5.reports-to-ceo")


def test_partly_compensated_split_is_amber_and_lists_what_is_missing():
    f = by_id(variant("remove: [ed_protocol, ed_agreement]"))[
        "dcs.3.11.line-management-elsewhere:ed_director"]
    assert f.severity is Rating.amber
    assert "missing - a written framework or protocol covering it" in f.evidence
    assert any(e.startswith("present - performance and finance items reach the Director at least "
                            "quarterly: route for performance_dip from Schools service (schools)")
               and "channel ed_quarterly (quarterly, lag 30 days)" in e and "worst case" in e
               for e in f.evidence)
    assert f.figures["missing"] == 1


def test_split_compensation_lists_protocol_mechanisms_present_and_missing_without_letters():
    graph = variant("remove: [ed_one_to_one, ed_si_notice, dcs_audit]")
    comp = {c.split.node: c for c in compensations(graph)}
    lines = describe(graph, comp["schools"])
    assert lines[0].startswith("split: Schools service (schools) delivers education in the remit")
    # Letters belong to a protocol's own list (Barnet's DCS and DASS protocols letter them
    # differently), so the structure's mechanisms are named in words.
    assert ("protocol mechanisms present: management agreement, quarterly report, step in, "
            "information right, board chair, joint appraisal, assurance report") in lines
    assert "protocol mechanisms missing: safeguarding one to one, audit programme" in lines


def test_a_node_both_accountable_and_delivering_is_one_split_finding():
    graph = variant("posts: {ed_director: {accountable_to: [dcs]}}\n"
                    "teams: {schools: {accountable_to: [dcs]}}")
    ids = [f.id for f in run_checks(graph, ["england-dcs-lm-2009"]).findings
           if f.id.startswith("dcs.3.11")]
    assert ids == ["dcs.3.11.line-management-elsewhere:ed_director",
                   "dcs.3.11.line-management-elsewhere:schools"]


def test_findings_name_graph_elements_for_diagrams():
    f = by_id(variant("remove: [front_door_dcs]"))["dcs.3.33.referral-points-reviewed"]
    assert f.nodes == ("dcs", "cs_front_door")
    g = by_id(variant(""))["dcs.2.26.lm-complaints"]
    assert g.edges == ("dcs_lm",)
