"""The engine's one arrival path (`_arrive`) gives the same record whether it takes every team's
items before the run (whole streams, batched per cut-off, one event per instant) or each item alone
at its arrival in simulated time (as it does when a step-in right may change a team's line)."""

from __future__ import annotations

import random

from orgsim.sim.engine import EngineOptions, run_replication
from orgsim.sim.streams import Items

from .conftest import Sim

COUNCIL = """\
posts:
  ceo: {title: Chief Executive, roles: [head_of_paid_service]}
  dcs: {title: DCS, roles: [dcs], line_manager: ceo}
  fsd: {title: Family Services Director, line_manager: ceo, accountable_to: [dcs]}
  hd: {title: Head of service, line_manager: fsd}
members:
  lm: {title: Lead Member, roles: [lead_member_children]}
teams:
  cs: {title: Social work, line_manager: hd, delivers: [children_social_care]}
  fs: {title: Fostering, line_manager: hd, delivers: [children_social_care]}
bodies:
  board: {title: Board, kind: committee, chair: ceo, members: [lm], observers: [fsd], meets: 30d}
channels:
  weekly_cs: {from: cs, to: hd, name: Weekly, cadence: weekly}
  weekly_fs: {from: fs, to: hd, name: Weekly, cadence: weekly}
  alert: {from: fs, to: dcs, name: Alert, cadence: immediate, lag: 1d, carries: [serious_incident]}
  monthly: {from: hd, to: fsd, name: Monthly, cadence: monthly, lag: 2d}
  paper: {from: fsd, to: board, name: Board paper, cadence: 30d, phase: 5d}
  briefing: {from: dcs, to: lm, name: Briefing, cadence: fortnightly}
"""

# a right over a team whose trigger never holds: it only makes the engine take arrivals one by one
NEVER = """\
rights:
  step_in:
    holder: dcs
    kind: step_in
    over: [cs]
    when: never in these runs
    trigger: {item: performance_dip, count: 100000, within: 1d}
"""


def _items(net, whole_days: bool) -> Items:
    rng = random.Random(5)
    kinds = ["serious_incident", "complaint", "safeguarding_concern", "performance_dip"]
    # whole days put many items on cut-offs and on each other's arrival times
    arrivals = sorted((float(rng.randrange(0, 300)) if whole_days else rng.uniform(0, 300),
                       rng.choice(["cs", "fs"]), rng.choice(kinds)) for _ in range(400))
    return Items([a for a, _, _ in arrivals], [net.index(t) for _, t, _ in arrivals],
                 [net.kind_index(k) for _, _, k in arrivals])


def _same_record(options: EngineOptions, whole_days: bool) -> None:
    up_front, one_by_one = Sim(COUNCIL), Sim(COUNCIL + NEVER)
    net = up_front.network
    items = _items(net, whole_days)
    first = run_replication(up_front.network, items, options, 1, 0)
    second = run_replication(one_by_one.network, items, options, 1, 0)
    assert one_by_one.network.nodes == net.nodes
    for node in range(len(net.nodes)):
        assert first.known(node) == second.known(node), net.nodes[node]
    assert second.step_ins == ()
    # the items did travel: the Lead Member hears of some through the DCS's briefing
    assert first.known(net.index("lm"))


def test_arrivals_up_front_and_one_by_one_give_the_same_awareness():
    _same_record(EngineOptions(400.0, 200.0, 0.0), whole_days=True)  # no delays to draw


def test_the_same_escalation_delays_are_drawn_either_way():
    # each team escalates one kind, so its items draw their delays in the same order either way
    _same_record(EngineOptions(400.0, 200.0, 0.25), whole_days=False)
