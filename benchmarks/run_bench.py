"""Where `orgsim run` spends its time on the Barnet pair, step by step, and how much of it is
outside the simulation; and how long `orgsim --help` and `orgsim validate FILE` take as whole
commands, in the same run.

    .venv/bin/python benchmarks/run_bench.py [--rounds 3] [--formats html,pdf]
                                             [--engines chromium,weasyprint]

Each round runs `orgsim run` at its defaults as its own process, as a user runs it, into a
temporary folder, and reads the split it prints on its last line: its steps are timed by the
clock it puts in front of its progress callback (the wall time from one progress call to the
next is the step named in the first), to a tenth of a second. (In one process, later rounds
find their imports and caches warm and their simulation slower, which is not what a user
sees.) "simulate" is every simulation of the run: the comparison's paired blocks
and the repair search's trial simulations (told as simulate steps as they start); "repair" is the
search's own work between them (checks of each trial set, judging, choosing). With more than one
PDF engine the rounds alternate between them, and the ratio of the runs' wall times is taken
round by round. The quick commands run as their own processes, as a user runs them, each
`--rounds` times (median wall time).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from orgsim import pipeline
from orgsim.render import pdf

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "scenarios" / "barnet" / "barnet-2013-baseline.yaml"
OPTION = ROOT / "scenarios" / "barnet" / "barnet-2014-commissioning.yaml"
ORGSIM = Path(sys.executable).with_name("orgsim")


def one_run(formats: tuple[str, ...], folder: Path, engine: str | None) -> pipeline.StepTimes:
    """Seconds per step of one `orgsim run` of the Barnet pair at its defaults, as it prints
    them."""
    env = {**os.environ, pdf.ENGINE_VARIABLE: engine} if engine else None
    done = subprocess.run([str(ORGSIM), "run", str(BASE), str(OPTION), "--out", str(folder / "out"),
                           "--formats", ",".join(formats)], check=True, capture_output=True,
                          text=True, cwd=ROOT, env=env)
    return split_of(done.stderr.splitlines()[-1])


def split_of(line: str) -> pipeline.StepTimes:
    """The step times of `orgsim run`'s last line ("[done] T s in all: simulating S s (..%), the
    other steps O s (..%: validate V s, check C s, ...)")."""
    found = re.fullmatch(r"\[done\] ([\d.]+) s in all: simulating ([\d.]+) s .*?\(\d+%: (.*)\)",
                         line.strip())
    if found is None:
        raise SystemExit(f"orgsim run did not end with its split: {line!r}")
    seconds = {pipeline.SIMULATING: float(found[2])}
    for part in found[3].split(", "):
        name, value, _ = part.split(" ")
        seconds[name] = float(value)
    return pipeline.StepTimes(seconds, float(found[1]))


def command_seconds(args: list[str], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run([str(ORGSIM), *args], check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(engine: str, runs: list[pipeline.StepTimes]) -> None:
    steps = list(dict.fromkeys(s for r in runs for s in r.seconds))
    print(f"  PDF engine {engine}:")
    for name in steps:
        print(f"    {name:<10} {statistics.median(r.seconds.get(name, 0.0) for r in runs):6.2f} s")
    print(f"    {'total':<10} {statistics.median(r.total for r in runs):6.2f} s; simulating "
          f"{statistics.median(r.simulating / r.total for r in runs):.0%}, outside the "
          f"simulation {statistics.median(r.outside / r.total for r in runs):.0%} of the run "
          f"({statistics.median(r.outside for r in runs):.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--formats", default="html,pdf")
    parser.add_argument("--engines", default="",
                        help="PDF engines to alternate (chromium, weasyprint); default: the one "
                             "orgsim run chooses")
    args = parser.parse_args()
    formats = tuple(args.formats.split(","))
    engines = [e for e in args.engines.split(",") if e] or [None]
    runs: dict[str | None, list[pipeline.StepTimes]] = {e: [] for e in engines}
    for _ in range(args.rounds):
        for engine in engines:
            with tempfile.TemporaryDirectory() as folder:
                runs[engine].append(one_run(formats, Path(folder), engine))
    print(f"orgsim run on the Barnet pair ({', '.join(formats)}; {os.cpu_count()} cores; "
          f"medians of {args.rounds} runs):")
    for engine in engines:
        chosen = pdf.chosen_engine(engine)
        report(engine or (chosen.version if chosen else "WeasyPrint"), runs[engine])
    if len(engines) > 1:
        first, *others = engines
        for other in others:
            ratios = [a.total / b.total for a, b in zip(runs[first], runs[other])]
            print(f"  wall time, {first} / {other}: {statistics.median(ratios):.2f} (median of "
                  f"{len(ratios)} rounds' ratios; {min(ratios):.2f}-{max(ratios):.2f})")
    print("Quick commands, as whole processes (median wall time):")
    print(f"  orgsim --help                 {command_seconds(['--help'], args.rounds):5.2f} s")
    print(f"  orgsim validate FILE          "
          f"{command_seconds(['validate', str(OPTION)], args.rounds):5.2f} s")


if __name__ == "__main__":
    main()
