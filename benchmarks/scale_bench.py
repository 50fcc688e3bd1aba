"""Scale: `orgsim validate` and `orgsim check` on generated councils of 2,000, 20,000 and 50,000
posts, `orgsim validate` on an option of each that removes or rewrites a tenth of its entries,
and `orgsim simulate -n 2` on 20,000 posts with 4,000 teams; wall time and peak memory (maximum
resident set size) of each command, run as its own process.

    .venv/bin/python benchmarks/scale_bench.py [--sizes 2000,20000,50000] [--runs 3]
        [--skip-simulate] [--keep FOLDER] [--memory-limit GB]

Each figure is the median of `--runs` runs of the whole command, start-up included. The
generated councils are written to a temporary folder (or FOLDER with --keep): a Chief
Executive, eight directorates whose first two hold the DCS and the DASS, then five reports per
manager down to the front line; a team under each of the lowest managers, delivering
children's or adults' functions by directorate, with the reference rates of items; a monthly
report from every post to its manager and a weekly one from every team. The simulation runs
under an address-space cap (6 GB unless --memory-limit says otherwise), so that on a shared
machine it fails rather than take everyone's memory. The option (`extends` the council) removes
every tenth team with its meeting, retitles every tenth post and makes every tenth post's report
quarterly: the merge of a large option into its baseline is timed with the rest of loading.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORGSIM = [sys.executable, "-m", "orgsim"]


def generated_council(posts: int, teams: int, seed_phase: int = 7) -> str:
    """`posts` posts in a tree (8 directorates, then 5 reports a manager) and `teams` teams
    spread over the lowest managers."""
    lines = ["orgsim: 1", f"name: Generated council of {posts} posts", "jurisdiction: england",
             "governance: leader_cabinet", "posts:",
             "  ceo: {title: Chief Executive, roles: [head_of_paid_service]}"]
    channels = ["channels:"]
    directorate: dict[str, int] = {"ceo": -1}
    managers, count = ["ceo"], 1
    while count < posts:
        next_level = []
        for manager in managers:
            for _ in range(8 if manager == "ceo" else 5):
                if count >= posts:
                    break
                pid = f"p{count}"
                role = ", roles: [dcs]" if count == 1 else ", roles: [dass]" if count == 2 else ""
                lines.append(f"  {pid}: {{title: Post {count}, line_manager: {manager}{role}}}")
                channels.append(f"  c{count}: {{from: {pid}, to: {manager}, name: Monthly report, "
                                f"cadence: monthly, phase: {(count * seed_phase) % 28}d, lag: 2d}}")
                directorate[pid] = count - 1 if manager == "ceo" else directorate[manager]
                next_level.append(pid)
                count += 1
        managers = next_level
    lines.append("teams:")
    for n in range(teams):
        manager = managers[n % len(managers)]
        adults = directorate[manager] % 2 == 1
        delivers = "[adult_social_care, safeguarding_adults]" if adults else \
            "[children_social_care, safeguarding_children]"
        lines.append(f"  t{n}: {{title: Team {n}, line_manager: {manager}, delivers: {delivers}, "
                     "items: {safeguarding_concern: 2, complaint: 1, serious_incident: 0.05}}")
        channels.append(f"  tc{n}: {{from: t{n}, to: {manager}, name: Weekly team meeting, "
                        "cadence: weekly}")
    return "\n".join(lines + channels) + "\n"


def generated_option(posts: int, teams: int, baseline: str) -> str:
    """An option extending `baseline` (a generated council of `posts` posts and `teams` teams)
    that removes every tenth team with its weekly meeting, retitles every tenth post and makes
    every tenth post's monthly report quarterly."""
    tenth = range(10, posts, 10)
    gone = [id_ for n in range(0, teams, 10) for id_ in (f"t{n}", f"tc{n}")]
    return "\n".join(["orgsim: 1", f"name: Option on the generated council of {posts} posts",
                      f"extends: {baseline}", f"remove: [{', '.join(gone)}]", "posts:",
                      *(f"  p{n}: {{title: Renamed post {n}}}" for n in tenth), "channels:",
                      *(f"  c{n}: {{cadence: quarterly}}" for n in tenth)]) + "\n"


def measure(args: list[str], runs: int, memory_limit_gb: float | None = None,
            ) -> tuple[float, float, float, int, str]:
    """Median wall seconds, median CPU seconds (user and system: less swayed than wall time by
    other work on the machine), median peak resident memory in MB, the exit code and, when it
    failed, the first line it printed. `memory_limit_gb` caps the command's address space, so a
    run that would take the machine's memory fails instead (the machine is shared)."""
    walls, cpus, peaks, code, said = [], [], [], 0, ""

    def cap() -> None:
        if memory_limit_gb:
            limit = int(memory_limit_gb * 2 ** 30)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen([*ORGSIM, *args], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, cwd=ROOT, preexec_fn=cap)
        err = process.stderr.read().decode()
        _, status, usage = os.wait4(process.pid, 0)
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        peaks.append(usage.ru_maxrss / 1024)  # kilobytes on Linux
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            said = (err.strip().splitlines() or [f"exit {code}"])[0][:160]
            break
    return (statistics.median(walls), statistics.median(cpus), statistics.median(peaks), code,
            said)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,20000,50000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-simulate", action="store_true")
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--memory-limit", type=float, default=6.0,
                        help="address-space cap in GB for the simulation (default 6)")
    options = parser.parse_args()
    folder = options.keep or Path(tempfile.mkdtemp(prefix="orgsim-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'command':<44} {'posts':>7} {'teams':>6} {'wall s':>8} {'CPU s':>8} {'peak MB':>8}"
          "  exit")
    for posts in (int(s) for s in options.sizes.split(",")):
        teams = posts // 5
        path = folder / f"council-{posts}.yaml"
        path.write_text(generated_council(posts, teams))
        for command in ("validate", "check"):
            wall, cpu, peak, code, said = measure([command, str(path)], options.runs)
            print(f"orgsim {command:<37} {posts:>7} {teams:>6} {wall:8.2f} {cpu:8.2f} "
                  f"{peak:8.0f}  {code} {said}", flush=True)
        option = folder / f"option-{posts}.yaml"
        option.write_text(generated_option(posts, teams, path.name))
        wall, cpu, peak, code, said = measure(["validate", str(option)], options.runs)
        print(f"{'orgsim validate (option, a tenth changed)':<44} {posts:>7} {teams:>6} "
              f"{wall:8.2f} {cpu:8.2f} {peak:8.0f}  {code} {said}", flush=True)
    if not options.skip_simulate:
        path = folder / "council-20000.yaml"
        if not path.exists():
            path.write_text(generated_council(20000, 4000))
        wall, cpu, peak, code, said = measure(["simulate", str(path), "-n", "2", "--seed", "1", "-w",
                                          "1", "--json"], 1, options.memory_limit)
        print(f"{'orgsim simulate -n 2 -w 1':<44} {20000:>7} {4000:>6} {wall:8.2f} {cpu:8.2f} "
              f"{peak:8.0f}  {code} {said}", flush=True)


if __name__ == "__main__":
    main()
