"""The data behind the time-to-awareness plots: per statutory Director and item kind, the share
of the items arising in the teams they answer for that they knew within x days — read from the
run's own metrics (their hour histograms), so the plots show every replication the tables count
(drawn by `orgsim.render.plots`)."""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

from ..model.graph import OrgGraph
from ..model.vocab import DIRECTOR_ROLES
from ..sim.metrics import BINS_PER_DAY
from ..sim.results import SimulationResult


@dataclass(frozen=True)
class Curve:
    """Of `items` that arose, how many the Director knew within each hour bin's upper edge
    (`days`, increasing; `known`, cumulative)."""

    director: str  # node id
    title: str
    items: int
    days: tuple[float, ...] = ()
    known: tuple[int, ...] = ()

    def at(self, x: float) -> float:
        """The share of the items known within x days."""
        i = bisect.bisect_right(self.days, x + 1e-9)
        return self.known[i - 1] / self.items if i and self.items else 0.0

    def known_quantile(self, q: float) -> float | None:
        """The days within which a share q of the items ever known were known."""
        if not self.known:
            return None
        rank = max(1, math.ceil(q * self.known[-1] - 1e-9))
        return self.days[bisect.bisect_left(self.known, rank)]


@dataclass(frozen=True)
class StandardMark:
    within: float
    target: float
    id: str


@dataclass(frozen=True)
class Curves:
    """One scenario's curves keyed by (Director role, item kind)."""

    scenario: str
    replications: int
    curves: dict[tuple[str, str], Curve]
    standards: dict[tuple[str, str], tuple[StandardMark, ...]]


def awareness_curves(graph: OrgGraph, result: SimulationResult) -> Curves:
    """A curve per (Director role, item kind) from the metric rows of every team in the
    Director's remit, and the standards to mark on each."""
    curves: dict[tuple[str, str], Curve] = {}
    for role in DIRECTOR_ROLES:
        holders = graph.holders(role)
        for row in result.rows_of(set(holders)):
            if (role, row.item) in curves:
                continue
            cumulative, days = [], []
            for hour, count in row.hours:
                days.append(hour / BINS_PER_DAY)
                cumulative.append((cumulative[-1] if cumulative else 0) + count)
            curves[(role, row.item)] = Curve(row.observer, row.title, row.items, tuple(days),
                                             tuple(cumulative))
    standards: dict[tuple[str, str], list[StandardMark]] = {}
    for s in result.standards:
        for role in graph.director_roles_of(s.who) if graph.has(s.who) else ():
            standards.setdefault((role, s.item), []).append(
                StandardMark(s.within_days, s.target_share, s.id))
    return Curves(graph.scenario.name, result.settings.replications, curves,
                  {k: tuple(v) for k, v in standards.items()})
