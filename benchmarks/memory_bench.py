"""Peak memory of one replication of a large generated council (the simulation benchmark's
council, scaled), against what a byte per node and item would take.

    .venv/bin/python benchmarks/memory_bench.py [--posts 20000] [--teams 4000]

The figure is the process's peak resident memory (the operating system's own count), after
loading the scenario and running one replication as `orgsim simulate` runs it.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from orgsim.io.loader import load_scenario_text
from orgsim.sim.montecarlo import Experiment, run_section
from orgsim.sim.settings import RunSettings
from orgsim.sim.streams import draw_items

sys.path.insert(0, str(Path(__file__).resolve().parent))
from simulate_bench import generated_council  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--teams", type=int, default=4_000)
    args = parser.parse_args()
    scenario = load_scenario_text(generated_council(args.posts, team_count=args.teams),
                                  "generated.yaml").scenario
    settings = RunSettings(1, 1)
    experiment = Experiment.of(scenario, settings.horizon)
    network = experiment.network
    loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    run_section(experiment.tasks(settings, [range(1)])[0])
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    items = len(draw_items(network, settings.seed, 0, settings.horizon))
    kept = sum(b - a for a, b in network.reach_spans)
    print(f"generated council: {len(scenario.posts):,} posts, {len(scenario.teams):,} teams, "
          f"{len(network.nodes):,} nodes")
    print(f"  one replication: {elapsed:.1f} s; peak memory {peak:,.0f} MiB "
          f"({loaded:,.0f} MiB after loading the scenario)")
    print(f"  per-item state kept for {kept:,} node-by-team pairs of "
          f"{len(network.nodes) * len(network.team_order):,} "
          f"({kept / max(1, len(network.nodes) * len(network.team_order)):.3%})")
    print(f"  {items:,} items: a byte per node and item would alone take "
          f"{len(network.nodes) * items / 2**20:,.0f} MiB")


if __name__ == "__main__":
    main()
