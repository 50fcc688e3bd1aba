"""Builders for small deterministic scenarios the simulation tests share."""

from __future__ import annotations

import textwrap

import pytest

from orgsim.io.loader import load_scenario_text
from orgsim.sim.engine import EngineOptions, ReplicationRecord, run_replication
from orgsim.model.network import Network, compile_network
from orgsim.sim.streams import Items

HEADER = """\
orgsim: 1
name: Test council
jurisdiction: england
governance: leader_cabinet
"""


def load(body: str):
    return load_scenario_text(HEADER + textwrap.dedent(body), "test.yaml").scenario


class Sim:
    """A scenario with hand-placed items run through the real engine."""

    def __init__(self, body: str):
        self.scenario = load(body)
        self.network: Network = compile_network(self.scenario)

    def run(self, arrivals: list[tuple[float, str, str]], horizon: float = 400.0,
            drain: float = 400.0, escalation_delay: float = 0.0, seed: int = 1,
            ) -> tuple[Items, ReplicationRecord]:
        arrivals = sorted(arrivals)
        net = self.network
        items = Items([a[0] for a in arrivals], [net.index(a[1]) for a in arrivals],
                      [net.kind_index(a[2]) for a in arrivals])
        record = run_replication(net, items, EngineOptions(horizon, drain, escalation_delay),
                                 seed, 0)
        return items, record

    def when(self, record: ReplicationRecord, node: str, item: int) -> float | None:
        return record.known(self.network.index(node)).get(item)


@pytest.fixture
def sim():
    return Sim
