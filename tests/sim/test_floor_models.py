"""The benchmark's floor models give the engine's figures, item by item.

`benchmarks/simulate_bench.py` reports the engine's speed as ratios to these models; a ratio is
only worth quoting while the models compute the same first times the engine does, so a change to
either that makes them disagree fails here rather than in a speed table.
"""

from __future__ import annotations

import dataclasses
import random
import sys

import numpy as np
import pytest

from orgsim.io.loader import load_scenario, load_scenario_text
from orgsim.model.network import compile_network
from orgsim.sim.engine import EngineOptions, run_replication
from orgsim.sim.montecarlo import RunSettings
from orgsim.sim.streams import Items, draw_items
from support import ROOT, reference_scenario

sys.path.insert(0, str(ROOT / "benchmarks"))
from floor import (chain_closed_form, chain_simpy_arrays, first_times_differ,  # noqa: E402
                   handwritten_simpy, relaxation)
from simulate_bench import CHAIN, YEAR, chain_scenario, handwritten  # noqa: E402


def test_the_chain_models_give_the_engines_time_for_every_item():
    rng = random.Random(5)
    horizon = 2 * YEAR
    arrivals = sorted(rng.uniform(0, horizon) for _ in range(3000))
    network = compile_network(load_scenario_text(chain_scenario(), "chain.yaml").scenario)
    items = Items(arrivals, [network.index("team")] * len(arrivals),
                  [network.kind_index("complaint")] * len(arrivals))
    last = network.index(f"n{len(CHAIN) - 1}")
    # a short drain, so that the last items' journeys are cut off: the models must agree there too
    options = EngineOptions(horizon, drain=30.0, escalation_delay=0.0)
    end = options.horizon + options.drain
    engine = run_replication(network, items, options, 1, 0, frozenset({last}),
                             False).known_times(last)
    assert np.isinf(engine).any() and np.isfinite(engine).sum() > 2500
    np.testing.assert_array_equal(chain_closed_form(items.arrival, CHAIN, end), engine)
    np.testing.assert_array_equal(chain_simpy_arrays(items.arrival, CHAIN, end), engine)
    by_hand = np.array([np.inf if t is None else t for t in handwritten(arrivals, end)])
    np.testing.assert_array_equal(by_hand, engine)


@pytest.mark.parametrize("stem", ["barnet-2013-baseline", "barnet-2014-commissioning"])
def test_the_network_models_give_every_nodes_first_time_of_every_item(stem):
    network = compile_network(load_scenario(reference_scenario(stem)).scenario)
    network = dataclasses.replace(network, step_ins=())  # what neither model covers
    settings = RunSettings(1, 1)
    options = settings.engine_options()
    items = draw_items(network, settings.seed, 0, settings.horizon)
    everyone = frozenset(range(len(network.nodes)))
    record = run_replication(network, items, options, settings.seed, 0, everyone, False)
    engine = np.array([record.known_times(n) for n in range(len(network.nodes))])
    assert np.isfinite(engine).sum() > len(items)  # items travel beyond their teams
    floor, _ = relaxation(network, items, options, settings.seed, 0)
    assert first_times_differ(engine, floor) == 0
    assert first_times_differ(engine, handwritten_simpy(network, items, options, settings.seed,
                                                        0)) == 0
