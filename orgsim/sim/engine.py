"""The SimPy engine: SimPy is the clock, NumPy does what each cut-off or meeting propagates.

SimPy schedules what is dynamic in time: channel cut-offs, deliveries after a lag, meetings,
escalations after their random delay, and, through the times they are checked at, vacancies,
step-ins, cancelled meetings and agenda limits. What an event carries is a batch of items as a
NumPy array of integer ids, and everything done to it is array work: a node's first knowledge is a
byte per item it can ever know, read and cleared for a whole batch at once (`_unseen`); what a
channel, an escalation or a step-in takes of a batch is a table lookup by item kind (`_Filter`).

Rules this engine keeps (DESIGN.md section 4, measured on a 200-node model):
- one queue per channel or body, never one process per item; items travel in batches of ids;
- no event for a channel with nothing queued: the next cut-off is scheduled when something arrives;
- cut-off k happens at `phase + k * period`, computed, and awareness is recorded at that computed
  time (plus lag), so floating-point drift never moves an item across a cut-off;
- a cut-off is one event, at the time what it takes reaches the target (the cut-off plus the
  channel's lag): nothing can happen to a batch on its way, so a second event for the delivery
  would only cost time;
- an item reaching a source exactly at a cut-off is taken by it (an extra event at the same
  instant is scheduled if that cut-off has already fired);
- a post or member with one way in hears of each item at most once (every node sends on only
  what is new to it), so it keeps no record of what it knew (`_Plan.hears_once`); escalation up
  to it counts as a way in only when the run has items of a kind escalated to it;
- items arise at their teams through one path, `_arrive`, which takes a team's items of one kind
  (a stream) and does what the team does with them: knows them, queues them for the team's
  cadenced channels, sends them on its immediate channels and escalates them. Where no team's
  line can change during the run (no step-in right covers a team), every stream is taken before
  the run starts and what it sets going is scheduled as one event per instant, which runs those
  callbacks in the order they were scheduled: the same order SimPy would have given them as
  separate events, with a fraction of the events. Where a step-in may change a team's line, the
  same path takes each item alone at its arrival, in simulated time (each arrival scheduling the
  next), so that its escalation goes to whoever manages the team then and the step-in's trigger
  counts it. The two differ only in the order a team that escalates more than one kind draws its
  delays (stream by stream, or in order of arrival), and each keeps the order the published
  figures were made with;
- inside the engine items are numbered team by team (`_number_items`), so that each node keeps a
  byte per item only for the items that can ever reach it, unless a byte for every item at every
  node is cheap; records use the items' own ids;
- what depends on the network alone is worked out once per network (`_Plan`) and shared by its
  replications; everything a run changes is made afresh for each.
SimPy types stay inside this module; callers get plain `ReplicationRecord`s.

What is kept exactly, because figures depend on it: the events, the order they are scheduled in,
and which items travel together. An escalation draws one delay per batch that brings a node new
escalating items, so two deliveries at the same instant stay two batches; the order of ids within
a batch is kept as it came, per kind, because a summary's (`fidelity`) draws follow it.
"""

from __future__ import annotations

import gc
import math
import random
import weakref
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
import simpy
from simpy.events import Timeout

from ..model.cadence import cutoff_index, cutoff_indices
from ..model.network import NO_NODE, ChannelSpec, Network
from .streams import Items, stream

# A batch is (ids, kinds): the items' engine numbers in the order they came (a NumPy intp array,
# never changed once made, so batches are shared rather than copied) and a bit mask holding at
# least the kinds among them (bit k for kind k). The mask lets most filters decide without
# looking at the ids: no bit in common, nothing passes; no bit outside, everything does.
Batch = tuple[np.ndarray, int]

# A node's bytes start at engine number 0 when its span starts no further in than this (a few
# pages more for each such node, and only the nodes above the first teams in the order have one).
_FREE_OFFSET = 8192

# Items keep their own ids inside the engine when a byte for every item at every node takes no
# more than this (`_Engine._number_items`).
_OWN_IDS_BYTES = 1 << 24

# Cut-offs queued before the run that are turned into Python numbers at a time
_SCHEDULED_AT_ONCE = 65536

# Mean delay of an escalation up the line: a same-day call or email. The guidance fixes no figure,
# so this is an assumption, stated in every simulation's assumptions.
ESCALATION_DELAY_DAYS = 0.25


@dataclass(frozen=True)
class EngineOptions:
    horizon: float
    # Items arise over [0, horizon); the run continues `drain` days longer with no new items so
    # that items arising late can finish their journey (see metrics for how both are reported).
    drain: float = 365.25
    # Mean of the exponential delay before an escalated item reaches the line manager, in days.
    escalation_delay: float = ESCALATION_DELAY_DAYS


@dataclass(frozen=True, eq=False)
class ReplicationRecord:
    """Plain records of one replication: nothing of SimPy survives the run.

    `first_known[node]`, for each node the metrics read (`observed`), is the first time the node
    knew each item (inf where it never did), recorded as it learnt; a team's own items are known
    from their arrival and are not recorded.

    `learnt[node]`, for the other nodes, lists what reached the node, batch by batch in order of
    time, each as (the items' own ids, the time it arrived); a team's own items are not listed
    either. Items of a kind the node never passes on are listed as they came, repeats and all
    (checking them against what it knew would cost time for nothing); the first listing of an item
    is when the node first knew it. It is None for every node when the run was told not to list
    them (`others=False`).
    """

    replication: int
    items: Items
    learnt: tuple[tuple[tuple[np.ndarray, float], ...] | None, ...]
    step_ins: tuple[tuple[str, float], ...]  # (right id, day it fired)
    end: float
    first_known: dict[int, np.ndarray] = field(default_factory=dict)

    def known_times(self, node: int) -> np.ndarray:
        """[item id] -> first time `node` knew the item; inf where it never did."""
        own = self.items.team == node
        recorded = self.first_known.get(node)
        if recorded is not None:
            times = recorded.copy()
            times[own] = np.minimum(times[own], self.items.arrival[own])
            return times
        if self.learnt[node] is None:
            raise ValueError(f"node {node} was neither observed nor listed in this run")
        times = np.full(len(self.items), np.inf)
        times[own] = self.items.arrival[own]
        listed = self.learnt[node]
        if listed:
            ids = np.concatenate([ids for ids, _ in listed])
            at = np.repeat([t for _, t in listed], [len(ids) for ids, _ in listed])
            # an item listed more than once keeps its earliest time
            np.minimum.at(times, ids, at)
        return times

    def known(self, node: int) -> dict[int, float]:
        """{item id: first time `node` knew it} (for tests and the items CSV)."""
        times = self.known_times(node)
        return {int(i): float(times[i]) for i in np.flatnonzero(np.isfinite(times))}


class _Filter:
    """The kinds something takes from a batch: a channel's `carries`, a node's escalation, what a
    node passes on. `mask` has bit k for each kind taken; `by_item[i]` is True for each engine
    number of such a kind (made the first time a batch needs its ids looked at, and shared by
    everything taking the same kinds, so that a selection costs one lookup)."""

    __slots__ = ("by_item", "kind_count", "kind_of", "kinds", "mask")

    def __init__(self, kinds: frozenset[int], kind_of: np.ndarray, kind_count: int) -> None:
        self.kinds, self.kind_of, self.kind_count = kinds, kind_of, kind_count
        self.mask = sum(1 << k for k in kinds)
        self.by_item: np.ndarray | None = None

    def take(self, ids: np.ndarray, kinds: int) -> Batch | None:
        """The part of the batch of these kinds, in the order it came; None when nothing."""
        mask = self.mask
        if not kinds & ~mask:
            return ids, kinds
        if not kinds & mask:
            return None
        by_item = self.by_item
        if by_item is None:
            table = np.zeros(self.kind_count, dtype=bool)
            table[sorted(self.kinds)] = True
            by_item = self.by_item = table[self.kind_of]
        taken = ids[by_item[ids]]
        return (taken, kinds & mask) if len(taken) else None


class _CadenceQueue:
    """Items waiting for a channel's next cut-off (or a body's next meeting).

    What it delivers becomes `work` for the engine's `_process`: for a channel, the batch at its
    target; for a meeting, the batch at the body (as presented) and at each attendee."""

    __slots__ = ("attendees", "capacity", "engine", "fidelity", "lag", "pending", "period",
                 "phase", "plain", "reliability", "rng", "target", "window")

    def __init__(self, engine: _Engine, period: float, phase: float, lag: float,
                 reliability: float, capacity: int | None, fidelity: float,
                 rng: random.Random | None, target: int, attendees: tuple[int, ...] | None) -> None:
        self.engine = engine
        self.period, self.phase, self.lag = period, phase, lag
        self.reliability, self.capacity, self.fidelity = reliability, capacity, fidelity
        self.rng, self.target = rng, target
        # a meeting's attendees, in the order the work stack takes them (the first last)
        self.attendees = None if attendees is None else tuple(reversed(attendees))
        # no cancelled occurrences, agenda limit or summary loss: a cut-off just delivers
        self.plain = reliability == 1.0 and capacity is None and fidelity == 1.0
        # cut-off index -> the batches queued for it, in the order they were put
        self.pending: dict[int, list[Batch]] = {}
        # (k, previous cut-off, cut-off k) of the last put: the next put, no earlier, most often
        # falls before the same cut-off, which two comparisons then settle
        self.window = (0, -math.inf, phase)

    def put(self, batch: Batch, t: float) -> None:
        k, after, until = self.window
        if not after < t <= until:
            phase, period = self.phase, self.period
            # cutoff_index inlined (this is a hot call); the same settling rules
            k = 0 if t <= phase else math.ceil((t - phase) / period)
            if k and (phase + (k - 1) * period >= t or phase + k * period < t):
                k = cutoff_index(t, phase, period)
            self.window = (k, phase + (k - 1) * period if k else -math.inf, phase + k * period)
        waiting = self.pending.get(k)
        if waiting is None:
            self.put_at(k, batch)
        else:
            waiting.append(batch)

    def put_at(self, k: int, batch: Batch, first: bool = False) -> None:
        """Queue `batch` for cut-off k (before what waits for it already when `first`),
        scheduling the cut-off if nothing waited for it yet. Batches are kept as given and joined
        when it fires."""
        waiting = self.pending.get(k)
        if waiting is None:
            self.pending[k] = [batch]
            self.engine.at(self.phase + k * self.period + self.lag, self._cutoff, k)
        elif first:
            waiting.insert(0, batch)
        else:
            waiting.append(batch)

    def _cutoff(self, k: int) -> None:
        """Cut-off k, handled when what it takes reaches the target (a channel's lag after it):
        nothing else can happen to the batch on its way."""
        waiting = self.pending.pop(k)
        batch = waiting[0] if len(waiting) == 1 else _joined(waiting)
        if not self.plain:
            batch = self._occurrence(k, batch)
            if batch is None:
                return
        when = self.phase + k * self.period + self.lag
        if self.attendees is None:
            self.engine._process([(self.target, *batch, False)], when)
        else:
            ids, kinds = batch
            self.engine._process([(self.target, ids, kinds, True)]
                                 + [(a, ids, kinds, False) for a in self.attendees], when)

    def _occurrence(self, k: int, batch: Batch) -> Batch | None:
        """What a channel with realism settings delivers at cut-off k (possibly nothing)."""
        if self.reliability < 1.0 and self.rng.random() >= self.reliability:
            self.put_at(k + 1, batch, first=True)  # cancelled: everything rolls forward
            return None
        ids, kinds = batch
        engine = self.engine
        if self.capacity is not None and len(ids) > self.capacity:
            # most severe, then oldest (lowest own id), first; a stable sort keeps an id listed
            # twice next to itself
            ordered = ids[np.lexsort((engine.own_id[ids], -engine.severity_of[engine.kind_of[ids]]))]
            self.put_at(k + 1, (ordered[self.capacity:], kinds), first=True)
            ids = ordered[:self.capacity]
        if self.fidelity < 1.0:
            rng, fidelity = self.rng, self.fidelity
            # one draw per item, kind by kind in order of kind, each kind's items as they came
            ids = ids[np.argsort(engine.kind_of[ids], kind="stable")]
            kept = np.fromiter((rng.random() < fidelity for _ in range(len(ids))), dtype=bool,
                               count=len(ids))
            ids = ids[kept]
            if not len(ids):
                return None
        return ids, kinds


def _joined(batches: list[Batch]) -> Batch:
    """The batches queued for one cut-off as one, in the order they were put (so each kind's items
    are in the order they came)."""
    kinds = 0
    for _, mask in batches:
        kinds |= mask
    return np.concatenate([ids for ids, _ in batches]), kinds


class _Plan:
    """What an engine takes from the network alone (and the nodes observed), worked out once and
    shared by every replication of that network: which kinds each filter takes, which channels
    share a queue and on what terms, each node's outlets, what it passes on and escalates, who
    watches it for a step-in. Nothing here changes during a run; whatever does (queues, bytes,
    generators, first times) each replication makes afresh from it."""

    def __init__(self, network: Network, observed: frozenset[int]) -> None:
        count = len(network.nodes)
        self.severity_of = np.asarray(network.severities, dtype=np.int64)
        self.position = np.zeros(count, dtype=np.int64)  # [team] -> its place in the team order
        self.position[list(network.team_order)] = np.arange(len(network.team_order))
        spans = np.array(network.reach_spans, dtype=np.int64).reshape(-1, 2)
        self.span_lo, self.span_hi = spans[:, 0], spans[:, 1]
        self.is_body = [k == "body" for k in network.node_kinds]
        # the kinds each distinct filter takes; filters are named by their place in this list
        self.kind_sets: list[frozenset[int]] = []
        self._numbered: dict[frozenset[int], int] = {}
        self.escalating = [self._kind_set(kinds) for kinds in network.escalates]
        self.escalation_masks = [sum(1 << k for k in kinds) for kinds in network.escalates]
        self.channel_queues, self.queue_of = self._channel_queues(network)
        self.meetings = [spec for spec in network.meetings if spec is not None]
        # [node] -> (filter of what the channel carries or None for every kind, its queue's
        # place or None, target, lag), channel by channel
        self.outlets = [tuple((None if kinds is None else self._kind_set(kinds),
                               self.queue_of[c], network.channels[c].target,
                               network.channels[c].lag) for c, kinds in network.outlets[node])
                        for node in range(count)]
        self.passes_on = self._kinds_passed_on(network, observed)
        self.escalated_in = self._ways_in_by_escalation(network)
        self._hears_once: dict[int, list[bool]] = {}  # kinds present -> `hears_once`
        self.vacant = [bool(v) for v in network.vacancies]
        # which step-in rights watch each node, and [right] -> True for each node whose own
        # items count towards its trigger
        self.watchers: dict[int, list[int]] = {}
        for s, spec in enumerate(network.step_ins):
            for node in spec.over:
                self.watchers.setdefault(node, []).append(s)
        self.trigger_teams = []
        for spec in network.step_ins:
            counts = np.zeros(count, dtype=bool)
            counts[sorted(spec.teams)] = True
            self.trigger_teams.append(counts)
        # a team's own line can change mid-run, so each item arrives alone in simulated time
        self.arrivals_alone = any(network.node_kinds[n] == "team" for n in self.watchers)
        watched = sorted(n for n in observed if 0 <= n < count)
        self.observed_rows = dict(zip(watched, range(len(watched))))

    def _kind_set(self, kinds: frozenset[int]) -> int:
        found = self._numbered.get(kinds)
        if found is None:
            found = self._numbered[kinds] = len(self.kind_sets)
            self.kind_sets.append(kinds)
        return found

    @staticmethod
    def _channel_queues(network: Network) -> tuple[list[ChannelSpec], list[int | None]]:
        """The channels that have a queue of their own, and [channel] -> its queue's place (None
        for an immediate channel). Deterministic channels into the same node on the same cadence
        and lag share one queue: the node receives the same items at the same times, in one batch
        instead of several."""
        own: list[ChannelSpec] = []
        queue_of: list[int | None] = []
        shared: dict[tuple[int, float, float, float], int] = {}
        for spec in network.channels:
            if spec.period <= 0:
                queue_of.append(None)
                continue
            plain = spec.reliability == 1.0 and spec.fidelity == 1.0 and spec.capacity is None
            key = (spec.target, spec.period, spec.phase, spec.lag)
            if plain and key in shared:
                queue_of.append(shared[key])
                continue
            queue_of.append(len(own))
            if plain:
                shared[key] = len(own)
            own.append(spec)
        return own, queue_of

    @staticmethod
    def _ways_in_by_escalation(network: Network) -> list[int | None]:
        """[node] -> for a post or member with one channel in and no meeting, cover or step-in
        into it, the kinds escalated to it (a bit each; 0 for none); None for every other node.
        Such a node hears of an item only once in a run with none of those kinds, since every
        node sends on only what is new to it, once (`hears_once`)."""
        channels_in = [0] * len(network.nodes)
        for spec in network.channels:
            channels_in[spec.target] += 1
        other_ways_in = {a for spec in network.meetings if spec is not None
                         for a in spec.attendees}
        other_ways_in.update(v.cover for vacancies in network.vacancies for v in vacancies)
        other_ways_in.update(spec.holder for spec in network.step_ins)
        escalated = [0] * len(network.nodes)
        for node, manager in enumerate(network.line_managers):
            if manager != NO_NODE:
                escalated[manager] |= sum(1 << k for k in network.escalates[node])
        return [escalated[node] if kind not in ("team", "body") and ways <= 1
                and node not in other_ways_in else None
                for node, (kind, ways) in enumerate(zip(network.node_kinds, channels_in))]

    def hears_once(self, kinds_present: int) -> list[bool]:
        """[node] -> True for a post or member that can hear of an item only once in a run whose
        items are of these kinds (a bit each): it needs no record of what it knew."""
        once = self._hears_once.get(kinds_present)
        if once is None:
            once = self._hears_once[kinds_present] = [
                escalated is not None and not escalated & kinds_present
                for escalated in self.escalated_in]
        return once

    def _kinds_passed_on(self, network: Network, observed: frozenset[int]) -> list[int | None]:
        """[node] -> the kinds it forwards, escalates or counts towards a step-in, which it checks
        against what it knew; None for all (and for observed nodes)."""
        passes_on: list[int | None] = []
        for node in range(len(network.nodes)):
            kinds = set(network.escalates[node])
            kinds.update(spec.kind for spec in network.step_ins if node in spec.over)
            for _, carries in network.outlets[node]:
                kinds.update(range(len(network.kinds)) if carries is None else carries)
            everything = len(kinds) == len(network.kinds) or node in observed
            passes_on.append(None if everything else self._kind_set(frozenset(kinds)))
        return passes_on


# id(network) -> (observed nodes -> the network's plan); an entry goes when its network does
_plans: dict[int, dict[frozenset[int], _Plan]] = {}


def _plan(network: Network, observed: frozenset[int]) -> _Plan:
    by_observed = _plans.get(id(network))
    if by_observed is None:
        by_observed = _plans[id(network)] = {}
        weakref.finalize(network, _plans.pop, id(network), None)
    plan = by_observed.get(observed)
    if plan is None:
        plan = by_observed[observed] = _Plan(network, observed)
    return plan


class _Engine:
    def __init__(self, network: Network, items: Items, options: EngineOptions, seed: int,
                 replication: int, observed: frozenset[int] = frozenset(),
                 others: bool = True) -> None:
        self.network, self.items, self.options = network, items, options
        plan = self.plan = _plan(network, observed)
        self.severity_of = plan.severity_of
        self.env = simpy.Environment()
        self.end = options.horizon + options.drain
        self._number_items(items)
        self._init_knowledge(observed, others)
        self.line_managers = list(network.line_managers)
        # One stream of escalation delays per escalating node, keyed by its id: a post whose
        # items are the same in two scenarios draws the same delays in both (common random
        # numbers), whatever changes elsewhere in the structure.
        # Made when the node first escalates (seeding a generator costs more than most nodes'
        # draws, and many escalating nodes never escalate in a run).
        self.seed, self.replication = seed, replication
        self.escalation_rngs: list[random.Random | None] = [None] * len(network.nodes)
        kind_count = len(network.kinds)
        self.filters = [_Filter(kinds, self.kind_of, kind_count) for kinds in plan.kind_sets]
        self.escalating = [self.filters[f] for f in plan.escalating]
        self.step_in_log: list[tuple[str, float]] = []
        # while scheduling before the run: delay -> the calls due then (see `at`)
        self.instants: dict[float, list[tuple[Callable, object]]] | None = None
        own_queues = [self._channel_queue(spec, seed, replication) for spec in plan.channel_queues]
        # [channel] -> its cadence queue, None for an immediate channel
        self.queues = [None if q is None else own_queues[q] for q in plan.queue_of]
        self.meetings = {spec.body: _CadenceQueue(self, spec.period, spec.phase, 0.0, 1.0, None,
                                                  1.0, None, spec.body, spec.attendees)
                         for spec in plan.meetings}
        self.watchers = plan.watchers
        # [(right, node)] -> the times of the trigger items each watched node has seen so far
        self.trigger_times = {(s, n): deque() for s, spec in enumerate(network.step_ins)
                              for n in spec.over}
        self.fired: set[int] = set()
        self.trigger_teams = plan.trigger_teams
        filters = self.filters
        outlets = [tuple((None if f is None else filters[f], None if q is None else own_queues[q],
                          target, lag) for f, q, target, lag in per_node)
                   for per_node in plan.outlets]
        # [node] -> what `_process` reads of it, in one place: its meeting queue (False when not a
        # body, None for a body that never meets), whether it is ever vacant, what it passes on,
        # its unknown bytes and their offset, its first times or listing, its outlets, the kinds
        # it escalates and whether a step-in watches it
        meetings, watchers = self.meetings, self.watchers
        self.nodes = [(meetings.get(n) if body else False, vacant,
                       None if passes is None else filters[passes], unknown, offset, times,
                       learnt, out, mask, n in watchers)
                      for n, (body, vacant, passes, unknown, offset, times, learnt, out, mask)
                      in enumerate(zip(plan.is_body, plan.vacant, plan.passes_on, self.unknown,
                                       self.offset, self.first_times, self.learnt, outlets,
                                       plan.escalation_masks))]

    def _number_items(self, items: Items) -> None:
        """Number the items for use inside the engine. Numbered team by team, in the network's
        team order (each team's in order of arrival), the items that can ever reach a node are
        one run of numbers (`Network.reach_spans`), and the node keeps a byte for each item of
        that run only. Items already in that order (one team, say) keep their own ids, and so do
        the items of a run small enough for every node to keep a byte for every item
        (`_OWN_IDS_BYTES`): sorting them and putting the records back in order of id would cost
        more than the bytes it saves. Records are given back by the items' own ids."""
        key = _compact(self.plan.position[items.team])
        count, nodes = len(items), len(self.network.nodes)
        in_team_order = _ascending(key)
        # engine number -> the item's own id (4 bytes each: a run has far fewer than 2**31
        # items), and back (as the index type, since batches are made from it); [engine number]
        # -> its kind, for the filters, and its team, for the step-in triggers that count a
        # unit's own items
        self.renumbered = not in_team_order and count * nodes > _OWN_IDS_BYTES
        if self.renumbered:
            order = np.argsort(key, kind="stable")
            self.own_id = order.astype(np.int32)
            self.number = np.empty(count, dtype=np.intp)
            self.number[order] = np.arange(count, dtype=np.intp)
            key = key[order]
            self.kind_of = items.kind[order].astype(np.intp, copy=False)
            self.item_team = (items.team[order].astype(np.intp, copy=False)
                              if self.network.step_ins else None)
        else:
            self.own_id = np.arange(count, dtype=np.int32)
            self.number = np.arange(count, dtype=np.intp)
            self.kind_of = items.kind.astype(np.intp, copy=False)
            self.item_team = items.team.astype(np.intp, copy=False)
        # [node] -> (first engine number it keeps a byte for, how many follow). A span starting
        # no further in than its own length, or than `_FREE_OFFSET`, starts at 0 instead: at most
        # twice the bytes or a few pages more, and no subtraction from every id the node is sent
        # (`_unseen`), on the nodes most items reach and on every node of a small council. Items
        # keeping their own ids out of team order have every reachable node span them all.
        lo, hi = self.plan.span_lo, self.plan.span_hi
        reached = hi > lo
        if self.renumbered or in_team_order:
            starts = np.searchsorted(key, np.arange(len(self.network.team_order) + 1))
            first = np.where(reached, starts[lo], 0)
            size = np.where(reached, starts[hi] - starts[lo], 0)
        else:
            first, size = np.zeros(len(lo), dtype=np.int64), np.where(reached, count, 0)
        from_zero = first <= np.maximum(size, _FREE_OFFSET)
        self.spans = list(zip(np.where(from_zero, 0, first).tolist(),
                              np.where(from_zero, first + size, size).tolist()))

    def _init_knowledge(self, observed: frozenset[int], others: bool) -> None:
        """What each node knows, and what is recorded of it, before anything has happened."""
        nodes, count = range(len(self.network.nodes)), len(self.items)
        # [node] -> a byte per item it can ever know (`spans`: engine number minus `offset`),
        # True while the node does not know the item, False once it does: a batch's bytes, read
        # at once, select its unknown ids directly (`_unseen`). Only the items that can reach a
        # node take memory there: in a hierarchy, a node's bytes cover the items of the teams
        # below it.
        self.offset = [first for first, _ in self.spans]
        present = np.flatnonzero(np.bincount(self.kind_of, minlength=len(self.network.kinds)))
        hears_once = self.plan.hears_once(sum(1 << k for k in present.tolist()))
        self.unknown = [None if once else np.ones(size, dtype=bool)
                        for once, (_, size) in zip(hears_once, self.spans)]
        # [node] -> what reached it (see ReplicationRecord), None when not listed: only the items
        # CSV reads the nodes the metrics do not, so a run without it keeps no such listings
        self.learnt: list[list[tuple[np.ndarray, float]] | None] = [
            [] if others and node not in observed else None for node in nodes]
        # [node] -> first time the node knew each item, for the nodes the metrics read (None for
        # the others): written as each item is first learnt, so that no listing has to be turned
        # into arrays afterwards. One row each of one table, made and read back at once.
        self.observed_rows = rows = self.plan.observed_rows
        self.first_time_table = np.full((len(rows), count), np.inf)
        self.first_times = [self.first_time_table[rows[node]] if node in rows else None
                            for node in nodes]
        # [body] -> a byte per item not yet tabled at it (what was tabled is not tabled again)
        self.untabled = [np.ones(size, dtype=bool) if body else None
                         for body, (_, size) in zip(self.plan.is_body, self.spans)]

    # --- scheduling ---------------------------------------------------------------------------

    def at(self, time: float, callback, value) -> None:
        """Call `callback(value)` at `time` (not at all if that is after the end)."""
        if time > self.end:
            return
        delay = time - self.env.now
        delay = delay if delay > 0.0 else 0.0  # max(0.0, delay) without the call
        if self.instants is not None:
            calls = self.instants.get(delay)
            if calls is None:
                self.instants[delay] = [(callback, value)]
            else:
                calls.append((callback, value))
            return
        Timeout(self.env, delay, (callback, value)).callbacks.append(_call)

    @contextmanager
    def _one_event_per_instant(self) -> Iterator[None]:
        """Gather what is scheduled before the run starts into one event per instant, its calls in
        the order they were scheduled. SimPy runs events at the same instant in the order they were
        scheduled, and every event scheduled here comes before any scheduled during the run, so
        the calls happen exactly as they would have as separate events."""
        self.instants = {}
        yield
        for delay, calls in self.instants.items():
            Timeout(self.env, delay, calls).callbacks.append(_call_each)
        self.instants = None

    def _channel_queue(self, spec: ChannelSpec, seed: int, replication: int) -> _CadenceQueue:
        random_parts = spec.reliability < 1.0 or spec.fidelity < 1.0
        rng = stream(seed, replication, "channel", spec.id) if random_parts else None
        return _CadenceQueue(self, spec.period, spec.phase, spec.lag, spec.reliability,
                             spec.capacity, spec.fidelity, rng, spec.target, None)

    def _delivered(self, value: tuple[int, Batch, float]) -> None:
        node, (ids, kinds), when = value
        self._process([(node, ids, kinds, False)], when)

    # --- learning and forwarding --------------------------------------------------------------

    def _process(self, work: list[tuple[int, np.ndarray, int, bool]], t: float) -> None:
        """Everything that happens at instant `t`: learning, routing, escalation, step-in."""
        nodes = self.nodes
        while work:
            node, ids, kinds, at_meeting = work.pop()
            (meeting, vacant, passes, unknown, offset, times, learnt, outlets, escalates,
             watched) = nodes[node]
            if meeting is not False and not at_meeting:
                # Items sent to a body wait for its next meeting; a body that never meets keeps them.
                if meeting is not None:
                    fresh = _unseen(ids, self.untabled[node], offset)
                    if fresh is not None:
                        meeting.put((fresh, kinds), t)
                continue
            if vacant:
                acting = self._acting_for(node, t)
                if acting is None:
                    continue  # vacant and uncovered: neither learns nor forwards
                if acting != node:
                    work.append((acting, ids, kinds, False))
            if passes is None:
                new = ids if unknown is None else _unseen(ids, unknown, offset)
                if new is None:
                    continue
                if times is not None:
                    times[new] = t
                elif learnt is not None:
                    learnt.append((new, t))
            else:
                if learnt is not None:
                    learnt.append((ids, t))
                passed = passes.take(ids, kinds)
                if passed is None:
                    continue
                ids, kinds = passed
                new = ids if unknown is None else _unseen(ids, unknown, offset)
                if new is None:
                    continue
            for carries, queue, target, lag in outlets:
                if carries is None or not kinds & ~carries.mask:  # the channel takes it all
                    carried = (new, kinds)
                else:
                    carried = carries.take(new, kinds)
                    if carried is None:
                        continue
                if queue is not None:
                    queue.put(carried, t)
                elif lag == 0:
                    work.append((target, *carried, False))
                else:
                    self.at(t + lag, self._delivered, (target, carried, t + lag))
            if kinds & escalates:
                self._escalate(node, new, kinds, t, work)
            if watched:
                self._watch(node, new, kinds, t)

    def _acting_for(self, node: int, t: float) -> int | None:
        """The node itself, its interim during a covered vacancy, or None when vacant uncovered."""
        for vacancy in self.network.vacancies[node]:
            if vacancy.start <= t < vacancy.end:
                return None if vacancy.cover == NO_NODE else vacancy.cover
        return node

    def _escalate(self, node: int, new: np.ndarray, kinds: int, t: float, work: list) -> None:
        manager = self.line_managers[node]
        if manager == NO_NODE:
            return
        up = self.escalating[node].take(new, kinds)
        if up is None:
            return
        mean = self.options.escalation_delay
        if mean <= 0:
            work.append((manager, *up, False))
        else:
            when = t + self._escalation_rng(node).expovariate(1.0 / mean)
            self.at(when, self._delivered, (manager, up, when))

    def _escalation_rng(self, node: int) -> random.Random:
        rng = self.escalation_rngs[node]
        if rng is None:
            rng = self.escalation_rngs[node] = stream(self.seed, self.replication, "escalation",
                                                      self.network.nodes[node])
        return rng

    def _watch(self, node: int, new: np.ndarray, kinds: int, t: float) -> None:
        for s in self.watchers[node]:
            if s in self.fired:
                continue
            spec = self.network.step_ins[s]
            times = self.trigger_times[(s, node)]
            if kinds >> spec.kind & 1:
                # each listing of a trigger item from the unit's own teams counts
                counted = np.count_nonzero((self.kind_of[new] == spec.kind)
                                           & self.trigger_teams[s][self.item_team[new]])
                times.extend([t] * counted)
            while times and times[0] < t - spec.within:
                times.popleft()
            if len(times) >= spec.count:
                self.fired.add(s)
                for covered in spec.over:
                    self.line_managers[covered] = spec.holder
                self.step_in_log.append((spec.id, t))

    # --- arrivals -------------------------------------------------------------------------------

    def _arrive(self, team: int, kind: int, ids: np.ndarray, by_id, grouping) -> None:
        """A team's items of one kind arising (engine numbers `ids`, own ids `by_id`, in order of
        arrival): the team knows them at their arrival, queues them on its cadenced channels,
        sends them on its immediate ones and escalates those at or above its escalation severity
        (one delay each, drawn in order of arrival), and a step-in watching the team counts them.

        `grouping` is (the stream's number, what the streams put on each queue, the cut-off
        indices worked out so far) when whole streams are taken before the run
        (`_arrive_before_the_run`), and None when one item is taken alone at its arrival and put
        straight on its queues."""
        network, queues, items = self.network, self.queues, self.items
        offset = self.offset[team]
        if grouping is None:  # one item
            i, t = int(ids[0]), float(items.arrival[by_id][0])
            id_list, times = [i], [t]
            self.unknown[team][i - offset] = False
        else:
            id_list = times = None  # as lists, made if an item-by-item loop needs them
            self.unknown[team][ids - offset if offset else ids] = False
        bit = 1 << kind
        manager = self.line_managers[team]
        escalating = kind in network.escalates[team] and manager != NO_NODE
        for r, c in enumerate(network.routes[team][kind]):
            queue = queues[c]
            if queue is None:
                if id_list is None:
                    id_list, times = ids.tolist(), items.arrival[by_id].tolist()
                lag, target = network.channels[c].lag, network.channels[c].target
                for i, t in zip(id_list, times):
                    self.at(t + lag, self._delivered, (target, (_one(i), bit), t + lag))
            elif grouping is None:
                queue.put((ids, bit), times[0])
            else:
                s, putting, cutoffs = grouping
                cadence = (queue.phase, queue.period)
                if cadence not in cutoffs:
                    cutoffs[cadence] = cutoff_indices(items.arrival, *cadence)
                putting.setdefault(queue, []).append((s, r, ids, cutoffs[cadence][by_id], bit))
        if escalating:
            if id_list is None:
                id_list, times = ids.tolist(), items.arrival[by_id].tolist()
            mean = self.options.escalation_delay
            rng = self._escalation_rng(team)
            for i, t in zip(id_list, times):
                when = t + rng.expovariate(1.0 / mean) if mean > 0 else t
                self.at(when, self._delivered, (manager, (_one(i), bit), when))
        if grouping is None and team in self.watchers:  # (a watched team's items come alone)
            self._watch(team, ids, bit, times[0])

    def _arrive_before_the_run(self) -> None:
        """Every team's items, stream by stream (team by team, kind by kind), before the run; the
        items for one cut-off of a queue, from every stream whose channels share it, go into one
        batch (`_queue_streams`)."""
        # queue -> what each stream puts on it, in the order the streams put it
        putting: dict[_CadenceQueue, list[tuple[int, int, np.ndarray, np.ndarray, int]]] = {}
        # (phase, period) -> the cut-off index of every item's arrival, by own id, worked out once
        # for all the items (teams' channels mostly share a few cadences) rather than per stream
        cutoffs: dict[tuple[float, float], np.ndarray] = {}
        for s, (team, kind, ids, by_id) in enumerate(self._streams()):
            self._arrive(team, kind, ids, by_id, (s, putting, cutoffs))
        self._queue_streams(putting)

    def _queue_streams(self, putting) -> None:
        """Queue what the streams put on each queue (queue -> [(stream, route, ids, their cut-off
        indices, kind bit)], in the order the streams put it), one batch per cut-off.

        Each batch has its items in the order the streams put them (a stable sort by cut-off
        keeps it), so each kind's items are in the order separate batches merged at the cut-off
        would have had them; and the cut-offs are scheduled in the order the first stream to
        reach each would have scheduled it, stream by stream, route by route, earliest first, so
        that cut-offs of different queues at one instant run in that order."""
        # each queue's items in order of cut-off, with each cut-off's first position, kinds and
        # the stream and route that first reached it
        queues, batches = [], []
        for queue, puts in putting.items():
            if len(puts) == 1:  # one stream's items, already in order of cut-off
                s, r, ids, ks, bit = puts[0]
                firsts = _run_starts(ks)
                batches.append((ids, ks, firsts, np.full(len(firsts), bit), np.full(len(firsts), s),
                                np.full(len(firsts), r)))
            else:
                ids = np.concatenate([p[2] for p in puts])
                ks = np.concatenate([p[3] for p in puts])
                sizes = [len(p[2]) for p in puts]
                order = np.argsort(_compact(ks), kind="stable")
                ids, ks = ids[order], ks[order]
                firsts = _run_starts(ks)
                kinds = np.bitwise_or.reduceat(np.left_shift(1, self.kind_of[ids]), firsts)
                put_of = order[firsts]
                batches.append((ids, ks, firsts, kinds,
                                np.repeat([p[0] for p in puts], sizes)[put_of],
                                np.repeat([p[1] for p in puts], sizes)[put_of]))
            queues.append(queue)
        if not batches:  # (no stream put anything on a queue)
            return
        # every queue's batches as slices of one array of ids, scheduled in the order above
        ids = np.concatenate([batch[0] for batch in batches])
        at = np.cumsum([0] + [len(batch[0]) for batch in batches])
        starts = np.concatenate([batch[2] + a for batch, a in zip(batches, at)])
        ends = np.append(starts[1:], len(ids))
        queue_of = np.repeat(np.arange(len(batches)), [len(batch[2]) for batch in batches])
        ends[np.cumsum([len(batch[2]) for batch in batches]) - 1] = at[1:]
        ks = np.concatenate([batch[1][batch[2]] for batch in batches])
        kinds, streams, routes = (np.concatenate([batch[i] for batch in batches])
                                  for i in (3, 4, 5))
        order = np.lexsort((ks, routes, streams))
        queue_of, ks = queue_of[order], ks[order]
        # each cut-off's time, as `put_at` computes it (the same float64 arithmetic); nothing is
        # queued yet, so each batch is the first for its cut-off and schedules it, as `at` would
        # before the run (now is 0; what falls after the end is never scheduled)
        whens = (np.array([q.phase for q in queues])[queue_of]
                 + ks * np.array([q.period for q in queues])[queue_of]
                 + np.array([q.lag for q in queues])[queue_of])
        due = np.flatnonzero(whens <= self.end)
        columns = (queue_of[due], ks[due], np.maximum(whens[due], 0.0), kinds[order][due],
                   starts[order][due], ends[order][due])
        instants = self.instants
        # as Python numbers a slice at a time: a large council queues a million cut-offs here,
        # and six lists of them at once would take hundreds of megabytes
        for lo in range(0, len(due), _SCHEDULED_AT_ONCE):
            for q, k, delay, mask, a, b in zip(*(c[lo:lo + _SCHEDULED_AT_ONCE].tolist()
                                                 for c in columns)):
                queue = queues[q]
                queue.pending[k] = [(ids[a:b], mask)]
                calls = instants.get(delay)
                if calls is None:
                    instants[delay] = [(queue._cutoff, k)]
                else:
                    calls.append((queue._cutoff, k))

    def _streams(self) -> Iterator[tuple[int, int, np.ndarray, np.ndarray | slice]]:
        """Every team's items of each kind, team by team and kind by kind, each in order of
        arrival, as (team, kind, engine numbers, own ids: a slice when the items are already in
        that order)."""
        items = self.items
        stream_key = _compact(items.team * len(self.network.kinds) + items.kind)
        # by stream, each in order of arrival
        order = None if _ascending(stream_key) else np.argsort(stream_key, kind="stable")
        bounds = [*_run_starts(stream_key if order is None else stream_key[order]).tolist(),
                  len(items)]
        for a, b in pairwise(bounds):
            by_id = slice(a, b) if order is None else order[a:b]
            first = a if order is None else order[a]
            yield int(items.team[first]), int(items.kind[first]), self.number[by_id], by_id

    def _arrive_alone(self, own: int) -> None:
        """One item (by its own id), taken alone at its arrival; then the next item's arrival is
        scheduled, so that only one waits at a time (a short event queue)."""
        self._arrive(self.team_of[own], self.kind_of_own[own], self.number[own:own + 1],
                     slice(own, own + 1), None)
        if own + 1 < len(self.team_of):
            self.at(self.arrival_of[own + 1], self._arrive_alone, own + 1)

    # --- running -------------------------------------------------------------------------------

    def run(self, replication: int) -> ReplicationRecord:
        with self._one_event_per_instant():
            if self.plan.arrivals_alone:
                # A team's own line can change mid-run, so each item arrives in simulated time,
                # escalates to whoever manages the team then and counts towards the step-in.
                items = self.items
                self.team_of, self.kind_of_own = items.team.tolist(), items.kind.tolist()
                self.arrival_of = items.arrival.tolist()
                if len(items):  # in order of arrival, from the first
                    self.at(self.arrival_of[0], self._arrive_alone, 0)
            elif len(self.items):
                self._arrive_before_the_run()
        self.env.run(until=self.end)
        self._release()
        # back to the items' own ids
        by_own_id = self.first_time_table[:, self.number] if self.renumbered else \
            self.first_time_table
        first_known = {node: by_own_id[row] for node, row in self.observed_rows.items()}
        own_id = self.own_id
        learnt = tuple(None if listed is None else tuple((own_id[ids], t) for ids, t in listed)
                       for listed in self.learnt)
        return ReplicationRecord(replication, self.items, learnt, tuple(self.step_in_log),
                                 self.end, first_known)

    def _release(self) -> None:
        """Break the engine's reference cycles (queues and their callbacks point back at it), so
        that its many small objects are freed at once by reference counting instead of waiting
        for a full pass of the cyclic collector."""
        self.queues.clear()
        self.meetings.clear()
        self.nodes = []
        self.env._queue.clear()  # events left beyond the end point back at the environment
        self.env = None


def _ascending(values: np.ndarray) -> bool:
    return bool(np.all(values[:-1] <= values[1:]))


def _run_starts(values: np.ndarray) -> np.ndarray:
    """Where each run of equal values starts in `values` (not empty)."""
    return np.concatenate(([0], np.flatnonzero(values[1:] != values[:-1]) + 1))


def _compact(values: np.ndarray) -> np.ndarray:
    """Non-negative integers in the smallest type that holds them, which NumPy's stable sort
    orders by radix (the same order, in a fraction of the time of sorting 64-bit integers)."""
    return values.astype(np.min_scalar_type(int(values.max()))) if len(values) else values


def _one(i: int) -> np.ndarray:
    return np.array([i], dtype=np.intp)


def _call(event: Timeout) -> None:
    callback, value = event.value
    callback(value)


def _call_each(event: Timeout) -> None:
    for callback, value in event.value:
        callback(value)


def _unseen(ids: np.ndarray, unknown: np.ndarray, offset: int) -> np.ndarray | None:
    """The ids of the batch still marked in `unknown` (a byte per engine number from `offset`),
    in the order they came, which are then unmarked; None when there are none. An id listed twice
    in the batch and not yet known is kept twice, as it came. (Selecting by the bytes every time
    costs less than counting them first to spare a copy.)"""
    if offset:
        local = ids - offset  # the ids' bytes in `unknown`
        flags = unknown[local]
        new = ids[flags]
        if not len(new):
            return None
        unknown[local[flags]] = False
        return new
    new = ids[unknown[ids]]
    if not len(new):
        return None
    unknown[new] = False
    return new


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector. A replication allocates many short-lived lists and
    dicts and, once the engine's own cycles are broken (`_Engine._release`), leaves no cyclic
    garbage, so reference counting frees everything; the collector's passes over the many live
    objects of a run only cost time (measured: several milliseconds a replication)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run_replication(network: Network, items: Items, options: EngineOptions, seed: int,
                    replication: int, observed: frozenset[int] = frozenset(),
                    others: bool = True) -> ReplicationRecord:
    """One replication. The record has the first time the `observed` nodes (those whose times will
    be read in bulk) knew each item; other nodes list what reached them (an item perhaps again each
    time), unless `others` is False, when only the observed nodes' times can be read."""
    with collector_paused():
        return _Engine(network, items, options, seed, replication, observed,
                       others).run(replication)
