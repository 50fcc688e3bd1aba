"""Where `orgsim run` spends its time on the Barnet pair, step by step, and how much of it is
outside the simulation; and how long `orgsim --help` and `orgsim validate FILE` take as whole
commands, in the same run.

    .venv/bin/python benchmarks/run_bench.py [--rounds 3] [--formats html,pdf]

Each round runs the pipeline `orgsim run` runs (the same steps, told through the same progress
callback) into a temporary folder and times the steps from one progress line to the next; the
figures printed are the medians of the rounds. The quick commands run as their own processes, as a
user runs them, each `--rounds` times (median wall time).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from orgsim import pipeline
from orgsim.records import Settings

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "scenarios" / "barnet" / "barnet-2013-baseline.yaml"
OPTION = ROOT / "scenarios" / "barnet" / "barnet-2014-commissioning.yaml"
ORGSIM = Path(sys.executable).with_name("orgsim")


def one_run(formats: tuple[str, ...], folder: Path) -> dict[str, float]:
    """Seconds per step of one `orgsim run` of the Barnet pair at its defaults."""
    spent: dict[str, float] = {}
    current: list = []

    def progress(step: str, message: str) -> None:
        now = time.perf_counter()
        if current:
            spent[current[0]] = spent.get(current[0], 0.0) + now - current[1]
        current[:] = [step, now]

    start = time.perf_counter()
    settings = Settings(formats=formats)
    pipeline.run(BASE, [OPTION], settings, folder / "out", progress)
    end = time.perf_counter()
    spent[current[0]] = spent.get(current[0], 0.0) + end - current[1]
    spent["total"] = end - start
    return spent


def command_seconds(args: list[str], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run([str(ORGSIM), *args], check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--formats", default="html,pdf")
    args = parser.parse_args()
    formats = tuple(args.formats.split(","))
    runs = []
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as folder:
            runs.append(one_run(formats, Path(folder)))
    steps = [s for s in runs[0] if s != "total"]
    print(f"orgsim run on the Barnet pair ({', '.join(formats)}; {os.cpu_count()} cores; "
          f"medians of {args.rounds} runs):")
    for name in steps:
        print(f"  {name:<10} {statistics.median(r.get(name, 0.0) for r in runs):6.2f} s")
    total = statistics.median(r["total"] for r in runs)
    outside = statistics.median((r["total"] - r.get("simulate", 0.0)) / r["total"] for r in runs)
    print(f"  {'total':<10} {total:6.2f} s; outside the simulation: {outside:.0%} of the run")
    print("Quick commands, as whole processes (median wall time):")
    print(f"  orgsim --help                 {command_seconds(['--help'], args.rounds):5.2f} s")
    print(f"  orgsim validate FILE          "
          f"{command_seconds(['validate', str(OPTION)], args.rounds):5.2f} s")


if __name__ == "__main__":
    main()
