"""The SimPy engine: one callback per channel cut-off or meeting, items as integer ids in batches.

Rules this engine keeps (DESIGN.md section 4, measured on a 200-node model):
- one queue per channel or body, never one process per item; items travel in batches of ids,
  grouped by item kind so that routing costs one step per kind, not one per item;
- no event for a channel with nothing queued: the next cut-off is scheduled when something arrives;
- cut-off k happens at `phase + k * period`, computed, and awareness is recorded at that computed
  time (plus lag), so floating-point drift never moves an item across a cut-off;
- an item reaching a source exactly at a cut-off is taken by it (an extra event at the same
  instant is scheduled if that cut-off has already fired);
- what the teams' items set going before the run starts (their channels' cut-offs, immediate
  channels, escalations) is scheduled as one event per instant, which runs those callbacks in the
  order they were scheduled: the same order SimPy would have given them as separate events, with
  a fraction of the events;
- inside the engine items are numbered team by team (`_number_items`), so that each node keeps a
  byte per item only for the items that can ever reach it; records use the items' own ids.
SimPy types stay inside this module; callers get plain `ReplicationRecord`s.
"""

from __future__ import annotations

import gc
import math
import random
from array import array
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, compress, pairwise
from operator import itemgetter

import numpy as np
import simpy
from simpy.events import Timeout

from ..model.cadence import cutoff_index, cutoff_indices
from ..model.network import NO_NODE, ChannelSpec, Network
from .streams import Items, stream

Batch = dict[int, list[int]]  # item kind -> item ids


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
    time, each with the time it arrived; a team's own items are not listed either. Items of a kind
    the node never passes on are listed as they came, repeats and all (checking them against what
    it knew would cost time for nothing); the first listing of an item is when the node first knew
    it. It is None for every node when the run was told not to list them (`others=False`).
    """

    replication: int
    items: Items
    learnt: tuple[tuple[tuple[Batch, float], ...] | None, ...]
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
        listed = [(ids, t) for batch, t in self.learnt[node] for ids in batch.values()]
        if listed:
            ids = np.fromiter(chain.from_iterable(some for some, _ in listed), np.int64)
            at = np.repeat([t for _, t in listed], [len(some) for some, _ in listed])
            # an item listed more than once keeps its earliest time
            np.minimum.at(times, ids, at)
        return times

    def known(self, node: int) -> dict[int, float]:
        """{item id: first time `node` knew it} (for tests and the items CSV)."""
        times = self.known_times(node)
        return {int(i): float(times[i]) for i in np.flatnonzero(np.isfinite(times))}


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

    def put_at(self, k: int, batch: Batch) -> None:
        """Queue `batch` for cut-off k. Batches are kept as given and merged when it fires, so a
        batch is never copied on the way in (nothing downstream changes a batch it was given)."""
        waiting = self.pending.get(k)
        if waiting is None:
            self.pending[k] = [batch]
            self.engine.at(self.phase + k * self.period, self._cutoff, k)
        else:
            waiting.append(batch)

    def _cutoff(self, k: int) -> None:
        waiting = self.pending.pop(k)
        batch = waiting[0] if len(waiting) == 1 else _merged(waiting)
        if not self.plain:
            batch = self._occurrence(k, batch)
            if not batch:
                return
        when = self.phase + k * self.period + self.lag
        if self.lag == 0:
            self._deliver(batch, when)
        else:
            self.engine.at(when, self._delivered, (batch, when))

    def _occurrence(self, k: int, batch: Batch) -> Batch:
        """What a channel with realism settings delivers at cut-off k (possibly nothing)."""
        if self.reliability < 1.0 and self.rng.random() >= self.reliability:
            self.put_at(k + 1, batch)  # cancelled: everything rolls forward to the next one
            return {}
        if self.capacity is not None and sum(map(len, batch.values())) > self.capacity:
            severity, own_id = self.engine.severities, self.engine.own_id
            # most severe, then oldest (lowest own id), first
            order = sorted((-severity[kind], int(own_id[i]), i, kind)
                           for kind, ids in batch.items() for i in ids)
            self.put_at(k + 1, _grouped(order[self.capacity:]))
            batch = _grouped(order[:self.capacity])
        if self.fidelity < 1.0:
            rng, fidelity = self.rng, self.fidelity
            kept = {kind: [i for i in ids if rng.random() < fidelity]
                    for kind, ids in sorted(batch.items())}
            batch = {kind: ids for kind, ids in kept.items() if ids}
        return batch

    def _delivered(self, value: tuple[Batch, float]) -> None:
        self._deliver(*value)

    def _deliver(self, batch: Batch, when: float) -> None:
        if self.attendees is None:
            self.engine._process([(self.target, batch, False)], when)
        else:
            self.engine._process([(self.target, batch, True)]
                                 + [(a, batch, False) for a in self.attendees], when)


def _merged(batches: list[Batch]) -> Batch:
    merged: Batch = {}
    for batch in batches:
        for kind, ids in batch.items():
            mine = merged.get(kind)
            if mine is None:
                merged[kind] = list(ids)
            else:
                mine.extend(ids)
    return merged


def _grouped(order: list[tuple[int, int, int, int]]) -> Batch:
    batch: Batch = {}
    for _, _, i, kind in order:
        batch.setdefault(kind, []).append(i)
    return batch


class _Engine:
    def __init__(self, network: Network, items: Items, options: EngineOptions, seed: int,
                 replication: int, observed: frozenset[int] = frozenset(),
                 others: bool = True) -> None:
        self.network, self.items, self.options = network, items, options
        self.severities = network.severities
        self.env = simpy.Environment()
        self.end = options.horizon + options.drain
        self._number_items(items)
        self._init_knowledge(observed, others)
        self.line_managers = list(network.line_managers)
        # One stream of escalation delays per escalating node, keyed by its id: a post whose
        # items are the same in two scenarios draws the same delays in both (common random
        # numbers), whatever changes elsewhere in the structure.
        self.escalation_rngs = [stream(seed, replication, "escalation", node_id)
                                if network.escalates[n] else None
                                for n, node_id in enumerate(network.nodes)]
        self.step_in_log: list[tuple[str, float]] = []
        # while scheduling before the run: delay -> the calls due then (see `at`)
        self.instants: dict[float, list[tuple[Callable, object]]] | None = None
        self.queues = self._channel_queues(seed, replication)
        self.meetings = self._meeting_queues()
        self._init_step_ins()
        # [node] -> (kinds carried or None for all, cadence queue or None, target, lag)
        self.outlets = [tuple((carries, self.queues.get(c), network.channels[c].target,
                               network.channels[c].lag) for c, carries in network.outlets[node])
                        for node in range(len(network.nodes))]
        self.passes_on = self._kinds_passed_on(observed)

    def _number_items(self, items: Items) -> None:
        """Number the items team by team, in the network's team order (each team's in order of
        arrival), for use inside the engine: the items that can ever reach a node are then one run
        of numbers (`Network.reach_spans`), and the node keeps a byte for each item of that run
        only. Records are given back by the items' own ids."""
        network = self.network
        position = np.zeros(len(network.nodes), dtype=np.int64)
        position[list(network.team_order)] = np.arange(len(network.team_order))
        key = position[items.team]
        # engine number -> the item's own id, and back (4 bytes each: a run has far fewer than
        # 2**31 items)
        self.own_id = np.argsort(key, kind="stable").astype(np.int32)
        self.number = np.empty_like(self.own_id)
        self.number[self.own_id] = np.arange(len(items), dtype=np.int32)
        # [engine number] -> its team, for the step-in triggers that count a unit's own items
        self.item_team = items.team[self.own_id].tolist() if network.step_ins else None
        # [node] -> (first engine number it keeps a byte for, how many follow). A span starting
        # no further in than its own length starts at 0 instead: at most twice the bytes, and no
        # subtraction from every id the node is sent (`_unseen`), on the nodes most items reach.
        starts = np.searchsorted(key[self.own_id], np.arange(len(network.team_order) + 1))
        self.spans = []
        for lo, hi in network.reach_spans:
            first, size = (int(starts[lo]), int(starts[hi] - starts[lo])) if hi > lo else (0, 0)
            self.spans.append((0, first + size) if first <= size else (first, size))

    def _init_knowledge(self, observed: frozenset[int], others: bool) -> None:
        """What each node knows, and what is recorded of it, before anything has happened."""
        nodes, count = range(len(self.network.nodes)), len(self.items)
        # [node] -> a byte per item it can ever know (`spans`: engine number minus `offset`), 1
        # while the node does not know the item, 0 once it does. Bytes rather than sets of ids: a
        # run's sets hold thousands of ids each and probing them missed the processor's caches
        # (measured: ~3x slower). 1 for unknown so that the bytes of a batch's ids select its
        # unknown ids directly (`_unseen`). Only the items that can reach a node take memory
        # there: in a hierarchy, a node's bytes cover the items of the teams below it.
        self.offset = [first for first, _ in self.spans]
        self.unknown = [_all_unknown(size) for _, size in self.spans]
        # [node] -> what reached it (see ReplicationRecord), None when not listed: only the items
        # CSV reads the nodes the metrics do not, so a run without it keeps no such listings
        self.learnt: list[list[tuple[Batch, float]] | None] = [
            [] if others and node not in observed else None for node in nodes]
        # [node] -> first time the node knew each item, for the nodes the metrics read (None for
        # the others): written as each item is first learnt, so that no listing has to be turned
        # into arrays afterwards
        never = array("d", [math.inf])
        self.first_times = [never * count if node in observed else None for node in nodes]
        self.is_body = [k == "body" for k in self.network.node_kinds]
        self.untabled = [_all_unknown(size) if body else None
                         for body, (_, size) in zip(self.is_body, self.spans)]

    def _channel_queues(self, seed: int, replication: int) -> dict[int, _CadenceQueue]:
        """[channel index] -> its cadence queue, for every channel with a cadence."""
        queues: dict[int, _CadenceQueue] = {}
        # Deterministic channels into the same node on the same cadence and lag share one queue:
        # the node receives the same items at the same times, in one batch instead of several.
        shared: dict[tuple[int, float, float, float], _CadenceQueue] = {}
        for index, spec in enumerate(self.network.channels):
            if spec.period > 0:
                plain = spec.reliability == 1.0 and spec.fidelity == 1.0 and spec.capacity is None
                key = (spec.target, spec.period, spec.phase, spec.lag)
                if plain and key in shared:
                    queues[index] = shared[key]
                    continue
                queues[index] = self._channel_queue(spec, seed, replication)
                if plain:
                    shared[key] = queues[index]
        return queues

    def _meeting_queues(self) -> dict[int, _CadenceQueue]:
        """[body] -> the queue of what waits for its next meeting, for every body that meets."""
        return {spec.body: _CadenceQueue(self, spec.period, spec.phase, 0.0, 1.0, None, 1.0, None,
                                         spec.body, spec.attendees)
                for spec in self.network.meetings if spec is not None}

    def _init_step_ins(self) -> None:
        """Which step-in rights watch each node, and the trigger items each has seen so far."""
        step_ins = self.network.step_ins
        self.watchers: dict[int, list[int]] = {}
        for s, spec in enumerate(step_ins):
            for node in spec.over:
                self.watchers.setdefault(node, []).append(s)
        self.trigger_times = {(s, n): deque() for s, spec in enumerate(step_ins) for n in spec.over}
        self.fired: set[int] = set()

    def _kinds_passed_on(self, observed: frozenset[int]) -> list[frozenset[int] | None]:
        """[node] -> the kinds it forwards, escalates or counts towards a step-in, which it checks
        against what it knew; None for all (and for observed nodes)."""
        network = self.network
        passes_on: list[frozenset[int] | None] = []
        for node in range(len(network.nodes)):
            kinds = set(network.escalates[node])
            kinds.update(spec.kind for spec in network.step_ins if node in spec.over)
            for _, carries in network.outlets[node]:
                kinds.update(range(len(network.kinds)) if carries is None else carries)
            everything = len(kinds) == len(network.kinds) or node in observed
            passes_on.append(None if everything else frozenset(kinds))
        return passes_on

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
        node, batch, when = value
        self._process([(node, batch, False)], when)

    # --- learning and forwarding --------------------------------------------------------------

    def _process(self, work: list[tuple[int, Batch, bool]], t: float) -> None:
        """Everything that happens at instant `t`: learning, routing, escalation, step-in."""
        vacancies, escalates, outlets = self.network.vacancies, self.network.escalates, self.outlets
        while work:
            node, batch, at_meeting = work.pop()
            if self.is_body[node] and not at_meeting:
                meeting = self.meetings.get(node)
                # Items sent to a body wait for its next meeting; a body that never meets keeps them.
                if meeting is not None:
                    fresh = _unseen(batch, self.untabled[node], self.offset[node])
                    if fresh:
                        meeting.put(fresh, t)
                continue
            if vacancies[node]:
                acting = self._acting_for(node, t)
                if acting is None:
                    continue  # vacant and uncovered: neither learns nor forwards
                if acting != node:
                    work.append((acting, batch, False))
            passes = self.passes_on[node]
            if passes is None:
                times = self.first_times[node]
                new = _unseen(batch, self.unknown[node], self.offset[node], times, t)
                if not new:
                    continue
                if times is None and self.learnt[node] is not None:
                    self.learnt[node].append((new, t))
            else:
                if self.learnt[node] is not None:
                    self.learnt[node].append((batch, t))
                if passes.isdisjoint(batch):
                    continue
                new = _unseen(batch if passes.issuperset(batch) else
                              {k: ids for k, ids in batch.items() if k in passes},
                              self.unknown[node], self.offset[node])
                if not new:
                    continue
            for carries, queue, target, lag in outlets[node]:
                if carries is None or carries.issuperset(new):
                    carried = new
                elif carries.isdisjoint(new):
                    continue
                else:
                    carried = {k: ids for k, ids in new.items() if k in carries}
                if queue is not None:
                    queue.put(carried, t)
                elif lag == 0:
                    work.append((target, carried, False))
                else:
                    self.at(t + lag, self._delivered, (target, carried, t + lag))
            if not escalates[node].isdisjoint(new):
                self._escalate(node, new, t, work)
            if node in self.watchers:
                self._watch(node, new, t)

    def _acting_for(self, node: int, t: float) -> int | None:
        """The node itself, its interim during a covered vacancy, or None when vacant uncovered."""
        for vacancy in self.network.vacancies[node]:
            if vacancy.start <= t < vacancy.end:
                return None if vacancy.cover == NO_NODE else vacancy.cover
        return node

    def _escalate(self, node: int, new: Batch, t: float, work: list) -> None:
        escalating = self.network.escalates[node]
        manager = self.line_managers[node]
        if manager == NO_NODE:
            return
        up = {k: ids for k, ids in new.items() if k in escalating}
        if not up:
            return
        mean = self.options.escalation_delay
        if mean <= 0:
            work.append((manager, up, False))
        else:
            when = t + self.escalation_rngs[node].expovariate(1.0 / mean)
            self.at(when, self._delivered, (manager, up, when))

    def _watch(self, node: int, new: Batch, t: float) -> None:
        team = self.item_team
        for s in self.watchers[node]:
            if s in self.fired:
                continue
            spec = self.network.step_ins[s]
            times = self.trigger_times[(s, node)]
            for i in new.get(spec.kind, ()):
                if team[i] in spec.teams:
                    times.append(t)
            while times and times[0] < t - spec.within:
                times.popleft()
            if len(times) >= spec.count:
                self.fired.add(s)
                for covered in spec.over:
                    self.line_managers[covered] = spec.holder
                self.step_in_log.append((spec.id, t))

    # --- running -------------------------------------------------------------------------------

    def run(self, replication: int) -> ReplicationRecord:
        covered = {n for spec in self.network.step_ins for n in spec.over}
        if any(self.network.node_kinds[n] == "team" for n in covered):
            # A team's own line can change mid-run, so its arrivals must happen in simulated time.
            self.env.process(self._arrivals())
        else:
            with self._one_event_per_instant():
                self._arrive_all()
        self.env.run(until=self.end)
        self._release()
        # back to the items' own ids
        first_known = {node: np.frombuffer(times, dtype=np.float64)[self.number]
                       for node, times in enumerate(self.first_times) if times is not None}
        own_id = self.own_id.tolist() if any(b is not None for b in self.learnt) else []
        learnt = tuple(None if batches is None else tuple(
            ({kind: [own_id[i] for i in ids] for kind, ids in batch.items()}, t)
            for batch, t in batches) for batches in self.learnt)
        return ReplicationRecord(replication, self.items, learnt, tuple(self.step_in_log),
                                 self.end, first_known)

    def _release(self) -> None:
        """Break the engine's reference cycles (queues and their callbacks point back at it), so
        that its many small objects are freed at once by reference counting instead of waiting
        for a full pass of the cyclic collector."""
        self.queues.clear()
        self.meetings.clear()
        self.outlets = []
        self.env._queue.clear()  # events left beyond the end point back at the environment
        self.env = None

    def _arrive_all(self) -> None:
        """Every item arising at its team, handled up front: a team's learning, its queueing on
        the team's cadenced channels and its escalation depend only on computed times, never on
        what else happens, so only what reaches other nodes is scheduled (as events at the
        computed times, where line management and step-ins apply in simulated time).

        Streams are taken team by team, kind by kind, and the items for one cut-off of a queue
        (from every team whose channels share it) go into one batch, filled stream by stream
        (`_fill`)."""
        network, queues, items, number = self.network, self.queues, self.items, self.number
        if not len(items):
            return
        mean = self.options.escalation_delay
        stream_key = items.team * len(network.kinds) + items.kind
        order = np.argsort(stream_key, kind="stable")  # by stream, each in order of arrival
        bounds = [0, *(np.flatnonzero(np.diff(stream_key[order])) + 1).tolist(), len(order)]
        filling: dict[_CadenceQueue, dict[int, Batch]] = {}  # queue -> cut-off -> its batch
        # (phase, period) -> the cut-off index of every item's arrival, worked out once for all
        # the items (teams' channels mostly share a few cadences) rather than stream by stream
        cutoffs: dict[tuple[float, float], np.ndarray] = {}
        for ids in (order[a:b] for a, b in pairwise(bounds)):
            team, kind = int(items.team[ids[0]]), int(items.kind[ids[0]])
            times = items.arrival[ids]
            ids, by_id = number[ids], ids  # the stream's engine numbers, and its items' own ids
            id_list = ids.tolist()
            np.frombuffer(self.unknown[team], dtype=np.uint8)[ids - self.offset[team]] = 0
            for c in network.routes[team][kind]:
                queue = queues.get(c)
                if queue is None:
                    lag, target = network.channels[c].lag, network.channels[c].target
                    for i, t in zip(id_list, times.tolist()):
                        self.at(t + lag, self._delivered, (target, {kind: [i]}, t + lag))
                    continue
                cadence = (queue.phase, queue.period)
                if cadence not in cutoffs:
                    cutoffs[cadence] = cutoff_indices(items.arrival, *cadence)
                _fill(queue, kind, id_list, cutoffs[cadence][by_id],
                      filling.setdefault(queue, {}))
            manager = self.line_managers[team]
            if kind in network.escalates[team] and manager != NO_NODE:
                rng = self.escalation_rngs[team]
                for i, t in zip(id_list, times.tolist()):
                    when = t + rng.expovariate(1.0 / mean) if mean > 0 else t
                    self.at(when, self._delivered, (manager, {kind: [i]}, when))

    def _arrivals(self):
        """One process for all arrivals when a step-in right may change a team's line."""
        arrival, team, kind = (self.items.arrival.tolist(), self.items.team.tolist(),
                               self.items.kind.tolist())
        for own, i in enumerate(self.number.tolist()):  # in order of arrival
            yield self.env.timeout(max(0.0, arrival[own] - self.env.now))
            self._process([(team[own], {kind[own]: [i]}, False)], arrival[own])


def _fill(queue: _CadenceQueue, kind: int, id_list: list[int], ks: np.ndarray,
          filling: dict[int, Batch]) -> None:
    """Add one stream's items (in order of arrival; `ks` their cut-off indices on `queue`) to the
    batch for each cut-off of `queue` they fall before (`filling`: the queue's batches so far, by
    cut-off index).

    A batch is queued when it is made, by the first stream to reach that cut-off, which is exactly
    where queueing that stream's own batch would have been, so cut-offs are scheduled in the same
    order; later streams (of that team or of another whose channel shares the queue) add their
    ids after those of the same kind already there. Streams come in order of team and kind, so the
    channel fires with the same ids in the same order as if every stream had been queued
    separately and the batches merged, without the merging."""
    starts = [0, *(np.flatnonzero(np.diff(ks)) + 1).tolist(), len(ks)]
    for k, a, b in zip(ks[starts[:-1]].tolist(), starts, starts[1:]):
        batch = filling.get(k)
        if batch is None:
            batch = filling[k] = {kind: id_list[a:b]}
            queue.put_at(k, batch)
        elif kind in batch:
            batch[kind] = batch[kind] + id_list[a:b]
        else:
            batch[kind] = id_list[a:b]


def _call(event: Timeout) -> None:
    callback, value = event.value
    callback(value)


def _call_each(event: Timeout) -> None:
    for callback, value in event.value:
        callback(value)


def _all_unknown(size: int) -> bytearray:
    return bytearray(b"\x01") * size


def _unseen(batch: Batch, unknown: bytearray, offset: int, times: array | None = None,
            t: float = 0.0) -> Batch:
    """The part of `batch` still marked in `unknown` (a byte per engine number from `offset`),
    which is then unmarked (and `t` written as those items' first time in `times`, if given). An
    id listed twice in the batch and not yet known is kept twice, as it came.

    The bytes of a list's ids are gathered and the list filtered by them in C (itemgetter and
    compress; ~1.7x faster than a comprehension on long lists), and a list entirely unknown is
    kept as it is, not copied."""
    fresh = {}
    for kind, ids in batch.items():
        local = [i - offset for i in ids] if offset else ids  # the ids' bytes in `unknown`
        if len(ids) == 1:
            if not unknown[local[0]]:
                continue
            new = ids
        else:
            flags = itemgetter(*local)(unknown)
            known = flags.count(0)
            if known == len(flags):
                continue
            if known:
                new = list(compress(ids, flags))
                local = list(compress(local, flags)) if offset else new
            else:
                new = ids
        if times is None or offset:
            for j in local:
                unknown[j] = 0
            if times is not None:
                for i in new:
                    times[i] = t
        else:
            for i in new:
                unknown[i] = 0
                times[i] = t
        fresh[kind] = new
    return fresh


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
