"""Per item identity of the engine: the first time every node knew every item, in two
replications of every reference scenario and of a fixture that uses every realism setting, is
what the committed digests say (tests/golden/first-awareness.json).

The golden figures pin the summaries users read; these digests pin what they are computed from,
item by item and node by node, so a change to the engine's internals that moves one item's time
at one node fails here even where no summary moves. Regenerate only for a change meant to move
figures: ORGSIM_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/sim/test_engine_identity.py
"""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from orgsim.io.loader import load_scenario
from orgsim.model.graph import OrgGraph
from orgsim.sim.montecarlo import Experiment, run_one
from orgsim.sim.settings import RunSettings
from support import FIXTURES, GOLDEN, ROOT, UPDATE_GOLDEN, reference_scenarios

DIGESTS = GOLDEN / "first-awareness.json"
SETTINGS = RunSettings(seed=3, replications=2)
SCENARIOS = [*reference_scenarios(), FIXTURES / "engine" / "barnet-2014-realism.yaml"]


def digest(times: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(times, dtype="<f8").tobytes()).hexdigest()[:24]


def first_awareness(path) -> dict:
    """{replication: {node: digest of its first times, per item id}} plus what the run did."""
    scenario = load_scenario(path).scenario
    graph = OrgGraph(scenario)
    experiment = Experiment.of(scenario, SETTINGS.horizon)
    network, observed = graph.network, experiment.plan.observed
    found = {}
    for replication in range(SETTINGS.replications):
        record = run_one(network, SETTINGS, replication, observed, others=True)
        # a run that lists only the observed nodes (as `simulate` runs) gives them the same times
        lean = run_one(network, SETTINGS, replication, observed, others=False)
        for node in observed:
            assert np.array_equal(lean.known_times(node), record.known_times(node))
        # every item a node learnt came from a team inside the span the network gave the node
        position = {team: at for at, team in enumerate(network.team_order)}
        for n, (lo, hi) in enumerate(network.reach_spans):
            teams = {int(t) for t in record.items.team[np.isfinite(record.known_times(n))]}
            assert all(lo <= position[t] < hi for t in teams), network.nodes[n]
        found[str(replication)] = {
            "items": len(record.items),
            "step_ins": [[right, day] for right, day in record.step_ins],
            "nodes": {network.nodes[n]: digest(record.known_times(n))
                      for n in range(len(network.nodes))},
        }
    return found


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads(DIGESTS.read_text(encoding="utf-8")) if DIGESTS.exists() else {}


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_nodes_first_times_are_as_committed(path, golden):
    key = path.relative_to(ROOT).as_posix()
    found = first_awareness(path)
    if UPDATE_GOLDEN:
        golden[key] = found
        DIGESTS.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return
    assert key in golden, f"no digests for {key}; regenerate with ORGSIM_UPDATE_GOLDEN=1"
    expected = golden[key]
    for replication, run in expected.items():
        assert found[replication]["items"] == run["items"]
        assert found[replication]["step_ins"] == run["step_ins"]
        moved = [n for n, d in run["nodes"].items() if found[replication]["nodes"].get(n) != d]
        assert moved == [], f"replication {replication}: first times moved at {moved}"


def test_the_fixture_exercises_what_the_reference_scenarios_do_not():
    record = first_awareness(SCENARIOS[-1])
    assert any(right == "sqa_step_in" for run in record.values() for right, _ in run["step_ins"])
