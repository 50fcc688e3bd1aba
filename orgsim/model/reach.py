"""Where an item can travel, and how late it can arrive: the simulation's semantics, answered
without simulating.

The one meaning of "reaches" that the rules, the structure metrics and the simulation share. It
reads the compiled `Network` the engine runs on, and follows exactly the moves the engine makes:

- a **channel** takes only the item kinds it carries (`carries`, `min_severity`, resolved in the
  network) at its next cut-off, and delivers them `lag` later;
- a **body** passes on only what is tabled to it (sent to it by a channel), at its next meeting,
  to everyone who attends and along the channels out of the body; sitting on a body tables
  nothing, and a body that never meets passes nothing on;
- **line escalation** takes an item to the line manager only when its kind is at or above the
  post's (or team's) escalation severity; the query counts its random delay as zero.

A route's worst case is the latest an item can arrive, over every arrival time: the next cut-off
after arrival plus lags, hop by hop (`analytic.arrival_at_end`, the closed form the engine is held
to), scanned over the cut-offs of the route's first cadenced hop in the first `WINDOW_DAYS` (three years).
Routes are chosen by the sum of each hop's period plus lag (a bound on its worst case), then their
exact worst case is computed; where two routes both exist the item may arrive earlier than the
figure, never later. Vacancies and step-in rights change the structure during a run; the query
reads the structure at the start (`step_ins=True` adds the line changes step-in rights may make,
for asking whether a route can exist at all). `simulate` gives the distribution.
"""

from __future__ import annotations

import functools
import heapq
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np

from . import vocab
from .analytic import Hop
from .cadence import cutoff_indices, cutoff_time
from .network import NO_NODE, Network
from .numbers import cadence_name, duration_words

# The cut-offs scanned for the worst alignment of a route's cadences: three years, the default
# simulated horizon, so the figure is the worst a run of that length can show (weekly,
# monthly and quarterly cut-offs drift against one another and meet in new positions for years; named
# cadences of calendar-average length never fall exactly into step, so the scan must be bounded).
WINDOW_DAYS = 3 * vocab.DAYS_PER_YEAR


@dataclass(frozen=True)
class Step:
    """One move of an item: along a channel, at a body's meeting, or up the line."""

    how: str  # "channel", "meeting" or "escalation"
    via: str  # the channel id, the body id, or "line"
    source: str
    target: str
    period: float
    lag: float
    phase: float = 0.0

    @property
    def hop(self) -> Hop:
        return Hop(self.period, self.phase, self.lag)


@dataclass(frozen=True)
class Route:
    source: str
    kind: str
    director: str
    steps: tuple[Step, ...]
    worst_case_days: float

    @property
    def nodes(self) -> tuple[str, ...]:
        return (self.source, *(s.target for s in self.steps))

    @property
    def slowest_cadence_days(self) -> float:
        return max((s.period for s in self.steps), default=0.0)

    @property
    def hops(self) -> int:
        """People-to-people steps: a meeting and what it passes on count once."""
        return sum(1 for s in self.steps if s.how != "meeting")


@functools.lru_cache(maxsize=65536)  # teams under one manager share their routes' hops
def worst_case(hops: tuple[Hop, ...], window: float = WINDOW_DAYS) -> float:
    """The supremum over arrival times of the latency along the hops (see the module notes)."""
    lead = 0.0
    for i, hop in enumerate(hops):
        if hop.period > 0:
            break
        lead += hop.lag
    else:
        return lead
    rest = hops[i:]
    first = hops[i]
    # An item reaching the first cadenced hop just after cut-off k-1 waits for cut-off k; the
    # latency is largest there, so scanning those instants gives the supremum. Cut-offs k = 1 ..
    # last, where cut-off k-1 still lies in the window (k = 1 always), all at once: the same
    # IEEE arithmetic as `arrival_at_end` item by item, hundreds of times faster on big councils.
    last = max(1, int((window - first.phase) // first.period) + 1) if first.phase <= window else 1
    while last > 1 and cutoff_time(last - 1, first.phase, first.period) > window:
        last -= 1
    while cutoff_time(last, first.phase, first.period) <= window:
        last += 1
    ks = np.arange(1, last + 1, dtype=np.float64)
    previous = first.phase + (ks - 1) * first.period
    t = first.phase + ks * first.period
    for hop in rest:
        if hop.period > 0:
            t = hop.phase + cutoff_indices(t, hop.phase, hop.period) * hop.period
        t = t + hop.lag
    return round(max(0.0, float(np.max(t - previous + lead))), 9)


class Reach:
    """Routes through one compiled network, cached per (source, kind)."""

    def __init__(self, network: Network, without: frozenset[str] = frozenset(),
                 step_ins: bool = False):
        self.network = network
        self._without = frozenset(network.index(n) for n in without if network.has(n))
        self._step_ins = step_ins
        # (source, kind) -> its search so far: (node -> (bound, parent, step in), the heap, the
        # nodes settled); searched only as far as the Directors asked for so far
        self._trees: dict[tuple[int, int], tuple[dict, list, set]] = {}
        # (node, kind) -> its moves: the trees from a unit's many teams cross the same nodes
        self._out: dict[tuple[int, int], list[tuple[Step, int]]] = {}
        self._backwards: dict[int, nx.DiGraph] = {}

    def route(self, source: str, kind: str, director: str) -> Route | None:
        """The fastest route an item of `kind` arising at `source` takes to `director`, or None
        when the network offers none."""
        net = self.network
        if kind not in net.kinds or not net.has(source) or not net.has(director):
            return None
        s, k, d = net.index(source), net.kind_index(kind), net.index(director)
        tree = self._tree(s, k, d)
        if d not in tree or d in self._without:
            return None
        steps: list[Step] = []
        node = d
        while node != s:
            _, parent, step = tree[node]
            steps.append(step)
            node = parent
        steps.reverse()
        return Route(source, kind, director, tuple(steps),
                     worst_case(tuple(st.hop for st in steps)))

    def fastest_route(self, source: str, kind: str, directors: Sequence[str]) -> Route | None:
        """Of the routes an item of `kind` arising at `source` takes to each of `directors` (the
        source itself left out), the one with the least worst case, the first listed on a tie;
        None when there is none. One search serves them all, and only the directors it reaches
        are made routes, so a long list of directors costs little more than one."""
        net = self.network
        if kind not in net.kinds or not net.has(source):
            return None
        tree = self._tree(net.index(source), net.kind_index(kind), -1)  # -1: search it all
        # the few nodes the source reaches, in the directors' order (which settles a tie)
        in_tree = {net.nodes[i] for i in tree}
        reached = [d for d in directors if d in in_tree and d != source]
        routes = [route for d in reached if (route := self.route(source, kind, d)) is not None]
        return min(routes, key=lambda r: r.worst_case_days, default=None)

    def _tree(self, s: int, k: int, d: int) -> dict[int, tuple[float, int, Step | None]]:
        """Dijkstra from s for kind k on each step's period plus lag, until d is settled (or
        everything is): node -> (bound, parent, step in). Settled nodes' entries are final, so
        a search taken up again for another Director gives what a whole search would have."""
        found = self._trees.get((s, k))
        if found is None:
            found = self._trees[(s, k)] = ({s: (0.0, s, None)}, [(0.0, s)], set())
        tree, heap, done = found
        while heap and d not in done:
            cost, node = heapq.heappop(heap)
            if node in done:
                continue
            done.add(node)
            for step, target in self._moves_out(node, k):
                new = cost + step.period + step.lag
                if target not in tree or new < tree[target][0] - 1e-12:
                    tree[target] = (new, node, step)
                    heapq.heappush(heap, (new, target))
        return tree

    def _moves_out(self, node: int, k: int) -> list[tuple[Step, int]]:
        """`_moves`, worked out once per node and kind."""
        moves = self._out.get((node, k))
        if moves is None:
            moves = self._out[(node, k)] = list(self._moves(node, k))
        return moves

    def _moves(self, node: int, k: int):
        """(step, next node) for every move an item of kind k makes out of `node`."""
        net = self.network
        if node in self._without:
            return
        name = net.nodes[node]
        meeting = net.meetings[node]
        if net.node_kinds[node] == "body":
            # Tabled items wait for the meeting; then the attendees learn them and the body's own
            # channels take them (the engine passes them on from the meeting).
            if meeting is None:
                return
            for a in meeting.attendees:
                yield Step("meeting", name, name, net.nodes[a], meeting.period, 0.0,
                           meeting.phase), a
        for c in net.routes[node][k]:
            ch = net.channels[c]
            yield Step("channel", ch.id, name, net.nodes[ch.target], ch.period, ch.lag,
                       ch.phase), ch.target
        if k in net.escalates[node]:
            for manager in self._managers(node):
                yield Step("escalation", "line", name, net.nodes[manager], 0.0, 0.0), manager

    def on_every_route(self, kind: str, director: str) -> dict[str, tuple[str, ...]]:
        """For every node with a route of `kind` to `director`: the other nodes every such route
        passes through (nearest first), so the ones whose absence cuts it off.

        One dominator tree of the reversed moves, rooted at the director, answers for every
        source at once: a node lies on every route from s to the director exactly when it
        dominates s there. Near-linear, where asking Reach once per removed node is quadratic."""
        net = self.network
        if kind not in net.kinds or not net.has(director):
            return {}
        k, d = net.kind_index(kind), net.index(director)
        if k not in self._backwards:
            backwards = nx.DiGraph()
            backwards.add_nodes_from(range(len(net.nodes)))
            backwards.add_edges_from((target, node) for node in range(len(net.nodes))
                                     for _, target in self._moves_out(node, k) if target != node)
            self._backwards[k] = backwards
        idom = nx.immediate_dominators(self._backwards[k], d)
        result: dict[str, tuple[str, ...]] = {}
        for node in idom:
            if node == d:
                continue
            chain, up = [], idom[node]
            while up != d:
                chain.append(net.nodes[up])
                up = idom[up]
            result[net.nodes[node]] = tuple(chain)
        return result

    def _managers(self, node: int) -> list[int]:
        managers = [self.network.line_managers[node]]
        if self._step_ins:
            managers += [s.holder for s in self.network.step_ins if node in s.over]
        return [m for m in managers if m != NO_NODE]


def reach(network: Network, source: str, kind: str, director: str) -> Route | None:
    """The route an item of `kind` arising at `source` takes to `director`, with its worst-case
    days, or None when there is none."""
    return Reach(network).route(source, kind, director)


def step_text(step: Step, title) -> str:
    """A step in words, with node titles from `title(node_id)`."""
    if step.how == "escalation":
        return f"escalated up the line to {title(step.target)}"
    if step.how == "meeting":
        return f"tabled at {title(step.via)} ({cadence_name(step.period, whole_units=False)})" \
               f" -> {title(step.target)}"
    lag = f", lag {duration_words(step.lag)}" if step.lag else ""
    return (f"channel {step.via} ({cadence_name(step.period, whole_units=False)}{lag}) -> "
            f"{title(step.target)}")
