"""The SimPy engine: one callback per channel cut-off or meeting, items as integer ids in batches.

Rules this engine keeps (DESIGN.md section 4, measured on a 200-node model):
- one queue per channel or body, never one process per item; items travel in batches of ids;
- no event for a channel with nothing queued: the next cut-off is scheduled when something arrives;
- cut-off k happens at `phase + k * period`, computed, and awareness is recorded at that computed
  time (plus lag), so floating-point drift never moves an item across a cut-off;
- an item reaching a source exactly at a cut-off is taken by it (an extra event at the same
  instant is scheduled if that cut-off has already fired).
SimPy types stay inside this module; callers get plain `ReplicationRecord`s.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass

import simpy
from simpy.events import Timeout

from .cadence import cutoff_index
from .network import NO_NODE, ChannelSpec, Network
from .streams import Items, stream


@dataclass(frozen=True)
class EngineOptions:
    horizon: float
    # Items arise over [0, horizon); the run continues `drain` days longer with no new items so
    # that items arising late can finish their journey (see metrics for how both are reported).
    drain: float = 365.25
    # Mean of the exponential delay before an escalated item reaches the line manager, in days.
    escalation_delay: float = 0.25


@dataclass(frozen=True)
class ReplicationRecord:
    """Plain per-item records of one replication: nothing of SimPy survives the run."""

    replication: int
    items: Items
    awareness: tuple[dict[int, float], ...]  # [node] -> {item id: first time the node knew it}
    step_ins: tuple[tuple[str, float], ...]  # (right id, day it fired)
    end: float


class _CadenceQueue:
    """Items waiting for a channel's next cut-off (or a body's next meeting)."""

    __slots__ = ("engine", "period", "phase", "lag", "reliability", "capacity", "fidelity",
                 "rng", "deliver", "pending")

    def __init__(self, engine: _Engine, period: float, phase: float, lag: float,
                 reliability: float, capacity: int | None, fidelity: float,
                 rng: random.Random | None, deliver) -> None:
        self.engine = engine
        self.period, self.phase, self.lag = period, phase, lag
        self.reliability, self.capacity, self.fidelity = reliability, capacity, fidelity
        self.rng, self.deliver = rng, deliver
        self.pending: dict[int, list[int]] = {}

    def put(self, batch: list[int], t: float) -> None:
        self._put_at(cutoff_index(t, self.phase, self.period), batch)

    def _put_at(self, k: int, batch: list[int]) -> None:
        waiting = self.pending.get(k)
        if waiting is None:
            self.pending[k] = list(batch)
            self.engine.at(self.phase + k * self.period, self._fire, k)
        else:
            waiting.extend(batch)

    def _fire(self, event: Timeout) -> None:
        k = event.value
        batch = self.pending.pop(k)
        if self.reliability < 1.0 and self.rng.random() >= self.reliability:
            self._put_at(k + 1, batch)  # cancelled: everything rolls forward to the next one
            return
        if self.capacity is not None and len(batch) > self.capacity:
            severity, kind = self.engine.severities, self.engine.items.kind
            batch.sort(key=lambda i: (-severity[kind[i]], i))  # most severe, then oldest, first
            self._put_at(k + 1, batch[self.capacity:])
            batch = batch[:self.capacity]
        if self.fidelity < 1.0:
            rng, fidelity = self.rng, self.fidelity
            batch = [i for i in batch if rng.random() < fidelity]
        if batch:
            when = self.phase + k * self.period + self.lag
            if self.lag == 0:
                self.deliver(batch, when)
            else:
                self.engine.at(when, self._delivered, (batch, when))

    def _delivered(self, event: Timeout) -> None:
        batch, when = event.value
        self.deliver(batch, when)


class _Engine:
    def __init__(self, network: Network, items: Items, options: EngineOptions, seed: int,
                 replication: int) -> None:
        self.network, self.items, self.options = network, items, options
        self.severities = network.severities
        self.env = simpy.Environment()
        self.end = options.horizon + options.drain
        self.known: list[dict[int, float]] = [{} for _ in network.nodes]
        self.bodies = frozenset(i for i, k in enumerate(network.node_kinds) if k == "body")
        self.tabled: list[set[int]] = [set() for _ in network.nodes]
        self.line_managers = list(network.line_managers)
        self.rng = stream(seed, replication, "escalation")
        self.step_in_log: list[tuple[str, float]] = []
        self.queues: dict[int, _CadenceQueue] = {}
        for index, spec in enumerate(network.channels):
            if spec.period > 0:
                self.queues[index] = self._channel_queue(spec, seed, replication)
        self.meetings: dict[int, _CadenceQueue] = {}
        for spec in network.meetings:
            if spec is not None:
                self.meetings[spec.body] = _CadenceQueue(
                    self, spec.period, spec.phase, 0.0, 1.0, None, 1.0, None,
                    self._meeting_delivery(spec.body, spec.attendees))
        self.watchers: dict[int, list[int]] = {}
        for s, spec in enumerate(network.step_ins):
            for node in spec.over:
                self.watchers.setdefault(node, []).append(s)
        self.trigger_times = {(s, n): deque() for s, spec in enumerate(network.step_ins)
                              for n in spec.over}
        self.fired: set[int] = set()

    # --- scheduling ---------------------------------------------------------------------------

    def at(self, time: float, callback, value) -> None:
        if time > self.end:
            return
        event = Timeout(self.env, max(0.0, time - self.env.now), value)
        event.callbacks.append(callback)

    def _channel_queue(self, spec: ChannelSpec, seed: int, replication: int) -> _CadenceQueue:
        random_parts = spec.reliability < 1.0 or spec.fidelity < 1.0
        rng = stream(seed, replication, "channel", spec.id) if random_parts else None
        target = spec.target
        return _CadenceQueue(self, spec.period, spec.phase, spec.lag, spec.reliability,
                             spec.capacity, spec.fidelity, rng,
                             lambda batch, when: self.deliver(target, batch, when))

    def _meeting_delivery(self, body: int, attendees: tuple[int, ...]):
        def presented(batch: list[int], when: float) -> None:
            work = [(body, batch, True)] + [(a, batch, False) for a in reversed(attendees)]
            self._process(work, when)
        return presented

    def _delivered(self, event: Timeout) -> None:
        node, batch, when = event.value
        self.deliver(node, batch, when)

    # --- learning and forwarding --------------------------------------------------------------

    def deliver(self, node: int, batch: list[int], t: float) -> None:
        self._process([(node, batch, False)], t)

    def _process(self, work: list[tuple[int, list[int], bool]], t: float) -> None:
        """Everything that happens at instant `t`: learning, routing, escalation, step-in."""
        network, kind_of, vacancies = self.network, self.items.kind, self.network.vacancies
        while work:
            node, batch, at_meeting = work.pop()
            if node in self.bodies and not at_meeting:
                meeting = self.meetings.get(node)
                # Items sent to a body wait for its next meeting; a body that never meets keeps them.
                if meeting is not None:
                    tabled = self.tabled[node]
                    fresh = [i for i in batch if i not in tabled]
                    if fresh:
                        tabled.update(fresh)
                        meeting.put(fresh, t)
                continue
            if vacancies[node]:
                acting = self._acting_for(node, t)
                if acting is None:
                    continue  # vacant and uncovered: neither learns nor forwards
                if acting != node:
                    work.append((acting, batch, False))
            known = self.known[node]
            new = [i for i in batch if i not in known]
            if not new:
                continue
            for i in new:
                known[i] = t
            routes = network.routes[node]
            if len(new) == 1:
                by_channel = {c: new for c in routes[kind_of[new[0]]]}
            else:
                by_channel = {}
                for i in new:
                    for c in routes[kind_of[i]]:
                        by_channel.setdefault(c, []).append(i)
            for c, carried in by_channel.items():
                queue = self.queues.get(c)
                if queue is not None:
                    queue.put(carried, t)
                else:
                    spec = network.channels[c]
                    if spec.lag == 0:
                        work.append((spec.target, carried, False))
                    else:
                        self.at(t + spec.lag, self._delivered, (spec.target, carried, t + spec.lag))
            if network.escalates[node]:
                self._escalate(node, new, t, work)
            if node in self.watchers:
                self._watch(node, new, t)

    def _acting_for(self, node: int, t: float) -> int | None:
        """The node itself, its interim during a covered vacancy, or None when vacant uncovered."""
        for vacancy in self.network.vacancies[node]:
            if vacancy.start <= t < vacancy.end:
                return None if vacancy.cover == NO_NODE else vacancy.cover
        return node

    def _escalate(self, node: int, new: list[int], t: float, work: list) -> None:
        escalating = self.network.escalates[node]
        manager = self.line_managers[node]
        if not escalating or manager == NO_NODE:
            return
        kind_of = self.items.kind
        up = [i for i in new if kind_of[i] in escalating]
        if not up:
            return
        mean = self.options.escalation_delay
        if mean <= 0:
            work.append((manager, up, False))
        else:
            when = t + self.rng.expovariate(1.0 / mean)
            self.at(when, self._delivered, (manager, up, when))

    def _watch(self, node: int, new: list[int], t: float) -> None:
        kind_of = self.items.kind
        for s in self.watchers[node]:
            if s in self.fired:
                continue
            spec = self.network.step_ins[s]
            times = self.trigger_times[(s, node)]
            for i in new:
                if kind_of[i] == spec.kind:
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
        items = self.items
        if self.network.step_ins:
            # Line management can change mid-run, so arrivals must happen in simulated time.
            self.env.process(self._arrivals())
        else:
            # Nothing a node does depends on the order of events, only on computed times, so each
            # arrival and whatever it triggers at that instant is handled up front; later steps
            # are scheduled at their computed times. This saves one event per item.
            for i, (t, team) in enumerate(zip(items.arrival, items.team)):
                self._arrive(team, i, t)
        self.env.run(until=self.end)
        return ReplicationRecord(replication, items, tuple(self.known), tuple(self.step_in_log),
                                 self.end)

    def _arrive(self, team: int, i: int, t: float) -> None:
        """An item arising at a team: the lean path of `_process` for a single new item."""
        self.known[team][i] = t
        kind = self.items.kind[i]
        network, work = self.network, []
        for c in network.routes[team][kind]:
            queue = self.queues.get(c)
            if queue is not None:
                queue.put([i], t)
            else:
                spec = network.channels[c]
                if spec.lag == 0:
                    work.append((spec.target, [i], False))
                else:
                    self.at(t + spec.lag, self._delivered, (spec.target, [i], t + spec.lag))
        if kind in network.escalates[team]:
            self._escalate(team, [i], t, work)
        if work:
            self._process(work, t)

    def _arrivals(self):
        """One process for all arrivals when a step-in right may change line management."""
        arrival, team = self.items.arrival, self.items.team
        for i in range(len(arrival)):
            yield self.env.timeout(max(0.0, arrival[i] - self.env.now))
            self._process([(team[i], [i], False)], arrival[i])


def run_replication(network: Network, items: Items, options: EngineOptions, seed: int,
                    replication: int) -> ReplicationRecord:
    return _Engine(network, items, options, seed, replication).run(replication)

