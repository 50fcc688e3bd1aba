"""Every rule has a passing and a failing fixture.

The three base fixtures under tests/fixtures/rules/ meet every rule of their packs (each base is
checked all green). Each failing variant below is a short overlay that `extends` a base and breaks
one requirement; the test asserts that rule's finding goes to its failing rating. Passing variants
cover rules whose base pass would otherwise be trivial (a condition that does not arise there).
"""

from __future__ import annotations

import pytest

from orgsim.io.loader import load_scenario, load_scenario_text
from orgsim.model.findings import Rating
from orgsim.model.graph import OrgGraph
from orgsim.rules.registry import CURRENT_PACKS, PACKS, RULES as ALL_RULES, run_checks
from support import FIXTURES

# The current-framework packs have their own bases and fixtures (tests/rules/test_current_packs.py).
RULES = {k: r for k, r in ALL_RULES.items() if r.pack not in CURRENT_PACKS.values()}

RULE_FIXTURES = FIXTURES / "rules"
BASES = {"england": "england.yaml", "england-dss": "england-dss.yaml", "wales": "wales.yaml"}


def variant(base: str, changes: str) -> OrgGraph:
    text = f"orgsim: 1\nextends: {BASES[base]}\n{changes}"
    return OrgGraph(load_scenario_text(text, "variant.yaml", RULE_FIXTURES).scenario)


def findings_of(graph: OrgGraph, rule_id: str):
    rule = RULES[rule_id]
    found = [f for f in run_checks(graph, [rule.pack]).findings
             if f.id == rule_id or f.id.startswith(rule_id + ":")]
    assert found, f"{rule_id} produced no finding"
    return found


# rule id -> (base, overlay that makes it fail, rating expected)
FAILING: dict[str, tuple[str, str, Rating]] = {
    # --- england-dcs-lm-2009
    "dcs.3.5.reports-to-cex": ("england", """
posts:
  sdc: {title: Strategic Director for Commissioning, line_manager: ceo}
  dcs: {line_manager: sdc}
""", Rating.red),
    "dcs.3.5.senior-management-team": ("england", "bodies: {cmt: {members: [dass]}}", Rating.red),
    "dcs.3.7.direct-access-to-members": ("england", "rights: {dcs_access: {over: [leader]}}",
                                         Rating.red),
    "dcs.3.11.line-management-elsewhere": ("england", """
remove: [ed_quarterly, ed_one_to_one, ed_protocol, ed_agreement, ed_si_notice]
""", Rating.red),
    "dcs.3.13.not-combined-with-dass": ("england", """
posts: {dcs: {roles: [dcs, dass]}, dass: {roles: []}}
""", Rating.amber),
    "dcs.3.13.no-second-tier-divide": ("england", """
posts: {dcs: {roles: [dcs, dass]}, dass: {roles: []}}
teams: {schools: {line_manager: dcs}}
""", Rating.red),
    "dcs.3.29.lscb-member": ("england", "bodies: {lscb: {members: []}}", Rating.red),
    "dcs.3.32.ctb-member": ("england", "bodies: {ctb: {members: []}}", Rating.red),
    "dcs.3.30.cex-holds-dcs-to-account": ("england", """
remove: [dcs_ceo, dcs_assurance]
bodies: {cmt: {members: [dass]}}
""", Rating.red),
    "dcs.2.9.lm-safeguarding-meetings": ("england", """
channels: {dcs_lm: {carries: [performance_dip, complaint]}}
""", Rating.red),
    "dcs.2.25.lm-receives-data": ("england", """
channels: {dcs_lm: {carries: [serious_incident, safeguarding_concern, complaint]}}
""", Rating.red),
    "dcs.2.17.lm-participant-observer": ("england", """
bodies: {lscb: {members: [dcs, lmcs], observers: []}}
""", Rating.red),
    "dcs.2.17.lscb-independent-chair": ("england", "bodies: {lscb: {chair: dcs}}", Rating.red),
    "dcs.2.26.lm-complaints": ("england", """
channels: {dcs_lm: {carries: [serious_incident, safeguarding_concern, performance_dip]}}
""", Rating.red),
    "dcs.3.31.annual-safeguarding-assessment": ("england", "remove: [leader_assessment]",
                                                Rating.red),
    "dcs.4.5.leader-monitors-lm": ("england", """
bodies: {cabinet: {members: [lma]}, council: {members: [leader, lma]}}
""", Rating.red),
    "dcs.3.33.referral-points-reviewed": ("england", "remove: [front_door_dcs]", Rating.red),
    "dcs.2.1.lm-on-the-executive": ("england", "bodies: {cabinet: {members: [lma]}}", Rating.red),
    # --- england-dass-2005
    "dass.24.corporate-team": ("england", "bodies: {cmt: {members: [dcs]}}", Rating.amber),
    "dass.24.direct-access-to-members": ("england", "rights: {dass_access: {over: [leader]}}",
                                         Rating.amber),
    "dass.23.scrutiny": ("england", "bodies: {scrutiny: {observers: [dcs]}}", Rating.amber),
    "dass.28.officers-report-to-dass": ("england", """
teams: {asc: {line_manager: ad_csc}}
protocols: {transition: {covers: [cs_front_door, sg_adults]}}
""", Rating.amber),
    "dass.25.contract-review-and-information": ("england", """
commissions: {hc_contract: {terms: [performance_review]}}
""", Rating.amber),
    "dass.29.performance-monitoring": ("england", """
channels: {ad_asc_dass: {carries: [safeguarding_concern]}}
""", Rating.amber),
    "dass.30.safeguarding-adults-focus": ("england", """
teams: {sg_adults: {delivers: [adult_social_care]}}
""", Rating.amber),
    "dass.30.adult-protection-committee": ("england", "bodies: {sab: {members: []}}",
                                           Rating.amber),
    "dass.38.works-with-dcs": ("england", """
remove: [dass_dcs]
bodies: {cmt: {members: [dcs]}, cabinet: {observers: [dcs]}, scrutiny: {observers: [dcs]}}
""", Rating.amber),
    "dass.39.child-protection-focus": ("england", "remove: [sg_adults_referral]", Rating.amber),
    "dass.47.transition-protocol": ("england", "protocols: {transition: {covers: [asc]}}",
                                    Rating.amber),
    "dass.45.executive-portfolio": ("england", "bodies: {cabinet: {members: [lmcs]}}", Rating.amber),
    "dass.48.member-working": ("england", """
remove: [dass_lma]
bodies: {cabinet: {observers: [dcs]}}
""", Rating.amber),
    # --- local-protocol (barnet-2014)
    "protocol.management-agreement": ("england", "remove: [ed_agreement]", Rating.amber),
    "protocol.quarterly-report": ("england", "remove: [ed_quarterly]", Rating.amber),
    "protocol.step-in": ("england", "remove: [dcs_step_in]", Rating.amber),
    "protocol.information-right": ("england", "remove: [dcs_info]", Rating.amber),
    "protocol.safeguarding-one-to-one": ("england", "remove: [ed_one_to_one, ed_si_notice]",
                                           Rating.amber),
    "protocol.board-chair": ("england", "bodies: {ssp: {chair: ceo}}", Rating.amber),
    "protocol.joint-appraisal": ("england", "remove: [dcs_appraisal]", Rating.amber),
    "protocol.audit-programme": ("england", "remove: [dcs_audit]", Rating.amber),
    "protocol.assurance-report": ("england", "remove: [dcs_assurance]", Rating.amber),
    "protocol.covers-splits": ("england", """
remove: [ed_agreement]
protocols: {ed_protocol: {covers: [cs_front_door]}}
""", Rating.amber),
    "protocol.director-is-statutory": ("england", "protocols: {ed_protocol: {director: ceo}}",
                                       Rating.amber),
    "protocol.reports-to-members": ("england", "remove: [dcs_lm]", Rating.amber),
    # --- solace-adss: a non-statutory statement, so every unmet rule is amber (recommended)
    "solace.first-line-to-cex": ("england-dss", """
posts:
  sdss: {title: Strategic Director, line_manager: ceo}
  dss: {line_manager: sdss}
""", Rating.amber),
    "solace.monthly-cex-dss-meetings": ("england-dss", """
remove: [dss_ceo]
bodies: {cmt: {members: [doe]}}
""", Rating.amber),
    "solace.meeting-agenda": ("england-dss", """
channels: {dss_ceo: {carries: [serious_incident]}, ceo_dss: {carries: [serious_incident]}}
bodies: {cmt: {members: [doe]}}
""", Rating.amber),
    "solace.quarterly-political-briefing": ("england-dss", """
bodies: {briefing: {members: [dss, em]}}
""", Rating.amber),
    "solace.top-team-member": ("england-dss", "bodies: {cmt: {members: [doe]}}", Rating.amber),
    "solace.single-political-point": ("england-dss", """
members: {em: {roles: [lead_member_adults]}}
""", Rating.amber),
    "solace.published-child-protection-overview": ("england-dss",
                                                   "remove: [cp_overview, cp_scrutiny]",
                                                   Rating.amber),
    # Yearly inspection reports are not keeping the Chief Executive informed.
    "solace.keeps-cex-informed": ("england-dss", """
channels: {dss_ceo: {carries: [serious_incident]},
           dss_ceo_yearly: {from: dss, to: ceo, name: Yearly inspection summary, cadence: annual,
                            carries: [inspection_finding]}}
bodies: {cmt: {members: [doe]}, briefing: {members: [leader, em]}}
""", Rating.amber),
    # No route at all for the unit's safeguarding items: still amber, cited to a statement.
    "solace.quality-where-operations-elsewhere": ("england-dss", """
teams: {cp_team: {line_manager: doe}}
""", Rating.amber),
    "solace.executive-member-informed": ("england-dss", """
remove: [dss_em]
bodies: {briefing: {members: [leader, dss]}}
""", Rating.amber),
    "solace.political-managerial-divide": ("england-dss", """
posts: {ad_children: {accountable_to: [em]}}
""", Rating.amber),
    "solace.direct-access-to-councillors-and-committees": ("england-dss", """
remove: [cp_scrutiny]
rights: {dss_access: {over: [leader, em, scrutiny_chair]}}
""", Rating.amber),
    "solace.effective-acpc": ("england-dss", """
bodies: {acpc: {chair: doe, members: [ad_children], meets: quarterly}}
""", Rating.amber),
    "solace.laming-6-committee-of-members": ("england-dss", """
remove: [cp_scrutiny]
""", Rating.amber),
    "solace.laming-7-cex-chairs-board": ("england-dss", """
bodies: {cf_board: {chair: doe, members: [dss, ceo]}}
""", Rating.amber),
    # --- wales-dss-2009
    "wales.4.4.reports-to-hops": ("wales", """
posts:
  sd: {title: Strategic Director, line_manager: ceo}
  dss: {line_manager: sd}
""", Rating.red),
    "wales.4.4.top-management-team": ("wales", "bodies: {cmt: {members: [ld]}}", Rating.red),
    # The annual reports to Full Council and scrutiny also reach the councillors on them: they go.
    "wales.4.4.direct-access-to-councillors": ("wales", """
remove: [annual, dss_scrutiny]
rights: {dss_access: {over: [ceo]}}
""", Rating.red),
    "wales.4.7.written-framework": ("wales", "remove: [framework]", Rating.red),
    "wales.4.8.framework-sets-out-accountabilities": ("wales", """
protocols: {framework: {mechanisms: [information_right]}}
""", Rating.red),
    "wales.5.15.regular-liaison": ("wales", "remove: [hc_dss]", Rating.red),
    "wales.6.11.secure-information": ("wales", "remove: [dss_info]", Rating.red),
    "wales.4.6.performance-information": ("wales", """
channels: {hc_dss: {carries: [safeguarding_concern, serious_incident]}}
""", Rating.red),
    "wales.5.13.lead-director-reporting": ("wales", "remove: [hc_dss]", Rating.red),
    "wales.5.14.reciprocal-liaison": ("wales", """
remove: [dss_ld]
bodies: {cmt: {members: [dss]}, cabinet: {observers: [dss]}}
""", Rating.red),
    "wales.5.14.cabinet-member-liaison": ("wales", "remove: [ld_cm]", Rating.red),
    "wales.5.14.hops-reviews-arrangements": ("wales", "remove: [ceo_review]", Rating.red),
    "wales.5.3.hops-meetings": ("wales", "remove: [ceo_dss]", Rating.red),
    "wales.5.3.meeting-content": ("wales", """
channels: {dss_ceo: {carries: [serious_incident]}}
""", Rating.red),
    "wales.5.4.inspection-reports-to-hops": ("wales", """
channels: {dss_ceo: {carries: [serious_incident, performance_dip]}}
""", Rating.red),
    "wales.6.8.annual-report": ("wales", "remove: [annual]", Rating.red),
    "wales.6.9.annual-report-scope": ("wales", "channels: {annual: {carries: [performance_dip]}}",
                                      Rating.red),
    "wales.6.12.report-challenged-by-scrutiny": ("wales", "remove: [dss_scrutiny]",
                                                 Rating.amber),
    "wales.6.15.advises-scrutiny": ("wales", """
remove: [dss_scrutiny]
bodies: {scrutiny: {observers: []}}
""", Rating.red),
    # Serious incidents escalate from the DSS to the Chief Executive, but nothing takes them on to
    # the Cabinet Member (the annual report to Council carries performance only).
    "wales.4.8.2.high-profile-cases": ("wales", """
remove: [dss_cm, ld_cm]
channels: {annual: {carries: [performance_dip]}}
""", Rating.red),
    "wales.4.8.4.safeguarding-reported-to-councillors": ("wales", """
channels: {annual: {carries: [performance_dip]}, dss_scrutiny: {carries: [performance_dip]}}
""", Rating.red),
    "wales.4.8.4.safeguarding-boards": ("wales", "remove: [apc]", Rating.red),
    # Children's safeguarding reaches the DSS only quarterly.
    "wales.4.8.5.childrens-safeguarding-reaches-dss": ("wales", """
channels: {hc_dss: {cadence: quarterly}}
""", Rating.red),
    "wales.4.8.8.governance-level": ("wales", """
remove: [annual]
bodies: {cabinet: {observers: [ld]}}
""", Rating.red),
    # Only the Cabinet Member briefing the DSS is left: that is not the DSS reporting.
    "wales.4.8.8.strategic-level": ("wales", """
remove: [dss_cm]
channels: {cm_dss: {from: cm_ss, to: dss, name: Cabinet Member's requests, cadence: monthly}}
bodies: {cabinet: {observers: [ld]}}
""", Rating.red),
    "wales.4.8.8.operational-level": ("wales", "remove: [head_adults_dss]", Rating.red),
}

# Rules whose base pass is trivial (the condition does not arise), with a variant where it does
# arise and is met.
PASSING: dict[str, tuple[str, str]] = {
    "dcs.3.13.no-second-tier-divide": ("england", """
posts: {dcs: {roles: [dcs, dass]}, dass: {roles: []}}
teams: {schools: {line_manager: ad_csc}}
"""),
    "dass.25.contract-review-and-information": ("england", """
commissions: {hc_contract: {terms: [performance_review, require_improvement]}}
rights: {dass_info: {holder: dass, kind: request_information, over: provider}}
"""),
    "solace.quality-where-operations-elsewhere": ("england-dss", """
teams: {cp_team: {line_manager: doe}}
channels:
  doe_dss: {from: doe, to: dss, name: Child protection liaison, cadence: monthly}
  cp_doe: {from: cp_team, to: doe, name: Weekly team report, cadence: weekly}
  doe_si: {from: doe, to: dss, name: Serious incident notification, cadence: immediate,
           carries: [serious_incident]}
rights:
  dss_info: {holder: dss, kind: request_information, over: [doe]}
  dss_access: {holder: dss, kind: direct_access, over: [leader, em]}
protocols:
  cp_framework: {title: Child protection quality framework, director: dss, covers: [doe, cp_team]}
posts: {doe: {accountable_to: [dss]}}
"""),
}


def test_every_rule_has_a_failing_fixture():
    assert set(FAILING) == set(RULES), (
        f"rules without a failing fixture: {sorted(set(RULES) - set(FAILING))}; "
        f"fixtures for unknown rules: {sorted(set(FAILING) - set(RULES))}")


def test_at_least_forty_rules_across_five_packs():
    assert len(RULES) >= 40
    assert set(PACKS) == {"england-dcs-lm-2009", "england-dass-2005", "solace-adss",
                          "wales-dss-2009", "local-protocol", *CURRENT_PACKS.values()}


@pytest.mark.parametrize("base", BASES)
def test_base_fixture_is_green_on_every_rule_of_its_packs(base):
    graph = OrgGraph(load_scenario(RULE_FIXTURES / BASES[base]).scenario)
    result = run_checks(graph)
    assert result.findings
    assert {f.severity for f in result.findings} == {Rating.green}, [
        (f.id, f.severity.value, f.explanation) for f in result.findings
        if f.severity is not Rating.green]


def test_every_rule_passes_on_some_base():
    judged = set()
    for name in BASES:
        graph = OrgGraph(load_scenario(RULE_FIXTURES / BASES[name]).scenario)
        judged |= {f.id.split(":")[0] for f in run_checks(graph, list(PACKS)).findings
                   if f.severity is Rating.green and f.id.split(":")[0] in RULES}
    assert judged == set(RULES), sorted(set(RULES) - judged)


@pytest.mark.parametrize("rule_id", sorted(FAILING))
def test_failing_fixture(rule_id):
    base, changes, rating = FAILING[rule_id]
    found = findings_of(variant(base, changes), rule_id)
    failing = [f for f in found if f.severity is rating]
    assert failing, [(f.id, f.severity.value, f.explanation) for f in found]
    for f in failing:
        assert f.mitigation, "a failed rule suggests a mitigation"
        assert str(f.citation).startswith(RULES[rule_id].document)


@pytest.mark.parametrize("rule_id", sorted(PASSING))
def test_passing_fixture_where_the_condition_arises(rule_id):
    found = findings_of(variant(*PASSING[rule_id]), rule_id)
    assert {f.severity for f in found} == {Rating.green}, [
        (f.id, f.severity.value, f.explanation) for f in found]
