"""Structure metrics reported with the checks: how far each statutory function is from its Director.

Computed from the structure alone, before any simulation:

- **Paths**: for each statutory function and each Director answering for it, the fastest regular
  reporting path from every team delivering the function to the Director, over channels and body
  meetings (`rules.structure.information_graph`). A path's worst-case delay is the sum, over its
  steps, of each channel's cadence plus lag and each body's meeting interval: an item that just
  misses every cut-off waits that long. Its slowest cadence is the longest interval on it; its hops
  count the people-to-people steps (a body meeting is one step). The function's figure is that of
  its worst-served team (oversight of a function is only as good as its least-connected team).
  Line escalation is left out: it carries only items at or above a post's escalation severity,
  which the simulation models.
- **Span of control**: line reports (posts and teams) of every post.
- **Single points of failure**: a post whose vacancy (with no interim) leaves a Director with no
  regular reporting path from some team delivering a function in their remit.
- **Splits and compensation**: every (node, Director) pair whose line chain misses the Director,
  with the compensations present and missing (accountable-to edge, channel, information right,
  written protocol) and the barnet-2014 mechanisms (a)-(g) found (`rules.compensation`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import networkx as nx

from ..model import vocab
from ..model.graph import OrgGraph
from ..rules import structure as st
from ..rules.compensation import (COMPENSATIONS, MECHANISM_TESTS, compensations,
                                  mechanism_label)


@dataclass(frozen=True)
class TeamPath:
    team: str
    path: tuple[str, ...]  # node ids, team first, Director last; empty when unreachable
    hops: int | None
    slowest_cadence_days: float | None
    worst_case_days: float | None


@dataclass(frozen=True)
class FunctionPath:
    function: str
    director: str
    teams: tuple[TeamPath, ...]

    @property
    def worst(self) -> TeamPath | None:
        """The worst-served team: unreachable first, then the longest worst-case delay."""
        if not self.teams:
            return None
        return max(self.teams, key=lambda t: (t.worst_case_days is None, t.worst_case_days or 0))

    @property
    def unreachable(self) -> tuple[str, ...]:
        return tuple(t.team for t in self.teams if t.worst_case_days is None)


@dataclass(frozen=True)
class PointOfFailure:
    post: str
    director: str
    function: str
    teams: tuple[str, ...]  # teams that lose every path to the Director when the post is vacant


@dataclass(frozen=True)
class SplitCompensation:
    """A split and, by name, the compensations and barnet-2014 mechanisms present and missing."""

    node: str
    director: str
    reason: str
    functions: tuple[str, ...]
    line_chain: tuple[str, ...]
    present: tuple[str, ...]
    missing: tuple[str, ...]
    mechanisms: tuple[str, ...]


@dataclass(frozen=True)
class StructureMetrics:
    paths: tuple[FunctionPath, ...]
    span_of_control: dict[str, int]
    single_points_of_failure: tuple[PointOfFailure, ...]
    compensation: tuple[SplitCompensation, ...]

    @property
    def splits(self) -> int:
        return len(self.compensation)

    def to_dict(self) -> dict:
        return {
            "paths": [{
                "function": p.function, "director": p.director,
                "worst_team": p.worst.team if p.worst else None,
                "hops": p.worst.hops if p.worst else None,
                "slowest_cadence_days": p.worst.slowest_cadence_days if p.worst else None,
                "worst_case_days": p.worst.worst_case_days if p.worst else None,
                "path": list(p.worst.path) if p.worst else [],
                "unreachable_teams": list(p.unreachable),
                "teams": [asdict(t) | {"path": list(t.path)} for t in p.teams],
            } for p in self.paths],
            "span_of_control": dict(self.span_of_control),
            "single_points_of_failure": [asdict(s) | {"teams": list(s.teams)}
                                         for s in self.single_points_of_failure],
            "splits": self.splits,
            "compensation": [{k: list(v) if isinstance(v, tuple) else v
                              for k, v in asdict(c).items()} for c in self.compensation],
        }


def structure_metrics(g: OrgGraph) -> StructureMetrics:
    info = st.information_graph(g)
    paths = tuple(_function_paths(g, info))
    span = {p: len(g.line_reports(p)) for p in g.scenario.posts}
    return StructureMetrics(paths, span, tuple(_single_points(g, paths)),
                            tuple(_compensation(g)))


def _compensation(g: OrgGraph):
    for c in compensations(g):
        s = c.split
        yield SplitCompensation(s.node, s.director, s.reason, s.functions, s.line_chain,
                                tuple(m for m in COMPENSATIONS if m in c.present), c.missing,
                                tuple(mechanism_label(m) for m in MECHANISM_TESTS
                                      if m in c.mechanisms))


def _function_paths(g: OrgGraph, info: nx.DiGraph):
    for function in _functions(g):
        teams = st.function_teams(g, [function])
        for director in g.responsible_directors(function):
            yield FunctionPath(function, director, tuple(_team_path(g, info, t, director)
                                                         for t in teams))


def _functions(g: OrgGraph) -> list[str]:
    delivered = {f for t in g.scenario.teams for f in g.delivered_functions(t)}
    return [f for f in vocab.FUNCTIONS if f in delivered]


def _team_path(g: OrgGraph, info: nx.DiGraph, team: str, director: str) -> TeamPath:
    try:
        days, path = nx.single_source_dijkstra(info, team, director, weight="days")
    except nx.NetworkXNoPath:
        return TeamPath(team, (), None, None, None)
    steps = [info.edges[u, v]["days"] for u, v in zip(path, path[1:])]
    cadences = [_interval(g, info, u, v) for u, v in zip(path, path[1:])]
    people = [n for n in path if g.kind(n) != "body"]
    return TeamPath(team, tuple(path), len(people) - 1, max(cadences, default=0.0),
                    round(sum(steps), 6))


def _interval(g: OrgGraph, info: nx.DiGraph, u: str, v: str) -> float:
    via = info.edges[u, v]["via"]
    if via in g.scenario.channels:
        return g.scenario.channels[via].cadence
    return info.edges[u, v]["days"]  # a body meeting: its interval is the wait


def _single_points(g: OrgGraph, paths: tuple[FunctionPath, ...]):
    directors = {p.director for p in paths}
    for post in g.scenario.posts:
        if post in directors:
            continue
        info = st.information_graph(g, without=frozenset({post}))
        reaches = {d: nx.ancestors(info, d) for d in directors if d in info}
        for p in paths:
            lost = tuple(t.team for t in p.teams if t.worst_case_days is not None
                         and t.team not in reaches.get(p.director, set()))
            if lost:
                yield PointOfFailure(post, p.director, p.function, lost)
