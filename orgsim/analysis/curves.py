"""The data behind the time-to-awareness plots: per statutory Director and item kind, the delays
of every item of the first replications of a run (drawn by `orgsim.render.plots`)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from ..model.graph import OrgGraph
from ..model.vocab import DIRECTOR_ROLES
from ..sim.results import ItemRow, SimulationResult
from ..sim.standards import scope_teams



@dataclass(frozen=True)
class Curve:
    """Delays (days, sorted) of the items a Director knew, out of `items` that arose."""

    director: str  # node id
    title: str
    items: int
    delays: tuple[float, ...]

    def at(self, x: float) -> float:
        return bisect.bisect_right(self.delays, x) / self.items if self.items else 0.0


@dataclass(frozen=True)
class StandardMark:
    within: float
    target: float
    id: str


@dataclass(frozen=True)
class Curves:
    """One scenario's curves keyed by (Director role, item kind), from its first replications."""

    scenario: str
    replications: int
    curves: dict[tuple[str, str], Curve]
    standards: dict[tuple[str, str], tuple[StandardMark, ...]]


def awareness_curves(graph: OrgGraph, rows: Sequence[ItemRow], replications: int,
                     result: SimulationResult | None = None) -> Curves:
    """Reduce per-item rows to a curve per (Director role, item kind).

    An item counts for a Director when it arose in a team in their scope (`scope_teams`, the same
    scope the simulation's metrics use); its origin team knows it on arrival, so the team's own
    row counts the items that arose.
    """
    arose: dict[str, dict[str, set[tuple[int, int]]]] = {}
    known: dict[str, dict[tuple[int, int], float]] = {}
    for r in rows:
        if r.node == r.team:
            arose.setdefault(r.team, {}).setdefault(r.kind, set()).add((r.replication, r.item))
        known.setdefault(r.node, {})[(r.replication, r.item)] = r.known_at - r.arrival
    curves: dict[tuple[str, str], Curve] = {}
    for role in DIRECTOR_ROLES:
        for director in graph.holders(role):
            scope = scope_teams(graph, director)
            kinds = sorted({k for t in scope for k in arose.get(t, {})})
            for kind in kinds:
                items = set().union(*(arose.get(t, {}).get(kind, set()) for t in scope))
                seen = known.get(director, {})
                delays = sorted(max(0.0, seen[i]) for i in items if i in seen)
                curves[(role, kind)] = Curve(director, graph.title(director), len(items),
                                             tuple(delays))
    standards: dict[tuple[str, str], list[StandardMark]] = {}
    if result is not None:
        for s in result.standards:
            for role in graph.director_roles_of(s.who) if graph.has(s.who) else ():
                standards.setdefault((role, s.item), []).append(
                    StandardMark(s.within_days, s.target_share, s.id))
    return Curves(graph.scenario.name, replications, curves,
                  {k: tuple(v) for k, v in standards.items()})
