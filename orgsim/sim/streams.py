"""Reproducible random streams and the items each team produces.

Every stream is seeded from a hash of its key, so streams are independent of one another and of
the order in which anything runs (hence identical results whatever the number of worker
processes). Item streams are keyed by (seed, replication, team id, item kind) only, which gives
common random numbers: two scenarios sharing a team and a rate see the same items. Escalation
delays likewise come from one stream per escalating post, keyed by (seed, replication,
"escalation", post id), so a post that escalates the same items in two scenarios passes them up
after the same delays, whatever changes elsewhere.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..model.network import Network


def stream_seed(*key: object) -> int:
    digest = hashlib.blake2b("\x1f".join(map(str, key)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def stream(*key: object) -> random.Random:
    return random.Random(stream_seed(*key))


@dataclass(frozen=True, eq=False)
class Items:
    """The items of one replication, by integer id in order of arrival (parallel arrays)."""

    arrival: np.ndarray  # float64 days
    team: np.ndarray  # int64 node index
    kind: np.ndarray  # int64 item kind index

    def __init__(self, arrival: Sequence[float], team: Sequence[int], kind: Sequence[int]):
        object.__setattr__(self, "arrival", np.asarray(arrival, dtype=np.float64))
        object.__setattr__(self, "team", np.asarray(team, dtype=np.int64))
        object.__setattr__(self, "kind", np.asarray(kind, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.arrival)


def draw_items(network: Network, seed: int, replication: int, horizon: float) -> Items:
    """Poisson arrivals over [0, horizon) for every team and item kind with a positive rate.

    Each stream draws its count from the Poisson distribution and then that many uniform times:
    the same process as exponential gaps, with a fixed number of draws per stream.
    """
    # Streams in order of (team, kind), so that a stable sort on arrival alone breaks ties the way
    # sorting on (arrival, team, kind) would, at a fraction of the cost.
    specs = sorted(network.streams, key=lambda spec: (spec.team, spec.kind))
    times = []
    for spec in specs:
        # default_rng(seed) is Generator(PCG64(seed)); built directly, it skips a dispatch that
        # costs a noticeable share of a stream's few draws
        rng = np.random.Generator(np.random.PCG64(stream_seed(
            seed, replication, "items", network.nodes[spec.team], network.kinds[spec.kind])))
        times.append(np.sort(rng.uniform(0.0, horizon, rng.poisson(spec.per_day * horizon))))
    if not times:
        return Items([], [], [])
    sizes = [len(t) for t in times]
    arrival = np.concatenate(times)
    team = np.repeat(np.array([spec.team for spec in specs], dtype=np.int64), sizes)
    kind = np.repeat(np.array([spec.kind for spec in specs], dtype=np.int64), sizes)
    order = np.argsort(arrival, kind="stable")
    return Items(arrival[order], team[order], kind[order])
