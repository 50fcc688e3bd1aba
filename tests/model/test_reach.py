"""The reach query holds to the simulation: it is the engine's own semantics, answered without
simulating, so on deterministic councils the latest simulated arrival is the query's worst case,
and on every reference council the simulation never delivers where the query sees no route."""

from __future__ import annotations

import textwrap

import pytest

from orgsim.io.loader import load_scenario, load_scenario_text
from orgsim.model.network import compile_network
from orgsim.model.reach import Reach, reach
from orgsim.model.vocab import DIRECTOR_ROLES
from orgsim.sim.engine import EngineOptions, run_replication
from orgsim.sim.montecarlo import run_one
from orgsim.sim.settings import RunSettings
from orgsim.sim.streams import Items
from support import reference_scenarios

HEADER = "orgsim: 1\nname: Reach council\njurisdiction: england\ngovernance: leader_cabinet\n"

CHAIN = """
posts:
  ceo: {title: Chief Executive, roles: [head_of_paid_service]}
  dcs: {title: DCS, roles: [dcs], line_manager: ceo}
  head: {title: Head of service, line_manager: ceo, escalates_at: serious}
teams:
  team: {title: Team, line_manager: head, delivers: [children_social_care]}
bodies:
  board: {title: Assurance board, kind: officer_board, chair: dcs, members: [ceo],
          meets: monthly, phase: 9d}
channels:
  weekly: {from: team, to: head, name: Weekly, cadence: weekly, phase: 2d, lag: 1d,
           carries: [safeguarding_concern, performance_dip]}
  to_board: {from: head, to: board, name: Report to the board, cadence: fortnightly, lag: 2d,
             carries: [safeguarding_concern]}
  quarterly: {from: head, to: dcs, name: Quarterly, cadence: quarterly, lag: 10d,
              carries: [performance_dip]}
  notice: {from: ceo, to: dcs, name: Serious incident notice, cadence: immediate, lag: 1d,
           carries: [serious_incident]}
"""


def council(body: str = CHAIN):
    return load_scenario_text(HEADER + textwrap.dedent(body), "reach.yaml").scenario


def simulated_worst(scenario, kind: str, observer: str, step: float = 0.05,
                    horizon: float = 3 * 365.25) -> float:
    """The latest first awareness, over items placed every `step` days at the team."""
    net = compile_network(scenario)
    times = [i * step for i in range(1, int(horizon / step))]
    items = Items(times, [net.index("team")] * len(times), [net.kind_index(kind)] * len(times))
    record = run_replication(net, items, EngineOptions(horizon, 200.0, 0.0), 1, 0)
    known = record.known(net.index(observer))
    assert len(known) == len(times)  # every item gets there
    return max(known[i] - t for i, t in enumerate(times))


@pytest.mark.parametrize("kind, how", [
    ("safeguarding_concern", ("channel", "channel", "meeting")),  # tabled at the board
    ("performance_dip", ("channel", "channel")),
    ("serious_incident", ("escalation", "escalation", "channel")),  # up the line, then notice
])
def test_simulated_latest_arrival_equals_the_query_worst_case(kind, how):
    scenario = council()
    route = reach(compile_network(scenario), "team", kind, "dcs")
    assert tuple(s.how for s in route.steps) == how
    # Items a grid step apart approach the supremum to within the step.
    assert simulated_worst(scenario, kind, "dcs") == pytest.approx(route.worst_case_days,
                                                                    abs=0.06)


def test_sitting_on_a_board_tables_nothing_and_a_channel_carries_only_its_kinds():
    net = compile_network(council())
    r = Reach(net)
    # The Chief Executive sits on the board but sends it nothing; the board tables only concerns.
    assert r.route("ceo", "safeguarding_concern", "dcs") is None
    assert r.route("team", "complaint", "dcs") is None
    # Serious incidents escalate from a head who escalates at `serious`; complaints do not.
    assert r.route("team", "serious_incident", "ceo").steps[-1].how == "escalation"


def test_a_vacant_post_removed_cuts_the_routes_through_it():
    net = compile_network(council())
    assert Reach(net, without=frozenset({"head"})).route("team", "performance_dip", "dcs") is None


@pytest.mark.parametrize("path", reference_scenarios(), ids=lambda p: p.stem)
def test_the_fastest_route_to_any_of_several_is_the_least_worst_case_of_their_routes(path):
    """What a rule asking for "a route to any of these" reads, from one search: on every
    reference scenario, for every team and kind, the same route as asking each in turn and
    keeping the least worst case (the first listed on a tie), never the team itself."""
    scenario = load_scenario(path).scenario
    fresh, together = Reach(compile_network(scenario)), Reach(compile_network(scenario))
    targets = [*scenario.posts, *scenario.teams, *scenario.bodies]
    for kind in scenario.item_kind_names():
        for team in scenario.teams:
            routes = [r for d in targets if d != team
                      and (r := fresh.route(team, kind, d)) is not None]
            fastest = min(routes, key=lambda r: r.worst_case_days, default=None)
            assert together.fastest_route(team, kind, targets) == fastest, (team, kind)
            # the other way round, so the tie goes to another first-listed target
            fastest = min(reversed(routes), key=lambda r: r.worst_case_days, default=None)
            assert together.fastest_route(team, kind, targets[::-1]) == fastest, (team, kind)


def test_the_fastest_route_is_none_when_no_target_is_reached():
    r = Reach(compile_network(council()))
    assert r.fastest_route("team", "complaint", ["dcs", "ceo", "team"]) is None
    assert r.fastest_route("team", "performance_dip", ["team"]) is None  # not itself
    assert r.fastest_route("team", "performance_dip", ["ceo", "dcs"]).director == "dcs"


@pytest.mark.parametrize("path", reference_scenarios(), ids=lambda p: p.stem)
def test_the_simulation_never_delivers_by_a_route_the_query_says_does_not_exist(path):
    """And, the other way round, a unit the query routes to a Director is never 'never' there."""
    scenario = load_scenario(path).scenario
    net = compile_network(scenario)
    static, possible = Reach(net), Reach(net, step_ins=True)
    directors = sorted({d for role in DIRECTOR_ROLES
                        for d, entry in scenario.posts.items() if role in entry.roles})
    settings = RunSettings(1, 2, 3 * 365.25)
    counts: dict[tuple[str, str, str], list[int]] = {}
    for replication in (1, 2):
        record = run_one(net, settings, replication)
        items = record.items
        known = {d: record.known(net.index(d)) for d in directors}
        for i, (team, kind) in enumerate(zip(items.team.tolist(), items.kind.tolist())):
            for d in directors:
                key = (net.nodes[team], net.kinds[kind], d)
                row = counts.setdefault(key, [0, 0])
                row[0] += 1
                row[1] += i in known[d]
    for (team, kind, d), (made, learnt) in counts.items():
        if possible.route(team, kind, d) is None:
            assert learnt == 0, (team, kind, d, learnt)
        route = static.route(team, kind, d)
        if route is not None and made >= 5 and not _uncertain(scenario, route):
            assert learnt > 0, (team, kind, d, route.steps)


def _uncertain(scenario, route) -> bool:
    """A route through a post that is vacant during the run, or a channel that may drop items,
    can lose them all by chance."""
    for s in route.steps:
        post = scenario.posts.get(s.target)
        if post is not None and post.vacant:
            return True
        channel = scenario.channels.get(s.via)
        if channel is not None and (channel.fidelity < 1 or channel.reliability < 1):
            return True
    return False
