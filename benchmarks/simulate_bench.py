"""Simulation speed against an honest floor, then replications/s and items/s for the reference
scenarios and a generated council of 2,000 posts.

- The same deterministic cadence chain through (a) orgsim's engine, (b) a minimal hand-written
  batched SimPy model, (c) the closed form computed with NumPy and (d) a SimPy model written for
  the chain alone, one event per cut-off with NumPy batches, item by item identical.
- Barnet 2013 and Barnet 2014 with its step-in rights taken out, every node's first time of every
  item from (a) the engine, (b) the hand-written SimPy model and (c) the NumPy relaxation of
  `floor.py`, compared item by item in the same run.

    .venv/bin/python benchmarks/simulate_bench.py [--replications 200] [--workers 2]
        [--barnet-replications 1000] [--chain-rounds 15] [--floor-rounds 10] [--floor-only]

The comparisons with the floor time each implementation by the CPU time of this process (one
core; none of them runs threads), so that waiting for a core the machine's other work holds is not
counted; the scenario rows are wall-clock, as a user waits. Each round runs the implementations in
turn, so what load does to the processor's caches and clock falls on a round's runs alike: the
ratios reported are the medians of the rounds' ratios, the figures that survive a noisy machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import simpy

from orgsim.io.loader import load_scenario, load_scenario_text
from orgsim.model.analytic import Hop
from orgsim.model.cadence import cutoff_index
from orgsim.sim.engine import EngineOptions, collector_paused, run_replication
from orgsim.sim.montecarlo import RunSettings, simulate
from orgsim.model.network import compile_network
from orgsim.sim.streams import Items, draw_items

sys.path.insert(0, str(Path(__file__).resolve().parent))
from floor import (chain_closed_form, chain_simpy_arrays, first_times_differ,  # noqa: E402
                   handwritten_simpy, relaxation)

ROOT = Path(__file__).resolve().parent.parent
YEAR = 365.25
BARNET = ("barnet/barnet-2013-baseline.yaml", "barnet/barnet-2014-commissioning.yaml")


def bench_scenario(label: str, scenario, content_hash: str, replications: int, workers: int,
                   horizon: float = 3 * YEAR) -> None:
    settings = RunSettings(1, replications, horizon, workers=workers)
    start = time.perf_counter()
    result = simulate(scenario, settings, content_hash)
    elapsed = time.perf_counter() - start
    items = result.metrics.items_per_replication * replications
    print(f"  {label:<48} {replications:>6} reps  {elapsed:7.2f} s  "
          f"{replications / elapsed:8.1f} reps/s  {items / elapsed:10.0f} items/s", flush=True)


def generated_council(posts: int = 2000, seed: int = 11, team_count: int = 400) -> str:
    """A CEx, 8 directorates, heads, managers and front-line posts: `posts` posts, a team under
    each of the first `team_count` posts of the lowest level, weekly team meetings, monthly reports up
    each line."""
    rng = random.Random(seed)
    lines = ["orgsim: 1", "name: Generated council", "jurisdiction: england",
             "governance: leader_cabinet", "posts:",
             "  ceo: {title: Chief Executive, roles: [head_of_paid_service]}"]
    channels, teams = ["channels:"], ["teams:"]
    managers = ["ceo"]
    count, level = 1, 0
    while count < posts:
        next_level = []
        for manager in managers:
            for _ in range(8 if level == 0 else 5):
                if count >= posts:
                    break
                pid = f"p{count}"
                role = ", roles: [dcs]" if count == 1 else ", roles: [dass]" if count == 2 else ""
                lines.append(f"  {pid}: {{title: Post {count}, line_manager: {manager}{role}}}")
                channels.append(f"  c{count}: {{from: {pid}, to: {manager}, name: Monthly report, "
                                f"cadence: monthly, phase: {rng.randint(0, 27)}d, lag: 2d}}")
                next_level.append(pid)
                count += 1
        managers, level = next_level, level + 1
    for n, manager in enumerate(managers[:team_count]):
        teams.append(f"  t{n}: {{title: Team {n}, line_manager: {manager}, "
                     f"delivers: [children_social_care], items: {{safeguarding_concern: 2, "
                     f"complaint: 1, serious_incident: 0.05}}}}")
        channels.append(f"  tc{n}: {{from: t{n}, to: {manager}, name: Weekly, cadence: weekly}}")
    return "\n".join(lines + teams + channels) + "\n"


CHAIN = (Hop(7.0, 1.0, 0.0), Hop(YEAR / 12, 9.0, 3.0), Hop(14.0, 2.0, 0.0), Hop(YEAR / 4, 20.0, 30.0),
         Hop(YEAR / 12, 5.0, 1.0))


def chain_scenario() -> str:
    names = ["team"] + [f"n{i}" for i in range(len(CHAIN))]
    posts = "\n".join(f"  {n}: {{title: {n}}}" for n in names[1:])
    chans = "\n".join(f"  h{i}: {{from: {names[i]}, to: {names[i + 1]}, name: Hop {i}, "
                      f"cadence: {h.period}, phase: {h.phase}, lag: {h.lag}}}"
                      for i, h in enumerate(CHAIN))
    return ("orgsim: 1\nname: Chain\njurisdiction: england\ngovernance: leader_cabinet\n"
            f"defaults: {{escalates_at: critical}}\nposts:\n{posts}\n"
            f"teams:\n  team: {{title: Team, line_manager: n0}}\nchannels:\n{chans}\n")


def handwritten(arrivals: list[float], end: float) -> list[float]:
    """The minimal batched SimPy model: per hop, one event per non-empty cut-off; like orgsim it
    records each item's first awareness at every node and never forwards an item twice."""
    env = simpy.Environment()
    pending: list[dict[int, list[int]]] = [{} for _ in CHAIN]
    known: list[dict[int, float]] = [{} for _ in range(len(CHAIN) + 1)]

    def put(h: int, batch: list[int], t: float) -> None:
        hop = CHAIN[h]
        k = cutoff_index(t, hop.phase, hop.period)
        if k in pending[h]:
            pending[h][k].extend(batch)
        else:
            pending[h][k] = list(batch)
            event = env.timeout(max(0.0, hop.phase + k * hop.period - env.now), (h, k))
            event.callbacks.append(fire)

    def fire(event) -> None:
        h, k = event.value
        hop = CHAIN[h]
        batch = pending[h].pop(k)
        when = hop.phase + k * hop.period + hop.lag
        if hop.lag:
            later = env.timeout(when - env.now, (h, batch, when))
            later.callbacks.append(lambda e: arrive(*e.value))
        else:
            arrive(h, batch, when)

    def arrive(h: int, batch: list[int], when: float) -> None:
        seen = known[h + 1]
        new = [i for i in batch if i not in seen]
        for i in new:
            seen[i] = when
        if new and h + 1 < len(CHAIN):
            put(h + 1, new, when)

    for i, t in enumerate(arrivals):
        known[0][i] = t
        put(0, [i], t)
    env.run(until=end)
    return [known[-1].get(i) for i in range(len(arrivals))]


def timed_rounds(runs: dict, rounds: int) -> tuple[dict[str, list[float]], dict]:
    """Each implementation once per round, in turn; the CPU times of every round and the last
    outputs. The engine pauses the cyclic garbage collector while it runs, so the others run with
    it paused as well: the ratios compare the work done, not the collector."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    out = {}
    with collector_paused():
        for _ in range(rounds):
            for name, fn in runs.items():
                start = time.process_time()
                out[name] = fn()
                times[name].append(time.process_time() - start)
    return times, out


def ratio(times: dict[str, list[float]], a: str, b: str) -> float:
    return statistics.median(x / y for x, y in zip(times[a], times[b]))


def bench_chain(n_items: int = 20_000, rounds: int = 15) -> None:
    rng = random.Random(3)
    horizon = 3 * YEAR
    arrivals = sorted(rng.uniform(0, horizon) for _ in range(n_items))
    scenario = load_scenario_text(chain_scenario(), "chain.yaml").scenario
    network = compile_network(scenario)
    items = Items(arrivals, [network.index("team")] * n_items,
                  [network.kind_index("complaint")] * n_items)
    last = network.index(f"n{len(CHAIN) - 1}")
    options = EngineOptions(horizon, YEAR, 0.0)
    # the engine records the last node's times as `simulate` records an observer's
    observed = frozenset({last})
    times, out = timed_rounds({
        "a": lambda: run_replication(network, items, options, 1, 0, observed, False),
        "b": lambda: handwritten(arrivals, horizon + YEAR),
        "c": lambda: chain_closed_form(items.arrival, CHAIN, horizon + YEAR),
        "d": lambda: chain_simpy_arrays(items.arrival, CHAIN, horizon + YEAR)}, rounds)
    engine = out["a"].known_times(last)
    hand = np.array([np.inf if t is None else t for t in out["b"]])
    agree = all(np.array_equal(engine, other) for other in (hand, out["c"], out["d"]))
    print(f"  deterministic chain of {len(CHAIN)} hops, {n_items} items ({rounds} rounds; CPU "
          "times are each one's best round, ratios the median of the rounds'):")
    print(f"    (a) orgsim engine              {min(times['a']) * 1000:8.2f} ms")
    print(f"    (b) hand-written SimPy         {min(times['b']) * 1000:8.2f} ms")
    print(f"    (c) closed form with NumPy     {min(times['c']) * 1000:8.2f} ms")
    print(f"    (d) SimPy for this chain alone {min(times['d']) * 1000:8.2f} ms  (one event per "
          "cut-off, NumPy batches, nothing general)")
    print(f"    engine / hand-written SimPy = {ratio(times, 'a', 'b'):.2f}   engine / NumPy floor = "
          f"{ratio(times, 'a', 'c'):.2f}   identical per item: {'yes' if agree else 'NO'}")
    print(f"    (d) / NumPy floor = {ratio(times, 'd', 'c'):.2f}   engine / (d) = "
          f"{ratio(times, 'a', 'd'):.2f}")


def bench_floor(rounds: int = 10) -> None:
    """The engine against the NumPy relaxation and a hand-written SimPy model on Barnet, step-in
    rights taken out, every node's first time of every item compared in the same run."""
    settings = RunSettings(1, rounds)
    options = settings.engine_options()
    for name in BARNET:
        network = compile_network(load_scenario(ROOT / "scenarios" / name).scenario)
        network = dataclasses.replace(network, step_ins=())
        everyone = frozenset(range(len(network.nodes)))
        compared = differ = 0
        engine_times, hand_times, floor_times = [], [], []
        for replication in range(rounds):
            items = draw_items(network, settings.seed, replication, settings.horizon)
            times, out = timed_rounds({
                # the same output from both: every node's first time of every item
                "a": lambda: run_replication(network, items, options, settings.seed, replication,
                                             everyone, False),
                "b": lambda: handwritten_simpy(network, items, options, settings.seed,
                                               replication),
                "c": lambda: relaxation(network, items, options, settings.seed, replication)},
                1)
            engine_times.append(times["a"][0])
            hand_times.append(times["b"][0])
            floor_times.append(times["c"][0])
            engine = np.array([out["a"].known_times(n) for n in range(len(network.nodes))])
            compared += 2 * engine.size
            differ += first_times_differ(engine, out["b"]) + first_times_differ(engine,
                                                                               out["c"][0])
        label = name.split("/")[1].removesuffix(".yaml") + \
            (" (step-in off)" if "2014" in name else "")
        to_floor = statistics.median(a / c for a, c in zip(engine_times, floor_times))
        to_hand = statistics.median(a / b for a, b in zip(engine_times, hand_times))
        print(f"  {label} ({rounds} replications, medians of CPU times):")
        print(f"    (a) orgsim engine              {statistics.median(engine_times) * 1000:8.1f} ms")
        print(f"    (b) hand-written SimPy         {statistics.median(hand_times) * 1000:8.1f} ms")
        print(f"    (c) NumPy relaxation           {statistics.median(floor_times) * 1000:8.1f} ms")
        print(f"    engine / hand-written SimPy = {to_hand:.2f}   engine / NumPy floor = "
              f"{to_floor:.2f}   {compared:,} node-by-item times compared, {differ} differ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replications", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--barnet-replications", type=int, default=1000)
    parser.add_argument("--chain-rounds", type=int, default=15,
                        help="rounds of the four chain implementations")
    parser.add_argument("--floor-rounds", type=int, default=10,
                        help="replications of Barnet through the engine and the relaxation")
    parser.add_argument("--floor-only", action="store_true",
                        help="only the comparisons with the floor, not the scenarios")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, SimPy {simpy.__version__}, NumPy {np.__version__}, "
          f"workers {args.workers}, horizon 3 years")
    print("Same deterministic chain through four implementations")
    bench_chain(rounds=args.chain_rounds)
    print("Barnet on one core: the engine, a hand-written SimPy model and the NumPy relaxation")
    bench_floor(args.floor_rounds)
    if args.floor_only:
        return
    print("Reference scenarios")
    for path in sorted((ROOT / "scenarios").glob("*/*.yaml")):
        name = path.relative_to(ROOT / "scenarios").as_posix()
        try:
            loaded = load_scenario(path)
        except Exception as exc:  # noqa: BLE001 - a scenario still being written is skipped
            print(f"  {name:<48} skipped: {type(exc).__name__}")
            continue
        reps = args.barnet_replications if name == BARNET[1] else args.replications
        bench_scenario(name, loaded.scenario, loaded.content_hash, reps, args.workers)
    print("Generated council")
    loaded = load_scenario_text(generated_council(), "generated.yaml")
    posts = len(loaded.scenario.posts)
    bench_scenario(f"generated, {posts} posts, {len(loaded.scenario.teams)} teams",
                   loaded.scenario, loaded.content_hash, max(10, args.replications // 10),
                   args.workers)


if __name__ == "__main__":
    main()
