"""The honest floor the engine is measured against: the same first-awareness times computed with
NumPy and no event scheduler at all, and a minimal hand-written SimPy model beside them.

- `chain_closed_form`: a chain of deterministic cadenced hops in closed form, one vectorised
  cut-off per hop over every item at once.
- `chain_simpy_arrays`: the same chain as a SimPy model written for it alone, one event per
  cut-off with NumPy batches: close to the least SimPy as the clock can cost.
- `relaxation`: every node's first time of every item on a compiled network without step-ins,
  vacancies or realism settings (Barnet 2013, or Barnet 2014 with its step-in rights taken out),
  by label-correcting relaxation. Items are sorted by kind, so what a channel carries is a few
  contiguous slices of each row; each node's row is recomputed from its incoming channels,
  meetings and escalations until a sweep changes nothing.

Escalation delays are drawn as the engine draws them, from the same per-node streams: a team's
own items one by one (by kind, then arrival), then one delay for each instant at which the node
learns escalating items. Both are benchmarks, not part of orgsim: they cover only what the
reference scenarios use, and `simulate_bench.py` checks them item by item against the engine.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from orgsim.model.analytic import Hop
from orgsim.model.cadence import cutoff_index, cutoff_indices
from orgsim.model.network import NO_NODE, Network
from orgsim.sim.engine import EngineOptions
from orgsim.sim.streams import Items, stream


def chain_closed_form(arrivals: np.ndarray, chain: Sequence[Hop], end: float) -> np.ndarray:
    """Each item's time at the end of the chain (inf beyond `end`), all items hop by hop."""
    t = np.asarray(arrivals, dtype=np.float64)
    for hop in chain:
        t = (hop.phase + cutoff_indices(t, hop.phase, hop.period) * hop.period
             if hop.period else t) + hop.lag
    return np.where(t < end, t, np.inf)


def chain_simpy_arrays(arrivals: np.ndarray, chain: Sequence[Hop], end: float) -> np.ndarray:
    """The same times from a SimPy model written for a cadence chain alone: one event per
    non-empty cut-off, as in the engine, each carrying its items as a NumPy array of ids, and
    nothing else (no filters, meetings, escalation, vacancies or records but the last node's).
    It is close to the least that one SimPy event per cut-off can cost (inlining the settling of
    each cut-off index saves about a tenth more), so the engine's ratio to it is about what the
    engine's generality costs."""
    import simpy
    from simpy.events import Timeout

    env = simpy.Environment()
    hops = [(hop.phase, hop.period, hop.lag) for hop in chain]
    pending: list[dict[int, list[np.ndarray]]] = [{} for _ in hops]
    last = len(hops) - 1
    out = np.full(len(arrivals), np.inf)

    def queue(h: int, k: int, ids: np.ndarray) -> None:
        phase, period, lag = hops[h]
        waiting = pending[h].get(k)
        if waiting is not None:
            waiting.append(ids)
            return
        when = phase + k * period + lag
        if when <= end:
            pending[h][k] = [ids]
            Timeout(env, when - env.now, (h, k)).callbacks.append(cutoff)

    def cutoff(event) -> None:
        h, k = event.value
        phase, period, lag = hops[h]
        waiting = pending[h].pop(k)
        ids = waiting[0] if len(waiting) == 1 else np.concatenate(waiting)
        when = phase + k * period + lag
        if h == last:
            out[ids] = when
        else:
            phase, period, _ = hops[h + 1]
            queue(h + 1, cutoff_index(when, phase, period), ids)

    # the items, in order of arrival, one batch per first cut-off
    phase, period, _ = hops[0]
    ks = cutoff_indices(np.asarray(arrivals, dtype=np.float64), phase, period)
    starts = np.flatnonzero(np.diff(ks, prepend=-1)).tolist()
    ids = np.arange(len(arrivals))
    for a, b, k in zip(starts, starts[1:] + [len(arrivals)], ks[starts].tolist()):
        queue(0, k, ids[a:b])
    env.run(until=end)
    return out


def _next_cutoff(t: np.ndarray, phase: float, period: float) -> np.ndarray:
    """The first cut-off at or after each time (inf stays inf), computed as the engine does."""
    out = np.full(t.shape, np.inf)
    finite = np.isfinite(t)
    out[finite] = phase + cutoff_indices(t[finite], phase, period) * period
    return out


class Unsupported(ValueError):
    """The network uses something the relaxation does not model."""


def relaxation(network: Network, items: Items, options: EngineOptions, seed: int,
               replication: int) -> tuple[np.ndarray, int]:
    """[node, item id] -> the first time the node knew the item (inf where it never did), and the
    number of sweeps it took to settle."""
    if network.step_ins or any(network.vacancies) or any(
            c.reliability < 1 or c.fidelity < 1 or c.capacity is not None
            for c in network.channels):
        raise Unsupported("the relaxation models no step-ins, vacancies or realism settings")
    end = options.horizon + options.drain
    nodes, count = len(network.nodes), len(items)
    order = np.argsort(items.kind, kind="stable")  # sorted position -> item id
    kinds = items.kind[order]
    starts = np.searchsorted(kinds, np.arange(len(network.kinds) + 1))

    def slices(kind_set) -> list[slice]:
        """The contiguous runs of sorted positions of these kinds, adjacent kinds merged."""
        runs: list[slice] = []
        for k in sorted(kind_set):
            a, b = int(starts[k]), int(starts[k + 1])
            if a == b:
                continue
            if runs and runs[-1].stop == a:
                runs[-1] = slice(runs[-1].start, b)
            else:
                runs.append(slice(a, b))
        return runs

    own = np.full((nodes, count), np.inf)
    team_sorted = items.team[order]
    arrival_sorted = items.arrival[order]
    own[team_sorted, np.arange(count)] = arrival_sorted

    is_body = [k == "body" for k in network.node_kinds]
    # incoming[node] -> (source, channel period, phase, lag, slices) of every channel into it
    incoming: list[list[tuple]] = [[] for _ in range(nodes)]
    for c, spec in enumerate(network.channels):
        carried = {k for k in range(len(network.kinds)) if c in network.routes[spec.source][k]}
        runs = slices(carried)
        if runs:
            incoming[spec.target].append((spec.source, spec.period, spec.phase, spec.lag, runs))
    attends: list[list[int]] = [[] for _ in range(nodes)]  # node -> the bodies whose meetings
    for meeting in network.meetings:
        if meeting is not None:
            for who in meeting.attendees:
                attends[who].append(meeting.body)
    mean = options.escalation_delay
    escalators: list[list[int]] = [[] for _ in range(nodes)]  # manager -> who escalates to it
    escalating: list[list[slice]] = [slices(network.escalates[n]) for n in range(nodes)]
    for n in range(nodes):
        m = network.line_managers[n]
        if m != NO_NODE and escalating[n]:
            escalators[m].append(n)

    # Each escalating node's stream: a team's own escalating items draw first, one by one, by
    # kind then arrival (as the engine handles them before the run); the delays after those are
    # drawn as far as needed and kept, the k-th instant at which the node learns escalating items
    # taking the k-th.
    own_draws: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    later_draws: dict[int, tuple[object, list[float]]] = {}
    for n in range(nodes):
        if network.line_managers[n] != NO_NODE and escalating[n]:
            rng = stream(seed, replication, "escalation", network.nodes[n])
            mask = np.zeros(count, dtype=bool)
            for run in escalating[n]:
                mask[run] = True
            positions = np.flatnonzero(mask & (team_sorted == n))
            delays = [rng.expovariate(1.0 / mean) if mean > 0 else 0.0 for _ in positions]
            own_draws[n] = (positions, np.array(delays))
            later_draws[n] = (rng, [])

    T = own.copy()
    escalated: dict[int, np.ndarray] = {}  # node -> its row plus each item's delay (inf if none)

    def escalation_row(n: int) -> np.ndarray:
        """T[n] + the delay of each escalating item, drawn as the engine draws them."""
        row = np.full(count, np.inf)
        positions, delays = own_draws[n]
        if len(positions):
            row[positions] = T[n, positions] + delays
        # one draw per instant at which the node learnt escalating items not its own, in order
        mask = np.zeros(count, dtype=bool)
        for run in escalating[n]:
            mask[run] = np.isfinite(T[n, run]) & (team_sorted[run] != n)
        if mask.any():
            times = T[n, mask]
            instants, group = np.unique(times, return_inverse=True)
            rng, drawn = later_draws[n]
            while len(drawn) < len(instants):
                drawn.append(rng.expovariate(1.0 / mean) if mean > 0 else 0.0)
            row[mask] = times + np.array(drawn[:len(instants)])[group]
        return row

    def recompute(n: int) -> np.ndarray:
        row = own[n].copy()
        for source, period, phase, lag, runs in incoming[n]:
            for run in runs:
                t = T[source, run]
                reach = (_next_cutoff(t, phase, period) if period else t) + lag
                np.minimum(row[run], reach, out=row[run])
        if is_body[n]:
            meeting = network.meetings[n]
            if meeting is None:
                return np.full(count, np.inf)  # what is sent to a body that never meets stops
            row = _next_cutoff(row, meeting.phase, meeting.period)
        for body in attends[n]:
            np.minimum(row, T[body], out=row)
        for sender in escalators[n]:
            if sender not in escalated:
                escalated[sender] = escalation_row(sender)
            np.minimum(row, escalated[sender], out=row)
        row[row >= end] = np.inf  # the run stops at its end: nothing happens there or later
        return row

    sweep_order, readers = _sweep_order(network, incoming, attends, escalators)
    stale = np.ones(nodes, dtype=bool)  # a node is recomputed only when what it reads changed
    sweeps = 0
    while stale.any():
        sweeps += 1
        if sweeps > 50:
            raise RuntimeError("the relaxation did not settle in 50 sweeps")
        for n in sweep_order:
            if not stale[n]:
                continue
            stale[n] = False
            row = recompute(n)
            if not np.array_equal(row, T[n]):
                T[n] = row
                escalated.pop(n, None)
                stale[readers[n]] = True
    by_id = np.empty_like(T)
    by_id[:, order] = T
    return by_id, sweeps


def _sweep_order(network: Network, incoming, attends, escalators) -> tuple[list[int], list]:
    """Nodes in breadth-first order from the teams along what flows, so that one sweep settles
    most of a hierarchy and the later sweeps only confirm it; and [node] -> the nodes that read
    its row."""
    nodes = len(network.nodes)
    out: list[set[int]] = [set() for _ in range(nodes)]
    for target in range(nodes):
        for source, *_ in incoming[target]:
            out[source].add(target)
        for body in attends[target]:
            out[body].add(target)
        for sender in escalators[target]:
            out[sender].add(target)
    order = [n for n in range(nodes) if network.node_kinds[n] == "team"]
    seen = set(order)
    for n in order:
        for target in sorted(out[n]):
            if target not in seen:
                seen.add(target)
                order.append(target)
    order += [n for n in range(nodes) if n not in seen]
    return order, [np.array(sorted(o), dtype=np.int64) for o in out]


def first_times_differ(engine_times: np.ndarray, floor_times: np.ndarray) -> int:
    """How many node-by-item times differ, inf equal to inf."""
    same = (engine_times == floor_times) | (np.isinf(engine_times) & np.isinf(floor_times))
    return int(np.count_nonzero(~same))



def handwritten_simpy(network: Network, items: Items, options: EngineOptions, seed: int,
                      replication: int) -> np.ndarray:
    """A minimal hand-written batched SimPy model of the same networks as `relaxation`: one event
    per non-empty cut-off, meeting and delivery, each node's first times kept in a dict, escalation
    delays drawn as the engine draws them. [node, item id] -> first time (inf where never)."""
    import simpy

    if network.step_ins or any(network.vacancies):
        raise Unsupported("the hand-written model has no step-ins or vacancies")
    env, end, mean = simpy.Environment(), options.horizon + options.drain, options.escalation_delay
    known: list[dict[int, float]] = [{} for _ in network.nodes]
    tabled: list[set[int]] = [set() for _ in network.nodes]
    # (queue, cut-off index) -> the (kind, item) pairs waiting; a channel's queue is its index, a
    # body's meetings -1 - the body
    pending: dict[tuple[int, int], list[tuple[int, int]]] = {}
    rngs = {n: stream(seed, replication, "escalation", node) for n, node in enumerate(network.nodes)
            if network.escalates[n] and network.line_managers[n] != NO_NODE}
    is_body = [k == "body" for k in network.node_kinds]

    def later(when: float, fn, *args) -> None:
        if when <= end:
            env.timeout(when - env.now).callbacks.append(lambda _: fn(*args))

    def queue(q: int, period: float, phase: float, pairs, t: float, fire) -> None:
        k = cutoff_index(t, phase, period)
        if (q, k) not in pending:
            pending[(q, k)] = []
            later(phase + k * period, fire, q, k)
        pending[(q, k)].extend(pairs)

    def cutoff(c: int, k: int) -> None:
        spec = network.channels[c]
        pairs = pending.pop((c, k))
        later(spec.phase + k * spec.period + spec.lag, learn, spec.target, pairs,
              spec.phase + k * spec.period + spec.lag)

    def meeting(q: int, k: int) -> None:
        body = -1 - q
        spec = network.meetings[body]
        pairs, when = pending.pop((q, k)), spec.phase + k * spec.period
        learn(body, pairs, when, True)
        for who in spec.attendees:
            learn(who, pairs, when)

    def learn(node: int, pairs, t: float, at_meeting: bool = False) -> None:
        if is_body[node] and not at_meeting:
            spec = network.meetings[node]
            fresh = [(kind, i) for kind, i in pairs if i not in tabled[node]]
            tabled[node].update(i for _, i in fresh)
            if spec is not None and fresh:
                queue(-1 - node, spec.period, spec.phase, fresh, t, meeting)
            return
        seen = known[node]
        new = [(kind, i) for kind, i in pairs if i not in seen]
        if not new:
            return
        for _, i in new:
            seen[i] = t
        send(node, new, t)
        up = [(kind, i) for kind, i in new if kind in network.escalates[node]]
        if up and node in rngs:
            when = t + (rngs[node].expovariate(1.0 / mean) if mean > 0 else 0.0)
            later(when, learn, network.line_managers[node], up, when)

    def send(node: int, pairs, t: float) -> None:
        for c, carries in network.outlets[node]:
            carried = [(kind, i) for kind, i in pairs if carries is None or kind in carries]
            if not carried:
                continue
            spec = network.channels[c]
            if spec.period:
                queue(c, spec.period, spec.phase, carried, t, cutoff)
            elif spec.lag:
                later(t + spec.lag, learn, spec.target, carried, t + spec.lag)
            else:
                learn(spec.target, carried, t)

    # the teams' own items, as the engine takes them before the run: stream by stream (team,
    # kind), each in order of arrival, escalation delays drawn item by item
    arrival, team, kind = items.arrival.tolist(), items.team.tolist(), items.kind.tolist()
    for i in sorted(range(len(items)), key=lambda i: (team[i], kind[i], i)):
        n, t = team[i], arrival[i]
        known[n][i] = t
        send(n, [(kind[i], i)], t)
        if kind[i] in network.escalates[n] and n in rngs:
            when = t + (rngs[n].expovariate(1.0 / mean) if mean > 0 else 0.0)
            later(when, learn, network.line_managers[n], [(kind[i], i)], when)
    env.run(until=end)
    times = np.full((len(network.nodes), len(items)), np.inf)
    for n, seen in enumerate(known):
        if seen:
            times[n, list(seen)] = list(seen.values())
    return times
