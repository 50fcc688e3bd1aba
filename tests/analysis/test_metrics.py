"""Structure metrics: fastest path per function, span of control, single points of failure."""

from __future__ import annotations

import pytest

from orgsim.analysis.metrics import structure_metrics
from orgsim.io.loader import load_scenario_text
from orgsim.model.analytic import Hop, latency
from orgsim.model.graph import OrgGraph
from orgsim.model.vocab import CADENCES

MONTH = CADENCES["monthly"]

COUNCIL = """\
orgsim: 1
name: Metrics council
jurisdiction: england
governance: leader_cabinet
posts:
  ceo: {title: Chief Executive, roles: [head_of_paid_service]}
  dcs: {title: DCS, roles: [dcs], line_manager: ceo}
  head: {title: Head of children's social care, line_manager: dcs}
  ed: {title: Education director, line_manager: ceo, accountable_to: [dcs]}
teams:
  t1: {title: Social work team, line_manager: head, delivers: [children_social_care]}
  t2: {title: Assessment team, line_manager: head, delivers: [children_social_care]}
  schools: {title: Schools, line_manager: ed, delivers: [education]}
  yot: {title: Youth offending, line_manager: head, delivers: [youth_justice]}
channels:
  t1_head: {from: t1, to: head, name: Weekly, cadence: weekly, lag: 2d}
  t2_head: {from: t2, to: head, name: Weekly, cadence: weekly}
  t2_dcs: {from: t2, to: dcs, name: Direct, cadence: 10d}
  head_dcs: {from: head, to: dcs, name: Monthly, cadence: monthly, lag: 3d}
  schools_ed: {from: schools, to: ed, name: Weekly, cadence: weekly}
  ed_dcs: {from: ed, to: dcs, name: Quarterly, cadence: quarterly, lag: 30d}
"""


def metrics(extra: str = ""):
    graph = OrgGraph(load_scenario_text(COUNCIL + extra, "metrics.yaml").scenario)
    return structure_metrics(graph)


def path(m, function, team, kind="performance_dip"):
    fp = next(p for p in m.paths if p.function == function and p.kind == kind)
    return fp, next(t for t in fp.teams if t.team == team)


def brute_force_worst(chain, window=3 * 365.25, step=0.01):
    """The latest arrival over a fine grid of arrival times: what the query must equal."""
    return max(latency(i * step, chain) for i in range(1, int(window / step)))


def test_worst_case_is_the_latest_arrival_along_the_fastest_route():
    fp, t1 = path(metrics(), "children_social_care", "t1")
    assert fp.director == "dcs"
    assert t1.path == ("t1", "head", "dcs")
    assert t1.hops == 2
    assert t1.slowest_cadence_days == pytest.approx(MONTH)
    expected = brute_force_worst((Hop(7, 0, 2), Hop(MONTH, 0, 3)))
    assert t1.worst_case_days == pytest.approx(expected, abs=0.02)
    assert t1.worst_case_days <= 7 + 2 + MONTH + 3  # never beyond the sum of waits and lags


def test_a_direct_faster_channel_wins_and_the_function_reports_its_worst_served_team():
    fp, t2 = path(metrics(), "children_social_care", "t2")
    assert t2.path == ("t2", "dcs") and t2.worst_case_days == pytest.approx(10)
    assert fp.worst.team == "t1"


def test_serious_incidents_escalate_up_the_line_at_once():
    _, t1 = path(metrics(), "children_social_care", "t1", "serious_incident")
    assert t1.path == ("t1", "head", "dcs") and t1.worst_case_days == 0


def test_a_body_passes_on_only_what_is_tabled_to_it_at_its_next_meeting():
    dmt = """
bodies:
  dmt: {title: Departmental management team, kind: management_team, chair: dcs,
        members: [head], meets: fortnightly}
"""
    # Sitting on the management team together tables nothing: the path is unchanged.
    _, t1 = path(metrics(dmt), "children_social_care", "t1")
    assert t1.path == ("t1", "head", "dcs")
    # A report sent to it is tabled, and the next meeting passes it to those who attend.
    tabled = COUNCIL.replace("  head_dcs:", "  head_dmt: {from: head, to: dmt, name: Report, "
                             "cadence: weekly}\n  old_head_dcs:").replace(
        "old_head_dcs: {from: head, to: dcs", "old_head_dcs: {from: head, to: ceo")
    graph = OrgGraph(load_scenario_text(tabled + dmt, "metrics.yaml").scenario)
    fp = next(p for p in structure_metrics(graph).paths
              if p.function == "children_social_care" and p.kind == "performance_dip")
    t1 = next(t for t in fp.teams if t.team == "t1")
    assert t1.path == ("t1", "head", "dmt", "dcs")
    assert t1.hops == 2  # the meeting and what it passes on count once
    assert t1.slowest_cadence_days == pytest.approx(14)
    assert t1.worst_case_days == pytest.approx(
        brute_force_worst((Hop(7, 0, 2), Hop(7, 0, 0), Hop(14, 0, 0))), abs=0.02)


def test_a_team_with_no_route_for_the_kind_is_unreachable():
    fp, yot = path(metrics(), "youth_justice", "yot")
    assert yot.worst_case_days is None and yot.path == () and yot.hops is None
    assert fp.unreachable == ("yot",)
    assert fp.worst.team == "yot"


def test_single_points_of_failure_are_posts_whose_vacancy_cuts_a_team_off():
    m = metrics()
    spof = {(s.post, s.function): s for s in m.single_points_of_failure}
    # t2 keeps its direct channel; t1 depends on the head for every kind.
    assert spof[("head", "children_social_care")].teams == ("t1",)
    # The youth offending team's serious incidents reach the DCS only up the line via the head.
    assert spof[("head", "youth_justice")].kinds == ("serious_incident",)
    assert spof[("ed", "education")].teams == ("schools",)
    assert not any(s.post in ("dcs",) for s in m.single_points_of_failure)


def test_span_of_control_and_splits():
    m = metrics()
    assert m.span_of_control == {"ceo": 2, "dcs": 1, "head": 3, "ed": 1}
    # ed is accountable to the DCS outside its line; schools delivers education outside it.
    assert m.splits == 2
    d = m.to_dict()
    assert d["splits"] == 2
    row = next(r for r in d["paths"] if r["function"] == "education"
               and r["kind"] == "performance_dip")
    assert row["worst_team"] == "schools" and row["hops"] == 2
    expected = brute_force_worst((Hop(7, 0, 0), Hop(CADENCES["quarterly"], 0, 30)), step=0.05)
    assert row["worst_case_days"] == pytest.approx(expected, abs=0.06)


def test_each_split_lists_its_compensation_present_and_missing():
    m = metrics("""
rights:
  dcs_info: {holder: dcs, kind: request_information, over: ed}
""")
    comp = {c.node: c for c in m.compensation}
    assert set(comp) == {"ed", "schools"}
    ed = comp["ed"]
    assert (ed.director, ed.reason, ed.line_chain) == ("dcs", "accountable_to", ("ceo",))
    # The quarterly report carries every kind, but a quarter is too slow for safeguarding items.
    assert ed.present == ("accountable_to", "performance_route", "information_right")
    assert ed.missing == ("safeguarding_route", "written_protocol")
    # A quarterly channel carrying every kind is the quarterly report; nothing else a protocol names.
    assert ed.mechanisms == ("quarterly report", "information right")
    assert comp["schools"].functions == ("education",)


def test_timeliness_gives_each_directors_units_worst_case_for_safeguarding_items():
    m = metrics()
    rows = {(t.unit, t.kind): t for t in m.timeliness if t.director == "dcs"}
    assert rows[("yot", "serious_incident")].worst_case_days == 0
    assert rows[("yot", "safeguarding_concern")].worst_case_days is None
    assert rows[("yot", "safeguarding_concern")].unreachable_teams == ("yot",)
