"""The committee workload: the Barnet 2013 baseline and three options compared at a cap of 1,000
replications, against `orgsim simulate -n 1000` of one scenario, in the same run.

    .venv/bin/python benchmarks/committee_bench.py [--cap 1000] [--rounds 3] [--workers 2]

The options are the 2014 commissioning model, the same with its safeguarding one-to-ones (d)
removed, and the same with the Family Services one-to-one quarterly (written to a temporary
folder, each extending the reference file). The two commands run in turn, `--rounds` times, each
as its own process; the script prints each one's median wall time, the ratio of the medians, and
how many replications the comparison ran before every verdict was settled.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARNET = ROOT / "scenarios" / "barnet"
OPTIONS = {
    "without-d.yaml": "remove: [fs_dcs_one_to_one, ac_dass_one_to_one]\n",
    "quarterly-one-to-one.yaml": "channels:\n  fs_dcs_one_to_one: {cadence: quarterly}\n",
}


def write_options(folder: Path) -> list[Path]:
    paths = [BARNET / "barnet-2014-commissioning.yaml"]
    for name, change in OPTIONS.items():
        path = folder / name
        path.write_text(f"orgsim: 1\nextends: {paths[0]}\nname: Barnet 2014, {name[:-5]}\n"
                        + change, encoding="utf-8")
        paths.append(path)
    return paths


def timed(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    orgsim = [sys.executable, "-m", "orgsim"]
    common = ["-n", str(args.cap), "--seed", "1", "-w", str(args.workers), "--json"]
    with tempfile.TemporaryDirectory() as folder:
        options = write_options(Path(folder))
        compare = [*orgsim, "compare", str(BARNET / "barnet-2013-baseline.yaml"),
                   *map(str, options), *common]
        simulate = [*orgsim, "simulate", str(options[0]), *common]
        times: dict[str, list[float]] = {"compare": [], "simulate": []}
        ran = None
        for _ in range(args.rounds):
            seconds, out = timed(compare)
            times["compare"].append(seconds)
            ran = json.loads(out)["replications_run"]
            times["simulate"].append(timed(simulate)[0])
    medians = {k: statistics.median(v) for k, v in times.items()}
    print(f"baseline + 3 options, cap {args.cap}: median {medians['compare']:.1f} s wall; "
          f"every verdict settled at {ran} replications per scenario")
    print(f"orgsim simulate -n {args.cap} of one scenario: median {medians['simulate']:.1f} s wall")
    print(f"ratio (comparison / one simulation): {medians['compare'] / medians['simulate']:.2f}")


if __name__ == "__main__":
    main()
