"""The Barnet sensitivity sweep on the process pool and on a local Dask cluster of the same number
of workers, in the same run; and Dask's overhead on one machine (a small comparison on each).

    .venv/bin/python benchmarks/sensitivity_bench.py [--trajectories 1] [--samples 8]
        [--cap 20] [--rounds 2] [--workers 2] [--keep FOLDER]

The sweep is `orgsim sensitivity` of the Barnet 2013 baseline and the 2014 commissioning model
over the default ranges (30 inputs in 18 screening groups): Morris screening with `--trajectories`
trajectories, then a Latin hypercube of `--samples` worlds, each world a paired comparison at a
first look and cap of `--cap` replications. The pool and the Dask runs alternate, `--rounds`
times, each its own process; the script prints each one's median wall time, the ratio of the
medians, the design's size (worlds and replications, from the result) and whether the two
backends wrote the same bytes. Then the same for `orgsim compare -n 4` of the pair, whose time
is mostly start-up: the difference is what a local Dask cluster costs before any work.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARNET = ROOT / "scenarios" / "barnet"
PAIR = [str(BARNET / "barnet-2013-baseline.yaml"), str(BARNET / "barnet-2014-commissioning.yaml")]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


def alternate(a: list[str], b: list[str], rounds: int) -> tuple[list[float], list[float]]:
    times_a, times_b = [], []
    for _ in range(rounds):
        times_a.append(timed(a))
        times_b.append(timed(b))
    return times_a, times_b


def report(what: str, pool: list[float], dask: list[float]) -> None:
    p, d = statistics.median(pool), statistics.median(dask)
    print(f"{what}: pool median {p:.1f} s {['%.1f' % t for t in pool]}, local Dask median "
          f"{d:.1f} s {['%.1f' % t for t in dask]}; Dask / pool {d / p:.2f}, difference "
          f"{d - p:+.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trajectories", type=int, default=1)
    parser.add_argument("--samples", type=int, default=8)
    parser.add_argument("--cap", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="copy the pool's outputs to this new folder")
    args = parser.parse_args()
    orgsim = [sys.executable, "-m", "orgsim"]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        sweep = [*orgsim, "sensitivity", *PAIR, "--trajectories", str(args.trajectories),
                 "--samples", str(args.samples), "-n", str(args.cap), "--min-replications",
                 str(args.cap), "--seed", "1", "-w", str(args.workers)]
        pool = [*sweep, "--out", str(out / "pool")]
        dask = [*sweep, "--cluster", "local", "--out", str(out / "dask")]
        print("sweep:", " ".join(pool[2:]).replace(str(ROOT) + "/", ""), "[--cluster local]")
        times = alternate(pool, dask, args.rounds)
        data = json.loads((out / "pool" / "sensitivity.json").read_text())
        same = all((out / "pool" / n).read_bytes() == (out / "dask" / n).read_bytes()
                   for n in ("sensitivity.json", "tornado.svg", "tornado.png"))
        design = data["design"]
        worlds = 1 + design["morris_worlds"] + design["latin_hypercube_samples"]
        print(f"design: {len(data['factors'])} inputs, {sum(f['matters'] for f in data['factors'])}"
              f" matter; {worlds} worlds (1 as written, {design['morris_worlds']} Morris, "
              f"{design['latin_hypercube_samples']} Latin hypercube); "
              f"{design['replications_run']:,} replications in all; identical outputs: {same}")
        report("sweep", *times)
        if args.keep:
            shutil.copytree(out / "pool", args.keep)
        small = [*orgsim, "compare", *PAIR, "-n", "4", "--min-replications", "4", "--seed", "1",
                 "-w", str(args.workers), "--json"]
        report("compare -n 4 (Dask's overhead)", *alternate(small, [*small, "--cluster", "local"],
                                                            args.rounds))


if __name__ == "__main__":
    main()
