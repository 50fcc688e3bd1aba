"""A validated scenario compiled once into plain, picklable tables the engine indexes by integer.

Nodes and item kinds become integer ids; every channel's filters (`carries`, `min_severity`) are
resolved per item kind in advance, because an item kind has one severity. Nothing here imports
SimPy: worker processes receive this object and build their own engine from it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

from . import vocab
from .scenario import Scenario

NO_NODE = -1
SECTION_OF = {"post": "posts", "member": "members", "team": "teams", "body": "bodies",
              "external": "externals"}


@dataclass(frozen=True)
class ChannelSpec:
    id: str
    source: int
    target: int
    period: float  # days; 0 = immediate
    phase: float
    lag: float
    reliability: float
    capacity: int | None
    fidelity: float


@dataclass(frozen=True)
class MeetingSpec:
    """A body's meetings: what was tabled since the last one becomes known to all who attend."""

    body: int
    period: float
    phase: float
    attendees: tuple[int, ...]


@dataclass(frozen=True)
class VacancySpec:
    start: float
    end: float  # math.inf when open-ended
    cover: int  # NO_NODE when nobody covers


@dataclass(frozen=True)
class StepInSpec:
    """A `step_in` right with a machine trigger: `count` items of `kind` learnt by a covered node
    within `within` days make `holder` its line manager for the rest of the run.

    Only items arising in the covered node's own delivery unit count (`teams`: the teams whose
    line chain at the start of the run runs through a covered node): the escalation is about that
    unit's performance, not about council-wide items its director hears of at committees.
    """

    id: str
    holder: int
    over: tuple[int, ...]
    kind: int
    count: int
    within: float
    teams: frozenset[int]


@dataclass(frozen=True)
class StreamSpec:
    team: int
    kind: int
    per_day: float


@dataclass(frozen=True)
class Network:
    nodes: tuple[str, ...]
    node_kinds: tuple[str, ...]
    kinds: tuple[str, ...]
    severities: tuple[int, ...]
    channels: tuple[ChannelSpec, ...]
    routes: tuple[tuple[tuple[int, ...], ...], ...]  # [node][kind] -> channel indices
    # [node] -> (channel index, kinds it carries from there, None meaning every kind)
    outlets: tuple[tuple[tuple[int, frozenset[int] | None], ...], ...]
    escalates: tuple[frozenset[int], ...]  # [node] -> kinds at or above its escalation severity
    line_managers: tuple[int, ...]
    vacancies: tuple[tuple[VacancySpec, ...], ...]
    meetings: tuple[MeetingSpec | None, ...]  # [node] -> the body's meetings, None otherwise
    step_ins: tuple[StepInSpec, ...]
    streams: tuple[StreamSpec, ...]
    units: tuple[str, ...]  # [node] -> unit label (a team's unit, else its id)

    # The teams in an order that keeps each line's teams together (depth first down the line),
    # and [node] -> (first, last + 1) positions in that order of the teams whose items can ever
    # reach the node (first == last + 1 when none can): the engine keeps a node's per-item state
    # for those teams' items only. Worked out when first asked: the rules never ask.
    @cached_property
    def team_order(self) -> tuple[int, ...]:
        return _team_order(self.node_kinds, self.line_managers)

    @cached_property
    def reach_spans(self) -> tuple[tuple[int, int], ...]:
        return _reach_spans(self.team_order, self.channels, self.escalates, self.line_managers,
                            self.vacancies, self.meetings, self.step_ins)

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {node: i for i, node in enumerate(self.nodes)}

    def index(self, node: str) -> int:
        """The node's position; a dict, as searching the tuple made big councils quadratic."""
        try:
            return self._positions[node]
        except KeyError:
            raise ValueError(f"{node!r} is not a node of the network") from None

    def has(self, node: str) -> bool:
        return node in self._positions

    def kind_index(self, kind: str) -> int:
        return self.kinds.index(kind)


def compile_network(scenario: Scenario) -> Network:
    nodes, node_kinds = _nodes(scenario)
    at = {n: i for i, n in enumerate(nodes)}
    kinds = scenario.item_kind_names()
    kind_at = {k: i for i, k in enumerate(kinds)}
    severities = tuple(int(scenario.severity_of(k)) for k in kinds)
    channels = tuple(ChannelSpec(cid, at[c.source], at[c.target], c.cadence, c.phase, c.lag,
                                 c.reliability, c.capacity, c.fidelity)
                     for cid, c in scenario.channels.items())
    routes = _routes(scenario, nodes, at, kinds, severities)
    escalates, line_managers, vacancies, units = _node_tables(scenario, nodes, node_kinds, at,
                                                              severities)
    meetings, step_ins = _meetings(scenario, at, len(nodes)), _step_ins(scenario, at, kind_at)
    return Network(tuple(nodes), tuple(node_kinds), kinds, severities, channels,
                   tuple(tuple(tuple(r) for r in per_node) for per_node in routes),
                   _outlets(routes, len(kinds)),
                   tuple(escalates), tuple(line_managers), tuple(vacancies),
                   meetings, step_ins, _streams(scenario, at, kind_at), tuple(units))


def _nodes(scenario: Scenario) -> tuple[list[str], list[str]]:
    """Every node id, section by section in SECTION_OF's order, with its kind."""
    nodes: list[str] = []
    node_kinds: list[str] = []
    for kind, section in SECTION_OF.items():
        for node_id in getattr(scenario, section):
            nodes.append(node_id)
            node_kinds.append(kind)
    return nodes, node_kinds


def _routes(scenario: Scenario, nodes: list[str], at: dict[str, int], kinds: tuple[str, ...],
            severities: tuple[int, ...]) -> list[list[list[int]]]:
    """[node][kind] -> the channels out of the node that carry that kind (`carries` and
    `min_severity` resolved once here, as an item kind has one severity)."""
    routes: list[list[list[int]]] = [[[] for _ in kinds] for _ in nodes]
    for index, (cid, c) in enumerate(scenario.channels.items()):
        floor = vocab.Severity[c.min_severity] if c.min_severity else 0
        for k, kind in enumerate(kinds):
            if (not c.carries or kind in c.carries) and severities[k] >= floor:
                routes[at[c.source]][k].append(index)
    return routes


def _node_tables(scenario: Scenario, nodes: list[str], node_kinds: list[str], at: dict[str, int],
                 severities: tuple[int, ...]) -> tuple[list, list, list, list]:
    """[node] -> kinds it escalates, its line manager, its vacancies and its unit label."""
    escalates, line_managers, vacancies, units = [], [], [], []
    for node, kind in zip(nodes, node_kinds):
        entry = getattr(scenario, SECTION_OF[kind])[node]
        if kind in ("post", "team"):
            threshold = int(scenario.escalation_severity(node))
            escalates.append(frozenset(k for k, s in enumerate(severities) if s >= threshold))
        else:
            escalates.append(frozenset())
        manager = getattr(entry, "line_manager", None)
        line_managers.append(at[manager] if manager else NO_NODE)
        vacancies.append(tuple(
            VacancySpec(v.start, math.inf if v.end is None else v.end,
                        at[v.covered_by] if v.covered_by else NO_NODE)
            for v in getattr(entry, "vacant", ())))
        units.append(getattr(entry, "unit", None) or node)
    return escalates, line_managers, vacancies, units


def _meetings(scenario: Scenario, at: dict[str, int], count: int) -> tuple[MeetingSpec | None, ...]:
    """[node] -> the body's meetings, with each attendee once (chair, members, observers)."""
    meetings: list[MeetingSpec | None] = [None] * count
    for body_id, body in scenario.bodies.items():
        if body.meets:
            attendees = []
            for who in (body.chair, *body.members, *body.observers):
                if who and at[who] not in attendees:
                    attendees.append(at[who])
            meetings[at[body_id]] = MeetingSpec(at[body_id], body.meets, body.phase,
                                                tuple(attendees))
    return tuple(meetings)


def _step_ins(scenario: Scenario, at: dict[str, int],
              kind_at: dict[str, int]) -> tuple[StepInSpec, ...]:
    """The step-in rights with a machine trigger on an item kind the scenario has."""
    return tuple(
        StepInSpec(rid, at[r.holder], tuple(at[o] for o in r.over), kind_at[r.trigger.item],
                   r.trigger.count, r.trigger.within,
                   frozenset(at[t] for t in teams_under(scenario, r.over)))
        for rid, r in scenario.rights.items()
        if r.kind == "step_in" and r.trigger is not None and r.trigger.item in kind_at)


def _streams(scenario: Scenario, at: dict[str, int],
             kind_at: dict[str, int]) -> tuple[StreamSpec, ...]:
    """Each team's items of each kind, as a rate per day."""
    return tuple(StreamSpec(at[team_id], kind_at[kind], rate / vocab.DAYS_PER_MONTH)
                 for team_id, team in scenario.teams.items()
                 for kind, rate in team.items.items() if rate > 0 and kind in kind_at)


def _outlets(routes: list[list[list[int]]],
             kind_count: int) -> tuple[tuple[tuple[int, frozenset[int] | None], ...], ...]:
    """[node] -> (channel, the kinds it carries from the node or None for every kind), by
    channel: the routes turned round, so the engine looks at each channel once per batch."""
    outlets = []
    for per_node in routes:
        carried: dict[int, set[int]] = {}
        for k, channel_ids in enumerate(per_node):
            for c in channel_ids:
                carried.setdefault(c, set()).add(k)
        outlets.append(tuple((c, None if len(ks) == kind_count else frozenset(ks))
                             for c, ks in sorted(carried.items())))
    return tuple(outlets)


def _team_order(node_kinds: tuple[str, ...], line_managers: tuple[int, ...]) -> tuple[int, ...]:
    """Every team, depth first down the line from the top of each line (in node order), so that
    the teams under any post sit next to each other."""
    reports: dict[int, list[int]] = {}
    for node, manager in enumerate(line_managers):
        reports.setdefault(manager, []).append(node)
    order, seen = [], set()
    stack = list(reversed(reports.get(NO_NODE, [])))
    # nodes on a line cycle (never valid, but compiled all the same) have no top: add them after
    stack = [*(n for n in reversed(range(len(node_kinds))) if line_managers[n] != NO_NODE), *stack]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if node_kinds[node] == "team":
            order.append(node)
        stack.extend(reversed(reports.get(node, [])))
    return tuple(order)


def _reach_spans(team_order: tuple[int, ...], channels: tuple[ChannelSpec, ...],
                 escalates: tuple[frozenset[int], ...], line_managers: tuple[int, ...],
                 vacancies: tuple[tuple[VacancySpec, ...], ...],
                 meetings: tuple[MeetingSpec | None, ...],
                 step_ins: tuple[StepInSpec, ...]) -> tuple[tuple[int, int], ...]:
    """[node] -> the span of `team_order` positions of the teams whose items can reach it, on every
    way an item can travel in any run: channels of any kind, meetings, escalation to the line
    manager or to a step-in's holder, and an interim acting during a vacancy."""
    count = len(line_managers)
    sends: list[set[int]] = [set() for _ in range(count)]
    for c in channels:
        sends[c.source].add(c.target)
    for meeting in meetings:
        if meeting is not None:
            sends[meeting.body].update(meeting.attendees)
    for node in range(count):
        if escalates[node] and line_managers[node] != NO_NODE:
            sends[node].add(line_managers[node])
        sends[node].update(v.cover for v in vacancies[node] if v.cover != NO_NODE)
    for spec in step_ins:
        for covered in spec.over:
            if escalates[covered]:
                sends[covered].add(spec.holder)
    low, high = [count] * count, [-1] * count
    work = []
    for position, team in enumerate(team_order):
        low[team], high[team] = position, position
        work.append(team)
    while work:  # widen each span along what the node sends until nothing widens
        node = work.pop()
        for target in sends[node]:
            if low[node] < low[target] or high[node] > high[target]:
                low[target], high[target] = min(low[target], low[node]), max(high[target],
                                                                             high[node])
                work.append(target)
    return tuple((lo, hi + 1) if hi >= 0 else (0, 0) for lo, hi in zip(low, high))


def teams_under(scenario: Scenario, over: tuple[str, ...]) -> tuple[str, ...]:
    """The teams whose line chain (as the scenario writes it) runs through any of `over`."""
    covered = set(over)
    found = []
    for team_id, team in scenario.teams.items():
        node, seen = team_id, set()
        while node is not None and node not in seen:
            if node in covered:
                found.append(team_id)
                break
            seen.add(node)
            entry = scenario.teams.get(node) or scenario.posts.get(node)
            node = getattr(entry, "line_manager", None)
    return tuple(found)
