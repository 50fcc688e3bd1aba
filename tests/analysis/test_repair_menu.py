"""The mechanism menu is a registry: one declaration per kind, the single source of what the
search offers, and the rules it names are real red rules that its mechanisms do clear."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from orgsim.analysis.repair import MENU, Offer, apply, check_mechanisms, mechanism, repair
from orgsim.analysis.repair.menu import kinds
from orgsim.io.loader import load_scenario
from orgsim.model.findings import Rating
from orgsim.model.graph import OrgGraph
from orgsim.model.scenario import Scenario
from orgsim.rules.registry import RULES, rule_of_finding, run_checks
from orgsim.sim.settings import RunSettings

FIX = Path(__file__).parent / "fixtures"
SCENARIOS = Path(__file__).parents[2] / "scenarios"
FAST = RunSettings(seed=2, replications=6, horizon=365.25, drain=100.0, workers=1)

CLAIMED = {c.rule.id: c for k in MENU.values() for c in k.clears}


def _scenario(name: str) -> Scenario:
    return load_scenario(SCENARIOS / name).scenario


def _with_posts(s: Scenario, **changes: dict) -> Scenario:
    posts = dict(s.posts)
    for pid, fields in changes.items():
        posts[pid] = posts[pid].model_copy(update=fields)
    return s.model_copy(update={"posts": posts})


def _off_the_line(s: Scenario, role: str) -> Scenario:
    """The Director line-managed by a peer instead of the head of paid service."""
    g = OrgGraph(s)
    d, hops = g.holder(role), g.holder("head_of_paid_service")
    peer = next(p for p, e in s.posts.items() if e.line_manager == hops and p != d)
    return _with_posts(s, **{d: {"line_manager": peer}})


def _off_the_team(s: Scenario, role: str) -> Scenario:
    d = OrgGraph(s).holder(role)
    bodies = {b: e.model_copy(update={"members": tuple(m for m in e.members if m != d)})
              if e.kind == "management_team" else e for b, e in s.bodies.items()}
    return s.model_copy(update={"bodies": bodies})


def _no_access(s: Scenario, role: str) -> Scenario:
    d = OrgGraph(s).holder(role)
    rights = {r: e for r, e in s.rights.items()
              if not (e.holder == d and e.kind == "direct_access")}
    # a channel to a member, or to a body members sit on, is direct access too
    channels = {c: e for c, e in s.channels.items()
                if not (e.source == d and (e.target in s.members or e.target in s.bodies))}
    return s.model_copy(update={"rights": rights, "channels": channels})


def _split(s: Scenario, role: str) -> Scenario:
    """A post the Director line-manages moved under the head of paid service, accountable to the
    Director, with nothing between them."""
    g = OrgGraph(s)
    d, hops = g.holder(role), g.holder("head_of_paid_service")
    p = next(p for p, e in s.posts.items() if e.line_manager == d and not e.roles)
    channels = {c: e for c, e in s.channels.items() if {e.source, e.target} != {p, d}}
    return _with_posts(s, **{p: {"line_manager": hops, "accountable_to": (d,)}}).model_copy(
        update={"channels": channels, "protocols": {}})


def _safeguarding_adrift(s: Scenario, role: str) -> Scenario:
    """The safeguarding adults teams put under a post outside the Director's line."""
    g = OrgGraph(s)
    d, hops = g.holder(role), g.holder("head_of_paid_service")
    outside = next(p for p, e in s.posts.items() if e.line_manager == hops and not e.roles)
    teams = {t: e.model_copy(update={"line_manager": outside})
             if "safeguarding_adults" in e.delivers else e for t, e in s.teams.items()}
    channels = {c: e for c, e in s.channels.items() if e.target != d or e.source != outside}
    return s.model_copy(update={"teams": teams, "channels": channels})


def _referral_points_adrift(s: Scenario, role: str) -> Scenario:
    """The children's safeguarding teams (the referral points) put under a post outside the
    Director's line, reporting to their new head."""
    g = OrgGraph(s)
    d, hops = g.holder(role), g.holder("head_of_paid_service")
    outside = next(p for p, e in s.posts.items() if e.line_manager == hops and not e.roles)
    moved = {t for t, e in s.teams.items() if "safeguarding_children" in e.delivers}
    teams = {t: e.model_copy(update={"line_manager": outside}) if t in moved else e
             for t, e in s.teams.items()}
    # the teams now report to their new head, who reports nothing to the Director
    channels = {c: e.model_copy(update={"target": outside}) if e.source in moved else e
                for c, e in s.channels.items() if not (e.target == d and e.source == outside)}
    return s.model_copy(update={"teams": teams, "channels": channels})


def _off_the_line_in_2026(s: Scenario, role: str) -> Scenario:
    """The same, in a year when today's framework asks for the direct line too."""
    return _off_the_line(s, role).model_copy(update={"as_of": date(2026, 6, 1)})


# rule id -> (a reference scenario where it is green, how to break it)
BROKEN = {
    "england-2026.dfe2013.dcs-reports-to-cex": ("england/england-unitary-conventional.yaml",
                                                _off_the_line_in_2026),
    "wales-2026.s54.dss-reports-to-chief-executive": ("wales/wales-county-single-dss.yaml",
                                                      _off_the_line_in_2026),
    "dcs.3.5.reports-to-cex": ("england/england-unitary-conventional.yaml", _off_the_line),
    "wales.4.4.reports-to-hops": ("wales/wales-county-single-dss.yaml", _off_the_line),
    "dcs.3.5.senior-management-team": ("england/england-unitary-conventional.yaml", _off_the_team),
    "dass.24.corporate-team": ("england/england-unitary-conventional.yaml", _off_the_team),
    "wales.4.4.top-management-team": ("wales/wales-county-single-dss.yaml", _off_the_team),
    "dcs.3.7.direct-access-to-members": ("england/england-unitary-conventional.yaml", _no_access),
    "dass.24.direct-access-to-members": ("england/england-unitary-conventional.yaml", _no_access),
    "wales.4.4.direct-access-to-councillors": ("wales/wales-county-single-dss.yaml", _no_access),
    "dcs.3.11.line-management-elsewhere": ("england/england-unitary-conventional.yaml", _split),
    "dass.30.safeguarding-adults-focus": ("england/england-unitary-conventional.yaml",
                                          _safeguarding_adrift),
    "dcs.3.33.referral-points-reviewed": ("england/england-unitary-conventional.yaml",
                                          _referral_points_adrift),
}


def _red(s: Scenario, rule_id: str) -> list:
    """The rule's failed findings: red, or amber for a recommendation (england-dass-2005)."""
    return [f for f in run_checks(OrgGraph(s)).findings
            if f.severity in (Rating.red, Rating.amber) and rule_of_finding(f).id == rule_id]


def test_every_rule_the_menu_names_is_a_registered_rule():
    assert CLAIMED and set(BROKEN) == set(CLAIMED)
    for rule_id, c in CLAIMED.items():
        assert RULES[rule_id] is c.rule


@pytest.mark.parametrize("rule_id", sorted(BROKEN))
def test_the_menu_clears_every_red_rule_it_claims(rule_id):
    name, breaks = BROKEN[rule_id]
    broken = breaks(_scenario(name), CLAIMED[rule_id].role)
    red = _red(broken, rule_id)
    assert red, f"{rule_id} does not fail in the broken {name}"
    for finding in red:
        offered = check_mechanisms(broken, finding)
        assert offered and {m.kind for m in offered} <= {
            k.name for k in MENU.values() if any(c.rule.id == rule_id for c in k.clears)}
        # cleared, or (a split whose required compensations are now all but partly present)
        # no longer as bad: the rating improves
        after = {f.id: f.severity for f in run_checks(OrgGraph(apply(broken, offered))).findings}
        assert after.get(finding.id, Rating.green).rank > finding.severity.rank, finding.id


def test_every_mechanism_of_a_repair_is_a_registered_kind():
    base = load_scenario(FIX / "base.yaml").scenario
    option = load_scenario(FIX / "option.yaml").scenario
    result = repair(base, option, FAST, search_replications=4)
    assert result.mechanisms and {m.kind for m in result.mechanisms} <= set(MENU)


WEEKLY_BASE = """orgsim: 1
name: One unit in the DCS's line
jurisdiction: england
governance: leader_cabinet
defaults: {escalates_at: serious}
posts:
  ceo: {title: Chief Executive, roles: [head_of_paid_service]}
  dcs: {title: Director of Children's Services, roles: [dcs], line_manager: ceo}
  sc_director: {title: Social Care Director, line_manager: dcs, unit: Social Care}
teams:
  sc_team: {title: Social work team, line_manager: sc_director, unit: Social Care,
            delivers: [children_social_care], items: {safeguarding_concern: 20/month}}
channels:
  team_weekly: {from: sc_team, to: sc_director, name: Weekly team meeting, cadence: weekly}
  sc_weekly: {from: sc_director, to: dcs, name: Weekly written report, cadence: weekly,
              written: true, carries: [safeguarding_concern]}
"""
WEEKLY_OPTION = """orgsim: 1
extends: base.yaml
name: The unit outside the DCS's line, its weekly report dropped
remove: [sc_weekly]
posts:
  sc_director: {line_manager: ceo, accountable_to: [dcs]}
"""


@pytest.fixture
def menu_restored():
    """A test may declare kinds; the registry is as it was afterwards."""
    saved = dict(MENU)
    yield
    MENU.clear()
    MENU.update(saved)


def test_a_kind_declared_once_is_offered_and_chosen(tmp_path, menu_restored):
    """The worked example of adding a mechanism kind: one declaration, nothing else."""
    @mechanism("weekly_safeguarding_report",
               adds="weekly written P -> D report on safeguarding concerns",
               cost="0 (written)", hours=0.0, citation="barnet-2014 (b)", simulated=True,
               touches=kinds("safeguarding_concern"), bundles=True)
    def weekly_safeguarding_report(s):
        cid = f"repair_{s.post}_{s.director}_weekly_safeguarding_report"
        return [Offer(cid, s.post, f"Weekly written safeguarding report from {s.pt} to {s.dt}",
                      {"channels": {cid: {"from": s.post, "to": s.director, "cadence": "weekly",
                                          "name": "Weekly written safeguarding report",
                                          "written": True,
                                          "carries": ["safeguarding_concern"]}}})]

    (tmp_path / "base.yaml").write_text(WEEKLY_BASE)
    (tmp_path / "option.yaml").write_text(WEEKLY_OPTION)
    base = load_scenario(tmp_path / "base.yaml").scenario
    option = load_scenario(tmp_path / "option.yaml").scenario
    result = repair(base, option, FAST, search_replications=4)
    assert result.before.problems > 0 and result.after.problems == 0 and not result.unrepaired
    assert "weekly_safeguarding_report" in {m.kind for m in result.mechanisms}
    assert "weekly_safeguarding_report" in result.snippet
    # chosen (the greedy order depends on what else the split needs: its serious incidents too)
    assert any(step.startswith("added repair_sc_director_dcs_weekly_safeguarding_report")
               for step in result.steps)
