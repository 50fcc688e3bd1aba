"""Closed-form time to awareness along a chain of deterministic cadenced channels.

Each hop takes an item at the first cut-off at or after its arrival and delivers it `lag` later;
an immediate hop (period 0) delivers it `lag` after arrival. The engine must agree with this to the
day on deterministic scenarios (tests hold the two together item by item).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .scenario import Channel, Scenario
from .cadence import next_cutoff


@dataclass(frozen=True)
class Hop:
    period: float
    phase: float = 0.0
    lag: float = 0.0

    @classmethod
    def of(cls, channel: Channel) -> Hop:
        return cls(channel.cadence, channel.phase, channel.lag)


def arrival_at_end(arrival: float, chain: Sequence[Hop]) -> float:
    """When an item reaching the first hop's source at `arrival` reaches the last hop's target."""
    t = arrival
    for hop in chain:
        t = next_cutoff(t, hop.phase, hop.period) + hop.lag
    return t


def latency(arrival: float, chain: Sequence[Hop]) -> float:
    return arrival_at_end(arrival, chain) - arrival


def chain_of(scenario: Scenario, channel_ids: Sequence[str]) -> tuple[Hop, ...]:
    """The hops of named channels, checking that each starts where the previous one ended."""
    hops, previous_target = [], None
    for cid in channel_ids:
        channel = scenario.channels[cid]
        if previous_target is not None and channel.source != previous_target:
            raise ValueError(f"channel {cid} starts at {channel.source}, not at {previous_target}")
        hops.append(Hop.of(channel))
        previous_target = channel.target
    return tuple(hops)


def mean_latency(chain: Sequence[Hop], start: float, end: float, points: int = 20_000) -> float:
    """Mean latency for arrivals spread uniformly over [start, end): the expectation a Poisson
    stream's simulated mean estimates. Midpoint rule; the integrand is piecewise linear."""
    step = (end - start) / points
    return sum(latency(start + (i + 0.5) * step, chain) for i in range(points)) / points
