"""Reproducible random streams and the items each team produces.

Every stream is seeded from a hash of its key, so streams are independent of one another and of
the order in which anything runs (hence identical results whatever the number of worker
processes). Item streams are keyed by (seed, replication, team id, item kind) only, which gives
common random numbers: two scenarios sharing a team and a rate see the same items.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .network import Network


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
    times, teams, kinds = [], [], []
    for spec in network.streams:
        rng = np.random.default_rng(stream_seed(seed, replication, "items",
                                                network.nodes[spec.team],
                                                network.kinds[spec.kind]))
        t = np.sort(rng.uniform(0.0, horizon, rng.poisson(spec.per_day * horizon)))
        times.append(t)
        teams.append(np.full(len(t), spec.team, dtype=np.int64))
        kinds.append(np.full(len(t), spec.kind, dtype=np.int64))
    if not times:
        return Items([], [], [])
    arrival, team, kind = np.concatenate(times), np.concatenate(teams), np.concatenate(kinds)
    order = np.lexsort((kind, team, arrival))
    return Items(arrival[order], team[order], kind[order])
