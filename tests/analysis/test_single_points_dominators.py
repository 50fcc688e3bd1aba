"""Single points of failure come from one dominator tree per kind and Director; they must be
exactly the posts whose removal, asked of the reach query one post at a time (the quadratic
definition), cuts a team's route to its Director."""

from __future__ import annotations

import pytest

from support import reference_scenarios
from orgsim.analysis.metrics import structure_metrics
from orgsim.io.loader import load_scenario
from orgsim.model.graph import OrgGraph
from orgsim.model.reach import Reach


def brute_force(g: OrgGraph, paths) -> set[tuple[str, str, str, str, str]]:
    directors = {p.director for p in paths}
    found = set()
    for post in g.scenario.posts:
        if post in directors:
            continue
        without = Reach(g.network, without=frozenset({post}))
        for p in paths:
            for t in p.teams:
                if t.worst_case_days is not None and \
                        without.route(t.team, p.kind, p.director) is None:
                    found.add((post, p.director, p.function, p.kind, t.team))
    return found


@pytest.mark.parametrize("path", reference_scenarios(), ids=lambda p: p.stem)
def test_dominators_find_exactly_the_posts_removal_cuts_off(path):
    g = OrgGraph(load_scenario(path).scenario)
    metrics = structure_metrics(g)
    fast = {(s.post, s.director, s.function, kind, team)
            for s in metrics.single_points_of_failure for kind in s.kinds for team in s.teams}
    # a point lists the union of teams over its kinds; compare at the (post, director,
    # function) level and per kind against the union
    slow = brute_force(g, metrics.paths)
    assert {x[:3] for x in fast} == {x[:3] for x in slow}
    assert {(x[0], x[1], x[2], x[4]) for x in fast} == {(x[0], x[1], x[2], x[4]) for x in slow}
    assert {x[:4] for x in fast} >= {x[:4] for x in slow}
