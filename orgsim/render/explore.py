"""What the explorable HTML highlights when a post is clicked: per scenario and node, who it
reports to (its line chain), who it answers to (accountable-to) and the routes its serious
incidents and safeguarding concerns take to each statutory Director (the reach query the checks
and the simulation share), as pairs of node ids the diagram's edges join.

The line-of-sight diagrams draw a unit as one box (`views.unit_node`); the unit's entry holds the
routes its slowest team's items take, as that diagram draws them.
"""

from __future__ import annotations

from ..model.vocab import DIRECTOR_ROLES
from ..records import Analysis
from .views import SIGHT_KINDS, sight_routes, unit_node


def relations(analysis: Analysis) -> dict[str, dict[str, dict[str, list]]]:
    out: dict[str, dict[str, dict[str, list]]] = {}
    for s in analysis.scenarios:
        g = s.graph
        directors = [h for r in DIRECTOR_ROLES for h in g.holders(r)]
        kinds = [k for k in SIGHT_KINDS if k in g.scenario.item_kind_names()]
        nodes: dict[str, dict[str, list]] = {}
        for n in (*g.scenario.posts, *g.scenario.teams):
            routes: dict[tuple[str, str], None] = {}
            for d in directors:
                for k in kinds:
                    route = g.reach.route(n, k, d) if n != d else None
                    if route is not None:
                        routes.update(dict.fromkeys((st.source, st.target) for st in route.steps))
            nodes[n] = {"reports": list(g.line_chain(n)), "answers": list(g.accountable_to(n)),
                        "routes": [list(p) for p in routes]}
        for d in directors:
            for r in sight_routes(g, d):
                entry = nodes.setdefault(unit_node(r.unit),
                                         {"reports": [], "answers": [], "routes": []})
                for source, target, _, _ in r.steps:
                    if [source, target] not in entry["routes"]:
                        entry["routes"].append([source, target])
        out[s.label] = nodes
    return out
