"""Reproducible random streams and the items each team produces.

Every stream is a `random.Random` seeded from a hash of its key, so streams are independent of one
another and of the order in which anything runs (hence identical results whatever the number of
worker processes). Item streams are keyed by (seed, replication, team id, item kind) only, which
gives common random numbers: two scenarios sharing a team and a rate see the same items.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from .network import Network


def stream_seed(*key: object) -> int:
    digest = hashlib.blake2b("\x1f".join(map(str, key)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def stream(*key: object) -> random.Random:
    return random.Random(stream_seed(*key))


@dataclass(frozen=True)
class Items:
    """The items of one replication, by integer id in order of arrival (plain parallel lists)."""

    arrival: list[float]
    team: list[int]
    kind: list[int]

    def __len__(self) -> int:
        return len(self.arrival)


def draw_items(network: Network, seed: int, replication: int, horizon: float) -> Items:
    """Poisson arrivals over [0, horizon) for every team and item kind with a positive rate."""
    drawn: list[tuple[float, str, str, int, int]] = []
    for spec in network.streams:
        team, kind = network.nodes[spec.team], network.kinds[spec.kind]
        rng = stream(seed, replication, "items", team, kind)
        t = rng.expovariate(spec.per_day)
        while t < horizon:
            drawn.append((t, team, kind, spec.team, spec.kind))
            t += rng.expovariate(spec.per_day)
    drawn.sort()
    return Items([d[0] for d in drawn], [d[3] for d in drawn], [d[4] for d in drawn])
