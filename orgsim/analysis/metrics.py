"""Structure metrics reported with the checks: how far each statutory function is from its Director.

Computed from the structure alone, before any simulation:

- **Paths**: for each statutory function, each Director answering for it and each item kind in
  `PATH_KINDS`, the route an item of that kind takes from every team delivering the function to
  the Director, as the simulation moves it (`OrgGraph.reach`, `orgsim.model.reach`): channels that
  carry the kind, meetings of bodies it is tabled to, and line escalation of kinds at or above the
  escalation severity (its delay counted as zero). A route's worst case is the latest the item
  can arrive (next cut-off after arrival plus lags, hop by hop); its slowest cadence is the longest
  interval on it; its hops count the people-to-people steps (a meeting and what it passes on count
  once). The function's figure is that of its worst-served team (oversight of a function is only
  as good as its least-connected team).
- **Timeliness**: for each statutory Director and each unit in their remit, the worst case of
  serious incidents and safeguarding concerns reaching them from the unit's teams, from the same
  query, with the teams that have no route; `simulate` gives the distribution.
- **Span of control**: line reports (posts and teams) of every post.
- **Single points of failure**: a post whose vacancy (with no interim) leaves a Director with no
  route for some item kind from some team delivering a function in their remit.
- **Splits and compensation**: every (node, Director) pair whose line chain misses the Director,
  with the compensations present and missing (accountable-to edge, channel, information right,
  written protocol) and the barnet-2014 mechanisms (a)-(g) found (`rules.compensation`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..model import vocab
from ..model.graph import OrgGraph
from ..model.reach import Reach
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


# The item kinds the paths follow: what a Director's oversight of safeguarding and performance
# rests on (each kind travels its own channels, so each has its own path).
PATH_KINDS = ("serious_incident", "safeguarding_concern", "performance_dip")
TIMELINESS_KINDS = ("serious_incident", "safeguarding_concern")


@dataclass(frozen=True)
class FunctionPath:
    function: str
    director: str
    kind: str
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
    kinds: tuple[str, ...]  # the item kinds whose route some team loses
    teams: tuple[str, ...]  # teams that lose a route to the Director when the post is vacant


@dataclass(frozen=True)
class UnitTimeliness:
    """How late a unit's items of one kind can reach a Director: the slowest of its teams."""

    director: str
    unit: str
    kind: str
    teams: tuple[str, ...]
    worst_case_days: float | None  # None when some team has no route
    worst_team: str | None
    path: tuple[str, ...]
    unreachable_teams: tuple[str, ...]


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
    timeliness: tuple[UnitTimeliness, ...] = ()

    @property
    def splits(self) -> int:
        return len(self.compensation)

    def to_dict(self) -> dict:
        return {
            "paths": [{
                "function": p.function, "director": p.director, "kind": p.kind,
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
            "compensation": [_listed(asdict(c)) for c in self.compensation],
            "timeliness": [_listed(asdict(t)) for t in self.timeliness],
        }


def _listed(row: dict) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in row.items()}


def structure_metrics(g: OrgGraph) -> StructureMetrics:
    paths = tuple(_function_paths(g, g.reach))
    span = {p: len(g.line_reports(p)) for p in g.scenario.posts}
    return StructureMetrics(paths, span, tuple(_single_points(g, paths)),
                            tuple(_compensation(g)), tuple(_timeliness(g)))


def _compensation(g: OrgGraph):
    for c in compensations(g):
        s = c.split
        yield SplitCompensation(s.node, s.director, s.reason, s.functions, s.line_chain,
                                tuple(m for m in COMPENSATIONS if m in c.present), c.missing,
                                tuple(mechanism_label(m) for m in MECHANISM_TESTS
                                      if m in c.mechanisms))


def _function_paths(g: OrgGraph, reach: Reach):
    kinds = [k for k in PATH_KINDS if k in g.scenario.item_kind_names()]
    for function in _functions(g):
        teams = st.function_teams(g, [function])
        for director in g.responsible_directors(function):
            for kind in kinds:
                yield FunctionPath(function, director, kind,
                                   tuple(_team_path(reach, t, kind, director) for t in teams))


def _functions(g: OrgGraph) -> list[str]:
    delivered = {f for t in g.scenario.teams for f in g.delivered_functions(t)}
    return [f for f in vocab.FUNCTIONS if f in delivered]


def _team_path(reach: Reach, team: str, kind: str, director: str) -> TeamPath:
    route = reach.route(team, kind, director)
    if route is None:
        return TeamPath(team, (), None, None, None)
    return TeamPath(team, route.nodes, route.hops, route.slowest_cadence_days,
                    round(route.worst_case_days, 6))


def _single_points(g: OrgGraph, paths: tuple[FunctionPath, ...]):
    """Posts (other than the Directors) on every route of a team's items to a Director: one
    dominator tree per Director and kind, not one search per post."""
    directors = {p.director for p in paths}
    reach = g.reach
    cutters: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {}
    posts = g.scenario.posts
    lost: dict[str, dict[tuple[str, str], tuple[list[str], list[str]]]] = {}
    for p in paths:
        key = (p.kind, p.director)
        if key not in cutters:
            cutters[key] = reach.on_every_route(p.kind, p.director)
        teams_cut: dict[str, list[str]] = {}
        for t in p.teams:
            if t.worst_case_days is None:
                continue
            for post in cutters[key].get(t.team, ()):
                if post in posts and post not in directors:
                    teams_cut.setdefault(post, []).append(t.team)
        for post, teams in teams_cut.items():
            kinds, cut = lost.setdefault(post, {}).setdefault((p.director, p.function), ([], []))
            kinds.append(p.kind)
            already = set(cut)
            cut += [t for t in teams if t not in already]
    for post in posts:
        for (director, function), (kinds, cut) in lost.get(post, {}).items():
            yield PointOfFailure(post, director, function, tuple(kinds), tuple(cut))


def _timeliness(g: OrgGraph):
    """Per Director, per unit of the teams in their remit, per safeguarding kind: the slowest
    team's route, and the teams with none."""
    kinds = [k for k in TIMELINESS_KINDS if k in g.scenario.item_kind_names()]
    for role in vocab.DIRECTOR_ROLES:
        for director in g.holders(role):
            units: dict[str, list[str]] = {}
            for team in g.scenario.teams:
                if any(director in g.responsible_directors(f) for f in g.delivered_functions(team)):
                    units.setdefault(g.scenario.teams[team].unit or team, []).append(team)
            for unit, teams in units.items():
                for kind in kinds:
                    worst, cut = st.slowest_route(g, teams, kind, director)
                    yield UnitTimeliness(
                        director, unit, kind, tuple(teams),
                        None if cut or worst is None else round(worst.worst_case_days, 6),
                        worst.source if worst else None, worst.nodes if worst else (), cut)
